// Urlconf resolution (see urlconf.h). Follows Django's own semantics where it matters: include() prefixes are
// plain string concatenation of the route pieces (django/urls/resolvers.py), and DRF routers build
// "^{prefix}/{lookup}{trailing_slash}$" routes from their Route templates (rest_framework/routers.py).
#include "detect/internal/urlconf.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "detect/context.h"

namespace edgescan::detect::internal {

using facts::Expr;
using facts::ExprKind;
using facts::Stmt;
using facts::StmtKind;
using resolve::Scope;
using resolve::Value;

namespace {

constexpr int kMaxDepth = 100;        // recursion steps (about five per include level)
constexpr size_t kMaxRoutes = 20000;  // routes per scan
constexpr long kMaxSteps = 500000;    // expressions visited per scan (`b = a + a; c = b + b; ...` doubles)
constexpr size_t kMaxChain = 64;      // classes in a class chain

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A regex route piece as Django joins it: the leading ^ and trailing $ (or \Z) go, groups stay.
std::string StripAnchors(std::string s) {
  if (!s.empty() && s[0] == '^') s.erase(0, 1);
  if (s.size() >= 2 && s.compare(s.size() - 2, 2, "\\Z") == 0) {
    s.resize(s.size() - 2);
  } else if (!s.empty() && s.back() == '$' && (s.size() < 2 || s[s.size() - 2] != '\\')) {
    s.pop_back();
  }
  return s;
}

struct Prefix {
  std::string route;
  bool known = true;
  std::vector<Provenance> chain;
};

// One addition to `urlpatterns`: a list expression, or a single pattern (.append / .insert).
struct Addition {
  const Expr* expr = nullptr;
  bool single = false;
};

class Resolver {
 public:
  explicit Resolver(const DetectContext& ctx) : ctx_(ctx), ix_(ctx.index), rules_(ctx.rules.django) {}

  std::vector<Route> Run() {
    const facts::ModuleFacts* root = RootUrlconf();
    if (root != nullptr) Module(*root, Prefix{}, 0);
    return std::move(routes_);
  }

 private:
  const facts::ModuleFacts* RootUrlconf() {
    const facts::ModuleFacts* where = nullptr;
    int line = 0;
    if (ix_.SettingExpr("ROOT_URLCONF", &where, &line) != nullptr) {
      std::optional<Value> v = ix_.Setting("ROOT_URLCONF");
      if (v && v->is_string() && v->known) {
        if (const facts::ModuleFacts* m = ix_.Module(v->text)) return m;
        ctx_.diagnostics->push_back({where != nullptr ? where->path : "", line, "warning",
                                     "ROOT_URLCONF '" + v->text +
                                         "' is not a module in the repository; "
                                         "no inbound routes read"});
        return nullptr;
      }
      ctx_.diagnostics->push_back({where != nullptr ? where->path : "", line, "warning",
                                   "ROOT_URLCONF is not a static string; no inbound routes read"});
      return nullptr;
    }
    // No ROOT_URLCONF: Django projects keep it beside the settings (`proj/settings.py` -> `proj/urls.py`).
    for (const facts::ModuleFacts* s : ix_.settings_modules()) {
      std::string pkg = s->module;
      for (int i = 0; i < 2 && !pkg.empty(); ++i) {
        size_t dot = pkg.rfind('.');
        pkg = dot == std::string::npos ? "" : pkg.substr(0, dot);
        if (const facts::ModuleFacts* m = ix_.Module(pkg.empty() ? "urls" : pkg + ".urls")) return m;
      }
    }
    return nullptr;
  }

  // Every walk checks this first: it also counts the step being taken.
  bool Full() { return routes_.size() >= kMaxRoutes || ++steps_ > kMaxSteps; }

  std::string Qual(const Expr& e, const Scope& s) const { return ix_.QualifiedName(e, s); }

  // `if settings.DEBUG:` / `if DEBUG and ...:` — development-only patterns.
  bool DebugOnly(const Expr& test) const {
    if (test.kind == ExprKind::kAttribute || test.kind == ExprKind::kName) return In(rules_.debug_settings, test.text);
    if (test.kind == ExprKind::kBoolOp && test.text == "and") {
      for (const Expr& c : test.children) {
        if (DebugOnly(c)) return true;
      }
    }
    return false;
  }

  static bool IsUrlpatterns(const Expr& e) { return e.kind == ExprKind::kName && e.text == "urlpatterns"; }

