// The call graph (issue 5): every call site, what internal function it runs, and the reverse map used to resolve
// parameters through callers (issue 3). Task fan-out (.delay, .apply_async, .s, .si, .signature, .map) counts
// as a call of the task function, and so do signature(task) / signature("name") / app.send_task("name"), the
// name looked up in the Celery task registry (celery_tasks.cc). chain/group/chord/self.replace take signatures
// built by those calls, so their tasks are reached through them.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/string_hash.h"
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

// `@abstractmethod` / `@abc.abstractmethod`: a declaration subclasses implement.
bool IsAbstract(const facts::Function& f) {
  for (const Expr& d : f.decorators) {
    std::string name = d.dotted();
    if (name == "abstractmethod" || name == "abc.abstractmethod") return true;
  }
  return false;
}

bool IsFanOut(std::string_view m) {
  static constexpr std::string_view kFanOut[] = {"delay", "apply_async", "s",      "si",   "signature",
                                                 "map",   "starmap",     "chunks", "apply"};
  if (m.empty() || m.size() > 11) return false;
  for (std::string_view f : kFanOut) {
    if (m == f) return true;
  }
  return false;
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

// The dict literal a name is bound to (`HANDLERS = {"user": sync_user, ...}`: a local, or module-level here or
// imported), else nullptr; `*where` becomes the scope its entries are evaluated in.
const Expr* DictLiteralOf(const RepoIndex& ix, const Expr& e, const Scope& s, Scope* where) {
  *where = s;
  if (e.kind != ExprKind::kName && e.kind != ExprKind::kAttribute) return nullptr;
  if (e.kind == ExprKind::kName && s.function != nullptr) {
    LocalBinding local = FindLocal(ix.LocalsOf(*s.function), e.text, e.line);
    if (local.value != nullptr || local.shadowed) {
      return local.value != nullptr && local.value->kind == ExprKind::kDict ? local.value : nullptr;
    }
  }
  const std::string& q = ix.QualifiedName(e, s);
  size_t dot = q.rfind('.');
  if (dot == std::string::npos) return nullptr;
  const facts::ModuleFacts* owner = ix.Module(q.substr(0, dot));
  if (owner == nullptr) return nullptr;
  const facts::ModuleFacts* in = nullptr;
  const Expr* bound = ix.ModuleBinding(*owner, q.substr(dot + 1), &in);
  if (bound == nullptr || bound->kind != ExprKind::kDict || in == nullptr) return nullptr;
  *where = ix.ScopeOf(*in, nullptr);
  return bound;
}

// The values of a dispatch table a subscript may pick: the literal key's entry, else (a key known only at run time,
// or one the table lacks) every entry.
std::vector<const Expr*> TableEntries(const Expr& table, const Expr& key) {
  std::vector<const Expr*> keyed;
  std::vector<const Expr*> all;
  for (const Expr& pair : table.children) {
    if (pair.kind != ExprKind::kPair || pair.children.size() != 2) continue;
    all.push_back(&pair.children[1]);
    if (key.kind == ExprKind::kString && pair.children[0].kind == ExprKind::kString && pair.children[0].text == key.text) {
      keyed.push_back(&pair.children[1]);
    }
  }
  return keyed.empty() ? all : keyed;
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
  if (e.kind == ExprKind::kConditional && e.children.size() == 3) {  // `a if create else b`: either may run
    FunctionsOf(ix, e.children[0], s, depth + 1, out);
    FunctionsOf(ix, e.children[2], s, depth + 1, out);
    return;
  }
  if (e.kind == ExprKind::kSubscript && e.children.size() == 2) {  // a dispatch table: `HANDLERS[kind](obj)`
    Scope ts;
    const Expr* table = DictLiteralOf(ix, e.children[0], s, &ts);
    if (table != nullptr) {
      for (const Expr* entry : TableEntries(*table, e.children[1])) FunctionsOf(ix, *entry, ts, depth + 1, out);
    }
    // ... and what registry decorators put in it.
    if (e.children[0].kind == ExprKind::kName || e.children[0].kind == ExprKind::kAttribute) {
      for (const std::string& f : ix.Registered(ix.QualifiedName(e.children[0], s))) {
        if (out->size() >= 16) break;
        if (std::find(out->begin(), out->end(), f) == out->end()) out->push_back(f);
      }
    }
    return;
  }
  if (e.kind != ExprKind::kName && e.kind != ExprKind::kAttribute) return;
  // A bound method: `self.create_bot`, `self.bot.answer` (an object of an internal class).
  if (e.kind == ExprKind::kAttribute && e.children.size() == 1) {
    const Expr& obj = e.children[0];
    const facts::Function* m = nullptr;
    if (obj.kind == ExprKind::kName && (obj.text == "self" || obj.text == "cls")) {
      if (s.klass != nullptr) m = ix.FindMethod(s.klass->qualname, e.text);
    } else if ((obj.kind == ExprKind::kName || obj.kind == ExprKind::kAttribute) && ix.DefinesMethodNamed(e.text)) {
      std::optional<ObjectType> t = ix.TypeOf(obj, s);
      if (t && t->internal) m = ix.FindMethod(t->type, e.text);
    }
    if (m != nullptr) {
      out->push_back(m->qualname);
      return;
    }
  }
  std::string q = ix.QualifiedName(e, s);
  if (q.empty()) {
    // A local holding a value (QualifiedName is "" for those): `pipeline = compose(...)` in the function,
    // `chunk_func = create_chunk if create else update_chunk`.
    if (e.kind == ExprKind::kName && s.function != nullptr) {
      LocalBinding local = FindLocal(ix.LocalsOf(*s.function), e.text, e.line);
      if (local.value != nullptr &&
          (local.value->kind == ExprKind::kCall || local.value->kind == ExprKind::kConditional)) {
        FunctionsOf(ix, *local.value, s, depth + 1, out);
      }
    }
    return;
  }
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
    return;
  }
  // `extract, transform = factory(config)`: part `index` of what the repo's factory returns (a tuple, or a record
  // built from positional parts: `return ExtractTransform(compose(list, extract), transform)`).
  int index = -1;
  const Expr* whole = ix.ModuleUnpacking(*owner, q.substr(dot + 1), &where, &index);
  if (whole == nullptr || where == nullptr || whole->kind != ExprKind::kCall || index < 0) return;
  const facts::ModuleFacts* fm = nullptr;
  const facts::Function* factory = ix.FindFunction(ix.QualifiedName(*whole->callee(), ix.ScopeOf(*where, nullptr)), &fm);
  if (factory == nullptr || fm == nullptr) return;
  Scope fs = ix.ScopeOf(*fm, factory);
  facts::ForEachStmt(factory->body, [&](const facts::Stmt& st) {
    if (st.kind != facts::StmtKind::kReturn || st.exprs.empty()) return;
    const Expr& r = st.exprs[0];
    const Expr* part = nullptr;
    if (r.kind == ExprKind::kTuple || r.kind == ExprKind::kList) {
      if (static_cast<size_t>(index) < r.children.size()) part = &r.children[static_cast<size_t>(index)];
    } else if (r.kind == ExprKind::kCall) {
      std::vector<const Expr*> args = r.positional();
      if (static_cast<size_t>(index) < args.size()) part = args[static_cast<size_t>(index)];
    }
    if (part != nullptr) FunctionsOf(ix, *part, fs, depth + 1, out);
  });
}

