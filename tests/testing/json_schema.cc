#include "testing/json_schema.h"

#include <set>

#include "core/regex.h"

namespace edgescan::testing {
namespace {

using Json = nlohmann::json;

constexpr int kMaxDepth = 200;  // instance nesting; SARIF logs are far shallower

const std::set<std::string>& KnownKeywords() {
  static const std::set<std::string> k = {
      // applied
      "type", "enum", "required", "properties", "additionalProperties", "items", "minItems", "uniqueItems", "minimum",
      "maximum", "pattern", "format", "anyOf", "oneOf", "allOf", "not", "$ref",
      // annotations
      "title", "description", "default", "id", "$schema", "definitions"};
  return k;
}

class Validator {
 public:
  Validator(const Json& root, size_t max_errors) : root_(root), max_errors_(max_errors) {}

  void Check(const Json& schema, const Json& value, const std::string& path, int depth) {
    if (errors_.size() >= max_errors_) return;
    if (depth > kMaxDepth) return Fail(path, "nested too deeply to check");
    if (!schema.is_object()) return Fail(path, "schema is not an object");
    for (auto it = schema.begin(); it != schema.end(); ++it) {
      if (!KnownKeywords().count(it.key())) Fail(path, "schema keyword '" + it.key() + "' is not supported by this checker");
    }
    if (schema.contains("$ref")) {
      const Json* target = Resolve(schema["$ref"].get<std::string>());
      if (target == nullptr) return Fail(path, "unresolvable $ref " + schema["$ref"].dump());
      Check(*target, value, path, depth + 1);
      return;  // draft-04: siblings of $ref are ignored
    }
    if (schema.contains("type") && !TypeMatches(schema["type"], value)) {
      return Fail(path, "expected type " + schema["type"].dump() + ", got " + value.type_name());
    }
    if (schema.contains("enum")) {
      bool found = false;
      for (const Json& e : schema["enum"]) found |= e == value;
      if (!found) Fail(path, "value " + value.dump() + " not in enum " + schema["enum"].dump());
    }
    if (value.is_number()) {
      if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) {
        Fail(path, "below minimum " + schema["minimum"].dump());
      }
      if (schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>()) {
        Fail(path, "above maximum " + schema["maximum"].dump());
      }
    }
    if (value.is_string()) {
      const std::string s = value.get<std::string>();
      if (schema.contains("pattern")) {
        StatusOr<Regex> re = Regex::Compile(schema["pattern"].get<std::string>());
        if (!re.ok()) {
          Fail(path, "bad pattern in schema: " + re.status().message());
        } else if (!re->PartialMatch(s)) {
          Fail(path, "'" + s + "' does not match pattern " + schema["pattern"].dump());
        }
      }
      if (schema.contains("format")) CheckFormat(schema["format"].get<std::string>(), s, path);
    }
    if (value.is_object()) {
      if (schema.contains("required")) {
        for (const Json& r : schema["required"]) {
          if (!value.contains(r.get<std::string>())) Fail(path, "missing required property '" + r.get<std::string>() + "'");
        }
      }
      const Json* props = schema.contains("properties") ? &schema["properties"] : nullptr;
      for (auto it = value.begin(); it != value.end(); ++it) {
        std::string child = path + "/" + Escape(it.key());
        if (props != nullptr && props->contains(it.key())) {
          Check((*props)[it.key()], it.value(), child, depth + 1);
        } else if (schema.contains("additionalProperties")) {
          const Json& ap = schema["additionalProperties"];
          if (ap.is_boolean()) {
            if (!ap.get<bool>()) Fail(child, "property not allowed here");
          } else {
            Check(ap, it.value(), child, depth + 1);
          }
        }
      }
    }
    if (value.is_array()) {
      if (schema.contains("minItems") && value.size() < schema["minItems"].get<size_t>()) {
        Fail(path, "fewer than " + schema["minItems"].dump() + " items");
      }
      if (schema.contains("uniqueItems") && schema["uniqueItems"].get<bool>()) {
        for (size_t i = 0; i < value.size(); ++i) {
          for (size_t j = i + 1; j < value.size(); ++j) {
            if (value[i] == value[j]) Fail(path, "items " + std::to_string(i) + " and " + std::to_string(j) + " repeat");
          }
        }
      }
      if (schema.contains("items")) {
        for (size_t i = 0; i < value.size(); ++i) Check(schema["items"], value[i], path + "/" + std::to_string(i), depth + 1);
      }
    }
    if (schema.contains("allOf")) {
      for (const Json& s : schema["allOf"]) Check(s, value, path, depth + 1);
    }
    if (schema.contains("anyOf") || schema.contains("oneOf")) {
      const char* key = schema.contains("anyOf") ? "anyOf" : "oneOf";
      int passing = 0;
      for (const Json& s : schema[key]) passing += Passes(s, value, path, depth);
      if (passing == 0) Fail(path, std::string("matches none of ") + key);
      if (std::string(key) == "oneOf" && passing > 1) Fail(path, "matches more than one of oneOf");
    }
    if (schema.contains("not") && Passes(schema["not"], value, path, depth)) Fail(path, "matches a 'not' schema");
  }

  std::vector<std::string> TakeErrors() { return std::move(errors_); }

 private:
  bool Passes(const Json& schema, const Json& value, const std::string& path, int depth) {
    Validator sub(root_, 1);
    sub.Check(schema, value, path, depth + 1);
    return sub.errors_.empty();
  }

  static bool TypeMatches(const Json& type, const Json& v) {
    if (type.is_array()) {
      for (const Json& t : type) {
        if (TypeMatches(t, v)) return true;
      }
      return false;
    }
    const std::string t = type.get<std::string>();
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "boolean") return v.is_boolean();
    if (t == "null") return v.is_null();
    if (t == "number") return v.is_number();
    if (t == "integer") return v.is_number_integer();
    return false;
  }

  void CheckFormat(const std::string& format, const std::string& s, const std::string& path) {
    static const StatusOr<Regex> uri = Regex::Compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*");
    static const StatusOr<Regex> uri_ref = Regex::Compile("[^\\s]*");
    static const StatusOr<Regex> date_time =
        Regex::Compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})");
    const StatusOr<Regex>* re = format == "uri" ? &uri : format == "uri-reference" ? &uri_ref
                                : format == "date-time"                             ? &date_time
                                                                                    : nullptr;
    if (re == nullptr) return Fail(path, "format '" + format + "' is not supported by this checker");
    if (!(*re)->FullMatch(s)) Fail(path, "'" + s + "' is not a valid " + format);
  }

  const Json* Resolve(const std::string& ref) const {
    if (ref == "#") return &root_;
    if (ref.rfind("#/", 0) != 0) return nullptr;
    const Json* at = &root_;
    size_t start = 2;
    while (start <= ref.size()) {
      size_t end = ref.find('/', start);
      std::string part = ref.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!at->is_object() || !at->contains(part)) return nullptr;
      at = &(*at)[part];
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return at;
  }

  static std::string Escape(const std::string& key) {
    std::string out;
    for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return out;
  }

  void Fail(const std::string& path, const std::string& what) {
    if (errors_.size() < max_errors_) errors_.push_back((path.empty() ? "/" : path) + ": " + what);
  }

  const Json& root_;
  size_t max_errors_;
  std::vector<std::string> errors_;
};

}  // namespace

std::vector<std::string> ValidateJsonSchema(const Json& schema, const Json& document, size_t max_errors) {
  Validator v(schema, max_errors);
  v.Check(schema, document, "", 0);
  return v.TakeErrors();
}

}  // namespace edgescan::testing
