// Names, settings and rule lookups. Values are in values.cc, types in objects.cc, the call graph in call_graph.cc.
#include "resolve/repo_index.h"

#include <algorithm>
#include <cctype>

#include "resolve/internal/binding.h"
#include "resolve/internal/eval_memo.h"
#include "resolve/internal/locals.h"

namespace edgescan::resolve {

using facts::Expr;
using facts::ExprKind;
using facts::Stmt;
using facts::StmtKind;

std::string Scope::qualname() const { return function != nullptr ? function->qualname : ""; }

namespace {
const std::string kNoName;
}  // namespace

const std::string& CallSite::caller() const { return scope.function != nullptr ? scope.function->qualname : kNoName; }
const std::string& CallSite::target() const {
  return target_function != nullptr ? target_function->qualname : kNoName;
}

struct RepoIndex::ModuleTable {
  // Bindings of each name in source order; looked up by name only, never walked.
  std::unordered_map<std::string, std::vector<Binding>, StringHash, std::equal_to<>> names;
  std::vector<Binding> stars;                                      // star imports in source order
};

namespace {

void BindTarget(const Expr& target, const Expr* value, int line, RepoIndex::ModuleTable* table);

}  // namespace

namespace {
void BindTarget(const Expr& target, const Expr* value, int line, RepoIndex::ModuleTable* table) {
  if (target.kind == ExprKind::kName) {
    Binding b;
    b.kind = Binding::Kind::kAssign;
    b.value = value;
    b.line = line;
    table->names[target.text].push_back(b);
  } else if (target.kind == ExprKind::kTuple || target.kind == ExprKind::kList) {
    bool parallel = value != nullptr && (value->kind == ExprKind::kTuple || value->kind == ExprKind::kList) &&
                    value->children.size() == target.children.size();
    for (size_t i = 0; i < target.children.size(); ++i) {
      BindTarget(target.children[i], parallel ? &value->children[i] : nullptr, line, table);
      if (!parallel && value != nullptr && target.children[i].kind == ExprKind::kName) {
        Binding& b = table->names[target.children[i].text].back();
        b.unpacked = value;
        b.unpack_index = static_cast<int>(i);
      }
    }
  }
}
}  // namespace

const Expr* ArgumentFor(const Expr& call, const facts::Function& fn, size_t index, bool bound_self) {
  const facts::Param& p = fn.params[index];
  if (p.kind == facts::ParamKind::kVarArgs || p.kind == facts::ParamKind::kKwArgs) return nullptr;
  int pos = static_cast<int>(index) - (bound_self ? 1 : 0);
  if (p.kind == facts::ParamKind::kKeywordOnly) pos = -1;
  if (pos < 0 && p.kind != facts::ParamKind::kKeywordOnly) return nullptr;  // `self` itself
  // Celery's `task.apply_async(args=[...], kwargs={...})` / `task.apply(...)`: the task's arguments are in those
  // literals, not the call's own.
  const Expr* callee = call.callee();
  if (callee != nullptr && callee->kind == ExprKind::kAttribute &&
      (callee->text == "apply_async" || callee->text == "apply")) {
    if (const Expr* kw = call.keyword("kwargs"); kw != nullptr && kw->kind == ExprKind::kDict &&
                                                 p.kind != facts::ParamKind::kPositionalOnly) {
      for (const Expr& pair : kw->children) {
        if (pair.kind == ExprKind::kPair && pair.children.size() == 2 && pair.children[0].kind == ExprKind::kString &&
            pair.children[0].text == p.name) {
          return &pair.children[1];
        }
      }
    }
    const Expr* args = call.arg(0, "args");
    if (args != nullptr && (args->kind == ExprKind::kList || args->kind == ExprKind::kTuple) && pos >= 0 &&
        static_cast<size_t>(pos) < args->children.size() && args->children[static_cast<size_t>(pos)].kind != ExprKind::kStarred) {
      return &args->children[static_cast<size_t>(pos)];
    }
    return nullptr;
  }
  return call.arg(pos, p.kind == facts::ParamKind::kPositionalOnly ? "" : p.name);
}

bool IsKwargsParameter(const RepoIndex& ix, const facts::Function& fn, const Expr& name) {
  if (name.kind != ExprKind::kName) return false;
  bool kwargs = std::any_of(fn.params.begin(), fn.params.end(), [&](const facts::Param& p) {
    return p.kind == facts::ParamKind::kKwArgs && p.name == name.text;
  });
  return kwargs && FindLocals(ix.LocalsOf(fn), name.text, name.line).empty();
}

RepoIndex::RepoIndex(std::vector<facts::ModuleFacts> modules, const ruleset::RuleSet& rules, ResolveOptions options)
    : modules_(std::move(modules)), rules_(rules), options_(options), memo_(std::make_unique<EvalMemo>()) {
  std::sort(modules_.begin(), modules_.end(),
            [](const facts::ModuleFacts& a, const facts::ModuleFacts& b) { return a.path < b.path; });
  tables_.resize(modules_.size());
  for (size_t i = 0; i < modules_.size(); ++i) {
    const facts::ModuleFacts& m = modules_[i];
    by_module_.emplace(m.module, i);  // first path wins when two files map to one module name
    for (size_t f = 0; f < m.functions.size(); ++f) {
      functions_.emplace(m.functions[f].qualname, std::make_pair(i, f));
      if (!m.functions[f].class_qualname.empty()) method_names_.insert(m.functions[f].name);
    }
    for (size_t c = 0; c < m.classes.size(); ++c) {
      classes_.emplace(m.classes[c].qualname, std::make_pair(i, c));
      if (m.classes[c].parent.empty()) top_classes_by_name_[m.classes[c].name].push_back(i);
    }
  }
  for (const ruleset::ClientRule& client : rules_.clients) {
    for (const ruleset::CallRule& f : client.functions) {
      for (const std::string& n : f.names) {
        function_rules_.emplace(n, &f);
        function_rule_clients_.emplace(n, &client);
      }
    }
    for (const ruleset::ClassRule& c : client.classes) {
      for (const std::string& n : c.names) {
        class_rules_.emplace(n, &c);
        class_rule_clients_.emplace(n, &client);
      }
      class_rules_.emplace(c.type, &c);
      class_rule_clients_.emplace(c.type, &client);
    }
  }
  AliasImportRoots();
  FindSettingsModules();
  FindCeleryTasks();
  BuildCallGraph();
}

RepoIndex::~RepoIndex() = default;

// A checkout scanned from above its import roots (a src layout, `src/<dist>/<package>/`, a monorepo of plugins, a
// project under `backend/`) names its modules by path ("src.canvas.canvas.client") while its code imports them from
// their root ("canvas.client"). A folder without `__init__.py` above a package is such a root: the package's modules
// are also known by the name from there, when exactly one module has that name and no scanned file has it as its own,
// and imports written that way are rewritten to the scanned name before anything resolves. A folder that is itself a
// package is never a root (a `payments/requests.py` does not shadow the `requests` library), nor is a bare module
// (only packages are aliased), nor a name the rules know as a library's.
void RepoIndex::AliasImportRoots() {
  std::unordered_set<std::string_view> packages;
  for (const facts::ModuleFacts& m : modules_) {
    std::string_view p = m.path;
    if (p == "__init__.py" || (p.size() > 12 && p.substr(p.size() - 12) == "/__init__.py")) packages.insert(m.module);
  }
  if (packages.empty()) return;
  // The top-level names of the libraries the rules know (their functions', classes' and types' qualified names).
  std::set<std::string, std::less<>> library_roots;
  for (const auto& [q, rule] : function_rules_) library_roots.emplace(q.substr(0, q.find('.')));
  for (const auto& [q, rule] : class_rules_) library_roots.emplace(q.substr(0, q.find('.')));
  std::unordered_map<std::string, size_t> alias;  // alias -> module index; npos when two modules claim it
  for (size_t i = 0; i < modules_.size(); ++i) {
    const std::string& name = modules_[i].module;
    bool is_package = packages.count(name) != 0;
    // The folders holding the module, outermost first: every dotted prefix, and the module itself when a package.
    std::vector<size_t> ends;  // end offsets of the folder prefixes
    for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) ends.push_back(dot);
    if (is_package) ends.push_back(name.size());
    // From the innermost folder outward: the folders that are packages, up to the first that is not (the root).
    size_t k = ends.size();
    while (k > 0 && packages.count(std::string_view(name).substr(0, ends[k - 1])) != 0) --k;
    if (k == ends.size() || k == 0) continue;  // not in a package, or its packages reach the scan root
    std::string a = name.substr(ends[k - 1] + 1);
    if (a.empty() || by_module_.count(a) != 0 || library_roots.count(a.substr(0, a.find('.'))) != 0) continue;
    auto [it, fresh] = alias.emplace(a, i);
    if (!fresh && it->second != i) it->second = std::string::npos;
  }
  for (auto& [a, i] : alias) {
    if (i != std::string::npos) aliases_.emplace(a, i);
  }
  if (aliases_.empty()) return;
  // Rewrite imports: the longest leading part of the target that is an alias becomes the scanned name.
  for (facts::ModuleFacts& m : modules_) {
    for (facts::Import& imp : m.imports) {
      const std::string& t = imp.target;
      if (t.empty() || by_module_.count(t.substr(0, t.find('.'))) != 0) continue;
      for (size_t end = t.size(); end != std::string::npos && end > 0; end = t.rfind('.', end - 1)) {
        auto it = aliases_.find(t.substr(0, end));
        if (it == aliases_.end()) continue;
        imp.target = modules_[it->second].module + t.substr(end);
        break;
      }
    }
  }
}