  void Collect(const std::vector<Stmt>& stmts, bool conditional, int depth, std::vector<Addition>* out,
               bool* assigned) const {
    if (depth > facts::kMaxStmtDepth) return;
    for (const Stmt& s : stmts) {
      switch (s.kind) {
        case StmtKind::kAssign:
          if (!s.exprs.empty() && std::any_of(s.targets.begin(), s.targets.end(), IsUrlpatterns)) {
            // `urlpatterns = urlpatterns + [...]` extends what is there; any other unconditional assignment resets.
            bool self = false;
            facts::ForEachExpr(s.exprs[0], [&](const Expr& x) { self |= IsUrlpatterns(x); });
            if (!conditional && !self) out->clear();
            out->push_back({&s.exprs[0], false});
            if (!self) *assigned = true;
          }
          break;
        case StmtKind::kAugAssign:
          if (!s.exprs.empty() && !s.targets.empty() && IsUrlpatterns(s.targets[0]) && s.op == "+=") {
            out->push_back({&s.exprs[0], false});
          }
          break;
        case StmtKind::kExpr: {
          if (s.exprs.empty() || s.exprs[0].kind != ExprKind::kCall) break;
          const Expr& call = s.exprs[0];
          const Expr* callee = call.callee();
          if (callee->kind != ExprKind::kAttribute || callee->children.empty() || !IsUrlpatterns(callee->children[0])) {
            break;
          }
          std::vector<const Expr*> pos = call.positional();
          if (callee->text == "append" && !pos.empty()) out->push_back({pos[0], true});
          if (callee->text == "extend" && !pos.empty()) out->push_back({pos[0], false});
          if (callee->text == "insert" && pos.size() >= 2) out->push_back({pos[1], true});
          break;
        }
        case StmtKind::kIf:
          if (!s.exprs.empty() && DebugOnly(s.exprs[0])) {
            Collect(s.orelse, true, depth + 1, out, assigned);
          } else {
            Collect(s.body, true, depth + 1, out, assigned);
            Collect(s.orelse, true, depth + 1, out, assigned);
          }
          break;
        case StmtKind::kDef:
        case StmtKind::kClass:
          break;
        default:
          Collect(s.body, true, depth + 1, out, assigned);
          Collect(s.orelse, true, depth + 1, out, assigned);
          break;
      }
    }
  }

  // A urls module: its `urlpatterns`, every addition in order.
  void Module(const facts::ModuleFacts& m, const Prefix& p, int depth) {
    if (depth > kMaxDepth || Full()) return;
    if (std::find(stack_.begin(), stack_.end(), &m) != stack_.end()) return;  // include cycle
    stack_.push_back(&m);
    std::vector<Addition> additions;
    bool assigned = false;
    Collect(m.body, false, 0, &additions, &assigned);
    Scope scope = ix_.ScopeOf(m, nullptr);
    if (!assigned) {
      // `from .base_urls import *` (or `from .base_urls import urlpatterns`) then `urlpatterns += [...]`: the last
      // module-level import that brings a `urlpatterns` in.
      const facts::ModuleFacts* from = nullptr;
      for (const facts::Import& imp : m.imports) {
        if (!imp.scope.empty()) continue;
        if (imp.local == "*") {
          const facts::ModuleFacts* star = ix_.Module(imp.target);
          if (star != nullptr && star != &m && ix_.ModuleBinding(*star, "urlpatterns") != nullptr) from = star;
        } else if (imp.local == "urlpatterns") {
          size_t dot = imp.target.rfind('.');
          const facts::ModuleFacts* owner = dot == std::string::npos ? nullptr : ix_.Module(imp.target.substr(0, dot));
          if (owner != nullptr && owner != &m) from = owner;
        }
      }
      if (from != nullptr) Module(*from, p, depth + 1);
    }
    for (const Addition& a : additions) {
      if (a.single) {
        Entry(*a.expr, scope, p, depth + 1);
      } else {
        Patterns(*a.expr, scope, p, depth + 1);
      }
    }
    stack_.pop_back();
  }

  // A helper of the repo's own that hands the patterns back, maybe under a prefix (`prefix_url_patterns(base)`:
  // `if settings.MITOL_APP_PATH_PREFIX: return (path(f"{prefix}/", include(urlpatterns)),)`, else `return
  // urlpatterns`): the return that runs with the settings' defaults (a test whose value is not known takes the
  // unconditional return after it), read with the helper's parameters standing for the caller's arguments.
  void Wrapped(const Expr& call, const std::string& q, const Scope& s, const Prefix& p, int depth) {
    if (depth > kMaxDepth || Full() || q.empty()) return;
    const facts::ModuleFacts* m = nullptr;
    const facts::Function* fn = ix_.FindFunction(q, &m);
    if (fn == nullptr || m == nullptr) return;
    if (std::any_of(bindings_.begin(), bindings_.end(), [&](const ParamBinding& b) { return b.fn == fn; })) return;
    Scope fs = ix_.ScopeOf(*m, fn);
    const Expr* ret = ChosenReturn(fn->body, fs, 0);
    if (ret == nullptr) return;
    ParamBinding b;
    b.fn = fn;
    b.caller = s;
    for (size_t i = 0; i < fn->params.size(); ++i) {
      if (const Expr* a = resolve::ArgumentFor(call, *fn, i, false)) b.args.emplace(fn->params[i].name, a);
    }
    bindings_.push_back(std::move(b));
    Patterns(*ret, fs, p, depth + 1);
    bindings_.pop_back();
  }

