// Builds ModuleFacts from a tree-sitter tree. Why a separate model at all: trees are large and tied to their
// source buffer; facts are small, owned and plain, so the tree can be freed at once (issue 10) and every later
// stage is testable without tree-sitter.
#include "facts/extract.h"

#include <cstring>
#include <string>
#include <utility>

namespace edgescan::facts {
namespace {

std::string_view Type(TSNode n) { return ts_node_type(n); }

bool Is(TSNode n, std::string_view t) { return Type(n) == t; }

class Builder {
 public:
  Builder(const parse::ParsedModule& parsed, std::string_view path) : src_(parsed.source) {
    out_.path = std::string(path);
    out_.module = ModuleNameForPath(path);
    size_t slash = out_.path.rfind('/');
    std::string base = slash == std::string::npos ? out_.path : out_.path.substr(slash + 1);
    out_.is_package = base == "__init__.py";
    out_.bytes = parsed.source.size();
    root_ = parsed.root();
  }

  ModuleFacts Build() {
    if (ts_node_has_error(root_)) {
      out_.has_errors = true;
      int line = FirstErrorLine(root_, 0);
      out_.diagnostics.push_back({out_.path, line, "warning",
                                  "syntax error near line " + std::to_string(line) +
                                      "; scanned what parsed (Python 2 code or a typo?)"});
    }
    out_.docstring = Docstring(root_);
    Block(root_, &out_.body, Scope{}, 0);
    if (depth_limited_) {
      out_.diagnostics.push_back({out_.path, depth_line_, "warning",
                                  "nesting deeper than " + std::to_string(kMaxExprDepth) +
                                      " levels; the deepest parts were not analysed"});
    }
    return std::move(out_);
  }

 private:
  struct Scope {
    std::string function;   // qualname of the enclosing function ("" = module/class level)
    std::string klass;      // qualname of the enclosing class when directly in a class body
    std::string prefix;     // qualname prefix for defs in this scope
  };

  std::string Text(TSNode n) const {
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    if (b > src_.size() || a > b) return "";
    return std::string(src_.substr(a, b - a));
  }
  static int Line(TSNode n) { return static_cast<int>(ts_node_start_point(n).row) + 1; }
  static int Col(TSNode n) { return static_cast<int>(ts_node_start_point(n).column) + 1; }

  int FirstErrorLine(TSNode n, int depth) {
    // Iterative descent via cursor would be nicer; error search is bounded by depth instead.
    if (Type(n) == "ERROR" || ts_node_is_missing(n)) return Line(n);
    if (depth > 400) return Line(n);
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_child(n, i);
      if (ts_node_has_error(c)) return FirstErrorLine(c, depth + 1);
    }
    return Line(n);
  }

  std::string Qual(const Scope& s, std::string_view name) const {
    std::string base = s.prefix.empty() ? out_.module : s.prefix;
    if (base.empty()) return std::string(name);
    return base + "." + std::string(name);
  }

  // ---- statements ----

  void Block(TSNode block, std::vector<Stmt>* out, const Scope& scope, int depth) {
    if (depth > kMaxStmtDepth) {
      NoteDepth(block);
      return;
    }
    uint32_t count = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < count; ++i) Statement(ts_node_named_child(block, i), out, scope, depth);
  }