const facts::ModuleFacts* RepoIndex::Module(std::string_view dotted) const {
  auto it = by_module_.find(dotted);
  if (it != by_module_.end()) return &modules_[it->second];
  if (aliases_.empty()) return nullptr;
  auto a = aliases_.find(dotted);
  return a == aliases_.end() ? nullptr : &modules_[a->second];
}

Scope RepoIndex::ScopeOf(const facts::ModuleFacts& m, const facts::Function* f) const {
  Scope s;
  s.module = &m;
  s.function = f;
  if (f == nullptr) return s;
  if (!f->class_qualname.empty()) {
    s.klass = FindClass(f->class_qualname);
    return s;
  }
  // A function nested in a method is a closure over the method's self/cls (a graph node, a callback, a retried
  // step: `def call_model(state): return self.llm.invoke(...)`), unless it or a function between binds its own.
  const facts::Function* g = f;
  for (int hops = 0; g != nullptr && g->class_qualname.empty() && hops < 16; ++hops) {
    for (const facts::Param& p : g->params) {
      if (p.name == "self" || p.name == "cls") return s;
    }
    g = g->parent.empty() ? nullptr : FindFunction(g->parent);
  }
  if (g != nullptr && !g->class_qualname.empty()) s.klass = FindClass(g->class_qualname);
  return s;
}

