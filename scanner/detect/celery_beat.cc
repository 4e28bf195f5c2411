// Celery beat entries (issue 5). Celery merges beat_schedule from settings/config and add_periodic_task calls into
// one table at start-up; statically we cannot know which branch of an `if` ran, so every entry that any branch
// declares is reported (a schedule that may run is a dependency), each once, at the place it is declared.
#include "detect/celery_beat.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "cadence/cadence.h"
#include "cadence/expr_source.h"
#include "detect/context.h"

namespace edgescan::detect {

using facts::Expr;
using facts::ExprKind;
using facts::Stmt;
using facts::StmtKind;
using resolve::Scope;
using resolve::Value;

namespace {

constexpr int kMaxDepth = 8;  // names followed from a schedule dict to its definition

bool IsScheduleSettingName(std::string_view n) { return n == "CELERY_BEAT_SCHEDULE" || n == "CELERYBEAT_SCHEDULE"; }

bool IsConfScheduleKey(std::string_view n) { return n == "beat_schedule" || IsScheduleSettingName(n); }

// `X.conf`
bool IsConf(const Expr& e) { return e.kind == ExprKind::kAttribute && e.text == "conf" && !e.children.empty(); }

// `X.conf.beat_schedule`
bool IsConfSchedule(const Expr& e) {
  return e.kind == ExprKind::kAttribute && IsConfScheduleKey(e.text) && !e.children.empty() && IsConf(e.children[0]);
}

std::optional<std::string> KnownString(const resolve::RepoIndex& ix, const Expr& e, const Scope& s) {
  Value v = ix.Evaluate(e, s);
  if (v.kind == Value::Kind::kString && v.known) return v.text;
  return std::nullopt;
}

class Finder {
 public:
  Finder(const resolve::RepoIndex& index, Diagnostics* diagnostics) : ix_(index), diagnostics_(diagnostics) {}

  std::vector<BeatEntry> Find() {
    std::set<const facts::ModuleFacts*> config = ConfigModules();
    for (const facts::ModuleFacts& m : ix_.modules()) {
      bool config_module = config.count(&m) > 0;
      Scope ms = ix_.ScopeOf(m, nullptr);
      Walk(m.body, ms, true, config_module, "");
      for (const facts::Function& f : m.functions) {
        Scope fs = ix_.ScopeOf(m, &f);
        Walk(f.body, fs, false, false, "");
      }
    }
    condition_.clear();
    for (const resolve::CallSite& site : ix_.call_sites()) {
      const Expr& callee = site.call->children[0];
      if (callee.kind == ExprKind::kAttribute && callee.text == "add_periodic_task") PeriodicTaskCall(site);
    }
    for (const resolve::CeleryTask& t : ix_.celery_tasks()) {
      if (t.periodic) PeriodicTaskDecorator(t);
    }
    std::sort(entries_.begin(), entries_.end(), [](const BeatEntry& a, const BeatEntry& b) {
      return std::tie(a.location.file, a.location.line, a.location.column) <
             std::tie(b.location.file, b.location.line, b.location.column);
    });
    return std::move(entries_);
  }

 private:
  // Modules named by app.config_from_object("pkg.module") (Django's "django.conf:settings" is the settings).
  std::set<const facts::ModuleFacts*> ConfigModules() {
    std::set<const facts::ModuleFacts*> out;
    for (const resolve::CallSite& site : ix_.call_sites()) {
      const Expr& callee = site.call->children[0];
      if (callee.kind != ExprKind::kAttribute || callee.text != "config_from_object") continue;
      const Expr* obj = site.call->arg(0, "obj");
      if (obj == nullptr) continue;
      std::optional<std::string> name = KnownString(ix_, *obj, site.scope);
      std::string module = name ? *name : ix_.QualifiedName(*obj, site.scope);
      std::replace(module.begin(), module.end(), ':', '.');
      if (const facts::ModuleFacts* m = ix_.Module(module)) out.insert(m);
    }
    return out;
  }