  const Expr* ChosenReturn(const std::vector<facts::Stmt>& body, const Scope& fs, int depth) const {
    if (depth > 8) return nullptr;
    for (const facts::Stmt& st : body) {
      if (st.kind == facts::StmtKind::kReturn) return st.exprs.empty() ? nullptr : &st.exprs[0];
      if (st.kind != facts::StmtKind::kIf || st.exprs.empty()) continue;
      Value v = ix_.Evaluate(st.exprs[0], fs);
      std::optional<bool> truth;
      if (v.known && v.kind == Value::Kind::kString) truth = !v.text.empty();
      if (v.known && v.kind == Value::Kind::kBool) truth = v.boolean;
      if (v.kind == Value::Kind::kNone) truth = false;
      if (!truth) continue;
      if (const Expr* r = ChosenReturn(*truth ? st.body : st.orelse, fs, depth + 1)) return r;
    }
    return nullptr;
  }

  // An expression holding a list of url patterns.
  void Patterns(const Expr& e, const Scope& s, const Prefix& p, int depth) {
    if (depth > kMaxDepth || Full()) return;
    switch (e.kind) {
      case ExprKind::kList:
      case ExprKind::kTuple:
      case ExprKind::kSet:
        for (const Expr& c : e.children) {
          if (c.kind == ExprKind::kStarred && !c.children.empty()) {
            Patterns(c.children[0], s, p, depth + 1);
          } else {
            Entry(c, s, p, depth + 1);
          }
        }
        break;
      case ExprKind::kBinOp:
        if (e.text == "+" && e.children.size() == 2) {
          Patterns(e.children[0], s, p, depth + 1);
          Patterns(e.children[1], s, p, depth + 1);
        }
        break;
      case ExprKind::kConditional:
        if (e.children.size() == 3) {
          if (!DebugOnly(e.children[1])) Patterns(e.children[0], s, p, depth + 1);
          Patterns(e.children[2], s, p, depth + 1);
        }
        break;
      case ExprKind::kName:
      case ExprKind::kAttribute:
        Named(e, s, p, e, depth + 1);
        break;
      case ExprKind::kCall: {
        std::string q = Qual(*e.callee(), s);
        if (In(rules_.path_functions, q) || In(rules_.re_path_functions, q)) {
          Entry(e, s, p, depth + 1);
        } else if (In(rules_.passthrough_functions, q)) {
          for (const Expr* a : e.positional()) Patterns(*a, s, p, depth + 1);
        } else if (q == "itertools.chain") {
          for (const Expr* a : e.positional()) Patterns(*a, s, p, depth + 1);
        } else if (q == "functools.reduce" || q == "sum" || q == "itertools.chain.from_iterable") {
          // `reduce(add, groups)`, `sum(groups, [])`, `chain.from_iterable(groups)`: each list of the groups.
          std::vector<const Expr*> pos = e.positional();
          const Expr* groups = q == "functools.reduce" ? (pos.size() >= 2 ? pos[1] : nullptr) : (pos.empty() ? nullptr : pos[0]);
          bool adds = q != "functools.reduce" ||
                      (!pos.empty() && (Qual(*pos[0], s) == "operator.add" || Qual(*pos[0], s) == "operator.concat"));
          Scope gs = s;
          if (groups != nullptr && groups->kind == ExprKind::kName && s.module != nullptr) {
            const facts::ModuleFacts* where = nullptr;
            const Expr* bound = ix_.ModuleBinding(*s.module, groups->text, &where);
            if (bound != nullptr && where != nullptr) {
              groups = bound;
              gs = ix_.ScopeOf(*where, nullptr);
            }
          }
          if (adds && groups != nullptr && (groups->kind == ExprKind::kList || groups->kind == ExprKind::kTuple)) {
            for (const Expr& g : groups->children) Patterns(g, gs, p, depth + 1);
          }
        } else {
          Wrapped(e, q, s, p, depth + 1);
        }
        break;
      }
      default:
        break;
    }
  }