// Whether any module imports a library Composer knows: only then can a call's callee be a composition.
bool ImportsComposers(const std::vector<facts::ModuleFacts>& modules) {
  for (const facts::ModuleFacts& m : modules) {
    for (const facts::Import& i : m.imports) {
      const std::string& t = i.target;
      for (const char* lib : {"toolz", "cytoolz", "funcy", "functools"}) {
        size_t n = std::char_traits<char>::length(lib);
        if (t.compare(0, n, lib) == 0 && (t.size() == n || t[n] == '.')) return true;
      }
    }
  }
  return false;
}

// The function argument a library call runs (later, but for the same trigger): `partial(fn, x)`,
// `Thread(target=fn)`, `sync_to_async(fn)`, `executor.submit(fn, x)`, `loop.run_in_executor(None, fn)`, a LangGraph
// node `graph.add_node("agent", fn)`, `RunnableLambda(fn)`. Null when the call is none of these.
const Expr* RunnerArgument(const CallSite& site, const Expr& callee, const std::vector<const Expr*>& args) {
  static const std::set<std::string, std::less<>> kFirstArgument = {
      "functools.partial", "asyncio.to_thread", "asgiref.sync.sync_to_async", "asgiref.sync.async_to_sync",
      "channels.db.database_sync_to_async", "langchain_core.runnables.RunnableLambda",
      "langchain_core.runnables.base.RunnableLambda", "django.db.transaction.on_commit"};
  static const std::set<std::string, std::less<>> kTarget = {"threading.Thread", "multiprocessing.Process",
                                                             "threading.Timer"};
  if (kFirstArgument.count(site.callee) != 0) return args.empty() ? nullptr : args[0];
  if (kTarget.count(site.callee) != 0) {
    if (site.callee == "threading.Timer") return site.call->arg(1, "function");
    return site.call->arg(-1, "target");
  }
  // A method of an object no rule or class names (an executor, an event loop, a graph builder).
  if (callee.kind != ExprKind::kAttribute) return nullptr;
  if (callee.text == "submit" || callee.text == "run_in_executor") {
    size_t i = callee.text == "submit" ? 0 : 1;
    return i < args.size() ? args[i] : nullptr;
  }
  if (callee.text == "add_node") return args.size() >= 2 ? args[1] : args.size() == 1 ? args[0] : nullptr;
  return nullptr;
}

