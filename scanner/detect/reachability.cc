// Reachability (issue 5): breadth-first search over the call graph from each entry point, so `path` is a shortest
// call chain. The graph is the RepoIndex's call sites in source order (the first call site reaching a function is
// its parent), which keeps paths deterministic whatever the thread count. Methods called through `self` dispatch on
// the class `self` is known to be where the search knows it, else on every override (class hierarchy analysis).
#include "detect/reachability.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "cadence/cadence.h"
#include "detect/context.h"
#include "detect/internal/guards.h"
#include "detect/internal/urlconf.h"

namespace edgescan::detect {

using facts::Expr;
using facts::ExprKind;
using resolve::CallSite;
using resolve::RepoIndex;
using resolve::Scope;

namespace {

constexpr size_t kMaxStates = 200000;  // (function, receiver class) pairs one search may visit

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// What one search reached. A state is a function and, for methods, the class `self` is known to be ("" when only
// the static class is known): `CouponRequestHandler().process_sheet()` runs SheetHandler.process_sheet with self a
// CouponRequestHandler, so its `self.process_row()` is CouponRequestHandler.process_row and no other override.
struct Reach {
  // state -> (the state that called it first, the call site); entry points map to ("", nullptr).
  std::map<std::string, std::pair<std::string, const CallSite*>, std::less<>> parents;
  std::map<std::string, std::string, std::less<>> first_state;  // function -> the first state reaching it
  bool reaches(const std::string& function) const { return first_state.count(function) > 0; }
};

std::string State(const std::string& function, const std::string& receiver) { return function + '\x1f' + receiver; }

class Graph {
 public:
  explicit Graph(const RepoIndex& ix) : ix_(ix) {
    for (const std::vector<CallSite>* sites : {&ix.call_sites(), &ix.property_reads()}) {
      for (const CallSite& site : *sites) {
        if (!site.caller().empty() && (!site.target().empty() || !site.also_runs.empty())) {
          out_[site.caller()].push_back(&site);
        }
      }
    }
  }

  Reach From(const std::vector<std::string>& sources) const {
    Reach r;
    std::deque<std::pair<std::string, std::string>> queue;  // (function, receiver)
    for (const std::string& s : sources) {
      if (r.parents.emplace(State(s, ""), std::make_pair(std::string(), nullptr)).second) {
        r.first_state.emplace(s, State(s, ""));
        queue.emplace_back(s, "");
      }
    }
    while (!queue.empty() && r.parents.size() < kMaxStates) {
      auto [f, receiver] = queue.front();
      queue.pop_front();
      std::string from = State(f, receiver);
      auto it = out_.find(f);
      if (it == out_.end()) continue;
      for (const CallSite* site : it->second) {
        for (const auto& [target, next_receiver] : Next(*site, receiver)) {
          if (target == f && next_receiver == receiver) continue;
          std::string state = State(target, next_receiver);
          if (!r.parents.emplace(state, std::make_pair(from, site)).second) continue;
          r.first_state.emplace(target, state);
          queue.emplace_back(target, next_receiver);
        }
      }
    }
    return r;
  }

  // The call sites from the entry point down to `function` (which `r` reaches).
  static std::vector<Provenance> PathTo(const Reach& r, const std::string& function) {
    std::vector<Provenance> path;
    auto first = r.first_state.find(function);
    if (first == r.first_state.end()) return path;
    std::string state = first->second;
    for (size_t guard = 0; guard <= r.parents.size(); ++guard) {
      auto it = r.parents.find(state);
      if (it == r.parents.end() || it->second.second == nullptr) break;
      path.push_back(ProvenanceOf(it->second.second->scope, *it->second.second->call));
      state = it->second.first;
    }
    std::reverse(path.begin(), path.end());
    return path;
  }