  // Every statement, with the `if` tests it runs under joined by " and " (condition_ while it is read).
  void Walk(const std::vector<Stmt>& stmts, const Scope& s, bool module_level, bool config_module,
            const std::string& condition) {
    for (const Stmt& st : stmts) {
      condition_ = condition;
      Statement(st, s, module_level, config_module);
      std::string body = condition, orelse = condition;
      if (st.kind == StmtKind::kIf && !st.exprs.empty()) {
        std::string test = cadence::ExprSource(st.exprs[0], 80);
        const char* glue = condition.empty() ? "" : " and ";
        body += glue + test;
        orelse += glue + ("not (" + test + ")");
      }
      Walk(st.body, s, module_level, config_module, body);
      Walk(st.orelse, s, module_level, config_module, orelse);
    }
  }

  bool IsScheduleName(const Expr& e, bool module_level, bool config_module) {
    if (IsConfSchedule(e)) return true;
    if (!module_level || e.kind != ExprKind::kName) return false;
    return IsScheduleSettingName(e.text) || (config_module && e.text == "beat_schedule");
  }

  void Statement(const Stmt& st, const Scope& s, bool module_level, bool config_module) {
    if (st.kind == StmtKind::kAssign && !st.exprs.empty()) {
      for (const Expr& t : st.targets) {
        if (IsScheduleName(t, module_level, config_module)) {
          Dict(st.exprs[0], s, 0);
        } else if (t.kind == ExprKind::kSubscript && t.children.size() == 2 &&
                   IsScheduleName(t.children[0], module_level, config_module)) {
          Entry(t.children[1], st.exprs[0], s, 0);
        }
      }
    }
    if (st.kind == StmtKind::kAugAssign && st.op == "|=" && !st.targets.empty() && !st.exprs.empty() &&
        IsScheduleName(st.targets[0], module_level, config_module)) {
      Dict(st.exprs[0], s, 0);
    }
    for (const Expr& x : st.exprs) {
      facts::ForEachExpr(x, [&](const Expr& call) {
        if (call.kind != ExprKind::kCall || call.callee()->kind != ExprKind::kAttribute ||
            call.callee()->text != "update" || call.callee()->children.empty()) {
          return;
        }
        const Expr& obj = call.callee()->children[0];
        if (IsScheduleName(obj, module_level, config_module)) {
          Update(call, s);
        } else if (IsConf(obj)) {
          // app.conf.update(beat_schedule={...}) / app.conf.update({"beat_schedule": {...}})
          for (size_t i = 1; i < call.children.size(); ++i) {
            const Expr& a = call.children[i];
            if (a.kind == ExprKind::kKeyword && IsConfScheduleKey(a.text) && !a.children.empty()) {
              Dict(a.children[0], s, 0);
            } else if (a.kind == ExprKind::kDict) {
              for (const Expr& pair : a.children) {
                if (pair.kind != ExprKind::kPair || pair.children.size() != 2) continue;
                std::optional<std::string> key = KnownString(ix_, pair.children[0], s);
                if (key && IsConfScheduleKey(*key)) Dict(pair.children[1], s, 0);
              }
            }
          }
        }
      });
    }
  }

  // SCHEDULE.update({...}) / SCHEDULE.update(name={...})
  void Update(const Expr& call, const Scope& s) {
    for (size_t i = 1; i < call.children.size(); ++i) {
      const Expr& a = call.children[i];
      if (a.kind == ExprKind::kKeyword && !a.children.empty()) {
        EntryNamed(a.text, a, a.children[0], s, 0);
      } else if (a.kind != ExprKind::kDoubleStarred && a.kind != ExprKind::kStarred) {
        Dict(a, s, 0);
      }
    }
  }

