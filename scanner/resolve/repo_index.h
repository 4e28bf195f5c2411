// RepoIndex: every module's facts, joined into one picture of the repository.
//
// Owns: qualified names (what `r.get` or `fetch` really is, through imports, aliases, star imports and re-exports),
// module-level and local bindings, Django settings (DJANGO_SETTINGS_MODULE, star-import chains), environment
// getters (rules), static values (values.cc), object types (objects.cc) and the call graph with callers
// (call_graph.cc). Detectors ask it questions; it never reports edges itself.
//
// Resolution is lazy and memoised; every recursive question is bounded (depth, fan-out) and cycle-safe, so an
// import cycle or a self-referential setting yields an unknown value, never a hang.
//
//   RepoIndex index(std::move(modules), rules);
//   Scope s = index.ScopeOf(module, &function);
//   std::string q = index.QualifiedName(call.children[0], s);     // "requests.get"
//   std::vector<Value> urls = index.EvaluateAll(*call.arg(0, "url"), s);
//
// Not thread-safe: one RepoIndex is queried from one thread (memo tables are mutable).
#ifndef EDGESCAN_RESOLVE_REPO_INDEX_H_
#define EDGESCAN_RESOLVE_REPO_INDEX_H_

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/diagnostic.h"
#include "core/string_hash.h"
#include "facts/module_facts.h"
#include "resolve/value.h"
#include "ruleset/rule.h"

namespace edgescan::resolve {

struct LocalsIndex;  // resolve/internal/locals.h

struct ResolveOptions {
  int max_eval_depth = 24;       // nested evaluation steps (names, calls, callers)
  int max_caller_depth = 4;      // how many caller levels a parameter is resolved through
  int max_alternatives = 8;      // values one expression may take (fan-out bound)
  // Django settings modules to read, in order, instead of discovering them (.edgescan.json "settings_module").
  std::vector<std::string> settings_modules;
};

// Where an expression is evaluated: a module, optionally a function (and the class of a method / class body).
struct Scope {
  const facts::ModuleFacts* module = nullptr;
  const facts::Function* function = nullptr;
  const facts::Class* klass = nullptr;
  std::string qualname() const;  // function qualname, or "" at module level
};

// A call of an internal function whose parameters an expression inside it depends on: `get_bucket(settings.X)`
// running `return s3.Bucket(bucket_name)`.
struct CallFrame {
  const facts::Function* fn = nullptr;
  const facts::Expr* call = nullptr;
  Scope caller;             // where `call` is made
  bool bound_self = false;  // a method called through an instance (its `self` takes no argument)
};

// The argument `call` passes for parameter `index` of `fn` (position in the def's parameter list), by keyword or by
// position; `bound_self`: a method called through an instance or class, whose `self` takes no argument. nullptr for
// *args / **kwargs, for `self` itself and when the call does not pass it.
const facts::Expr* ArgumentFor(const facts::Expr& call, const facts::Function& fn, size_t index, bool bound_self);

class RepoIndex;
// Whether `name` (a Name read in fn) is fn's `**kwargs` parameter, not rebound before the read: `kwargs.pop("k")`,
// `kwargs.get("k")` and `kwargs["k"]` there are what fn's callers pass as `k=`.
bool IsKwargsParameter(const RepoIndex& ix, const facts::Function& fn, const facts::Expr& name);

// One call that built a client object: the constructor or factory, or a method returning a new client
// (`resource("s3").Bucket(name)`), with the rule of the object it made (for its base_url arguments).
struct CtorStep {
  const facts::Expr* call = nullptr;
  Scope scope;
  const ruleset::ClassRule* rule = nullptr;
  const ruleset::CallRule* made_by = nullptr;  // the function/method rule of `call`, when it has one
  // The factory calls the object was returned through, innermost first: `call`'s arguments are evaluated with
  // their parameters bound to these calls' arguments (this bucket, not every bucket get_bucket is ever given).
  std::vector<CallFrame> frames;
};

// The type of an object an expression evaluates to, where known.
struct ObjectType {
  std::string type;                      // rule type id ("requests.Session"), internal class qualname, or the
                                         // qualified name of an external class without rules ("environ.Env")
  bool internal = false;                 // an internal class
  bool declared = false;                 // known from a type hint only: the object may be of any subclass
  const ruleset::ClassRule* rule = nullptr;
  const ruleset::ClientRule* client = nullptr;
  const facts::Expr* ctor = nullptr;     // the constructor / factory call
  Scope ctor_scope;
  std::string detail;                    // factory argument ("s3" for boto3.client("s3")), attribute path
  std::vector<CtorStep> chain;           // client objects: the calls that built it, root first (chain.back().call
                                         // is `ctor` unless the object came through a typed attribute)
  bool runs_tools = false;               // an agent around the client (create_react_agent): runs the repo's tools
  std::string subclass;                  // a client object made by an internal subclass of its class
                                         // (`class UserClient(requests.Session)`): where its own methods are
};

// A Celery task (celery_tasks.cc): a function decorated @app.task / @shared_task / @celery.task / @periodic_task
// (any Celery application object's .task), registered under the name Celery gives it: `name=` when the decorator
// passes one, else "<module>.<function>" as Celery's gen_task_name does.
struct CeleryTask {
  std::string name;
  std::string function;                   // qualname of the decorated function
  bool bind = false;                      // bind=True: the first parameter is the task (self.retry, self.replace)
  bool periodic = false;                  // @periodic_task(run_every=...) (Celery 3)
  const facts::Expr* decorator = nullptr;
  Scope scope;                            // where the decorator is evaluated
};

// Whether a function is a property getter: decorated @property, @cached_property, @functools.cached_property,
// @django.utils.functional.cached_property (any decorator whose dotted name ends in "property").
bool IsPropertyGetter(const facts::Function& f);

// One call expression somewhere in the repo.
struct CallSite {
  const facts::Expr* call = nullptr;
  Scope scope;
  std::string callee;   // resolved qualified name of the callee, "" when unknown
  const facts::Function* target_function = nullptr;  // internal function this call runs (for the call graph)
  // Qualname of the enclosing function, "" = module level / class body.
  const std::string& caller() const;
  // Qualname of target_function, "" when none.
  const std::string& target() const;
  bool bound_self = false;  // target is a method called through an instance/class (skip `self` when mapping args)
  bool fan_out = false;     // task fan-out: .delay/.apply_async/.s/.si/signature, send_task("name")
  // Internal functions a call runs besides `target`: overrides of `self.method()` in subclasses; composition
  // (`pipeline()` with pipeline = compose(load, transform, extract) / partial(f, x) / curry(f); pipe(data, f, g);
  // map(f, xs)); callbacks it passes to a target that calls that parameter (retry(task, x) running
  // `function(*args)` / `function.delay()`); Django model signal receivers a save or delete runs
  // (`Model.objects.create(...)` -> @receiver(post_save, sender=Model)). Graph edges only: arguments are not mapped
  // to their parameters.
  std::vector<std::string> also_runs;
};

class RepoIndex {
 public:
  RepoIndex(std::vector<facts::ModuleFacts> modules, const ruleset::RuleSet& rules, ResolveOptions options = {});
  RepoIndex(const RepoIndex&) = delete;
  RepoIndex& operator=(const RepoIndex&) = delete;
  ~RepoIndex();

