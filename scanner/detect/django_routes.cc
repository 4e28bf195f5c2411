// Inbound edges from Django routes (issue 6). The urlconf walk is detect/internal/urlconf.cc; this file reads each
// route's view (methods, auth, signals) and decides webhook / peer_api / no edge, as django_routes.h describes.
#include "detect/django_routes.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/split.h"
#include "detect/context.h"
#include "detect/internal/urlconf.h"

namespace edgescan::detect {

using facts::Expr;
using facts::ExprKind;
using facts::Stmt;
using facts::StmtKind;
using internal::Route;
using internal::ViewTarget;
using resolve::Scope;
using resolve::Value;

namespace {

constexpr size_t kMaxCallees = 16;   // internal callees of a view scanned for verification signals
constexpr size_t kMaxMethods = 128;  // methods scanned per class view

const char* const kAuthOrder[] = {"hmac", "oauth2", "jwt", "api_key", "shared_secret", "basic", "session", "none"};
const char* const kMethodOrder[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
const char* const kHandlers[] = {"get", "post", "put", "patch", "delete"};
// The handler an inbound edge points at: the one receiving data first.
const char* const kLocationOrder[] = {"post", "put", "patch", "delete", "get"};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool IsMachineAuth(std::string_view label) {
  return label == "hmac" || label == "oauth2" || label == "jwt" || label == "api_key" || label == "shared_secret" ||
         label == "basic";
}

// "WebhookOCWView" -> "Webhook OCW View"; "ocw_webhook/<int:pk>" -> "ocw webhook  int pk ".
// Whether any of the (RE2, case-insensitive) word patterns occurs in text.
bool AnyMatches(const std::vector<std::shared_ptr<Regex>>& patterns, const std::string& text) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const auto& re) { return re->PartialMatch(text); });
}

std::string Words(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(' ');
      continue;
    }
    if (i > 0 && std::isupper(static_cast<unsigned char>(c))) {
      char prev = name[i - 1];
      bool next_lower = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      if (std::islower(static_cast<unsigned char>(prev)) || std::isdigit(static_cast<unsigned char>(prev)) ||
          (std::isupper(static_cast<unsigned char>(prev)) && next_lower)) {
        out.push_back(' ');
      }
    }
    out.push_back(c);
  }
  return out;
}

// What one route's view shows.
struct Analysis {
  std::vector<std::string> methods;  // upper case, as declared; see methods_known
  bool methods_known = false;        // restricted by a decorator, defined handlers or a viewset mapping
  Provenance location;
  std::set<std::string> auth;        // every auth label seen
  std::set<std::string> class_auth;  // labels from auth/permission classes and decorators
  bool csrf_exempt = false;
  bool verified = false;    // a signature, secret comparison or secret header is checked
  bool service_user = false;  // the view or a permission class admits one peer's service account (rules: service_user_settings)
  bool open = false;        // permission_classes set to nothing (`= []`, `@permission_classes(())`): anyone may call
  bool collection = false;  // the route lists a collection (a viewset's list action, a List* generic view)
  std::string header_peer;  // the peer a header rule names
  std::string class_peer;   // the peer an auth rule names
  std::string verifier_peer;  // who signed what a verifying call checks (stripe.Webhook.construct_event: Stripe)
  std::string secret_peer;    // whom the compared secret setting names (settings.THREEPLAY_CALLBACK_KEY: 3Play Media)
  // Names that may be the sender, confirmed only when the repo also calls a peer of that name: a compared secret
  // setting's words ("Jobma" of JOBMA_WEBHOOK_ACCESS_TOKEN), an auth class's ("Jobma" of JobmaWebhookPermission).
  std::vector<std::string> peer_candidates;
  std::vector<std::string> docstrings;
  std::string names;  // view / class names as words
};

class Analyzer {
 public:
  explicit Analyzer(const DetectContext& ctx) : ctx_(ctx), ix_(ctx.index), rules_(ctx.rules.django) {}

  Analysis Analyze(const Route& r) {
    Analysis a;
    for (const std::string& w : r.view.wrappers) ApplyDecoratorName(w, &a, &a.methods);
    if (r.view.kind == ViewTarget::Kind::kFunction) {
      FunctionView(*r.view.function, *r.view.module, &a);
    } else if (r.view.kind == ViewTarget::Kind::kClass) {
      ClassView(r.view, &a);
    }
    return a;
  }

 private:
  // The scope a def's decorators are evaluated in: its class body, its enclosing function, or the module.
  Scope DefScope(const facts::ModuleFacts& m, const facts::Function& f) const {
    if (!f.class_qualname.empty()) {
      if (const facts::Class* c = ix_.FindClass(f.class_qualname)) return ix_.ScopeOfClass(m, c);
    }
    if (!f.parent.empty()) return ix_.ScopeOf(m, ix_.FindFunction(f.parent));
    return ix_.ScopeOf(m, nullptr);
  }

  const ruleset::DjangoDecoratorRule* DecoratorRule(const std::string& q) const {
    for (const ruleset::DjangoDecoratorRule& r : rules_.decorators) {
      if (In(r.names, q)) return &r;
    }
    return nullptr;
  }