 private:
  // Where a call goes from a function whose `self` is `receiver` (""= only its static class is known), each
  // target with what its own `self` is.
  std::vector<std::pair<std::string, std::string>> Next(const CallSite& site, const std::string& receiver) const {
    std::vector<std::pair<std::string, std::string>> out;
    const Expr& callee = site.call->children[0];
    const Expr* obj = callee.kind == ExprKind::kAttribute && !callee.children.empty() ? &callee.children[0] : nullptr;
    bool self_call = obj != nullptr && site.scope.klass != nullptr && obj->kind == ExprKind::kName &&
                     (obj->text == "self" || obj->text == "cls");
    bool super_call = obj != nullptr && obj->kind == ExprKind::kCall && !obj->children.empty() &&
                      obj->children[0].kind == ExprKind::kName && obj->children[0].text == "super";
    std::string overrides = self_call ? "." + callee.text : "";
    if (self_call && !receiver.empty()) {
      // Dispatch on the known class; overrides elsewhere in the hierarchy do not run.
      if (const facts::Function* t = ix_.FindMethod(receiver, callee.text)) {
        out.emplace_back(t->qualname, receiver);
      } else if (!site.target().empty()) {
        out.emplace_back(site.target(), receiver);
      }
    } else if (!site.target().empty()) {
      std::string next_receiver;
      if (self_call || super_call) {
        next_receiver = receiver;
      } else if (ix_.FindClass(site.callee) != nullptr) {
        next_receiver = site.callee;  // Class(...) -> __init__ of an instance of exactly that class
      } else if (obj != nullptr && !site.fan_out) {
        const facts::Function* t = ix_.FindFunction(site.target());
        if (t != nullptr && !t->class_qualname.empty()) {
          std::optional<resolve::ObjectType> type = ix_.TypeOf(*obj, site.scope);
          // A type a hint declares may be any subclass: only a constructed object fixes the class.
          if (type && type->internal && !type->declared) next_receiver = type->type;
        }
      }
      out.emplace_back(site.target(), next_receiver);
    }
    for (const std::string& a : site.also_runs) {
      if (self_call && EndsWith(a, overrides)) {
        // An override in a subclass: runs only when `self` may be that subclass, and then self is one.
        if (!receiver.empty()) continue;
        const facts::Function* t = ix_.FindFunction(a);
        out.emplace_back(a, t != nullptr ? t->class_qualname : "");
      } else {
        out.emplace_back(a, "");
      }
    }
    return out;
  }