  // A whole schedule: {name: entry, ...} and the ways it is built.
  void Dict(const Expr& e, const Scope& s, int depth) {
    if (depth > kMaxDepth) return;
    switch (e.kind) {
      case ExprKind::kDict:
        for (const Expr& c : e.children) {
          if (c.kind == ExprKind::kPair && c.children.size() == 2) {
            Entry(c.children[0], c.children[1], s, depth);
          } else if (c.kind == ExprKind::kDoubleStarred && !c.children.empty()) {
            Dict(c.children[0], s, depth + 1);
          }
        }
        return;
      case ExprKind::kConditional:
        if (e.children.size() == 3) {
          Dict(e.children[0], s, depth + 1);
          Dict(e.children[2], s, depth + 1);
        }
        return;
      case ExprKind::kBoolOp:
        for (const Expr& c : e.children) Dict(c, s, depth + 1);
        return;
      case ExprKind::kBinOp:
        if (e.text == "|") {
          for (const Expr& c : e.children) Dict(c, s, depth + 1);
        }
        return;
      case ExprKind::kName:
      case ExprKind::kAttribute: {
        const Expr* bound = nullptr;
        Scope where;
        if (cadence::FollowName(e, s, ix_, &bound, &where)) Dict(*bound, where, depth + 1);
        return;
      }
      case ExprKind::kCall:
        if (ix_.QualifiedName(*e.callee(), s) == "dict") {
          for (size_t i = 1; i < e.children.size(); ++i) {
            const Expr& a = e.children[i];
            if (a.kind == ExprKind::kKeyword && !a.children.empty()) {
              EntryNamed(a.text, a, a.children[0], s, depth);
            } else if (a.kind == ExprKind::kDoubleStarred && !a.children.empty()) {
              Dict(a.children[0], s, depth + 1);
            } else {
              Dict(a, s, depth + 1);
            }
          }
        }
        return;
      default:
        return;
    }
  }

  void Entry(const Expr& key, const Expr& value, const Scope& s, int depth) {
    std::optional<std::string> name = KnownString(ix_, key, s);
    EntryNamed(name ? *name : cadence::ExprSource(key), key, value, s, depth);
  }

  // One entry: {"task": ..., "schedule": ..., "args": ..., "kwargs": ...} or dict(task=..., ...).
  void EntryNamed(const std::string& name, const Expr& key, const Expr& value0, const Scope& s0, int depth) {
    const Expr* value = &value0;
    Scope s = s0;
    for (int hops = depth; hops < kMaxDepth && (value->kind == ExprKind::kName || value->kind == ExprKind::kAttribute);
         ++hops) {
      const Expr* bound = nullptr;
      Scope where;
      if (!cadence::FollowName(*value, s, ix_, &bound, &where)) break;
      value = bound;
      s = where;
    }
    std::vector<std::pair<std::string, const Expr*>> fields;
    if (value->kind == ExprKind::kDict) {
      for (const Expr& c : value->children) {
        if (c.kind != ExprKind::kPair || c.children.size() != 2) continue;
        if (std::optional<std::string> k = KnownString(ix_, c.children[0], s)) fields.emplace_back(*k, &c.children[1]);
      }
    } else if (value->kind == ExprKind::kCall && ix_.QualifiedName(*value->callee(), s) == "dict") {
      for (size_t i = 1; i < value->children.size(); ++i) {
        const Expr& a = value->children[i];
        if (a.kind == ExprKind::kKeyword && !a.children.empty()) fields.emplace_back(a.text, &a.children[0]);
      }
    } else {
      Diagnostic d;
      d.file = s0.module->path;
      d.line = key.line;
      d.severity = "warning";
      d.message = "beat entry '" + name + "': cannot read its definition `" + cadence::ExprSource(value0) + "`";
      diagnostics_->push_back(d);
      return;
    }
    BeatEntry e;
    e.name = name;
    e.scope = s;
    e.location = ProvenanceAt(*s0.module, key.line, key.column, s0.qualname());
    for (const auto& [field, x] : fields) {
      if (field == "task") {
        TaskOf(*x, s, &e);
      } else if (field == "schedule") {
        e.schedule = x;
      } else if (field == "args") {
        e.args = cadence::ExprSource(*x);
      } else if (field == "kwargs") {
        e.kwargs = cadence::ExprSource(*x);
      }
    }
    Add(std::move(e));
  }