  void ApplyDecoratorName(const std::string& q, Analysis* a, std::vector<std::string>* methods) {
    const ruleset::DjangoDecoratorRule* rule = DecoratorRule(q);
    if (rule == nullptr || rule->action) return;
    if (rule->csrf_exempt) a->csrf_exempt = true;
    if (!rule->auth.empty()) a->auth.insert(rule->auth);
    if (!rule->methods.empty() && methods->empty()) {
      *methods = rule->methods;
      a->methods_known = true;
    }
  }

  void ApplyDecorator(const Expr& d, const Scope& s, Analysis* a, std::vector<std::string>* methods, int depth) {
    if (depth > 4) return;
    const Expr* call = d.kind == ExprKind::kCall ? &d : nullptr;
    std::string q = ix_.QualifiedName(call != nullptr ? *call->callee() : d, s);
    const ruleset::DjangoDecoratorRule* rule = DecoratorRule(q);
    if (rule == nullptr) {
      // The repo's own decorator (`@authorize` reading `request.headers["X-Api-Key"]`): its code and the wrappers
      // it defines run before the view, so their checks are the view's.
      const facts::ModuleFacts* dm = nullptr;
      const facts::Function* df = q.empty() ? nullptr : ix_.FindFunction(q, &dm);
      if (df == nullptr || depth > 0) return;
      const std::string inner = df->qualname + ".";
      size_t scanned = 0;
      for (const facts::Function& g : dm->functions) {
        if (&g != df && g.qualname.compare(0, inner.size(), inner) != 0) continue;
        if (scanned++ >= kMaxMethods) break;
        ScanBody(g, *dm, a, 0, /*reads_only=*/true);
      }
      return;
    }
    if (rule->action) {  // @action(permission_classes=[...]): its routes' auth (the routes come from the router)
      ApplyAuthClassArgs(*rule, call, s, a);
      return;
    }
    if (rule->csrf_exempt) a->csrf_exempt = true;
    if (!rule->auth.empty()) {
      a->auth.insert(rule->auth);
      a->class_auth.insert(rule->auth);
    }
    std::vector<std::string> declared;
    if (rule->methods_arg.present() && call != nullptr) {
      if (const Expr* m = call->arg(rule->methods_arg.arg, rule->methods_arg.kw)) {
        Value v = ix_.Evaluate(*m, s);
        if (v.kind == Value::Kind::kList) {
          for (const Value& item : v.items) {
            if (item.is_string() && item.known) declared.push_back(Upper(item.text));
          }
        }
      }
    }
    if (declared.empty()) declared = rule->methods;
    if (!declared.empty() && methods->empty()) {
      *methods = declared;
      a->methods_known = true;
    }
    ApplyAuthClassArgs(*rule, call, s, a);
    if (call != nullptr && rule->wraps.present()) {
      if (const Expr* w = call->arg(rule->wraps.arg, rule->wraps.kw)) {
        if (w->kind == ExprKind::kList || w->kind == ExprKind::kTuple) {
          for (const Expr& c : w->children) ApplyDecorator(c, s, a, methods, depth + 1);
        } else {
          ApplyDecorator(*w, s, a, methods, depth + 1);
        }
      }
    }
  }

  // The authentication / permission classes a decorator call passes (DRF's @permission_classes([...]),
  // @action(permission_classes=[...])).
  void ApplyAuthClassArgs(const ruleset::DjangoDecoratorRule& rule, const Expr* call, const Scope& s, Analysis* a) {
    if (call == nullptr) return;
    if (rule.authentication_classes.present()) {
      if (const Expr* l = call->arg(rule.authentication_classes.arg, rule.authentication_classes.kw)) {
        AuthClasses(*l, s, a);
      }
    }
    if (rule.permission_classes.present()) {
      if (const Expr* l = call->arg(rule.permission_classes.arg, rule.permission_classes.kw)) PermissionClasses(*l, s, a);
    }
  }

  // Whether a method is a DRF @action: a route of its own, not part of the class's other routes.
  bool IsAction(const facts::Function& f, const facts::ModuleFacts& m) const {
    Scope s = DefScope(m, f);
    for (const Expr& d : f.decorators) {
      const Expr* callee = d.kind == ExprKind::kCall ? d.callee() : &d;
      const ruleset::DjangoDecoratorRule* rule = DecoratorRule(ix_.QualifiedName(*callee, s));
      if (rule != nullptr && rule->action) return true;
    }
    return false;
  }

  // A permission_classes value: its classes' labels, and whether it is empty (the view is open to anyone).
  void PermissionClasses(const Expr& e, const Scope& s, Analysis* a) {
    a->open = (e.kind == ExprKind::kList || e.kind == ExprKind::kTuple) && e.children.empty();
    AuthClasses(e, s, a);
  }