  const RepoIndex& ix_;
  std::map<std::string, std::vector<const CallSite*>, std::less<>> out_;
};

// Whether a class derives (through internal classes) from a base whose qualified name passes `match`.
template <typename Match>
bool DerivesFrom(const RepoIndex& ix, const std::string& class_q, Match match) {
  std::vector<std::string> todo{class_q};
  std::set<std::string> seen;
  while (!todo.empty() && seen.size() < 64) {
    std::string q = todo.back();
    todo.pop_back();
    if (!seen.insert(q).second) continue;
    if (q != class_q && match(q)) return true;
    if (const facts::Class* c = ix.FindClass(q)) {
      for (const std::string& b : ix.BaseNames(*c)) todo.push_back(b);
    }
  }
  return false;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool IsViewsModule(std::string_view module) {
  size_t dot = module.rfind('.');
  std::string_view last = dot == std::string_view::npos ? module : module.substr(dot + 1);
  return last == "views" || (last.size() > 6 && last.substr(last.size() - 6) == "_views") ||
         module.find(".views.") != std::string_view::npos || StartsWith(module, "views.");
}

bool IsCommandBase(std::string_view q) {
  return q == "django.core.management.base.BaseCommand" || q == "django.core.management.BaseCommand" ||
         q == "django.core.management.base.LabelCommand" || q == "django.core.management.base.AppCommand" ||
         q == "django.core.management.LabelCommand" || q == "django.core.management.AppCommand";
}

bool IsSignal(const RepoIndex& ix, const Expr& e, const Scope& s) {
  std::string q = ix.QualifiedName(e, s);
  if (StartsWith(q, "celery.signals.") || (StartsWith(q, "django.") && q.find(".signals.") != std::string::npos)) {
    return true;
  }
  std::optional<resolve::ObjectType> t = ix.TypeOf(e, s);
  return t && (t->type == "django.dispatch.Signal" || t->type == "django.dispatch.dispatcher.Signal");
}

Scope DefiningScope(const RepoIndex& ix, const facts::ModuleFacts& m, const facts::Function& f) {
  if (!f.parent.empty()) return ix.ScopeOf(m, ix.FindFunction(f.parent));
  if (!f.class_qualname.empty()) return ix.ScopeOfClass(m, ix.FindClass(f.class_qualname));
  return ix.ScopeOf(m, nullptr);
}

// Methods of a class and of its internal bases.
// A private helper the class's own code calls (`_auto_apply_new_license` from the `auto_apply` action): reached
// through that caller, so a call path starts at the method the framework runs.
bool CalledHelper(const RepoIndex& ix, const facts::Function& f) {
  bool helper = f.name.size() > 1 && f.name[0] == '_' && f.name[1] != '_';
  return helper && !ix.CallersOf(f.qualname).empty();
}

void AddMethods(const RepoIndex& ix, const std::string& class_q, std::set<std::string>* out) {
  std::vector<std::string> todo{class_q};
  std::set<std::string> seen;
  while (!todo.empty() && seen.size() < 64) {
    std::string q = todo.back();
    todo.pop_back();
    if (!seen.insert(q).second) continue;
    const facts::ModuleFacts* m = nullptr;
    const facts::Class* c = ix.FindClass(q, &m);
    if (c == nullptr) continue;
    for (const facts::Function& f : m->functions) {
      if (f.class_qualname != q) continue;
      if (!CalledHelper(ix, f)) out->insert(f.qualname);
    }
    for (const std::string& b : ix.BaseNames(*c)) todo.push_back(b);
  }
}

// Whether one of f's decorators (`@d` or `@d(...)`) has a qualified name `named` accepts.
template <typename Named>
bool DecoratedBy(const RepoIndex& ix, const facts::ModuleFacts& m, const facts::Function& f, const Named& named) {
  if (f.decorators.empty()) return false;
  Scope s = DefiningScope(ix, m, f);
  return std::any_of(f.decorators.begin(), f.decorators.end(), [&](const Expr& d) {
    const Expr* callee = d.kind == ExprKind::kCall ? d.callee() : &d;
    return callee != nullptr && named(ix.QualifiedName(*callee, s));
  });
}

std::vector<std::string> RequestEntries(const DetectContext& ctx, const ruleset::DjangoRules& rules) {
  const RepoIndex& ix = ctx.index;
  std::set<std::string> out;
  // Every view the urlconf routes serves requests, whatever it derives from (a third-party base class the rules do
  // not know, a function outside a views module): the views of inbound edges among them.
  for (const internal::Route& r : internal::ResolveUrlconf(ctx)) {
    if (r.view.kind == internal::ViewTarget::Kind::kFunction && ix.FindFunction(r.view.qualname) != nullptr) {
      out.insert(r.view.qualname);
    } else if (r.view.kind == internal::ViewTarget::Kind::kClass && ix.FindClass(r.view.qualname) != nullptr) {
      AddMethods(ix, r.view.qualname, &out);
    }
  }
  // What settings name by dotted path to run on a request (rules: request_settings): functions, and the methods of
  // classes, defined in the repo.
  for (const std::string& name : rules.request_settings) {
    for (const std::string& path : ix.SettingStrings(name)) {
      if (ix.FindFunction(path) != nullptr) {
        out.insert(path);
      } else if (ix.FindClass(path) != nullptr) {
        AddMethods(ix, path, &out);
      }
    }
  }
  std::map<std::string, bool> view_classes;
  std::map<std::string, std::set<std::string, std::less<>>> request_method_names;  // class -> request_methods names
  for (const facts::ModuleFacts& m : ix.modules()) {
    for (const facts::Function& f : m.functions) {
      // `@XBlock.handler` / `@XBlock.json_handler`: the framework calls it for a request to the block.
      if (!rules.request_decorators.empty() &&
          DecoratedBy(ix, m, f, [&](const std::string& q) { return In(rules.request_decorators, q); })) {
        out.insert(f.qualname);
        continue;
      }
      if (!f.class_qualname.empty()) {
        auto it = view_classes.find(f.class_qualname);
        if (it == view_classes.end()) {
          auto serves_requests = [&](std::string_view q) {
            for (const std::string& prefix : rules.request_base_prefixes) {
              if (StartsWith(q, prefix)) return true;
            }
            return false;
          };
          it = view_classes.emplace(f.class_qualname, DerivesFrom(ix, f.class_qualname, serves_requests)).first;
        }
        if (it->second) {
          if (!CalledHelper(ix, f)) out.insert(f.qualname);
        } else if (!rules.request_methods.empty()) {
          // `get_context` of a Wagtail page: the framework calls it for the request that renders the page. The
          // method names a class inherits this way are collected in one walk of its bases.
          auto names = request_method_names.find(f.class_qualname);
          if (names == request_method_names.end()) {
            std::set<std::string, std::less<>> found;
            DerivesFrom(ix, f.class_qualname, [&](std::string_view base) {
              for (const std::string& rm : rules.request_methods) {
                size_t dot = rm.rfind('.');
                if (dot != std::string::npos && std::string_view(rm).substr(0, dot) == base) found.insert(rm.substr(dot + 1));
              }
              return false;  // keep walking: every base may add names
            });
            names = request_method_names.emplace(f.class_qualname, std::move(found)).first;
          }
          if (names->second.count(f.name) != 0) out.insert(f.qualname);
        }
        continue;
      }
      if (!rules.request_tag_libraries.empty() && f.parent.empty()) {
        // `@register.simple_tag` where `register = template.Library()`: runs while a page renders.
        bool tag = false;
        for (const Expr& d : f.decorators) {
          const Expr* callee = d.kind == ExprKind::kCall ? d.callee() : &d;
          if (callee == nullptr || callee->kind != ExprKind::kAttribute || callee->children.empty()) continue;
          const std::string& how = callee->text;
          if (how != "simple_tag" && how != "inclusion_tag" && how != "filter" && how != "tag") continue;
          const Expr& lib = callee->children[0];
          if (lib.kind != ExprKind::kName) continue;
          const facts::ModuleFacts* where = nullptr;
          const Expr* bound = ix.ModuleBinding(m, lib.text, &where);
          if (bound == nullptr || where == nullptr || bound->kind != ExprKind::kCall) continue;
          std::string ctor = ix.QualifiedName(*bound->callee(), ix.ScopeOf(*where, nullptr));
          tag |= std::find(rules.request_tag_libraries.begin(), rules.request_tag_libraries.end(), ctor) !=
                 rules.request_tag_libraries.end();
        }
        if (tag) {
          out.insert(f.qualname);
          continue;
        }
      }
      if (f.params.empty() || f.params[0].name != "request") continue;
      bool api_view = DecoratedBy(ix, m, f, [](const std::string& q) { return q == "rest_framework.decorators.api_view"; });
      if (api_view || IsViewsModule(m.module)) out.insert(f.qualname);
    }
  }
  return {out.begin(), out.end()};
}

std::vector<std::string> EventEntries(const RepoIndex& ix) {
  std::set<std::string> out;
  for (const facts::ModuleFacts& m : ix.modules()) {
    for (const facts::Function& f : m.functions) {
      Scope s = DefiningScope(ix, m, f);
      for (const Expr& d : f.decorators) {
        const Expr* callee = d.kind == ExprKind::kCall ? d.callee() : &d;
        if (callee == nullptr) continue;
        std::string q = ix.QualifiedName(*callee, s);
        bool receiver = q == "django.dispatch.receiver" || q == "django.dispatch.dispatcher.receiver";
        bool connect = callee->kind == ExprKind::kAttribute && callee->text == "connect" && !callee->children.empty() &&
                       IsSignal(ix, callee->children[0], s);
        if (receiver || connect) out.insert(f.qualname);
      }
    }
  }
  for (const CallSite& site : ix.call_sites()) {
    const Expr& callee = site.call->children[0];
    if (callee.kind != ExprKind::kAttribute || callee.text != "connect" || callee.children.empty()) continue;
    if (!IsSignal(ix, callee.children[0], site.scope)) continue;
    const Expr* receiver = site.call->arg(0, "receiver");
    if (receiver == nullptr) continue;
    std::string q = ix.QualifiedName(*receiver, site.scope);
    if (ix.FindFunction(q) != nullptr) out.insert(q);
  }
  return {out.begin(), out.end()};
}

// Django runs `Command` from <app>/management/commands/<name>.py whatever its base: a command extending another
// package's command (django-elasticsearch-dsl's search_index.Command) is one too.
bool IsCommandModuleClass(const facts::ModuleFacts& m, const facts::Class& c) {
  if (c.name != "Command" || !c.parent.empty()) return false;
  std::string_view mod = m.module;
  return mod.find(".management.commands.") != std::string_view::npos || StartsWith(mod, "management.commands.");
}

// The lines of a module's `if __name__ == "__main__":` blocks (a script someone runs by hand), [first, last].
std::vector<std::pair<int, int>> MainBlocks(const facts::ModuleFacts& m) {
  std::vector<std::pair<int, int>> out;
  for (size_t i = 0; i < m.body.size(); ++i) {
    const facts::Stmt& st = m.body[i];
    if (st.kind != facts::StmtKind::kIf || st.exprs.empty()) continue;
    bool name = false, main = false;
    facts::ForEachExpr(st.exprs[0], [&](const Expr& x) {
      name = name || (x.kind == ExprKind::kName && x.text == "__name__");
      main = main || (x.kind == ExprKind::kString && x.text == "__main__");
    });
    if (!name || !main) continue;
    int last = i + 1 < m.body.size() ? m.body[i + 1].line - 1 : std::numeric_limits<int>::max();
    out.emplace_back(st.line, last);
  }
  return out;
}

bool InMainBlock(const std::map<std::string_view, std::vector<std::pair<int, int>>>& blocks, const Provenance& at) {
  auto it = blocks.find(at.file);
  if (it == blocks.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const auto& b) { return b.first <= at.line && at.line <= b.second; });
}

// Management commands, and what a script's `if __name__ == "__main__":` block calls.
std::vector<std::string> ManualEntries(const RepoIndex& ix,
                                       const std::map<std::string_view, std::vector<std::pair<int, int>>>& mains) {
  std::set<std::string> out;
  for (const CallSite& site : ix.call_sites()) {
    if (site.scope.function != nullptr || site.scope.module == nullptr) continue;
    if (!InMainBlock(mains, ProvenanceOf(site.scope, *site.call))) continue;
    if (!site.target().empty()) out.insert(site.target());
    out.insert(site.also_runs.begin(), site.also_runs.end());
  }
  for (const facts::ModuleFacts& m : ix.modules()) {
    for (const facts::Class& c : m.classes) {
      bool by_base = DerivesFrom(ix, c.qualname, IsCommandBase);
      if (!by_base && !IsCommandModuleClass(m, c)) continue;
      if (const facts::Function* handle = ix.FindMethod(c.qualname, "handle")) {
        out.insert(handle->qualname);
      } else if (!by_base) {
        // handle() is the other package's, calling hooks this class overrides: each of its methods may run.
        AddMethods(ix, c.qualname, &out);
      }
    }
  }
  return {out.begin(), out.end()};
}

// A beat entry and what its task reaches.
struct BeatReach {
  edges::Cadence cadence;  // the entry's own cadence (beat = [the entry])
  std::optional<double> period;
  const Reach* reach = nullptr;
};

}  // namespace

void ReachabilityPass::Run(const DetectContext& ctx, std::vector<edges::Edge>* edges) {
  const RepoIndex& ix = ctx.index;
  Graph graph(ix);

  std::vector<BeatReach> beats;
  std::map<std::string, Reach> by_task;  // several entries often run one task
  for (const edges::Edge& e : *edges) {
    if (e.kind != "beat_schedule" || e.callee.empty() || !e.cadence || e.cadence->beat.empty()) continue;
    auto it = by_task.find(e.callee);
    if (it == by_task.end()) it = by_task.emplace(e.callee, graph.From({e.callee})).first;
    beats.push_back({*e.cadence, cadence::ApproximatePeriod(*e.cadence), &it->second});
  }
  struct Kind {
    const char* trigger;
    const char* text;
    Reach reach;
  };
  std::map<std::string_view, std::vector<std::pair<int, int>>> mains;
  for (const facts::ModuleFacts& m : ix.modules()) {
    std::vector<std::pair<int, int>> blocks = MainBlocks(m);
    if (!blocks.empty()) mains.emplace(m.path, std::move(blocks));
  }
  Kind kinds[] = {{"request", "on request", graph.From(RequestEntries(ctx, ctx.rules.django))},
                  {"event", "on event", graph.From(EventEntries(ix))},
                  {"manual", "on demand", graph.From(ManualEntries(ix, mains))}};

  auto placed = [](const edges::Edge& e) { return e.direction == "outbound" && e.trigger == "unknown" && !e.cadence; };
  // The call sites of the edges to place: a call under a branch on a parameter (internal/guards.h) is reached through
  // the callers that can take its branch only. Once per call site (a site often gives several edges, one per URL).
  struct Callers {
    bool guarded = false;
    std::vector<const CallSite*> via;
    std::vector<const CallSite*> through_recursion;  // in `via`, reaching the call only through fn's recursive calls
  };
  std::set<std::pair<int, int>> edge_positions;  // (line, column) of those edges: most call sites are not one
  for (const edges::Edge& e : *edges) {
    if (placed(e)) edge_positions.emplace(e.location.line, e.location.column);
  }
  std::map<Provenance, const CallSite*> sites;
  for (const CallSite& site : ix.call_sites()) {
    if (site.scope.function == nullptr || edge_positions.count({site.call->line, site.call->column}) == 0) continue;
    sites.emplace(ProvenanceOf(site.scope, *site.call), &site);
  }
  // Computed when an edge first asks, in edge order (evaluation memos answer in the order they are asked).
  std::map<const CallSite*, Callers> callers_of;
  // The functions each edge's URL came through (its origins outside the edge's own function), and per call site
  // every such function of any of its edges: a caller no edge names may have passed any of the URLs (alternatives
  // with one value keep the first one's origins only).
  auto url_functions = [](const edges::Edge& e) {
    std::set<std::string_view> from;
    if (e.url) {
      for (const Provenance& o : e.url->origin) {
        if (!o.function.empty() && o.function != e.location.function) from.insert(o.function);
      }
    }
    return from;
  };
  std::map<Provenance, std::set<std::string_view>> named_at_site;
  std::map<std::string, Reach, std::less<>> reach_from;  // what each function a URL came through reaches
  // A function's recursive call under a branch on a parameter (`get_hubspot_id_for_object(obj.order)` where
  // isinstance(obj, Line)) runs only when an outer caller takes that branch: those callers (none when no outer caller
  // can), or nullopt when every caller may. Computed when an edge first asks, in edge order.
  std::map<const CallSite*, std::optional<std::vector<const CallSite*>>> outer_callers;
  auto outer_callers_of = [&](const CallSite* c) -> const std::optional<std::vector<const CallSite*>>& {
    auto [slot, fresh] = outer_callers.try_emplace(c);
    if (fresh) {
      bool excluded = false;
      std::vector<const CallSite*> may = internal::CallersThatMayRun(ix, *c->scope.function, *c->call, c->scope, &excluded);
      if (excluded) {
        std::erase_if(may, [&](const CallSite* d) { return d->scope.function == c->scope.function; });
        slot->second = std::move(may);
      }
    }
    return slot->second;
  };
  for (const edges::Edge& e : *edges) {
    if (!placed(e)) continue;
    std::set<std::string_view> from = url_functions(e);
    named_at_site[e.location].insert(from.begin(), from.end());
  }

  for (edges::Edge& e : *edges) {
    if (!placed(e)) continue;
    const std::string& fn = e.location.function;
    static const Callers kUnguarded;
    const Callers* callers = &kUnguarded;
    if (auto it = sites.find(e.location); it != sites.end()) {
      const CallSite& site = *it->second;
      auto [slot, fresh] = callers_of.try_emplace(&site);
      if (fresh) {
        slot->second.via =
            internal::CallersThatMayRun(ix, *site.scope.function, *site.call, site.scope, &slot->second.guarded,
                                        &slot->second.through_recursion);
      }
      callers = &slot->second;
    }
    bool guarded = callers->guarded;
    const std::vector<const CallSite*>* via_ptr = &callers->via;
    // A URL passed in by some callers (`perform_request("get", f"events/{i}/")` in A.event, `"groups"` in B.groups):
    // this edge, one per URL, is made only through the callers its URL came from, so only they place it.
    std::vector<const CallSite*> supplied;
    size_t named_first = 0;  // supplied[0, named_first) are callers the edge's URL names: their paths are preferred
    if (e.url && !fn.empty()) {
      std::set<std::string_view> from = url_functions(e);
      if (!from.empty()) {
        const std::set<std::string_view>& named = named_at_site[e.location];
        std::vector<const CallSite*> all;
        if (!guarded) all = ix.CallersOf(fn);
        std::vector<const CallSite*> unnamed;
        for (const CallSite* c : guarded ? callers->via : all) {
          if (from.count(c->caller()) != 0) {
            supplied.push_back(c);
          } else if (named.count(c->caller()) == 0) {
            unnamed.push_back(c);
          }
        }
        named_first = supplied.size();
        supplied.insert(supplied.end(), unnamed.begin(), unnamed.end());
        if (!supplied.empty()) {
          guarded = true;
          via_ptr = &supplied;
        }
      }
    }
    const std::vector<const CallSite*>& via = *via_ptr;
    // A URL chosen further up (a task passing `PlatformType.xpro.value` two calls above the bucket lookup): the
    // functions the URL came through that call the edge's function, directly or not. The edge, with this URL, runs
    // only through them: each chain starts at an outermost one (no other calls it) and passes through the others it
    // reaches, outer to inner (a script's `main` passing a setting down, then `keycloak_token` building the URL).
    struct Through {
      std::string_view outer;
      const Reach* from_outer;
      std::vector<std::pair<std::string_view, const Reach*>> inner;  // outer to inner
    };
    std::vector<Through> far;
    if (e.url && !fn.empty()) {
      std::vector<std::pair<std::string_view, const Reach*>> above;
      for (std::string_view f : url_functions(e)) {
        auto it = reach_from.find(f);
        if (it == reach_from.end()) it = reach_from.emplace(std::string(f), graph.From({std::string(f)})).first;
        if (it->second.reaches(fn)) above.emplace_back(f, &it->second);
      }
      auto calls = [](const std::pair<std::string_view, const Reach*>& a, std::string_view b) {
        return a.first != b && a.second->reaches(std::string(b));
      };
      bool beyond_callers = false;
      std::vector<const CallSite*> direct;
      if (!above.empty()) direct = ix.CallersOf(fn);
      for (const auto& [f, r] : above) {
        if (std::any_of(above.begin(), above.end(), [&](const auto& o) { return calls(o, f); })) continue;
        Through t{f, r, {}};
        for (const auto& other : above) {
          if (calls({f, r}, other.first) && !calls(other, f)) t.inner.push_back(other);
        }
        // Outer first: one that calls more of the others comes before them.
        auto reached = [&](const std::pair<std::string_view, const Reach*>& x) {
          return std::count_if(t.inner.begin(), t.inner.end(), [&](const auto& y) { return calls(x, y.first); });
        };
        std::stable_sort(t.inner.begin(), t.inner.end(), [&](const auto& x, const auto& y) { return reached(x) > reached(y); });
        far.push_back(std::move(t));
        beyond_callers |= std::none_of(direct.begin(), direct.end(), [&](const CallSite* c) { return c->caller() == f; });
      }
      if (!beyond_callers) far.clear();
    }
    // Whether `r` reaches the edge, and through which call chain.
    auto reaches = [&](const Reach& r, std::vector<Provenance>* path) {
      if (fn.empty()) return false;
      if (!far.empty()) {
        std::optional<std::vector<Provenance>> best;
        for (const Through& t : far) {
          std::string name(t.outer);
          if (!r.reaches(name)) continue;
          std::vector<Provenance> p = Graph::PathTo(r, name);
          const Reach* at = t.from_outer;
          for (const auto& [g, from_g] : t.inner) {
            std::string next(g);
            if (!at->reaches(next)) continue;
            std::vector<Provenance> step = Graph::PathTo(*at, next);
            p.insert(p.end(), step.begin(), step.end());
            at = from_g;
          }
          std::vector<Provenance> rest = Graph::PathTo(*at, fn);
          p.insert(p.end(), rest.begin(), rest.end());
          if (!best || p.size() < best->size()) best = std::move(p);
        }
        if (!best) return false;
        if (path != nullptr) *path = std::move(*best);
        return true;
      }
      if (!guarded) {
        if (!r.reaches(fn)) return false;
        if (path != nullptr) *path = Graph::PathTo(r, fn);
        return true;
      }
      if (auto entry = r.parents.find(State(fn, "")); entry != r.parents.end() && entry->second.second == nullptr) {
        if (path != nullptr) path->clear();  // the function is the entry point itself
        return true;
      }
      std::optional<std::vector<Provenance>> best;  // the shortest chain through a caller that takes the branch
      for (size_t i = 0; i < via.size(); ++i) {
        if (i == named_first && best) break;  // a caller the URL names gave a chain: prefer it
        const CallSite* c = via[i];
        if (c->caller().empty() || !r.reaches(c->caller())) continue;
        // Placed through the recursive call it reaches the edge by (below), not as if it made the call itself.
        if (std::find(callers->through_recursion.begin(), callers->through_recursion.end(), c) !=
            callers->through_recursion.end()) {
          continue;
        }
        if (c->caller() == fn && c->scope.function != nullptr) {
          if (const auto& outer = outer_callers_of(c)) {
            for (const CallSite* d : *outer) {
              if (d->caller().empty() || !r.reaches(d->caller())) continue;
              std::vector<Provenance> p = Graph::PathTo(r, d->caller());
              p.push_back(ProvenanceOf(d->scope, *d->call));
              p.push_back(ProvenanceOf(c->scope, *c->call));
              if (!best || p.size() < best->size()) best = std::move(p);
            }
            continue;
          }
        }
        std::vector<Provenance> p = Graph::PathTo(r, c->caller());
        p.push_back(ProvenanceOf(c->scope, *c->call));
        if (!best || p.size() < best->size()) best = std::move(p);
      }
      if (!best) return false;
      if (path != nullptr) *path = std::move(*best);
      return true;
    };
    // Every beat entry that reaches the edge, most frequent first (unknown periods last), then by name.
    std::vector<const BeatReach*> hits;
    for (const BeatReach& b : beats) {
      if (reaches(*b.reach, nullptr)) hits.push_back(&b);
    }
    if (!hits.empty()) {
      std::sort(hits.begin(), hits.end(), [](const BeatReach* a, const BeatReach* b) {
        double pa = a->period.value_or(1e300), pb = b->period.value_or(1e300);
        if (pa != pb) return pa < pb;
        return std::tie(a->cadence.beat[0].name, a->cadence.beat[0].file, a->cadence.beat[0].line) <
               std::tie(b->cadence.beat[0].name, b->cadence.beat[0].file, b->cadence.beat[0].line);
      });
      edges::Cadence c = hits[0]->cadence;
      c.beat.clear();
      c.has_beat_field = true;
      std::vector<std::string> texts;
      for (const BeatReach* h : hits) {
        if (std::find(texts.begin(), texts.end(), h->cadence.text) == texts.end()) texts.push_back(h->cadence.text);
        c.beat.push_back(h->cadence.beat[0]);
      }
      c.text.clear();
      for (size_t i = 0; i < texts.size(); ++i) c.text += (i > 0 ? " + " : "") + texts[i];
      std::sort(c.beat.begin(), c.beat.end(), [](const edges::BeatRef& a, const edges::BeatRef& b) {
        return std::tie(a.name, a.file, a.line, a.task) < std::tie(b.name, b.file, b.line, b.task);
      });
      e.trigger = "beat";
      e.cadence = c;
      reaches(*hits[0]->reach, &e.path);
      continue;
    }
    // A call written in a script's `__main__` block runs when someone runs the script.
    if (fn.empty() && InMainBlock(mains, e.location)) {
      e.trigger = "manual";
      e.cadence = edges::Cadence{};
      e.cadence->text = "on demand";
      continue;
    }
    // No entry point reaches it: trigger stays "unknown" and cadence null (nothing we can see says when it runs).
    for (const Kind& k : kinds) {
      std::vector<Provenance> path;
      if (!reaches(k.reach, &path)) continue;
      e.trigger = k.trigger;
      e.cadence = edges::Cadence{};
      e.cadence->text = k.text;
      e.path = std::move(path);
      break;
    }
  }
}

}  // namespace edgescan::detect
