// Value: what static evaluation knows about a Python expression, with where each part came from.
//
// A string value carries two spellings: `text`, the concrete string when every part is known, and `tmpl`, the
// template a reader sees, where named roots stay symbolic ("{settings.BASE_URL}/api/v1/", "{env.FEED_URL}",
// "{course_id}"). Settings and environment variables stay symbolic in the template even when their default is known
// (the value then uses the default); module constants are inlined. Unknown parts are {placeholders}, never guessed.
//
// Example: get_string("BASE", "https://x.org") as settings.BASE, then f"{settings.BASE}/api" evaluates to
//   Value{kind kString, text "https://x.org/api", known true, tmpl "{settings.BASE}/api",
//         origins [settings.py:12 (setting BASE), settings.py:12 (the literal default)]}
#ifndef EDGESCAN_RESOLVE_VALUE_H_
#define EDGESCAN_RESOLVE_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/provenance.h"

namespace edgescan::resolve {

// Why a part of a value is what it is; origins become `url.origin` provenance.
struct Origin {
  enum class Kind : uint8_t { kLiteral, kConstant, kSetting, kEnv, kParameter, kAttribute, kCall, kUnknown };
  Kind kind = Kind::kUnknown;
  std::string name;  // "settings.BASE_URL", "env.BASE_URL", "url" (parameter), "blog.api.RSS_FEED_URL"
  Provenance at;
};

struct ValueEntry;

struct Value {
  enum class Kind : uint8_t { kUnknown, kString, kNumber, kBool, kNone, kList, kDict };
  Kind kind = Kind::kUnknown;

  // kString, and kUnknown used inside a template (tmpl is then its placeholder).
  std::string text;
  std::string tmpl;
  bool known = false;  // text is the complete concrete value (kString), or number/boolean is exact
  std::string prefix;  // kString: the concrete text before the first unknown part (== text when known)
  // kString: the value as far as it is static, with parts known only at run time as {name} (the name at the place
  // the value is used: "https://api.mailgun.net/v3/{domain}/events"). == text when known.
  std::string display;

  // kNumber: integers are exact in `integer`; floats only in `number`.
  bool integral = true;
  long long integer = 0;
  double number = 0;
  bool boolean = false;

  std::vector<Value> items;                       // kList (also tuples and sets)
  std::vector<ValueEntry> entries;                // kDict (a vector of an incomplete type: complete below)
  // kDict: an instance of a record type (collections.namedtuple, typing.NamedTuple, @dataclass) whose entries are
  // its fields by name, read as attributes (`config.api_url`).
  bool record = false;

  std::vector<Origin> origins;
  // The leading scheme+host part of the string came from a literal written in the code or a settings/env default.
  bool host_from_literal = false;
  bool host_from_env_default = false;
  bool from_env = false;  // an environment variable (with or without default) took part

  static Value Unknown(const std::string& placeholder);
  static Value String(std::string s);
  static Value Integer(long long i);
  bool is_string() const { return kind == Kind::kString; }
  bool is_int() const { return kind == Kind::kNumber && known && integral; }
  // Something static is known of it: a value, or a named setting / environment variable even when it has no
  // default ("{settings.BUCKET}" tells a reader which configuration it is; "{bucket_name}" does not).
  bool is_named_or_known() const {
    // A setting left None in base settings (filled in per environment) is still named.
    if (kind == Kind::kNone) return tmpl.rfind("{settings.", 0) == 0 || tmpl.rfind("{env.", 0) == 0;
    if (kind != Kind::kUnknown) return true;
    return tmpl.rfind("{settings.", 0) == 0 || tmpl.rfind("{env.", 0) == 0;
  }
};

// One key/value of a kDict Value.
struct ValueEntry {
  Value first;
  Value second;
};

// A value's truth when it is a literal the code passes (None, a bool, a string, an integer), else nullopt: values a
// deployment configures (settings, environment variables) are not decided.
std::optional<bool> LiteralTruth(const Value& v);

// a + b as Python's string + does: known when both are, else a template joining both ("{base}/api").
Value Concat(const Value& a, const Value& b);

inline Value Value::Unknown(const std::string& placeholder) {
  Value v;
  v.tmpl = "{" + placeholder + "}";
  size_t dot = placeholder.rfind('.');
  v.display = "{" + (dot == std::string::npos ? placeholder : placeholder.substr(dot + 1)) + "}";
  return v;
}
inline Value Value::String(std::string s) {
  Value v;
  v.kind = Kind::kString;
  v.tmpl = s;
  v.prefix = s;
  v.display = s;
  v.text = std::move(s);
  v.known = true;
  return v;
}
inline Value Value::Integer(long long i) {
  Value v;
  v.kind = Kind::kNumber;
  v.integer = i;
  v.number = static_cast<double>(i);
  v.known = true;
  v.tmpl = std::to_string(i);
  v.text = v.tmpl;
  v.display = v.tmpl;
  return v;
}

}  // namespace edgescan::resolve

#endif  // EDGESCAN_RESOLVE_VALUE_H_