  // A name or attribute that holds url patterns: a list bound in a module, a urls module, a router's .urls, or
  // a package's urlconf.
  void Named(const Expr& e, const Scope& s, const Prefix& p, const Expr& site, int depth) {
    if (depth > kMaxDepth || Full() || s.module == nullptr) return;
    if (e.kind == ExprKind::kAttribute && e.text == "urls" && !e.children.empty()) {
      std::string external;
      if (Router(e, s, p, depth, &external)) return;
      if (!external.empty()) {
        External(external, p, s, site);
        return;
      }
    }
    if (e.kind == ExprKind::kName && !bindings_.empty() && s.function == bindings_.back().fn) {
      // A parameter of the helper being read: what its caller passed.
      auto it = bindings_.back().args.find(e.text);
      if (it != bindings_.back().args.end()) {
        // Read in the caller's scope, outside this helper's binding (the argument may name the caller's own helper).
        const Expr* arg = it->second;
        ParamBinding b = std::move(bindings_.back());
        bindings_.pop_back();
        Patterns(*arg, b.caller, p, depth + 1);
        bindings_.push_back(std::move(b));
        return;
      }
    }
    if (e.kind == ExprKind::kName) {
      // `urlpatterns` inside the module being read stands for what it holds so far: already walked.
      if (e.text == "urlpatterns" && !stack_.empty() && stack_.back() == s.module) return;
      const facts::ModuleFacts* where = nullptr;
      if (const Expr* bound = ix_.ModuleBinding(*s.module, e.text, &where); bound != nullptr && where != nullptr) {
        if (e.text == "urlpatterns" && where != s.module) {
          Module(*where, p, depth + 1);
        } else {
          Patterns(*bound, ix_.ScopeOf(*where, nullptr), p, depth + 1);
        }
        return;
      }
    }
    std::string q = Qual(e, s);
    if (q.empty()) return;
    if (const facts::ModuleFacts* m = ix_.Module(q)) {
      Module(*m, p, depth + 1);
      return;
    }
    size_t dot = q.rfind('.');
    if (dot != std::string::npos) {
      if (const facts::ModuleFacts* owner = ix_.Module(q.substr(0, dot))) {
        std::string name = q.substr(dot + 1);
        if (name == "urlpatterns") {
          Module(*owner, p, depth + 1);
          return;
        }
        const facts::ModuleFacts* where = nullptr;
        if (const Expr* bound = ix_.ModuleBinding(*owner, name, &where); bound != nullptr && where != nullptr) {
          Patterns(*bound, ix_.ScopeOf(*where, nullptr), p, depth + 1);
        }
        return;  // something of ours that holds no patterns we can read
      }
    }
    if (ix_.FindFunction(q) != nullptr || ix_.FindClass(q) != nullptr) return;
    // Something deeper inside one of our modules (`subscription_router.urls` of a router we cannot read): ours,
    // not a package's urlconf.
    for (size_t d = q.find('.'); d != std::string::npos; d = q.find('.', d + 1)) {
      if (ix_.Module(q.substr(0, d)) != nullptr) return;
    }
    External(q, p, s, site);
  }

  // Where a module-level name is bound: the expression and its module, through imports of our modules.
  const Expr* BindingOf(const Expr& e, const Scope& s, const facts::ModuleFacts** where, std::string* name) const {
    if (s.module == nullptr) return nullptr;
    if (e.kind == ExprKind::kName) {
      if (const Expr* b = ix_.ModuleBinding(*s.module, e.text, where)) {
        *name = e.text;
        return b;
      }
    }
    std::string q = Qual(e, s);
    size_t dot = q.rfind('.');
    if (dot == std::string::npos) return nullptr;
    const facts::ModuleFacts* owner = ix_.Module(q.substr(0, dot));
    if (owner == nullptr) return nullptr;
    *name = q.substr(dot + 1);
    return ix_.ModuleBinding(*owner, *name, where);
  }

  const ruleset::DjangoRouterRule* RouterRule(const std::string& q) const {
    for (const ruleset::DjangoRouterRule& r : rules_.routers) {
      if (In(r.names, q)) return &r;
    }
    return nullptr;
  }