  const std::vector<facts::ModuleFacts>& modules() const { return modules_; }
  const ruleset::RuleSet& rules() const { return rules_; }
  const ResolveOptions& options() const { return options_; }
  const facts::ModuleFacts* Module(std::string_view dotted) const;
  Scope ScopeOf(const facts::ModuleFacts& m, const facts::Function* f) const;
  Scope ScopeOfClass(const facts::ModuleFacts& m, const facts::Class* c) const;

  // Definitions by qualified name, with the module that holds them.
  const facts::Function* FindFunction(std::string_view qualname, const facts::ModuleFacts** module = nullptr) const;
  const facts::Class* FindClass(std::string_view qualname, const facts::ModuleFacts** module = nullptr) const;
  // The qualified name of the top-level class called `name` in `prefer` if it defines one, else of the only one in the
  // repo ("" when none or several): Django's lazy model references ("Partner", "core.Partner").
  std::string UniqueClassNamed(std::string_view name, const facts::ModuleFacts* prefer) const;
  // A method looked up on a class and its (internal) bases, MRO-ish (depth first, left to right).
  const facts::Function* FindMethod(std::string_view class_qualname, std::string_view method,
                                    const facts::ModuleFacts** module = nullptr) const;
  // Whether some internal class defines a method called `name`: FindMethod can find nothing else, so a caller may skip
  // typing an object (costly) when no class defines the method it asks for.
  bool DefinesMethodNamed(std::string_view name) const { return method_names_.count(name) != 0; }
  // Qualified names of a class's bases as resolved in its module (internal or external).
  // Memoised: the reference stays valid as long as the index.
  const std::vector<std::string>& BaseNames(const facts::Class& c) const;