  // An authentication_classes / permission_classes value: a list of classes, possibly combined with & and |.
  void AuthClasses(const Expr& e, const Scope& s, Analysis* a) {
    std::vector<const Expr*> classes;
    std::vector<const Expr*> todo{&e};
    while (!todo.empty() && classes.size() < 32) {
      const Expr* x = todo.back();
      todo.pop_back();
      switch (x->kind) {
        case ExprKind::kList:
        case ExprKind::kTuple:
        case ExprKind::kSet:
        case ExprKind::kBinOp:
          for (auto it = x->children.rbegin(); it != x->children.rend(); ++it) todo.push_back(&*it);
          break;
        case ExprKind::kCall:
          todo.push_back(x->callee());
          break;
        case ExprKind::kName:
        case ExprKind::kAttribute:
          classes.push_back(x);
          break;
        default:
          break;
      }
    }
    for (const Expr* c : classes) {
      // A class admitting two kinds of caller names both ("oauth2,session": django-oauth-toolkit's
      // IsAuthenticatedOrTokenHasScope lets a logged-in browser in too).
      for (const std::string& label : SplitAt(AuthOfClass(ix_.QualifiedName(*c, s), a), ',')) {
        if (label.empty()) continue;
        a->auth.insert(label);
        a->class_auth.insert(label);
      }
    }
  }

  const ruleset::DjangoAuthRule* AuthRuleByName(const std::string& q) const {
    for (const ruleset::DjangoAuthRule& r : rules_.auth_classes) {
      if (In(r.names, q)) return &r;
    }
    return nullptr;
  }

  // The auth an authentication/permission class means: a rule for it or its bases, else a name pattern; an
  // internal class's own code is scanned for signature / secret checks too.
  std::string AuthOfClass(const std::string& q, Analysis* a) {
    if (q.empty()) return "";
    if (In(rules_.service_user_permissions, q)) a->service_user = true;
    const ruleset::DjangoAuthRule* rule = AuthRuleByName(q);
    const facts::ModuleFacts* m = nullptr;
    const facts::Class* c = ix_.FindClass(q, &m);
    if (rule == nullptr && c != nullptr) {
      internal::ClassChain chain = internal::ChainOf(ix_, *c);
      for (const std::string& base : chain.external_bases) {
        if ((rule = AuthRuleByName(base)) != nullptr) break;
      }
      size_t scanned = 0;
      for (const auto& [klass, module] : chain.classes) {
        if (!klass->docstring.empty()) a->docstrings.push_back(klass->docstring);
        for (const facts::Function* f : internal::MethodsOf(*module, *klass)) {
          if (scanned++ >= kMaxMethods) break;
          if (!f->docstring.empty()) a->docstrings.push_back(f->docstring);
          ScanBody(*f, *module, a, 0);
        }
      }
    }
    if (c != nullptr) {
      // "JobmaWebhookPermission" -> "Jobma": the class's words that do not only say what it checks.
      static const std::set<std::string, std::less<>> kGeneric = {
          "webhook", "webhooks", "permission", "permissions", "authentication", "auth", "token", "signature",
          "signed", "is", "has", "valid", "request", "requests", "api", "key", "secret", "shared", "access", "by",
          "from", "hmac", "header", "bearer", "callback", "only", "allowed", "basic", "verified", "check"};
      std::string name;
      for (const std::string& w : SplitAt(Words(c->name), ' ')) {
        if (w.empty() || kGeneric.count(Lower(w)) != 0) continue;
        name += (name.empty() ? "" : " ") + w;
      }
      if (!name.empty()) a->peer_candidates.push_back(name);
    }
    if (rule == nullptr) {
      std::string bare = c != nullptr ? c->name : q.substr(q.rfind('.') + 1);
      for (const ruleset::DjangoAuthRule& r : rules_.auth_classes) {
        if (r.pattern && r.pattern->FullMatch(bare)) {
          rule = &r;
          break;
        }
      }
    }
    if (rule == nullptr) return "";
    if (!rule->peer.empty() && a->class_peer.empty()) a->class_peer = rule->peer;
    return rule->auth;
  }

  // `value == settings.X` or `!=`, X a setting holding a secret (rules: secret_settings), the other side not a literal.
  // `*setting` is X's name.
  bool ComparesWithSecretSetting(const Expr& x, const Scope& s, std::string_view* setting) const {
    return ComparesWithSetting(x, s, rules_.secret_settings, setting);
  }

  bool ComparesWithSetting(const Expr& x, const Scope& s, const std::vector<std::shared_ptr<Regex>>& names,
                           std::string_view* setting) const {
    if ((x.text != "==" && x.text != "!=") || x.children.size() != 2) return false;
    static constexpr std::string_view kSettings = "django.conf.settings.";
    for (size_t i = 0; i < 2; ++i) {
      const Expr& other = x.children[1 - i];
      if (other.kind == ExprKind::kString || other.kind == ExprKind::kFString || other.kind == ExprKind::kNone ||
          other.kind == ExprKind::kNumber || other.kind == ExprKind::kTrue || other.kind == ExprKind::kFalse) {
        return false;
      }
      if (x.children[i].kind != ExprKind::kAttribute) continue;
      const std::string& q = ix_.QualifiedName(x.children[i], s);
      if (q.size() <= kSettings.size() || q.compare(0, kSettings.size(), kSettings) != 0) continue;
      std::string_view name = std::string_view(q).substr(kSettings.size());
      for (const std::shared_ptr<Regex>& r : names) {
        if (!r->FullMatch(name)) continue;
        *setting = name;
        return true;
      }
    }
    return false;
  }

