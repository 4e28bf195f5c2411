// Object tracking (issue 4): which client an expression holds. Constructor results flow through locals, `with ... as`,
// self attributes, module globals, factory functions and parameters (through callers) to later method calls.
#include <algorithm>
#include <cctype>
#include <set>

#include "resolve/internal/binding.h"
#include "resolve/internal/eval_memo.h"
#include "resolve/internal/locals.h"
#include "resolve/repo_index.h"

namespace edgescan::resolve {

std::vector<std::string> InternalSubclasses(const RepoIndex& ix, EvalMemo* memo, const std::string& class_q) {
  if (!memo->subclasses_built) {
    memo->subclasses_built = true;
    for (const facts::ModuleFacts& m : ix.modules()) {
      for (const facts::Class& c : m.classes) {
        for (const std::string& b : ix.BaseNames(c)) memo->subclasses[b].push_back(c.qualname);
      }
    }
  }
  std::vector<std::string> out, todo{class_q};
  std::set<std::string> seen{class_q};
  for (size_t i = 0; i < todo.size() && out.size() < 32; ++i) {
    auto it = memo->subclasses.find(todo[i]);
    if (it == memo->subclasses.end()) continue;
    for (const std::string& sub : it->second) {
      if (seen.insert(sub).second && out.size() < 32) {
        out.push_back(sub);
        todo.push_back(sub);
      }
    }
  }
  return out;
}

using facts::Expr;
using facts::ExprKind;
using facts::Stmt;
using facts::StmtKind;

namespace {

// A Django model field relating a row to another model's row, by the field class's qualified name.
enum class Relation { kNone, kForeignKey, kOneToOne };
Relation RelationField(std::string_view q) {
  if (q == "django.db.models.ForeignKey" || q == "django.db.models.fields.related.ForeignKey") {
    return Relation::kForeignKey;
  }
  if (q == "django.db.models.OneToOneField" || q == "django.db.models.fields.related.OneToOneField") {
    return Relation::kOneToOne;
  }
  return Relation::kNone;
}

}  // namespace

class TypeResolver {
 public:
  explicit TypeResolver(const RepoIndex& index) : ix_(index), memo_(*index.memo_) {}

  std::optional<ObjectType> Of(const Expr& e, const Scope& s, int depth) {
    if (depth > ix_.options_.max_eval_depth) return std::nullopt;
    EvalMemo::Key key{&e, s.function};
    auto it = memo_.types.find(key);
    if (it != memo_.types.end()) return it->second;
    if (!memo_.types_in_progress.insert(key).second) return std::nullopt;
    std::optional<ObjectType> t = Compute(e, s, depth);
    memo_.types_in_progress.erase(key);
    memo_.types.emplace(key, t);
    return t;
  }

 private:
  // A client object made by `call` with class rule `c`, after the steps that made the object it was called on.
  static ObjectType Made(const ruleset::ClassRule* c, const ruleset::ClientRule* client, const Expr& call,
                         const Scope& s, std::vector<CtorStep> chain) {
    ObjectType t;
    t.type = c->type;
    t.rule = c;
    t.client = client;
    t.ctor = &call;
    t.ctor_scope = s;
    chain.push_back(CtorStep{&call, s, c, nullptr, {}});
    t.chain = std::move(chain);
    return t;
  }

  // The client a call returns by its rule (`returns`, and `type_from_arg`: boto3.client("s3") -> "boto3.client:s3").
  std::optional<ObjectType> Returned(const ruleset::CallRule& f, const Expr& call, const Scope& s,
                                     std::vector<CtorStep> chain) {
    if (f.returns.empty()) return std::nullopt;
    std::string type = f.returns;
    const ruleset::ClientRule* cc = nullptr;
    const ruleset::ClassRule* c = nullptr;
    if (!f.type_from_arg.empty()) {
      // build("sheets", ...) -> "...build:sheets"; an argument without its own rule (or not known statically)
      // falls back to "...build:*" when the rules have one.
      const Expr* a = call.arg(f.type_arg.arg, f.type_arg.kw);
      if (a == nullptr) return std::nullopt;
      Value v = ix_.Evaluate(*a, s);
      if (v.known && v.kind == Value::Kind::kString) c = ix_.ClassRuleFor(type + ":" + v.text, &cc);
      if (c == nullptr) c = ix_.ClassRuleFor(type + ":*", &cc);
    } else {
      c = ix_.ClassRuleFor(type, &cc);
    }
    if (c == nullptr) return std::nullopt;
    ObjectType t = Made(c, cc, call, s, std::move(chain));
    t.chain.back().made_by = &f;
    return t;
  }

  std::optional<ObjectType> FromRule(const std::string& q, const Expr& call, const Scope& s, int depth) {
    const ruleset::ClientRule* client = nullptr;
    if (const ruleset::ClassRule* c = ix_.ClassRuleFor(q, &client)) return Made(c, client, call, s, {});
    if (const ruleset::CallRule* f = ix_.FunctionRule(q, &client)) {
      if (f->returns_arg.present()) {  // create_react_agent(llm, ...): the agent sends through llm
        const Expr* a = call.arg(f->returns_arg.arg, f->returns_arg.kw);
        std::optional<ObjectType> model = a == nullptr ? std::nullopt : Of(*a, s, depth + 1);
        if (model) model->runs_tools = model->runs_tools || !f->runs_tools.empty();
        return model;
      }
      return Returned(*f, call, s, {});
    }
    return std::nullopt;
  }

  std::optional<ObjectType> Returns(const facts::Function& fn, const facts::ModuleFacts& m, int depth) {
    Scope fs = ix_.ScopeOf(m, &fn);
    std::optional<ObjectType> found;
    facts::ForEachStmt(fn.body, [&](const Stmt& st) {
      if (found || st.kind != StmtKind::kReturn || st.exprs.empty()) return;
      found = Of(st.exprs[0], fs, depth + 1);
    });
    return found;
  }