Scope RepoIndex::ScopeOfClass(const facts::ModuleFacts& m, const facts::Class* c) const {
  Scope s;
  s.module = &m;
  s.klass = c;
  return s;
}

const facts::Function* RepoIndex::FindFunction(std::string_view q, const facts::ModuleFacts** module) const {
  auto it = functions_.find(q);
  if (it == functions_.end()) return nullptr;
  if (module != nullptr) *module = &modules_[it->second.first];
  return &modules_[it->second.first].functions[it->second.second];
}

std::string RepoIndex::UniqueClassNamed(std::string_view name, const facts::ModuleFacts* prefer) const {
  auto it = top_classes_by_name_.find(name);
  if (it == top_classes_by_name_.end()) return "";
  for (size_t i : it->second) {
    if (&modules_[i] == prefer) return prefer->module + "." + std::string(name);
  }
  if (it->second.size() != 1) return "";
  return modules_[it->second[0]].module + "." + std::string(name);
}

const facts::Class* RepoIndex::FindClass(std::string_view q, const facts::ModuleFacts** module) const {
  auto it = classes_.find(q);
  if (it == classes_.end()) return nullptr;
  if (module != nullptr) *module = &modules_[it->second.first];
  return &modules_[it->second.first].classes[it->second.second];
}

const std::vector<std::string>& RepoIndex::BaseNames(const facts::Class& c) const {
  if (auto it = base_names_memo_.find(&c); it != base_names_memo_.end()) return it->second;
  std::vector<std::string> out = BaseNamesUncached(c);
  return base_names_memo_.emplace(&c, std::move(out)).first->second;
}

