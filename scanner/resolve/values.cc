// Static evaluation of expressions to values with provenance (issue 3). Why alternatives: one call site may pass
// three different settings through a parameter; each is a distinct edge for the reader, so values fan out (bounded
// by ResolveOptions::max_alternatives) instead of collapsing to "unknown".
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>

#include "core/crontab_args.h"
#include "core/split.h"
#include "resolve/internal/binding.h"
#include "resolve/internal/eval_memo.h"
#include "resolve/internal/locals.h"
#include "resolve/repo_index.h"

namespace edgescan::resolve {

using facts::Expr;
using facts::ExprKind;
using facts::Stmt;
using facts::StmtKind;

namespace {

// Parameter bindings while evaluating inside a callee on behalf of one call (wrapper functions like edx_url(path)).
struct Frame {
  const facts::Function* fn = nullptr;
  const Expr* call = nullptr;
  Scope caller;
  bool bound_self = false;
  const Frame* parent = nullptr;
  // The class `self` is an instance of inside `fn`, when the call tells (`self.perform_request(...)` made in a
  // subclass's method runs the base's perform_request on that subclass): "" when only `fn`'s own class is known.
  std::string self_class;
};

// String methods whose result is the same value for a reader (`x.rstrip("/")`, `x.lower()`).
bool SameValueMethod(std::string_view m) {
  // encode/decode: the same text as bytes or str (pycurl's `setopt(pycurl.URL, url.encode())`).
  return m == "strip" || m == "rstrip" || m == "lstrip" || m == "lower" || m == "upper" || m == "encode" ||
         m == "decode";
}

// String methods the evaluator computes: those above, and the ones building a new string from the object.
bool IsStringMethod(std::string_view m) { return SameValueMethod(m) || m == "format" || m == "replace" || m == "join"; }

// urllib's quoting functions, as called (`quote`, `urllib.parse.unquote_plus`, `parse.quote`): the bare name, else "".
std::string_view UrlQuoting(std::string_view dotted) {
  for (std::string_view prefix : {"urllib.parse.", "parse."}) {
    if (dotted.substr(0, prefix.size()) == prefix) {
      dotted.remove_prefix(prefix.size());
      break;
    }
  }
  return dotted == "quote" || dotted == "unquote" || dotted == "quote_plus" || dotted == "unquote_plus" ? dotted
                                                                                                      : std::string_view();
}

std::string Placeholder(const Expr& e, int depth = 0) {
  if (depth > 8) return "?";
  std::string d = e.dotted();
  if (!d.empty()) return d;
  if (e.kind == ExprKind::kCall && !e.children.empty()) {
    const Expr& callee = e.children[0];
    // x.get("key") reads like a lookup: {x[key]} (settings.HUBSPOT_CONFIG.get("PORTAL_ID") too)
    if (callee.kind == ExprKind::kAttribute && !callee.children.empty() && callee.text == "get" &&
        e.children.size() > 1 && e.children[1].kind == ExprKind::kString) {
      return Placeholder(callee.children[0], depth + 1) + "[" + e.children[1].text + "]";
    }
    // x.strip(), x.rstrip("/"), x.lower(): the same value, for a reader
    if (callee.kind == ExprKind::kAttribute && !callee.children.empty() && SameValueMethod(callee.text)) {
      return Placeholder(callee.children[0], depth + 1);
    }
    std::string c = callee.dotted();
    // unquote(path), str(key): the same value, for a reader.
    if ((!UrlQuoting(c).empty() || c == "str") && e.children.size() > 1) {
      return Placeholder(e.children[1], depth + 1);
    }
    if (!c.empty()) return c + "()";
    if (callee.kind == ExprKind::kAttribute && !callee.children.empty()) {
      std::string obj = Placeholder(callee.children[0], depth + 1);
      // ",".join(usernames) is the joined names: {usernames}
      if (callee.text == "join" && callee.children[0].kind == ExprKind::kString && e.children.size() > 1) {
        return Placeholder(e.children[1], depth + 1);
      }
      return obj + "." + callee.text + "()";
    }
  }
  if (e.kind == ExprKind::kBoolOp && !e.children.empty()) return Placeholder(e.children[0], depth + 1);
  if (e.kind == ExprKind::kAttribute && !e.children.empty()) {
    return Placeholder(e.children[0], depth + 1) + "." + e.text;
  }
  if (e.kind == ExprKind::kSubscript && !e.children.empty()) {
    std::string base = Placeholder(e.children[0], depth + 1);
    if (e.children.size() > 1 && (e.children[1].kind == ExprKind::kString || e.children[1].kind == ExprKind::kNumber)) {
      return base + "[" + e.children[1].text + "]";
    }
    // `ext[1:]`: a part of the same value, for a reader.
    if (e.children.size() > 1 && e.children[1].kind == ExprKind::kSlice) return base;
    return base + "[]";
  }
  if (e.kind == ExprKind::kAwait && !e.children.empty()) return Placeholder(e.children[0], depth + 1);
  return "?";
}

Provenance At(const Scope& s, const Expr& e) {
  Provenance p;
  p.file = s.module != nullptr ? s.module->path : "";
  p.line = e.line;
  p.column = e.column;
  p.function = s.qualname();
  return p;
}

void AddOrigins(Value* to, const Value& from) {
  for (const Origin& o : from.origins) to->origins.push_back(o);
}

// Value as text in a string context (f-string part, concatenation, % / format argument).
Value AsString(const Value& v) {
  Value out = v;
  switch (v.kind) {
    case Value::Kind::kString:
      return v;
    case Value::Kind::kNumber:
      out.kind = Value::Kind::kString;
      if (v.known && v.integral) {
        out.text = std::to_string(v.integer);
      } else if (v.known) {
        char buf[64];
        snprintf(buf, sizeof buf, "%g", v.number);
        out.text = buf;
      }
      out.tmpl = v.known ? out.text : v.tmpl;
      out.prefix = v.known ? out.text : "";
      out.display = v.known ? out.text : (v.display.empty() ? v.tmpl : v.display);
      return out;
    case Value::Kind::kBool:
      out.kind = Value::Kind::kString;
      out.text = v.boolean ? "True" : "False";
      out.tmpl = v.known ? out.text : v.tmpl;
      out.prefix = v.known ? out.text : "";
      out.display = v.known ? out.text : (v.display.empty() ? v.tmpl : v.display);
      return out;
    case Value::Kind::kNone:
      out.kind = Value::Kind::kString;
      if (!v.tmpl.empty() && v.tmpl[0] == '{') {
        // A setting left None (`LMS_BASE_URL = None` in base.py, filled in by production's YAML): configured
        // elsewhere, so a placeholder in a URL, never the text "None".
        out.known = false;
        out.text.clear();
        out.prefix.clear();
        out.display = "{" + v.tmpl.substr(v.tmpl.find('.') == std::string::npos ? 1 : v.tmpl.find('.') + 1);
        return out;
      }
      out.text = "None";
      out.tmpl = out.text;
      out.prefix = out.text;
      out.display = out.text;
      return out;
    default:
      out.kind = Value::Kind::kString;
      out.known = false;
      out.text.clear();
      out.prefix.clear();
      if (out.tmpl.empty()) out.tmpl = "{?}";
      if (out.display.empty()) out.display = out.tmpl;
      return out;
  }
}

}  // namespace

std::optional<bool> LiteralTruth(const Value& v) {
  if (!v.known || v.from_env || v.tmpl.rfind("{settings.", 0) == 0 || v.tmpl.rfind("{env.", 0) == 0) {
    return std::nullopt;
  }
  for (const Origin& o : v.origins) {
    if (o.kind == Origin::Kind::kSetting || o.kind == Origin::Kind::kEnv) return std::nullopt;
  }
  switch (v.kind) {
    case Value::Kind::kBool:
      return v.boolean;
    case Value::Kind::kNone:
      return false;
    case Value::Kind::kString:
      return !v.text.empty();
    case Value::Kind::kNumber:
      if (v.integral) return v.integer != 0;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

Value Concat(const Value& a0, const Value& b0) {
  Value a = AsString(a0), b = AsString(b0);
  Value out;
  out.kind = Value::Kind::kString;
  out.known = a.known && b.known;
  out.text = out.known ? a.text + b.text : "";
  out.tmpl = a.tmpl + b.tmpl;
  out.prefix = a.known ? a.text + b.prefix : a.prefix;
  out.display = a.display + b.display;
  bool a_empty = a.known && a.text.empty();
  const Value& lead = a_empty ? b : a;
  out.host_from_literal = lead.host_from_literal;
  out.host_from_env_default = lead.host_from_env_default;
  out.from_env = a.from_env || b.from_env;
  AddOrigins(&out, a);
  AddOrigins(&out, b);
  return out;
}

namespace {

// Python's integer operators on 64-bit integers. Python's ints are unbounded: a result that does not fit (10**30,
// 2**62*4, -(2**63) // -1) is no value at all (false), never a wrapped number. // and % floor as Python does
// (-7 // 2 == -4, -7 % 3 == 2); / gives a number only when it divides exactly.
bool IntegerOp(const std::string& op, long long x, long long y, long long* out) {
  if (op == "+") return !__builtin_add_overflow(x, y, out);
  if (op == "-") return !__builtin_sub_overflow(x, y, out);
  if (op == "*") return !__builtin_mul_overflow(x, y, out);
  if (op == "//" || op == "/" || op == "%") {
    if (y == 0) return false;
    if (y == -1) {  // LLONG_MIN / -1 overflows and LLONG_MIN % -1 is undefined in C++
      if (op == "%") {
        *out = 0;
        return true;
      }
      return !__builtin_sub_overflow(0LL, x, out);
    }
    long long q = x / y, r = x % y;
    if (op == "/") {
      if (r != 0) return false;
      *out = q;
      return true;
    }
    bool floor = r != 0 && ((r < 0) != (y < 0));
    *out = op == "%" ? (floor ? r + y : r) : (floor ? q - 1 : q);
    return true;
  }
  if (op == "**") {
    if (y < 0) return false;  // a float in Python
    long long result = 1, base = x;
    while (y > 0) {
      if ((y & 1) != 0 && __builtin_mul_overflow(result, base, &result)) return false;
      y >>= 1;
      if (y > 0 && __builtin_mul_overflow(base, base, &base)) return false;
    }
    *out = result;
    return true;
  }
  return false;
}

bool ParseInt(const std::string& text, long long* out) {
  std::string t;
  for (char c : text) {
    if (c != '_') t.push_back(c);
  }
  if (t.empty()) return false;
  if (t.back() == 'l' || t.back() == 'L') t.pop_back();  // Python 2 long
  errno = 0;
  char* end = nullptr;
  long long v = 0;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    v = std::strtoll(t.c_str() + 2, &end, 16);
  } else if (t.size() > 2 && t[0] == '0' && (t[1] == 'o' || t[1] == 'O')) {
    v = std::strtoll(t.c_str() + 2, &end, 8);
  } else if (t.size() > 2 && t[0] == '0' && (t[1] == 'b' || t[1] == 'B')) {
    v = std::strtoll(t.c_str() + 2, &end, 2);
  } else {
    if (t.find_first_of(".eEjJ") != std::string::npos) return false;
    v = std::strtoll(t.c_str(), &end, 10);
  }
  if (errno != 0 || end == nullptr || *end != '\0') return false;
  *out = v;
  return true;
}

// os.path's dirname / basename / abspath / realpath / normpath on a path relative to the scan root (or absolute).
// dirname and basename split at the last '/' as Python does; abspath and realpath keep a relative path relative to the
// root (like `__file__`) and normalise it as normpath does. nullopt when the answer is the root itself (its name is not
// known) or above it.
std::optional<std::string> PathOp(std::string_view op, std::string_view path) {
  if (op == "basename") return std::string(path.substr(path.rfind('/') + 1));
  if (op == "dirname") {
    size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return std::nullopt;
    std::string_view head = path.substr(0, slash + 1);
    size_t keep = head.find_last_not_of('/');
    if (keep == std::string_view::npos) return std::string(head);  // "/" stays "/"
    head = head.substr(0, keep + 1);
    return std::string(head);
  }
  bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string_view> parts;
  for (size_t start = 0; start <= path.size();) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    start = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) {
        if (absolute) continue;  // "/.." is "/"
        return std::nullopt;
      }
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  if (parts.empty() && !absolute) return std::nullopt;
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back('/');
    out += parts[i];
  }
  return out;
}

// "{a.b}", "{self.client.api_url}": a placeholder naming an object's attribute (identifiers joined by dots).
bool IsAttributeChainPlaceholder(std::string_view t) {
  if (t.size() < 5 || t.front() != '{' || t.back() != '}') return false;
  t = t.substr(1, t.size() - 2);
  bool dot = false, start = true;
  for (char c : t) {
    if (c == '.') {
      if (start) return false;
      dot = start = true;
      continue;
    }
    bool alpha = std::isalpha(static_cast<unsigned char>(c)) || c == '_';
    if (!alpha && (start || !std::isdigit(static_cast<unsigned char>(c)))) return false;
    start = false;
  }
  return dot && !start;
}

// A relative reference merged by urljoin loses its empty path segments, as urllib's does
// (`urljoin("http://h/api/v1//", "x")` is "http://h/api/v1/x"): runs of "/" become one, outside "://" and the
// query. Dot segments are left alone.
std::string CollapsedSlashes(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  size_t query = s.find_first_of("?#");
  for (size_t i = 0; i < s.size(); ++i) {
    bool in_path = i < query;
    if (in_path && s[i] == '/' && !out.empty() && out.back() == '/' && !(out.size() >= 2 && out[out.size() - 2] == ':')) {
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

// urljoin for known strings (RFC 3986 reference resolution without dot-segment removal, as urllib does for
// the common cases: absolute reference, network-path, absolute-path, relative-path).
std::string UrlJoinText(const std::string& base, const std::string& ref) {
  if (ref.empty()) return base;
  if (!HostOf(ref).empty()) return ref;
  size_t scheme_end = base.find("://");
  if (scheme_end == std::string::npos) return ref;
  if (ref.rfind("//", 0) == 0) return base.substr(0, scheme_end + 1) + ref;
  size_t path_start = base.find('/', scheme_end + 3);
  std::string origin = path_start == std::string::npos ? base : base.substr(0, path_start);
  if (ref[0] == '/') return origin + ref;
  if (ref[0] == '?') {
    size_t q = base.find('?');
    return (q == std::string::npos ? base : base.substr(0, q)) + ref;
  }
  std::string path = path_start == std::string::npos ? "/" : base.substr(path_start);
  size_t q = path.find_first_of("?#");
  if (q != std::string::npos) path.resize(q);
  path.resize(path.rfind('/') + 1);
  return origin + CollapsedSlashes(path + ref);
}

}  // namespace

class Evaluator {
 public:
  explicit Evaluator(const RepoIndex& index) : ix_(index), memo_(*index.memo_) {}

  std::vector<Value> All(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    if (depth > ix_.options_.max_eval_depth) {
      if (s.module != nullptr) ix_.NoteLimit("evaluation depth", ix_.options_.max_eval_depth, s.module->path, e.line);
      return {Value::Unknown(Placeholder(e))};
    }
    EvalMemo::Key key{&e, s.function};
    bool memoize = frame == nullptr;
    if (memoize) {
      auto it = memo_.values.find(key);
      if (it != memo_.values.end()) return it->second;
      if (!memo_.values_in_progress.insert(key).second) return {Value::Unknown(Placeholder(e))};
    }
    std::vector<Value> out = Compute(e, s, frame, depth);
    if (out.empty()) out.push_back(Value::Unknown(Placeholder(e)));
    Cap(&out, s, e);
    if (memoize) {
      memo_.values_in_progress.erase(key);
      memo_.values.emplace(key, out);
    }
    return out;
  }

  Value One(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    std::vector<Value> all = All(e, s, frame, depth);
    for (const Value& v : all) {
      if (v.known) return v;
    }
    return all.front();
  }

  std::optional<Value> Setting(std::string_view name, int depth) {
    std::string key(name);
    auto it = memo_.settings.find(key);
    if (it != memo_.settings.end()) return it->second;
    if (!memo_.settings_in_progress.insert(key).second) return std::nullopt;
    const facts::ModuleFacts* where = nullptr;
    int line = 0;
    const Expr* e = ix_.SettingExpr(name, &where, &line);
    std::optional<Value> result;
    if (e != nullptr) {
      Scope s;
      s.module = where;
      Value v = One(*e, s, nullptr, depth + 1);
      v.tmpl = "{settings." + key + "}";
      if (v.kind == Value::Kind::kUnknown) v.display = "{" + key + "}";
      Origin o;
      o.kind = Origin::Kind::kSetting;
      o.name = "settings." + key;
      o.at.file = where->path;
      o.at.line = line;
      o.at.column = 1;
      v.origins.insert(v.origins.begin(), o);
      result = v;
    }
    memo_.settings_in_progress.erase(key);
    memo_.settings.emplace(key, result);
    return result;
  }

 private:
  void Cap(std::vector<Value>* v, const Scope& s, const Expr& e) {
    // Dedupe by (text, tmpl, known) and bound the fan-out.
    std::vector<Value> out;
    for (Value& x : *v) {
      bool dup = false;
      for (Value& y : out) {
        if (Same(x, y)) {
          dup = true;
          // The same URL built from two literals (a helper's and its caller's copy): both are where it comes from.
          for (const Origin& o : x.origins) {
            bool known = std::any_of(y.origins.begin(), y.origins.end(), [&](const Origin& p) {
              return p.kind == o.kind && p.at.file == o.at.file && p.at.line == o.at.line && p.at.column == o.at.column;
            });
            if (!known) y.origins.push_back(o);
          }
          break;
        }
      }
      if (!dup) out.push_back(std::move(x));
      if (static_cast<int>(out.size()) >= ix_.options_.max_alternatives) {
        if (s.module != nullptr && &x != &v->back()) {
          ix_.NoteLimit("value fan-out", ix_.options_.max_alternatives, s.module->path, e.line);
        }
        break;
      }
    }
    *v = std::move(out);
  }

  // Whether two alternatives are the same value (containers element by element: two records of one type
  // differ by their fields, not by their shared "{...}" template).
  static bool Same(const Value& x, const Value& y, int depth = 0) {
    if (y.kind != x.kind || y.known != x.known || y.text != x.text || y.tmpl != x.tmpl || y.display != x.display ||
        y.integer != x.integer || y.items.size() != x.items.size() || y.entries.size() != x.entries.size()) {
      return false;
    }
    if (depth > 8) return true;
    for (size_t i = 0; i < x.items.size(); ++i) {
      if (!Same(x.items[i], y.items[i], depth + 1)) return false;
    }
    for (size_t i = 0; i < x.entries.size(); ++i) {
      if (!Same(x.entries[i].first, y.entries[i].first, depth + 1) ||
          !Same(x.entries[i].second, y.entries[i].second, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  // Cross product of alternatives, bounded.
  std::vector<Value> Combine(const std::vector<std::vector<Value>>& parts,
                             const std::function<Value(const std::vector<const Value*>&)>& fn) {
    std::vector<Value> out;
    std::vector<size_t> idx(parts.size(), 0);
    for (const auto& p : parts) {
      if (p.empty()) return out;
    }
    while (static_cast<int>(out.size()) < ix_.options_.max_alternatives) {
      std::vector<const Value*> pick;
      for (size_t i = 0; i < parts.size(); ++i) pick.push_back(&parts[i][idx[i]]);
      out.push_back(fn(pick));
      size_t i = 0;
      for (; i < parts.size(); ++i) {
        if (++idx[i] < parts[i].size()) break;
        idx[i] = 0;
      }
      if (i == parts.size()) break;
    }
    return out;
  }

  Value Literal(const Expr& e, const Scope& s) {
    Value v = Value::String(e.text);
    Origin o;
    o.kind = Origin::Kind::kLiteral;
    o.at = At(s, e);
    v.origins.push_back(o);
    v.host_from_literal = !HostOf(e.text).empty();
    return v;
  }

  std::vector<Value> Compute(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    switch (e.kind) {
      case ExprKind::kString:
        return {Literal(e, s)};
      case ExprKind::kNumber: {
        long long i;
        if (ParseInt(e.text, &i)) return {Value::Integer(i)};
        Value v;
        v.kind = Value::Kind::kNumber;
        v.integral = false;
        v.number = std::strtod(e.text.c_str(), nullptr);
        v.known = true;
        v.text = e.text;
        v.tmpl = e.text;
        v.display = e.text;
        return {v};
      }
      case ExprKind::kTrue:
      case ExprKind::kFalse: {
        Value v;
        v.kind = Value::Kind::kBool;
        v.boolean = e.kind == ExprKind::kTrue;
        v.known = true;
        v.tmpl = v.boolean ? "True" : "False";
        v.text = v.tmpl;
        v.display = v.tmpl;
        return {v};
      }
      case ExprKind::kNone: {
        Value v;
        v.kind = Value::Kind::kNone;
        v.known = true;
        v.tmpl = "None";
        v.display = "None";
        return {v};
      }
      case ExprKind::kFString: {
        std::vector<std::vector<Value>> parts;
        for (const Expr& p : e.children) {
          if (p.kind == ExprKind::kString) {
            parts.push_back({Literal(p, s)});
          } else {
            std::vector<Value> alts = All(p, s, frame, depth + 1);
            for (Value& a : alts) {
              if (!a.known) a.tmpl = a.tmpl.empty() ? "{" + Placeholder(p) + "}" : a.tmpl;
            }
            parts.push_back(std::move(alts));
          }
        }
        return Combine(parts, [](const std::vector<const Value*>& pick) {
          Value acc = Value::String("");
          acc.origins.clear();
          for (const Value* v : pick) acc = Concat(acc, *v);
          return acc;
        });
      }
      case ExprKind::kBinOp:
        return BinOp(e, s, frame, depth);
      case ExprKind::kName:
        return Name(e, s, frame, depth);
      case ExprKind::kAttribute:
        return Attribute(e, s, frame, depth);
      case ExprKind::kCall:
        return Call(e, s, frame, depth);
      case ExprKind::kSubscript:
        return Subscript(e, s, frame, depth);
      case ExprKind::kConditional: {
        std::vector<Value> out;
        if (e.children.size() == 3) {
          // `self.APPEND_SLASH if append_slash is None else append_slash`: one branch when the test is decided.
          std::optional<bool> test = Test(e.children[1], s, frame, depth + 1);
          if (!test || *test) {
            for (const Value& v : All(e.children[0], s, frame, depth + 1)) out.push_back(v);
          }
          if (!test || !*test) {
            for (const Value& v : All(e.children[2], s, frame, depth + 1)) out.push_back(v);
          }
        }
        return out;
      }
      case ExprKind::kBoolOp: {
        if (e.children.size() != 2) return {};
        // `url or settings.SEARCH_URL` on a parameter: each caller's value, None where a caller leaves the default,
        // so the fallback counts wherever it is taken.
        std::vector<Value> left;
        if (!(e.text == "or" && ParamWithDefaults(e.children[0], s, frame, depth, &left))) {
          left = All(e.children[0], s, frame, depth + 1);
        }
        std::vector<Value> out;
        bool fell_back = false;
        for (const Value& l : left) {
          bool falsy = l.known && ((l.kind == Value::Kind::kString && l.text.empty()) || l.kind == Value::Kind::kNone ||
                                   (l.kind == Value::Kind::kBool && !l.boolean) ||
                                   (l.kind == Value::Kind::kNumber && l.integer == 0 && l.integral));
          if (e.text == "or") {
            if ((l.known && !falsy) || (!l.known && !l.from_env)) {
              out.push_back(l);  // truthy, or unknown: `x or default` is x as far as we can tell
            } else if (!fell_back || !l.known) {
              fell_back = fell_back || l.known;
              for (Value r : All(e.children[1], s, frame, depth + 1)) {
                if (!l.known && l.from_env) {
                  // `get_string("X") or "default"`: the env var stays the template, the default is the value.
                  r.tmpl = l.tmpl;
                  r.from_env = true;
                  r.host_from_env_default = r.host_from_literal;
                  r.host_from_literal = false;
                  AddOrigins(&r, l);
                }
                out.push_back(r);
              }
            }
          } else {
            if (falsy) {
              out.push_back(l);
            } else {
              for (const Value& r : All(e.children[1], s, frame, depth + 1)) out.push_back(r);
            }
          }
        }
        return out;
      }
      case ExprKind::kUnaryOp: {
        if (e.children.empty()) return {};
        Value v = One(e.children[0], s, frame, depth + 1);
        long long negated = 0;
        if (e.text == "-" && v.is_int()) {
          if (__builtin_sub_overflow(0LL, v.integer, &negated)) return {};  // -(-2**63) does not fit
          return {Value::Integer(negated)};
        }
        if (e.text == "+" && v.kind == Value::Kind::kNumber) return {v};
        if (e.text == "not" && v.known) {
          Value b;
          b.kind = Value::Kind::kBool;
          b.known = true;
          b.boolean = (v.kind == Value::Kind::kBool && !v.boolean) || v.kind == Value::Kind::kNone ||
                      (v.kind == Value::Kind::kString && v.text.empty()) || (v.is_int() && v.integer == 0);
          return {b};
        }
        return {};
      }
      case ExprKind::kList:
      case ExprKind::kTuple:
      case ExprKind::kSet: {
        Value v;
        v.kind = Value::Kind::kList;
        v.known = true;
        for (const Expr& c : e.children) {
          if (c.kind == ExprKind::kStarred) {
            v.known = false;
            continue;
          }
          v.items.push_back(One(c, s, frame, depth + 1));
        }
        v.tmpl = "[...]";
        return {v};
      }
      case ExprKind::kDict: {
        Value v;
        v.kind = Value::Kind::kDict;
        v.known = true;
        for (const Expr& c : e.children) {
          if (c.kind != ExprKind::kPair || c.children.size() != 2) {
            v.known = false;
            continue;
          }
          v.entries.push_back({One(c.children[0], s, frame, depth + 1), One(c.children[1], s, frame, depth + 1)});
        }
        v.tmpl = "{...}";
        return {v};
      }
      case ExprKind::kAwait:
      case ExprKind::kNamedExpr:
        if (e.children.empty()) return {};
        return All(e.children[0], s, frame, depth + 1);
      case ExprKind::kComprehension:
        return Comprehension(e, s, frame, depth);
      default:
        return {};
    }
  }

  // A comprehension that selects from one iterable without transforming its elements (`[u for u in URLS if u]`,
  // `{name: url for name, url in PORTALS.items() if url}`): the elements it may keep (the condition is not
  // evaluated). Others are unknown.
  std::vector<Value> Comprehension(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    const Expr* clause = nullptr;
    for (const Expr& c : e.children) {
      if (c.kind != ExprKind::kForIn) continue;
      if (clause != nullptr) return {};  // nested loops: not a plain selection
      clause = &c;
    }
    if (clause == nullptr || clause->children.size() != 2 || e.children.empty()) return {};
    const Expr& target = clause->children[0];
    const Expr& iterable = clause->children[1];
    // Which part of each element a name is: -1 the whole element, i part i, -2 not a target name.
    auto part = [&](const Expr& x) {
      if (x.kind != ExprKind::kName) return -2;
      if (target.kind == ExprKind::kName) return target.text == x.text ? -1 : -2;
      if (target.kind != ExprKind::kTuple && target.kind != ExprKind::kList) return -2;
      for (size_t i = 0; i < target.children.size(); ++i) {
        if (target.children[i].kind == ExprKind::kName && target.children[i].text == x.text) return static_cast<int>(i);
      }
      return -2;
    };
    const Expr& element = e.children[0];
    Value v;
    v.known = false;
    if (element.kind == ExprKind::kPair && element.children.size() == 2) {
      int k = part(element.children[0]);
      int d = part(element.children[1]);
      if (k == -2 || d == -2) return {};
      std::vector<Value> keys = LoopElements(iterable, k, s, frame, depth + 1);
      std::vector<Value> values = LoopElements(iterable, d, s, frame, depth + 1);
      if (keys.empty() || keys.size() != values.size()) return {};
      v.kind = Value::Kind::kDict;
      for (size_t i = 0; i < keys.size(); ++i) v.entries.push_back({std::move(keys[i]), std::move(values[i])});
      v.tmpl = "{...}";
      return {v};
    }
    int p = part(element);
    if (p == -2) return {};
    v.items = LoopElements(iterable, p, s, frame, depth + 1);
    if (v.items.empty()) return {};
    v.kind = Value::Kind::kList;
    v.tmpl = "[...]";
    return {v};
  }

  std::vector<Value> BinOp(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    if (e.children.size() != 2) return {};
    std::vector<Value> left = All(e.children[0], s, frame, depth + 1);
    std::vector<Value> right = All(e.children[1], s, frame, depth + 1);
    const std::string& op = e.text;
    const Expr& right_expr = e.children[1];
    return Combine({left, right}, [&](const std::vector<const Value*>& p) -> Value {
      const Value& a = *p[0];
      const Value& b = *p[1];
      if (a.is_int() && b.is_int()) {
        long long r = 0;
        if (IntegerOp(op, a.integer, b.integer, &r)) return Value::Integer(r);
        return Value::Unknown(Placeholder(e));
      }
      if (op == "+" && (a.kind == Value::Kind::kString || b.kind == Value::Kind::kString ||
                        (a.kind == Value::Kind::kUnknown && b.kind == Value::Kind::kUnknown))) {
        if (a.kind == Value::Kind::kList || b.kind == Value::Kind::kList) return Value::Unknown(Placeholder(e));
        return Concat(a.kind == Value::Kind::kUnknown && a.tmpl.empty() ? Value::Unknown(Placeholder(e.children[0])) : a,
                      b.kind == Value::Kind::kUnknown && b.tmpl.empty() ? Value::Unknown(Placeholder(right_expr)) : b);
      }
      if (op == "+" && a.kind == Value::Kind::kList && b.kind == Value::Kind::kList) {
        Value v = a;
        v.known = a.known && b.known;
        for (const Value& i : b.items) v.items.push_back(i);
        return v;
      }
      if (op == "%" && a.kind == Value::Kind::kString) return PercentFormat(a, b);
      Value u = Value::Unknown(Placeholder(e));
      return u;
    });
  }

  Value PercentFormat(const Value& fmt, const Value& args) {
    std::vector<Value> positional;
    const Value* mapping = nullptr;
    if (args.kind == Value::Kind::kList) {
      positional = args.items;
    } else if (args.kind == Value::Kind::kDict) {
      mapping = &args;
    } else {
      positional.push_back(args);
    }
    // Work on the template (which equals text when known) and rebuild text only when everything is known.
    const std::string& f = fmt.tmpl;
    Value out = Value::String("");
    out.origins.clear();
    size_t next = 0;
    std::string lit;
    auto flush = [&]() {
      if (!lit.empty()) {
        Value l = Value::String(lit);
        out = Concat(out, l);
        lit.clear();
      }
    };
    for (size_t i = 0; i < f.size(); ++i) {
      if (f[i] != '%' || i + 1 >= f.size()) {
        lit.push_back(f[i]);
        continue;
      }
      if (f[i + 1] == '%') {
        lit.push_back('%');
        ++i;
        continue;
      }
      size_t j = i + 1;
      std::string key;
      if (f[j] == '(') {
        size_t close = f.find(')', j);
        if (close == std::string::npos) {
          lit.push_back(f[i]);
          continue;
        }
        key = f.substr(j + 1, close - j - 1);
        j = close + 1;
      }
      while (j < f.size() && std::strchr("#0- +123456789.*lh", f[j]) != nullptr) ++j;
      if (j >= f.size()) break;
      flush();
      Value arg = Value::Unknown("?");
      if (!key.empty() && mapping != nullptr) {
        for (const auto& [k, v] : mapping->entries) {
          if (k.known && k.text == key) arg = v;
        }
      } else if (key.empty() && next < positional.size()) {
        arg = positional[next++];
      } else if (!key.empty()) {
        arg = Value::Unknown(key);
      }
      out = Concat(out, arg);
      i = j;
    }
    flush();
    out.host_from_literal = fmt.host_from_literal || out.host_from_literal;
    out.host_from_env_default = fmt.host_from_env_default;
    AddOrigins(&out, fmt);
    if (!fmt.known) {
      out.known = false;
      out.text.clear();
    }
    return out;
  }

  Value FormatMethod(const Value& fmt, const Expr& call, const Scope& s, const Frame* frame, int depth) {
    std::vector<Value> positional;
    for (const Expr* p : call.positional()) {
      // A dict or list (`return {}` on a helper's error path) is never the text put into a URL: the argument's name.
      Value v = One(*p, s, frame, depth + 1);
      if (v.kind == Value::Kind::kDict || v.kind == Value::Kind::kList) v = Value::Unknown(Placeholder(*p));
      positional.push_back(std::move(v));
    }
    const std::string& f = fmt.tmpl;
    Value out = Value::String("");
    out.origins.clear();
    std::string lit;
    size_t auto_index = 0;
    auto flush = [&]() {
      if (!lit.empty()) {
        out = Concat(out, Value::String(lit));
        lit.clear();
      }
    };
    for (size_t i = 0; i < f.size(); ++i) {
      char c = f[i];
      if (c == '{' && i + 1 < f.size() && f[i + 1] == '{') {
        lit.push_back('{');
        ++i;
        continue;
      }
      if (c == '}' && i + 1 < f.size() && f[i + 1] == '}') {
        lit.push_back('}');
        ++i;
        continue;
      }
      if (c != '{') {
        lit.push_back(c);
        continue;
      }
      size_t close = f.find('}', i);
      if (close == std::string::npos) {
        lit.push_back(c);
        continue;
      }
      std::string field = f.substr(i + 1, close - i - 1);
      size_t cut = field.find_first_of("!:");
      if (cut != std::string::npos) field.resize(cut);
      flush();
      Value arg = Value::Unknown(field.empty() ? "?" : field);
      if (field.empty()) {
        if (auto_index < positional.size()) arg = positional[auto_index];
        ++auto_index;
      } else if (std::isdigit(static_cast<unsigned char>(field[0]))) {
        size_t n = static_cast<size_t>(std::atoi(field.c_str()));
        if (n < positional.size()) arg = positional[n];
      } else if (const Expr* kw = call.keyword(field)) {
        arg = One(*kw, s, frame, depth + 1);
        if (arg.kind == Value::Kind::kDict || arg.kind == Value::Kind::kList) arg = Value::Unknown(field);
        // An unknown argument read from an object's attribute keeps that name (`base=self.client.api_url` stays
        // `{self.client.api_url}`, `{partner.lms_url}`: it may name the peer); a local, a subscript or a computed value
        // reads better as the field's name (`{media_file_id}`).
        // An escaped value (`key=quote(settings.RECAPTCHA_SECRET_KEY)`, a query parameter) reads as the field's name too.
        const Expr* escaper = kw->kind == ExprKind::kCall ? kw->callee() : nullptr;
        std::string esc = escaper != nullptr ? escaper->dotted() : "";
        bool escaped = UrlQuoting(esc) == "quote" || UrlQuoting(esc) == "quote_plus";
        if (!arg.known && arg.kind == Value::Kind::kUnknown && (escaped || !IsAttributeChainPlaceholder(arg.tmpl))) {
          arg = Value::Unknown(field);
        }
      }
      out = Concat(out, arg);
      i = close;
    }
    flush();
    out.host_from_literal = fmt.host_from_literal;
    out.host_from_env_default = fmt.host_from_env_default;
    AddOrigins(&out, fmt);
    if (!fmt.known) {
      out.known = false;
      out.text.clear();
    }
    return out;
  }

  // ---- names ----

  Value ParamValue(const facts::Param& p, const Scope& s, const Expr& at) {
    Value v = Value::Unknown(p.name);
    Origin o;
    o.kind = Origin::Kind::kParameter;
    o.name = p.name;
    o.at = At(s, at);
    v.origins.push_back(o);
    return v;
  }

  // A value nothing static is known of is shown under the name it is used by ({portal_id}, not the getter deep
  // inside); the template keeps the deepest symbolic name.
  static std::vector<Value> ShownAs(std::vector<Value> values, const std::string& name) {
    for (Value& v : values) {
      if (v.kind != Value::Kind::kUnknown) continue;
      v.display = "{" + name + "}";
    }
    return values;
  }

  std::vector<Value> Name(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    return ShownAs(NameImpl(e, s, frame, depth), e.text);
  }

  std::vector<Value> NameImpl(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    const std::string& name = e.text;
    const facts::Function* fn = s.function;
    for (int hops = 0; fn != nullptr && hops < 16; ++hops) {
      Scope fs = s;
      fs.function = fn;
      bool falls_through = false;
      std::vector<LocalBinding> locals =
          FindLocals(ix_.LocalsOf(*fn), name, hops == 0 ? e.line : fn->end_line + 1, &falls_through);
      if (!locals.empty()) {
        std::vector<Value> out;
        // A parameter rebound only on some ways to the use (`if object_name is None: object_name = basename(f)`)
        // still holds what the caller passed on the others.
        // What the callers pass that is false (None, "") is not kept: `if not prefix: prefix = "courses/"` rebinds it.
        if (falls_through) {
          for (size_t i = 0; i < fn->params.size(); ++i) {
            if (fn->params[i].name != name) continue;
            if (Binds(frame, fn) || !fn->params[i].has_default || depth >= ix_.options_.max_eval_depth - 2) {
              out = Param(*fn, i, fs, frame, e, depth);
            } else {
              CallerValuesWithDefaults(*fn, i, fs, depth, &out);
              if (out.empty()) out = Param(*fn, i, fs, frame, e, depth);
            }
            std::erase_if(out, [](const Value& v) {
              std::optional<bool> t = LiteralTruth(v);
              return t.has_value() && !*t;
            });
          }
        }
        for (const LocalBinding& local : locals) {
          // `name += "_transcript"` on one branch, name a run-time value (`{new_filename}`): one branch's suffix on
          // an unknown says less than the name alone, which the other bindings give. Text appended to a URL stays.
          // (Any run-time value among what it held: a later binding may flow back in, as round a loop.)
          if (local.augmented && (locals.size() > 1 || falls_through) && !local.value->children.empty()) {
            std::vector<Value> base = All(local.value->children[0], fs, frame, depth + 1);
            if (std::any_of(base.begin(), base.end(), [](const Value& v) { return !v.is_named_or_known(); })) {
              continue;
            }
          }
          if (local.value == nullptr) {
            std::vector<Value> elements;
            if (local.loop_iterable != nullptr) {
              elements = LoopElements(*local.loop_iterable, local.loop_index, fs, frame, depth + 1);
            }
            if (elements.empty()) elements.push_back(Value::Unknown(name));
            for (Value& v : elements) out.push_back(std::move(v));
            continue;
          }
          for (Value& v : All(*local.value, fs, frame, depth + 1)) {
            // A local computed from nothing with a name (a comprehension, a literal's method), or by a call known
            // only at run time (`key = urlparse(s3_url).path.lstrip("/")`), is shown by its own name: `{key}` tells a
            // reader more than `{urlparse().path}` or `{next().key.split()[0]}`.
            // So is any unknown a call returned: the callee's own names (`{course[id]}` inside
            // get_course_id(...)) mean nothing where the local is used. A setting or environment variable keeps its name.
            // (Not a string method: `host = self.site_configuration.lms_url_root.strip("/")` keeps the attribute.)
            const Expr* made_by = local.value->kind == ExprKind::kCall ? local.value->callee() : nullptr;
            bool string_method = made_by != nullptr && made_by->kind == ExprKind::kAttribute && IsStringMethod(made_by->text);
            bool from_call = (made_by != nullptr && !string_method) || local.value->kind == ExprKind::kAwait;
            if (v.kind == Value::Kind::kUnknown &&
                (v.tmpl == "{?}" || v.tmpl.find('(') != std::string::npos ||
                 (from_call && v.tmpl.rfind("{settings.", 0) != 0 && v.tmpl.rfind("{env.", 0) != 0))) {
              v.tmpl = "{" + name + "}";
            }
            out.push_back(std::move(v));
          }
        }
        // `user = repo = ""` (or None) then `user, repo = match.groups()` when a pattern matches: the empty start is
        // the "not found" sentinel, not a part of any URL the code requests.
        if (out.size() > 1) {
          auto empty = [](const Value& v) {
            return v.kind == Value::Kind::kNone || (v.kind == Value::Kind::kString && v.known && v.text.empty());
          };
          if (!std::all_of(out.begin(), out.end(), empty)) out.erase(std::remove_if(out.begin(), out.end(), empty), out.end());
        }
        return out;
      }
      for (size_t i = 0; i < fn->params.size(); ++i) {
        if (fn->params[i].name == name) return Param(*fn, i, fs, frame, e, depth);
      }
      fn = fn->parent.empty() ? nullptr : ix_.FindFunction(fn->parent);
    }
    // A class body reads its own earlier attributes first (`api_base_url = settings.LMS_URL + "/api/"` then
    // `customers_endpoint = api_base_url + "customers/"`).
    if (s.function == nullptr && s.klass != nullptr) {
      const Expr* bound = nullptr;
      for (const Stmt& st : s.klass->body) {
        if (st.kind != StmtKind::kAssign || st.exprs.empty() || st.line >= e.line) continue;
        for (const Expr& t : st.targets) {
          if (t.kind == ExprKind::kName && t.text == name) bound = &st.exprs[0];
        }
      }
      if (bound != nullptr) return All(*bound, s, nullptr, depth + 1);
    }
    // Module level (through imports into other modules). A use that runs at import time sees the binding before
    // it, not one a later line (a pagination loop's `url = r.json()["next"]`) makes.
    if (s.function == nullptr) {
      Binding b;
      if (ix_.LookupBefore(*s.module, name, e.line, &b) && b.kind == Binding::Kind::kAssign && b.value != nullptr) {
        Scope ms;
        ms.module = s.module;
        return All(*b.value, ms, nullptr, depth + 1);
      }
    }
    // `__file__`, unless the module binds it: the module's path, relative to the scan root (settings read it to name
    // their package: `SITE_NAME = basename(dirname(dirname(abspath(__file__))))`, `ROOT_URLCONF = f"{SITE_NAME}.urls"`).
    if (name == "__file__") {
      Binding b;
      if (!ix_.LookupBefore(*s.module, name, std::numeric_limits<int>::max(), &b)) {
        Value v = Value::String(s.module->path);
        v.origins.clear();
        return {v};
      }
    }
    return ModuleName(*s.module, name, e, depth);
  }

  // A condition's truth when every value it may take decides it (`x is None`, `not x`, `x == "y"`, `a and b`, a
  // literal's truth), else nullopt. A parameter counts every caller's value, its default where one passes nothing.
  std::optional<bool> Test(const Expr& t, const Scope& s, const Frame* frame, int depth) {
    if (depth >= ix_.options_.max_eval_depth - 2) return std::nullopt;
    auto values = [&](const Expr& x) {
      std::vector<Value> v;
      if (!ParamWithDefaults(x, s, frame, depth, &v)) v = All(x, s, frame, depth + 1);
      return v;
    };
    switch (t.kind) {
      case ExprKind::kBoolOp: {
        const bool is_and = t.text == "and";
        bool all_known = !t.children.empty();
        for (const Expr& c : t.children) {
          std::optional<bool> v = Test(c, s, frame, depth + 1);
          if (v && *v != is_and) return !is_and;
          all_known &= v.has_value();
        }
        if (all_known) return is_and;
        return std::nullopt;
      }
      case ExprKind::kUnaryOp: {
        if (t.text != "not" || t.children.empty()) return std::nullopt;
        std::optional<bool> v = Test(t.children[0], s, frame, depth + 1);
        if (!v) return std::nullopt;
        return !*v;
      }
      case ExprKind::kCompare: {
        if (t.children.size() != 2) return std::nullopt;
        const bool is = t.text == "is" || t.text == "is not";
        const bool eq = t.text == "==" || t.text == "!=";
        if (!(is && t.children[1].kind == ExprKind::kNone) && !eq) return std::nullopt;
        std::vector<Value> left = values(t.children[0]);
        std::vector<Value> right;
        if (eq) right = All(t.children[1], s, frame, depth + 1);
        if (left.empty() || (eq && right.size() != 1)) return std::nullopt;
        std::optional<bool> out;
        for (const Value& v : left) {
          std::optional<bool> r;
          if (is) {
            if (LiteralTruth(v).has_value()) r = v.kind == Value::Kind::kNone;
          } else if (v.known && right[0].known && v.kind == Value::Kind::kString && right[0].kind == Value::Kind::kString) {
            r = v.text == right[0].text;
          }
          if (!r || (out && *out != *r)) return std::nullopt;
          out = r;
        }
        if (t.text == "is not" || t.text == "!=") return !*out;
        return out;
      }
      case ExprKind::kName:
      case ExprKind::kAttribute: {
        std::vector<Value> vs = values(t);
        std::optional<bool> out;
        for (const Value& v : vs) {
          std::optional<bool> r = LiteralTruth(v);
          if (!r || (out && *out != *r)) return std::nullopt;
          out = r;
        }
        return out;
      }
      default:
        return std::nullopt;
    }
  }

  // map(f, xs) as the call f(xs): one call standing for every element (stable address, as PartialCall's).
  const Expr* MapCall(const Expr& call) {
    auto key = std::make_pair(&call, static_cast<const Expr*>(nullptr));
    if (auto it = memo_.partial_calls.find(key); it != memo_.partial_calls.end()) return it->second.get();
    std::vector<const Expr*> args = call.positional();
    auto out = std::make_unique<Expr>();
    out->kind = ExprKind::kCall;
    out->line = call.line;
    out->column = call.column;
    out->children.push_back(*args[0]);
    out->children.push_back(*args[1]);
    return (memo_.partial_calls[key] = std::move(out)).get();
  }

  // A call of `q`, a module-level `q = functools.partial(f, a, k=v)`, as the call of f it makes: a new call expression
  // whose callee is a Name holding f's qualified name, the partial's arguments first, then the call's. Only
  // literal partial arguments are carried (they are evaluated in the caller's scope). Null when q is no such binding.
  const Expr* PartialCall(const std::string& q, const Expr& call) {
    size_t dot = q.rfind('.');
    if (dot == std::string::npos) return nullptr;
    const facts::ModuleFacts* m = ix_.Module(q.substr(0, dot));
    if (m == nullptr) return nullptr;
    Binding b;
    if (!ix_.Lookup(*m, q.substr(dot + 1), 0, &b, nullptr) || b.kind != Binding::Kind::kAssign || b.value == nullptr) {
      return nullptr;
    }
    const Expr& p = *b.value;
    if (p.kind != ExprKind::kCall || p.children.size() < 2) return nullptr;
    Scope ms;
    ms.module = m;
    if (ix_.QualifiedName(p.children[0], ms) != "functools.partial") return nullptr;
    auto key = std::make_pair(&p, &call);
    if (auto it = memo_.partial_calls.find(key); it != memo_.partial_calls.end()) return it->second.get();
    std::string wrapped = ix_.QualifiedName(p.children[1], ms);
    std::unique_ptr<Expr> out;
    auto literal = [](const Expr& a) {
      const Expr& v = a.kind == ExprKind::kKeyword && !a.children.empty() ? a.children[0] : a;
      return v.kind == ExprKind::kString || v.kind == ExprKind::kNumber || v.kind == ExprKind::kTrue ||
             v.kind == ExprKind::kFalse || v.kind == ExprKind::kNone;
    };
    if (!wrapped.empty() && ix_.FindFunction(wrapped) != nullptr &&
        std::all_of(p.children.begin() + 2, p.children.end(), literal)) {
      out = std::make_unique<Expr>();
      out->kind = ExprKind::kCall;
      out->line = call.line;
      out->column = call.column;
      Expr callee;
      callee.kind = ExprKind::kName;
      callee.text = wrapped;
      callee.line = call.line;
      callee.column = call.column;
      out->children.push_back(std::move(callee));
      for (size_t i = 2; i < p.children.size(); ++i) out->children.push_back(p.children[i]);
      for (size_t i = 1; i < call.children.size(); ++i) out->children.push_back(call.children[i]);
    }
    return (memo_.partial_calls[key] = std::move(out)).get();
  }

  // When `e` is a parameter of the function being evaluated, not rebound before `e` and not bound by a frame: what
  // each caller passes for it, or its default where a caller passes nothing (None included, unlike Param: a
  // `param or fallback` needs to know the fallback is taken). No caller: the default. False when `e` is no such
  // parameter.
  bool ParamWithDefaults(const Expr& e, const Scope& s, const Frame* frame, int depth, std::vector<Value>* out) {
    const facts::Function* fn = s.function;
    if (e.kind != ExprKind::kName || fn == nullptr || depth >= ix_.options_.max_eval_depth - 2) return false;
    if (Binds(frame, fn)) return false;
    size_t i = 0;
    while (i < fn->params.size() && fn->params[i].name != e.text) ++i;
    if (i == fn->params.size() || !fn->params[i].has_default) return false;
    if (!FindLocals(ix_.LocalsOf(*fn), e.text, e.line).empty()) return false;
    CallerValuesWithDefaults(*fn, i, s, depth, out);
    return true;
  }

  // Whether a frame of the chain is a call of fn (its parameters are that call's arguments).
  static bool Binds(const Frame* frame, const facts::Function* fn) {
    for (const Frame* f = frame; f != nullptr; f = f->parent) {
      if (f->fn == fn) return true;
    }
    return false;
  }

  // Every caller's value for parameter i of fn, and its default where a caller passes nothing (None included); the
  // default alone when nothing calls fn.
  void CallerValuesWithDefaults(const facts::Function& f, size_t i, const Scope& s, int depth, std::vector<Value>* out) {
    const facts::Function* fn = &f;
    const facts::Param& p = fn->params[i];
    bool defaulted = false;
    if (caller_depth_ < ix_.options_.max_caller_depth) {
      ++caller_depth_;
      for (const CallSite* site : ix_.CallersOf(fn->qualname)) {
        const Expr* arg = ArgumentFor(*site->call, *fn, i, site->bound_self);
        if (arg == nullptr) {
          if (!site->call->has_starred_args()) defaulted = true;
          continue;
        }
        if (static_cast<int>(out->size()) < ix_.options_.max_alternatives) AddPassed(*arg, *site, p.name, depth, out);
      }
      --caller_depth_;
    }
    if ((defaulted || out->empty()) && p.has_default) {
      for (Value& v : All(p.default_value, s, nullptr, depth + 1)) out->push_back(std::move(v));
    }
  }

  // What parameter i of fn holds on entry: the argument of the call being evaluated for, else every caller's.
  std::vector<Value> Param(const facts::Function& fn, size_t i, const Scope& fs, const Frame* frame, const Expr& e,
                           int depth) {
    const facts::Param& p = fn.params[i];
    for (const Frame* f = frame; f != nullptr; f = f->parent) {
      if (f->fn != &fn) continue;
      if (const Expr* arg = ArgumentFor(*f->call, fn, i, f->bound_self)) {
        return All(*arg, f->caller, f->parent, depth + 1);
      }
      if (p.has_default) return All(p.default_value, fs, nullptr, depth + 1);
      return {ParamValue(p, fs, e)};
    }
    return Callers(fn, i, fs, e, depth);
  }

  // The values a loop variable takes: every element of what the loop walks (`for url in settings.FEEDS`), or part
  // `index` of every element (`for name, url in PORTALS.items()`, `enumerate(urls)`, `zip(names, urls)`, a list of
  // pairs). Empty when they are not known statically.
  std::vector<Value> LoopElements(const Expr& iter, int index, const Scope& s, const Frame* frame, int depth) {
    std::vector<Value> out;
    if (depth >= ix_.options_.max_eval_depth - 2) return out;
    if (iter.kind == ExprKind::kCall && iter.callee() != nullptr) {
      const Expr& callee = *iter.callee();
      std::vector<const Expr*> args = iter.positional();
      if (callee.kind == ExprKind::kAttribute && callee.children.size() == 1 && args.empty() &&
          (callee.text == "items" || callee.text == "values" || callee.text == "keys")) {
        for (Value& d : All(callee.children[0], s, frame, depth + 1)) {
          if (d.kind != Value::Kind::kDict) continue;
          for (ValueEntry& entry : d.entries) {
            if (callee.text == "items") {
              if (index == 0) out.push_back(entry.first);
              if (index == 1) out.push_back(entry.second);
            } else if (index < 0) {
              out.push_back(callee.text == "keys" ? entry.first : entry.second);
            }
          }
        }
        return out;
      }
      std::string q = callee.kind == ExprKind::kName ? callee.text : "";
      if (q == "enumerate" && !args.empty()) return index == 1 ? LoopElements(*args[0], -1, s, frame, depth + 1) : out;
      if (q == "zip") {
        return index >= 0 && static_cast<size_t>(index) < args.size()
                   ? LoopElements(*args[static_cast<size_t>(index)], -1, s, frame, depth + 1)
                   : out;
      }
      if ((q == "list" || q == "tuple" || q == "set" || q == "sorted" || q == "reversed") && !args.empty()) {
        return LoopElements(*args[0], index, s, frame, depth + 1);
      }
    }
    for (Value& v : All(iter, s, frame, depth + 1)) {
      if (v.kind == Value::Kind::kList) {
        for (Value& item : v.items) {
          if (index < 0) {
            out.push_back(item);
          } else if (item.kind == Value::Kind::kList && static_cast<size_t>(index) < item.items.size()) {
            out.push_back(item.items[static_cast<size_t>(index)]);
          }
        }
      } else if (v.kind == Value::Kind::kDict && index < 0) {
        for (ValueEntry& entry : v.entries) out.push_back(entry.first);  // iterating a dict walks its keys
      }
    }
    return out;
  }

  // What a caller passes for parameter `name` (the argument `arg` of `site`), each value marked as coming through it.
  void AddPassed(const Expr& arg, const CallSite& site, const std::string& name, int depth, std::vector<Value>* out) {
    for (Value v : All(arg, site.scope, nullptr, depth + 1)) {
      Origin o;
      o.kind = Origin::Kind::kParameter;
      o.name = name;
      o.at = At(site.scope, arg);
      v.origins.push_back(o);
      out->push_back(std::move(v));
    }
  }

  std::vector<Value> Callers(const facts::Function& fn, size_t param_index, const Scope& fs, const Expr& at,
                             int depth) {
    const facts::Param& p = fn.params[param_index];
    std::vector<Value> out;
    bool any_caller = false;
    if (caller_depth_ >= ix_.options_.max_caller_depth && !ix_.CallersOf(fn.qualname).empty()) {
      ix_.NoteLimit("caller depth", ix_.options_.max_caller_depth, fs.module->path, at.line);
    }
    if (depth < ix_.options_.max_eval_depth - 2 && caller_depth_ < ix_.options_.max_caller_depth) {
      ++caller_depth_;
      std::vector<const CallSite*> callers = ix_.CallersOf(fn.qualname);
      for (const CallSite* site : callers) {
        const Expr* arg = ArgumentFor(*site->call, fn, param_index, site->bound_self);
        if (arg == nullptr) {
          if (site->call->has_starred_args()) continue;
          if (p.has_default) {
            for (const Value& v : All(p.default_value, fs, nullptr, depth + 1)) out.push_back(v);
            any_caller = true;
          }
          continue;
        }
        any_caller = true;
        AddPassed(*arg, *site, p.name, depth, &out);
        if (static_cast<int>(out.size()) >= ix_.options_.max_alternatives) {
          if (site != callers.back()) {
            ix_.NoteLimit("value fan-out", ix_.options_.max_alternatives, fs.module->path, at.line);
          }
          break;
        }
      }
      --caller_depth_;
    }
    if (!any_caller) {
      if (p.has_default) {
        std::vector<Value> d = All(p.default_value, fs, nullptr, depth + 1);
        // A default of None says nothing about the URL: keep the parameter symbolic.
        bool none = d.size() == 1 && d[0].kind == Value::Kind::kNone;
        if (!none) return d;
      }
      return {ParamValue(p, fs, at)};
    }
    // Known values first; unknown alternatives only when nothing is known.
    std::vector<Value> known;
    for (const Value& v : out) {
      if (v.is_named_or_known()) known.push_back(v);
    }
    if (!known.empty()) return known;
    return {ParamValue(p, fs, at)};
  }

  // Whether code in `reader` reading `name` of module `m` reads a Django setting: `m` is one of the project's
  // settings modules, `reader` is not one, and the name is a setting's (upper case).
  bool ReadsSetting(const facts::ModuleFacts& m, const facts::ModuleFacts* reader, const std::string& name) const {
    if (reader == nullptr || name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) return false;
    if (std::any_of(name.begin(), name.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); })) {
      return false;
    }
    const auto& mods = ix_.settings_modules();
    return std::find(mods.begin(), mods.end(), &m) != mods.end() &&
           std::find(mods.begin(), mods.end(), reader) == mods.end();
  }

  std::vector<Value> ModuleName(const facts::ModuleFacts& m, const std::string& name, const Expr& at, int depth) {
    Binding b;
    const facts::ModuleFacts* where = nullptr;
    if (!ix_.Lookup(m, name, 0, &b, &where)) return {Value::Unknown(name)};
    if (b.kind == Binding::Kind::kAssign) {
      if (b.value == nullptr) return {Value::Unknown(name)};
      Scope ms;
      ms.module = where;
      std::vector<Value> vals = All(*b.value, ms, nullptr, depth + 1);
      return vals;
    }
    if (b.kind == Binding::Kind::kImport) {
      const std::string& target = b.import->target;
      size_t dot = target.rfind('.');
      if (dot != std::string::npos) {
        const facts::ModuleFacts* owner = ix_.Module(target.substr(0, dot));
        if (owner != nullptr && ReadsSetting(*owner, &m, target.substr(dot + 1))) {
          Scope ms;
          ms.module = &m;
          return SettingValue(target.substr(dot + 1), at, ms, depth);  // `from main.settings import POSTHOG_API_HOST`
        }
        if (owner != nullptr && owner != &m) return ModuleName(*owner, target.substr(dot + 1), at, depth + 1);
      }
      // `from django.conf import settings` as a bare name is not a value.
    }
    return {Value::Unknown(name)};
  }

  // Looks up attribute `attr` on a class (class-level assignment or self.attr = ... in any method), with bases.
  std::vector<Value> ClassAttribute(const std::string& class_qualname, const std::string& attr, const Expr& at,
                                    int depth) {
    // A @property (a data descriptor) wins over whatever `self.attr = ...` stores, wherever the class hierarchy
    // defines it: `base_api_url` returning self._get_base_api_url(), overridden per provider.
    std::vector<Value> from_property = PropertyValue(class_qualname, attr, at, depth);
    if (!from_property.empty()) return from_property;
    std::vector<std::string> todo{class_qualname};
    std::set<std::string> seen;
    std::vector<Value> none;  // `self.attr = None` (a placeholder until another method sets it)
    while (!todo.empty() && seen.size() < 32) {
      std::string q = todo.front();
      todo.erase(todo.begin());
      if (!seen.insert(q).second) continue;
      const facts::ModuleFacts* m = nullptr;
      const facts::Class* c = ix_.FindClass(q, &m);
      if (c == nullptr) continue;
      // self.attr = value in methods, __init__ first.
      std::vector<const facts::Function*> methods;
      for (const facts::Function& f : m->functions) {
        if (f.class_qualname == q) {
          if (f.name == "__init__") {
            methods.insert(methods.begin(), &f);
          } else {
            methods.push_back(&f);
          }
        }
      }
      for (const facts::Function* f : methods) {
        std::vector<const Stmt*> flat;
        FlattenBody(f->body, &flat);
        for (const Stmt* st : flat) {
          if (st->kind != StmtKind::kAssign || st->exprs.empty()) continue;
          for (const Expr& t : st->targets) {
            if (t.kind == ExprKind::kAttribute && t.text == attr && !t.children.empty() &&
                t.children[0].kind == ExprKind::kName && (t.children[0].text == "self" || t.children[0].text == "cls")) {
              std::vector<Value> v = All(st->exprs[0], ix_.ScopeOf(*m, f), nullptr, depth + 1);
              if (v.size() == 1 && v[0].kind == Value::Kind::kNone) {
                if (none.empty()) none = std::move(v);
                continue;
              }
              return v;
            }
          }
        }
      }
      for (const Stmt& st : c->body) {
        if (st.kind != StmtKind::kAssign || st.exprs.empty()) continue;
        for (const Expr& t : st.targets) {
          if (t.kind != ExprKind::kName || t.text != attr) continue;
          // A model field (`lms_url_root = models.URLField(...)`): each row's value, known only at run time.
          if (IsModelField(st.exprs[0], ix_.ScopeOfClass(*m, c))) {
            return {Value::Unknown(at.dotted().empty() ? attr : at.dotted())};
          }
          return All(st.exprs[0], ix_.ScopeOfClass(*m, c), nullptr, depth + 1);
        }
      }
      std::vector<std::string> bases = ix_.BaseNames(*c);
      todo.insert(todo.end(), bases.begin(), bases.end());
    }
    if (!none.empty()) return none;
    return {Value::Unknown(at.dotted().empty() ? attr : at.dotted())};
  }

  // A class-body assignment of `attr` in `class_qualname` or a base, nearest first (not a model field, not what
  // methods store on self); empty when there is none.
  std::vector<Value> ClassConstant(const std::string& class_qualname, const std::string& attr, int depth) {
    // The class and its bases, nearest first (at most 32). A record's or settings model's class-level value is a
    // field default each instance may replace (`version: str = "7.4.0"` in a dataclass, NamedTuple or pydantic
    // model, also through an internal base), not a constant.
    std::vector<std::pair<const facts::Class*, const facts::ModuleFacts*>> chain;
    std::vector<std::string> ancestry{class_qualname};
    for (size_t i = 0; i < ancestry.size() && i < 32; ++i) {
      const facts::ModuleFacts* m = nullptr;
      const facts::Class* c = ix_.FindClass(ancestry[i], &m);
      if (c == nullptr) continue;
      std::vector<std::string> fields;
      std::vector<const Expr*> defaults;
      Scope defaults_scope;
      if (RecordFields(ancestry[i], ix_.ScopeOfClass(*m, c), &fields, &defaults, &defaults_scope)) return {};
      for (const std::string& b : ix_.BaseNames(*c)) {
        if (b.rfind("pydantic", 0) == 0 || b.rfind("attr.", 0) == 0 || b.rfind("attrs.", 0) == 0) return {};
        if (std::find(ancestry.begin(), ancestry.end(), b) == ancestry.end()) ancestry.push_back(b);
      }
      chain.emplace_back(c, m);
    }
    for (const auto& [c, m] : chain) {
      for (const Stmt& st : c->body) {
        if (st.kind != StmtKind::kAssign || st.exprs.empty()) continue;
        for (const Expr& t : st.targets) {
          if (t.kind != ExprKind::kName || t.text != attr) continue;
          if (IsModelField(st.exprs[0], ix_.ScopeOfClass(*m, c))) return {};
          return All(st.exprs[0], ix_.ScopeOfClass(*m, c), nullptr, depth + 1);
        }
      }
    }
    return {};
  }

  // `models.CharField(...)`, `models.ForeignKey(...)`: a Django model field declaration.
  bool IsModelField(const Expr& e, const Scope& s) const {
    if (e.kind != ExprKind::kCall || e.callee() == nullptr) return false;
    const std::string& q = ix_.QualifiedName(*e.callee(), s);
    static constexpr std::string_view kModels = "django.db.models.";
    if (q.compare(0, kModels.size(), kModels) != 0) return false;
    std::string_view last = std::string_view(q).substr(q.rfind('.') + 1);
    return (last.size() > 5 && last.substr(last.size() - 5) == "Field") || last == "ForeignKey" ||
           last == "ManyToManyField";
  }

  // `self.attr` in a method of `self_class`. When only the defining class is known (no caller said which subclass
  // self is), subclasses that set `attr` in their class body (`api_version = "v2"`) and inherit the method being read
  // are instances too: their values count, and the defining class's own only when some call constructs that class (a
  // base only subclasses are made of is never self as itself).
  std::vector<Value> SelfAttribute(const std::string& self_class, const Scope& s, const Expr& at, int depth) {
    const std::string& attr = at.text;
    std::vector<Value> own = ClassAttribute(self_class, attr, at, depth);
    if (s.klass == nullptr || self_class != s.klass->qualname) return own;
    std::vector<std::string> overriding;
    for (const std::string& sub : Subclasses(self_class)) {
      const facts::Class* c = ix_.FindClass(sub);
      if (c == nullptr) continue;
      // A subclass overriding the method being read never runs this code.
      if (s.function != nullptr && ix_.FindMethod(sub, s.function->name) != s.function) continue;
      bool sets = false;
      for (const Stmt& st : c->body) {
        if (st.kind != StmtKind::kAssign || st.exprs.empty()) continue;
        for (const Expr& t : st.targets) sets |= t.kind == ExprKind::kName && t.text == attr;
      }
      if (sets) overriding.push_back(sub);
    }
    if (overriding.empty()) return own;
    if (!memo_.constructed_built) {
      memo_.constructed_built = true;
      for (const CallSite& site : ix_.call_sites()) {
        if (!site.callee.empty() && ix_.FindClass(site.callee) != nullptr) memo_.constructed.insert(site.callee);
      }
    }
    std::vector<Value> out;
    if (memo_.constructed.count(self_class) != 0) out = std::move(own);
    for (const std::string& sub : overriding) {
      for (Value& v : ClassAttribute(sub, attr, at, depth + 1)) out.push_back(std::move(v));
    }
    return out;
  }

  // What a @property / @cached_property `attr` of `class_qualname` (or a base, nearest first) returns, evaluated
  // on an instance of `class_qualname`. Empty when no such property is defined.
  std::vector<Value> PropertyValue(const std::string& class_qualname, const std::string& attr, const Expr& at,
                                   int depth) {
    const facts::ModuleFacts* fm = nullptr;
    const facts::Function* fn = ix_.FindMethod(class_qualname, attr, &fm);
    if (fn == nullptr || fm == nullptr || !IsPropertyGetter(*fn) || fn->params.size() > 1) return {};
    return Returns(*fn, *fm, at, Scope{}, nullptr, /*bound_self=*/true, depth, class_qualname);
  }

  // The class `self` is an instance of while evaluating in `s` under `frame`: the class the frame's call was made
  // through, else the class defining the method.
  static std::string SelfClass(const Scope& s, const Frame* frame) {
    for (const Frame* f = frame; f != nullptr; f = f->parent) {
      if (f->fn != s.function) continue;
      if (!f->self_class.empty()) return f->self_class;
      break;
    }
    return s.klass != nullptr ? s.klass->qualname : "";
  }

  std::vector<std::string> Subclasses(const std::string& class_q) { return InternalSubclasses(ix_, &memo_, class_q); }

  // Whether `name` is a parameter the Django settings object is passed for (`get_api_base_url(settings)` reading
  // `settings.BADGES_CONFIG`): by the call being evaluated, else by every caller.
  bool SettingsParameter(const Expr& name, const Scope& s, const Frame* frame) {
    if (name.kind != ExprKind::kName || s.function == nullptr) return false;
    const facts::Function& fn = *s.function;
    for (size_t i = 0; i < fn.params.size(); ++i) {
      if (fn.params[i].name != name.text) continue;
      if (!FindLocals(ix_.LocalsOf(fn), name.text, name.line).empty()) return false;  // rebound before use
      for (const Frame* f = frame; f != nullptr; f = f->parent) {
        if (f->fn != &fn) continue;
        const Expr* arg = ArgumentFor(*f->call, fn, i, f->bound_self);
        return arg != nullptr && IsSettingsObject(ix_.QualifiedName(*arg, f->caller));
      }
      std::vector<const CallSite*> callers = ix_.CallersOf(fn.qualname);
      if (callers.empty()) return false;
      for (const CallSite* c : callers) {
        const Expr* arg = ArgumentFor(*c->call, fn, i, c->bound_self);
        if (arg == nullptr || !IsSettingsObject(ix_.QualifiedName(*arg, c->scope))) return false;
      }
      return true;
    }
    return false;
  }

  static bool IsSettingsObject(const std::string& q) {
    return q == "django.conf.settings" || (q.size() > 14 && q.compare(q.size() - 14, 14, ".conf.settings") == 0);
  }

  std::vector<Value> SettingValue(const std::string& name, const Expr& at, const Scope& s, int depth) {
    std::optional<Value> v = Setting(name, depth);
    if (v) return {*v};
    Value u = Value::Unknown("settings." + name);
    Origin o;
    o.kind = Origin::Kind::kSetting;
    o.name = "settings." + name;
    o.at = At(s, at);
    u.origins.push_back(o);
    return {u};
  }

  std::vector<Value> Attribute(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    if (e.children.empty()) return {};
    const Expr& obj = e.children[0];
    std::string base = ix_.QualifiedName(obj, s);
    if (IsSettingsObject(base) || SettingsParameter(obj, s, frame)) return SettingValue(e.text, e, s, depth);
    if (obj.kind == ExprKind::kName && (obj.text == "self" || obj.text == "cls") && s.klass != nullptr) {
      return ShownAs(SelfAttribute(SelfClass(s, frame), s, e, depth), e.text);
    }
    if (!base.empty()) {
      // A library's constant the rules know (`HubspotObjectType.CONTACTS.value` of mitol-django-hubspot-api).
      if (auto it = ix_.rules().constants.find(base + "." + e.text); it != ix_.rules().constants.end()) {
        return {Value::String(it->second)};
      }
      if (const facts::ModuleFacts* m = ix_.Module(base)) {
        // `from main import settings` then `settings.AWS_STORAGE_BUCKET_NAME` outside the settings: Django's setting.
        if (ReadsSetting(*m, s.module, e.text)) return SettingValue(e.text, e, s, depth);
        return ModuleName(*m, e.text, e, depth + 1);
      }
      if (ix_.FindClass(base) != nullptr) return ClassAttribute(base, e.text, e, depth);
      std::string full = base + "." + e.text;
      size_t dot = full.rfind('.');
      if (const facts::ModuleFacts* m = ix_.Module(full.substr(0, dot))) {
        return ModuleName(*m, full.substr(dot + 1), e, depth + 1);
      }
    }
    // A property of an instance of an internal class (`site_config.user_api_url` with site_config a model
    // instance): what the property returns.
    if (base.empty() || ix_.FindClass(base) == nullptr) {
      if (std::optional<ObjectType> t = ix_.TypeOf(obj, s); t && t->internal) {
        std::vector<Value> v = PropertyValue(t->type, e.text, e, depth);
        if (!v.empty()) return v;
        // Or a constant its class body sets (`client.customer_endpoint` with `customer_endpoint = LMS_URL +
        // "/enterprise/api/v1/enterprise-customer/"` in the class): what it is, when that says more than its name.
        // A `None` placeholder (`api_url = None`, set per instance) says nothing.
        v = ClassConstant(t->type, e.text, depth);
        v.erase(std::remove_if(v.begin(), v.end(), [](const Value& x) { return x.kind == Value::Kind::kNone; }), v.end());
        if (std::any_of(v.begin(), v.end(), [](const Value& x) {
              return x.kind == Value::Kind::kString && (x.known || !x.origins.empty());
            })) {
          return v;
        }
      }
    }
    // An enum member's value (`Kind.CONTACTS.value`, or `kind.value` where callers pass `Kind.DEALS`): the member
    // evaluates to what its class body assigns, and a plain string or number has no `.value`, so each value of the
    // member is the answer (a Django `TextChoices` member's `"x", "Label"`: its first item).
    if (e.text == "value" && (obj.kind == ExprKind::kName || obj.kind == ExprKind::kAttribute)) {
      std::vector<Value> out;
      for (Value& v : All(obj, s, frame, depth + 1)) {
        if (v.kind == Value::Kind::kList && v.items.size() == 2) {
          Value first = std::move(v.items[0]);  // not `v = v.items[0]`: that copies from what it frees
          v = std::move(first);
        }
        if ((v.kind != Value::Kind::kString && v.kind != Value::Kind::kNumber) || !v.known) {
          out.clear();
          break;
        }
        out.push_back(std::move(v));
      }
      if (!out.empty()) return out;
    }
    // A social-auth pipeline step's `backend` (rules: setting_parameters) is one of the repo's AUTHENTICATION_BACKENDS:
    // `backend.EDXORG_BASE_URL` is the class constant of those that set it.
    if (obj.kind == ExprKind::kName && s.function != nullptr && ix_.SettingParameterType(*s.function, obj.text)) {
      std::vector<Value> out;
      for (const std::string& backend : ix_.SettingStrings("AUTHENTICATION_BACKENDS")) {
        if (ix_.FindClass(backend) == nullptr) continue;
        for (Value& v : ClassConstant(backend, e.text, depth)) {
          if (v.kind != Value::Kind::kNone) out.push_back(std::move(v));
        }
      }
      if (!out.empty()) return out;
    }
    // An attribute of a record (`config.api_url` with config = Config(settings.API_URL, ...)): that field.
    if (base.empty() && (obj.kind == ExprKind::kName || obj.kind == ExprKind::kAttribute || obj.kind == ExprKind::kCall)) {
      std::vector<Value> out;
      for (const Value& v : All(obj, s, frame, depth + 1)) {
        if (v.kind != Value::Kind::kDict || !v.record) continue;
        for (const auto& [k, field] : v.entries) {
          if (k.text == e.text) out.push_back(field);
        }
      }
      if (!out.empty()) return out;
    }
    return {Value::Unknown(Placeholder(e))};
  }

  std::vector<Value> Subscript(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    if (e.children.size() < 2) return {};
    std::string base = ix_.QualifiedName(e.children[0], s);
    for (const std::string& m : ix_.rules().env_mappings) {
      if (base == m && e.children[1].kind == ExprKind::kString) return {EnvValue(e.children[1].text, nullptr, s, e, depth)};
    }
    Value container = One(e.children[0], s, frame, depth + 1);
    if (container.kind == Value::Kind::kDict) {
      // Each value the key may be, as in `.get()`.
      std::vector<Value> found;
      bool unknown_seen = false;
      for (const Value& key : All(e.children[1], s, frame, depth + 1)) {
        if (!key.known && std::exchange(unknown_seen, true)) continue;
        bool exact = false;
        for (Value& v : Lookup(container, key, &exact)) {
          if (exact && !Literal(e.children[1])) Chosen(&v, key);
          found.push_back(std::move(v));
        }
      }
      if (!found.empty()) return found;
      return {Value::Unknown(Placeholder(e))};
    }
    Value key = One(e.children[1], s, frame, depth + 1);
    if (container.kind == Value::Kind::kList && key.is_int()) {
      long long i = key.integer < 0 ? key.integer + static_cast<long long>(container.items.size()) : key.integer;
      if (i >= 0 && i < static_cast<long long>(container.items.size())) return {container.items[i]};
    }
    return {Value::Unknown(Placeholder(e))};
  }

  Value EnvValue(const std::string& var, const Expr* default_expr, const Scope& s, const Expr& at, int depth,
                 const std::string& cast = "", const Frame* frame = nullptr) {
    Value v;
    if (default_expr != nullptr) {
      v = One(*default_expr, s, frame, depth + 1);
      if (cast == "int" && v.kind == Value::Kind::kString && v.known) {
        long long i;
        if (ParseInt(v.text, &i)) {
          std::vector<Origin> o = v.origins;
          v = Value::Integer(i);
          v.origins = o;
        }
      }
      if (cast == "delimited_list" && v.kind == Value::Kind::kString && v.known) {
        // mitol get_delimited_list: "a, b" -> ["a", "b"]
        Value list;
        list.kind = Value::Kind::kList;
        list.known = true;
        list.origins = v.origins;
        for (std::string item : SplitAt(v.text, ',')) {
          while (!item.empty() && item.front() == ' ') item.erase(item.begin());
          while (!item.empty() && item.back() == ' ') item.pop_back();
          Value iv = Value::String(item);
          iv.origins = v.origins;
          iv.host_from_env_default = !HostOf(item).empty();  // an environment default, as the list is
          iv.from_env = true;
          iv.tmpl = "{env." + var + "}";
          list.items.push_back(std::move(iv));
        }
        v = std::move(list);
      } else if (cast == "crontab_kwargs" && v.kind == Value::Kind::kString && v.known) {
        // mitol get_crontab_kwargs: "0 3 * * *" -> {minute, hour, day_of_week, day_of_month, month_of_year}
        std::vector<std::string> units = SplitAt(v.text, ' ');
        if (units.size() == 5) {
          Value dict;
          dict.kind = Value::Kind::kDict;
          dict.known = true;
          dict.origins = v.origins;
          for (size_t i = 0; i < 5; ++i) dict.entries.push_back({Value::String(kCrontabArgs[i]), Value::String(units[i])});
          v = std::move(dict);
        }
      }
      v.host_from_env_default = v.host_from_literal;
      v.host_from_literal = false;
      if (v.kind == Value::Kind::kString && v.known && v.text.empty()) {
        // An empty default means "must be configured": as unknown as no default.
        std::vector<Origin> o = v.origins;
        v = Value::Unknown("env." + var);
        v.origins = o;
      }
    } else {
      v = Value::Unknown("env." + var);
    }
    v.from_env = true;
    if (v.kind == Value::Kind::kString || v.kind == Value::Kind::kUnknown || v.kind == Value::Kind::kNone) {
      v.tmpl = "{env." + var + "}";
    }
    if (v.kind == Value::Kind::kNone) {
      // no usable default: the URL is whatever the environment says
      v.kind = Value::Kind::kUnknown;
      v.known = false;
      v.prefix.clear();
    }
    Origin o;
    o.kind = Origin::Kind::kEnv;
    o.name = "env." + var;
    o.at = At(s, at);
    v.origins.insert(v.origins.begin(), o);
    return v;
  }

  // `kwargs.pop("base_url")` / `kwargs.get("base_url", d)` where kwargs is the function's `**kwargs`: what its
  // callers pass as base_url= (else the default given to get/pop). Empty when `e` is no such read.
  std::vector<Value> PassedKeyword(const Expr& e, const Scope& s, int depth) {
    const Expr* callee = e.callee();
    if (s.function == nullptr || callee == nullptr || callee->kind != ExprKind::kAttribute || callee->children.empty() ||
        (callee->text != "pop" && callee->text != "get")) {
      return {};
    }
    std::vector<const Expr*> pos = e.positional();
    if (pos.empty() || pos[0]->kind != ExprKind::kString || !IsKwargsParameter(ix_, *s.function, callee->children[0])) {
      return {};
    }
    std::vector<Value> out;
    if (depth < ix_.options_.max_eval_depth - 2 && caller_depth_ < ix_.options_.max_caller_depth) {
      ++caller_depth_;
      for (const CallSite* site : ix_.CallersOf(s.function->qualname)) {
        if (const Expr* arg = site->call->keyword(pos[0]->text)) AddPassed(*arg, *site, pos[0]->text, depth, &out);
        if (static_cast<int>(out.size()) >= ix_.options_.max_alternatives) break;
      }
      --caller_depth_;
    }
    if (out.empty() && pos.size() > 1) return All(*pos[1], s, nullptr, depth + 1);
    return out;
  }

  std::vector<Value> Call(const Expr& e, const Scope& s, const Frame* frame, int depth) {
    const Expr* callee = e.callee();
    if (callee == nullptr) return {};
    if (std::vector<Value> passed = PassedKeyword(e, s, depth); !passed.empty()) return passed;
    // Methods on values: "...".format(), .rstrip("/"), "/".join([...]), dict.get("k", d).
    if (callee->kind == ExprKind::kAttribute && !callee->children.empty()) {
      const std::string& m = callee->text;
      bool value_method = IsStringMethod(m) || m == "get";
      std::string callee_q = ix_.QualifiedName(*callee, s);
      if (value_method && ix_.EnvGetter(callee_q) == nullptr && !IsInternalFunction(callee_q)) {
        std::vector<Value> objs = All(callee->children[0], s, frame, depth + 1);
        std::vector<Value> out;
        bool handled = false;
        for (const Value& obj : objs) {
          if (obj.kind == Value::Kind::kString && m == "join" && !e.positional().empty()) {
            // ",".join(relevant_indexes(q)): one string per list the argument may be.
            handled = true;
            for (const Value& list : All(*e.positional()[0], s, frame, depth + 1)) {
              out.push_back(list.kind == Value::Kind::kList ? JoinList(obj, list) : Value::Unknown(Placeholder(e)));
            }
          } else if (obj.kind == Value::Kind::kString) {
            handled = true;
            out.push_back(StringMethod(obj, m, e, s, frame, depth));
          } else if (obj.kind == Value::Kind::kUnknown && !obj.origins.empty() &&
                     SameValueMethod(m)) {
            // `settings.CHAT_RATING_URL.rstrip("/")` of a setting no scanned module defines: still that setting
            // (its name names the peer), not an anonymous run-time value.
            handled = true;
            out.push_back(obj);
          } else if (obj.kind == Value::Kind::kDict && m == "get") {
            handled = true;
            std::vector<const Expr*> pos = e.positional();
            // Each value the key may be (`bucket_names.get(platform)` with callers passing three platforms).
            std::vector<Value> keys = pos.empty() ? std::vector<Value>{Value()} : All(*pos[0], s, frame, depth + 1);
            bool found = false, all_exact = true;
            bool unknown_seen = false;  // every unknown key finds the same entries: once is enough
            for (const Value& key : keys) {
              if (!key.known && std::exchange(unknown_seen, true)) continue;
              bool exact = false;
              for (Value& v : Lookup(obj, key, &exact)) {
                if (exact && !Literal(*pos[0])) Chosen(&v, key);
                out.push_back(std::move(v));
                found = true;
              }
              all_exact = all_exact && exact;
            }
            if (!all_exact && pos.size() > 1) out.push_back(One(*pos[1], s, frame, depth + 1));
            if (!found && pos.size() <= 1) out.push_back(Value::Unknown(Placeholder(e)));
          }
        }
        if (handled) return out;
      }
    }
    std::string q = ix_.QualifiedName(*callee, s);
    const ruleset::EnvGetterRule* g = ix_.EnvGetter(q);
    if (g == nullptr) g = ix_.EnvGetter(ix_.TypedCalleeName(*callee, s));
    if (g != nullptr) {
      const Expr* name = e.arg(g->name.arg, g->name.kw);
      if (name != nullptr && name->kind == ExprKind::kString) {
        const Expr* def = e.arg(g->default_value.arg, g->default_value.kw);
        return {EnvValue(name->text, def, s, e, depth, g->cast)};
      }
      if (name != nullptr && frame != nullptr) {
        // A settings helper's own getter (`def get_var(name, default): os.environ.get(name, default)`) read for
        // one call of it: the variable that call names, its default that call's.
        Value n = One(*name, s, frame, depth + 1);
        if (n.kind == Value::Kind::kString && n.known && !n.text.empty()) {
          const Expr* def = e.arg(g->default_value.arg, g->default_value.kw);
          return {EnvValue(n.text, def, s, e, depth, g->cast, frame)};
        }
      }
    }
    if (q == "urllib.parse.urljoin" || q == "urlparse.urljoin" || q == "requests.compat.urljoin" ||
        q == "six.moves.urllib.parse.urljoin" || q == "urllib.parse.urljoin") {
      const Expr* base = e.arg(0, "base");
      const Expr* url = e.arg(1, "url");
      if (base == nullptr || url == nullptr) return {};
      return Combine({All(*base, s, frame, depth + 1), All(*url, s, frame, depth + 1)},
                     [](const std::vector<const Value*>& p) { return UrlJoin(*p[0], *p[1]); });
    }
    if (q == "os.path.join" || q == "posixpath.join") {
      std::vector<std::vector<Value>> parts;
      for (const Expr* a : e.positional()) parts.push_back(All(*a, s, frame, depth + 1));
      if (parts.empty()) return {};
      return Combine(parts, [](const std::vector<const Value*>& p) {
        Value acc = *p[0];
        for (size_t i = 1; i < p.size(); ++i) {
          Value sep = Value::String((AsString(acc).tmpl.empty() || AsString(acc).tmpl.back() == '/') ? "" : "/");
          sep.origins.clear();
          acc = Concat(Concat(acc, sep), *p[i]);
        }
        return acc;
      });
    }
    // Path arithmetic on known paths (relative to the scan root, as `__file__` is): the root's own name is not known,
    // so a dirname that reaches it, or a normpath climbing above it, leaves the value unknown.
    if (q == "os.path.dirname" || q == "os.path.basename" || q == "os.path.abspath" || q == "os.path.realpath" ||
        q == "os.path.normpath" || q == "posixpath.dirname" || q == "posixpath.basename" ||
        q == "posixpath.abspath" || q == "posixpath.normpath") {
      const Expr* a = e.arg(0, "");
      if (a == nullptr) return {};
      std::string_view op = std::string_view(q).substr(q.rfind('.') + 1);
      std::vector<Value> out;
      for (const Value& v : All(*a, s, frame, depth + 1)) {
        if (!v.is_string() || !v.known) continue;
        std::optional<std::string> path = PathOp(op, v.text);
        if (!path) continue;
        Value r = Value::String(std::move(*path));
        r.origins = v.origins;
        out.push_back(std::move(r));
      }
      return out;
    }
    if (q == "getattr") {
      std::vector<const Expr*> pos = e.positional();
      if (pos.size() >= 2 && pos[1]->kind == ExprKind::kString && IsSettingsObject(ix_.QualifiedName(*pos[0], s))) {
        std::optional<Value> v = Setting(pos[1]->text, depth);
        if (v) return {*v};
        if (pos.size() >= 3) {
          // No settings module defines it: the code's default is what runs, the setting can override it.
          std::vector<Value> d = All(*pos[2], s, frame, depth + 1);
          // A default of None (`getattr(settings, "ENROLLMENT_WEBHOOK_URL", None)`, the plugin's host project sets
          // it) says nothing about the URL: the setting it names.
          if (std::all_of(d.begin(), d.end(), [](const Value& x) { return x.kind == Value::Kind::kNone; })) {
            return SettingValue(pos[1]->text, e, s, depth);
          }
          for (Value& x : d) {
            if (x.kind == Value::Kind::kString || x.kind == Value::Kind::kUnknown) x.tmpl = "{settings." + pos[1]->text + "}";
          }
          return d;
        }
        return SettingValue(pos[1]->text, e, s, depth);
      }
      return {};
    }
    if (q == "ast.literal_eval") {
      // `get_var(name, default)` helpers parse an environment string as a Python literal and fall back to the string
      // itself; a URL is no literal, so the value is the string.
      const Expr* a = e.arg(0, "node_or_string");
      if (a == nullptr) return {};
      return All(*a, s, frame, depth + 1);
    }
    if (q == "str") {
      const Expr* a = e.arg(0, "");
      if (a == nullptr) return {Value::String("")};
      std::vector<Value> out;
      for (const Value& v : All(*a, s, frame, depth + 1)) out.push_back(AsString(v));
      return out;
    }
    if (q == "int") {
      const Expr* a = e.arg(0, "");
      if (a == nullptr) return {Value::Integer(0)};
      Value v = One(*a, s, frame, depth + 1);
      long long i;
      if (v.is_int()) return {v};
      if (v.kind == Value::Kind::kString && v.known && ParseInt(v.text, &i)) return {Value::Integer(i)};
      return {};
    }
    if (q == "datetime.timedelta" || q == "timedelta") {
      return {};  // schedules read timedelta() themselves (cadence)
    }
    // map(f, xs) of an internal function (or partial): a list of what f returns for the elements, whose number is
    // known only at run time; the element is passed as the iterable's own expression (`{object_types}`).
    if (q == "map" && e.positional().size() == 2 && depth < ix_.options_.max_eval_depth - 4) {
      if (const Expr* applied = MapCall(e)) {
        Value list;
        list.kind = Value::Kind::kList;
        list.known = false;
        list.tmpl = "{...}";
        for (Value& v : All(*applied, s, frame, depth + 1)) {
          if (list.items.empty()) list.items.push_back(std::move(v));
        }
        if (!list.items.empty() && list.items[0].kind != Value::Kind::kUnknown) return {list};
      }
    }
    // Internal functions: evaluate what they return with this call's arguments bound (wrappers like edx_url()).
    const facts::ModuleFacts* fm = nullptr;
    const facts::Function* fn = ix_.FindFunction(q, &fm);
    bool bound_self = false;
    std::string self_class;
    if (fn == nullptr && callee->kind == ExprKind::kAttribute && !callee->children.empty() &&
        callee->children[0].kind == ExprKind::kName &&
        (callee->children[0].text == "self" || callee->children[0].text == "cls") && s.klass != nullptr) {
      // `self.m()` runs m as the class self really is defines it (an override in a subclass).
      self_class = SelfClass(s, frame);
      fn = ix_.FindMethod(self_class, callee->text, &fm);
      bound_self = true;
    }
    // `get_default_alias_name = partial(make_alias_name, False)` at module level, then
    // `get_default_alias_name(ALIAS_ALL_INDICES)`: make_alias_name(False, ALIAS_ALL_INDICES).
    if (fn == nullptr && !q.empty()) {
      if (const Expr* rewritten = PartialCall(q, e)) {
        const Expr& target = rewritten->children[0];
        Scope ts = s;
        const facts::Function* wrapped = ix_.FindFunction(target.text, &fm);
        if (wrapped != nullptr) return Returns(*wrapped, *fm, *rewritten, ts, frame, false, depth);
      }
    }
    if (fn == nullptr && callee->kind == ExprKind::kAttribute && !callee->children.empty() && q.empty() &&
        depth < ix_.options_.max_eval_depth - 4) {
      // `proxy.get_api_kwargs()` on an object of a repo class (`proxy = LiteLLMProxy()`, `self.proxy = ...`): that
      // class's method, bound to the object.
      std::optional<ObjectType> t = ix_.TypeOf(callee->children[0], s);
      if (t && t->internal && !t->declared) {
        fn = ix_.FindMethod(t->type, callee->text, &fm);
        if (fn != nullptr) {
          bound_self = true;
          self_class = t->type;
        }
      }
    }
    if (fn != nullptr && fn->class_qualname.empty() == false && !bound_self) {
      // Class.method(...) called through the class: static/class methods; treat as unbound
      bound_self = false;
    }
    if (fn != nullptr) {
      std::vector<Value> out = Returns(*fn, *fm, e, s, frame, bound_self, depth, self_class);
      if (!out.empty()) return out;
      // An abstract method (no return) on a class whose subclasses are not known here: what the overrides return.
      if (bound_self && fn->class_qualname == self_class) {
        for (const std::string& sub : Subclasses(self_class)) {
          const facts::ModuleFacts* sm = nullptr;
          const facts::Function* over = ix_.FindFunction(sub + "." + callee->text, &sm);
          if (over == nullptr || sm == nullptr) continue;
          for (Value& v : Returns(*over, *sm, e, s, frame, bound_self, depth, sub)) out.push_back(std::move(v));
        }
        if (!out.empty()) return out;
      }
    }
    // A record type: collections.namedtuple / typing.NamedTuple / @dataclass instances keep their fields.
    std::vector<std::string> fields;
    std::vector<const Expr*> defaults;
    Scope defaults_scope;
    if (RecordFields(q, s, &fields, &defaults, &defaults_scope)) {
      return {MakeRecord(fields, defaults, defaults_scope, e, s, frame, depth)};
    }
    // A parameter holding a callable (a factory handed `lambda: Config(...)` or a function): what it returns.
    if (callee->kind == ExprKind::kName && q.empty()) {
      std::vector<Value> out = CalledParameter(*callee, e, s, frame, depth);
      if (!out.empty()) return out;
    }
    return {Value::Unknown(Placeholder(e))};
  }

  // What internal function `fn` returns for one call `call` (made in `s`), its parameters bound to the call's
  // arguments; named or known results first. Empty when nothing is returned or the bounds are reached.
  std::vector<Value> Returns(const facts::Function& fn, const facts::ModuleFacts& fm, const Expr& call, const Scope& s,
                             const Frame* frame, bool bound_self, int depth, const std::string& self_class = "") {
    if (depth >= ix_.options_.max_eval_depth - 2) return {};
    Frame f;
    f.fn = &fn;
    f.call = &call;
    f.caller = s;
    f.bound_self = bound_self;
    f.parent = frame;
    f.self_class = self_class;
    int frames = 0;
    for (const Frame* p = frame; p != nullptr; p = p->parent) ++frames;
    if (frames >= 6) return {};
    std::vector<Value> out;
    Scope fs = ix_.ScopeOf(fm, &fn);
    facts::ForEachStmt(fn.body, [&](const Stmt& st) {
      if (st.kind == StmtKind::kReturn && !st.exprs.empty()) {
        for (const Value& v : All(st.exprs[0], fs, &f, depth + 1)) out.push_back(v);
      }
    });
    // `return None` beside other returns is the function's failure path (no user, no config): what it returns when it
    // works is the value a caller builds with (a URL never has "None" in it).
    // `return False` likewise (canvas' determine_next_results_page: the next page's URL, or False).
    auto failure = [](const Value& v) {
      return v.kind == Value::Kind::kNone || (v.kind == Value::Kind::kBool && v.known && !v.boolean);
    };
    if (std::any_of(out.begin(), out.end(), [&](const Value& v) { return !failure(v); })) {
      out.erase(std::remove_if(out.begin(), out.end(), failure), out.end());
    }
    // `return ""` beside returns only known at run time (`return extension_with_dot[1:]` ... `return ""`) is the
    // "nothing found" fallback too, not a part of the URL a caller builds.
    auto empty = [](const Value& v) { return v.kind == Value::Kind::kString && v.known && v.text.empty(); };
    auto runtime = [](const Value& v) { return v.kind == Value::Kind::kUnknown || (v.kind == Value::Kind::kString && !v.known); };
    if (std::any_of(out.begin(), out.end(), empty) && std::any_of(out.begin(), out.end(), runtime) &&
        std::all_of(out.begin(), out.end(), [&](const Value& v) { return empty(v) || runtime(v); })) {
      out.erase(std::remove_if(out.begin(), out.end(), empty), out.end());
    }
    std::vector<Value> known;
    for (const Value& v : out) {
      if (v.is_named_or_known()) known.push_back(v);
    }
    return known.empty() ? out : known;
  }

  // Fields of a record type named `q`, with the default expression of each (nullptr when none) and the scope
  // the defaults are read in: `Config = namedtuple("Config", ["a", "b"])` (or "a b" / "a, b"),
  // `namedtuple`'s typed twin `NamedTuple("Config", [("a", str)])`, `class Config(NamedTuple)` and `@dataclass`
  // classes (annotated class-level names, in order).
  bool RecordFields(const std::string& q, const Scope& s, std::vector<std::string>* fields,
                    std::vector<const Expr*>* defaults, Scope* defaults_scope) {
    if (q.empty()) return false;
    const facts::ModuleFacts* cm = nullptr;
    if (const facts::Class* c = ix_.FindClass(q, &cm)) {
      bool record = false;
      for (const std::string& b : ix_.BaseNames(*c)) {
        record |= b == "typing.NamedTuple" || b == "typing_extensions.NamedTuple";
      }
      for (const Expr& d : c->decorators) {
        const Expr& named = d.kind == ExprKind::kCall && d.callee() != nullptr ? *d.callee() : d;
        std::string dq = ix_.QualifiedName(named, ix_.ScopeOfClass(*cm, c));
        record |= dq == "dataclasses.dataclass" || dq == "pydantic.dataclasses.dataclass";
      }
      if (!record) return false;
      for (const Stmt& st : c->body) {
        if (st.kind != StmtKind::kAssign || st.targets.size() != 1 || st.targets[0].kind != ExprKind::kName) continue;
        fields->push_back(st.targets[0].text);
        defaults->push_back(st.exprs.empty() ? nullptr : &st.exprs[0]);
      }
      *defaults_scope = ix_.ScopeOfClass(*cm, c);
      return !fields->empty();
    }
    size_t dot = q.rfind('.');
    if (dot == std::string::npos) return false;
    const facts::ModuleFacts* m = ix_.Module(q.substr(0, dot));
    if (m == nullptr) return false;
    const facts::ModuleFacts* where = nullptr;
    const Expr* bound = ix_.ModuleBinding(*m, q.substr(dot + 1), &where);
    if (bound == nullptr || bound->kind != ExprKind::kCall || bound->callee() == nullptr || where == nullptr) return false;
    Scope ms;
    ms.module = where;
    std::string maker = ix_.QualifiedName(*bound->callee(), ms);
    bool typed = maker == "typing.NamedTuple" || maker == "typing_extensions.NamedTuple";
    if (maker != "collections.namedtuple" && !typed) return false;
    const Expr* names = bound->arg(1, typed ? "fields" : "field_names");
    if (names == nullptr) return false;
    if (names->kind == ExprKind::kString) {
      std::string cur;
      for (char ch : names->text + " ") {
        if (ch == ',' || std::isspace(static_cast<unsigned char>(ch))) {
          if (!cur.empty()) fields->push_back(cur);
          cur.clear();
        } else {
          cur.push_back(ch);
        }
      }
    } else if (names->kind == ExprKind::kList || names->kind == ExprKind::kTuple) {
      for (const Expr& f : names->children) {
        const Expr* n = &f;
        if (typed && (f.kind == ExprKind::kTuple || f.kind == ExprKind::kList) && !f.children.empty()) n = &f.children[0];
        if (n->kind != ExprKind::kString) return false;
        fields->push_back(n->text);
      }
    } else {
      return false;
    }
    defaults->assign(fields->size(), nullptr);
    *defaults_scope = ms;
    (void)s;
    return !fields->empty();
  }

  // An instance of a record type: each field from the call's positional or keyword argument, else its default;
  // a field nothing gives stays unknown under its name.
  Value MakeRecord(const std::vector<std::string>& fields, const std::vector<const Expr*>& defaults,
                   const Scope& defaults_scope, const Expr& call, const Scope& s, const Frame* frame, int depth) {
    Value v;
    v.kind = Value::Kind::kDict;
    v.record = true;
    v.known = !call.has_starred_args();
    v.tmpl = "{...}";
    std::vector<const Expr*> pos = call.positional();
    for (size_t i = 0; i < fields.size(); ++i) {
      Value value;
      if (const Expr* a = call.arg(static_cast<int>(i), fields[i])) {
        value = One(*a, s, frame, depth + 1);
      } else if (defaults[i] != nullptr) {
        value = One(*defaults[i], defaults_scope, nullptr, depth + 1);
      } else {
        value = Value::Unknown(fields[i]);
      }
      v.entries.push_back({Value::String(fields[i]), std::move(value)});
    }
    return v;
  }

  // `get_config()` where get_config is a parameter: the lambdas (without parameters) and functions the callers pass
  // for it, or the call being evaluated passes, each evaluated to what it returns for this call.
  std::vector<Value> CalledParameter(const Expr& name, const Expr& call, const Scope& s, const Frame* frame,
                                     int depth) {
    struct Candidate {
      const Expr* arg;
      Scope scope;
      const Frame* frame;
    };
    std::vector<Candidate> candidates;
    const facts::Function* fn = s.function;
    bool found = false;
    for (int hops = 0; fn != nullptr && hops < 16 && !found; ++hops) {
      if (!FindLocals(ix_.LocalsOf(*fn), name.text, hops == 0 ? name.line : fn->end_line + 1).empty()) return {};
      for (size_t i = 0; i < fn->params.size() && !found; ++i) {
        const facts::Param& p = fn->params[i];
        if (p.name != name.text) continue;
        found = true;
        const Frame* bound = nullptr;
        for (const Frame* f = frame; f != nullptr && bound == nullptr; f = f->parent) {
          if (f->fn == fn) bound = f;
        }
        if (bound != nullptr) {
          if (const Expr* arg = ArgumentFor(*bound->call, *fn, i, bound->bound_self)) {
            candidates.push_back({arg, bound->caller, bound->parent});
          }
        } else if (caller_depth_ < ix_.options_.max_caller_depth) {
          for (const CallSite* site : ix_.CallersOf(fn->qualname)) {
            if (const Expr* arg = ArgumentFor(*site->call, *fn, i, site->bound_self)) {
              candidates.push_back({arg, site->scope, nullptr});
            }
            if (static_cast<int>(candidates.size()) >= ix_.options_.max_alternatives) break;
          }
        }
        if (candidates.empty() && p.has_default) {
          Scope fs = s;
          fs.function = fn;
          candidates.push_back({&p.default_value, fs, nullptr});
        }
      }
      fn = fn->parent.empty() ? nullptr : ix_.FindFunction(fn->parent);
    }
    std::vector<Value> out;
    ++caller_depth_;
    for (const Candidate& c : candidates) {
      if (c.arg->kind == ExprKind::kLambda && c.arg->text.empty() && !c.arg->children.empty() &&
          call.children.size() == 1) {
        for (Value& v : All(c.arg->children[0], c.scope, c.frame, depth + 1)) out.push_back(std::move(v));
        continue;
      }
      const facts::ModuleFacts* fm = nullptr;
      const facts::Function* target = ix_.FindFunction(ix_.QualifiedName(*c.arg, c.scope), &fm);
      if (target != nullptr && target->class_qualname.empty()) {
        for (Value& v : Returns(*target, *fm, call, s, frame, false, depth)) out.push_back(std::move(v));
      }
    }
    --caller_depth_;
    std::vector<Value> known;
    for (const Value& v : out) {
      if (v.is_named_or_known()) known.push_back(v);
    }
    return known;
  }

  // The values a dict lookup may give: the entry of a known key; when the key is known only at run time
  // (`bucket_names.get(platform)`), or an entry's key is, every entry that may match: the value is one of them, so
  // each is an alternative (as for `a if c else b`), never a pick. A dict with more entries than the fan-out bound
  // gives nothing rather than a truncated list.
  // A table's entry picked by a known key: where the key came from (a caller passing `PlatformType.xpro.value`) is
  // where this value came from too, so the edge it ends in is placed through that caller.
  static bool Literal(const Expr& x) { return x.kind == ExprKind::kString || x.kind == ExprKind::kNumber; }

  static void Chosen(Value* v, const Value& key) {
    for (const Origin& o : key.origins) {
      bool have = std::any_of(v->origins.begin(), v->origins.end(), [&](const Origin& x) {
        return x.kind == o.kind && x.name == o.name && !(x.at < o.at) && !(o.at < x.at);
      });
      if (!have) v->origins.push_back(o);
    }
  }

  std::vector<Value> Lookup(const Value& dict, const Value& key, bool* exact_match) {
    std::vector<Value> exact, maybe;
    *exact_match = false;
    for (const auto& [k, v] : dict.entries) {
      if (key.known && k.known) {
        if (k.text == key.text && k.kind == key.kind) exact.push_back(v);
      } else {
        maybe.push_back(v);
      }
    }
    if (!exact.empty()) {
      *exact_match = true;
      return {exact.back()};  // the last entry of a key wins, as in Python
    }
    if (maybe.empty() || !dict.known ||
        static_cast<int>(maybe.size()) > ix_.options_.max_alternatives) {
      return {};
    }
    return maybe;
  }

  bool IsInternalFunction(const std::string& q) { return !q.empty() && ix_.FindFunction(q) != nullptr; }

  static Value UrlJoin(const Value& base0, const Value& ref0) {
    Value base = AsString(base0), ref = AsString(ref0);
    if (ref.known && !HostOf(ref.text).empty()) return ref;
    Value out;
    out.kind = Value::Kind::kString;
    out.known = base.known && ref.known;
    if (out.known) out.text = UrlJoinText(base.text, ref.text);
    out.prefix = out.known ? out.text : (base.known ? base.text : base.prefix);
    out.display = out.known ? out.text : (base.known ? UrlJoinText(base.text, ref.display) : "");
    // Template: base, a single '/' and the reference (a reader's view of urljoin; exact when the base is a root).
    std::string b = base.tmpl, r = ref.tmpl;
    if (!r.empty() && (r[0] == '?' || r[0] == '#')) {  // a query-only reference keeps the base's path
      out.tmpl = b + r;
    } else if (!r.empty() && r[0] == '/') {
      while (!b.empty() && b.back() == '/') b.pop_back();
      out.tmpl = b + r;
    } else if (!b.empty() && b.back() == '/') {
      out.tmpl = CollapsedSlashes(b + r);
    } else {
      out.tmpl = CollapsedSlashes(b + "/" + r);
    }
    if (out.display.empty()) {
      std::string bd = base.display, rd = ref.display;
      if (!rd.empty() && (rd[0] == '?' || rd[0] == '#')) {
        out.display = bd + rd;
      } else if (!rd.empty() && rd[0] == '/') {
        while (!bd.empty() && bd.back() == '/') bd.pop_back();
        out.display = bd + rd;
      } else {
        out.display = CollapsedSlashes((!bd.empty() && bd.back() == '/') ? bd + rd : bd + "/" + rd);
      }
    }
    out.host_from_literal = base.host_from_literal;
    out.host_from_env_default = base.host_from_env_default;
    out.from_env = base.from_env || ref.from_env;
    AddOrigins(&out, base);
    AddOrigins(&out, ref);
    return out;
  }

  // sep.join(list): the items with sep between them; unknown when the list's length is.
  static Value JoinList(const Value& sep, const Value& list) {
    Value acc = Value::String("");
    acc.origins.clear();
    for (size_t i = 0; i < list.items.size(); ++i) {
      if (i > 0) acc = Concat(acc, sep);
      acc = Concat(acc, list.items[i]);
    }
    if (!list.known) acc.known = false;
    return acc;
  }

  Value StringMethod(const Value& obj, const std::string& m, const Expr& call, const Scope& s, const Frame* frame,
                     int depth) {
    if (m == "format") return FormatMethod(obj, call, s, frame, depth);
    std::vector<const Expr*> pos = call.positional();
    if (m == "join") {
      if (pos.empty()) return Value::Unknown(Placeholder(call));
      Value list = One(*pos[0], s, frame, depth + 1);
      if (list.kind != Value::Kind::kList) return Value::Unknown(Placeholder(call));
      return JoinList(obj, list);
    }
    Value out = obj;
    std::string chars = " \t\n\r";
    if (!pos.empty()) {
      Value c = One(*pos[0], s, frame, depth + 1);
      if (!c.known) {
        out.known = false;
        return out;
      }
      chars = c.text;
    }
    auto apply = [&](std::string& t) {
      if (m == "rstrip" || m == "strip") {
        while (!t.empty() && chars.find(t.back()) != std::string::npos) t.pop_back();
      }
      if (m == "lstrip" || m == "strip") {
        size_t i = 0;
        while (i < t.size() && chars.find(t[i]) != std::string::npos) ++i;
        t.erase(0, i);
      }
      if (m == "lower") {
        for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
      if (m == "upper") {
        for (char& ch : t) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      }
    };
    if (m == "replace") {
      if (pos.size() < 2) return Value::Unknown(Placeholder(call));
      Value a = One(*pos[0], s, frame, depth + 1), b = One(*pos[1], s, frame, depth + 1);
      if (!a.known || !b.known || a.text.empty() || !obj.known) {
        out.known = false;
        out.text.clear();
        return out;
      }
      std::string t = obj.text, r;
      size_t at = 0, hit;
      while ((hit = t.find(a.text, at)) != std::string::npos) {
        r += t.substr(at, hit - at) + b.text;
        at = hit + a.text.size();
      }
      r += t.substr(at);
      out.text = r;
      out.tmpl = r;
      out.display = r;
      return out;
    }
    bool literal_template = out.known && out.tmpl == out.text;
    if (out.known) {
      apply(out.text);
      out.prefix = out.text;
      out.display = out.text;
    }
    if (literal_template) {
      out.tmpl = out.text;
    } else if (m == "rstrip" || m == "strip") {
      // A symbolic template ("{settings.X}") keeps its name; only literal text at its end is stripped.
      while (!out.tmpl.empty() && out.tmpl.back() != '}' && chars.find(out.tmpl.back()) != std::string::npos) {
        out.tmpl.pop_back();
      }
      while (!out.known && !out.display.empty() && out.display.back() != '}' &&
             chars.find(out.display.back()) != std::string::npos) {
        out.display.pop_back();
      }
    }
    return out;
  }

  const RepoIndex& ix_;
  EvalMemo& memo_;
  int caller_depth_ = 0;
};

std::vector<Value> RepoIndex::EvaluateAll(const Expr& e, const Scope& scope) const {
  Evaluator ev(*this);
  return ev.All(e, scope, nullptr, 0);
}

std::vector<Value> RepoIndex::EvaluateAllIn(const Expr& e, const Scope& scope,
                                             const std::vector<CallFrame>& frames) const {
  if (frames.empty()) return EvaluateAll(e, scope);
  std::vector<Frame> chain(frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    chain[i].fn = frames[i].fn;
    chain[i].call = frames[i].call;
    chain[i].caller = frames[i].caller;
    chain[i].bound_self = frames[i].bound_self;
    chain[i].parent = i + 1 < frames.size() ? &chain[i + 1] : nullptr;
    // `self.m(...)` made in a method of a subclass: m runs on an instance of that subclass.
    const Expr* callee = frames[i].call != nullptr ? frames[i].call->callee() : nullptr;
    if (frames[i].bound_self && callee != nullptr && callee->kind == ExprKind::kAttribute &&
        !callee->children.empty() && callee->children[0].kind == ExprKind::kName &&
        (callee->children[0].text == "self" || callee->children[0].text == "cls") &&
        frames[i].caller.klass != nullptr) {
      chain[i].self_class = frames[i].caller.klass->qualname;
    }
  }
  Evaluator ev(*this);
  return ev.All(e, scope, &chain[0], 0);
}

Value RepoIndex::Evaluate(const Expr& e, const Scope& scope) const {
  Evaluator ev(*this);
  return ev.One(e, scope, nullptr, 0);
}

std::optional<Value> RepoIndex::Setting(std::string_view name) const {
  Evaluator ev(*this);
  return ev.Setting(name, 0);
}

std::vector<std::string> RepoIndex::SettingStrings(std::string_view name) const {
  // The known strings of a list setting, or of a single string, or nested in a dict (DJOSER = {"EMAIL":
  // {"password_reset": "authentication.views.CustomPasswordResetEmail"}}), in order.
  std::vector<std::string> out;
  std::optional<Value> listed = Setting(name);
  if (!listed) return out;
  auto collect = [&](auto& self, const Value& v, int depth) -> void {
    if (depth > 3) return;
    if (v.kind == Value::Kind::kString && v.known) out.push_back(v.text);
    if (v.kind == Value::Kind::kList) {
      for (const Value& item : v.items) self(self, item, depth + 1);
    }
    if (v.kind == Value::Kind::kDict) {
      for (const ValueEntry& e : v.entries) self(self, e.second, depth + 1);
    }
  };
  collect(collect, *listed, 0);
  return out;
}

const std::string* RepoIndex::SettingParameterType(const facts::Function& f, std::string_view parameter) const {
  if (rules_.django.setting_parameters.empty()) return nullptr;
  if (setting_parameter_types_ == nullptr) {
    setting_parameter_types_ = std::make_unique<
        std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>>();
    for (const ruleset::DjangoSettingParameterRule& r : rules_.django.setting_parameters) {
      for (const std::string& path : SettingStrings(r.setting)) {
        if (FindFunction(path) != nullptr) (*setting_parameter_types_)[path].emplace(r.parameter, r.type);
      }
    }
  }
  auto fn = setting_parameter_types_->find(f.qualname);
  if (fn == setting_parameter_types_->end()) return nullptr;
  auto p = fn->second.find(parameter);
  return p == fn->second.end() ? nullptr : &p->second;
}

}  // namespace edgescan::resolve