  void Statement(TSNode n, std::vector<Stmt>* out, const Scope& scope, int depth) {
    std::string_view t = Type(n);
    Stmt s;
    s.line = Line(n);
    s.column = Col(n);
    if (t == "expression_statement") {
      // expression_statement wraps assignment / augmented_assignment / expressions.
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        std::string_view ct = Type(c);
        Stmt inner;
        inner.line = Line(c);
        inner.column = Col(c);
        if (ct == "assignment") {
          Assignment(c, &inner, 0);
        } else if (ct == "augmented_assignment") {
          inner.kind = StmtKind::kAugAssign;
          inner.targets.push_back(E(ts_node_child_by_field_name(c, "left", 4), 0));
          TSNode op = ts_node_child_by_field_name(c, "operator", 8);
          inner.op = ts_node_is_null(op) ? "+=" : Text(op);
          inner.exprs.push_back(E(ts_node_child_by_field_name(c, "right", 5), 0));
        } else {
          inner.kind = StmtKind::kExpr;
          inner.exprs.push_back(E(c, 0));
        }
        out->push_back(std::move(inner));
      }
      return;
    }
    if (t == "return_statement") {
      s.kind = StmtKind::kReturn;
      if (ts_node_named_child_count(n) > 0) s.exprs.push_back(E(ts_node_named_child(n, 0), 0));
    } else if (t == "if_statement") {
      s.kind = StmtKind::kIf;
      s.exprs.push_back(E(ts_node_child_by_field_name(n, "condition", 9), 0));
      Block(ts_node_child_by_field_name(n, "consequence", 11), &s.body, scope, depth + 1);
      // Alternatives: elif_clause / else_clause children, chained as nested kIf in orelse.
      std::vector<Stmt>* tail = &s.orelse;
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (Is(c, "elif_clause")) {
          Stmt e;
          e.kind = StmtKind::kIf;
          e.line = Line(c);
          e.column = Col(c);
          e.exprs.push_back(E(ts_node_child_by_field_name(c, "condition", 9), 0));
          Block(ts_node_child_by_field_name(c, "consequence", 11), &e.body, scope, depth + 1);
          tail->push_back(std::move(e));
          tail = &tail->back().orelse;
        } else if (Is(c, "else_clause")) {
          Block(ts_node_child_by_field_name(c, "body", 4), tail, scope, depth + 1);
        }
      }
    } else if (t == "for_statement") {
      s.kind = StmtKind::kFor;
      s.targets.push_back(E(ts_node_child_by_field_name(n, "left", 4), 0));
      s.exprs.push_back(E(ts_node_child_by_field_name(n, "right", 5), 0));
      Block(ts_node_child_by_field_name(n, "body", 4), &s.body, scope, depth + 1);
      TSNode alt = ts_node_child_by_field_name(n, "alternative", 11);
      if (!ts_node_is_null(alt)) Block(ts_node_child_by_field_name(alt, "body", 4), &s.orelse, scope, depth + 1);
    } else if (t == "while_statement") {
      s.kind = StmtKind::kWhile;
      s.exprs.push_back(E(ts_node_child_by_field_name(n, "condition", 9), 0));
      Block(ts_node_child_by_field_name(n, "body", 4), &s.body, scope, depth + 1);
      TSNode alt = ts_node_child_by_field_name(n, "alternative", 11);
      if (!ts_node_is_null(alt)) Block(ts_node_child_by_field_name(alt, "body", 4), &s.orelse, scope, depth + 1);
    } else if (t == "with_statement") {
      s.kind = StmtKind::kWith;
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (!Is(c, "with_clause")) continue;
        uint32_t items = ts_node_named_child_count(c);
        for (uint32_t j = 0; j < items; ++j) {
          TSNode item = ts_node_named_child(c, j);
          if (!Is(item, "with_item")) continue;
          TSNode value = ts_node_child_by_field_name(item, "value", 5);
          if (!ts_node_is_null(value) && Is(value, "as_pattern")) {
            TSNode alias = ts_node_child_by_field_name(value, "alias", 5);
            s.exprs.push_back(E(ts_node_named_child(value, 0), 0));
            Expr target;
            if (!ts_node_is_null(alias)) {
              target = ts_node_named_child_count(alias) > 0 ? E(ts_node_named_child(alias, 0), 0) : E(alias, 0);
            }
            s.targets.push_back(std::move(target));
          } else {
            s.exprs.push_back(E(value, 0));
            s.targets.push_back(Expr{});
          }
        }
      }
      Block(ts_node_child_by_field_name(n, "body", 4), &s.body, scope, depth + 1);
    } else if (t == "try_statement") {
      s.kind = StmtKind::kTry;
      Block(ts_node_child_by_field_name(n, "body", 4), &s.body, scope, depth + 1);
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        std::string_view ct = Type(c);
        if (ct == "except_clause" || ct == "except_group_clause" || ct == "finally_clause") {
          uint32_t cc = ts_node_named_child_count(c);
          for (uint32_t j = 0; j < cc; ++j) {
            TSNode b = ts_node_named_child(c, j);
            if (Is(b, "block")) Block(b, &s.orelse, scope, depth + 1);
          }
        } else if (ct == "else_clause") {
          Block(ts_node_child_by_field_name(c, "body", 4), &s.orelse, scope, depth + 1);
        }
      }
    } else if (t == "import_statement" || t == "import_from_statement" || t == "future_import_statement") {
      s.kind = StmtKind::kImport;
      s.index = static_cast<int>(out_.imports.size());
      ImportStatement(n, scope);
      s.count = static_cast<int>(out_.imports.size()) - s.index;
    } else if (t == "decorated_definition") {
      std::vector<Expr> decorators;
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (Is(c, "decorator") && ts_node_named_child_count(c) > 0) {
          decorators.push_back(E(ts_node_named_child(c, 0), 0));
        }
      }
      TSNode def = ts_node_child_by_field_name(n, "definition", 10);
      if (ts_node_is_null(def)) return;
      Definition(def, std::move(decorators), out, scope, depth);
      return;
    } else if (t == "function_definition" || t == "class_definition") {
      Definition(n, {}, out, scope, depth);
      return;
    } else if (t == "raise_statement") {
      s.kind = StmtKind::kRaise;
      if (ts_node_named_child_count(n) > 0) s.exprs.push_back(E(ts_node_named_child(n, 0), 0));
    } else if (t == "match_statement") {
      s.kind = StmtKind::kMatch;
      TSNode subject = ts_node_child_by_field_name(n, "subject", 7);
      if (!ts_node_is_null(subject)) s.exprs.push_back(E(subject, 0));
      TSNode body = ts_node_child_by_field_name(n, "body", 4);
      if (!ts_node_is_null(body)) {
        uint32_t count = ts_node_named_child_count(body);
        for (uint32_t i = 0; i < count; ++i) {
          TSNode cc = ts_node_named_child(body, i);
          TSNode cons = ts_node_child_by_field_name(cc, "consequence", 11);
          if (!ts_node_is_null(cons)) Block(cons, &s.body, scope, depth + 1);
        }
      }
    } else if (t == "block") {
      Block(n, out, scope, depth + 1);
      return;
    } else if (t == "comment") {
      return;
    } else {
      if ((t == "print_statement" || t == "exec_statement") && !py2_noted_) {
        py2_noted_ = true;
        out_.diagnostics.push_back({out_.path, s.line, "info",
                                    "Python 2 syntax (" + std::string(t.substr(0, t.find('_'))) +
                                        " statement); scanned as Python 2"});
      }
      s.kind = StmtKind::kOther;
      // Keep expressions inside other statements (assert, del, print, exec, global): calls may hide there.
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (Is(c, "block")) {
          Block(c, &s.body, scope, depth + 1);
        } else if (!Is(c, "comment")) {
          s.exprs.push_back(E(c, 0));
        }
      }
    }
    out->push_back(std::move(s));
  }

  void Assignment(TSNode n, Stmt* s, int chain) {
    // a = b = value is assignment(left=a, right=assignment(left=b, right=value)).
    s->kind = StmtKind::kAssign;
    TSNode left = ts_node_child_by_field_name(n, "left", 4);
    TSNode right = ts_node_child_by_field_name(n, "right", 5);
    if (!ts_node_is_null(left)) s->targets.push_back(E(left, 0));
    if (ts_node_is_null(right)) return;  // annotation only: `x: int`
    if (Is(right, "assignment") && chain < 50) {
      Assignment(right, s, chain + 1);
      return;
    }
    s->exprs.push_back(E(right, 0));
  }

  void Definition(TSNode n, std::vector<Expr> decorators, std::vector<Stmt>* out, const Scope& scope, int depth) {
    std::string name = Text(ts_node_child_by_field_name(n, "name", 4));
    Stmt s;
    s.line = Line(n);
    s.column = Col(n);
    if (Is(n, "function_definition")) {
      Function f;
      f.name = name;
      f.qualname = Qual(scope, name);
      f.class_qualname = scope.klass;
      f.parent = scope.function;
      f.decorators = std::move(decorators);
      f.line = Line(n);
      f.column = Col(n);
      f.end_line = static_cast<int>(ts_node_end_point(n).row) + 1;
      f.is_async = Text(n).rfind("async", 0) == 0;
      Parameters(ts_node_child_by_field_name(n, "parameters", 10), &f.params);
      TSNode body = ts_node_child_by_field_name(n, "body", 4);
      f.docstring = Docstring(body);
      int index = static_cast<int>(out_.functions.size());
      out_.functions.push_back(std::move(f));
      Scope inner{out_.functions[index].qualname, "", out_.functions[index].qualname};
      std::vector<Stmt> stmts;
      if (!ts_node_is_null(body)) Block(body, &stmts, inner, depth + 1);
      out_.functions[index].body = std::move(stmts);
      s.kind = StmtKind::kDef;
      s.index = index;
    } else {
      Class c;
      c.name = name;
      c.qualname = Qual(scope, name);
      c.parent = scope.function.empty() ? scope.klass : scope.function;
      c.decorators = std::move(decorators);
      c.line = Line(n);
      c.column = Col(n);
      c.end_line = static_cast<int>(ts_node_end_point(n).row) + 1;
      TSNode supers = ts_node_child_by_field_name(n, "superclasses", 12);
      if (!ts_node_is_null(supers)) Arguments(supers, &c.bases, 0);
      TSNode body = ts_node_child_by_field_name(n, "body", 4);
      c.docstring = Docstring(body);
      int index = static_cast<int>(out_.classes.size());
      out_.classes.push_back(std::move(c));
      Scope inner{scope.function, out_.classes[index].qualname, out_.classes[index].qualname};
      std::vector<Stmt> stmts;
      if (!ts_node_is_null(body)) Block(body, &stmts, inner, depth + 1);
      out_.classes[index].body = std::move(stmts);
      s.kind = StmtKind::kClass;
      s.index = index;
    }
    out->push_back(std::move(s));
  }

  void Parameters(TSNode params, std::vector<Param>* out) {
    if (ts_node_is_null(params)) return;
    bool keyword_only = false;
    uint32_t count = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode p = ts_node_named_child(params, i);
      std::string_view t = Type(p);
      Param param;
      param.kind = keyword_only ? ParamKind::kKeywordOnly : ParamKind::kNormal;
      if (t == "identifier") {
        param.name = Text(p);
      } else if (t == "typed_parameter") {
        TSNode first = ts_node_named_child(p, 0);
        if (Is(first, "list_splat_pattern")) {
          param.kind = ParamKind::kVarArgs;
          keyword_only = true;
          param.name = Text(ts_node_named_child(first, 0));
        } else if (Is(first, "dictionary_splat_pattern")) {
          param.kind = ParamKind::kKwArgs;
          param.name = Text(ts_node_named_child(first, 0));
        } else {
          param.name = Text(first);
        }
      } else if (t == "default_parameter" || t == "typed_default_parameter") {
        param.name = Text(ts_node_child_by_field_name(p, "name", 4));
        param.has_default = true;
        param.default_value = E(ts_node_child_by_field_name(p, "value", 5), 0);
      } else if (t == "list_splat_pattern") {
        param.kind = ParamKind::kVarArgs;
        keyword_only = true;
        if (ts_node_named_child_count(p) > 0) param.name = Text(ts_node_named_child(p, 0));
      } else if (t == "dictionary_splat_pattern") {
        param.kind = ParamKind::kKwArgs;
        if (ts_node_named_child_count(p) > 0) param.name = Text(ts_node_named_child(p, 0));
      } else if (t == "keyword_separator") {
        keyword_only = true;
        continue;
      } else if (t == "positional_separator") {
        for (Param& earlier : *out) {
          if (earlier.kind == ParamKind::kNormal) earlier.kind = ParamKind::kPositionalOnly;
        }
        continue;
      } else if (t == "tuple_pattern") {
        param.name = Text(p);  // Python 2 tuple parameter; unusable as a name but keeps positions right
      } else {
        continue;
      }
      out->push_back(std::move(param));
    }
  }

  void ImportStatement(TSNode n, const Scope& scope) {
    std::string_view t = Type(n);
    auto add = [&](std::string local, std::string target, bool from, TSNode at) {
      Import imp;
      imp.local = std::move(local);
      imp.target = std::move(target);
      imp.from_import = from;
      imp.scope = scope.function;
      imp.line = Line(at);
      imp.column = Col(at);
      out_.imports.push_back(std::move(imp));
    };
    if (t == "import_statement") {
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (Is(c, "dotted_name")) {
          std::string full = Text(c);
          // `import a.b.c` binds `a`; attribute access a.b.c then resolves through it.
          add(full.substr(0, full.find('.')), full.substr(0, full.find('.')), false, c);
          if (full.find('.') != std::string::npos) add("", full, false, c);  // records the submodule import
        } else if (Is(c, "aliased_import")) {
          add(Text(ts_node_child_by_field_name(c, "alias", 5)), Text(ts_node_child_by_field_name(c, "name", 4)),
              false, c);
        }
      }
      return;
    }
    if (t == "future_import_statement") return;
    // import_from_statement
    TSNode module_node = ts_node_child_by_field_name(n, "module_name", 11);
    std::string module = ModulePath(module_node);
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (ts_node_eq(c, module_node)) continue;
      std::string_view ct = Type(c);
      auto join = [&](const std::string& name) { return module.empty() ? name : module + "." + name; };
      if (ct == "wildcard_import") {
        add("*", module, true, c);
      } else if (ct == "dotted_name") {
        std::string name = Text(c);
        add(name, join(name), true, c);
      } else if (ct == "aliased_import") {
        add(Text(ts_node_child_by_field_name(c, "alias", 5)), join(Text(ts_node_child_by_field_name(c, "name", 4))),
            true, c);
      }
    }
  }

  // Absolute dotted path of an import's module, resolving relative imports against this module.
  std::string ModulePath(TSNode node) {
    if (ts_node_is_null(node)) return "";
    if (!Is(node, "relative_import")) return Text(node);
    std::string text = Text(node);
    size_t dots = 0;
    while (dots < text.size() && text[dots] == '.') ++dots;
    std::string rest = text.substr(dots);
    // The package this module is in: for a package's __init__ it is the module itself.
    std::string package = out_.module;
    if (!out_.is_package) {
      size_t p = package.rfind('.');
      package = p == std::string::npos ? "" : package.substr(0, p);
    }
    for (size_t i = 1; i < dots; ++i) {
      size_t p = package.rfind('.');
      package = p == std::string::npos ? "" : package.substr(0, p);
    }
    if (package.empty()) return rest;
    if (rest.empty()) return package;
    return package + "." + rest;
  }

  std::string Docstring(TSNode body) {
    if (ts_node_is_null(body)) return "";
    uint32_t count = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(body, i);
      if (Is(c, "comment")) continue;
      if (!Is(c, "expression_statement") || ts_node_named_child_count(c) == 0) return "";
      TSNode s = ts_node_named_child(c, 0);
      if (!Is(s, "string") && !Is(s, "concatenated_string")) return "";
      Expr e = E(s, 0);
      return e.kind == ExprKind::kString ? e.text : "";
    }
    return "";
  }

  // ---- expressions ----

  void NoteDepth(TSNode n) {
    if (!depth_limited_) depth_line_ = Line(n);
    depth_limited_ = true;
  }

  void Arguments(TSNode args, std::vector<Expr>* out, int depth) {
    uint32_t count = ts_node_named_child_count(args);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode a = ts_node_named_child(args, i);
      if (Is(a, "comment")) continue;
      out->push_back(E(a, depth + 1));
    }
  }

  Expr E(TSNode n, int depth) {
    Expr e;
    if (ts_node_is_null(n)) return e;
    e.line = Line(n);
    e.column = Col(n);
    if (depth > kMaxExprDepth) {
      NoteDepth(n);
      e.text = "too_deep";
      return e;
    }
    std::string_view t = Type(n);
    auto child = [&](const char* field) {
      return E(ts_node_child_by_field_name(n, field, static_cast<uint32_t>(std::strlen(field))), depth + 1);
    };
    auto all_named = [&](ExprKind kind) {
      e.kind = kind;
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (Is(c, "comment")) continue;
        e.children.push_back(E(c, depth + 1));
      }
    };
    if (t == "identifier") {
      e.kind = ExprKind::kName;
      e.text = Text(n);
    } else if (t == "attribute") {
      e.kind = ExprKind::kAttribute;
      e.text = Text(ts_node_child_by_field_name(n, "attribute", 9));
      e.children.push_back(child("object"));
    } else if (t == "call") {
      e.kind = ExprKind::kCall;
      e.children.push_back(child("function"));
      TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
      if (!ts_node_is_null(args)) {
        if (Is(args, "argument_list")) {
          Arguments(args, &e.children, depth);
        } else {
          e.children.push_back(E(args, depth + 1));  // f(x for x in y)
        }
      }
    } else if (t == "keyword_argument") {
      e.kind = ExprKind::kKeyword;
      e.text = Text(ts_node_child_by_field_name(n, "name", 4));
      e.children.push_back(child("value"));
    } else if (t == "list_splat" || t == "list_splat_pattern") {
      e.kind = ExprKind::kStarred;
      if (ts_node_named_child_count(n) > 0) e.children.push_back(E(ts_node_named_child(n, 0), depth + 1));
    } else if (t == "dictionary_splat" || t == "dictionary_splat_pattern") {
      e.kind = ExprKind::kDoubleStarred;
      if (ts_node_named_child_count(n) > 0) e.children.push_back(E(ts_node_named_child(n, 0), depth + 1));
    } else if (t == "string") {
      StringLiteral(n, &e, depth);
    } else if (t == "concatenated_string") {
      ConcatenatedString(n, &e, depth);
    } else if (t == "integer" || t == "float") {
      e.kind = ExprKind::kNumber;
      e.text = Text(n);
    } else if (t == "true") {
      e.kind = ExprKind::kTrue;
    } else if (t == "false") {
      e.kind = ExprKind::kFalse;
    } else if (t == "none") {
      e.kind = ExprKind::kNone;
    } else if (t == "binary_operator") {
      e.kind = ExprKind::kBinOp;
      e.text = Text(ts_node_child_by_field_name(n, "operator", 8));
      e.children.push_back(child("left"));
      e.children.push_back(child("right"));
    } else if (t == "unary_operator") {
      e.kind = ExprKind::kUnaryOp;
      e.text = Text(ts_node_child_by_field_name(n, "operator", 8));
      e.children.push_back(child("argument"));
    } else if (t == "not_operator") {
      e.kind = ExprKind::kUnaryOp;
      e.text = "not";
      e.children.push_back(child("argument"));
    } else if (t == "boolean_operator") {
      e.kind = ExprKind::kBoolOp;
      e.text = Text(ts_node_child_by_field_name(n, "operator", 8));
      e.children.push_back(child("left"));
      e.children.push_back(child("right"));
    } else if (t == "comparison_operator") {
      all_named(ExprKind::kCompare);
    } else if (t == "conditional_expression") {
      all_named(ExprKind::kConditional);
    } else if (t == "parenthesized_expression") {
      if (ts_node_named_child_count(n) == 1) return E(ts_node_named_child(n, 0), depth + 1);
      all_named(ExprKind::kTuple);
    } else if (t == "list" || t == "list_pattern") {
      all_named(ExprKind::kList);
    } else if (t == "tuple" || t == "expression_list" || t == "pattern_list" || t == "tuple_pattern") {
      all_named(ExprKind::kTuple);
    } else if (t == "set") {
      all_named(ExprKind::kSet);
    } else if (t == "dictionary") {
      all_named(ExprKind::kDict);
    } else if (t == "pair") {
      e.kind = ExprKind::kPair;
      e.children.push_back(child("key"));
      e.children.push_back(child("value"));
    } else if (t == "subscript") {
      e.kind = ExprKind::kSubscript;
      e.children.push_back(child("value"));
      uint32_t count = ts_node_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        const char* field = ts_node_field_name_for_child(n, i);
        if (field != nullptr && std::strcmp(field, "subscript") == 0) {
          e.children.push_back(E(ts_node_child(n, i), depth + 1));
        }
      }
    } else if (t == "slice") {
      all_named(ExprKind::kSlice);
    } else if (t == "lambda") {
      e.kind = ExprKind::kLambda;
      e.children.push_back(child("body"));
    } else if (t == "await") {
      e.kind = ExprKind::kAwait;
      if (ts_node_named_child_count(n) > 0) e.children.push_back(E(ts_node_named_child(n, 0), depth + 1));
    } else if (t == "list_comprehension" || t == "set_comprehension" || t == "dictionary_comprehension" ||
               t == "generator_expression") {
      e.kind = ExprKind::kComprehension;
      Comprehension(n, &e, depth);
    } else if (t == "named_expression") {
      e.kind = ExprKind::kNamedExpr;
      e.text = Text(ts_node_child_by_field_name(n, "name", 4));
      e.children.push_back(child("value"));
    } else {
      // keep walking unknown nodes' children so calls inside (yield f(x), print f(x)) are still seen
      e.kind = ExprKind::kOther;
      e.text = std::string(t);
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (Is(c, "comment")) continue;
        e.children.push_back(E(c, depth + 1));
      }
    }
    return e;
  }

  void Comprehension(TSNode n, Expr* e, int depth) {
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      std::string_view ct = Type(c);
      if (ct == "for_in_clause") {
        TSNode right = ts_node_child_by_field_name(c, "right", 5);
        if (!ts_node_is_null(right)) e->children.push_back(E(right, depth + 1));
      } else if (ct == "if_clause") {
        if (ts_node_named_child_count(c) > 0) e->children.push_back(E(ts_node_named_child(c, 0), depth + 1));
      } else if (ct != "comment") {
        e->children.push_back(E(c, depth + 1));
      }
    }
  }

  // A string node: string_start (prefix + quote), string_content / interpolation parts, string_end.
  void StringLiteral(TSNode n, Expr* e, int depth) {
    std::string prefix;
    std::vector<Expr> parts;
    std::string literal;
    bool fstring = false;
    bool raw = false;
    bool bytes = false;
    uint32_t count = ts_node_child_count(n);
    auto flush = [&]() {
      if (!literal.empty()) {
        Expr s;
        s.kind = ExprKind::kString;
        s.text = std::move(literal);
        s.line = e->line;
        s.column = e->column;
        parts.push_back(std::move(s));
        literal.clear();
      }
    };
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_child(n, i);
      std::string_view ct = Type(c);
      if (ct == "string_start") {
        std::string start = Text(c);
        for (char ch : start) {
          char l = static_cast<char>(ch | 0x20);
          if (l == 'f') fstring = true;
          if (l == 'r') raw = true;
          if (l == 'b') bytes = true;
        }
      } else if (ct == "string_content") {
        literal += DecodeStringEscapes(Text(c), raw, bytes);
      } else if (ct == "interpolation") {
        flush();
        TSNode inner = ts_node_child_by_field_name(c, "expression", 10);
        parts.push_back(E(inner, depth + 1));
      } else if (ct == "escape_sequence") {
        literal += DecodeStringEscapes(Text(c), raw, bytes);
      }
    }
    (void)fstring;
    bool has_interp = false;
    for (const Expr& p : parts) has_interp |= p.kind != ExprKind::kString;
    if (!has_interp) {
      e->kind = ExprKind::kString;
      for (const Expr& p : parts) e->text += p.text;
      e->text += literal;
      return;
    }
    flush();
    e->kind = ExprKind::kFString;
    e->children = std::move(parts);
  }

  void ConcatenatedString(TSNode n, Expr* e, int depth) {
    std::vector<Expr> parts;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (!Is(c, "string")) continue;
      Expr s = E(c, depth + 1);
      if (s.kind == ExprKind::kFString) {
        for (Expr& p : s.children) parts.push_back(std::move(p));
      } else {
        parts.push_back(std::move(s));
      }
    }
    bool has_interp = false;
    for (const Expr& p : parts) has_interp |= p.kind != ExprKind::kString;
    if (!has_interp) {
      e->kind = ExprKind::kString;
      for (const Expr& p : parts) e->text += p.text;
      return;
    }
    // merge adjacent literal parts
    e->kind = ExprKind::kFString;
    for (Expr& p : parts) {
      if (p.kind == ExprKind::kString && !e->children.empty() && e->children.back().kind == ExprKind::kString) {
        e->children.back().text += p.text;
      } else {
        e->children.push_back(std::move(p));
      }
    }
  }

  std::string_view src_;
  TSNode root_;
  ModuleFacts out_;
  bool depth_limited_ = false;
  bool py2_noted_ = false;
  int depth_line_ = 0;
};

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x110000) {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string DecodeStringEscapes(std::string_view s, bool raw, bool bytes) {
  if (raw) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out.push_back(c);
      continue;
    }
    char n = s[++i];
    switch (n) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case '\\': out.push_back('\\'); break;
      case '\'': out.push_back('\''); break;
      case '"': out.push_back('"'); break;
      case '\n': break;  // line continuation
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'v': out.push_back('\v'); break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        int v = 0, k = 0;
        while (k < 3 && i < s.size() && s[i] >= '0' && s[i] <= '7') {
          v = v * 8 + (s[i] - '0');
          ++i;
          ++k;
        }
        --i;
        if (bytes) out.push_back(static_cast<char>(v & 0xFF)); else AppendUtf8(static_cast<uint32_t>(v), &out);
        break;
      }
      case 'x': case 'u': case 'U': {
        size_t width = n == 'x' ? 2 : (n == 'u' ? 4 : 8);
        if (bytes && n != 'x') {
          out.push_back('\\');
          out.push_back(n);
          break;
        }
        uint32_t v = 0;
        size_t k = 0;
        for (; k < width && i + 1 + k < s.size(); ++k) {
          int h = HexValue(s[i + 1 + k]);
          if (h < 0) break;
          v = v * 16 + static_cast<uint32_t>(h);
        }
        if (k != width) {
          out.push_back('\\');
          out.push_back(n);
          break;
        }
        i += width;
        if (bytes) out.push_back(static_cast<char>(v)); else AppendUtf8(v, &out);
        break;
      }
      default:
        out.push_back('\\');
        out.push_back(n);
    }
  }
  return out;
}

ModuleFacts ExtractFacts(const parse::ParsedModule& parsed, std::string_view relative_path) {
  return Builder(parsed, relative_path).Build();
}

}  // namespace edgescan::facts