std::vector<std::string> RepoIndex::BaseNamesUncached(const facts::Class& c) const {
  std::vector<std::string> out;
  const facts::ModuleFacts* m = nullptr;
  if (FindClass(c.qualname, &m) == nullptr) return out;
  Scope s = ScopeOfClass(*m, nullptr);
  for (const Expr& b : c.bases) {
    if (b.kind == ExprKind::kKeyword) continue;
    // `class BrazeAPIClient(BrazeClient or object)` (an optional import): the first operand is the base.
    const Expr* base = &b;
    while (base->kind == ExprKind::kBoolOp && !base->children.empty()) base = &base->children[0];
    std::string q = QualifiedName(base->kind == ExprKind::kSubscript && !base->children.empty() ? base->children[0] : *base, s);
    if (!q.empty()) out.push_back(q);
  }
  return out;
}

const facts::Function* RepoIndex::FindMethod(std::string_view class_qualname, std::string_view method,
                                             const facts::ModuleFacts** module) const {
  std::string key;
  key.reserve(class_qualname.size() + 1 + method.size());
  key.append(class_qualname).push_back('\0');
  key.append(method);
  auto it = method_memo_.find(key);
  if (it == method_memo_.end()) {
    const facts::ModuleFacts* where = nullptr;
    const facts::Function* f = FindMethodUncached(class_qualname, method, &where);
    it = method_memo_.emplace(std::move(key), std::make_pair(f, where)).first;
  }
  if (module != nullptr && it->second.first != nullptr) *module = it->second.second;
  return it->second.first;
}

const facts::Function* RepoIndex::FindMethodUncached(std::string_view class_qualname, std::string_view method,
                                                     const facts::ModuleFacts** module) const {
  std::vector<std::string> todo{std::string(class_qualname)};
  std::set<std::string> seen;
  while (!todo.empty() && seen.size() < 64) {
    std::string q = todo.front();
    todo.erase(todo.begin());
    if (!seen.insert(q).second) continue;
    const facts::Class* c = FindClass(q);
    if (c == nullptr) continue;
    std::string want = q + "." + std::string(method);
    if (const facts::Function* f = FindFunction(want, module)) return f;
    const std::vector<std::string>& bases = BaseNames(*c);
    todo.insert(todo.begin(), bases.begin(), bases.end());
  }
  return nullptr;
}

const RepoIndex::ModuleTable& RepoIndex::Table(const facts::ModuleFacts& m) const {
  size_t i = static_cast<size_t>(&m - modules_.data());
  if (tables_[i]) return *tables_[i];
  auto table = std::make_unique<ModuleTable>();
  std::vector<const Stmt*> flat;
  FlattenBody(m.body, &flat);
  for (const Stmt* s : flat) {
    switch (s->kind) {
      case StmtKind::kAssign:
        for (const Expr& t : s->targets) {
          // `try: from braze.client import BrazeClient` / `except ImportError: BrazeClient = None`: an optional
          // import's fallback; the name is the imported one wherever the package is installed.
          if (t.kind == ExprKind::kName && !s->exprs.empty() && s->exprs[0].kind == ExprKind::kNone) {
            auto it = table->names.find(t.text);
            if (it != table->names.end() && !it->second.empty() && it->second.back().kind == Binding::Kind::kImport) continue;
          }
          BindTarget(t, s->exprs.empty() ? nullptr : &s->exprs[0], s->line, table.get());
        }
        break;
      case StmtKind::kImport:
        for (int k = s->index; k < s->index + s->count; ++k) {
          const facts::Import& imp = m.imports[k];
          Binding b;
          b.import = &imp;
          b.line = imp.line;
          if (imp.local == "*") {
            b.kind = Binding::Kind::kStar;
            table->stars.push_back(b);
          } else if (!imp.local.empty()) {
            b.kind = Binding::Kind::kImport;
            table->names[imp.local].push_back(b);
          }
        }
        break;
      case StmtKind::kDef: {
        Binding b;
        b.kind = Binding::Kind::kDef;
        b.index = s->index;
        b.line = s->line;
        table->names[m.functions[s->index].name].push_back(b);
        break;
      }
      case StmtKind::kClass: {
        Binding b;
        b.kind = Binding::Kind::kClass;
        b.index = s->index;
        b.line = s->line;
        table->names[m.classes[s->index].name].push_back(b);
        break;
      }
      default:
        break;
    }
  }
  tables_[i] = std::move(table);
  return *tables_[i];
}

