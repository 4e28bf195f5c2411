// ModuleFacts: what one Python module says, as plain structs with 1-based provenance.
//
// facts/ turns a tree-sitter tree into this small, owned syntax model and then the tree is freed (trees cost
// ~26x the source; facts a fraction of it). No TSNode leaves parse/ or facts/. Everything later (resolve, detect)
// reads only these structs, so it can be tested from hand-built facts and never touches tree-sitter.
//
// The model keeps what edge finding needs and no more: expressions (names, attributes, calls, literals,
// f-strings, operators, containers), statements with their blocks (so conditional settings and nested calls
// are seen), imports with the scope they bind in, functions and classes with qualified names, parameters,
// defaults, decorators and docstrings.
//
// Example: `r.get(FEED_URL, timeout=5)` inside `def pull():` of feeds/etl.py becomes
//   Expr{kCall, children: [Expr{kAttribute "get", [Expr{kName "r"}]}, Expr{kName "FEED_URL"},
//                          Expr{kKeyword "timeout", [Expr{kNumber "5"}]}], line, column}
// in Function{qualname "feeds.etl.pull"}.body.
//
// Limits: expressions nested deeper than kMaxExprDepth become kOther (with a diagnostic), so a 10,000-deep
// expression costs nothing and cannot overflow the stack.
#ifndef EDGESCAN_FACTS_MODULE_FACTS_H_
#define EDGESCAN_FACTS_MODULE_FACTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/provenance.h"

namespace edgescan::facts {

inline constexpr int kMaxExprDepth = 120;
inline constexpr int kMaxStmtDepth = 100;

enum class ExprKind : uint8_t {
  kName,          // text = identifier
  kAttribute,     // text = attribute name; children[0] = object
  kCall,          // children[0] = callee; then arguments in order (positional, kKeyword, kStarred, kDoubleStarred)
  kString,        // text = decoded value (escapes processed; bytes literals too)
  kFString,       // children = parts: kString for literal text, any expression for {interpolations}
  kNumber,        // text = source spelling ("60", "0x10", "1.5", "1_000")
  kTrue,
  kFalse,
  kNone,
  kBinOp,         // text = operator ("+", "%", "*", "/", "//", "-", "|", "&", "**", "<<", ">>", "@", "^")
  kUnaryOp,       // text = operator ("-", "+", "~", "not"); children[0]
  kBoolOp,        // text = "and" | "or"; children = operands
  kCompare,       // text = operators joined by " "; children = operands
  kConditional,   // children = [body, test, orelse]  (body if test else orelse)
  kList,          // children = elements
  kTuple,
  kSet,
  kDict,          // children = kPair or kDoubleStarred
  kPair,          // children = [key, value]
  kSubscript,     // children[0] = value; children[1..] = index expressions
  kSlice,         // children = parts present
  kKeyword,       // text = keyword name; children[0] = value (call arguments, class keywords)
  kStarred,       // *x; children[0]
  kDoubleStarred, // **x; children[0]
  kLambda,        // text = the parameter list as written ("" for none); children = [body]
  kAwait,         // children[0]
  kComprehension, // list/set/dict/generator comprehension; children = element exprs, kForIn clauses, if-conditions
  kForIn,         // a comprehension's `for target in iterable` clause: children = [target, iterable]
  kNamedExpr,     // (x := v): text = name; children[0] = value
  kOther,         // anything else; text = tree-sitter node type
};

struct Expr {
  ExprKind kind = ExprKind::kOther;
  std::string text;
  std::vector<Expr> children;
  int line = 0;    // 1-based
  int column = 0;  // 1-based

  // Call helpers (kind == kCall). Positional arguments skip keywords and starred arguments.
  const Expr* callee() const { return kind == ExprKind::kCall && !children.empty() ? &children[0] : nullptr; }
  std::vector<const Expr*> positional() const;
  const Expr* keyword(std::string_view name) const;
  // The argument a parameter receives: keyword `name` if given, else positional `position` (0-based, -1 = none).
  const Expr* arg(int position, std::string_view name) const;
  bool has_starred_args() const;