  // Signals in a function body: signature computation, secret comparison, secret headers, session use. At depth 0
  // (the view itself) a signature computation is a check; in a callee it counts only beside a comparison (a callee
  // that only signs is building an outbound request).
  // `reads_only`: a header name counts only where the code reads it (`request.headers["X-Api-Key"]`, `.get(...)`,
  // `"X-Api-Key" in ...`), not where it writes it (a CORS decorator's Access-Control-Allow-Headers list).
  void ScanBody(const facts::Function& f, const facts::ModuleFacts& m, Analysis* a, int depth, bool reads_only = false) {
    Scope s = ix_.ScopeOf(m, &f);
    bool signature = false, compare = false, session = false;
    std::set<const Expr*> read_keys;
    if (reads_only) {
      facts::ForEachExprInStmts(f.body, [&](const Expr& x) {
        if (x.kind == ExprKind::kSubscript && x.children.size() > 1) read_keys.insert(&x.children[1]);
        if (x.kind == ExprKind::kCompare && x.children.size() == 2 && (x.text == "in" || x.text == "not in")) {
          read_keys.insert(&x.children[0]);
        }
        if (x.kind == ExprKind::kCall && x.callee() != nullptr && x.callee()->kind == ExprKind::kAttribute &&
            (x.callee()->text == "get" || x.callee()->text == "pop") && x.children.size() > 1) {
          read_keys.insert(&x.children[1]);
        }
      });
    }
    std::string request;
    for (const facts::Param& p : f.params) {
      if (p.name == "self" || p.name == "cls") continue;
      request = p.name;
      break;
    }
    facts::ForEachExprInStmts(f.body, [&](const Expr& x) {
      if (x.kind == ExprKind::kCall) {
        std::string q = ix_.QualifiedName(*x.callee(), s);
        if (In(rules_.signature_functions, q)) signature = true;
        if (In(rules_.compare_functions, q)) compare = true;
        if (auto vp = rules_.verifier_peers.find(q); vp != rules_.verifier_peers.end() && a->verifier_peer.empty()) {
          a->verifier_peer = vp->second;
        }
      } else if (x.kind == ExprKind::kCompare) {
        std::string_view setting;
        if (ComparesWithSecretSetting(x, s, &setting)) {
          compare = true;
          std::string candidate;
          if (a->secret_peer.empty()) a->secret_peer = PeerOfSecretSetting(ctx_, setting, &candidate).value_or("");
          if (!candidate.empty()) a->peer_candidates.push_back(candidate);
        } else if (ComparesWithSetting(x, s, rules_.service_user_settings, &setting)) {
          a->service_user = true;
        }
      } else if (x.kind == ExprKind::kString && (!reads_only || read_keys.count(&x) != 0)) {
        for (const ruleset::DjangoHeaderRule& h : rules_.headers) {
          if (!h.pattern->FullMatch(x.text)) continue;
          a->auth.insert(h.auth);
          a->verified = true;
          if (!h.peer.empty() && a->header_peer.empty()) a->header_peer = h.peer;
          break;
        }
      } else if (x.kind == ExprKind::kAttribute && x.text == "session" && !x.children.empty() &&
                 x.children[0].kind == ExprKind::kName && x.children[0].text == request && !request.empty()) {
        session = true;
      }
    });
    if (compare) {
      a->auth.insert(signature ? "hmac" : "shared_secret");
      a->verified = true;
    } else if (signature && depth == 0) {
      a->auth.insert("hmac");
      a->verified = true;
    }
    if (session && depth == 0) a->auth.insert("session");
    if (depth > 0) return;
    size_t n = 0;
    for (const std::string& callee : ix_.CalleesOf(f.qualname)) {
      if (n++ >= kMaxCallees) break;
      const facts::ModuleFacts* cm = nullptr;
      const facts::Function* cf = ix_.FindFunction(callee, &cm);
      if (cf != nullptr && cf != &f) ScanBody(*cf, *cm, a, depth + 1);
    }
  }

  void FunctionView(const facts::Function& f, const facts::ModuleFacts& m, Analysis* a) {
    Scope ds = DefScope(m, f);
    for (const Expr& d : f.decorators) ApplyDecorator(d, ds, a, &a->methods, 0);
    a->location = ProvenanceAt(m, f.line, f.column, f.qualname);
    if (!f.docstring.empty()) a->docstrings.push_back(f.docstring);
    a->names = Words(f.name);
    ScanBody(f, m, a, 0);
  }

  // The first class-body assignment of `name` along the chain, with the scope to evaluate it in.
  const Expr* ClassAttr(const internal::ClassChain& chain, std::string_view name, Scope* scope) const {
    for (const auto& [klass, module] : chain.classes) {
      for (const Stmt& st : klass->body) {
        if (st.kind != StmtKind::kAssign || st.exprs.empty()) continue;
        for (const Expr& t : st.targets) {
          if (t.kind == ExprKind::kName && t.text == name) {
            *scope = ix_.ScopeOfClass(*module, klass);
            return &st.exprs[0];
          }
        }
      }
    }
    return nullptr;
  }