bool RepoIndex::Lookup(const facts::ModuleFacts& m, std::string_view name, int depth, Binding* out,
                       const facts::ModuleFacts** where) const {
  if (depth > 16) return false;
  const ModuleTable& t = Table(m);
  const Binding* last = nullptr;
  auto it = t.names.find(name);
  if (it != t.names.end() && !it->second.empty()) last = &it->second.back();
  // Star imports after the last binding (or all of them when unbound), latest first, may rebind the name.
  for (auto s = t.stars.rbegin(); s != t.stars.rend(); ++s) {
    if (last != nullptr && s->line < last->line) break;
    const facts::ModuleFacts* starred = Module(s->import->target);
    if (starred == nullptr || starred == &m) continue;
    if (Lookup(*starred, name, depth + 1, out, where)) return true;
  }
  if (last == nullptr) return false;
  *out = *last;
  if (where != nullptr) *where = &m;
  return true;
}

bool RepoIndex::LookupBefore(const facts::ModuleFacts& m, std::string_view name, int line, Binding* out) const {
  const ModuleTable& t = Table(m);
  auto it = t.names.find(name);
  if (it == t.names.end() || it->second.size() < 2 || it->second.back().line < line) return false;
  const Binding* before = nullptr;
  for (const Binding& b : it->second) {
    if (b.line >= line) break;
    before = &b;
  }
  if (before == nullptr) return false;
  for (const Binding& s : t.stars) {  // a star import between them may rebind it: let Lookup answer
    if (s.line > before->line && s.line < line) return false;
  }
  *out = *before;
  return true;
}

const facts::Expr* RepoIndex::ModuleBinding(const facts::ModuleFacts& module, std::string_view name,
                                             const facts::ModuleFacts** where, int* line) const {
  Binding b;
  const facts::ModuleFacts* w = nullptr;
  if (!Lookup(module, name, 0, &b, &w)) return nullptr;
  if (b.kind != Binding::Kind::kAssign) return nullptr;
  if (where != nullptr) *where = w;
  if (line != nullptr) *line = b.line;
  return b.value;
}

const facts::Expr* RepoIndex::ModuleUnpacking(const facts::ModuleFacts& module, std::string_view name,
                                               const facts::ModuleFacts** where, int* index) const {
  Binding b;
  const facts::ModuleFacts* w = nullptr;
  if (!Lookup(module, name, 0, &b, &w)) return nullptr;
  if (b.kind != Binding::Kind::kAssign || b.unpacked == nullptr) return nullptr;
  if (where != nullptr) *where = w;
  if (index != nullptr) *index = b.unpack_index;
  return b.unpacked;
}

const std::string& RepoIndex::ResolveModuleName(const facts::ModuleFacts& m, std::string_view name, int depth) const {
  // Key: the module's address and the depth as raw bytes, then the name, built in a reused buffer so that a hit
  // allocates nothing (copied before the recursion below reuses the buffer).
  thread_local std::string probe;
  probe.clear();
  uintptr_t address = reinterpret_cast<uintptr_t>(&m);
  probe.append(reinterpret_cast<const char*>(&address), sizeof address);
  probe.append(reinterpret_cast<const char*>(&depth), sizeof depth);
  probe.append(name);
  if (auto it = module_name_memo_.find(probe); it != module_name_memo_.end()) return it->second;
  std::string key = probe;
  std::string q = depth > options_.max_eval_depth ? std::string(name) : ResolveModuleNameUncached(m, name, depth);
  // Deeper questions never ask this one again (the depth is in the key), so the key is still free.
  return module_name_memo_.emplace(std::move(key), std::move(q)).first->second;
}

std::string RepoIndex::ResolveModuleNameUncached(const facts::ModuleFacts& m, std::string_view name, int depth) const {
  Binding b;
  const facts::ModuleFacts* where = nullptr;
  if (!Lookup(m, name, 0, &b, &where)) {
    // A package's submodule is reachable as an attribute of the package.
    std::string sub = m.module.empty() ? std::string(name) : m.module + "." + std::string(name);
    if (Module(sub) != nullptr) return sub;
    return std::string(name);
  }
  switch (b.kind) {
    case Binding::Kind::kImport: {
      const std::string& target = b.import->target;
      if (Module(target) != nullptr) return target;
      // `from pkg.mod import X` where pkg.mod is ours: follow re-exports.
      size_t dot = target.rfind('.');
      if (dot != std::string::npos) {
        const facts::ModuleFacts* owner = Module(target.substr(0, dot));
        if (owner != nullptr && owner != &m) return ResolveModuleName(*owner, target.substr(dot + 1), depth + 1);
      }
      return target;
    }
    case Binding::Kind::kDef:
      return where->functions[b.index].qualname;
    case Binding::Kind::kClass:
      return where->classes[b.index].qualname;
    case Binding::Kind::kAssign:
      if (b.value != nullptr && (b.value->kind == ExprKind::kName || b.value->kind == ExprKind::kAttribute)) {
        Scope s;
        s.module = where;
        std::string q = QualifiedNameImpl(*b.value, s, depth + 1);
        if (!q.empty()) return q;
      }
      return where->module.empty() ? std::string(name) : where->module + "." + std::string(name);
    default:
      return std::string(name);
  }
}

