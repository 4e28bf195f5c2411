// Reachability (issue 5): breadth-first search over the call graph from each entry point, so `path` is a shortest
// call chain. The graph is the RepoIndex's call sites (each caller -> target once, at its first call site in source
// order), which keeps paths deterministic whatever the thread count.
#include "detect/reachability.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "cadence/cadence.h"
#include "detect/context.h"

namespace edgescan::detect {

using facts::Expr;
using facts::ExprKind;
using resolve::CallSite;
using resolve::RepoIndex;
using resolve::Scope;

namespace {

// function -> (the function that called it first, the call site); entry points map to ("", nullptr).
using Parents = std::map<std::string, std::pair<std::string, const CallSite*>, std::less<>>;

class Graph {
 public:
  explicit Graph(const RepoIndex& ix) {
    std::set<std::pair<std::string, std::string>> seen;
    for (const CallSite& site : ix.call_sites()) {
      if (site.caller.empty()) continue;
      auto add = [&](const std::string& target) {
        if (target.empty() || target == site.caller || !seen.emplace(site.caller, target).second) return;
        next_[site.caller].push_back({target, &site});
      };
      add(site.target);
      for (const std::string& f : site.composed) add(f);
    }
  }

  Parents From(const std::vector<std::string>& sources) const {
    Parents parents;
    std::deque<std::string> queue;
    for (const std::string& s : sources) {
      if (parents.emplace(s, std::make_pair(std::string(), nullptr)).second) queue.push_back(s);
    }
    while (!queue.empty()) {
      std::string f = queue.front();
      queue.pop_front();
      auto it = next_.find(f);
      if (it == next_.end()) continue;
      for (const auto& [target, site] : it->second) {
        if (parents.emplace(target, std::make_pair(f, site)).second) queue.push_back(target);
      }
    }
    return parents;
  }

  // The call sites from the entry point down to `function` (which `parents` reaches).
  static std::vector<Provenance> PathTo(const Parents& parents, const std::string& function) {
    std::vector<Provenance> path;
    std::string f = function;
    for (size_t guard = 0; guard <= parents.size(); ++guard) {
      auto it = parents.find(f);
      if (it == parents.end() || it->second.second == nullptr) break;
      path.push_back(ProvenanceOf(it->second.second->scope, *it->second.second->call));
      f = it->second.first;
    }
    std::reverse(path.begin(), path.end());
    return path;
  }

 private:
  std::map<std::string, std::vector<std::pair<std::string, const CallSite*>>, std::less<>> next_;
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

bool IsViewBase(std::string_view q) { return StartsWith(q, "rest_framework.") || StartsWith(q, "django.views."); }

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
      if (f.class_qualname == q) out->insert(f.qualname);
    }
    for (const std::string& b : ix.BaseNames(*c)) todo.push_back(b);
  }
}

std::vector<std::string> RequestEntries(const RepoIndex& ix, const std::vector<edges::Edge>& edges) {
  std::set<std::string> out;
  for (const edges::Edge& e : edges) {
    if (e.direction != "inbound" || e.view.empty()) continue;
    if (ix.FindFunction(e.view) != nullptr) {
      out.insert(e.view);
    } else if (ix.FindClass(e.view) != nullptr) {
      AddMethods(ix, e.view, &out);
    }
  }
  std::map<std::string, bool> view_classes;
  for (const facts::ModuleFacts& m : ix.modules()) {
    for (const facts::Function& f : m.functions) {
      if (!f.class_qualname.empty()) {
        auto it = view_classes.find(f.class_qualname);
        if (it == view_classes.end()) {
          it = view_classes.emplace(f.class_qualname, DerivesFrom(ix, f.class_qualname, IsViewBase)).first;
        }
        if (it->second) out.insert(f.qualname);
        continue;
      }
      if (f.params.empty() || f.params[0].name != "request") continue;
      bool api_view = false;
      Scope s = DefiningScope(ix, m, f);
      for (const Expr& d : f.decorators) {
        const Expr* callee = d.kind == ExprKind::kCall ? d.callee() : &d;
        api_view |= callee != nullptr && ix.QualifiedName(*callee, s) == "rest_framework.decorators.api_view";
      }
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

std::vector<std::string> ManualEntries(const RepoIndex& ix) {
  std::set<std::string> out;
  for (const facts::ModuleFacts& m : ix.modules()) {
    for (const facts::Class& c : m.classes) {
      if (!DerivesFrom(ix, c.qualname, IsCommandBase)) continue;
      if (const facts::Function* handle = ix.FindMethod(c.qualname, "handle")) out.insert(handle->qualname);
    }
  }
  return {out.begin(), out.end()};
}

// A beat entry and what its task reaches.
struct BeatReach {
  edges::Cadence cadence;  // the entry's own cadence (beat = [the entry])
  std::optional<double> period;
  Parents parents;
};

}  // namespace

void ReachabilityPass::Run(const DetectContext& ctx, std::vector<edges::Edge>* edges) {
  const RepoIndex& ix = ctx.index;
  Graph graph(ix);

  std::vector<BeatReach> beats;
  std::map<std::string, Parents> by_task;  // several entries often run one task
  for (const edges::Edge& e : *edges) {
    if (e.kind != "beat_schedule" || e.callee.empty() || !e.cadence || e.cadence->beat.empty()) continue;
    auto it = by_task.find(e.callee);
    if (it == by_task.end()) it = by_task.emplace(e.callee, graph.From({e.callee})).first;
    beats.push_back({*e.cadence, cadence::ApproximatePeriod(*e.cadence), it->second});
  }
  struct Kind {
    const char* trigger;
    const char* text;
    Parents parents;
  };
  Kind kinds[] = {{"request", "on request", graph.From(RequestEntries(ix, *edges))},
                  {"event", "on event", graph.From(EventEntries(ix))},
                  {"manual", "on demand", graph.From(ManualEntries(ix))}};

  for (edges::Edge& e : *edges) {
    if (e.direction != "outbound" || e.trigger != "unknown" || e.cadence) continue;
    const std::string& fn = e.location.function;
    // Every beat entry that reaches the edge, most frequent first (unknown periods last), then by name.
    std::vector<const BeatReach*> hits;
    for (const BeatReach& b : beats) {
      if (!fn.empty() && b.parents.count(fn) > 0) hits.push_back(&b);
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
      e.path = Graph::PathTo(hits[0]->parents, fn);
      continue;
    }
    // No entry point reaches it: trigger stays "unknown" and cadence null (nothing we can see says when it runs).
    for (const Kind& k : kinds) {
      if (fn.empty() || k.parents.count(fn) == 0) continue;
      e.trigger = k.trigger;
      e.cadence = edges::Cadence{};
      e.cadence->text = k.text;
      e.path = Graph::PathTo(k.parents, fn);
      break;
    }
  }
}

}  // namespace edgescan::detect