// The functions a call runs through composition (CallSite::also_runs); `run` is the call's RunnerArgument.
std::vector<std::string> Composed(const RepoIndex& ix, const CallSite& site, const Expr* run, bool composers) {
  std::vector<std::string> out;
  const Expr& callee = site.call->children[0];
  std::vector<const Expr*> args = site.call->positional();
  if (site.callee == "toolz.pipe" || site.callee == "toolz.functoolz.pipe" || site.callee == "cytoolz.pipe") {
    for (size_t i = 1; i < args.size(); ++i) FunctionsOf(ix, *args[i], site.scope, 0, &out);
  } else if (site.callee == "map" || site.callee == "filter") {
    if (!args.empty()) FunctionsOf(ix, *args[0], site.scope, 0, &out);
  } else if (run != nullptr) {
    FunctionsOf(ix, *run, site.scope, 0, &out);
  } else if (callee.kind == ExprKind::kSubscript) {
    FunctionsOf(ix, callee, site.scope, 0, &out);
  } else if (composers) {
    FunctionsOf(ix, callee, site.scope, 0, &out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Attribute reads in an expression, not calls of them: `c.customer.data` reads `customer` and `data`; in
// `c.refresh()` nothing is read but `c`. `fn(attribute)` for each read whose name passes `wanted`.
template <typename Wanted, typename Fn>
void AttributeReads(const Expr& e, bool callee, const Wanted& wanted, const Fn& fn) {
  if (e.kind == ExprKind::kCall) {
    for (size_t i = 0; i < e.children.size(); ++i) AttributeReads(e.children[i], i == 0, wanted, fn);
    return;
  }
  if (e.kind == ExprKind::kAttribute && !callee && wanted(e.text)) fn(e);
  for (const Expr& c : e.children) AttributeReads(c, false, wanted, fn);
}

// The reads in an assignment target: `self.a.b = v` reads `self.a`, stores `b`.
template <typename Wanted, typename Fn>
void TargetReads(const Expr& t, const Wanted& wanted, const Fn& fn) {
  if (t.kind == ExprKind::kTuple || t.kind == ExprKind::kList || t.kind == ExprKind::kStarred) {
    for (const Expr& c : t.children) TargetReads(c, wanted, fn);
  } else if (t.kind == ExprKind::kAttribute || t.kind == ExprKind::kSubscript) {
    for (const Expr& c : t.children) AttributeReads(c, false, wanted, fn);
  }
}

}  // namespace

bool IsPropertyGetter(const facts::Function& f) {
  for (const Expr& d : f.decorators) {
    std::string name = d.kind == ExprKind::kCall && d.callee() != nullptr ? d.callee()->dotted() : d.dotted();
    if (name.size() >= 8 && name.compare(name.size() - 8, 8, "property") == 0) return true;
  }
  return false;
}

void RepoIndex::BuildCallGraph() {
  for (const facts::ModuleFacts& m : modules_) {
    auto collect = [&](const std::vector<facts::Stmt>& body, const Scope& scope) {
      facts::ForEachExprInStmts(body, [&](const Expr& e) {
        if (e.kind != ExprKind::kCall) return;
        CallSite site;
        site.call = &e;
        site.scope = scope;
        call_sites_.push_back(std::move(site));
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
  const bool composers = ImportsComposers(modules_);
  // `self.m()` in class C runs C.m or an override of m in the subclass the object really is (class hierarchy
  // analysis): every override is an edge of the graph.
  // Built on the first `self.m()` that another class may override: resolving every class's bases is costly.
  std::unordered_map<std::string, std::vector<std::string>, StringHash, std::equal_to<>> subclasses;
  bool have_subclasses = false;
  auto overrides = [&](const std::string& klass, const std::string& method) {
    if (!have_subclasses) {
      have_subclasses = true;
      for (const facts::ModuleFacts& m : modules_) {
        for (const facts::Class& c : m.classes) {
          for (const std::string& b : BaseNames(c)) subclasses[b].push_back(c.qualname);
        }
      }
    }
    std::vector<std::string> out;
    std::vector<std::string> todo{klass};
    std::set<std::string> seen;
    while (!todo.empty() && seen.size() < 256) {
      std::string c = todo.back();
      todo.pop_back();
      if (!seen.insert(c).second) continue;
      auto it = subclasses.find(c);
      if (it == subclasses.end()) continue;
      for (const std::string& sub : it->second) {
        std::string q = sub + "." + method;
        if (FindFunction(q) != nullptr) out.push_back(q);
        todo.push_back(sub);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  // Methods by name, for `x.method()` where nothing says what x is (it came out of a container, a parameter no
  // caller passes a known object to): a name that only one internal class defines, and that no common library
  // defines too (it has an underscore and is not dunder), is that class's method. Graph edges only.
  // Looked up by name only (never walked): hashed, as every method call asks.
  std::unordered_map<std::string, std::vector<std::string>, StringHash, std::equal_to<>> methods_by_name;
  for (const facts::ModuleFacts& m : modules_) {
    for (const facts::Function& f : m.functions) {
      if (!f.class_qualname.empty()) methods_by_name[f.name].push_back(f.qualname);
    }
  }
  // An abstract declaration (`@abstractmethod def create_proxy_user(...)` in a base) is not a second definition:
  // the one concrete method is what runs.
  auto unique_method = [&](const std::string& name) -> std::string {
    if (name.find('_') == std::string::npos || name.rfind("__", 0) == 0) return "";
    auto it = methods_by_name.find(name);
    if (it == methods_by_name.end()) return "";
    std::string only;
    for (const std::string& q : it->second) {
      const facts::Function* f = FindFunction(q);
      if (f != nullptr && IsAbstract(*f)) continue;
      if (!only.empty()) return "";
      only = q;
    }
    return only;
  };
  // Several concrete definitions of an (underscored) name, all in one class hierarchy: a base's and its subclasses'
  // overrides (`service.sync_repos()` on an element of a registry of service classes): any of them may run.
  auto hierarchy_methods = [&](const std::string& name) -> std::vector<std::string> {
    if (name.find('_') == std::string::npos || name.rfind("__", 0) == 0) return {};
    auto it = methods_by_name.find(name);
    if (it == methods_by_name.end() || it->second.size() < 2 || it->second.size() > 16) return {};
    std::vector<std::string> defs;
    for (const std::string& q : it->second) {
      const facts::Function* f = FindFunction(q);
      if (f != nullptr && !IsAbstract(*f)) defs.push_back(q);
    }
    std::sort(defs.begin(), defs.end());
    defs.erase(std::unique(defs.begin(), defs.end()), defs.end());
    if (defs.size() < 2) return {};
    for (const std::string& d : defs) {
      const facts::Function* f = FindFunction(d);
      if (f == nullptr || f->class_qualname.empty()) continue;
      std::vector<std::string> covered = overrides(f->class_qualname, name);
      covered.push_back(d);
      if (std::all_of(defs.begin(), defs.end(), [&](const std::string& x) {
            return std::find(covered.begin(), covered.end(), x) != covered.end();
          })) {
        return defs;
      }
    }
    return {};
  };
  // A copy of `site` whose target is `o`, in CallersOf(o): an override or the one concrete method of a name receives
  // the call's arguments.
  auto add_virtual_caller = [&](const CallSite& site, const std::string& o) {
    const facts::Function* f = FindFunction(o);
    if (f == nullptr) return;
    CallSite copy;
    copy.call = site.call;
    copy.scope = site.scope;
    copy.callee = site.callee;
    copy.target_function = f;
    copy.bound_self = !f->class_qualname.empty() && !HasDecorator(*f, "staticmethod");
    virtual_sites_.push_back(std::move(copy));
    callers_[o].push_back(kVirtualSite | (virtual_sites_.size() - 1));
  };
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
    std::vector<std::string> virtual_targets;
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
        } else if (task.empty() && obj.kind == ExprKind::kName) {
          // A local naming one of several tasks: `chunk_func = create if new else update; chunk_func.s(...)`.
          std::vector<std::string> tasks;
          FunctionsOf(*this, obj, site.scope, 0, &tasks);
          if (!tasks.empty()) {
            target = FindFunction(tasks[0]);
            site.fan_out = true;
            virtual_targets.assign(tasks.begin() + 1, tasks.end());
          }
        }
      }
      if (target == nullptr && site.scope.klass != nullptr) {
        bool self = obj.kind == ExprKind::kName && (obj.text == "self" || obj.text == "cls");
        bool super = obj.kind == ExprKind::kCall && !obj.children.empty() && obj.children[0].kind == ExprKind::kName &&
                     obj.children[0].text == "super";
        if (self) {
          target = FindMethod(site.scope.klass->qualname, method);
          // An override is a definition of the name other than this class's own.
          auto defs = methods_by_name.find(method);
          auto own = [&](const std::string& q) {  // q == klass + "." + method, without building it
            const std::string& k = site.scope.klass->qualname;
            return q.size() == k.size() + 1 + method.size() && q.compare(0, k.size(), k) == 0 && q[k.size()] == '.' &&
                   q.compare(k.size() + 1, std::string::npos, method) == 0;
          };
          if (defs != methods_by_name.end() && (defs->second.size() > 1 || !own(defs->second[0]))) {
            virtual_targets = overrides(site.scope.klass->qualname, method);
          }
        } else if (super) {
          for (const std::string& b : BaseNames(*site.scope.klass)) {
            if ((target = FindMethod(b, method)) != nullptr) break;
          }
        }
        if (target != nullptr) site.bound_self = !HasDecorator(*target, "staticmethod");
      }
      // A table of handlers: `SYNCERS[kind].run(x)` runs `run` of whichever entries the key may pick.
      Scope table_scope;
      const Expr* table = target == nullptr && !site.fan_out && obj.kind == ExprKind::kSubscript &&
                                  obj.children.size() == 2 && methods_by_name.count(method) != 0
                              ? DictLiteralOf(*this, obj.children[0], site.scope, &table_scope)
                              : nullptr;
      if (table != nullptr) {
        for (const Expr* entry : TableEntries(*table, obj.children[1])) {
          std::optional<ObjectType> t = TypeOf(*entry, table_scope);
          if (!t || !t->internal) continue;
          const facts::Function* f = FindMethod(t->type, method);
          if (f == nullptr) continue;
          if (target == nullptr) {
            target = f;
            site.bound_self = !HasDecorator(*f, "staticmethod");
          } else if (f != target) {
            virtual_targets.push_back(f->qualname);
          }
        }
      }
      // Typing the object can only find a target when some internal class defines the method (FindMethod and
      // unique_method both look the name up among internal methods), so calls of other names skip the costly
      // TypeOf: most calls in a repo are on library objects (`qs.filter()`, `logger.info()`).
      if (target == nullptr && !site.fan_out && methods_by_name.count(method) != 0) {
        std::optional<ObjectType> t = TypeOf(obj, site.scope);
        if (t && t->internal) {
          target = FindMethod(t->type, method);
          if (target != nullptr) site.bound_self = !HasDecorator(*target, "staticmethod");
          // Known from a type hint: the object may be any subclass, so every override may run.
          if (t->declared) virtual_targets = overrides(t->type, method);
        } else if (t && !t->subclass.empty()) {
          // A client made by the repo's subclass of its class: the subclass's own methods run (`UserClient().fetch`).
          target = FindMethod(t->subclass, method);
          if (target != nullptr) site.bound_self = !HasDecorator(*target, "staticmethod");
        } else if (!t && site.callee.empty()) {
          std::string only = unique_method(method);
          if (!only.empty()) {
            virtual_targets.push_back(only);
          } else {
            for (std::string& h : hierarchy_methods(method)) virtual_targets.push_back(std::move(h));
          }
        }
      }
    }
    // Overrides, table entries and the one concrete method of a name receive this call's arguments (a runner's
    // overrides below do not: `sync_to_async(self.m)(x)` is mapped through the runner).
    if (!by_name && !site.fan_out) {
      for (const std::string& o : virtual_targets) {
        if (target == nullptr || o != target->qualname) add_virtual_caller(site, o);
      }
    }
    if (target == nullptr) {
      const Expr* run = RunnerArgument(site, callee, site.call->positional());
      site.also_runs = Composed(*this, site, run, composers);
      // `sync_to_async(self.create_bot)(...)`: the method a subclass overrides may be the one that runs.
      if (run != nullptr && run->kind == ExprKind::kAttribute && run->children.size() == 1 &&
          run->children[0].kind == ExprKind::kName &&
          (run->children[0].text == "self" || run->children[0].text == "cls") && site.scope.klass != nullptr) {
        for (std::string& o : overrides(site.scope.klass->qualname, run->text)) virtual_targets.push_back(std::move(o));
      }
      site.also_runs.insert(site.also_runs.end(), virtual_targets.begin(), virtual_targets.end());
      if (!site.caller().empty()) {
        for (const std::string& f : site.also_runs) callees_[site.caller()].push_back(f);
      }
      continue;
    }
    site.target_function = target;
    // A bind=True task receives itself first, however it is called (task(x), task.delay(x), task.s(x)).
    if (const CeleryTask* t = CeleryTaskOf(site.target()); t != nullptr && t->bind) site.bound_self = true;
    const std::string& m = callee.kind == ExprKind::kAttribute ? callee.text : "";
    // `apply_async(args=[...], kwargs={...})` / `apply(...)` pass the task's arguments in those literals
    // (ArgumentFor reads them); anything else there (a list built elsewhere) leaves them unknown.
    auto literal_args = [&]() {
      const Expr* args = site.call->arg(0, "args");
      const Expr* kwargs = site.call->keyword("kwargs");
      return !site.call->has_starred_args() &&
             (args == nullptr || args->kind == ExprKind::kList || args->kind == ExprKind::kTuple) &&
             (kwargs == nullptr || kwargs->kind == ExprKind::kDict);
    };
    bool maps_args = !by_name && !(site.fan_out && (m == "map" || m == "starmap" || m == "chunks" || m == "signature" ||
                                                    ((m == "apply_async" || m == "apply") && !literal_args())));
    if (maps_args) callers_[site.target()].push_back(i);
    if (!site.caller().empty()) callees_[site.caller()].push_back(site.target());
    for (const std::string& o : virtual_targets) {
      if (o == site.target()) continue;
      site.also_runs.push_back(o);
      if (!site.caller().empty()) callees_[site.caller()].push_back(o);
    }
  }
  // Typing `x.m()` may need callers the walk had not reached yet (`def complete(order): order.application.complete()`
  // with `order` passed by a function further down the file): once every call site is known, the method calls still
  // without a target are typed again, from fresh answers.
  memo_ = std::make_unique<EvalMemo>();
  for (size_t i = 0; i < call_sites_.size(); ++i) {
    CallSite& site = call_sites_[i];
    if (site.target_function != nullptr || site.fan_out || !site.callee.empty()) continue;
    const Expr& callee = site.call->children[0];
    if (callee.kind != ExprKind::kAttribute || callee.children.empty() || methods_by_name.count(callee.text) == 0) {
      continue;
    }
    const Expr& obj = callee.children[0];
    if (obj.kind == ExprKind::kName && (obj.text == "self" || obj.text == "cls")) continue;
    std::optional<ObjectType> t = TypeOf(obj, site.scope);
    if (!t || !t->internal) continue;
    const facts::Function* target = FindMethod(t->type, callee.text);
    std::vector<std::string> virtual_targets;
    if (t->declared) virtual_targets = overrides(t->type, callee.text);
    if (target != nullptr) {
      site.target_function = target;
      site.bound_self = !HasDecorator(*target, "staticmethod");
      callers_[site.target()].push_back(i);
      if (!site.caller().empty()) callees_[site.caller()].push_back(site.target());
    }
    for (const std::string& o : virtual_targets) {
      if (target != nullptr && o == target->qualname) continue;
      if (std::find(site.also_runs.begin(), site.also_runs.end(), o) != site.also_runs.end()) continue;
      site.also_runs.push_back(o);
      if (!site.caller().empty()) callees_[site.caller()].push_back(o);
      add_virtual_caller(site, o);
    }
  }
  // Reading a property runs its getter: `c.customer.data` with `customer` a @cached_property of c's class calls
  // Catalog.customer (which may make a request). Resolved as `c.customer()` would be: on `self` the class's own
  // getter and its overrides, else through the object's type, else the one class defining a getter of that name.
  std::unordered_set<std::string_view> property_names;
  for (const facts::ModuleFacts& m : modules_) {
    for (const facts::Function& f : m.functions) {
      if (!f.class_qualname.empty() && IsPropertyGetter(f)) property_names.insert(f.name);
    }
  }
  auto wanted = [&](const std::string& name) { return property_names.count(name) != 0; };
  auto getter = [&](const std::string& klass, const std::string& name) -> const facts::Function* {
    const facts::Function* f = FindMethod(klass, name);
    return f != nullptr && IsPropertyGetter(*f) ? f : nullptr;
  };
  auto add_read = [&](const Expr& attribute, const Scope& scope) {
    const Expr& obj = attribute.children[0];
    const facts::Function* target = nullptr;
    std::vector<std::string> also;
    bool self = scope.klass != nullptr && obj.kind == ExprKind::kName && (obj.text == "self" || obj.text == "cls");
    if (self) {
      target = getter(scope.klass->qualname, attribute.text);
      for (const std::string& o : overrides(scope.klass->qualname, attribute.text)) {
        const facts::Function* f = FindFunction(o);
        if (f != nullptr && f != target && IsPropertyGetter(*f)) also.push_back(o);
      }
    } else if (std::optional<ObjectType> t = TypeOf(obj, scope)) {
      if (!t->internal) return;
      target = getter(t->type, attribute.text);
      if (t->declared) {
        for (const std::string& o : overrides(t->type, attribute.text)) {
          const facts::Function* f = FindFunction(o);
          if (f != nullptr && f != target && IsPropertyGetter(*f)) also.push_back(o);
        }
      }
    } else if (QualifiedName(obj, scope).empty()) {  // not a module or class named by its import
      std::string only = unique_method(attribute.text);
      const facts::Function* f = only.empty() ? nullptr : FindFunction(only);
      if (f != nullptr && IsPropertyGetter(*f)) target = f;
    }
    if (target == nullptr && also.empty()) return;
    Expr& call = synthetic_calls_.emplace_back();
    call.kind = ExprKind::kCall;
    call.line = attribute.line;
    call.column = attribute.column;
    call.children.push_back(attribute);
    CallSite site;
    site.call = &call;
    site.scope = scope;
    site.target_function = target;
    site.bound_self = target != nullptr;
    site.also_runs = std::move(also);
    if (!site.caller().empty()) {
      if (target != nullptr) callees_[site.caller()].push_back(target->qualname);
      for (const std::string& o : site.also_runs) callees_[site.caller()].push_back(o);
    }
    property_reads_.push_back(std::move(site));
  };
  if (!property_names.empty()) {
    for (const facts::ModuleFacts& m : modules_) {
      auto reads = [&](const std::vector<facts::Stmt>& body, const Scope& scope) {
        auto fn = [&](const Expr& attribute) { add_read(attribute, scope); };
        facts::ForEachStmt(body, [&](const facts::Stmt& st) {
          for (const Expr& t : st.targets) {
            if (st.kind == facts::StmtKind::kAugAssign) {
              AttributeReads(t, false, wanted, fn);
            } else {
              TargetReads(t, wanted, fn);
            }
          }
          for (const Expr& x : st.exprs) AttributeReads(x, false, wanted, fn);
        });
      };
      Scope ms;
      ms.module = &m;
      reads(m.body, ms);
      for (const facts::Class& c : m.classes) reads(c.body, ScopeOfClass(m, &c));
      for (const facts::Function& f : m.functions) reads(f.body, ScopeOf(m, &f));
    }
  }
  AddCallbacks();
  AddSignalReceivers();
  AddPluginHooks();
  AddManagementCommands();
  AddImportedConstructors();
  AddAgentTools();
  for (auto& [caller, list] : callees_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  // Types computed while the graph was incomplete may have missed callers: start answers afresh.
  memo_ = std::make_unique<EvalMemo>();
}

// `functions` run from `site` besides its target (callbacks, plugin hooks, signal receivers): each once, in name
// order, and a graph edge from the caller.
void RepoIndex::AlsoRuns(CallSite* site, const std::vector<std::string>& functions) {
  for (const std::string& f : functions) {
    if (std::find(site->also_runs.begin(), site->also_runs.end(), f) != site->also_runs.end()) continue;
    site->also_runs.push_back(f);
    callees_[site->caller()].push_back(f);
  }
  std::sort(site->also_runs.begin(), site->also_runs.end());
}

// `import_string(settings.CONTENT_SYNC_BACKEND)(website)` runs what the dotted path names: a class's __init__ (its
// own or a base's) or a function, for each path the argument may hold (a setting's default, a literal).
void RepoIndex::AddImportedConstructors() {
  for (CallSite& site : call_sites_) {
    if (site.caller().empty() || !site.callee.empty() || !site.also_runs.empty()) continue;
    const Expr& callee = site.call->children[0];
    if (callee.kind != ExprKind::kCall || callee.callee() == nullptr) continue;
    std::string q = QualifiedName(*callee.callee(), site.scope);
    if (q != "django.utils.module_loading.import_string") continue;
    const Expr* arg = callee.arg(0, "dotted_path");
    if (arg == nullptr) continue;
    std::vector<std::string> runs;
    for (const Value& v : EvaluateAll(*arg, site.scope)) {
      if (v.kind != Value::Kind::kString || !v.known) continue;
      if (FindClass(v.text) != nullptr) {
        if (const facts::Function* init = FindMethod(v.text, "__init__")) runs.push_back(init->qualname);
      } else if (const facts::Function* f = FindFunction(v.text)) {
        runs.push_back(f->qualname);
      }
    }
    // A path only a deployment sets (`default=None`) with the factory's return type named
    // (`def get_sync_backend(website) -> BaseSyncBackend`): the constructor of that class or of any of its subclasses.
    const facts::Function* fn = site.scope.function;
    if (runs.empty() && fn != nullptr && !fn->returns.text.empty()) {
      std::string base = QualifiedName(fn->returns, site.scope);
      if (FindClass(base) != nullptr) {
        std::vector<std::string> classes{base};
        for (std::string& sub : InternalSubclasses(*this, memo_.get(), base)) classes.push_back(std::move(sub));
        for (const std::string& c : classes) {
          const facts::Function* init = FindMethod(c, "__init__");
          if (init != nullptr && init->class_qualname == c) runs.push_back(init->qualname);
        }
      }
    }
    if (!runs.empty()) AlsoRuns(&site, runs);
  }
}

// An agent built by a rule's factory with `runs_tools` (LangGraph create_react_agent(model, tools=...)) calls the
// repo's `@tool` functions as its model asks: each invoke / stream of it may run any of them.
void RepoIndex::AddAgentTools() {
  std::set<std::string, std::less<>> decorators;
  for (const ruleset::ClientRule& c : rules_.clients) {
    for (const ruleset::CallRule& f : c.functions) decorators.insert(f.runs_tools.begin(), f.runs_tools.end());
  }
  if (decorators.empty()) return;
  std::vector<std::string> tools;
  for (const facts::ModuleFacts& m : modules_) {
    for (const facts::Function& f : m.functions) {
      if (f.decorators.empty()) continue;
      Scope s = ScopeOf(m, nullptr);
      for (const Expr& d : f.decorators) {
        const Expr* callee = d.kind == ExprKind::kCall ? d.callee() : &d;
        if (callee != nullptr && decorators.count(QualifiedName(*callee, s)) != 0) {
          tools.push_back(f.qualname);
          break;
        }
      }
    }
  }
  if (tools.empty()) return;
  static const char* const kRuns[] = {"invoke", "ainvoke", "stream", "astream", "astream_events", "batch", "abatch"};
  for (CallSite& site : call_sites_) {
    if (site.caller().empty()) continue;
    const Expr& callee = site.call->children[0];
    if (callee.kind != ExprKind::kAttribute || callee.children.empty()) continue;
    if (std::none_of(std::begin(kRuns), std::end(kRuns), [&](const char* r) { return callee.text == r; })) continue;
    std::optional<ObjectType> t = TypeOf(callee.children[0], site.scope);
    if (t && t->runs_tools) AlsoRuns(&site, tools);
  }
}

// `call_command("sync_badge_templates", ...)` runs the command's `Command.handle` (a module
// `<app>/management/commands/sync_badge_templates.py` of the repo), for the caller's trigger: an admin action or a
// task running a command reaches what the command calls.
void RepoIndex::AddManagementCommands() {
  std::map<std::string, std::vector<std::string>, std::less<>> handles;  // command name -> Command.handle
  static const std::string kInfix = ".management.commands.";
  for (const facts::ModuleFacts& m : modules_) {
    size_t at = m.module.rfind(kInfix);
    if (at == std::string::npos) continue;
    std::string name = m.module.substr(at + kInfix.size());
    if (name.empty() || name.find('.') != std::string::npos) continue;
    if (const facts::Function* h = FindMethod(m.module + ".Command", "handle")) handles[name].push_back(h->qualname);
  }
  if (handles.empty()) return;
  for (CallSite& site : call_sites_) {
    if (site.caller().empty() || (site.callee != "django.core.management.call_command" &&
                                  site.callee != "django.core.management.base.call_command")) {
      continue;
    }
    std::vector<const Expr*> pos = site.call->positional();
    if (pos.empty() || pos[0]->kind != ExprKind::kString) continue;
    auto it = handles.find(pos[0]->text);
    if (it != handles.end()) AlsoRuns(&site, it->second);
  }
}

// Callbacks: a function passed to a callee that calls its parameter runs there. The graph gets an edge from the
// function passing it to the callback, at the passing call (the closest place a reader can see it happen).
void RepoIndex::AddCallbacks() {
  std::map<std::string, std::set<std::string>, std::less<>> called_params;  // function -> parameters it calls
  for (const CallSite& s : call_sites_) {
    if (s.scope.function == nullptr || !s.target().empty()) continue;
    const Expr& callee = s.call->children[0];
    const Expr* name = &callee;
    if (callee.kind == ExprKind::kAttribute && IsFanOut(callee.text) && !callee.children.empty()) {
      name = &callee.children[0];
    }
    if (name->kind != ExprKind::kName) continue;
    for (const facts::Param& p : s.scope.function->params) {
      if (p.name == name->text) called_params[s.caller()].insert(p.name);
    }
  }
  if (called_params.empty()) return;
  // Each argument a call passes for a parameter its target calls: visit(site, argument).
  auto each_called_argument = [&](auto&& visit) {
    for (CallSite& s : call_sites_) {
      if (s.target().empty()) continue;
      auto it = called_params.find(s.target());
      const facts::Function* g = it == called_params.end() ? nullptr : FindFunction(s.target());
      if (g == nullptr) continue;
      for (size_t k = 0; k < g->params.size(); ++k) {
        if (it->second.count(g->params[k].name) == 0) continue;
        if (const Expr* arg = ArgumentFor(*s.call, *g, k, s.bound_self)) visit(s, *arg);
      }
    }
  };
  // A parameter handed on to a callee that calls it is called too (`invoke_download_job(self, task_fn)` passing
  // task_fn to `start_job`, which runs `task_fn.apply_async(...)`), to a fixpoint.
  for (bool grew = true; grew;) {
    grew = false;
    each_called_argument([&](const CallSite& s, const Expr& arg) {
      if (s.scope.function == nullptr || arg.kind != ExprKind::kName) return;
      for (const facts::Param& p : s.scope.function->params) {
        if (p.name == arg.text && called_params[s.caller()].insert(p.name).second) grew = true;
      }
    });
  }
  each_called_argument([&](CallSite& s, const Expr& arg) {
    if (s.caller().empty()) return;
    std::vector<std::string> callbacks;
    FunctionsOf(*this, arg, s.scope, 0, &callbacks);
    AlsoRuns(&s, callbacks);
  });
}

// pluggy: `pm.hook.refund_created(refund_id=x)` runs every `@hookimpl` (a `pluggy.HookimplMarker(...)`) implementation
// named refund_created, or registered for it with `@hookimpl(specname="refund_created")`. The graph gets an edge from
// the caller to each, at the hook call.
void RepoIndex::AddPluginHooks() {
  std::map<std::string, std::vector<std::string>, std::less<>> impls;  // hook name -> implementations
  for (const facts::ModuleFacts& m : modules_) {
    for (const facts::Function& f : m.functions) {
      for (const Expr& d : f.decorators) {
        const Expr* marker = d.kind == ExprKind::kCall ? d.callee() : &d;
        if (marker == nullptr || marker->kind != ExprKind::kName) continue;
        const facts::ModuleFacts* where = nullptr;
        const Expr* bound = ModuleBinding(m, marker->text, &where);
        if (bound == nullptr || where == nullptr || bound->kind != ExprKind::kCall) {
          // imported from another module of ours or a library: the marker's qualified name says
          std::string q = QualifiedName(*marker, ScopeOf(m, nullptr));
          if (q.size() < 9 || q.compare(q.size() - 9, 9, ".hookimpl") != 0) continue;
        } else if (QualifiedName(*bound->callee(), ScopeOf(*where, nullptr)) != "pluggy.HookimplMarker") {
          continue;
        }
        std::string name = f.name;
        if (d.kind == ExprKind::kCall) {
          if (const Expr* spec = d.keyword("specname"); spec != nullptr && spec->kind == ExprKind::kString) {
            name = spec->text;
          }
        }
        impls[name].push_back(f.qualname);
        break;
      }
    }
  }
  if (impls.empty()) return;
  for (CallSite& site : call_sites_) {
    if (!site.target().empty() || site.caller().empty()) continue;
    const Expr& callee = site.call->children[0];
    if (callee.kind != ExprKind::kAttribute || callee.children.empty()) continue;
    const Expr& hook = callee.children[0];
    if (hook.kind != ExprKind::kAttribute || hook.text != "hook") continue;
    auto it = impls.find(callee.text);
    if (it == impls.end()) continue;
    AlsoRuns(&site, it->second);
  }
}

namespace {

enum class ModelEvent { kNone, kSave, kDelete };

ModelEvent EventOfSignal(std::string_view q) {
  for (const char* prefix : {"django.db.models.signals.", "django.db.models."}) {
    std::string_view p(prefix);
    if (q.substr(0, p.size()) != p) continue;
    std::string_view name = q.substr(p.size());
    if (name == "pre_save" || name == "post_save") return ModelEvent::kSave;
    if (name == "pre_delete" || name == "post_delete") return ModelEvent::kDelete;
  }
  return ModelEvent::kNone;
}

// The model class a manager chain starts from: `Model.objects.filter(...).delete()` -> Model's qualified name.
std::string ModelOfManagerChain(const RepoIndex& ix, const Expr* e, const Scope& s) {
  for (int hops = 0; e != nullptr && hops < 16; ++hops) {
    if (e->kind == ExprKind::kCall) {
      e = e->callee();
    } else if (e->kind == ExprKind::kAttribute && !e->children.empty()) {
      if (e->text == "objects" || e->text == "_default_manager") {
        std::string q = ix.QualifiedName(e->children[0], s);
        return ix.FindClass(q) != nullptr ? q : "";
      }
      e = &e->children[0];
    } else {
      return "";
    }
  }
  return "";
}

}  // namespace

// Django model signals: a receiver connected for a model's saves (@receiver(post_save, sender=Model) or
// post_save.connect(fn, sender=Model)) runs where that model is saved: Model.objects.create / get_or_create /
// update_or_create, Model(...).save(), obj.save() on a typed instance, self.save() / super().save() in the model's
// own methods; delete receivers where one is deleted
// (obj.delete(), Model.objects.filter(...).delete()). Only receivers with an internal `sender` class (Django
// dispatches on the exact class); queryset update() and bulk_create() send no signals.
void RepoIndex::AddSignalReceivers() {
  std::map<std::pair<std::string, ModelEvent>, std::set<std::string>> receivers;  // (model, event) -> functions
  auto add = [&](const Expr* signal, const Expr* sender, const Scope& s, const std::string& fn) {
    if (signal == nullptr || sender == nullptr) return;
    std::string model = QualifiedName(*sender, s);
    if (FindClass(model) == nullptr) return;
    std::vector<const Expr*> signals;
    if (signal->kind == ExprKind::kList || signal->kind == ExprKind::kTuple) {
      for (const Expr& c : signal->children) signals.push_back(&c);
    } else {
      signals.push_back(signal);
    }
    for (const Expr* sig : signals) {
      ModelEvent ev = EventOfSignal(QualifiedName(*sig, s));
      if (ev != ModelEvent::kNone) receivers[{model, ev}].insert(fn);
    }
  };
  for (const facts::ModuleFacts& m : modules_) {
    for (const facts::Function& f : m.functions) {
      if (f.decorators.empty()) continue;
      Scope s = ScopeOf(m, f.parent.empty() ? nullptr : FindFunction(f.parent));
      for (const Expr& d : f.decorators) {
        if (d.kind != ExprKind::kCall || d.callee() == nullptr) continue;
        std::string q = QualifiedName(*d.callee(), s);
        if (q != "django.dispatch.receiver" && q != "django.dispatch.dispatcher.receiver") continue;
        add(d.arg(0, "signal"), d.keyword("sender"), s, f.qualname);
      }
    }
  }
  for (const CallSite& site : call_sites_) {
    const Expr& callee = site.call->children[0];
    if (callee.kind != ExprKind::kAttribute || callee.text != "connect" || callee.children.empty()) continue;
    const Expr* fn = site.call->arg(0, "receiver");
    if (fn == nullptr) continue;
    std::string q = QualifiedName(*fn, site.scope);
    if (FindFunction(q) == nullptr) continue;
    add(&callee.children[0], site.call->keyword("sender"), site.scope, q);
  }
  if (receivers.empty()) return;
  for (CallSite& site : call_sites_) {
    if (site.caller().empty()) continue;
    const Expr& callee = site.call->children[0];
    if (callee.kind != ExprKind::kAttribute || callee.children.empty()) continue;
    const std::string& method = callee.text;
    ModelEvent ev = method == "create" || method == "get_or_create" || method == "update_or_create" || method == "save"
                        ? ModelEvent::kSave
                    : method == "delete" ? ModelEvent::kDelete
                                         : ModelEvent::kNone;
    if (ev == ModelEvent::kNone) continue;
    const Expr& obj = callee.children[0];
    std::string model;
    if (method == "save" || method == "delete") {
      if (obj.kind == ExprKind::kCall && obj.callee() != nullptr &&
          FindClass(QualifiedName(*obj.callee(), site.scope)) != nullptr) {
        model = QualifiedName(*obj.callee(), site.scope);  // Model(...).save()
      } else if (method == "delete") {
        model = ModelOfManagerChain(*this, &obj, site.scope);
      }
      // A model's own method saving it (`self.save()`, and `super().save()` in an overriding save) runs the
      // receivers of its class.
      bool self_or_super = (obj.kind == ExprKind::kName && obj.text == "self") ||
                           (obj.kind == ExprKind::kCall && obj.callee() != nullptr &&
                            obj.callee()->kind == ExprKind::kName && obj.callee()->text == "super");
      if (model.empty() && self_or_super && site.scope.klass != nullptr) model = site.scope.klass->qualname;
      if (model.empty() && (obj.kind == ExprKind::kName || obj.kind == ExprKind::kAttribute)) {
        std::optional<ObjectType> t = TypeOf(obj, site.scope);
        if (t && t->internal) model = t->type;
      }
    } else if (obj.kind == ExprKind::kAttribute) {
      model = ModelOfManagerChain(*this, &obj, site.scope);
    }
    if (model.empty()) continue;
    auto it = receivers.find({model, ev});
    if (it == receivers.end()) continue;
    AlsoRuns(&site, {it->second.begin(), it->second.end()});
  }
}

std::vector<const CallSite*> RepoIndex::CallersOf(std::string_view q) const {
  std::vector<const CallSite*> out;
  auto it = callers_.find(q);
  if (it == callers_.end()) return out;
  for (size_t i : it->second) {
    out.push_back((i & kVirtualSite) != 0 ? &virtual_sites_[i & ~kVirtualSite] : &call_sites_[i]);
  }
  return out;
}

const std::vector<std::string>& RepoIndex::CalleesOf(std::string_view q) const {
  static const std::vector<std::string> kNone;
  auto it = callees_.find(q);
  return it == callees_.end() ? kNone : it->second;
}

}  // namespace edgescan::resolve

namespace edgescan::resolve {

const std::vector<std::string>& RepoIndex::Registered(std::string_view table) const {
  using facts::Expr;
  using facts::ExprKind;
  using facts::Stmt;
  using facts::StmtKind;
  static const std::vector<std::string> kNone;
  if (registered_ == nullptr) {
    registered_ = std::make_unique<std::map<std::string, std::vector<std::string>, std::less<>>>();
    // Decorators (the outermost function, the name code applies) -> the module-level tables their code stores into.
    std::map<std::string, std::set<std::string>, std::less<>> stores;
    for (const facts::ModuleFacts& m : modules_) {
      for (const facts::Function& f : m.functions) {
        Scope s = ScopeOf(m, &f);
        std::vector<const Stmt*> flat;
        FlattenBody(f.body, &flat);
        for (const Stmt* st : flat) {
          if (st->kind != StmtKind::kAssign) continue;
          for (const Expr& t : st->targets) {
            if (t.kind != ExprKind::kSubscript || t.children.empty()) continue;
            const Expr& base = t.children[0];
            if (base.kind != ExprKind::kName && base.kind != ExprKind::kAttribute) continue;
            if (base.kind == ExprKind::kName && !FindLocals(LocalsOf(f), base.text, st->line).empty()) continue;
            std::string q = QualifiedName(base, s);
            Scope table_scope;
            if (q.empty() || DictLiteralOf(*this, base, s, &table_scope) == nullptr) continue;
            const facts::Function* outer = &f;
            for (int hops = 0; !outer->parent.empty() && hops < 8; ++hops) {
              const facts::Function* p = FindFunction(outer->parent);
              if (p == nullptr) break;
              outer = p;
            }
            if (outer == &f) continue;  // a plain function storing into a table is no decorator
            stores[outer->qualname].insert(q);
          }
        }
      }
    }
    if (!stores.empty()) {
      for (const facts::ModuleFacts& m : modules_) {
        for (const facts::Function& g : m.functions) {
          if (g.decorators.empty()) continue;
          const facts::Class* klass = g.class_qualname.empty() ? nullptr : FindClass(g.class_qualname);
          Scope ds = klass != nullptr ? ScopeOfClass(m, klass) : ScopeOf(m, g.parent.empty() ? nullptr : FindFunction(g.parent));
          for (const Expr& d : g.decorators) {
            const Expr& named = d.kind == ExprKind::kCall && d.callee() != nullptr ? *d.callee() : d;
            std::string q = QualifiedName(named, ds);
            // A decorator defined in the class body, used there by its bare name.
            if (klass != nullptr && named.kind == ExprKind::kName && stores.count(q) == 0) q = klass->qualname + "." + named.text;
            auto it = stores.find(q);
            if (it == stores.end()) continue;
            for (const std::string& tq : it->second) (*registered_)[tq].push_back(g.qualname);
          }
        }
      }
    }
  }
  auto it = registered_->find(table);
  return it == registered_->end() ? kNone : it->second;
}

}  // namespace edgescan::resolve