  // "task": "app.tasks.sync" or a task object's .name.
  void TaskOf(const Expr& x, const Scope& s, BeatEntry* e) {
    if (std::optional<std::string> name = KnownString(ix_, x, s)) {
      e->task = *name;
    } else if (x.kind == ExprKind::kAttribute && x.text == "name" && !x.children.empty()) {
      if (const resolve::CeleryTask* t = ix_.CeleryTaskOf(ix_.QualifiedName(x.children[0], s))) e->task = t->name;
    }
    if (const resolve::CeleryTask* t = ix_.CeleryTaskNamed(e->task)) e->task_function = t->function;
  }

  // sender.add_periodic_task(schedule, sig, args=(), kwargs=(), name=None, **opts)
  void PeriodicTaskCall(const resolve::CallSite& site) {
    const Expr& call = *site.call;
    const Expr* schedule = call.arg(0, "schedule");
    const Expr* sig = call.arg(1, "sig");
    BeatEntry e;
    e.scope = site.scope;
    e.schedule = schedule;
    e.location = ProvenanceOf(site.scope, call);
    std::vector<std::string> repr_args;
    if (sig != nullptr) {
      const Expr* task_expr = sig;
      if (sig->kind == ExprKind::kCall && sig->callee()->kind == ExprKind::kAttribute &&
          !sig->callee()->children.empty() &&
          (sig->callee()->text == "s" || sig->callee()->text == "si" || sig->callee()->text == "signature")) {
        task_expr = &sig->callee()->children[0];
        std::vector<std::string> args, kwargs;
        for (size_t i = 1; i < sig->children.size(); ++i) {
          const Expr& a = sig->children[i];
          repr_args.push_back(cadence::ExprSource(a));
          (a.kind == ExprKind::kKeyword ? kwargs : args).push_back(cadence::ExprSource(a));
        }
        if (sig->callee()->text != "signature") {
          if (!args.empty()) e.args = "(" + Join(args) + (args.size() == 1 ? ",)" : ")");
          if (!kwargs.empty()) e.kwargs = Join(kwargs);
        }
      } else if (sig->kind == ExprKind::kCall) {
        // signature("name", args=...) / app.signature("name")
        if (const Expr* first = sig->arg(0, "varies")) task_expr = first;
      }
      if (const resolve::CeleryTask* t = ix_.CeleryTaskOf(ix_.QualifiedName(*task_expr, site.scope))) {
        e.task = t->name;
        e.task_function = t->function;
      } else {
        TaskOf(*task_expr, site.scope, &e);
      }
    }
    if (const Expr* a = call.keyword("args")) e.args = cadence::ExprSource(*a);
    if (const Expr* k = call.keyword("kwargs")) e.kwargs = cadence::ExprSource(*k);
    std::optional<std::string> name;
    if (const Expr* n = call.keyword("name")) name = KnownString(ix_, *n, site.scope);
    // Celery names an unnamed entry repr(sig): "proj.tasks.add(2, 2)".
    e.name = name ? *name : (e.task.empty() ? "?" : e.task) + "(" + Join(repr_args) + ")";
    Add(std::move(e));
  }

  // @periodic_task(run_every=...): the entry is named after the task.
  void PeriodicTaskDecorator(const resolve::CeleryTask& t) {
    const Expr& d = *t.decorator;
    BeatEntry e;
    e.name = t.name;
    e.task = t.name;
    e.task_function = t.function;
    e.scope = t.scope;
    e.schedule = d.kind == ExprKind::kCall ? d.keyword("run_every") : nullptr;
    e.location = ProvenanceOf(t.scope, d);
    Add(std::move(e));
  }

  static std::string Join(const std::vector<std::string>& parts) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? ", " : "") + parts[i];
    return out;
  }

  void Add(BeatEntry e) {
    e.condition = condition_;
    auto place = std::make_tuple(e.location.file, e.location.line, e.location.column);
    if (!seen_.insert(place).second) return;
    entries_.push_back(std::move(e));
  }

  const resolve::RepoIndex& ix_;
  Diagnostics* diagnostics_;
  std::vector<BeatEntry> entries_;
  std::set<std::tuple<std::string, int, int>> seen_;
  std::string condition_;  // the `if` tests of the statement being read (Walk)
};

