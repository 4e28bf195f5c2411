// The Celery task registry (issue 5): which functions are tasks and under which names Celery knows them, so beat
// entries ("task": "courses.tasks.sync") and send_task("...") calls lead to code, as the call graph needs.
#include <algorithm>

#include "resolve/repo_index.h"

namespace edgescan::resolve {

using facts::Expr;
using facts::ExprKind;

namespace {

bool IsCeleryClassName(std::string_view q) {
  return q == "celery.Celery" || q == "celery.app.Celery" || q == "celery.app.base.Celery";
}

// Decorators that make a task whatever object they hang off (module-level functions of celery).
bool IsTaskDecoratorName(std::string_view q) {
  return q == "celery.shared_task" || q == "celery.app.shared_task" || q == "celery.app.base.shared_task" ||
         q == "celery.task" || q == "celery.task.task" || q == "celery.decorators.task";
}

bool IsPeriodicTaskDecoratorName(std::string_view q) {
  return q == "celery.decorators.periodic_task" || q == "celery.task.periodic_task" ||
         q == "celery.task.base.periodic_task";
}

}  // namespace

bool RepoIndex::IsCeleryApp(const Expr& e, const Scope& scope) const {
  std::string q = QualifiedName(e, scope);
  if (q == "celery.current_app" || q == "celery.app.current_app") return true;
  auto is_app_class = [&](const std::string& cls) {
    if (IsCeleryClassName(cls)) return true;
    std::vector<std::string> todo{cls};
    std::set<std::string> seen;
    while (!todo.empty() && seen.size() < 32) {
      std::string c = todo.back();
      todo.pop_back();
      if (!seen.insert(c).second) continue;
      if (IsCeleryClassName(c)) return true;
      if (const facts::Class* k = FindClass(c)) {
        for (const std::string& b : BaseNames(*k)) todo.push_back(b);
      }
    }
    return false;
  };
  if (std::optional<ObjectType> t = TypeOf(e, scope)) {
    if (is_app_class(t->type)) return true;
  }
  // `from proj import celery_app` re-exported through a package: follow the qualified name to its assignment.
  size_t dot = q.rfind('.');
  if (dot == std::string::npos) return false;
  const facts::ModuleFacts* owner = Module(q.substr(0, dot));
  if (owner == nullptr) return false;
  const facts::ModuleFacts* where = nullptr;
  const Expr* bound = ModuleBinding(*owner, q.substr(dot + 1), &where);
  if (bound == nullptr || bound->kind != ExprKind::kCall || where == nullptr) return false;
  return is_app_class(QualifiedName(*bound->callee(), ScopeOf(*where, nullptr)));
}

void RepoIndex::FindCeleryTasks() {
  for (const facts::ModuleFacts& m : modules_) {
    for (const facts::Function& f : m.functions) {
      if (f.decorators.empty() || !f.class_qualname.empty()) continue;
      Scope s = ScopeOf(m, f.parent.empty() ? nullptr : FindFunction(f.parent));
      for (const Expr& d : f.decorators) {
        const Expr* callee = d.kind == ExprKind::kCall ? d.callee() : &d;
        if (callee == nullptr) continue;
        std::string q = QualifiedName(*callee, s);
        bool periodic = IsPeriodicTaskDecoratorName(q);
        bool task = periodic || IsTaskDecoratorName(q);
        if (!task && callee->kind == ExprKind::kAttribute && callee->text == "task" && !callee->children.empty()) {
          task = IsCeleryApp(callee->children[0], s);
        }
        if (!task) continue;
        CeleryTask t;
        t.function = f.qualname;
        t.name = m.module + "." + f.name;
        t.periodic = periodic;
        t.decorator = &d;
        t.scope = s;
        if (d.kind == ExprKind::kCall) {
          if (const Expr* name = d.keyword("name")) {
            Value v = Evaluate(*name, s);
            if (v.kind == Value::Kind::kString && v.known && !v.text.empty()) t.name = v.text;
          }
          if (const Expr* bind = d.keyword("bind")) {
            Value v = Evaluate(*bind, s);
            t.bind = v.kind == Value::Kind::kBool && v.known && v.boolean;
          }
        }
        celery_tasks_.push_back(std::move(t));
        break;
      }
    }
  }
}

const CeleryTask* RepoIndex::CeleryTaskNamed(std::string_view name) const {
  if (name.empty()) return nullptr;
  for (const CeleryTask& t : celery_tasks_) {
    if (t.name == name) return &t;
  }
  const CeleryTask* found = nullptr;
  std::string suffix = "." + std::string(name);
  for (const CeleryTask& t : celery_tasks_) {
    if (t.name.size() > suffix.size() && t.name.compare(t.name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      if (found != nullptr) return nullptr;  // ambiguous
      found = &t;
    }
  }
  return found;
}

const CeleryTask* RepoIndex::CeleryTaskOf(std::string_view function_qualname) const {
  for (const CeleryTask& t : celery_tasks_) {
    if (t.function == function_qualname) return &t;
  }
  return nullptr;
}

}  // namespace edgescan::resolve