  // `router.urls`: expands the router's registrations. Returns false when the object is not a known router; then
  // `external` names the object's class when it is a package's (WagtailAPIRouter(...).urls).
  bool Router(const Expr& attr, const Scope& s, const Prefix& p, int depth, std::string* external) {
    const facts::ModuleFacts* where = nullptr;
    std::string var;
    const Expr* bound = BindingOf(attr.children[0], s, &where, &var);
    if (bound == nullptr || where == nullptr || bound->kind != ExprKind::kCall) return false;
    Scope ws = ix_.ScopeOf(*where, nullptr);
    std::string ctor = Qual(*bound->callee(), ws);
    const ruleset::DjangoRouterRule* rule = RouterRule(ctor);
    if (rule == nullptr) {
      // A router class of the repo's own (class NestedSimpleRouter(NestedMixin, routers.SimpleRouter)) works as the
      // package router it derives from.
      if (const facts::Class* c = ix_.FindClass(ctor)) {
        for (const std::string& base : ChainOf(ix_, *c).external_bases) {
          if ((rule = RouterRule(base)) != nullptr) break;
        }
      }
    }
    if (rule == nullptr) {
      if (!ctor.empty() && ix_.FindClass(ctor) == nullptr && ix_.FindFunction(ctor) == nullptr) {
        *external = ctor + "." + attr.text;
      }
      return false;
    }
    // A nested router's routes sit under its parent's prefix and lookup.
    std::string nest;
    if (rule->parent_prefix.present()) {
      const Expr* pp = bound->arg(rule->parent_prefix.arg, rule->parent_prefix.kw);
      Value pv = pp != nullptr ? ix_.Evaluate(*pp, ws) : Value{};
      std::string lookup = "pk";
      if (rule->parent_lookup.present()) {
        if (const Expr* l = bound->arg(rule->parent_lookup.arg, rule->parent_lookup.kw)) {
          Value lv = ix_.Evaluate(*l, ws);
          if (lv.is_string() && lv.known) lookup = lv.text + "_pk";
        }
      }
      nest = (pv.is_string() && pv.known ? pv.text : "{parent_prefix}") + "/(?P<" + lookup + ">[^/.]+)/";
    }
    std::string trailing = "/";
    if (rule->trailing_slash.present()) {
      if (const Expr* t = bound->arg(rule->trailing_slash.arg, rule->trailing_slash.kw)) {
        Value v = ix_.Evaluate(*t, ws);
        if (v.kind == Value::Kind::kBool && v.known) trailing = v.boolean ? "/" : "";
        if (v.is_string() && v.known) trailing = v.text;
      }
    }
    // Registrations anywhere in the router's module body (not in functions), in source order.
    std::vector<const Expr*> registrations;
    facts::ForEachExprInStmts(where->body, [&](const Expr& x) {
      if (x.kind != ExprKind::kCall) return;
      const Expr* c = x.callee();
      if (c->kind == ExprKind::kAttribute && c->text == rule->register_method && !c->children.empty() &&
          c->children[0].kind == ExprKind::kName && c->children[0].text == var) {
        registrations.push_back(&x);
      }
    });
    for (const Expr* reg : registrations) {
      const Expr* prefix_arg = reg->arg(0, "prefix");
      const Expr* viewset_arg = reg->arg(1, "viewset");
      if (prefix_arg == nullptr || viewset_arg == nullptr) continue;
      Value pv = ix_.Evaluate(*prefix_arg, ws);
      bool known = pv.is_string() && pv.known;
      std::string prefix = known ? pv.text : (pv.tmpl.empty() ? "{prefix}" : pv.tmpl);
      prefix = nest + prefix;
      ViewTarget view = ClassView(*viewset_arg, ws);
      Prefix np = p;
      np.known &= known;
      np.chain.push_back(ProvenanceOf(ws, *reg));
      Expand(*rule, prefix, trailing, view, np, depth);
      if (Full()) break;
    }
    return true;
  }

  struct ExtraAction {
    std::string name;
    bool detail = false;
    std::vector<std::string> methods;  // lower case
    std::string url_path;
  };

  std::vector<ExtraAction> ExtraActions(const facts::Class& c) const {
    std::vector<ExtraAction> out;
    std::set<std::string> seen;
    ClassChain chain = ChainOf(ix_, c);
    for (const auto& [klass, module] : chain.classes) {
      Scope cs = ix_.ScopeOfClass(*module, klass);
      for (const facts::Function* f : MethodsOf(*module, *klass)) {
        if (seen.count(f->name)) continue;
        for (const Expr& d : f->decorators) {
          const Expr* call = d.kind == ExprKind::kCall ? &d : nullptr;
          std::string q = Qual(call != nullptr ? *call->callee() : d, cs);
          const ruleset::DjangoDecoratorRule* rule = nullptr;
          for (const ruleset::DjangoDecoratorRule& r : rules_.decorators) {
            if (r.action && In(r.names, q)) rule = &r;
            if (rule != nullptr) break;
          }
          if (rule == nullptr) continue;
          ExtraAction a;
          a.name = f->name;
          a.url_path = f->name;
          a.detail = rule->detail == 1;
          if (call != nullptr) {
            if (rule->detail < 0) {
              if (const Expr* dv = call->keyword("detail")) {
                Value v = ix_.Evaluate(*dv, cs);
                a.detail = v.kind == Value::Kind::kBool && v.known && v.boolean;
              }
            }
            if (rule->methods_arg.present()) {
              if (const Expr* m = call->arg(rule->methods_arg.arg, rule->methods_arg.kw))
                a.methods = StringList(*m, cs);
            }
            if (rule->url_path.present()) {
              if (const Expr* u = call->arg(rule->url_path.arg, rule->url_path.kw)) {
                Value v = ix_.Evaluate(*u, cs);
                if (v.is_string() && v.known) a.url_path = v.text;
              }
            }
          }
          if (a.methods.empty()) {
            for (const std::string& m : rule->methods) a.methods.push_back(Lower(m));
          }
          seen.insert(f->name);
          out.push_back(std::move(a));
          break;
        }
      }
    }
    return out;
  }

  // A list/tuple of string literals (or names of constants), lower-cased.
  std::vector<std::string> StringList(const Expr& e, const Scope& s) const {
    std::vector<std::string> out;
    Value v = ix_.Evaluate(e, s);
    if (v.kind == Value::Kind::kList) {
      for (const Value& item : v.items) {
        if (item.is_string() && item.known) out.push_back(Lower(item.text));
      }
    } else if (v.is_string() && v.known) {
      out.push_back(Lower(v.text));
    }
    return out;
  }

