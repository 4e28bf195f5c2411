// Builds ModuleFacts from a tree-sitter tree. Why a separate model at all: trees are large and tied to their
// source buffer; facts are small, owned and plain, so the tree can be freed at once (issue 10) and every later
// stage is testable without tree-sitter.
#include "facts/extract.h"

#include <cstring>
#include <utility>
#include <vector>
#include <string>
#include <utility>

namespace edgescan::facts {
namespace {

std::string_view Type(TSNode n) { return ts_node_type(n); }

// Node kinds and field ids of the pinned grammar, resolved once: comparing integers instead of type-name strings
// makes fact extraction a fraction of the parse (issue 10).
enum class Sym : uint16_t {
  kOther,
  k_ERROR,
  k_aliased_import,
  k_argument_list,
  k_as_pattern,
  k_assignment,
  k_attribute,
  k_augmented_assignment,
  k_await,
  k_binary_operator,
  k_block,
  k_boolean_operator,
  k_call,
  k_class_definition,
  k_comment,
  k_comparison_operator,
  k_concatenated_string,
  k_conditional_expression,
  k_decorated_definition,
  k_decorator,
  k_default_parameter,
  k_dictionary,
  k_dictionary_comprehension,
  k_dictionary_splat,
  k_dictionary_splat_pattern,
  k_dotted_name,
  k_elif_clause,
  k_else_clause,
  k_escape_sequence,
  k_except_clause,
  k_except_group_clause,
  k_exec_statement,
  k_expression_list,
  k_expression_statement,
  k_false,
  k_finally_clause,
  k_float,
  k_for_in_clause,
  k_for_statement,
  k_function_definition,
  k_future_import_statement,
  k_generator_expression,
  k_identifier,
  k_if_clause,
  k_if_statement,
  k_import_from_statement,
  k_import_statement,
  k_integer,
  k_interpolation,
  k_keyword_argument,
  k_keyword_separator,
  k_lambda,
  k_list,
  k_list_comprehension,
  k_list_pattern,
  k_list_splat,
  k_list_splat_pattern,
  k_match_statement,
  k_named_expression,
  k_none,
  k_not_operator,
  k_pair,
  k_parenthesized_expression,
  k_pattern_list,
  k_positional_separator,
  k_print_statement,
  k_raise_statement,
  k_relative_import,
  k_return_statement,
  k_set,
  k_set_comprehension,
  k_slice,
  k_string,
  k_string_content,
  k_string_start,
  k_subscript,
  k_true,
  k_try_statement,
  k_tuple,
  k_tuple_pattern,
  k_typed_default_parameter,
  k_typed_parameter,
  k_unary_operator,
  k_while_statement,
  k_wildcard_import,
  k_with_clause,
  k_with_item,
  k_with_statement,
};

const std::vector<Sym>& SymbolTable() {
  static const std::vector<Sym> table = [] {
    static const std::pair<const char*, Sym> kNames[] = {
      {"ERROR", Sym::k_ERROR},
      {"aliased_import", Sym::k_aliased_import},
      {"argument_list", Sym::k_argument_list},
      {"as_pattern", Sym::k_as_pattern},
      {"assignment", Sym::k_assignment},
      {"attribute", Sym::k_attribute},
      {"augmented_assignment", Sym::k_augmented_assignment},
      {"await", Sym::k_await},
      {"binary_operator", Sym::k_binary_operator},
      {"block", Sym::k_block},
      {"boolean_operator", Sym::k_boolean_operator},
      {"call", Sym::k_call},
      {"class_definition", Sym::k_class_definition},
      {"comment", Sym::k_comment},
      {"comparison_operator", Sym::k_comparison_operator},
      {"concatenated_string", Sym::k_concatenated_string},
      {"conditional_expression", Sym::k_conditional_expression},
      {"decorated_definition", Sym::k_decorated_definition},
      {"decorator", Sym::k_decorator},
      {"default_parameter", Sym::k_default_parameter},
      {"dictionary", Sym::k_dictionary},
      {"dictionary_comprehension", Sym::k_dictionary_comprehension},
      {"dictionary_splat", Sym::k_dictionary_splat},
      {"dictionary_splat_pattern", Sym::k_dictionary_splat_pattern},
      {"dotted_name", Sym::k_dotted_name},
      {"elif_clause", Sym::k_elif_clause},
      {"else_clause", Sym::k_else_clause},
      {"escape_sequence", Sym::k_escape_sequence},
      {"except_clause", Sym::k_except_clause},
      {"except_group_clause", Sym::k_except_group_clause},
      {"exec_statement", Sym::k_exec_statement},
      {"expression_list", Sym::k_expression_list},
      {"expression_statement", Sym::k_expression_statement},
      {"false", Sym::k_false},
      {"finally_clause", Sym::k_finally_clause},
      {"float", Sym::k_float},
      {"for_in_clause", Sym::k_for_in_clause},
      {"for_statement", Sym::k_for_statement},
      {"function_definition", Sym::k_function_definition},
      {"future_import_statement", Sym::k_future_import_statement},
      {"generator_expression", Sym::k_generator_expression},
      {"identifier", Sym::k_identifier},
      {"if_clause", Sym::k_if_clause},
      {"if_statement", Sym::k_if_statement},
      {"import_from_statement", Sym::k_import_from_statement},
      {"import_statement", Sym::k_import_statement},
      {"integer", Sym::k_integer},
      {"interpolation", Sym::k_interpolation},
      {"keyword_argument", Sym::k_keyword_argument},
      {"keyword_separator", Sym::k_keyword_separator},
      {"lambda", Sym::k_lambda},
      {"list", Sym::k_list},
      {"list_comprehension", Sym::k_list_comprehension},
      {"list_pattern", Sym::k_list_pattern},
      {"list_splat", Sym::k_list_splat},
      {"list_splat_pattern", Sym::k_list_splat_pattern},
      {"match_statement", Sym::k_match_statement},
      {"named_expression", Sym::k_named_expression},
      {"none", Sym::k_none},
      {"not_operator", Sym::k_not_operator},
      {"pair", Sym::k_pair},
      {"parenthesized_expression", Sym::k_parenthesized_expression},
      {"pattern_list", Sym::k_pattern_list},
      {"positional_separator", Sym::k_positional_separator},
      {"print_statement", Sym::k_print_statement},
      {"raise_statement", Sym::k_raise_statement},
      {"relative_import", Sym::k_relative_import},
      {"return_statement", Sym::k_return_statement},
      {"set", Sym::k_set},
      {"set_comprehension", Sym::k_set_comprehension},
      {"slice", Sym::k_slice},
      {"string", Sym::k_string},
      {"string_content", Sym::k_string_content},
      {"string_start", Sym::k_string_start},
      {"subscript", Sym::k_subscript},
      {"true", Sym::k_true},
      {"try_statement", Sym::k_try_statement},
      {"tuple", Sym::k_tuple},
      {"tuple_pattern", Sym::k_tuple_pattern},
      {"typed_default_parameter", Sym::k_typed_default_parameter},
      {"typed_parameter", Sym::k_typed_parameter},
      {"unary_operator", Sym::k_unary_operator},
      {"while_statement", Sym::k_while_statement},
      {"wildcard_import", Sym::k_wildcard_import},
      {"with_clause", Sym::k_with_clause},
      {"with_item", Sym::k_with_item},
      {"with_statement", Sym::k_with_statement}};
    const TSLanguage* lang = tree_sitter_python();
    std::vector<Sym> t(ts_language_symbol_count(lang), Sym::kOther);
    for (uint32_t id = 0; id < t.size(); ++id) {
      const char* name = ts_language_symbol_name(lang, static_cast<TSSymbol>(id));
      if (name == nullptr) continue;
      for (const auto& [n, sym] : kNames) {
        if (std::strcmp(n, name) == 0) t[id] = sym;
      }
    }
    return t;
  }();
  return table;
}

Sym SymOf(TSNode n) {
  const std::vector<Sym>& t = SymbolTable();
  TSSymbol id = ts_node_symbol(n);
  return id < t.size() ? t[id] : Sym::kOther;
}

struct Fields {
  TSFieldId f_alias = 0;
  TSFieldId f_alternative = 0;
  TSFieldId f_argument = 0;
  TSFieldId f_arguments = 0;
  TSFieldId f_attribute = 0;
  TSFieldId f_body = 0;
  TSFieldId f_condition = 0;
  TSFieldId f_consequence = 0;
  TSFieldId f_definition = 0;
  TSFieldId f_expression = 0;
  TSFieldId f_function = 0;
  TSFieldId f_key = 0;
  TSFieldId f_left = 0;
  TSFieldId f_module_name = 0;
  TSFieldId f_name = 0;
  TSFieldId f_object = 0;
  TSFieldId f_operator = 0;
  TSFieldId f_parameters = 0;
  TSFieldId f_right = 0;
  TSFieldId f_subject = 0;
  TSFieldId f_superclasses = 0;
  TSFieldId f_value = 0;
  TSFieldId f_type = 0;
  TSFieldId f_return_type = 0;
};

const Fields& F() {
  static const Fields fields = [] {
    const TSLanguage* lang = tree_sitter_python();
    Fields f;
    f.f_alias = ts_language_field_id_for_name(lang, "alias", 5);
    f.f_alternative = ts_language_field_id_for_name(lang, "alternative", 11);
    f.f_argument = ts_language_field_id_for_name(lang, "argument", 8);
    f.f_arguments = ts_language_field_id_for_name(lang, "arguments", 9);
    f.f_attribute = ts_language_field_id_for_name(lang, "attribute", 9);
    f.f_body = ts_language_field_id_for_name(lang, "body", 4);
    f.f_condition = ts_language_field_id_for_name(lang, "condition", 9);
    f.f_consequence = ts_language_field_id_for_name(lang, "consequence", 11);
    f.f_definition = ts_language_field_id_for_name(lang, "definition", 10);
    f.f_expression = ts_language_field_id_for_name(lang, "expression", 10);
    f.f_function = ts_language_field_id_for_name(lang, "function", 8);
    f.f_key = ts_language_field_id_for_name(lang, "key", 3);
    f.f_left = ts_language_field_id_for_name(lang, "left", 4);
    f.f_module_name = ts_language_field_id_for_name(lang, "module_name", 11);
    f.f_name = ts_language_field_id_for_name(lang, "name", 4);
    f.f_object = ts_language_field_id_for_name(lang, "object", 6);
    f.f_operator = ts_language_field_id_for_name(lang, "operator", 8);
    f.f_parameters = ts_language_field_id_for_name(lang, "parameters", 10);
    f.f_right = ts_language_field_id_for_name(lang, "right", 5);
    f.f_subject = ts_language_field_id_for_name(lang, "subject", 7);
    f.f_superclasses = ts_language_field_id_for_name(lang, "superclasses", 12);
    f.f_value = ts_language_field_id_for_name(lang, "value", 5);
    f.f_type = ts_language_field_id_for_name(lang, "type", 4);
    f.f_return_type = ts_language_field_id_for_name(lang, "return_type", 11);
    return f;
  }();
  return fields;
}

bool Is(TSNode n, Sym t) { return SymOf(n) == t; }

// Children from this many named ones on are walked with a cursor: ts_node_named_child(n, i) restarts from the first
// child on every call, so over a wide node (a long module or class body, a big dict or argument list) one cursor pass
// costs less per child; on narrow nodes the cursor's set-up costs more than it saves. Measured (callgrind, mitxpro):
// 8 beat 4 and 16; an all-cursor walk (field ids too) cost 36% more on saleor than the per-index calls it replaced.
inline constexpr uint32_t kCursorFrom = 8;

// Calls fn(child, SymOf(child)) for each named child of n (comments included), in order.
template <typename Fn>
void ForNamed(TSNode n, Fn&& fn) {
  uint32_t count = ts_node_named_child_count(n);
  if (count < kCursorFrom) {
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      fn(c, SymOf(c));
    }
    return;
  }
  struct Cursor {
    TSTreeCursor c;
    ~Cursor() { ts_tree_cursor_delete(&c); }
  } cur{ts_tree_cursor_new(n)};
  if (!ts_tree_cursor_goto_first_child(&cur.c)) return;
  do {
    TSNode c = ts_tree_cursor_current_node(&cur.c);
    if (ts_node_is_named(c)) fn(c, SymOf(c));
  } while (ts_tree_cursor_goto_next_sibling(&cur.c));
}

class Builder {
 public:
  Builder(const parse::ParsedModule& parsed, std::string_view path) : src_(parsed.source) {
    out_.path = std::string(path);
    out_.module = ModuleNameForPath(path);
    size_t slash = out_.path.rfind('/');
    std::string base = slash == std::string::npos ? out_.path : out_.path.substr(slash + 1);
    out_.is_package = base == "__init__.py";
    out_.bytes = parsed.file_bytes != 0 ? parsed.file_bytes : parsed.source.size();
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

  std::string Text(TSNode n) const { return std::string(View(n)); }
  std::string_view View(TSNode n) const {
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    if (b > src_.size() || a > b) return {};
    return src_.substr(a, b - a);
  }
  static int Line(TSNode n) { return static_cast<int>(ts_node_start_point(n).row) + 1; }
  static int Col(TSNode n) { return static_cast<int>(ts_node_start_point(n).column) + 1; }

  int FirstErrorLine(TSNode n, int depth) {
    // Iterative descent via cursor would be nicer; error search is bounded by depth instead.
    if (SymOf(n) == Sym::k_ERROR || ts_node_is_missing(n)) return Line(n);
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
    out->reserve(out->size() + ts_node_named_child_count(block));
    ForNamed(block, [&](TSNode c, Sym) { Statement(c, out, scope, depth); });
  }

  void Statement(TSNode n, std::vector<Stmt>* out, const Scope& scope, int depth) {
    Sym t = SymOf(n);
    Stmt s;
    s.line = Line(n);
    s.column = Col(n);
    if (t == Sym::k_expression_statement) {
      // expression_statement wraps assignment / augmented_assignment / expressions.
      ForNamed(n, [&](TSNode c, Sym ct) {
        Stmt inner;
        inner.line = Line(c);
        inner.column = Col(c);
        if (ct == Sym::k_assignment) {
          Assignment(c, &inner, 0);
        } else if (ct == Sym::k_augmented_assignment) {
          inner.kind = StmtKind::kAugAssign;
          inner.targets.push_back(E(ts_node_child_by_field_id(c, F().f_left), 0));
          TSNode op = ts_node_child_by_field_id(c, F().f_operator);
          inner.op = ts_node_is_null(op) ? "+=" : Text(op);
          inner.exprs.push_back(E(ts_node_child_by_field_id(c, F().f_right), 0));
        } else {
          inner.kind = StmtKind::kExpr;
          inner.exprs.push_back(E(c, 0));
        }
        out->push_back(std::move(inner));
      });
      return;
    }
    if (t == Sym::k_return_statement) {
      s.kind = StmtKind::kReturn;
      if (ts_node_named_child_count(n) > 0) s.exprs.push_back(E(ts_node_named_child(n, 0), 0));
    } else if (t == Sym::k_if_statement) {
      s.kind = StmtKind::kIf;
      s.exprs.push_back(E(ts_node_child_by_field_id(n, F().f_condition), 0));
      Block(ts_node_child_by_field_id(n, F().f_consequence), &s.body, scope, depth + 1);
      // Alternatives: elif_clause / else_clause children, chained as nested kIf in orelse.
      std::vector<Stmt>* tail = &s.orelse;
      ForNamed(n, [&](TSNode c, Sym c_sym) {
        if (c_sym == Sym::k_elif_clause) {
          Stmt e;
          e.kind = StmtKind::kIf;
          e.line = Line(c);
          e.column = Col(c);
          e.exprs.push_back(E(ts_node_child_by_field_id(c, F().f_condition), 0));
          Block(ts_node_child_by_field_id(c, F().f_consequence), &e.body, scope, depth + 1);
          tail->push_back(std::move(e));
          tail = &tail->back().orelse;
        } else if (c_sym == Sym::k_else_clause) {
          Block(ts_node_child_by_field_id(c, F().f_body), tail, scope, depth + 1);
        }
      });
    } else if (t == Sym::k_for_statement) {
      s.kind = StmtKind::kFor;
      s.targets.push_back(E(ts_node_child_by_field_id(n, F().f_left), 0));
      s.exprs.push_back(E(ts_node_child_by_field_id(n, F().f_right), 0));
      Block(ts_node_child_by_field_id(n, F().f_body), &s.body, scope, depth + 1);
      TSNode alt = ts_node_child_by_field_id(n, F().f_alternative);
      if (!ts_node_is_null(alt)) Block(ts_node_child_by_field_id(alt, F().f_body), &s.orelse, scope, depth + 1);
    } else if (t == Sym::k_while_statement) {
      s.kind = StmtKind::kWhile;
      s.exprs.push_back(E(ts_node_child_by_field_id(n, F().f_condition), 0));
      Block(ts_node_child_by_field_id(n, F().f_body), &s.body, scope, depth + 1);
      TSNode alt = ts_node_child_by_field_id(n, F().f_alternative);
      if (!ts_node_is_null(alt)) Block(ts_node_child_by_field_id(alt, F().f_body), &s.orelse, scope, depth + 1);
    } else if (t == Sym::k_with_statement) {
      s.kind = StmtKind::kWith;
      ForNamed(n, [&](TSNode c, Sym c_sym) {
        if (c_sym != Sym::k_with_clause) return;
        ForNamed(c, [&](TSNode item, Sym item_sym) {
          if (item_sym != Sym::k_with_item) return;
          TSNode value = ts_node_child_by_field_id(item, F().f_value);
          if (!ts_node_is_null(value) && Is(value, Sym::k_as_pattern)) {
            TSNode alias = ts_node_child_by_field_id(value, F().f_alias);
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
        });
      });
      Block(ts_node_child_by_field_id(n, F().f_body), &s.body, scope, depth + 1);
    } else if (t == Sym::k_try_statement) {
      s.kind = StmtKind::kTry;
      Block(ts_node_child_by_field_id(n, F().f_body), &s.body, scope, depth + 1);
      ForNamed(n, [&](TSNode c, Sym ct) {
        if (ct == Sym::k_except_clause || ct == Sym::k_except_group_clause || ct == Sym::k_finally_clause) {
          ForNamed(c, [&](TSNode b, Sym b_sym) {
            if (b_sym == Sym::k_block) Block(b, &s.orelse, scope, depth + 1);
          });
        } else if (ct == Sym::k_else_clause) {
          Block(ts_node_child_by_field_id(c, F().f_body), &s.orelse, scope, depth + 1);
        }
      });
    } else if (t == Sym::k_import_statement || t == Sym::k_import_from_statement || t == Sym::k_future_import_statement) {
      s.kind = StmtKind::kImport;
      s.index = static_cast<int>(out_.imports.size());
      ImportStatement(n, scope);
      s.count = static_cast<int>(out_.imports.size()) - s.index;
    } else if (t == Sym::k_decorated_definition) {
      std::vector<Expr> decorators;
      ForNamed(n, [&](TSNode c, Sym c_sym) {
        if (c_sym == Sym::k_decorator && ts_node_named_child_count(c) > 0) {
          decorators.push_back(E(ts_node_named_child(c, 0), 0));
        }
      });
      TSNode def = ts_node_child_by_field_id(n, F().f_definition);
      if (ts_node_is_null(def)) return;
      Definition(def, std::move(decorators), out, scope, depth);
      return;
    } else if (t == Sym::k_function_definition || t == Sym::k_class_definition) {
      Definition(n, {}, out, scope, depth);
      return;
    } else if (t == Sym::k_raise_statement) {
      s.kind = StmtKind::kRaise;
      if (ts_node_named_child_count(n) > 0) s.exprs.push_back(E(ts_node_named_child(n, 0), 0));
    } else if (t == Sym::k_match_statement) {
      s.kind = StmtKind::kMatch;
      TSNode subject = ts_node_child_by_field_id(n, F().f_subject);
      if (!ts_node_is_null(subject)) s.exprs.push_back(E(subject, 0));
      TSNode body = ts_node_child_by_field_id(n, F().f_body);
      if (!ts_node_is_null(body)) {
        ForNamed(body, [&](TSNode cc, Sym) {
          TSNode cons = ts_node_child_by_field_id(cc, F().f_consequence);
          if (!ts_node_is_null(cons)) Block(cons, &s.body, scope, depth + 1);
        });
      }
    } else if (t == Sym::k_block) {
      Block(n, out, scope, depth + 1);
      return;
    } else if (t == Sym::k_comment) {
      return;
    } else {
      if ((t == Sym::k_print_statement || t == Sym::k_exec_statement) && !py2_noted_) {
        py2_noted_ = true;
        out_.diagnostics.push_back({out_.path, s.line, "info",
                                    "Python 2 syntax (" + std::string(t == Sym::k_print_statement ? "print" : "exec") +
                                        " statement); scanned as Python 2"});
      }
      s.kind = StmtKind::kOther;
      // Keep expressions inside other statements (assert, del, print, exec, global): calls may hide there.
      ForNamed(n, [&](TSNode c, Sym c_sym) {
        if (c_sym == Sym::k_block) {
          Block(c, &s.body, scope, depth + 1);
        } else if (c_sym != Sym::k_comment) {
          s.exprs.push_back(E(c, 0));
        }
      });
    }
    out->push_back(std::move(s));
  }

  void Assignment(TSNode n, Stmt* s, int chain) {
    // a = b = value is assignment(left=a, right=assignment(left=b, right=value)).
    s->kind = StmtKind::kAssign;
    TSNode left = ts_node_child_by_field_id(n, F().f_left);
    TSNode right = ts_node_child_by_field_id(n, F().f_right);
    if (!ts_node_is_null(left)) s->targets.push_back(E(left, 0));
    if (ts_node_is_null(right)) return;  // annotation only: `x: int`
    if (Is(right, Sym::k_assignment) && chain < 50) {
      Assignment(right, s, chain + 1);
      return;
    }
    s->exprs.push_back(E(right, 0));
  }

  void Definition(TSNode n, std::vector<Expr> decorators, std::vector<Stmt>* out, const Scope& scope, int depth) {
    std::string name = Text(ts_node_child_by_field_id(n, F().f_name));
    Stmt s;
    s.line = Line(n);
    s.column = Col(n);
    if (Is(n, Sym::k_function_definition)) {
      Function f;
      f.name = name;
      f.qualname = Qual(scope, name);
      f.class_qualname = scope.klass;
      f.parent = scope.function;
      f.decorators = std::move(decorators);
      f.line = Line(n);
      f.column = Col(n);
      f.end_line = static_cast<int>(ts_node_end_point(n).row) + 1;
      f.is_async = View(n).substr(0, 5) == "async";
      Parameters(ts_node_child_by_field_id(n, F().f_parameters), &f.params);
      f.returns = Hint(ts_node_child_by_field_id(n, F().f_return_type));
      TSNode body = ts_node_child_by_field_id(n, F().f_body);
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
      TSNode supers = ts_node_child_by_field_id(n, F().f_superclasses);
      if (!ts_node_is_null(supers)) Arguments(supers, &c.bases, 0);
      TSNode body = ts_node_child_by_field_id(n, F().f_body);
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

  // A type hint (`client: OpenSearch`, `-> Backend | None`): the expression inside the `type` node; an empty Expr
  // when there is none.
  // `Optional[B]` in a hint is a generic_type (a name and a type_parameter of types), read as the subscript it is
  // elsewhere: kSubscript [Optional, B].
  Expr Hint(TSNode type, int depth = 0) {
    if (ts_node_is_null(type) || depth > kMaxExprDepth) return Expr{};
    TSNode n = type;
    if (std::string_view(ts_node_type(n)) == "type" && ts_node_named_child_count(n) == 1) n = ts_node_named_child(n, 0);
    if (std::string_view(ts_node_type(n)) != "generic_type" || ts_node_named_child_count(n) == 0) return E(n, depth);
    Expr e;
    e.kind = ExprKind::kSubscript;
    e.line = Line(n);
    e.column = Col(n);
    e.children.push_back(E(ts_node_named_child(n, 0), depth + 1));
    for (uint32_t i = 1, count = ts_node_named_child_count(n); i < count; ++i) {
      TSNode part = ts_node_named_child(n, i);
      if (std::string_view(ts_node_type(part)) != "type_parameter") continue;
      for (uint32_t k = 0, types = ts_node_named_child_count(part); k < types; ++k) {
        e.children.push_back(Hint(ts_node_named_child(part, k), depth + 1));
      }
    }
    return e;
  }

  void Parameters(TSNode params, std::vector<Param>* out) {
    if (ts_node_is_null(params)) return;
    bool keyword_only = false;
    ForNamed(params, [&](TSNode p, Sym t) {
      Param param;
      param.kind = keyword_only ? ParamKind::kKeywordOnly : ParamKind::kNormal;
      if (t == Sym::k_identifier) {
        param.name = Text(p);
      } else if (t == Sym::k_typed_parameter) {
        TSNode first = ts_node_named_child(p, 0);
        if (Is(first, Sym::k_list_splat_pattern)) {
          param.kind = ParamKind::kVarArgs;
          keyword_only = true;
          param.name = Text(ts_node_named_child(first, 0));
        } else if (Is(first, Sym::k_dictionary_splat_pattern)) {
          param.kind = ParamKind::kKwArgs;
          param.name = Text(ts_node_named_child(first, 0));
        } else {
          param.name = Text(first);
        }
        param.annotation = Hint(ts_node_child_by_field_id(p, F().f_type));
      } else if (t == Sym::k_default_parameter || t == Sym::k_typed_default_parameter) {
        param.name = Text(ts_node_child_by_field_id(p, F().f_name));
        param.has_default = true;
        param.default_value = E(ts_node_child_by_field_id(p, F().f_value), 0);
        if (t == Sym::k_typed_default_parameter) param.annotation = Hint(ts_node_child_by_field_id(p, F().f_type));
      } else if (t == Sym::k_list_splat_pattern) {
        param.kind = ParamKind::kVarArgs;
        keyword_only = true;
        if (ts_node_named_child_count(p) > 0) param.name = Text(ts_node_named_child(p, 0));
      } else if (t == Sym::k_dictionary_splat_pattern) {
        param.kind = ParamKind::kKwArgs;
        if (ts_node_named_child_count(p) > 0) param.name = Text(ts_node_named_child(p, 0));
      } else if (t == Sym::k_keyword_separator) {
        keyword_only = true;
        return;
      } else if (t == Sym::k_positional_separator) {
        for (Param& earlier : *out) {
          if (earlier.kind == ParamKind::kNormal) earlier.kind = ParamKind::kPositionalOnly;
        }
        return;
      } else if (t == Sym::k_tuple_pattern) {
        param.name = Text(p);  // Python 2 tuple parameter; unusable as a name but keeps positions right
      } else {
        return;
      }
      out->push_back(std::move(param));
    });
  }

  void ImportStatement(TSNode n, const Scope& scope) {
    Sym t = SymOf(n);
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
    if (t == Sym::k_import_statement) {
      ForNamed(n, [&](TSNode c, Sym c_sym) {
        if (c_sym == Sym::k_dotted_name) {
          std::string full = Text(c);
          // `import a.b.c` binds `a`; attribute access a.b.c then resolves through it.
          add(full.substr(0, full.find('.')), full.substr(0, full.find('.')), false, c);
          if (full.find('.') != std::string::npos) add("", full, false, c);  // records the submodule import
        } else if (c_sym == Sym::k_aliased_import) {
          add(Text(ts_node_child_by_field_id(c, F().f_alias)), Text(ts_node_child_by_field_id(c, F().f_name)),
              false, c);
        }
      });
      return;
    }
    if (t == Sym::k_future_import_statement) return;
    // import_from_statement
    TSNode module_node = ts_node_child_by_field_id(n, F().f_module_name);
    std::string module = ModulePath(module_node);
    ForNamed(n, [&](TSNode c, Sym ct) {
      if (ts_node_eq(c, module_node)) return;
      auto join = [&](const std::string& name) { return module.empty() ? name : module + "." + name; };
      if (ct == Sym::k_wildcard_import) {
        add("*", module, true, c);
      } else if (ct == Sym::k_dotted_name) {
        std::string name = Text(c);
        add(name, join(name), true, c);
      } else if (ct == Sym::k_aliased_import) {
        add(Text(ts_node_child_by_field_id(c, F().f_alias)), join(Text(ts_node_child_by_field_id(c, F().f_name))),
            true, c);
      }
    });
  }

  // Absolute dotted path of an import's module, resolving relative imports against this module.
  std::string ModulePath(TSNode node) {
    if (ts_node_is_null(node)) return "";
    if (!Is(node, Sym::k_relative_import)) return Text(node);
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
    uint32_t n_c = ts_node_named_child_count(body);
    for (uint32_t i_c = 0; i_c < n_c; ++i_c) {
      TSNode c = ts_node_named_child(body, i_c);
      if (Is(c, Sym::k_comment)) continue;
      if (!Is(c, Sym::k_expression_statement) || ts_node_named_child_count(c) == 0) return "";
      TSNode s = ts_node_named_child(c, 0);
      if (!Is(s, Sym::k_string) && !Is(s, Sym::k_concatenated_string)) return "";
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
    out->reserve(out->size() + ts_node_named_child_count(args));
    ForNamed(args, [&](TSNode a, Sym a_sym) {
      if (a_sym == Sym::k_comment) return;
      out->push_back(E(a, depth + 1));
    });
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
    Sym t = SymOf(n);
    auto child = [&](TSFieldId field) { return E(ts_node_child_by_field_id(n, field), depth + 1); };
    auto all_named = [&](ExprKind kind) {
      e.kind = kind;
      e.children.reserve(ts_node_named_child_count(n));
      ForNamed(n, [&](TSNode c, Sym c_sym) {
        if (c_sym == Sym::k_comment) return;
        e.children.push_back(E(c, depth + 1));
      });
    };
    if (t == Sym::k_identifier) {
      e.kind = ExprKind::kName;
      e.text = Text(n);
    } else if (t == Sym::k_attribute) {
      e.kind = ExprKind::kAttribute;
      e.text = Text(ts_node_child_by_field_id(n, F().f_attribute));
      e.children.push_back(child(F().f_object));
    } else if (t == Sym::k_call) {
      e.kind = ExprKind::kCall;
      TSNode args = ts_node_child_by_field_id(n, F().f_arguments);
      bool arg_list = !ts_node_is_null(args) && Is(args, Sym::k_argument_list);
      e.children.reserve(1 + (arg_list ? ts_node_named_child_count(args) : 1));
      e.children.push_back(child(F().f_function));
      if (!ts_node_is_null(args)) {
        if (arg_list) {
          Arguments(args, &e.children, depth);
        } else {
          e.children.push_back(E(args, depth + 1));  // f(x for x in y)
        }
      }
    } else if (t == Sym::k_keyword_argument) {
      e.kind = ExprKind::kKeyword;
      e.text = Text(ts_node_child_by_field_id(n, F().f_name));
      e.children.push_back(child(F().f_value));
    } else if (t == Sym::k_list_splat || t == Sym::k_list_splat_pattern) {
      e.kind = ExprKind::kStarred;
      if (ts_node_named_child_count(n) > 0) e.children.push_back(E(ts_node_named_child(n, 0), depth + 1));
    } else if (t == Sym::k_dictionary_splat || t == Sym::k_dictionary_splat_pattern) {
      e.kind = ExprKind::kDoubleStarred;
      if (ts_node_named_child_count(n) > 0) e.children.push_back(E(ts_node_named_child(n, 0), depth + 1));
    } else if (t == Sym::k_string) {
      StringLiteral(n, &e, depth);
    } else if (t == Sym::k_concatenated_string) {
      ConcatenatedString(n, &e, depth);
    } else if (t == Sym::k_integer || t == Sym::k_float) {
      e.kind = ExprKind::kNumber;
      e.text = Text(n);
    } else if (t == Sym::k_true) {
      e.kind = ExprKind::kTrue;
    } else if (t == Sym::k_false) {
      e.kind = ExprKind::kFalse;
    } else if (t == Sym::k_none) {
      e.kind = ExprKind::kNone;
    } else if (t == Sym::k_binary_operator) {
      e.kind = ExprKind::kBinOp;
      e.children.reserve(2);
      e.text = Text(ts_node_child_by_field_id(n, F().f_operator));
      e.children.push_back(child(F().f_left));
      e.children.push_back(child(F().f_right));
    } else if (t == Sym::k_unary_operator) {
      e.kind = ExprKind::kUnaryOp;
      e.text = Text(ts_node_child_by_field_id(n, F().f_operator));
      e.children.push_back(child(F().f_argument));
    } else if (t == Sym::k_not_operator) {
      e.kind = ExprKind::kUnaryOp;
      e.text = "not";
      e.children.push_back(child(F().f_argument));
    } else if (t == Sym::k_boolean_operator) {
      e.kind = ExprKind::kBoolOp;
      e.children.reserve(2);
      e.text = Text(ts_node_child_by_field_id(n, F().f_operator));
      e.children.push_back(child(F().f_left));
      e.children.push_back(child(F().f_right));
    } else if (t == Sym::k_comparison_operator) {
      all_named(ExprKind::kCompare);
      // The operators, in order, joined by spaces ("not in" and "is not" are one operator of two words).
      for (uint32_t i = 0, count = ts_node_child_count(n); i < count; ++i) {
        TSNode c = ts_node_child(n, i);
        if (ts_node_is_named(c)) continue;
        if (!e.text.empty()) e.text += ' ';
        e.text += ts_node_type(c);
      }
    } else if (t == Sym::k_conditional_expression) {
      all_named(ExprKind::kConditional);
    } else if (t == Sym::k_parenthesized_expression) {
      if (ts_node_named_child_count(n) == 1) return E(ts_node_named_child(n, 0), depth + 1);
      all_named(ExprKind::kTuple);
    } else if (t == Sym::k_list || t == Sym::k_list_pattern) {
      all_named(ExprKind::kList);
    } else if (t == Sym::k_tuple || t == Sym::k_expression_list || t == Sym::k_pattern_list || t == Sym::k_tuple_pattern) {
      all_named(ExprKind::kTuple);
    } else if (t == Sym::k_set) {
      all_named(ExprKind::kSet);
    } else if (t == Sym::k_dictionary) {
      all_named(ExprKind::kDict);
    } else if (t == Sym::k_pair) {
      e.kind = ExprKind::kPair;
      e.children.reserve(2);
      e.children.push_back(child(F().f_key));
      e.children.push_back(child(F().f_value));
    } else if (t == Sym::k_subscript) {
      e.kind = ExprKind::kSubscript;
      TSNode value = ts_node_child_by_field_id(n, F().f_value);
      e.children.push_back(child(F().f_value));
      // The index expressions are the named children after the value (ts_node_field_name_for_child names the
      // comma between two indexes "subscript" in this tree-sitter, so `a[x, y]` read as [a, x, ","]).
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (ts_node_eq(c, value) || Is(c, Sym::k_comment)) continue;
        e.children.push_back(E(c, depth + 1));
      }
    } else if (t == Sym::k_slice) {
      all_named(ExprKind::kSlice);
    } else if (t == Sym::k_lambda) {
      e.kind = ExprKind::kLambda;
      TSNode params = ts_node_child_by_field_id(n, F().f_parameters);
      if (!ts_node_is_null(params)) e.text = Text(params);
      e.children.push_back(child(F().f_body));
    } else if (t == Sym::k_await) {
      e.kind = ExprKind::kAwait;
      if (ts_node_named_child_count(n) > 0) e.children.push_back(E(ts_node_named_child(n, 0), depth + 1));
    } else if (t == Sym::k_list_comprehension || t == Sym::k_set_comprehension || t == Sym::k_dictionary_comprehension ||
               t == Sym::k_generator_expression) {
      e.kind = ExprKind::kComprehension;
      Comprehension(n, &e, depth);
    } else if (t == Sym::k_named_expression) {
      e.kind = ExprKind::kNamedExpr;
      e.text = Text(ts_node_child_by_field_id(n, F().f_name));
      e.children.push_back(child(F().f_value));
    } else {
      // keep walking unknown nodes' children so calls inside (yield f(x), print f(x)) are still seen
      e.kind = ExprKind::kOther;
      e.text = std::string(Type(n));
      e.children.reserve(ts_node_named_child_count(n));
      ForNamed(n, [&](TSNode c, Sym c_sym) {
        if (c_sym == Sym::k_comment) return;
        e.children.push_back(E(c, depth + 1));
      });
    }
    return e;
  }

  void Comprehension(TSNode n, Expr* e, int depth) {
    ForNamed(n, [&](TSNode c, Sym ct) {
      if (ct == Sym::k_for_in_clause) {
        // `for target in iterable`: the target binds names in the comprehension (read by resolve/locals.cc).
        TSNode left = ts_node_child_by_field_id(c, F().f_left);
        TSNode right = ts_node_child_by_field_id(c, F().f_right);
        if (!ts_node_is_null(left) && !ts_node_is_null(right)) {
          Expr clause;
          clause.kind = ExprKind::kForIn;
          clause.line = Line(c);
          clause.column = Col(c);
          clause.children.push_back(E(left, depth + 1));
          clause.children.push_back(E(right, depth + 1));
          e->children.push_back(std::move(clause));
        } else if (!ts_node_is_null(right)) {
          e->children.push_back(E(right, depth + 1));
        }
      } else if (ct == Sym::k_if_clause) {
        if (ts_node_named_child_count(c) > 0) e->children.push_back(E(ts_node_named_child(c, 0), depth + 1));
      } else if (ct != Sym::k_comment) {
        e->children.push_back(E(c, depth + 1));
      }
    });
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
      Sym ct = SymOf(c);
      if (ct == Sym::k_string_start) {
        std::string start = Text(c);
        for (char ch : start) {
          char l = static_cast<char>(ch | 0x20);
          if (l == 'f') fstring = true;
          if (l == 'r') raw = true;
          if (l == 'b') bytes = true;
        }
      } else if (ct == Sym::k_string_content) {
        literal += DecodeStringEscapes(Text(c), raw, bytes);
      } else if (ct == Sym::k_interpolation) {
        flush();
        TSNode inner = ts_node_child_by_field_id(c, F().f_expression);
        parts.push_back(E(inner, depth + 1));
      } else if (ct == Sym::k_escape_sequence) {
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
    ForNamed(n, [&](TSNode c, Sym c_sym) {
      if (c_sym != Sym::k_string) return;
      Expr s = E(c, depth + 1);
      if (s.kind == ExprKind::kFString) {
        for (Expr& p : s.children) parts.push_back(std::move(p));
      } else {
        parts.push_back(std::move(s));
      }
    });
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
    size_t slash = s.find('\\', i);
    if (slash == std::string_view::npos || slash + 1 >= s.size()) {  // no escape left: the rest verbatim
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, slash - i));
    i = slash;
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