  void ClassView(const ViewTarget& view, Analysis* a) {
    const facts::Class& c = *view.klass;
    internal::ClassChain chain = internal::ChainOf(ix_, c);
    std::vector<std::string> decorated;  // methods a class decorator would restrict (unused for classes)
    for (const auto& [klass, module] : chain.classes) {
      for (const Expr& d : klass->decorators) ApplyDecorator(d, ix_.ScopeOf(*module, nullptr), a, &decorated, 0);
    }
    Scope s;
    if (const Expr* e = ClassAttr(chain, "authentication_classes", &s)) AuthClasses(*e, s, a);
    if (const Expr* e = ClassAttr(chain, "permission_classes", &s)) PermissionClasses(*e, s, a);
    if (!view.actions.empty()) {
      a->collection = std::any_of(view.actions.begin(), view.actions.end(), [](const auto& m) { return m.second == "list"; });
    } else {
      a->collection = std::any_of(chain.external_bases.begin(), chain.external_bases.end(), [](const std::string& b) {
        return b.substr(b.rfind('.') + 1).find("List") != std::string::npos;
      });
      for (const auto& [klass, module] : chain.classes) {
        for (const facts::Function* f : internal::MethodsOf(*module, *klass)) a->collection = a->collection || f->name == "list";
      }
    }
    for (const std::string& base : chain.external_bases) {
      if (const ruleset::DjangoAuthRule* r = AuthRuleByName(base)) {
        a->auth.insert(r->auth);
        a->class_auth.insert(r->auth);
      }
    }
    // Methods and their handlers.
    std::vector<std::pair<std::string, const facts::Function*>> handlers;  // lower method -> internal def
    if (!view.actions.empty()) {
      for (const auto& [method, action] : view.actions) {
        handlers.emplace_back(method, ix_.FindMethod(c.qualname, action));
      }
    } else {
      std::vector<std::string> allowed;
      Scope hs;
      if (const Expr* e = ClassAttr(chain, "http_method_names", &hs)) {
        Value v = ix_.Evaluate(*e, hs);
        for (const Value& item : v.items) {
          if (item.is_string() && item.known) allowed.push_back(item.text);
        }
      }
      for (const char* m : kHandlers) {
        if (!allowed.empty() && !In(allowed, m)) continue;
        const facts::Function* f = ix_.FindMethod(c.qualname, m);
        bool from_base = false;
        for (const std::string& base : chain.external_bases) {
          for (const ruleset::DjangoViewBaseRule& r : rules_.view_bases) {
            if (In(r.names, base) && In(r.methods, Upper(m))) from_base = true;
          }
        }
        if (f != nullptr || from_base) handlers.emplace_back(m, f);
      }
    }
    for (const auto& [method, f] : handlers) {
      std::string up = Upper(method);
      if (!In(a->methods, up)) a->methods.push_back(up);
    }
    a->methods_known = !a->methods.empty();
    std::vector<std::string> ignored;
    for (const auto& [method, f] : handlers) {
      if (f == nullptr) continue;
      const facts::ModuleFacts* fm = nullptr;
      ix_.FindFunction(f->qualname, &fm);
      if (fm == nullptr) continue;
      for (const Expr& d : f->decorators) ApplyDecorator(d, DefScope(*fm, *f), a, &ignored, 0);
      if (!f->docstring.empty()) a->docstrings.push_back(f->docstring);
    }
    // Location: the handler receiving data first, else the class.
    a->location = ProvenanceAt(*view.module, c.line, c.column, "");
    bool placed = false;
    for (const char* want : kLocationOrder) {
      for (const auto& [method, f] : handlers) {
        if (method != want || f == nullptr) continue;
        const facts::ModuleFacts* fm = nullptr;
        ix_.FindFunction(f->qualname, &fm);
        if (fm == nullptr) continue;
        a->location = ProvenanceAt(*fm, f->line, f->column, f->qualname);
        placed = true;
        break;
      }
      if (placed) break;
    }
    if (!c.docstring.empty()) a->docstrings.insert(a->docstrings.begin(), c.docstring);
    a->names = Words(c.name);
    size_t scanned = 0;
    for (const auto& [klass, module] : chain.classes) {
      for (const facts::Function* f : internal::MethodsOf(*module, *klass)) {
        if (scanned++ >= kMaxMethods) break;
        // Another route's @action: what it checks says nothing about this route.
        bool own = std::any_of(handlers.begin(), handlers.end(), [&](const auto& h) { return h.second == f; });
        if (!own && IsAction(*f, *module)) continue;
        ScanBody(*f, *module, a, 0);
      }
    }
  }

  const DetectContext& ctx_;
  const resolve::RepoIndex& ix_;
  const ruleset::DjangoRules& rules_;
};