  std::string ClassAttrString(const facts::Class& c, std::string_view name) const {
    ClassChain chain = ChainOf(ix_, c);
    for (const auto& [klass, module] : chain.classes) {
      for (const Stmt& st : klass->body) {
        if (st.kind != StmtKind::kAssign || st.exprs.empty()) continue;
        for (const Expr& t : st.targets) {
          if (t.kind == ExprKind::kName && t.text == name) {
            Value v = ix_.Evaluate(st.exprs[0], ix_.ScopeOfClass(*module, klass));
            return v.is_string() && v.known ? v.text : "";
          }
        }
      }
    }
    return "";
  }

  void Expand(const ruleset::DjangoRouterRule& rule, const std::string& prefix, const std::string& trailing,
              const ViewTarget& view, const Prefix& p, int depth) {
    if (depth > kMaxDepth) return;
    std::vector<std::string> available;
    std::vector<ExtraAction> extra;
    std::string lookup = "(?P<pk>[^/.]+)";
    if (view.klass != nullptr) {
      available = ViewsetActions(ctx_, *view.klass);
      extra = ExtraActions(*view.klass);
      std::string field = ClassAttrString(*view.klass, "lookup_field");
      std::string kwarg = ClassAttrString(*view.klass, "lookup_url_kwarg");
      std::string value = ClassAttrString(*view.klass, "lookup_value_regex");
      lookup = "(?P<" +
               (!kwarg.empty()   ? kwarg
                : !field.empty() ? field
                                 : std::string("pk")) +
               ">" + (!value.empty() ? value : std::string("[^/.]+")) + ")";
    }
    auto format = [&](const std::string& tmpl, const std::string& url_path) {
      std::string out;
      for (size_t i = 0; i < tmpl.size();) {
        auto take = [&](std::string_view key, const std::string& with) {
          if (tmpl.compare(i, key.size(), key) != 0) return false;
          out += with;
          i += key.size();
          return true;
        };
        if (take("{prefix}", prefix) || take("{lookup}", lookup) || take("{trailing_slash}", trailing) ||
            take("{url_path}", url_path)) {
          continue;
        }
        out.push_back(tmpl[i++]);
      }
      // DRF: an empty prefix must not leave a leading slash.
      if (prefix.empty() && !out.empty() && out[0] == '/') out.erase(0, 1);
      return out;
    };
    for (const ruleset::DjangoRouterRoute& rr : rule.routes) {
      if (!rr.dynamic) {
        ViewTarget v = view;
        v.router = true;
        for (const auto& [method, action] : rr.mapping) {
          if (view.klass == nullptr || std::find(available.begin(), available.end(), action) != available.end()) {
            v.actions.emplace_back(method, action);
          }
        }
        if (v.actions.empty()) continue;
        Push(p, format(rr.url, ""), v);
      } else {
        for (const ExtraAction& a : extra) {
          if (a.detail != rr.detail) continue;
          ViewTarget v = view;
          v.router = true;
          for (const std::string& m : a.methods) v.actions.emplace_back(m, a.name);
          Push(p, format(rr.url, a.url_path), v);
        }
      }
    }
  }

  void Push(const Prefix& p, const std::string& piece, ViewTarget view) {
    if (Full()) return;
    Route r;
    r.route = p.route + piece;
    r.known = p.known;
    r.view = std::move(view);
    r.chain = p.chain;
    if (!r.chain.empty()) r.declared = r.chain.back();
    routes_.push_back(std::move(r));
  }

  ViewTarget ClassView(const Expr& cls, const Scope& s) const {
    ViewTarget v;
    v.qualname = Qual(cls, s);
    const facts::ModuleFacts* m = nullptr;
    if (const facts::Class* c = ix_.FindClass(v.qualname, &m)) {
      v.kind = ViewTarget::Kind::kClass;
      v.klass = c;
      v.module = m;
    } else if (!v.qualname.empty()) {
      v.kind = ViewTarget::Kind::kExternal;
    }
    return v;
  }

  // A path()/re_path()/url() call.
  void Entry(const Expr& e, const Scope& s, const Prefix& p, int depth) {
    if (depth > kMaxDepth || Full() || e.kind != ExprKind::kCall) return;
    std::string q = Qual(*e.callee(), s);
    bool regex = In(rules_.re_path_functions, q);
    if (!regex && !In(rules_.path_functions, q)) {
      if (In(rules_.passthrough_functions, q)) Patterns(e, s, p, depth + 1);
      return;
    }
    const Expr* route_arg = e.arg(0, "route");
    const Expr* view_arg = e.arg(1, "view");
    if (route_arg == nullptr || view_arg == nullptr) return;
    Value v = ix_.Evaluate(*route_arg, s);
    bool known = v.is_string() && v.known;
    std::string piece = known ? v.text : (!v.tmpl.empty() ? v.tmpl : std::string("{route}"));
    if (regex) piece = StripAnchors(piece);
    Prefix np = p;
    np.route += piece;
    np.known &= known;
    np.chain.push_back(ProvenanceOf(s, e));
    ViewArg(*view_arg, s, np, depth + 1, {});
  }