const std::string& RepoIndex::QualifiedName(const Expr& e, const Scope& scope) const {
  static const std::string kNone;
  if (e.kind != ExprKind::kName && e.kind != ExprKind::kAttribute) return kNone;
  QualifiedKey key{&e, scope.module, scope.function};
  if (auto it = qualified_memo_.find(key); it != qualified_memo_.end()) return *it->second;
  const std::string* q = &*qualified_names_.insert(QualifiedNameImpl(e, scope, 0)).first;
  qualified_memo_.emplace(key, q);
  return *q;
}

const LocalsIndex& RepoIndex::LocalsOf(const facts::Function& f) const {
  std::unique_ptr<LocalsIndex>& slot = locals_memo_[&f];
  if (!slot) slot = std::make_unique<LocalsIndex>(IndexLocals(f));
  return *slot;
}

const RepoIndex::FunctionNames& RepoIndex::NamesIn(const facts::ModuleFacts& module, const facts::Function& f) const {
  std::unique_ptr<FunctionNames>& slot = function_names_[{&module, &f}];
  if (slot) return *slot;
  slot = std::make_unique<FunctionNames>();
  thread_local std::vector<const Stmt*> flat;
  flat.clear();
  FlattenBody(f.body, &flat);
  for (const Stmt* st : flat) {
    auto bind = [&](std::string_view name) {
      if (slot->bindings.empty() || slot->bindings.back() != std::make_pair(name, st)) slot->bindings.emplace_back(name, st);
    };
    switch (st->kind) {
      case StmtKind::kDef:
        bind(module.functions[st->index].name);
        break;
      case StmtKind::kClass:
        bind(module.classes[st->index].name);
        break;
      case StmtKind::kAssign:
        if (st->exprs.empty()) break;
        [[fallthrough]];
      case StmtKind::kFor:
      case StmtKind::kWith:
        for (const Expr& t : st->targets) {
          if (t.kind == ExprKind::kName) bind(t.text);
        }
        break;
      default:
        break;
    }
  }
  std::stable_sort(slot->bindings.begin(), slot->bindings.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  slot->bindings.shrink_to_fit();
  for (const facts::Import& i : module.imports) {
    if (i.scope == f.qualname) slot->imports.push_back(&i);
  }
  return *slot;
}


std::string RepoIndex::QualifiedNameImpl(const Expr& e, const Scope& scope, int depth) const {
  if (depth > options_.max_eval_depth || scope.module == nullptr) return "";
  if (e.kind == ExprKind::kAttribute) {
    if (e.children.empty()) return "";
    std::string base = QualifiedNameImpl(e.children[0], scope, depth + 1);
    if (base.empty()) return "";
    if (const facts::ModuleFacts* m = Module(base)) return ResolveModuleName(*m, e.text, depth + 1);
    return base + "." + e.text;
  }
  if (e.kind != ExprKind::kName) return "";
  const std::string& name = e.text;
  // Function scopes, innermost first: local imports, local defs, simple aliases. Parameters are values, not names.
  const facts::Function* f = scope.function;
  for (int hops = 0; f != nullptr && hops < 16; ++hops) {
    for (const facts::Param& p : f->params) {
      if (p.name == name) return "";
    }
    const FunctionNames& names = NamesIn(*scope.module, *f);
    const facts::Import* imp = nullptr;
    for (const facts::Import* i : names.imports) {
      if (i->local == name) imp = i;
    }
    if (imp != nullptr) {
      if (Module(imp->target) != nullptr) return imp->target;
      size_t dot = imp->target.rfind('.');
      if (dot != std::string::npos) {
        if (const facts::ModuleFacts* owner = Module(imp->target.substr(0, dot))) {
          return ResolveModuleName(*owner, imp->target.substr(dot + 1), depth + 1);
        }
      }
      return imp->target;
    }
    // The statements of f binding `name`, in body order: the first def, class or loop target (before the use)
    // decides; else the last assignment before the use.
    const Stmt* assign = nullptr;
    auto [first, last] = std::equal_range(
        names.bindings.begin(), names.bindings.end(), std::make_pair(std::string_view(name), static_cast<const Stmt*>(nullptr)),
        [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto it = first; it != last; ++it) {
      const Stmt* s = it->second;
      if (s->kind == StmtKind::kDef) return scope.module->functions[s->index].qualname;
      if (s->kind == StmtKind::kClass) return scope.module->classes[s->index].qualname;
      if (s->line > e.line) continue;
      if (s->kind == StmtKind::kAssign) {
        assign = s;
      } else {
        return "";  // a for / with target
      }
    }
    if (assign != nullptr) {
      const Expr& v = assign->exprs[0];
      if (v.kind == ExprKind::kName || v.kind == ExprKind::kAttribute) {
        Scope s = scope;
        s.function = f;
        return QualifiedNameImpl(v, s, depth + 1);
      }
      return "";  // a local holding a value: not a name
    }
    f = f->parent.empty() ? nullptr : FindFunction(f->parent);
  }
  return ResolveModuleName(*scope.module, name, depth + 1);
}

void RepoIndex::FindSettingsModules() {
  // 0. The repository's config names them: exactly those, in order (no discovery, no guess).
  if (!options_.settings_modules.empty()) {
    for (const std::string& n : options_.settings_modules) {
      const facts::ModuleFacts* m = Module(n);
      if (m == nullptr) continue;  // scan.cc reports it against the config file
      if (std::find(settings_modules_.begin(), settings_modules_.end(), m) == settings_modules_.end()) {
        settings_modules_.push_back(m);
      }
    }
    return;
  }
  // 1. DJANGO_SETTINGS_MODULE named in code: os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pkg.settings").
  std::vector<std::string> named;
  for (const facts::ModuleFacts& m : modules_) {
    Scope s;
    s.module = &m;
    auto visit = [&](const Expr& x) {
      if (x.kind != ExprKind::kCall) return;
      std::vector<const Expr*> pos = x.positional();
      if (pos.size() < 2 || pos[0]->kind != ExprKind::kString || pos[0]->text != "DJANGO_SETTINGS_MODULE") return;
      if (pos[1]->kind == ExprKind::kString) named.push_back(pos[1]->text);
    };
    facts::ForEachExprInStmts(m.body, visit);
    for (const facts::Function& f : m.functions) facts::ForEachExprInStmts(f.body, visit);
  }
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end()), named.end());
  // A developer's variant (`manage.py` defaulting to "registrar.settings.devstack") is read last: its literals are
  // a laptop's hosts, and the base module beside it says what production gets.
  auto dev_variant = [](const std::string& n) {
    std::string last = n.substr(n.rfind('.') + 1);
    for (const char* d : {"devstack", "dev", "development", "local", "test", "tests", "testing", "docker", "ci"}) {
      if (last == d) return true;
    }
    return false;
  };
  std::vector<const facts::ModuleFacts*> dev;
  for (const std::string& n : named) {
    const facts::ModuleFacts* m = Module(n);
    if (m == nullptr) continue;
    (dev_variant(n) ? dev : settings_modules_).push_back(m);
  }
  // 2. Conventional names: */settings.py, a settings/ package (its __init__, else base.py).
  std::vector<const facts::ModuleFacts*> conventional;
  for (const facts::ModuleFacts& m : modules_) {
    const std::string& q = m.module;
    bool is_settings = q == "settings" || (q.size() > 9 && q.compare(q.size() - 9, 9, ".settings") == 0);
    bool in_package = q.find(".settings.") != std::string::npos || q.rfind("settings.", 0) == 0;
    if (is_settings || (in_package && (q.size() > 5 && q.compare(q.size() - 5, 5, ".base") == 0))) {
      conventional.push_back(&m);
    }
  }
  for (const facts::ModuleFacts* m : conventional) {
    if (std::find(settings_modules_.begin(), settings_modules_.end(), m) == settings_modules_.end()) {
      settings_modules_.push_back(m);
    }
  }
  for (const facts::ModuleFacts* m : dev) {
    if (std::find(settings_modules_.begin(), settings_modules_.end(), m) == settings_modules_.end()) {
      settings_modules_.push_back(m);
    }
  }
}

