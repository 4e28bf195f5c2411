// The call graph (issue 5): every call site, what internal function it runs, and the reverse map used to resolve
// parameters through callers (issue 3). Task fan-out (.delay, .apply_async, .s, .si, .signature, .map) counts
// as a call of the task function, and so do signature(task) / signature("name") / app.send_task("name"), the
// name looked up in the Celery task registry (celery_tasks.cc). chain/group/chord/self.replace take signatures
// built by those calls, so their tasks are reached through them.
#include <algorithm>

#include "resolve/internal/eval_memo.h"
#include "resolve/internal/locals.h"
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

bool IsSignatureFunction(std::string_view q) {
  return q == "celery.signature" || q == "celery.canvas.signature" || q == "celery.Signature" ||
         q == "celery.canvas.Signature" || q == "celery.subtask" || q == "celery.canvas.subtask";
}

// The task function a by-name call runs: signature(task_or_name, ...), app.send_task("name"),
// app.signature("name"); nullptr when the call is none of those or the task is not in the repo.
const facts::Function* TaskSentByName(const RepoIndex& ix, const CallSite& site) {
  const Expr& callee = site.call->children[0];
  bool by_function = IsSignatureFunction(site.callee);
  bool by_app = callee.kind == ExprKind::kAttribute && !callee.children.empty() &&
                (callee.text == "send_task" || callee.text == "signature") &&
                ix.IsCeleryApp(callee.children[0], site.scope);
  if (!by_function && !by_app) return nullptr;
  const Expr* arg = site.call->arg(0, callee.text == "send_task" ? "name" : "varies");
  if (arg == nullptr) return nullptr;
  if (arg->kind == ExprKind::kName || arg->kind == ExprKind::kAttribute) {
    std::string q = ix.QualifiedName(*arg, site.scope);
    if (ix.CeleryTaskOf(q) != nullptr) return ix.FindFunction(q);
  }
  Value v = ix.Evaluate(*arg, site.scope);
  if (v.kind != Value::Kind::kString || !v.known) return nullptr;
  const CeleryTask* t = ix.CeleryTaskNamed(v.text);
  return t == nullptr ? nullptr : ix.FindFunction(t->function);
}

// Higher-order helpers whose function arguments end up called: all of them (compose) or the first (partial).
enum class Composer { kNone, kAll, kFirst };

Composer ComposerOf(std::string_view q) {
  static const char* const kAll[] = {"toolz.compose", "toolz.functoolz.compose", "toolz.compose_left",
                                     "toolz.functoolz.compose_left", "toolz.curried.compose", "cytoolz.compose",
                                     "funcy.compose", "funcy.rcompose"};
  static const char* const kFirst[] = {"functools.partial", "toolz.curry", "toolz.functoolz.curry", "cytoolz.curry",
                                       "funcy.partial", "funcy.curry", "toolz.curried.map", "toolz.curried.filter"};
  for (const char* k : kAll) {
    if (q == k) return Composer::kAll;
  }
  for (const char* k : kFirst) {
    if (q == k) return Composer::kFirst;
  }
  return Composer::kNone;
}

// The internal functions an expression denotes as a callable: a function name, a composition of functions, a name
// bound (module-level or locally) to one, or a partial application of a curried one. Bounded in depth and size.
void FunctionsOf(const RepoIndex& ix, const Expr& e, const Scope& s, int depth, std::vector<std::string>* out) {
  if (depth > 6 || out->size() >= 16) return;
  if (e.kind == ExprKind::kCall) {
    const Expr& callee = e.children[0];
    Composer c = ComposerOf(ix.QualifiedName(callee, s));
    if (c != Composer::kNone) {
      std::vector<const Expr*> args = e.positional();
      for (size_t i = 0; i < args.size() && (c == Composer::kAll || i == 0); ++i) {
        FunctionsOf(ix, *args[i], s, depth + 1, out);
      }
      return;
    }
    // Calling a curried / partial function with some arguments gives the same function back.
    std::vector<std::string> inner;
    FunctionsOf(ix, callee, s, depth + 1, &inner);
    if (callee.kind != ExprKind::kCall && !inner.empty() && ix.FindFunction(ix.QualifiedName(callee, s)) == nullptr) {
      out->insert(out->end(), inner.begin(), inner.end());
    }
    return;
  }
  if (e.kind != ExprKind::kName && e.kind != ExprKind::kAttribute) return;
  if (e.kind == ExprKind::kName && s.function != nullptr) {
    LocalBinding local = FindLocal(*s.function, e.text, e.line);
    if (local.value != nullptr) {
      if (local.value->kind == ExprKind::kCall) FunctionsOf(ix, *local.value, s, depth + 1, out);
      return;
    }
  }
  std::string q = ix.QualifiedName(e, s);
  if (q.empty()) return;
  if (ix.FindFunction(q) != nullptr) {
    out->push_back(q);
    return;
  }
  size_t dot = q.rfind('.');
  if (dot == std::string::npos) return;
  const facts::ModuleFacts* owner = ix.Module(q.substr(0, dot));
  if (owner == nullptr) return;
  const facts::ModuleFacts* where = nullptr;
  const Expr* bound = ix.ModuleBinding(*owner, q.substr(dot + 1), &where);
  if (bound != nullptr && where != nullptr && bound->kind == ExprKind::kCall) {
    FunctionsOf(ix, *bound, ix.ScopeOf(*where, nullptr), depth + 1, out);
  }
}

// The functions a call runs through composition (CallSite::composed).
std::vector<std::string> Composed(const RepoIndex& ix, const CallSite& site) {
  std::vector<std::string> out;
  const Expr& callee = site.call->children[0];
  std::vector<const Expr*> args = site.call->positional();
  if (site.callee == "toolz.pipe" || site.callee == "toolz.functoolz.pipe" || site.callee == "cytoolz.pipe") {
    for (size_t i = 1; i < args.size(); ++i) FunctionsOf(ix, *args[i], site.scope, 0, &out);
  } else if (site.callee == "map" || site.callee == "filter") {
    if (!args.empty()) FunctionsOf(ix, *args[0], site.scope, 0, &out);
  } else {
    FunctionsOf(ix, callee, site.scope, 0, &out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
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
    bool by_name = false;
    if (target == nullptr) {
      target = TaskSentByName(*this, site);
      by_name = site.fan_out = target != nullptr;
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
    if (target == nullptr) {
      site.composed = Composed(*this, site);
      if (!site.caller.empty()) {
        for (const std::string& f : site.composed) callees_[site.caller].push_back(f);
      }
      continue;
    }
    site.target = target->qualname;
    // A bind=True task receives itself first, however it is called (task(x), task.delay(x), task.s(x)).
    if (const CeleryTask* t = CeleryTaskOf(site.target); t != nullptr && t->bind) site.bound_self = true;
    const std::string& m = callee.kind == ExprKind::kAttribute ? callee.text : "";
    bool maps_args = !by_name && !(site.fan_out && (m == "apply_async" || m == "map" || m == "starmap" ||
                                                    m == "chunks" || m == "apply" || m == "signature"));
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