  void ViewArg(const Expr& v, const Scope& s, const Prefix& p, int depth, std::vector<std::string> wrappers) {
    if (depth > kMaxDepth || Full()) return;
    switch (v.kind) {
      case ExprKind::kCall: {
        const Expr& callee = *v.callee();
        std::string q = Qual(callee, s);
        if (In(rules_.include_functions, q)) {
          if (const Expr* a = v.arg(0, "arg")) Include(*a, s, p, v, depth + 1);
          return;
        }
        if (callee.kind == ExprKind::kAttribute && callee.text == "as_view" && !callee.children.empty()) {
          ViewTarget t = ClassView(callee.children[0], s);
          if (const Expr* actions = v.arg(0, "actions"); actions != nullptr && actions->kind == ExprKind::kDict) {
            for (const Expr& pair : actions->children) {
              if (pair.kind != ExprKind::kPair || pair.children.size() != 2) continue;
              Value k = ix_.Evaluate(pair.children[0], s);
              Value a = ix_.Evaluate(pair.children[1], s);
              if (k.is_string() && k.known && a.is_string() && a.known) t.actions.emplace_back(Lower(k.text), a.text);
            }
          }
          t.wrappers = std::move(wrappers);
          Push(p, "", std::move(t));
          return;
        }
        // A decorator applied in the urlconf: csrf_exempt(view), cache_page(60)(view).
        std::vector<const Expr*> pos = v.positional();
        if (pos.empty()) return;
        if (q.empty() && callee.kind == ExprKind::kCall) q = Qual(*callee.callee(), s);
        if (!q.empty()) wrappers.insert(wrappers.begin(), q);
        ViewArg(*pos[0], s, p, depth + 1, std::move(wrappers));
        return;
      }
      case ExprKind::kTuple:
        if (!v.children.empty()) Include(v.children[0], s, p, v, depth + 1);  // (patterns, app_name[, namespace])
        return;
      case ExprKind::kList:
        Patterns(v, s, p, depth + 1);
        return;
      case ExprKind::kString: {
        // Django < 2 allowed a dotted path string as the view.
        ViewTarget t = FunctionView(v.text);
        t.wrappers = std::move(wrappers);
        Push(p, "", std::move(t));
        return;
      }
      case ExprKind::kName:
      case ExprKind::kAttribute: {
        if (v.kind == ExprKind::kAttribute && v.text == "urls") {
          Named(v, s, p, v, depth + 1);
          return;
        }
        std::string q = Qual(v, s);
        if (q.empty()) return;
        if (ix_.Module(q) != nullptr) {
          Named(v, s, p, v, depth + 1);
          return;
        }
        if (v.kind == ExprKind::kName && s.module != nullptr) {
          const facts::ModuleFacts* where = nullptr;
          if (const Expr* b = ix_.ModuleBinding(*s.module, v.text, &where);
              b != nullptr && (b->kind == ExprKind::kList || b->kind == ExprKind::kTuple)) {
            Patterns(*b, ix_.ScopeOf(*where, nullptr), p, depth + 1);
            return;
          }
        }
        ViewTarget t = FunctionView(q);
        t.wrappers = std::move(wrappers);
        Push(p, "", std::move(t));
        return;
      }
      default:
        return;
    }
  }

  ViewTarget FunctionView(const std::string& q) const {
    ViewTarget t;
    t.qualname = q;
    const facts::ModuleFacts* m = nullptr;
    if (const facts::Function* f = ix_.FindFunction(q, &m)) {
      t.kind = ViewTarget::Kind::kFunction;
      t.function = f;
      t.module = m;
    } else if (const facts::Class* c = ix_.FindClass(q, &m)) {
      t.kind = ViewTarget::Kind::kClass;
      t.klass = c;
      t.module = m;
    } else {
      t.kind = ViewTarget::Kind::kExternal;
    }
    return t;
  }

  // include(arg): a module name, a module, a list, a (patterns, app_name) tuple, a router's urls.
  void Include(const Expr& a, const Scope& s, const Prefix& p, const Expr& site, int depth) {
    if (depth > kMaxDepth || Full()) return;
    switch (a.kind) {
      case ExprKind::kString:
        IncludeModule(a.text, s, p, site, depth);
        return;
      case ExprKind::kTuple:
        if (!a.children.empty()) Include(a.children[0], s, p, site, depth + 1);
        return;
      case ExprKind::kList:
      case ExprKind::kBinOp:
      case ExprKind::kConditional:
        Patterns(a, s, p, depth + 1);
        return;
      case ExprKind::kName:
      case ExprKind::kAttribute: {
        // A name may hold a module's dotted name: include(settings.EXTRA_URLCONF).
        Value v = ix_.Evaluate(a, s);
        if (v.is_string() && v.known) {
          IncludeModule(v.text, s, p, site, depth);
          return;
        }
        Named(a, s, p, site, depth + 1);
        return;
      }
      default: {
        Value v = ix_.Evaluate(a, s);
        if (v.is_string() && v.known) IncludeModule(v.text, s, p, site, depth);
        return;
      }
    }
  }