// A configuration value Celery reads from settings (CELERY_<NAME>), a config module (<name>) or app.conf: the
// expression and its place. First found: settings, then config modules and app.conf statements in path order.
struct ConfValue {
  const Expr* expr = nullptr;
  Scope scope;
  int line = 0;
};

std::optional<ConfValue> FindConf(const resolve::RepoIndex& ix, const std::vector<std::string>& setting_names,
                                  const std::string& conf_key) {
  for (const std::string& n : setting_names) {
    const facts::ModuleFacts* m = nullptr;
    int line = 0;
    if (const Expr* e = ix.SettingExpr(n, &m, &line)) return ConfValue{e, ix.ScopeOf(*m, nullptr), line};
  }
  std::optional<ConfValue> found;
  for (const facts::ModuleFacts& m : ix.modules()) {
    auto scan = [&](const std::vector<Stmt>& body, const Scope& s) {
      facts::ForEachStmt(body, [&](const Stmt& st) {
        if (found) return;
        if (st.kind == StmtKind::kAssign && !st.exprs.empty()) {
          for (const Expr& t : st.targets) {
            if (t.kind == ExprKind::kAttribute && t.text == conf_key && !t.children.empty() && IsConf(t.children[0])) {
              found = ConfValue{&st.exprs[0], s, st.line};
            }
          }
        }
        for (const Expr& x : st.exprs) {
          facts::ForEachExpr(x, [&](const Expr& call) {
            if (found || call.kind != ExprKind::kCall || call.callee()->kind != ExprKind::kAttribute ||
                call.callee()->text != "update" || call.callee()->children.empty() ||
                !IsConf(call.callee()->children[0])) {
              return;
            }
            if (const Expr* v = call.keyword(conf_key)) found = ConfValue{v, s, call.line};
          });
        }
      });
    };
    scan(m.body, ix.ScopeOf(m, nullptr));
    for (const facts::Function& f : m.functions) scan(f.body, ix.ScopeOf(m, &f));
    if (found) return found;
  }
  // Config modules (config_from_object("pkg.celeryconfig")): a module-level `<conf_key> = ...`.
  for (const resolve::CallSite& site : ix.call_sites()) {
    const Expr& callee = site.call->children[0];
    if (callee.kind != ExprKind::kAttribute || callee.text != "config_from_object") continue;
    const Expr* obj = site.call->arg(0, "obj");
    if (obj == nullptr) continue;
    std::optional<std::string> name = KnownString(ix, *obj, site.scope);
    if (!name) continue;
    if (const facts::ModuleFacts* m = ix.Module(*name)) {
      const facts::ModuleFacts* where = nullptr;
      int line = 0;
      if (const Expr* e = ix.ModuleBinding(*m, conf_key, &where, &line))
        return ConfValue{e, ix.ScopeOf(*where, nullptr), line};
    }
  }
  return std::nullopt;
}

// django-celery-beat keeps schedules in the database: say so when it is configured (or installed).
void DatabaseSchedulerDiagnostics(const resolve::RepoIndex& ix, Diagnostics* out) {
  std::optional<ConfValue> scheduler =
      FindConf(ix, {"CELERY_BEAT_SCHEDULER", "CELERYBEAT_SCHEDULER"}, "beat_scheduler");
  if (scheduler) {
    Value v = ix.Evaluate(*scheduler->expr, scheduler->scope);
    std::string text =
        v.kind == Value::Kind::kString && v.known ? v.text : ix.QualifiedName(*scheduler->expr, scheduler->scope);
    if (text.find("django_celery_beat") != std::string::npos) {
      out->push_back({scheduler->scope.module->path, scheduler->line, "warning",
                      "the beat scheduler is django_celery_beat's DatabaseScheduler: periodic tasks stored in the "
                      "database cannot be read from code; beat_schedule edges list only schedules declared in code"});
    }
    return;
  }
  const facts::ModuleFacts* m = nullptr;
  int line = 0;
  const Expr* apps = ix.SettingExpr("INSTALLED_APPS", &m, &line);
  if (apps == nullptr) return;
  Value v = ix.Evaluate(*apps, ix.ScopeOf(*m, nullptr));
  for (const Value& item : v.items) {
    if (item.kind == Value::Kind::kString && item.known && item.text == "django_celery_beat") {
      out->push_back({m->path, line, "info",
                      "django_celery_beat is installed: if beat runs its DatabaseScheduler (celery beat -S django), "
                      "periodic tasks stored in the database cannot be read from code"});
      return;
    }
  }
}

}  // namespace

