#include "cadence/expr_source.h"

#include <cstdio>

namespace edgescan::cadence {

using facts::Expr;
using facts::ExprKind;

namespace {

// Python's operator precedence, higher binds tighter (the language reference, "Operator precedence").
int Precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLambda:
      return 1;
    case ExprKind::kConditional:
      return 2;
    case ExprKind::kBoolOp:
      return e.text == "or" ? 3 : 4;
    case ExprKind::kUnaryOp:
      return e.text == "not" ? 5 : 13;
    case ExprKind::kCompare:
      return 6;
    case ExprKind::kBinOp: {
      const std::string& op = e.text;
      if (op == "|") return 7;
      if (op == "^") return 8;
      if (op == "&") return 9;
      if (op == "<<" || op == ">>") return 10;
      if (op == "+" || op == "-") return 11;
      if (op == "**") return 14;
      return 12;  // * / // % @
    }
    case ExprKind::kAwait:
      return 15;
    case ExprKind::kNamedExpr:
      return 0;
    default:
      return 16;
  }
}

class Writer {
 public:
  explicit Writer(size_t max) : max_(max) {}

  void Write(const Expr& e) {
    if (out_.size() > max_) return;
    switch (e.kind) {
      case ExprKind::kName:
      case ExprKind::kNumber:
        out_ += e.text;
        return;
      case ExprKind::kAttribute:
        if (!e.children.empty()) Operand(e.children[0], 16, false);
        out_ += "." + e.text;
        return;
      case ExprKind::kCall: {
        if (e.children.empty()) return;
        Operand(e.children[0], 16, false);
        out_ += "(";
        for (size_t i = 1; i < e.children.size(); ++i) {
          if (i > 1) out_ += ", ";
          Write(e.children[i]);
        }
        out_ += ")";
        return;
      }
      case ExprKind::kString:
        out_ += PythonRepr(e.text);
        return;
      case ExprKind::kFString:
        out_ += "f'";
        for (const Expr& part : e.children) {
          if (part.kind == ExprKind::kString) {
            for (char c : part.text) {
              if (c == '{' || c == '}') out_.push_back(c);
              if (c == '\'' || c == '\\') out_.push_back('\\');
              out_.push_back(c);
            }
          } else {
            out_ += "{";
            Write(part);
            out_ += "}";
          }
        }
        out_ += "'";
        return;
      case ExprKind::kTrue:
        out_ += "True";
        return;
      case ExprKind::kFalse:
        out_ += "False";
        return;
      case ExprKind::kNone:
        out_ += "None";
        return;
      case ExprKind::kBinOp:
        if (e.children.size() != 2) return;
        // Left-associative except **, which is right-associative.
        Operand(e.children[0], Precedence(e), e.text == "**");
        out_ += " " + e.text + " ";
        Operand(e.children[1], Precedence(e), e.text != "**");
        return;
      case ExprKind::kUnaryOp:
        if (e.children.empty()) return;
        out_ += e.text == "not" ? "not " : e.text;
        Operand(e.children[0], Precedence(e), false);
        return;
      case ExprKind::kBoolOp:
        for (size_t i = 0; i < e.children.size(); ++i) {
          if (i > 0) out_ += " " + e.text + " ";
          Operand(e.children[i], Precedence(e), true);
        }
        return;
      case ExprKind::kCompare: {
        // text holds the operators joined by spaces; "not in" / "is not" are two words.
        std::vector<std::string> ops;
        std::string word;
        for (size_t i = 0; i <= e.text.size(); ++i) {
          if (i == e.text.size() || e.text[i] == ' ') {
            if (word == "in" && !ops.empty() && ops.back() == "not") {
              ops.back() = "not in";
            } else if (word == "not" && !ops.empty() && ops.back() == "is") {
              ops.back() = "is not";
            } else if (!word.empty()) {
              ops.push_back(word);
            }
            word.clear();
          } else {
            word.push_back(e.text[i]);
          }
        }
        for (size_t i = 0; i < e.children.size(); ++i) {
          if (i > 0) out_ += " " + (i - 1 < ops.size() ? ops[i - 1] : std::string("?")) + " ";
          Operand(e.children[i], Precedence(e), true);
        }
        return;
      }
      case ExprKind::kConditional:
        if (e.children.size() != 3) return;
        Operand(e.children[0], 2, true);
        out_ += " if ";
        Operand(e.children[1], 2, true);
        out_ += " else ";
        Operand(e.children[2], 2, false);
        return;
      case ExprKind::kList:
        Sequence(e, "[", "]");
        return;
      case ExprKind::kTuple:
        if (e.children.size() == 1) {
          out_ += "(";
          Write(e.children[0]);
          out_ += ",)";
          return;
        }
        Sequence(e, "(", ")");
        return;
      case ExprKind::kSet:
        Sequence(e, "{", "}");
        return;
      case ExprKind::kDict:
        Sequence(e, "{", "}");
        return;
      case ExprKind::kPair:
        if (e.children.size() != 2) return;
        Write(e.children[0]);
        out_ += ": ";
        Write(e.children[1]);
        return;
      case ExprKind::kSubscript:
        if (e.children.empty()) return;
        Operand(e.children[0], 16, false);
        out_ += "[";
        for (size_t i = 1; i < e.children.size(); ++i) {
          if (i > 1) out_ += ", ";
          Write(e.children[i]);
        }
        out_ += "]";
        return;
      case ExprKind::kSlice:
        for (size_t i = 0; i < e.children.size(); ++i) {
          if (i > 0) out_ += ":";
          Write(e.children[i]);
        }
        if (e.children.size() < 2) out_ += ":";
        return;
      case ExprKind::kKeyword:
        out_ += e.text + "=";
        if (!e.children.empty()) Write(e.children[0]);
        return;
      case ExprKind::kStarred:
        out_ += "*";
        if (!e.children.empty()) Operand(e.children[0], 16, false);
        return;
      case ExprKind::kDoubleStarred:
        out_ += "**";
        if (!e.children.empty()) Operand(e.children[0], 16, false);
        return;
      case ExprKind::kLambda:
        out_ += "lambda: ";
        if (!e.children.empty()) Write(e.children[0]);
        return;
      case ExprKind::kAwait:
        out_ += "await ";
        if (!e.children.empty()) Operand(e.children[0], 15, false);
        return;
      case ExprKind::kComprehension:
        out_ += "[...]";
        return;
      case ExprKind::kForIn:
        out_ += "for ...";
        return;
      case ExprKind::kNamedExpr:
        out_ += "(" + e.text + " := ";
        if (!e.children.empty()) Write(e.children[0]);
        out_ += ")";
        return;
      case ExprKind::kOther:
        out_ += "...";
        return;
    }
  }