  void IncludeModule(const std::string& name, const Scope& s, const Prefix& p, const Expr& site, int depth) {
    if (const facts::ModuleFacts* m = ix_.Module(name)) {
      Module(*m, p, depth + 1);
    } else {
      External(name, p, s, site);
    }
  }

  const ruleset::DjangoExternalUrlconfRule* ExternalRule(const std::string& q) const {
    for (const ruleset::DjangoExternalUrlconfRule& r : rules_.external_urlconfs) {
      if (In(r.names, q)) return &r;
    }
    for (const ruleset::DjangoExternalUrlconfRule& r : rules_.external_urlconfs) {
      for (const auto& pat : r.patterns) {
        if (pat->FullMatch(q)) return &r;
      }
    }
    return nullptr;
  }

  void External(const std::string& q, const Prefix& p, const Scope& s, const Expr& site) {
    if (Full()) return;
    const ruleset::DjangoExternalUrlconfRule* rule = ExternalRule(q);
    if (rule != nullptr && rule->plain) return;
    Route r;
    r.route = p.route;
    r.known = p.known;
    r.external = q;
    r.external_rule = rule;
    r.declared = ProvenanceOf(s, site);
    r.chain = p.chain;
    if (r.chain.empty() || !(r.chain.back() == r.declared)) r.chain.push_back(r.declared);
    r.view.kind = ViewTarget::Kind::kExternal;
    r.view.qualname = q;
    if (rule == nullptr || rule->routes.empty()) {
      routes_.push_back(std::move(r));
      return;
    }
    for (const ruleset::DjangoExternalRoute& er : rule->routes) {
      Route each = r;
      each.route = p.route + er.route;
      each.external_route = &er;
      each.view.qualname = er.view.empty() ? q : er.view;
      routes_.push_back(std::move(each));
    }
  }

  const DetectContext& ctx_;
  const resolve::RepoIndex& ix_;
  const ruleset::DjangoRules& rules_;
  std::vector<Route> routes_;
  std::vector<const facts::ModuleFacts*> stack_;
  // Helpers being read (Wrapped): their parameters, bound to the caller's arguments.
  struct ParamBinding {
    const facts::Function* fn = nullptr;
    Scope caller;
    std::map<std::string, const Expr*> args;
  };
  std::vector<ParamBinding> bindings_;
  long steps_ = 0;
};

}  // namespace

ClassChain ChainOf(const resolve::RepoIndex& index, const facts::Class& c) {
  ClassChain out;
  std::vector<std::string> todo{c.qualname};
  std::set<std::string> seen;
  while (!todo.empty() && seen.size() < kMaxChain) {
    std::string q = todo.front();
    todo.erase(todo.begin());
    if (!seen.insert(q).second) continue;
    const facts::ModuleFacts* m = nullptr;
    const facts::Class* k = index.FindClass(q, &m);
    if (k == nullptr) {
      if (std::find(out.external_bases.begin(), out.external_bases.end(), q) == out.external_bases.end()) {
        out.external_bases.push_back(q);
      }
      continue;
    }
    out.classes.emplace_back(k, m);
    std::vector<std::string> bases = index.BaseNames(*k);
    todo.insert(todo.begin(), bases.begin(), bases.end());
  }
  return out;
}

std::vector<const facts::Function*> MethodsOf(const facts::ModuleFacts& m, const facts::Class& c) {
  std::vector<const facts::Function*> out;
  for (const facts::Function& f : m.functions) {
    if (f.class_qualname == c.qualname && f.parent.empty()) out.push_back(&f);
  }
  return out;
}

std::vector<std::string> ViewsetActions(const DetectContext& ctx, const facts::Class& c) {
  static const char* const kActions[] = {"list", "create", "retrieve", "update", "partial_update", "destroy"};
  std::set<std::string> out;
  ClassChain chain = ChainOf(ctx.index, c);
  for (const auto& [klass, module] : chain.classes) {
    for (const facts::Function* f : MethodsOf(*module, *klass)) {
      for (const char* a : kActions) {
        if (f->name == a) out.insert(a);
      }
    }
  }
  for (const std::string& base : chain.external_bases) {
    for (const ruleset::DjangoViewBaseRule& r : ctx.rules.django.view_bases) {
      if (In(r.names, base)) out.insert(r.actions.begin(), r.actions.end());
    }
  }
  return std::vector<std::string>(out.begin(), out.end());
}

std::vector<Route> ResolveUrlconf(const DetectContext& context) { return Resolver(context).Run(); }

}  // namespace edgescan::detect::internal