const facts::Expr* RepoIndex::SettingExpr(std::string_view name, const facts::ModuleFacts** module, int* line) const {
  for (const facts::ModuleFacts* m : settings_modules_) {
    if (const Expr* e = ModuleBinding(*m, name, module, line)) return e;
  }
  return nullptr;
}

const ruleset::EnvGetterRule* RepoIndex::EnvGetter(std::string_view q) const {
  if (q.empty()) return nullptr;
  for (const ruleset::EnvGetterRule& r : rules_.env_getters) {
    for (const std::string& n : r.names) {
      if (n == q) return &r;
    }
  }
  for (const ruleset::EnvGetterRule& r : rules_.env_getters) {
    for (const auto& p : r.patterns) {
      if (p->FullMatch(q)) return &r;
    }
  }
  return nullptr;
}

const ruleset::CallRule* RepoIndex::FunctionRule(std::string_view q, const ruleset::ClientRule** client) const {
  auto it = function_rules_.find(q);
  if (it == function_rules_.end()) return nullptr;
  if (client != nullptr) *client = function_rule_clients_.find(q)->second;
  return it->second;
}

const ruleset::ClassRule* RepoIndex::ClassRuleFor(std::string_view q, const ruleset::ClientRule** client) const {
  auto it = class_rules_.find(q);
  if (it == class_rules_.end()) return nullptr;
  if (client != nullptr) *client = class_rule_clients_.find(q)->second;
  return it->second;
}