std::vector<BeatEntry> FindBeatEntries(const resolve::RepoIndex& index, Diagnostics* diagnostics) {
  Finder finder(index, diagnostics);
  return finder.Find();
}

std::optional<std::string> CeleryTimezone(const resolve::RepoIndex& index) {
  std::optional<ConfValue> tz = FindConf(index, {"CELERY_TIMEZONE"}, "timezone");
  if (!tz) {
    // Celery's own default (`timezone` "UTC" with `enable_utc` on, both since 4.0), unless UTC is turned off: then
    // the worker's local time, which the code does not say.
    std::optional<ConfValue> utc = FindConf(index, {"CELERY_ENABLE_UTC"}, "enable_utc");
    if (utc) {
      Value u = index.Evaluate(*utc->expr, utc->scope);
      if (u.kind != Value::Kind::kBool || !u.known || !u.boolean) return std::nullopt;
    }
    return "UTC";
  }
  Value v = index.Evaluate(*tz->expr, tz->scope);
  if (v.kind == Value::Kind::kString && v.known && !v.text.empty()) return v.text;
  return std::nullopt;
}

void CeleryBeatDetector::Run(const DetectContext& ctx, std::vector<edges::Edge>* out) {
  std::optional<std::string> tz = CeleryTimezone(ctx.index);
  for (BeatEntry& b : FindBeatEntries(ctx.index, ctx.diagnostics)) {
    cadence::Schedule schedule;
    if (b.schedule != nullptr) {
      schedule = cadence::Normalize(*b.schedule, b.scope, ctx.index, tz);
    } else {
      schedule.cadence.text = "unknown";
      schedule.cadence.has_beat_field = true;
      schedule.problem = "the entry has no schedule";
    }
    edges::Edge e;
    e.kind = "beat_schedule";
    e.direction = "internal";
    e.service = ctx.service;
    e.transport = "Celery beat";
    e.cadence = schedule.cadence;
    e.cadence->beat.push_back({b.name, b.task, b.location.file, b.location.line});
    e.trigger = "beat";
    e.location = b.location;
    e.evidence = schedule.source.empty() ? "(no schedule)" : schedule.source;
    e.confidence = schedule.known() && !b.task_function.empty() ? "certain" : "likely";
    if (!b.condition.empty()) {
      // Scheduled only in some deployments (`if ENVIRONMENT == "dev":`, a feature flag): say so, and do not claim it.
      e.cadence->text += " (only when " + b.condition + ")";
      e.confidence = "likely";
    }
    e.id_key = b.name;
    e.callee = b.task_function;
    if (!schedule.known()) {
      ctx.diagnostics->push_back({b.location.file, b.location.line, "warning",
                                  "beat entry '" + b.name + "': cadence unknown: " + schedule.problem});
    }
    if (b.task.empty()) {
      ctx.diagnostics->push_back(
          {b.location.file, b.location.line, "warning", "beat entry '" + b.name + "': cannot read its task"});
    } else if (b.task_function.empty()) {
      ctx.diagnostics->push_back({b.location.file, b.location.line, "info",
                                  "beat entry '" + b.name + "' runs task '" + b.task +
                                      "', which no @task function in the scanned code registers; what it reaches "
                                      "is not followed"});
    }
    out->push_back(std::move(e));
  }
  DatabaseSchedulerDiagnostics(ctx.index, ctx.diagnostics);
}

}  // namespace edgescan::detect
