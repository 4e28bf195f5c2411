#include "detect/internal/guards.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace edgescan::detect::internal {

using facts::Expr;
using facts::ExprKind;
using facts::Stmt;
using facts::StmtKind;
using resolve::Value;

namespace {

bool Contains(const Expr& e, const Expr* target) {
  bool found = false;
  facts::ForEachExpr(e, [&](const Expr& x) { found |= &x == target; });
  return found;
}

// Whether a block always leaves the function (its last statement returns or raises).
bool Exits(const std::vector<Stmt>& block) {
  return !block.empty() && (block.back().kind == StmtKind::kReturn || block.back().kind == StmtKind::kRaise);
}

// Appends to `path` the guards of the statement holding `call` among `stmts` (and its blocks); true when found.
bool Find(const std::vector<Stmt>& stmts, const Expr& call, int depth, std::vector<Guard>* path) {
  if (depth > facts::kMaxStmtDepth) return false;
  size_t exits = 0;  // guards of early exits above (`if x is None: return ...` then the rest runs when it is not)
  for (const Stmt& st : stmts) {
    if (st.kind == StmtKind::kDef || st.kind == StmtKind::kClass) continue;
    for (const std::vector<Expr>* list : {&st.exprs, &st.targets}) {
      for (const Expr& e : *list) {
        if (Contains(e, &call)) return true;  // in the statement itself (an `if` test runs before its branches)
      }
    }
    const bool branch = st.kind == StmtKind::kIf && !st.exprs.empty();
    for (const auto& [block, when] : {std::pair{&st.body, true}, std::pair{&st.orelse, false}}) {
      if (branch) path->push_back({&st.exprs[0], when});
      if (Find(*block, call, depth + 1, path)) return true;
      if (branch) path->pop_back();
    }
    if (branch && st.orelse.empty() && Exits(st.body)) {
      path->push_back({&st.exprs[0], false});
      ++exits;
    }
  }
  path->resize(path->size() - exits);
  return false;
}

// Whether `test` reads the name `name`.
bool Reads(const Expr& test, std::string_view name) {
  bool reads = false;
  facts::ForEachExpr(test, [&](const Expr& x) { reads |= x.kind == ExprKind::kName && x.text == name; });
  return reads;
}

bool ReadsParameter(const Expr& test, const facts::Function& fn) {
  return std::any_of(fn.params.begin(), fn.params.end(), [&](const facts::Param& p) {
    return p.name != "self" && p.name != "cls" && Reads(test, p.name);
  });
}

// Every value `e` may take, when each is a known string.
std::optional<std::vector<std::string>> KnownStrings(const resolve::RepoIndex& ix, const Expr& e,
                                                     const resolve::Scope& scope,
                                                     const std::vector<resolve::CallFrame>& frame) {
  std::vector<std::string> out;
  for (const Value& v : ix.EvaluateAllIn(e, scope, frame)) {
    if (v.kind != Value::Kind::kString || !v.known) return std::nullopt;
    out.push_back(v.text);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// Whether `caller` (a call of fn) passes each parameter a guard reads as that same parameter's name.
bool PassesGuardedParametersThrough(const facts::Function& fn, const resolve::CallSite& caller,
                                    const std::vector<Guard>& guards) {
  for (size_t i = 0; i < fn.params.size(); ++i) {
    const std::string& name = fn.params[i].name;
    if (std::none_of(guards.begin(), guards.end(), [&](const Guard& g) { return Reads(*g.test, name); })) continue;
    const Expr* arg = resolve::ArgumentFor(*caller.call, fn, i, caller.bound_self);
    if (arg == nullptr || arg->kind != ExprKind::kName || arg->text != name) return false;
  }
  return true;
}

}  // namespace

std::vector<Guard> ParameterGuards(const facts::Function& fn, const facts::Expr& call) {
  std::vector<Guard> path;
  if (!Find(fn.body, call, 0, &path)) return {};
  std::erase_if(path, [&](const Guard& g) { return !ReadsParameter(*g.test, fn); });
  return path;
}

std::optional<bool> GuardValue(const resolve::RepoIndex& ix, const facts::Expr& test, const resolve::Scope& scope,
                               const std::vector<resolve::CallFrame>& frame) {
  switch (test.kind) {
    case ExprKind::kBoolOp: {
      const bool is_and = test.text == "and";
      bool all_known = true;
      for (const Expr& c : test.children) {
        std::optional<bool> v = GuardValue(ix, c, scope, frame);
        if (v && *v != is_and) return !is_and;  // a false operand decides `and`, a true one decides `or`
        all_known &= v.has_value();
      }
      if (all_known && !test.children.empty()) return is_and;
      return std::nullopt;
    }
    case ExprKind::kUnaryOp: {
      if (test.text != "not" || test.children.empty()) return std::nullopt;
      std::optional<bool> v = GuardValue(ix, test.children[0], scope, frame);
      if (!v) return std::nullopt;
      return !*v;
    }
    case ExprKind::kCompare: {
      if (test.children.size() != 2) return std::nullopt;
      // `x is None` / `x is not None`: decided when every value x may take is None, or none is (a literal or an
      // object the caller builds); a value only known at run time may be either.
      if ((test.text == "is" || test.text == "is not") && test.children[1].kind == ExprKind::kNone) {
        std::vector<Value> values = ix.EvaluateAllIn(test.children[0], scope, frame);
        if (values.empty()) return std::nullopt;
        std::optional<bool> none;
        for (const Value& v : values) {
          std::optional<bool> is_none;
          if (v.kind == Value::Kind::kNone && resolve::LiteralTruth(v).has_value()) {
            is_none = true;
          } else if (v.known && resolve::LiteralTruth(v).has_value()) {
            is_none = false;
          }
          if (!is_none || (none && *none != *is_none)) return std::nullopt;
          none = is_none;
        }
        return test.text == "is" ? *none : !*none;
      }
      const bool negated = test.text == "!=" || test.text == "not in";
      std::optional<std::vector<std::string>> left = KnownStrings(ix, test.children[0], scope, frame);
      if (!left) return std::nullopt;
      std::vector<std::string> right;
      if (test.text == "==" || test.text == "!=") {
        std::optional<std::vector<std::string>> r = KnownStrings(ix, test.children[1], scope, frame);
        if (!r) return std::nullopt;
        right = std::move(*r);
      } else if (test.text == "in" || test.text == "not in") {
        const Expr& set = test.children[1];
        if (set.kind != ExprKind::kTuple && set.kind != ExprKind::kList && set.kind != ExprKind::kSet) {
          return std::nullopt;
        }
        for (const Expr& item : set.children) {
          if (item.kind != ExprKind::kString) return std::nullopt;
          right.push_back(item.text);
        }
      } else {
        return std::nullopt;
      }
      // Each value the left side may take is in `right` (or none is): otherwise it depends on which one.
      size_t hits = 0;
      for (const std::string& l : *left) hits += std::find(right.begin(), right.end(), l) != right.end() ? 1 : 0;
      const bool equal_all = test.text == "==" || test.text == "!=" ? right.size() == 1 && hits == left->size()
                                                                     : hits == left->size();
      if (hits == 0) return negated;
      if (equal_all) return !negated;
      return std::nullopt;
    }
    case ExprKind::kCall: {
      // `isinstance(obj, (Order, B2BOrder))` on a parameter: what the caller passes is of a known internal class.
      const Expr* callee = test.callee();
      std::vector<const Expr*> args = test.positional();
      if (callee == nullptr || callee->kind != ExprKind::kName || callee->text != "isinstance" || args.size() != 2 ||
          args[0]->kind != ExprKind::kName || frame.empty()) {
        return std::nullopt;
      }
      const facts::Function& fn = *frame.front().fn;
      const Expr* passed = nullptr;
      for (size_t i = 0; i < fn.params.size(); ++i) {
        if (fn.params[i].name == args[0]->text) {
          passed = resolve::ArgumentFor(*frame.front().call, fn, i, frame.front().bound_self);
        }
      }
      if (passed == nullptr) return std::nullopt;
      std::optional<resolve::ObjectType> t = ix.TypeOf(*passed, frame.front().caller);
      if (!t || !t->internal || t->declared) return std::nullopt;
      std::vector<std::string> classes;
      const Expr& cls = *args[1];
      for (const Expr* c : cls.kind == ExprKind::kTuple ? std::vector<const Expr*>{} : std::vector<const Expr*>{&cls}) {
        classes.push_back(ix.QualifiedName(*c, scope));
      }
      if (cls.kind == ExprKind::kTuple) {
        for (const Expr& c : cls.children) classes.push_back(ix.QualifiedName(c, scope));
      }
      if (std::any_of(classes.begin(), classes.end(), [&](const std::string& q) { return ix.FindClass(q) == nullptr; })) {
        return std::nullopt;  // a class the scan cannot see may be a base of the object's
      }
      // The object's class and its bases, nearest first.
      std::vector<std::string> ancestry{t->type};
      for (size_t i = 0; i < ancestry.size() && i < 64; ++i) {
        const facts::Class* c = ix.FindClass(ancestry[i]);
        if (c == nullptr) continue;
        for (const std::string& b : ix.BaseNames(*c)) {
          if (std::find(ancestry.begin(), ancestry.end(), b) == ancestry.end()) ancestry.push_back(b);
        }
      }
      return std::any_of(classes.begin(), classes.end(), [&](const std::string& q) {
        return std::find(ancestry.begin(), ancestry.end(), q) != ancestry.end();
      });
    }
    default: {
      // Python's truth of what the caller passes (`if use_sheets:` with the default None is false). Values a
      // deployment configures (settings, environment variables) are not decided here.
      std::vector<Value> values = ix.EvaluateAllIn(test, scope, frame);
      if (values.empty()) return std::nullopt;
      std::optional<bool> out;
      for (const Value& v : values) {
        std::optional<bool> t = resolve::LiteralTruth(v);
        if (!t || (out && *out != *t)) return std::nullopt;
        out = t;
      }
      return out;
    }
  }
}

namespace {

std::vector<const resolve::CallSite*> MayRun(const resolve::RepoIndex& ix, const facts::Function& fn,
                                             const facts::Expr& call, const resolve::Scope& scope, bool* excluded,
                                             std::vector<const resolve::CallSite*>* through_recursion, int depth);

}  // namespace

std::vector<const resolve::CallSite*> CallersThatMayRun(const resolve::RepoIndex& ix, const facts::Function& fn,
                                                        const facts::Expr& call, const resolve::Scope& scope,
                                                        bool* excluded,
                                                        std::vector<const resolve::CallSite*>* through_recursion) {
  if (through_recursion != nullptr) through_recursion->clear();
  return MayRun(ix, fn, call, scope, excluded, through_recursion, 0);
}

namespace {

std::vector<const resolve::CallSite*> MayRun(const resolve::RepoIndex& ix, const facts::Function& fn,
                                             const facts::Expr& call, const resolve::Scope& scope, bool* excluded,
                                             std::vector<const resolve::CallSite*>* through_recursion, int depth) {
  *excluded = false;
  std::vector<const resolve::CallSite*> callers = ix.CallersOf(fn.qualname);
  std::vector<Guard> guards = ParameterGuards(fn, call);
  if (guards.empty()) return callers;
  std::vector<const resolve::CallSite*> out;
  std::vector<const resolve::CallSite*> left_out;
  for (const resolve::CallSite* caller : callers) {
    // fn calling itself with the guarded parameters passed through (a retry: `return self._request(method, path,
    // retry=True)`) runs the call only with what its own callers passed: it adds no caller of its own.
    if (caller->scope.function == &fn && PassesGuardedParametersThrough(fn, *caller, guards)) continue;
    std::vector<resolve::CallFrame> frame{{&fn, caller->call, caller->scope, caller->bound_self}};
    // A recursive call changing the guarded parameters (`walk(url + "/x", n - 1)`) takes each branch in turn.
    bool recursive = caller->scope.function == &fn;
    bool runs = recursive || std::none_of(guards.begin(), guards.end(), [&](const Guard& g) {
      std::optional<bool> v = GuardValue(ix, *g.test, scope, frame);
      return v && *v != g.when;
    });
    if (runs) {
      out.push_back(caller);
    } else {
      left_out.push_back(caller);
    }
  }
  // Only the function's own recursive calls take the branch (`if n: return walk(url + "/x", n - 1)` above the
  // request): what the outside callers pass reaches it through them, so they stay.
  // Those that may run one of the recursive calls (`get_id(obj.order)` under isinstance(obj, Line) runs the Order
  // branch only for callers passing a Line), or all of them below the first level.
  if (!left_out.empty() && !out.empty() &&
      std::all_of(out.begin(), out.end(), [&](const resolve::CallSite* c) { return c->scope.function == &fn; })) {
    std::vector<const resolve::CallSite*> outer;
    if (depth == 0) {
      for (const resolve::CallSite* r : std::vector<const resolve::CallSite*>(out)) {
        bool unused = false;
        for (const resolve::CallSite* d : MayRun(ix, fn, *r->call, r->scope, &unused, nullptr, depth + 1)) {
          if (d->scope.function != &fn && std::find(outer.begin(), outer.end(), d) == outer.end()) outer.push_back(d);
        }
      }
    }
    std::vector<const resolve::CallSite*> still_out;
    for (const resolve::CallSite* c : left_out) {
      if (depth > 0 || std::find(outer.begin(), outer.end(), c) != outer.end()) {
        out.push_back(c);
        if (through_recursion != nullptr) through_recursion->push_back(c);
      } else {
        still_out.push_back(c);
      }
    }
    left_out = std::move(still_out);
  }
  *excluded = !left_out.empty();
  return out;
}

}  // namespace

}  // namespace edgescan::detect::internal