void RepoIndex::NoteLimit(const char* limit, int value, const std::string& file, int line) const {
  if (!limits_noted_.insert({limit, file}).second) return;
  diagnostics_.push_back({file, line, "info",
                          std::string(limit) + " limit (" + std::to_string(value) +
                              ") reached; the value is left partly unknown (see --help for the limit flags)"});
}

Diagnostics RepoIndex::TakeDiagnostics() {
  Diagnostics out;
  out.swap(diagnostics_);
  return out;
}

std::string PeerFromSettingName(std::string_view setting) {
  std::string s(setting);
  // A token or WSDL endpoint belongs to the system it serves ("OLL_API_ACCESS_TOKEN_URL" -> "Oll").
  static const char* const kSuffixes[] = {"_URL_ROOT", "_ROOT_URL", "_BASE_URL", "_API_URL", "_API_BASE", "_URL",   "_HOST",         "_ENDPOINT",
                                          "_API",      "_BASE",    "_URI",      "_DOMAIN", "_SERVER",      "_WSDL",
                                          "_ACCESS_TOKEN", "_TOKEN",
                                          // Which of a system's addresses ("LMS_INTERNAL_ROOT_URL"): the same system.
                                          "_INTERNAL", "_PUBLIC", "_EXTERNAL", "_PRIVATE"};
  bool changed = true;
  while (changed) {
    changed = false;
    // A version ("XPERT_AI_API_V2"): the same system.
    size_t v = s.rfind("_V");
    if (v != std::string::npos && v + 2 < s.size() && v > 0 &&
        std::all_of(s.begin() + static_cast<long>(v) + 2, s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      s.resize(v);
      changed = true;
    }
    for (const char* suf : kSuffixes) {
      size_t n = std::char_traits<char>::length(suf);
      if (s.size() > n && s.compare(s.size() - n, n, suf) == 0) {
        s.resize(s.size() - n);
        changed = true;
      }
    }
  }
  std::string out;
  bool start = true;
  for (char c : s) {
    if (c == '_') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      start = true;
      continue;
    }
    out.push_back(start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                        : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    start = false;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  for (size_t i = 0; i < scheme; ++i) {
    char c = url[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return "";
  }
  std::string_view rest = url.substr(scheme + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    return std::string(authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
  }
  size_t colon = authority.find(':');
  std::string host(authority.substr(0, colon));
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host.find('{') != std::string::npos) return "";
  return host;
}

std::string HostOfPrefix(std::string_view prefix) {
  size_t scheme = prefix.find("://");
  if (scheme == std::string_view::npos) return "";
  if (prefix.find_first_of("/?#", scheme + 3) == std::string_view::npos) return "";
  return HostOf(prefix);
}

}  // namespace edgescan::resolve