  std::string Take() {
    if (out_.size() > max_) {
      size_t cut = max_;
      // Do not split a UTF-8 sequence.
      while (cut > 0 && (static_cast<unsigned char>(out_[cut]) & 0xC0) == 0x80) --cut;
      out_.resize(cut);
      out_ += "\u2026";
    }
    return std::move(out_);
  }

 private:
  // A child operand, parenthesised when it binds looser than its parent (or as loose, on the side where
  // associativity would regroup it).
  void Operand(const Expr& child, int parent, bool strict) {
    int p = Precedence(child);
    bool paren = strict ? p <= parent : p < parent;
    if (child.kind == ExprKind::kNamedExpr) paren = false;  // writes its own parentheses
    if (paren) out_ += "(";
    Write(child);
    if (paren) out_ += ")";
  }

  void Sequence(const Expr& e, const char* open, const char* close) {
    out_ += open;
    for (size_t i = 0; i < e.children.size(); ++i) {
      if (i > 0) out_ += ", ";
      Write(e.children[i]);
    }
    out_ += close;
  }

  size_t max_;
  std::string out_;
};

}  // namespace

std::string PythonRepr(std::string_view s) {
  char quote = s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos ? '"' : '\'';
  std::string out(1, quote);
  for (unsigned char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == quote) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

std::string ExprSource(const Expr& e, size_t max_chars) {
  Writer w(max_chars);
  w.Write(e);
  return w.Take();
}

}  // namespace edgescan::cadence