// The views of the app's own post-login pages: the URL names (or paths) LOGIN_REDIRECT_URL and
// SOCIAL_AUTH_LOGIN_REDIRECT_URL give, where a login sends the user's browser once it completes. A page named like an
// SSO landing (`login/complete`) but set there is the app's, not a provider's callback.
std::set<std::string> LoginRedirectViews(const DetectContext& ctx) {
  std::set<std::string> targets;
  for (const char* name : {"LOGIN_REDIRECT_URL", "SOCIAL_AUTH_LOGIN_REDIRECT_URL"}) {
    std::optional<Value> v = ctx.index.Setting(name);
    if (v && v->kind == Value::Kind::kString && v->known && !v->text.empty()) targets.insert(v->text);
  }
  std::set<std::string> views;
  if (targets.empty()) return views;
  for (const resolve::CallSite& site : ctx.index.call_sites()) {
    if (site.callee != "django.urls.path" && site.callee != "django.urls.re_path" &&
        site.callee != "django.conf.urls.url") {
      continue;
    }
    const facts::Expr* name = site.call->keyword("name");
    const facts::Expr* view = site.call->arg(1, "view");
    if (name == nullptr || view == nullptr || name->kind != facts::ExprKind::kString || !targets.count(name->text)) {
      continue;
    }
    const facts::Expr* target = view;
    if (view->kind == facts::ExprKind::kCall && view->callee() != nullptr) target = view->callee();  // X.as_view()
    if (target->kind == facts::ExprKind::kAttribute && target->text == "as_view" && !target->children.empty()) {
      target = &target->children[0];
    }
    std::string q = ctx.index.QualifiedName(*target, site.scope);
    if (!q.empty()) views.insert(q);
  }
  return views;
}

const ruleset::DjangoInboundRouteRule* InboundRule(const ruleset::DjangoRules& rules, const Route& r,
                                                   const std::set<std::string>& mounted) {
  for (const ruleset::DjangoInboundRouteRule& rule : rules.inbound_routes) {
    // "oauth2_provider.urls" is mounted whole or in part (`include(oauth2_provider.urls.base_urlpatterns)`).
    if (!rule.when_mounted.empty() && std::none_of(mounted.begin(), mounted.end(), [&](const std::string& m) {
          return m == rule.when_mounted || m.rfind(rule.when_mounted + ".", 0) == 0;
        })) {
      continue;
    }
    bool route_ok = !rule.route || rule.route->FullMatch(r.route);
    bool view_ok = !rule.view || rule.view->FullMatch(r.view.qualname);
    if (route_ok && view_ok) return &rule;
  }
  return nullptr;
}

std::string JoinMethods(const std::vector<std::string>& methods) {
  std::string out;
  for (const char* m : kMethodOrder) {
    if (In(methods, m)) out += (out.empty() ? "" : ",") + std::string(m);
  }
  return out;
}

std::string JoinAuth(const std::set<std::string>& labels) {
  std::string out;
  for (const char* l : kAuthOrder) {
    if (!labels.count(l) || (std::string_view(l) == "none" && !out.empty())) continue;
    out += (out.empty() ? "" : ",") + std::string(l);
  }
  for (const std::string& l : labels) {  // labels a team's rules invented
    if (std::find(std::begin(kAuthOrder), std::end(kAuthOrder), l) == std::end(kAuthOrder)) {
      out += (out.empty() ? "" : ",") + l;
    }
  }
  return out.empty() ? "none" : out;
}

std::string PeerFromDocstrings(const ruleset::DjangoRules& rules, const std::vector<std::string>& docstrings) {
  for (const std::string& doc : docstrings) {
    for (const auto& re : rules.peer_phrases) {
      std::string peer;
      if (!re->Capture(doc, &peer)) continue;
      while (!peer.empty() && (peer.back() == '.' || peer.back() == '-')) peer.pop_back();
      if (!peer.empty()) return peer;
    }
  }
  return "";
}

// The identity providers that send users back to social_django's complete/ route: each AUTHENTICATION_BACKENDS
// entry that is a social-auth backend, named by the rules (its class or a base), else by its `name` attribute, else
// its class. "" when every social backend is the app's own login (email); nullopt when the setting is not read.
std::optional<std::string> SocialAuthProviders(const DetectContext& ctx) {
  const resolve::RepoIndex& ix = ctx.index;
  const auto& known = ctx.rules.django.social_auth_backends;
  // Every assignment in the settings modules counts (`if KEYCLOAK: AUTHENTICATION_BACKENDS = [...] else: [...]`).
  std::vector<std::string> backends;
  for (const facts::ModuleFacts* m : ix.settings_modules()) {
    facts::ForEachStmt(m->body, [&](const facts::Stmt& st) {
      if ((st.kind != facts::StmtKind::kAssign && st.kind != facts::StmtKind::kAugAssign) || st.exprs.empty()) return;
      bool named = std::any_of(st.targets.begin(), st.targets.end(), [](const facts::Expr& t) {
        return t.kind == facts::ExprKind::kName && t.text == "AUTHENTICATION_BACKENDS";
      });
      if (!named) return;
      for (const Value& item : ix.Evaluate(st.exprs[0], ix.ScopeOf(*m, nullptr)).items) {
        if (item.kind == Value::Kind::kString && item.known &&
            std::find(backends.begin(), backends.end(), item.text) == backends.end()) {
          backends.push_back(item.text);
        }
      }
    });
  }
  if (backends.empty()) backends = ix.SettingStrings("AUTHENTICATION_BACKENDS");
  if (backends.empty()) return std::nullopt;
  std::vector<std::string> names;
  for (const std::string& b : backends) {
    if (b.rfind("django.contrib.auth.", 0) == 0 || b.rfind("guardian.", 0) == 0 || b.rfind("rules.", 0) == 0 ||
        b.rfind("oauth2_provider.", 0) == 0) {
      continue;  // not a social-auth login
    }
    std::optional<std::string> name;
    std::vector<std::string> todo{b};
    std::set<std::string> seen;
    while (!name && !todo.empty() && seen.size() < 16) {
      std::string q = todo.front();
      todo.erase(todo.begin());
      if (!seen.insert(q).second) continue;
      if (auto it = known.find(q); it != known.end()) {
        name = it->second;
        break;
      }
      if (const facts::Class* c = ix.FindClass(q)) {
        for (const std::string& base : ix.BaseNames(*c)) todo.push_back(base);
      }
    }
    if (!name) {
      std::string attr;  // the backend's `name = "..."`
      if (const facts::Class* c = ix.FindClass(b)) {
        for (const facts::Stmt& st : c->body) {
          if (st.kind != facts::StmtKind::kAssign || st.exprs.empty() || st.exprs[0].kind != facts::ExprKind::kString) {
            continue;
          }
          for (const facts::Expr& t : st.targets) {
            if (t.kind == facts::ExprKind::kName && t.text == "name") attr = st.exprs[0].text;
          }
        }
      }
      if (!attr.empty()) {
        std::string upper = Upper(attr);  // "ol-oidc" reads as the setting-style name OL_OIDC
        std::replace(upper.begin(), upper.end(), '-', '_');
        name = SpelledPeer(ctx, resolve::PeerFromSettingName(upper));
      } else {
        name = "Identity providers (social auth)";
      }
    }
    if (!name->empty() && std::find(names.begin(), names.end(), *name) == names.end()) names.push_back(*name);
  }
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : " / ") + n;
  return out;
}