  // What a Name/Attribute chain denotes: "requests.get", "app.clients.fetch", "django.conf.settings".
  // Locals holding values are not followed (that is Evaluate / TypeOf). Unbound names return the name itself
  // (builtins: "getattr", "open"). Returns "" for expressions that are not name chains.
  // The answer lives as long as the index (one interned copy per name).
  const std::string& QualifiedName(const facts::Expr& e, const Scope& scope) const;

  // A callee named through the type of the object it is called on: `env.str` with env = environ.Env() ->
  // "environ.Env.str"; `env(...)` -> "environ.Env.__call__". "" when the object's type is unknown.
  std::string TypedCalleeName(const facts::Expr& callee, const Scope& scope) const;

  // Static value of an expression (values.cc). EvaluateAll returns every alternative (callers passing different
  // settings, conditional expressions), at most options.max_alternatives; Evaluate the first.
  std::vector<Value> EvaluateAll(const facts::Expr& e, const Scope& scope) const;
  Value Evaluate(const facts::Expr& e, const Scope& scope) const;
  // EvaluateAll inside the function calls `frames` (innermost first, as CtorStep::frames): parameters they bind take
  // those calls' arguments instead of every caller's.
  std::vector<Value> EvaluateAllIn(const facts::Expr& e, const Scope& scope, const std::vector<CallFrame>& frames) const;

  // The type the rules give a parameter of a function a setting lists (rules: django.setting_parameters:
  // SOCIAL_AUTH_PIPELINE steps' `backend`), or nullptr.
  const std::string* SettingParameterType(const facts::Function& f, std::string_view parameter) const;

  // A Django setting by name, evaluated in its settings module; nullopt when no settings module binds it.
  std::optional<Value> Setting(std::string_view name) const;
  // The known strings a list setting holds (MIDDLEWARE, SOCIAL_AUTH_PIPELINE: dotted paths), in order; empty when the
  // setting is unset or not a list.
  std::vector<std::string> SettingStrings(std::string_view name) const;
  // The settings modules in use (primary first).
  const std::vector<const facts::ModuleFacts*>& settings_modules() const { return settings_modules_; }
  // The expression bound to a setting and the module it is bound in (for detectors reading e.g. schedules).
  const facts::Expr* SettingExpr(std::string_view name, const facts::ModuleFacts** module = nullptr,
                                 int* line = nullptr) const;

  // The env getter rule a callee qualname matches, or nullptr.
  const ruleset::EnvGetterRule* EnvGetter(std::string_view qualname) const;

  // Type of the object an expression evaluates to (objects.cc).
  std::optional<ObjectType> TypeOf(const facts::Expr& e, const Scope& scope) const;
  // Rules lookups by qualified name.
  const ruleset::CallRule* FunctionRule(std::string_view qualname, const ruleset::ClientRule** client) const;
  const ruleset::ClassRule* ClassRuleFor(std::string_view qualname_or_type, const ruleset::ClientRule** client) const;

  // Celery tasks (celery_tasks.cc), in (file, line) order.
  const std::vector<CeleryTask>& celery_tasks() const { return celery_tasks_; }
  // The task registered as `name`; when none is, the one task whose name ends with "." + name (a repo scanned from
  // above its import root names "src.app.tasks.x" what Celery calls "app.tasks.x"). nullptr when unknown/ambiguous.
  const CeleryTask* CeleryTaskNamed(std::string_view name) const;
  const CeleryTask* CeleryTaskOf(std::string_view function_qualname) const;
  // Whether an expression is a Celery application object: celery.Celery(...) or an internal subclass, through
  // names and imports, or celery.current_app.
  bool IsCeleryApp(const facts::Expr& e, const Scope& scope) const;

  // Call graph (call_graph.cc). Every call site in the repo in (file, line, column) order.
  const std::vector<CallSite>& call_sites() const { return call_sites_; }
  // Call sites whose target is this function (including class instantiation for __init__).
  std::vector<const CallSite*> CallersOf(std::string_view function_qualname) const;
  // The functions a registry decorator stores in the module-level table `table` (qualified name): a decorator whose
  // code does `TABLE[key] = wrapper` registers every function it decorates (`@on_stripe_event("invoice.paid")`), so
  // `TABLE[event.type](event)` may run any of them.
  const std::vector<std::string>& Registered(std::string_view table) const;
  // Internal functions a function calls directly, sorted.
  const std::vector<std::string>& CalleesOf(std::string_view function_qualname) const;
  // Reads of an internal @property / @cached_property (`catalog.customer`), each as a call site of a synthesised
  // `catalog.customer()` whose target is the getter: the getter runs on the read. Graph edges only (reachability
  // and CalleesOf), in (file, line, column) order; never in call_sites(), so no detector takes one for a call.
  const std::vector<CallSite>& property_reads() const { return property_reads_; }