  std::optional<ObjectType> Compute(const Expr& e, const Scope& s, int depth) {
    switch (e.kind) {
      case ExprKind::kAwait:
      case ExprKind::kNamedExpr:
        if (e.children.empty()) return std::nullopt;
        return Of(e.children[0], s, depth + 1);
      case ExprKind::kCall:
        return Call(e, s, depth);
      case ExprKind::kBinOp:
        // A LangChain pipeline `prompt | llm | parser`: invoking it calls the model in it.
        if (e.text != "|") return std::nullopt;
        for (const Expr& c : e.children) {
          std::optional<ObjectType> t = Of(c, s, depth + 1);
          if (t && t->rule != nullptr && t->rule->composable) return t;
        }
        return std::nullopt;
      case ExprKind::kConditional:
        // `qs.get() if qs.exists() else None`: the branch that holds an object.
        if (e.children.size() != 3) return std::nullopt;
        if (auto t = Of(e.children[0], s, depth + 1)) return t;
        return Of(e.children[2], s, depth + 1);
      case ExprKind::kName:
        return Name(e, s, depth);
      case ExprKind::kAttribute:
        return Attribute(e, s, depth);
      case ExprKind::kSubscript:
        // `messages[0]`, `list(messages_for(user))[0]`: an element of a sequence, by a literal index.
        if (e.children.size() == 2 && e.children[1].kind == ExprKind::kNumber) return Element(e.children[0], s, depth + 1);
        // `kwargs["client"]` of the function's **kwargs: what callers pass as client=.
        if (e.children.size() == 2 && e.children[1].kind == ExprKind::kString) {
          return PassedKeyword(e.children[0], e.children[1].text, s, depth);
        }
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  std::optional<ObjectType> Call(const Expr& e, const Scope& s, int depth) {
    const Expr* callee = e.callee();
    if (callee == nullptr) return std::nullopt;
    // `await sync_to_async(self.create_chatbot)(user_id)`: the wrapper calls the function it wraps with the outer
    // call's arguments, so the result is that function's.
    if (callee->kind == ExprKind::kCall && callee->callee() != nullptr) {
      std::string w = ix_.QualifiedName(*callee->callee(), s);
      if (w == "asgiref.sync.sync_to_async" || w == "asgiref.sync.async_to_sync" ||
          w == "channels.db.database_sync_to_async") {
        std::vector<const Expr*> wrapped = callee->positional();
        if (wrapped.empty()) return std::nullopt;
        callee = wrapped[0];
      }
    }
    if (auto t = KeywordArgument(e, *callee, s, depth)) return t;
    std::string q = ix_.QualifiedName(*callee, s);
    // `super()` in a method of a subclass of a client class (class Finder(OEmbedFinder): ... super().find_embed(url)):
    // the base's requests run here.
    if (q == "super" && s.klass != nullptr) {
      for (const std::string& b : ix_.BaseNames(*s.klass)) {
        if (auto base = RuleBase(b)) {
          base->ctor = &e;
          base->ctor_scope = s;
          base->chain = {CtorStep{&e, s, base->rule, nullptr, {}}};
          return base;
        }
      }
      return std::nullopt;
    }
    if (!q.empty()) {
      if (auto t = FromRule(q, e, s, depth)) return t;
      const facts::ModuleFacts* m = nullptr;
      if (ix_.FindClass(q, &m) != nullptr) {
        ObjectType t;
        t.type = q;
        t.internal = true;
        t.ctor = &e;
        t.ctor_scope = s;
        // An internal subclass of a known client class behaves as that client. Its constructor's arguments are
        // those its __init__ hands to the base (`super().__init__(api_url=settings.BRAZE_API_URL, ...)`, evaluated
        // with __init__'s parameters bound to this call), else this call's own.
        if (auto base = RuleBase(q)) {
          base->ctor = &e;
          base->ctor_scope = s;
          base->subclass = q;
          base->chain = {CtorStep{&e, s, base->rule, nullptr, {}}};
          const facts::ModuleFacts* im = nullptr;
          const facts::Function* init = ix_.FindMethod(q, "__init__", &im);
          if (init != nullptr && im != nullptr && init->class_qualname == q) {
            if (const Expr* up = SuperInit(*init)) {
              base->chain = {CtorStep{up, ix_.ScopeOf(*im, init), base->rule, nullptr, {CallFrame{init, &e, s, true}}}};
            }
          }
          return base;
        }
        return t;
      }
      if (const facts::Function* fn = ix_.FindFunction(q, &m)) {
        return ReturnOf(*fn, *m, e, s, HasBoundSelf(*fn, *callee, s), SelfCallClass(*callee, s), callee->text, depth);
      }
      // An external class without rules (CamelCase by convention): its type name still names its methods.
      size_t dot = q.rfind('.');
      std::string last = dot == std::string::npos ? q : q.substr(dot + 1);
      if (dot != std::string::npos && !last.empty() && std::isupper(static_cast<unsigned char>(last[0])) &&
          ix_.Module(q.substr(0, dot)) == nullptr) {
        ObjectType t;
        t.type = q;
        t.ctor = &e;
        t.ctor_scope = s;
        return t;
      }
    }
    if (auto model = ModelInstance(e, s)) return model;
    if (callee->kind == ExprKind::kAttribute && !callee->children.empty()) {
      const Expr& obj = callee->children[0];
      if (obj.kind == ExprKind::kName && (obj.text == "self" || obj.text == "cls") && s.klass != nullptr) {
        const facts::ModuleFacts* m = nullptr;
        if (const facts::Function* fn = ix_.FindMethod(s.klass->qualname, callee->text, &m)) {
          return ReturnOf(*fn, *m, e, s, !IsStatic(*fn), &s.klass->qualname, callee->text, depth);
        }
      }
      std::optional<ObjectType> t = Of(obj, s, depth + 1);
      if (t && t->rule != nullptr) {
        // A method with a rule: a factory of another client (`returns`), or a request (its result is a response).
        for (const ruleset::CallRule& m : t->rule->methods) {
          for (const std::string& n : m.names) {
            if (n != callee->text) continue;
            if (m.returns.empty()) return std::nullopt;
            return Returned(m, e, s, t->chain);
          }
        }
        // Request builders: every other method returns the same builder (`service.files().get(...)`).
        if (t->rule->fluent) {
          t->detail = t->detail.empty() ? callee->text : t->detail + "." + callee->text;
          return t;
        }
      } else if (t && t->internal) {
        const facts::ModuleFacts* m = nullptr;
        if (const facts::Function* fn = ix_.FindMethod(t->type, callee->text, &m)) {
          if (auto r = Through(Returns(*fn, *m, depth), *fn, e, s, !IsStatic(*fn))) return r;
          return DeclaredReturn(*fn, *m, depth);
        }
      }
    }
    return std::nullopt;
  }

  // `kwargs.pop("segment_client")` / `kwargs.get(...)` / `kwargs["..."]` where kwargs is the function's `**kwargs`:
  // the keyword argument of that name its callers pass (a client handed to a constructor: SegmentHttpResponse(...,
  // segment_client=client)).
  std::optional<ObjectType> KeywordArgument(const Expr& call, const Expr& callee, const Scope& s, int depth) {
    if (s.function == nullptr || callee.kind != ExprKind::kAttribute || callee.children.empty() ||
        (callee.text != "pop" && callee.text != "get")) {
      return std::nullopt;
    }
    std::vector<const Expr*> pos = call.positional();
    if (pos.empty() || pos[0]->kind != ExprKind::kString) return std::nullopt;
    return PassedKeyword(callee.children[0], pos[0]->text, s, depth);
  }

  std::optional<ObjectType> PassedKeyword(const Expr& dict, const std::string& key, const Scope& s, int depth) {
    if (s.function == nullptr || depth >= ix_.options_.max_eval_depth - 4 || !IsKwargsParameter(ix_, *s.function, dict)) {
      return std::nullopt;
    }
    for (const CallSite* site : ix_.CallersOf(s.function->qualname)) {
      const Expr* arg = site->call->keyword(key);
      if (arg == nullptr) continue;
      if (auto t = Of(*arg, site->scope, depth + 2)) return t;
    }
    return std::nullopt;
  }

  // What the call `call` of the repo's `fn` returns; for `self.m(...)` (self_class set) what any override may
  // return too: a subclass of the base's result, or, when the base only raises, the class the overrides' share.
  std::optional<ObjectType> ReturnOf(const facts::Function& fn, const facts::ModuleFacts& m, const Expr& call,
                                     const Scope& s, bool bound_self, const std::string* self_class,
                                     const std::string& method, int depth) {
    // `def apply_filters(search, user): ... return search`: the object this call passes, not any caller's.
    if (const Expr* arg = ReturnedArgument(fn, call, bound_self)) return Of(*arg, s, depth + 1);
    if (auto t = Through(Returns(fn, m, depth), fn, call, s, bound_self)) {
      if (self_class != nullptr && t->internal && !t->declared &&
          OverridesReturnSubclasses(*self_class, method, t->type, depth)) {
        t->declared = true;
      }
      return t;
    }
    if (auto t = DeclaredReturn(fn, m, depth)) return t;
    if (self_class != nullptr) return OverridesCommonReturn(*self_class, method, depth);
    return std::nullopt;
  }

  // When every `return` of `fn` gives back one of its parameters unchanged (never rebound in the body): the argument
  // `call` passes for it, else null.
  const Expr* ReturnedArgument(const facts::Function& fn, const Expr& call, bool bound_self) {
    std::string returned;
    bool other = false;
    facts::ForEachStmt(fn.body, [&](const Stmt& st) {
      if (st.kind != StmtKind::kReturn || st.exprs.empty()) return;
      const Expr& r = st.exprs[0];
      if (r.kind != ExprKind::kName || (!returned.empty() && r.text != returned)) {
        other = true;
        return;
      }
      returned = r.text;
    });
    if (other || returned.empty()) return nullptr;
    if (!FindLocals(ix_.LocalsOf(fn), returned, fn.end_line + 1).empty()) return nullptr;
    for (size_t i = 0; i < fn.params.size(); ++i) {
      if (fn.params[i].name == returned) return ArgumentFor(call, fn, i, bound_self);
    }
    return nullptr;
  }

  // The class of `self` / `cls` in `self.m(...)` made in a method, else null.
  static const std::string* SelfCallClass(const Expr& callee, const Scope& s) {
    if (s.klass == nullptr || callee.kind != ExprKind::kAttribute || callee.children.empty()) return nullptr;
    const Expr& obj = callee.children[0];
    if (obj.kind != ExprKind::kName || (obj.text != "self" && obj.text != "cls")) return nullptr;
    return &s.klass->qualname;
  }

  // `self.create_chatbot()` in a base whose subclasses override it to return subclasses of what the base's returns
  // (TutorConsumer.create_chatbot -> TutorBot(Bot)): the object may be any of them, as with a type hint.
  bool OverridesReturnSubclasses(const std::string& klass, const std::string& method, const std::string& type,
                                 int depth) {
    bool any = false;
    for (const std::string& sub : Subclasses(klass)) {
      const facts::ModuleFacts* sm = nullptr;
      const facts::Function* over = ix_.FindFunction(sub + "." + method, &sm);
      if (over == nullptr || sm == nullptr) continue;
      std::optional<ObjectType> r = Returns(*over, *sm, depth);
      if (!r || !r->internal) return false;
      if (r->type == type) continue;
      std::vector<std::string> below = Subclasses(type);
      if (std::find(below.begin(), below.end(), r->type) == below.end()) return false;
      any = true;
    }
    return any;
  }

  // `self.create_chatbot(...)` where the base's raises NotImplementedError and each subclass returns its own bot
  // (ResourceRecommendationBot, SyllabusBot ...): the nearest internal class they all derive from, as a type hint
  // would name it (any subclass may be the object).
  std::optional<ObjectType> OverridesCommonReturn(const std::string& klass, const std::string& method, int depth) {
    std::vector<std::string> types;
    for (const std::string& sub : Subclasses(klass)) {
      const facts::ModuleFacts* sm = nullptr;
      const facts::Function* over = ix_.FindFunction(sub + "." + method, &sm);
      if (over == nullptr || sm == nullptr) continue;
      std::optional<ObjectType> r = Returns(*over, *sm, depth);
      if (!r) continue;  // `return super().create_chatbot(...)`: one of the others
      if (!r->internal) return std::nullopt;
      if (std::find(types.begin(), types.end(), r->type) == types.end()) types.push_back(r->type);
    }
    if (types.empty()) return std::nullopt;
    std::vector<std::string> ancestors{types[0]};  // nearest first
    for (size_t i = 0; i < ancestors.size() && ancestors.size() < 64; ++i) {
      const facts::Class* c = ix_.FindClass(ancestors[i]);
      if (c == nullptr) continue;
      for (const std::string& b : ix_.BaseNames(*c)) {
        if (ix_.FindClass(b) != nullptr && std::find(ancestors.begin(), ancestors.end(), b) == ancestors.end()) {
          ancestors.push_back(b);
        }
      }
    }
    for (const std::string& a : ancestors) {
      std::vector<std::string> below = Subclasses(a);
      bool all = std::all_of(types.begin(), types.end(), [&](const std::string& t) {
        return t == a || std::find(below.begin(), below.end(), t) != below.end();
      });
      if (!all) continue;
      ObjectType t;
      t.type = a;
      t.internal = true;
      t.declared = true;
      return t;
    }
    return std::nullopt;
  }

  // Django's ORM: `Model.objects.get(...)`, `.first()`, `.filter(...).last()` ... return an instance of the model
  // (an internal class), whose properties and methods then type as its own (`site_config.api_client.get(url)` with
  // `api_client` a property returning a client). Querysets (filter, exclude, order_by ...) keep the model; only the
  // calls below return one instance.
  std::optional<ObjectType> ModelInstance(const Expr& call, const Scope& s) {
    static const char* const kInstance[] = {"get",    "first", "last",   "earliest", "latest",
                                            "create", "aget",  "afirst", "alast",    "acreate"};
    static const char* const kQuerySet[] = {
        "all",   "filter", "exclude", "order_by", "select_related", "prefetch_related",
        "using", "only",   "defer",   "distinct", "annotate"};
    const Expr* callee = call.callee();
    if (callee == nullptr || callee->kind != ExprKind::kAttribute || callee->children.empty()) return std::nullopt;
    if (std::none_of(std::begin(kInstance), std::end(kInstance), [&](const char* m) { return callee->text == m; })) {
      return std::nullopt;
    }
    const Expr* obj = &callee->children[0];
    Scope os = s;
    for (int hops = 0; hops < 8; ++hops) {
      // A queryset held in a local (`site_configs = SiteConfiguration.objects.filter(site=site)`).
      if (obj->kind == ExprKind::kName && os.function != nullptr) {
        std::vector<LocalBinding> locals = FindLocals(ix_.LocalsOf(*os.function), obj->text, obj->line);
        if (locals.size() != 1 || locals[0].value == nullptr) return std::nullopt;
        obj = locals[0].value;
        continue;
      }
      if (obj->kind != ExprKind::kCall || obj->callee() == nullptr || obj->callee()->kind != ExprKind::kAttribute ||
          obj->callee()->children.empty()) {
        break;
      }
      const std::string& m = obj->callee()->text;
      if (std::none_of(std::begin(kQuerySet), std::end(kQuerySet), [&](const char* q) { return m == q; })) {
        return std::nullopt;
      }
      obj = &obj->callee()->children[0];
    }
    if (obj->kind != ExprKind::kAttribute || obj->children.empty() ||
        (obj->text != "objects" && obj->text != "_default_manager" && obj->text != "_base_manager")) {
      return std::nullopt;
    }
    std::string model = ix_.QualifiedName(obj->children[0], os);
    if (model.empty() || ix_.FindClass(model) == nullptr) return std::nullopt;
    ObjectType t;
    t.type = model;
    t.internal = true;
    t.ctor = &call;
    t.ctor_scope = s;
    return t;
  }

  // `get_<field>(self, obj)` of a SerializerMethodField, `to_representation(self, instance)` and
  // `update(self, instance, validated_data)` in a subclass of DRF's ModelSerializer receive an instance of the class
  // its `Meta.model` names (an internal model), when no caller in the repo says otherwise.
  std::optional<ObjectType> SerializedInstance(const facts::Function& fn, size_t i) {
    if (i != 1 || fn.class_qualname.empty() || fn.params.size() < 2) return std::nullopt;
    if (fn.name.rfind("get_", 0) != 0 && fn.name != "to_representation" && fn.name != "update") return std::nullopt;
    std::vector<std::string> ancestry{fn.class_qualname};
    bool model_serializer = false;
    for (size_t k = 0; k < ancestry.size() && k < 32 && !model_serializer; ++k) {
      const facts::Class* c = ix_.FindClass(ancestry[k]);
      if (c == nullptr) continue;
      for (const std::string& b : ix_.BaseNames(*c)) {
        if (b == "rest_framework.serializers.ModelSerializer" ||
            b == "rest_framework.serializers.HyperlinkedModelSerializer") {
          model_serializer = true;
        }
        if (std::find(ancestry.begin(), ancestry.end(), b) == ancestry.end()) ancestry.push_back(b);
      }
    }
    if (!model_serializer) return std::nullopt;
    // The nearest Meta (a subclass may inherit its base serializer's).
    for (const std::string& klass : ancestry) {
      const facts::ModuleFacts* mm = nullptr;
      const facts::Class* meta = ix_.FindClass(klass + ".Meta", &mm);
      if (meta == nullptr || mm == nullptr) continue;
      for (const facts::Stmt& st : meta->body) {
        if (st.kind != facts::StmtKind::kAssign || st.targets.size() != 1 || st.exprs.empty() ||
            st.targets[0].kind != ExprKind::kName || st.targets[0].text != "model") {
          continue;
        }
        std::string q = ix_.QualifiedName(st.exprs[0], ix_.ScopeOfClass(*mm, meta));
        if (q.empty() || ix_.FindClass(q) == nullptr) return std::nullopt;
        ObjectType t;
        t.type = q;
        t.internal = true;
        return t;
      }
    }
    return std::nullopt;
  }

  // The `super().__init__(...)` call (or `super(Cls, self).__init__(...)`) a constructor makes, or nullptr.
  static const Expr* SuperInit(const facts::Function& init) {
    const Expr* found = nullptr;
    facts::ForEachExprInStmts(init.body, [&](const Expr& x) {
      if (found != nullptr || x.kind != ExprKind::kCall) return;
      const Expr* callee = x.callee();
      if (callee == nullptr || callee->kind != ExprKind::kAttribute || callee->text != "__init__" ||
          callee->children.empty()) {
        return;
      }
      const Expr& obj = callee->children[0];
      if (obj.kind == ExprKind::kCall && obj.callee() != nullptr && obj.callee()->kind == ExprKind::kName &&
          obj.callee()->text == "super") {
        found = &x;
      }
    });
    return found;
  }

  static bool HasDecorator(const facts::Function& f, const char* name) {
    for (const Expr& d : f.decorators) {
      if (d.dotted() == name) return true;
    }
    return false;
  }
  static bool IsStatic(const facts::Function& f) { return HasDecorator(f, "staticmethod"); }
  // Whether `Class.method(...)` / `obj.method(...)` passes no argument for the method's first parameter.
  bool HasBoundSelf(const facts::Function& fn, const Expr& callee, const Scope& s) {
    if (fn.class_qualname.empty() || IsStatic(fn)) return false;
    if (HasDecorator(fn, "classmethod")) return true;
    // Called through the class (`Client.make(x)`) a plain method takes self explicitly; through an object it does not.
    return callee.kind == ExprKind::kAttribute && !callee.children.empty() &&
           ix_.QualifiedName(callee.children[0], s) != fn.class_qualname;
  }

  // An object `fn` returned for the call `call` (made in `s`): the steps that built it inside `fn` (or in functions
  // nested in it) were made with `fn`'s parameters bound to this call's arguments.
  std::optional<ObjectType> Through(std::optional<ObjectType> t, const facts::Function& fn, const Expr& call,
                                    const Scope& s, bool bound_self) {
    if (!t) return t;
    for (CtorStep& step : t->chain) {
      const facts::Function* outer = step.frames.empty() ? step.scope.function : step.frames.back().caller.function;
      for (int hops = 0; outer != nullptr && outer != &fn && hops < 16; ++hops) {
        outer = outer->parent.empty() ? nullptr : ix_.FindFunction(outer->parent);
      }
      if (outer != &fn || step.frames.size() >= 6) continue;
      step.frames.push_back(CallFrame{&fn, &call, s, bound_self});
    }
    return t;
  }

  // First known client class among an internal class's bases (class MyClient(requests.Session)).
  std::optional<ObjectType> RuleBase(const std::string& class_q) {
    std::vector<std::string> todo{class_q};
    std::set<std::string> seen;
    while (!todo.empty() && seen.size() < 32) {
      std::string q = todo.front();
      todo.erase(todo.begin());
      if (!seen.insert(q).second) continue;
      const ruleset::ClientRule* client = nullptr;
      if (const ruleset::ClassRule* c = ix_.ClassRuleFor(q, &client)) {
        ObjectType t;
        t.type = c->type;
        t.rule = c;
        t.client = client;
        return t;
      }
      if (const facts::Class* c = ix_.FindClass(q)) {
        for (const std::string& b : ix_.BaseNames(*c)) todo.push_back(b);
      }
    }
    return std::nullopt;
  }

  // Type hints are names in the module (and class) where the def stands, evaluated when it runs.
  static Scope ModuleScope(const Scope& s) {
    Scope ms;
    ms.module = s.module;
    return ms;
  }

  // What a function returns by its return type hint, when its return statements say nothing.
  std::optional<ObjectType> DeclaredReturn(const facts::Function& fn, const facts::ModuleFacts& m, int depth) {
    Scope ms;
    ms.module = &m;
    return Declared(fn.returns, ms, depth + 1);
  }

  // The type a hint names (`client: OpenSearch`, `-> "Backend" | None`, `Optional[Backend]`): an internal class (any
  // subclass may be the object: `declared`), a client class of the rules, or nothing. Hints do not construct
  // anything, so a client known this way has no constructor arguments (no base URL of its own).
  std::optional<ObjectType> Declared(const Expr& hint, const Scope& s, int depth) {
    if (depth > ix_.options_.max_eval_depth || s.module == nullptr) return std::nullopt;
    std::string q;
    switch (hint.kind) {
      case ExprKind::kBinOp:  // X | None
        if (hint.text != "|") return std::nullopt;
        for (const Expr& c : hint.children) {
          if (auto t = Declared(c, s, depth + 1)) return t;
        }
        return std::nullopt;
      case ExprKind::kSubscript: {  // Optional[X], Union[X, None]
        if (hint.children.size() < 2) return std::nullopt;
        const std::string& generic = ix_.QualifiedName(hint.children[0], s);
        if (generic != "typing.Optional" && generic != "typing.Union") return std::nullopt;
        for (size_t i = 1; i < hint.children.size(); ++i) {
          if (auto t = Declared(hint.children[i], s, depth + 1)) return t;
        }
        return std::nullopt;
      }
      case ExprKind::kString:  // a forward reference: one name of the module
        if (hint.text.empty() || hint.text.find_first_of(". []|,") != std::string::npos) return std::nullopt;
        q = ix_.ResolveModuleName(*s.module, hint.text, depth);
        break;
      case ExprKind::kName:
      case ExprKind::kAttribute:
        q = ix_.QualifiedName(hint, s);
        break;
      default:
        return std::nullopt;
    }
    if (q.empty()) return std::nullopt;
    if (auto client = RuleBase(q)) return client;  // a client class of the rules, or an internal subclass of one
    if (ix_.FindClass(q) == nullptr) return std::nullopt;
    ObjectType t;
    t.type = q;
    t.internal = true;
    t.declared = true;
    return t;
  }

  // What parameter i of fn holds, as `type` (Of: the object; Element: an element of it) reads it: its default, else
  // the first caller that passes an argument `type` can answer for.
  template <typename TypeFn>
  std::optional<ObjectType> OfParameter(const facts::Function& fn, size_t i, const Scope& fs, int depth, TypeFn type) {
    const facts::Param& p = fn.params[i];
    if (p.has_default) {
      if (auto t = type(p.default_value, fs, depth + 1)) return t;
    }
    if (depth >= ix_.options_.max_eval_depth - 4) return std::nullopt;
    for (const CallSite* site : ix_.CallersOf(fn.qualname)) {
      int pos = static_cast<int>(i) - (site->bound_self ? 1 : 0);
      if (pos < 0) continue;
      const Expr* arg = site->call->arg(p.kind == facts::ParamKind::kKeywordOnly ? -1 : pos, p.name);
      if (arg == nullptr) continue;
      if (auto t = type(*arg, site->scope, depth + 2)) return t;
    }
    return std::nullopt;
  }

  std::optional<ObjectType> Name(const Expr& e, const Scope& s, int depth) {
    const std::string& name = e.text;
    const facts::Function* fn = s.function;
    for (int hops = 0; fn != nullptr && hops < 16; ++hops) {
      Scope fs = s;
      fs.function = fn;
      // Every binding that may reach the use (`search = search.filter(...)` in a branch): the first that holds a
      // client decides; when none does (or they only feed on each other), the parameter of that name may.
      int at = hops == 0 ? e.line : fn->end_line + 1;
      std::vector<LocalBinding> locals = FindLocals(ix_.LocalsOf(*fn), name, at);
      bool shadowed = false;
      for (const LocalBinding& local : locals) {
        const Expr* bound = local.value != nullptr ? local.value : local.with_item;
        if (bound != nullptr) {
          if (auto t = Of(*bound, fs, depth + 1)) return t;
        }
        // `for msg in messages: msg.send()`: an element of what the loop walks.
        if (local.loop_iterable != nullptr && local.loop_index < 0) {
          if (auto t = Element(*local.loop_iterable, fs, depth + 1)) return t;
        }
        shadowed |= local.shadowed;
      }
      if (shadowed) return Unpacked(*fn, fs, name, at, depth);
      for (size_t i = 0; i < fn->params.size(); ++i) {
        if (fn->params[i].name != name) continue;
        if (auto t = OfParameter(*fn, i, fs, depth,
                                 [this](const Expr& x, const Scope& xs, int d) { return Of(x, xs, d); })) {
          return t;
        }
        // `self` in a method of an internal subclass of a client class that a library instantiates (a social-auth
        // backend: `self.get_json(url)`): the client.
        if (i == 0 && name == "self" && !fn->class_qualname.empty()) {
          if (auto base = RuleBase(fn->class_qualname)) {
            // Constructed by the class's own __init__, whose `super().__init__(api_url=settings.BRAZE_API_URL, ...)`
            // gives the client its base URL: `self.identify_users(...)` in another method requests from there (the
            // __init__'s parameters are what its constructions pass).
            const facts::ModuleFacts* im = nullptr;
            const facts::Function* init = ix_.FindMethod(fn->class_qualname, "__init__", &im);
            if (init != nullptr && im != nullptr && init->class_qualname == fn->class_qualname) {
              if (const Expr* up = SuperInit(*init)) {
                base->ctor = up;
                base->ctor_scope = ix_.ScopeOf(*im, init);
                base->chain = {CtorStep{up, base->ctor_scope, base->rule, nullptr, {}}};
              }
            }
            return base;
          }
        }
        // What Django REST framework passes a ModelSerializer's methods: an instance of its Meta.model.
        if (auto t = SerializedInstance(*fn, i)) return t;
        // A parameter the framework passes, typed by the rules (a social-auth pipeline step's `backend`).
        if (const std::string* type = ix_.SettingParameterType(*fn, name)) {
          if (auto t = RuleBase(*type)) return t;
        }
        // Nothing passed says more than the parameter's type hint.
        return Declared(fn->params[i].annotation, ModuleScope(fs), depth + 1);
      }
      fn = fn->parent.empty() ? nullptr : ix_.FindFunction(fn->parent);
    }
    if (s.module == nullptr) return std::nullopt;
    Binding b;
    const facts::ModuleFacts* where = nullptr;
    if (!ix_.Lookup(*s.module, name, 0, &b, &where)) return std::nullopt;
    if (b.kind == Binding::Kind::kAssign && b.value != nullptr) {
      Scope ms;
      ms.module = where;
      return Of(*b.value, ms, depth + 1);
    }
    if (b.kind == Binding::Kind::kImport) {
      const std::string& target = b.import->target;
      size_t dot = target.rfind('.');
      if (dot == std::string::npos) return std::nullopt;
      const facts::ModuleFacts* owner = ix_.Module(target.substr(0, dot));
      if (owner == nullptr) return std::nullopt;
      Expr alias;
      alias.kind = ExprKind::kName;
      alias.text = target.substr(dot + 1);
      const Expr* bound = ix_.ModuleBinding(*owner, alias.text, &where);
      if (bound == nullptr) return std::nullopt;
      Scope ms;
      ms.module = where;
      return Of(*bound, ms, depth + 1);
    }
    return std::nullopt;
  }

  std::optional<ObjectType> Attribute(const Expr& e, const Scope& s, int depth) {
    if (e.children.empty()) return std::nullopt;
    const Expr& obj = e.children[0];
    if (obj.kind == ExprKind::kName && (obj.text == "self" || obj.text == "cls") && s.klass != nullptr) {
      if (auto t = SelfAttribute(s.klass->qualname, e.text, depth)) return t;
    }
    std::string q = ix_.QualifiedName(obj, s);
    if (!q.empty()) {
      if (const facts::ModuleFacts* m = ix_.Module(q)) {
        const facts::ModuleFacts* where = nullptr;
        if (const Expr* bound = ix_.ModuleBinding(*m, e.text, &where)) {
          Scope ms;
          ms.module = where;
          return Of(*bound, ms, depth + 1);
        }
        return std::nullopt;
      }
    }
    std::optional<ObjectType> t = Of(obj, s, depth + 1);
    if (t && t->rule != nullptr) {
      // An attribute holding another client type (EdxApi(...).enrollments): same constructor chain, new rules.
      for (const ruleset::AttributeRule& a : t->rule->typed_attributes) {
        if (a.name != e.text) continue;
        const ruleset::ClientRule* cc = nullptr;
        const ruleset::ClassRule* c = ix_.ClassRuleFor(a.type, &cc);
        if (c == nullptr) return std::nullopt;
        t->type = c->type;
        t->rule = c;
        t->client = cc;
        t->detail.clear();
        return t;
      }
      bool same = t->rule->any_attribute;
      for (const std::string& a : t->rule->attributes) same |= a == e.text;
      if (same) {
        t->detail = t->detail.empty() ? e.text : t->detail + "." + e.text;
        return t;
      }
    }
    if (t && t->internal) {
      if (auto a = SelfAttribute(t->type, e.text, depth)) return a;
    }
    // `site.siteconfiguration`: the model whose OneToOneField gives every row of another model that accessor.
    if (!t || !t->internal) return ReverseOneToOne(e.text);
    return std::nullopt;
  }

  std::optional<ObjectType> ReverseOneToOne(const std::string& attr) {
    if (!memo_.reverse_one_to_one_built) {
      memo_.reverse_one_to_one_built = true;
      for (const facts::ModuleFacts& m : ix_.modules()) {
        for (const facts::Class& c : m.classes) {
          Scope cs = ix_.ScopeOfClass(m, &c);
          for (const Stmt& st : c.body) {
            if (st.kind != StmtKind::kAssign || st.exprs.empty() || st.exprs[0].callee() == nullptr) continue;
            const Expr& call = st.exprs[0];
            if (RelationField(ix_.QualifiedName(*call.callee(), cs)) != Relation::kOneToOne) continue;
            std::string name;
            if (const Expr* rn = call.keyword("related_name")) {
              if (rn->kind != ExprKind::kString) continue;
              name = rn->text;
            } else {
              name = c.name;
              for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            }
            if (name.empty() || name == "+" || name.back() == '+') continue;
            auto [it, fresh] = memo_.reverse_one_to_one.emplace(name, c.qualname);
            if (!fresh && it->second != c.qualname) it->second.clear();
          }
        }
      }
    }
    auto it = memo_.reverse_one_to_one.find(attr);
    if (it == memo_.reverse_one_to_one.end() || it->second.empty()) return std::nullopt;
    ObjectType t;
    t.type = it->second;
    t.internal = true;
    return t;
  }

  // `client, history = make_client()`: element i of what the called function returns as a tuple.
  std::optional<ObjectType> Unpacked(const facts::Function& fn, const Scope& fs, const std::string& name, int line,
                                     int depth) {
    std::vector<const Stmt*> flat;
    FlattenBody(fn.body, &flat);
    const Expr* call = nullptr;
    size_t index = 0;
    for (const Stmt* st : flat) {
      if (st->kind != StmtKind::kAssign || st->exprs.empty() || st->line >= line) continue;
      for (const Expr& t : st->targets) {
        if (t.kind != ExprKind::kTuple && t.kind != ExprKind::kList) continue;
        for (size_t i = 0; i < t.children.size(); ++i) {
          if (t.children[i].kind == ExprKind::kName && t.children[i].text == name) {
            call = st->exprs[0].kind == ExprKind::kCall ? &st->exprs[0] : nullptr;
            index = i;
          }
        }
      }
    }
    if (call == nullptr) return std::nullopt;
    return ReturnedElement(*call, fs, index, depth);
  }

  // Element `index` of the tuple an internal function returns (`return new_session, expires_at`) for `call`.
  std::optional<ObjectType> ReturnedElement(const Expr& call, const Scope& fs, size_t index, int depth) {
    if (call.callee() == nullptr) return std::nullopt;
    const facts::ModuleFacts* m = nullptr;
    const facts::Function* target = ix_.FindFunction(ix_.QualifiedName(*call.callee(), fs), &m);
    if (target == nullptr) return std::nullopt;
    Scope ts = ix_.ScopeOf(*m, target);
    std::optional<ObjectType> found;
    facts::ForEachStmt(target->body, [&](const Stmt& st) {
      if (found || st.kind != StmtKind::kReturn || st.exprs.empty()) return;
      const Expr& r = st.exprs[0];
      if ((r.kind == ExprKind::kTuple || r.kind == ExprKind::kList) && index < r.children.size()) {
        found = Of(r.children[index], ts, depth + 1);
      }
    });
    return found;
  }

  // The type of the elements of an iterable (`for msg in messages`): a list/tuple/set literal, a comprehension,
  // list()/tuple()/sorted()/... of one, what an internal function returns as one or yields, or a local, module global
  // or parameter (through callers) bound to one — or a local list filled by `.append(x)` / `.extend(xs)`.
  std::optional<ObjectType> Element(const Expr& e, const Scope& s, int depth) {
    if (depth > ix_.options_.max_eval_depth) return std::nullopt;
    EvalMemo::Key key{&e, s.function};
    if (auto it = memo_.elements.find(key); it != memo_.elements.end()) return it->second;
    if (!memo_.elements_in_progress.insert(key).second) return std::nullopt;
    std::optional<ObjectType> t = ComputeElement(e, s, depth);
    memo_.elements_in_progress.erase(key);
    memo_.elements.emplace(key, t);
    return t;
  }

  std::optional<ObjectType> ComputeElement(const Expr& e, const Scope& s, int depth) {
    switch (e.kind) {
      case ExprKind::kList:
      case ExprKind::kTuple:
      case ExprKind::kSet:
        for (const Expr& c : e.children) {
          std::optional<ObjectType> t = c.kind == ExprKind::kStarred && !c.children.empty()
                                            ? Element(c.children[0], s, depth + 1)
                                            : Of(c, s, depth + 1);
          if (t) return t;
        }
        return std::nullopt;
      case ExprKind::kComprehension:  // children[0] is the element expression
        if (e.children.empty()) return std::nullopt;
        return Of(e.children[0], s, depth + 1);
      case ExprKind::kCall:
        return ElementOfCall(e, s, depth);
      case ExprKind::kName:
        return ElementOfName(e, s, depth);
      default:
        return std::nullopt;
    }
  }

  std::optional<ObjectType> ElementOfCall(const Expr& e, const Scope& s, int depth) {
    const Expr* callee = e.callee();
    if (callee == nullptr) return std::nullopt;
    std::string q = ix_.QualifiedName(*callee, s);
    if (q == "list" || q == "tuple" || q == "set" || q == "frozenset" || q == "sorted" || q == "reversed" ||
        q == "iter") {
      std::vector<const Expr*> pos = e.positional();
      return pos.empty() ? std::nullopt : Element(*pos[0], s, depth + 1);
    }
    const facts::ModuleFacts* m = nullptr;
    const facts::Function* fn = q.empty() ? nullptr : ix_.FindFunction(q, &m);
    bool bound_self = fn != nullptr && HasBoundSelf(*fn, *callee, s);
    if (fn == nullptr && callee->kind == ExprKind::kAttribute && !callee->children.empty() && s.klass != nullptr) {
      const Expr& obj = callee->children[0];
      if (obj.kind == ExprKind::kName && (obj.text == "self" || obj.text == "cls")) {
        fn = ix_.FindMethod(s.klass->qualname, callee->text, &m);
        bound_self = fn != nullptr && !IsStatic(*fn);
      }
    }
    if (fn == nullptr) return std::nullopt;
    return Through(Yielded(*fn, *m, depth), *fn, e, s, bound_self);
  }

  // The elements an internal function gives: what it yields (a generator) or the elements of what it returns.
  std::optional<ObjectType> Yielded(const facts::Function& fn, const facts::ModuleFacts& m, int depth) {
    Scope fs = ix_.ScopeOf(m, &fn);
    std::optional<ObjectType> found;
    facts::ForEachStmt(fn.body, [&](const Stmt& st) {
      if (found) return;
      if (st.kind == StmtKind::kReturn && !st.exprs.empty()) {
        found = Element(st.exprs[0], fs, depth + 1);
      } else if (st.kind == StmtKind::kExpr && !st.exprs.empty() && st.exprs[0].kind == ExprKind::kOther &&
                 st.exprs[0].text == "yield" && !st.exprs[0].children.empty()) {
        found = Of(st.exprs[0].children[0], fs, depth + 1);
      }
    });
    return found;
  }

  std::optional<ObjectType> ElementOfName(const Expr& e, const Scope& s, int depth) {
    const std::string& name = e.text;
    const facts::Function* fn = s.function;
    for (int hops = 0; fn != nullptr && hops < 16; ++hops) {
      Scope fs = s;
      fs.function = fn;
      int at = hops == 0 ? e.line : fn->end_line + 1;
      std::vector<LocalBinding> locals = FindLocals(ix_.LocalsOf(*fn), name, at);
      if (!locals.empty()) {
        for (const LocalBinding& local : locals) {
          if (local.value == nullptr) continue;
          if (auto t = Element(*local.value, fs, depth + 1)) return t;
        }
        return Appended(*fn, fs, name, depth);
      }
      for (size_t i = 0; i < fn->params.size(); ++i) {
        if (fn->params[i].name != name) continue;
        return OfParameter(*fn, i, fs, depth,
                           [this](const Expr& x, const Scope& xs, int d) { return Element(x, xs, d); });
      }
      fn = fn->parent.empty() ? nullptr : ix_.FindFunction(fn->parent);
    }
    if (s.module == nullptr) return std::nullopt;
    const facts::ModuleFacts* where = nullptr;
    const Expr* bound = ix_.ModuleBinding(*s.module, name, &where);
    if (bound == nullptr || where == nullptr) return std::nullopt;
    Scope ms;
    ms.module = where;
    return Element(*bound, ms, depth + 1);
  }

  // `messages = []` then `messages.append(msg)` / `messages.extend(more)` in the function.
  std::optional<ObjectType> Appended(const facts::Function& fn, const Scope& fs, const std::string& name, int depth) {
    std::optional<ObjectType> found;
    facts::ForEachExprInStmts(fn.body, [&](const Expr& x) {
      if (found || x.kind != ExprKind::kCall) return;
      const Expr* callee = x.callee();
      if (callee == nullptr || callee->kind != ExprKind::kAttribute || callee->children.empty() ||
          callee->children[0].kind != ExprKind::kName || callee->children[0].text != name) {
        return;
      }
      std::vector<const Expr*> pos = x.positional();
      if (pos.empty()) return;
      if (callee->text == "append" || callee->text == "add") {
        found = Of(*pos[0], fs, depth + 1);
      } else if (callee->text == "extend" || callee->text == "update") {
        found = Element(*pos[0], fs, depth + 1);
      }
    });
    return found;
  }

  std::vector<std::string> Subclasses(const std::string& class_q) { return InternalSubclasses(ix_, &memo_, class_q); }

  // `self.<attr>` in a method of `class_q`: assigned in a method of the class or a base, a class attribute, a
  // @property / @cached_property returning it; else assigned in a subclass (a base's method runs on any subclass).
  // A model field relating to another model (`partner = models.ForeignKey(Partner, ...)`, OneToOneField; the model
  // named by class, by "app_label.Model" / "Model" string, or "self"): an instance of that model, when the repo
  // defines it.
  std::optional<ObjectType> RelatedModel(const Expr& value, const Scope& s, const std::string& owner) {
    if (value.kind != ExprKind::kCall || value.callee() == nullptr) return std::nullopt;
    if (RelationField(ix_.QualifiedName(*value.callee(), s)) == Relation::kNone) return std::nullopt;
    const Expr* to = value.arg(0, "to");
    if (to == nullptr) return std::nullopt;
    std::string model;
    if (to->kind == ExprKind::kString) {
      if (to->text == "self") {
        model = owner;
      } else {
        std::string_view name = std::string_view(to->text).substr(to->text.rfind('.') + 1);
        model = ix_.UniqueClassNamed(name, s.module);
      }
    } else {
      model = ix_.QualifiedName(*to, s);
    }
    if (model.empty() || ix_.FindClass(model) == nullptr) return std::nullopt;
    ObjectType t;
    t.type = model;
    t.internal = true;
    return t;
  }

  std::optional<ObjectType> SelfAttribute(const std::string& class_q, const std::string& attr, int depth) {
    if (depth > ix_.options_.max_eval_depth) return std::nullopt;
    if (auto t = SelfAttributeIn(class_q, attr, depth, /*bases=*/true)) return t;
    for (const std::string& sub : Subclasses(class_q)) {
      if (auto t = SelfAttributeIn(sub, attr, depth, /*bases=*/false)) return t;
    }
    return std::nullopt;
  }

  std::optional<ObjectType> SelfAttributeIn(const std::string& class_q, const std::string& attr, int depth, bool bases) {
    std::vector<std::string> todo{class_q};
    std::set<std::string> seen;
    while (!todo.empty() && seen.size() < 32) {
      std::string q = todo.front();
      todo.erase(todo.begin());
      if (!seen.insert(q).second) continue;
      const facts::ModuleFacts* m = nullptr;
      const facts::Class* c = ix_.FindClass(q, &m);
      if (c == nullptr) continue;
      for (const facts::Function& f : m->functions) {
        if (f.class_qualname == q && f.name == attr && IsPropertyGetter(f)) {
          if (auto r = Returns(f, *m, depth)) return r;
        }
      }
      for (const facts::Function& f : m->functions) {
        if (f.class_qualname != q) continue;
        std::vector<const Stmt*> flat;
        FlattenBody(f.body, &flat);
        for (const Stmt* st : flat) {
          if (st->kind != StmtKind::kAssign || st->exprs.empty()) continue;
          auto is_self_attr = [&](const Expr& t) {
            return t.kind == ExprKind::kAttribute && t.text == attr && !t.children.empty() &&
                   t.children[0].kind == ExprKind::kName && t.children[0].text == "self";
          };
          for (const Expr& t : st->targets) {
            if (is_self_attr(t)) {
              if (auto r = Of(st->exprs[0], ix_.ScopeOf(*m, &f), depth + 1)) return r;
            }
            // `self.session, self.expires_at = refresh_session(...)`: element i of what the call returns.
            if (t.kind != ExprKind::kTuple && t.kind != ExprKind::kList) continue;
            for (size_t i = 0; i < t.children.size(); ++i) {
              if (!is_self_attr(t.children[i])) continue;
              const Expr& v = st->exprs[0];
              std::optional<ObjectType> r;
              if ((v.kind == ExprKind::kTuple || v.kind == ExprKind::kList) && i < v.children.size()) {
                r = Of(v.children[i], ix_.ScopeOf(*m, &f), depth + 1);
              } else if (v.kind == ExprKind::kCall) {
                r = ReturnedElement(v, ix_.ScopeOf(*m, &f), i, depth);
              }
              if (r) return r;
            }
          }
        }
      }
      for (const Stmt& st : c->body) {
        if (st.kind != StmtKind::kAssign || st.exprs.empty()) continue;
        for (const Expr& t : st.targets) {
          if (t.kind == ExprKind::kName && t.text == attr) {
            if (auto r = RelatedModel(st.exprs[0], ix_.ScopeOfClass(*m, c), q)) return r;
            if (auto r = Of(st.exprs[0], ix_.ScopeOfClass(*m, c), depth + 1)) return r;
          }
        }
      }
      if (bases) {
        for (const std::string& b : ix_.BaseNames(*c)) todo.push_back(b);
      }
    }
    return std::nullopt;
  }

  const RepoIndex& ix_;
  EvalMemo& memo_;
};

std::string RepoIndex::TypedCalleeName(const Expr& callee, const Scope& scope) const {
  if (callee.kind == ExprKind::kAttribute && !callee.children.empty()) {
    std::optional<ObjectType> t = TypeOf(callee.children[0], scope);
    if (t && !t->internal) return t->type + "." + callee.text;
  } else if (callee.kind == ExprKind::kName) {
    std::optional<ObjectType> t = TypeOf(callee, scope);
    if (t && !t->internal) return t->type + ".__call__";
  }
  return "";
}

std::optional<ObjectType> RepoIndex::TypeOf(const Expr& e, const Scope& scope) const {
  TypeResolver r(*this);
  return r.Of(e, scope, 0);
}

}  // namespace edgescan::resolve