  // "a.b.c" for a pure Name/Attribute chain, else "".
  std::string dotted() const;
};

enum class StmtKind : uint8_t {
  kExpr,       // exprs[0]
  kAssign,     // targets = every target of `a = b = value`; exprs[0] = value (absent for bare annotations)
  kAugAssign,  // targets[0]; op = "+=" ...; exprs[0] = value
  kReturn,     // exprs[0] if a value is returned
  kIf,         // exprs[0] = test; body; orelse (an `elif` is a nested kIf in orelse)
  kFor,        // targets[0]; exprs[0] = iterable; body; orelse
  kWhile,      // exprs[0] = test; body; orelse
  kWith,       // exprs = context managers; targets parallel to exprs (kOther when no `as`); body
  kTry,        // body; orelse = handlers' bodies, else and finally, in source order
  kImport,     // index = first index into ModuleFacts::imports; count = how many
  kDef,        // index into ModuleFacts::functions
  kClass,      // index into ModuleFacts::classes
  kRaise,      // exprs[0] if any
  kMatch,      // exprs[0] = subject; body = all case bodies
  kOther,      // pass, break, global, del, assert ... (exprs hold any expressions they contain)
};

struct Stmt {
  StmtKind kind = StmtKind::kOther;
  int line = 0;
  int column = 0;
  std::string op;
  int index = -1;
  int count = 0;
  std::vector<Expr> targets;
  std::vector<Expr> exprs;
  std::vector<Stmt> body;
  std::vector<Stmt> orelse;
};

struct Import {
  std::string local;   // the name bound in scope: "r" for `import requests as r`; "*" for a star import
  std::string target;  // absolute dotted path: "requests", "requests.get", "app.settings.base" (relative resolved)
  bool from_import = false;  // `from x import y`
  std::string scope;   // qualified name of the binding function, "" = module level
  int line = 0;
  int column = 0;
};

enum class ParamKind : uint8_t { kNormal, kPositionalOnly, kKeywordOnly, kVarArgs, kKwArgs };

struct Param {
  std::string name;
  ParamKind kind = ParamKind::kNormal;
  bool has_default = false;
  Expr default_value;
  Expr annotation;  // the type hint (`client: OpenSearch`); kind kOther with empty text when there is none
};

struct Function {
  std::string name;            // "get"
  std::string qualname;        // "pkg.module.Class.get"
  std::string class_qualname;  // enclosing class for methods, else ""
  std::string parent;          // enclosing function for nested defs, else ""
  std::vector<Param> params;
  Expr returns;  // the return type hint (`-> Backend | None`); kind kOther with empty text when there is none
  std::vector<Expr> decorators;
  std::vector<Stmt> body;
  std::string docstring;
  bool is_async = false;
  int line = 0;  // of `def` (after decorators)
  int column = 0;
  int end_line = 0;
};

struct Class {
  std::string name;
  std::string qualname;
  std::string parent;         // enclosing class or function qualname, else ""
  std::vector<Expr> bases;    // positional bases and kKeyword (metaclass=...)
  std::vector<Expr> decorators;
  std::vector<Stmt> body;     // class-level statements; methods appear as kDef
  std::string docstring;
  int line = 0;
  int column = 0;
  int end_line = 0;
};

struct ModuleFacts {
  std::string path;    // relative to the scan root
  std::string module;  // dotted module name from the path ("app/api/__init__.py" -> "app.api")
  bool is_package = false;
  uint64_t bytes = 0;
  bool has_errors = false;  // tree-sitter reported ERROR/MISSING nodes
  std::vector<Stmt> body;   // module-level statements
  std::vector<Import> imports;
  std::vector<Function> functions;  // every def, methods and nested included, in source order
  std::vector<Class> classes;
  std::string docstring;
  std::vector<Diagnostic> diagnostics;
};

// Dotted module name for a relative path: "a/b/c.py" -> "a.b.c", "a/b/__init__.py" -> "a.b".
std::string ModuleNameForPath(std::string_view relative_path);

// Calls `fn(const Expr&, const std::string& function_qualname)` for every expression node in the module, in source
// order: module body, then each function body (function = its qualname), then class bodies (function = "").
// Decorators, parameter defaults and bases are visited in the enclosing scope. Depth is bounded by construction.
template <typename Fn>
void ForEachExpr(const Expr& e, Fn&& fn) {
  fn(e);
  for (const Expr& c : e.children) ForEachExpr(c, fn);
}

template <typename Fn>
void ForEachStmt(const std::vector<Stmt>& stmts, Fn&& fn) {
  for (const Stmt& s : stmts) {
    fn(s);
    ForEachStmt(s.body, fn);
    ForEachStmt(s.orelse, fn);
  }
}

// Every expression of a statement list, not descending into nested defs/classes (they have their own bodies).
template <typename Fn>
void ForEachExprInStmts(const std::vector<Stmt>& stmts, Fn&& fn) {
  ForEachStmt(stmts, [&](const Stmt& s) {
    for (const Expr& t : s.targets) ForEachExpr(t, fn);
    for (const Expr& x : s.exprs) ForEachExpr(x, fn);
  });
}

}  // namespace edgescan::facts

#endif  // EDGESCAN_FACTS_MODULE_FACTS_H_
