// The call graph (issue 5): every call site, what internal function it runs, and the reverse map used to resolve
// parameters through callers (issue 3). Task fan-out (.delay, .apply_async, .s, .si, .signature, .map) counts
// as a call of the task function.
#include <algorithm>

#include "resolve/internal/eval_memo.h"
#include "resolve/repo_index.h"

namespace edgescan::resolve {

using facts::Expr;
using facts::ExprKind;

namespace {

bool HasDecorator(const facts::Function& f, std::string_view name) {
  for (const Expr& d : f.decorators) {
    if (d.kind == ExprKind::kName && d.text == name) return true;
  }
  return false;
}

bool IsFanOut(const std::string& m) {
  return m == "delay" || m == "apply_async" || m == "s" || m == "si" || m == "signature" || m == "map" ||
         m == "starmap" || m == "chunks" || m == "apply";
}

}  // namespace

void RepoIndex::BuildCallGraph() {
  for (const facts::ModuleFacts& m : modules_) {
    auto collect = [&](const std::vector<facts::Stmt>& body, const Scope& scope) {
      facts::ForEachExprInStmts(body, [&](const Expr& e) {
        if (e.kind != ExprKind::kCall) return;
        CallSite site;
        site.call = &e;
        site.scope = scope;
        site.caller = scope.qualname();
        call_sites_.push_back(site);
      });
    };
    Scope ms;
    ms.module = &m;
    collect(m.body, ms);
    for (const facts::Class& c : m.classes) {
      collect(c.body, ScopeOfClass(m, &c));
      // decorators and bases run at class definition time in the enclosing scope
    }
    for (const facts::Function& f : m.functions) {
      Scope fs = ScopeOf(m, &f);
      collect(f.body, fs);
      // Decorator calls and defaults run in the defining scope; keep them out of the function's own calls.
    }
  }
  for (size_t i = 0; i < call_sites_.size(); ++i) {
    CallSite& site = call_sites_[i];
    const Expr& callee = site.call->children[0];
    site.callee = QualifiedName(callee, site.scope);
    const facts::Function* target = nullptr;
    if (!site.callee.empty()) {
      target = FindFunction(site.callee);
      if (target != nullptr) {
        site.bound_self = !target->class_qualname.empty() && HasDecorator(*target, "classmethod");
      } else if (FindClass(site.callee) != nullptr) {
        target = FindMethod(site.callee, "__init__");
        site.bound_self = true;
      }
    }
    if (target == nullptr && callee.kind == ExprKind::kAttribute && !callee.children.empty()) {
      const Expr& obj = callee.children[0];
      const std::string& method = callee.text;
      if (IsFanOut(method)) {
        std::string task = QualifiedName(obj, site.scope);
        if (const facts::Function* f = FindFunction(task)) {
          target = f;
          site.fan_out = true;
        }
      }
      if (target == nullptr && site.scope.klass != nullptr) {
        bool self = obj.kind == ExprKind::kName && (obj.text == "self" || obj.text == "cls");
        bool super = obj.kind == ExprKind::kCall && !obj.children.empty() && obj.children[0].kind == ExprKind::kName &&
                     obj.children[0].text == "super";
        if (self) {
          target = FindMethod(site.scope.klass->qualname, method);
        } else if (super) {
          for (const std::string& b : BaseNames(*site.scope.klass)) {
            if ((target = FindMethod(b, method)) != nullptr) break;
          }
        }
        if (target != nullptr) site.bound_self = !HasDecorator(*target, "staticmethod");
      }
      if (target == nullptr && !site.fan_out) {
        std::optional<ObjectType> t = TypeOf(obj, site.scope);
        if (t && t->internal) {
          target = FindMethod(t->type, method);
          if (target != nullptr) site.bound_self = !HasDecorator(*target, "staticmethod");
        }
      }
    }
    if (target == nullptr) continue;
    site.target = target->qualname;
    const std::string& m = callee.kind == ExprKind::kAttribute ? callee.text : "";
    bool maps_args = !(site.fan_out && (m == "apply_async" || m == "map" || m == "starmap" || m == "chunks" ||
                                        m == "apply" || m == "signature"));
    if (maps_args) callers_[site.target].push_back(i);
    if (!site.caller.empty()) callees_[site.caller].push_back(site.target);
  }
  for (auto& [caller, list] : callees_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  // Types computed while the graph was incomplete may have missed callers: start answers afresh.
  memo_ = std::make_unique<EvalMemo>();
}

std::vector<const CallSite*> RepoIndex::CallersOf(std::string_view q) const {
  std::vector<const CallSite*> out;
  auto it = callers_.find(q);
  if (it == callers_.end()) return out;
  for (size_t i : it->second) out.push_back(&call_sites_[i]);
  return out;
}

const std::vector<std::string>& RepoIndex::CalleesOf(std::string_view q) const {
  static const std::vector<std::string> kNone;
  auto it = callees_.find(q);
  return it == callees_.end() ? kNone : it->second;
}

}  // namespace edgescan::resolve