  // Module-level binding of `name` in `module`, last binding wins, through star imports. Exposed for detectors
  // (urlconfs, beat schedules): returns the bound expression and the module it is bound in.
  const facts::Expr* ModuleBinding(const facts::ModuleFacts& module, std::string_view name,
                                   const facts::ModuleFacts** where = nullptr, int* line = nullptr) const;
  // A module-level name bound by unpacking (`extract, transform = factory(config)`): the whole value, with the
  // name's position in *index; nullptr otherwise.
  const facts::Expr* ModuleUnpacking(const facts::ModuleFacts& module, std::string_view name,
                                     const facts::ModuleFacts** where, int* index) const;

  Diagnostics TakeDiagnostics();

  // Records that a resolution limit was hit while answering a question about `file`:`line` (one info diagnostic per
  // limit and file, so a pathological file says so once instead of flooding the report).
  void NoteLimit(const char* limit, int value, const std::string& file, int line) const;

  struct ModuleTable;  // per-module name table (repo_index.cc)

  // The local bindings of a function (resolve/internal/locals.h), indexed on first use: every type, value and
  // call-graph question about a local name asks again in the same function.
  const LocalsIndex& LocalsOf(const facts::Function& f) const;

 private:
  friend class Evaluator;
  friend class TypeResolver;

  bool Lookup(const facts::ModuleFacts& m, std::string_view name, int depth, struct Binding* out,
              const facts::ModuleFacts** where) const;
  // For a use of `name` that runs while module `m` is imported (module or class body, at `line`): the binding of
  // the name in `m` before that line when a later one rebinds it (`url = FIRST` then `while url: get(url); url =
  // next`). False when there is no earlier binding or it is already the last one (Lookup answers then).
  bool LookupBefore(const facts::ModuleFacts& m, std::string_view name, int line, struct Binding* out) const;
  const ModuleTable& Table(const facts::ModuleFacts& m) const;
  void FindSettingsModules();
  void BuildCallGraph();
  void FindCeleryTasks();
  void AddCallbacks();
  void AddSignalReceivers();
  void AddPluginHooks();
  void AddManagementCommands();
  void AddImportedConstructors();
  void AddAgentTools();
  void AlsoRuns(CallSite* site, const std::vector<std::string>& functions);
  std::string QualifiedNameImpl(const facts::Expr& e, const Scope& scope, int depth) const;
  // The names a function binds (its statements flattened as FlattenBody does) and the imports inside it (`import x`
  // in its body) as listed in `module`: built once per function, asked for every name looked up in it.
  struct FunctionNames {
    std::vector<const facts::Import*> imports;
    // (name, statement) for each statement binding a name as a def, class, assignment (with a value) or for/with
    // target, sorted by name, then body order.
    std::vector<std::pair<std::string_view, const facts::Stmt*>> bindings;
  };
  const FunctionNames& NamesIn(const facts::ModuleFacts& module, const facts::Function& f) const;

  const std::string& ResolveModuleName(const facts::ModuleFacts& m, std::string_view name, int depth) const;
  std::vector<std::string> BaseNamesUncached(const facts::Class& c) const;
  const facts::Function* FindMethodUncached(std::string_view class_qualname, std::string_view method,
                                            const facts::ModuleFacts** module) const;
  std::string ResolveModuleNameUncached(const facts::ModuleFacts& m, std::string_view name, int depth) const;