edges::Edge NewEdge(const DetectContext& ctx, const Route& r, const std::string& kind) {
  edges::Edge e;
  e.kind = kind;
  e.direction = "inbound";
  e.service = ctx.service;
  e.transport = kind == "webhook" ? "HTTPS webhook" : "REST JSON";
  e.route = r.route;
  // The view runs when the peer calls it (as reachability says of code reached from views).
  e.cadence = edges::Cadence{};
  e.cadence->text = "on request";
  e.trigger = "request";
  e.path = r.chain;
  e.location = r.declared;
  e.view = r.view.qualname;
  e.id_key = r.view.qualname;
  e.confidence = "likely";
  return e;
}

}  // namespace

void DjangoRoutesDetector::Run(const DetectContext& ctx, std::vector<edges::Edge>* out) {
  const ruleset::DjangoRules& rules = ctx.rules.django;
  // The peers this repo calls, by lower-case name (the outbound detectors ran first): a webhook's candidate sender
  // is one of them when the names agree.
  std::map<std::string, std::string> outbound_peers;
  for (const edges::Edge& e : *out) {
    if (e.direction == "outbound" && e.peer && !e.peer->empty()) outbound_peers.emplace(Lower(*e.peer), *e.peer);
  }
  std::vector<Route> routes = internal::ResolveUrlconf(ctx);
  std::set<std::string> mounted;  // the package urlconfs this repo's urlconf includes
  for (const Route& r : routes) {
    if (!r.external.empty()) mounted.insert(r.external);
  }
  Analyzer analyzer(ctx);
  bool browser_jwt = false;
  for (const std::string& m : ctx.index.SettingStrings("MIDDLEWARE")) {
    browser_jwt |= std::find(rules.browser_token_middleware.begin(), rules.browser_token_middleware.end(), m) !=
                   rules.browser_token_middleware.end();
  }
  std::optional<std::string> social_providers;  // SocialAuthProviders, "?" when unknown; computed on first use
  const std::set<std::string> own_landings = LoginRedirectViews(ctx);
  for (const Route& r : routes) {
    // An installed package's urlconf.
    if (r.external_route != nullptr) {
      const ruleset::DjangoExternalRoute& er = *r.external_route;
      edges::Edge e = NewEdge(ctx, r, er.kind);
      if (!er.peer.empty()) e.peer = er.peer;
      if (er.view == "social_django.views.complete" && r.external == "social_django.urls") {
        if (!social_providers) social_providers = SocialAuthProviders(ctx).value_or("?");
        if (social_providers->empty()) continue;  // only the app's own logins complete there
        if (*social_providers != "?") e.peer = *social_providers;
      }
      if (!er.methods.empty()) e.method = JoinMethods(er.methods);
      e.auth = er.auth;
      if (er.kind == "webhook" && er.auth == "none") e.brittle.push_back("unauthenticated");
      out->push_back(std::move(e));
      continue;
    }
    if (!r.external.empty()) {
      edges::Edge e = NewEdge(ctx, r, "peer_api");
      out->push_back(std::move(e));
      continue;
    }
    const ruleset::DjangoInboundRouteRule* rule = InboundRule(rules, r, mounted);
    if (own_landings.count(r.view.qualname) != 0) continue;  // the app's own post-login page
    if (r.view.kind != ViewTarget::Kind::kFunction && r.view.kind != ViewTarget::Kind::kClass) {
      // A package's view mounted by our urlconf: only a naming rule makes it an edge.
      if (rule == nullptr) continue;
      edges::Edge e = NewEdge(ctx, r, rule->kind);
      if (!rule->peer.empty()) e.peer = rule->peer;
      out->push_back(std::move(e));
      continue;
    }
    Analysis a = analyzer.Analyze(r);
    bool accepts_post = a.methods_known && In(a.methods, "POST");
    bool writes = !a.methods_known || In(a.methods, "POST") || In(a.methods, "PUT") || In(a.methods, "PATCH") ||
                  In(a.methods, "DELETE");
    bool read_only = a.methods_known && !writes;
    // Auth classes that only admit machines (a session class beside them means the browser app uses the view; so
    // does a JWT the middleware rebuilds from the browser's cookies).
    bool machine =
        std::any_of(a.class_auth.begin(), a.class_auth.end(), IsMachineAuth) && !a.class_auth.count("session");
    // Machine-only by a JWT alone, where the middleware rebuilds it from the browser's cookies: the view serves the
    // app's micro-frontends as well, so it is an edge only when something names a peer (decided below).
    bool browser_token = machine && browser_jwt && !a.service_user &&
                         std::none_of(a.class_auth.begin(), a.class_auth.end(),
                                      [](const std::string& l) { return IsMachineAuth(l) && l != "jwt"; });
    const std::string named = a.names + " " + Words(r.route);  // the view's and class's names, the route
    std::string text = named;
    for (const std::string& d : a.docstrings) text += " " + d;
    bool words = AnyMatches(rules.webhook_words, text);

    bool api_key_only = a.auth.count("api_key") != 0 && a.auth.count("hmac") == 0 && a.auth.count("shared_secret") == 0;
    std::string kind;
    bool certain = false;
    if (a.verified && read_only && !words) {
      // A secret-checked route that only reads: an API a peer pulls (a signed GET is not a notification).
      kind = rule != nullptr ? rule->kind : "peer_api";
      certain = true;
    } else if (machine && a.methods_known && writes && In(a.methods, "GET") && !a.verified && !words) {
      // Machine-only credentials on a resource peers both read and write (an API-key ModelViewSet integrated
      // systems create discounts through): an API they call, not a notification.
      kind = rule != nullptr ? rule->kind : "peer_api";
      certain = true;
    } else if (a.verified && api_key_only && (!a.methods_known || In(a.methods, "GET")) && !words) {
      // A client's API key checked (`@authorize` reading X-Api-Key), no signature: an API clients call, not a
      // notification (unless it only takes POSTs).
      kind = rule != nullptr ? rule->kind : "peer_api";
      certain = a.methods_known;
    } else if (a.verified || (a.csrf_exempt && accepts_post) || (machine && writes)) {
      kind = "webhook";
      certain = true;
    } else if (words && !(a.auth.size() == 1 && a.auth.count("session"))) {
      // Words alone, on a page only a logged-in browser user may open (`dashboard/<project>/webhooks/`, a login-
      // required view managing the webhooks), name no peer's notification.
      kind = "webhook";
    } else if (rule != nullptr) {
      kind = rule->kind;
    } else if (machine && read_only) {
      kind = "peer_api";
    } else if (read_only && a.collection && (a.open || (a.class_auth.size() == 1 && a.class_auth.count("none"))) &&
               !AnyMatches(rules.reference_data_words, named) &&
               (rules.catalogue_words.empty() || AnyMatches(rules.catalogue_words, named))) {
      // A collection explicitly open to anyone (`permission_classes = []`, AllowAny) and read-only: a public
      // catalogue peers pull (other services import course lists this way). Detail routes, single-object and
      // function views are left out: they serve the app's own pages far more often. The peer is unknown unless a
      // naming rule or a docstring says.
      kind = "peer_api";
      if (a.auth.empty()) a.auth.insert("none");
    } else {
      continue;  // a page or the app's own API: not a cross-service edge
    }
    edges::Edge e = NewEdge(ctx, r, kind);
    if (rule != nullptr && !rule->transport.empty() && kind == "peer_api") e.transport = rule->transport;
    e.location = a.location;
    if (a.methods_known) e.method = JoinMethods(a.methods);
    e.auth = JoinAuth(a.auth);
    if (kind == "webhook" && e.auth == "none") e.brittle.push_back("unauthenticated");
    std::string peer = rule != nullptr ? rule->peer : "";
    if (peer.empty()) peer = a.header_peer;
    if (peer.empty()) peer = PeerFromDocstrings(rules, a.docstrings);
    if (peer.empty()) peer = a.class_peer;
    if (peer.empty()) peer = a.verifier_peer;
    if (peer.empty()) peer = a.secret_peer;
    for (size_t i = 0; peer.empty() && i < a.peer_candidates.size(); ++i) {
      if (auto it = outbound_peers.find(Lower(a.peer_candidates[i])); it != outbound_peers.end()) peer = it->second;
    }
    if (browser_token && peer.empty() && rule == nullptr && !a.verified && !(a.csrf_exempt && accepts_post) && !words) {
      continue;
    }
    if (!peer.empty()) e.peer = peer;
    e.confidence = certain && r.known ? "certain" : "likely";
    out->push_back(std::move(e));
  }
}

}  // namespace edgescan::detect