  std::vector<facts::ModuleFacts> modules_;
  const ruleset::RuleSet& rules_;
  ResolveOptions options_;
  // Looked up by name only, never walked: hashed (ordered maps cost a fifth of a rescan in string compares).
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> by_module_;
  // Names modules also have from an import root inside the checkout (AliasImportRoots): alias -> module index.
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> aliases_;
  void AliasImportRoots();
  std::unordered_map<std::string, std::pair<size_t, size_t>, StringHash, std::equal_to<>> functions_;  // qualname -> (module, index)
  std::unordered_map<std::string, std::pair<size_t, size_t>, StringHash, std::equal_to<>> classes_;
  std::unordered_map<std::string, std::vector<size_t>, StringHash, std::equal_to<>> top_classes_by_name_;  // -> module indexes
  std::unordered_set<std::string_view> method_names_;  // names of the methods internal classes define (into modules_)
  mutable std::vector<std::unique_ptr<ModuleTable>> tables_;
  std::vector<const facts::ModuleFacts*> settings_modules_;
  std::vector<CallSite> call_sites_;
  std::vector<CallSite> property_reads_;
  std::deque<facts::Expr> synthetic_calls_;  // the `obj.name()` calls of property_reads_ (stable addresses)
  std::vector<CeleryTask> celery_tasks_;
  // A call that may run an override (or the one concrete method of a name) also passes its arguments to it: a copy of
  // the site whose target is that method, so CallersOf(override) maps them (`proxy.create_proxy_user(uid)` on an
  // object typed by its abstract base reaches LiteLLMProxy.create_proxy_user(user_id, endpoint="new")).
  std::deque<CallSite> virtual_sites_;
  // callers_ entries: an index into call_sites_, or kVirtualSite | an index into virtual_sites_.
  static constexpr size_t kVirtualSite = size_t{1} << (sizeof(size_t) * 8 - 1);
  std::unordered_map<std::string, std::vector<size_t>, StringHash, std::equal_to<>> callers_;
  std::unordered_map<std::string, std::vector<std::string>, StringHash, std::equal_to<>> callees_;
  std::unordered_map<std::string, const ruleset::CallRule*, StringHash, std::equal_to<>> function_rules_;
  std::unordered_map<std::string, const ruleset::ClientRule*, StringHash, std::equal_to<>> function_rule_clients_;
  std::unordered_map<std::string, const ruleset::ClassRule*, StringHash, std::equal_to<>> class_rules_;
  std::unordered_map<std::string, const ruleset::ClientRule*, StringHash, std::equal_to<>> class_rule_clients_;
  mutable Diagnostics diagnostics_;
  mutable std::set<std::pair<std::string, std::string>> limits_noted_;
  mutable std::unique_ptr<struct EvalMemo> memo_;
  // SettingParameterType's table, built on first use: function qualname -> parameter -> type.
  mutable std::unique_ptr<std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>>
      setting_parameter_types_;
  mutable std::unique_ptr<std::map<std::string, std::vector<std::string>, std::less<>>> registered_;
  // ResolveModuleName answers by (module, depth, name): they never change once the index is built, and a repo asks
  // the same few thousand names for every call site.
  mutable std::unordered_map<std::string, std::string> module_name_memo_;
  mutable std::unordered_map<const facts::Class*, std::vector<std::string>> base_names_memo_;
  mutable std::unordered_map<const facts::Function*, std::unique_ptr<LocalsIndex>> locals_memo_;
  // FindMethod answers by class qualname + '\0' + method: the class hierarchy walk is costly and asked again for
  // every call of a method.
  mutable std::unordered_map<std::string, std::pair<const facts::Function*, const facts::ModuleFacts*>, StringHash,
                             std::equal_to<>>
      method_memo_;
  mutable std::map<std::pair<const facts::ModuleFacts*, const facts::Function*>, std::unique_ptr<FunctionNames>>
      function_names_;
  // QualifiedName(e, scope) answers: they depend on the expression, the module and the function only (never on the
  // call graph or evaluation memos), and the graph, types and every detector ask again for the same callees.
  struct QualifiedKey {
    const facts::Expr* e;
    const facts::ModuleFacts* module;
    const facts::Function* function;
    bool operator==(const QualifiedKey&) const = default;
  };
  struct QualifiedKeyHash {
    size_t operator()(const QualifiedKey& k) const {
      size_t h = std::hash<const void*>{}(k.e);
      h = h * 31 + std::hash<const void*>{}(k.module);
      return h * 31 + std::hash<const void*>{}(k.function);
    }
  };
  // Values point into qualified_names_ (one copy of each name however many expressions denote it).
  mutable std::unordered_map<QualifiedKey, const std::string*, QualifiedKeyHash> qualified_memo_;
  mutable std::unordered_set<std::string> qualified_names_;
};

// "MITX_ONLINE_BASE_URL" -> "Mitx Online"; "" when nothing is left after the URL-ish suffixes.
std::string PeerFromSettingName(std::string_view setting);
// Host of an absolute URL ("https://a.b:8000/x" -> "a.b"), "" when there is none.
std::string HostOf(std::string_view url);
// Host of the known beginning of a URL, only when the authority is complete in it ("https://a.org/x{y}" -> "a.org";
// "https://api.{env}" -> "").
std::string HostOfPrefix(std::string_view prefix);

}  // namespace edgescan::resolve

#endif  // EDGESCAN_RESOLVE_REPO_INDEX_H_
