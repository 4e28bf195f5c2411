// JSON (with comments) -> typed rules. Why hand-written validation: a team adding a rule must get
// "rules/http/x.json:12: functions[0].url.arg: must be an integer" rather than a crash or a silent no-op.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/json_lines.h"
#include "ruleset/builtin.h"

namespace edgescan::ruleset {
namespace {

using Json = nlohmann::ordered_json;



class Loader {
 public:
  Loader(const std::string& path, const std::string& text, RuleSet* out)
      : path_(path), text_(text), lines_(text), out_(out) {}

  Status Run() {
    Json doc;
    try {
      doc = Json::parse(text_, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const Json::parse_error& e) {
      int line = lines_.LineAt(e.byte > 0 ? e.byte - 1 : 0);
      std::string what = e.what();
      size_t p = what.find("syntax error");
      return Error(line, "(json)", p == std::string::npos ? what : what.substr(p));
    } catch (const Json::exception& e) {  // out_of_range: a number beyond double ("1e999")
      return Error(JsonExceptionLine(e.what(), text_, lines_), "(json)", JsonExceptionText(e.what()));
    }
    if (!doc.is_object()) return Error(1, "(top)", "a rule file must hold one JSON object");
    return TopLevel(doc);
  }

 private:
  Status Error(int line, const std::string& field, const std::string& what) {
    return InvalidArgumentError(path_ + ":" + std::to_string(line) + ": " + field + ": " + what);
  }

  // Visits an object's keys in order, recording each key's line; rejects unknown keys.
  Status Keys(const Json& obj, const std::string& where, const std::set<std::string>& allowed,
              std::map<std::string, int>* key_lines) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      int line = lines_.Next(it.key());
      (*key_lines)[it.key()] = line;
      if (!allowed.count(it.key())) {
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        return Error(line, where + it.key(), "unknown field; expected one of: " + list);
      }
    }
    return Status::Ok();
  }

  Status String(const Json& v, const std::string& field, int line, std::string* out) {
    if (!v.is_string()) return Error(line, field, "must be a string");
    *out = v.get<std::string>();
    return Status::Ok();
  }

  // A JSON object whose values are strings ({"WORD": "Spelling"}), its entries in the order written. `object_error`
  // is said when v is no object, `value_error` when an entry's value is no string.
  Status StringPairs(const Json& v, const std::string& field, int line, const char* object_error, const char* value_error,
                     std::vector<std::pair<std::string, std::string>>* out) {
    if (!v.is_object()) return Error(line, field, object_error);
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it.value().is_string()) return Error(line, field + "." + it.key(), value_error);
      out->emplace_back(it.key(), it.value().get<std::string>());
    }
    return Status::Ok();
  }

  Status StringList(const Json& v, const std::string& field, int line, std::vector<std::string>* out) {
    if (v.is_string()) {
      out->push_back(v.get<std::string>());
      return Status::Ok();
    }
    if (!v.is_array()) return Error(line, field, "must be a string or a list of strings");
    for (const Json& s : v) {
      if (!s.is_string()) return Error(line, field, "must hold only strings");
      out->push_back(s.get<std::string>());
    }
    return Status::Ok();
  }

  Status Arg(const Json& v, const std::string& field, int line, ArgRef* out) {
    if (v.is_null()) return Status::Ok();
    if (v.is_number_integer()) {
      out->arg = v.get<int>();
      return Status::Ok();
    }
    if (v.is_string()) {
      out->kw = v.get<std::string>();
      return Status::Ok();
    }
    if (!v.is_object()) return Error(line, field, "must be {\"arg\": N, \"kw\": \"name\"}, an integer or a keyword name");
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(Keys(v, field + ".", {"arg", "kw", "key"}, &kl));
    if (v.contains("key")) RETURN_IF_ERROR(String(v["key"], field + ".key", kl["key"], &out->key));
    if (v.contains("arg")) {
      if (!v["arg"].is_number_integer() || v["arg"].get<int>() < 0) {
        return Error(kl["arg"], field + ".arg", "must be a non-negative integer (0 = first argument)");
      }
      out->arg = v["arg"].get<int>();
    }
    if (v.contains("kw")) RETURN_IF_ERROR(String(v["kw"], field + ".kw", kl["kw"], &out->kw));
    return Status::Ok();
  }

  // An arg ref, or a list of them: the first is `first`, the others are joined to it with "/".
  Status ArgList(const Json& v, const std::string& field, int line, ArgRef* first, std::vector<ArgRef>* rest) {
    if (!v.is_array()) return Arg(v, field, line, first);
    if (v.empty()) return Error(line, field, "must name at least one argument");
    for (size_t i = 0; i < v.size(); ++i) {
      ArgRef a;
      RETURN_IF_ERROR(Arg(v[i], field + "[" + std::to_string(i) + "]", line, &a));
      if (i == 0) {
        *first = a;
      } else {
        rest->push_back(a);
      }
    }
    return Status::Ok();
  }

  // {"arg": N, "kw": "name", "is": "qualified.name" | "string" | true | false}
  Status Cond(const Json& v, const std::string& field, int line, Condition* out) {
    if (!v.is_object()) return Error(line, field, "must be {\"arg\": N, \"kw\": \"name\", \"is\": value}");
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(Keys(v, field + ".", {"arg", "kw", "is"}, &kl));
    if (!v.contains("arg") && !v.contains("kw")) return Error(line, field, "needs arg and/or kw: which argument to test");
    if (v.contains("arg")) {
      if (!v["arg"].is_number_integer() || v["arg"].get<int>() < 0) {
        return Error(kl["arg"], field + ".arg", "must be a non-negative integer (0 = first argument)");
      }
      out->arg.arg = v["arg"].get<int>();
    }
    if (v.contains("kw")) RETURN_IF_ERROR(String(v["kw"], field + ".kw", kl["kw"], &out->arg.kw));
    if (!v.contains("is")) return Error(line, field + ".is", "required: the qualified name, string or boolean it must be");
    if (v["is"].is_boolean()) {
      out->is_bool = v["is"].get<bool>() ? 1 : 0;
    } else {
      RETURN_IF_ERROR(String(v["is"], field + ".is", kl["is"], &out->is_name));
    }
    return Status::Ok();
  }

  Status Kind(const Json& v, const std::string& field, int line, std::string* out) {
    RETURN_IF_ERROR(String(v, field, line, out));
    if (*out != "http_call" && *out != "sdk_call") return Error(line, field, "must be http_call or sdk_call");
    return Status::Ok();
  }

  Status Call(const Json& v, const std::string& where, int line, CallRule* out) {
    if (!v.is_object()) return Error(line, where, "must be an object");
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(Keys(v, where + ".", {"names", "method", "url", "transport", "peer", "peer_arg", "kind", "no_edge",
                                          "returns", "type_from_arg", "returns_arg", "url_prefix", "path", "only_if",
                                          "url_only", "timeout", "configured_by", "path_overlap", "runs_tools", "model_arg",
                                          "path_args", "client_arg", "url_setting"},
                         &kl));
    out->line = line;
    if (!v.contains("names")) return Error(line, where + ".names", "required: the qualified names this call has");
    RETURN_IF_ERROR(StringList(v["names"], where + ".names", kl["names"], &out->names));
    if (v.contains("method")) {
      const Json& m = v["method"];
      if (m.is_string()) {
        out->method = m.get<std::string>();
      } else {
        RETURN_IF_ERROR(Arg(m, where + ".method", kl["method"], &out->method_arg));
      }
    }
    if (v.contains("url")) RETURN_IF_ERROR(ArgList(v["url"], where + ".url", kl["url"], &out->url, &out->url_join));
    if (v.contains("transport")) RETURN_IF_ERROR(String(v["transport"], where + ".transport", kl["transport"], &out->transport));
    if (v.contains("peer")) RETURN_IF_ERROR(String(v["peer"], where + ".peer", kl["peer"], &out->peer));
    if (v.contains("peer_arg")) RETURN_IF_ERROR(Arg(v["peer_arg"], where + ".peer_arg", kl["peer_arg"], &out->peer_arg));
    if (v.contains("kind")) {
      RETURN_IF_ERROR(String(v["kind"], where + ".kind", kl["kind"], &out->kind));
      if (out->kind != "http_call" && out->kind != "sdk_call") return Error(kl["kind"], where + ".kind", "must be http_call or sdk_call");
    }
    if (v.contains("no_edge")) {
      if (!v["no_edge"].is_boolean()) return Error(kl["no_edge"], where + ".no_edge", "must be true or false");
      out->no_edge = v["no_edge"].get<bool>();
    }
    if (v.contains("returns")) RETURN_IF_ERROR(String(v["returns"], where + ".returns", kl["returns"], &out->returns));
    if (v.contains("type_from_arg")) {
      RETURN_IF_ERROR(Arg(v["type_from_arg"], where + ".type_from_arg", kl["type_from_arg"], &out->type_arg));
      out->type_from_arg = "yes";
    }
    if (v.contains("returns_arg")) {
      RETURN_IF_ERROR(Arg(v["returns_arg"], where + ".returns_arg", kl["returns_arg"], &out->returns_arg));
    }
    if (v.contains("model_arg")) RETURN_IF_ERROR(Arg(v["model_arg"], where + ".model_arg", kl["model_arg"], &out->model_arg));
    if (v.contains("runs_tools")) RETURN_IF_ERROR(StringList(v["runs_tools"], where + ".runs_tools", kl["runs_tools"], &out->runs_tools));
    if (v.contains("url_prefix")) RETURN_IF_ERROR(String(v["url_prefix"], where + ".url_prefix", kl["url_prefix"], &out->url_prefix));
    if (v.contains("path") && v["path"].is_array()) {
      RETURN_IF_ERROR(StringList(v["path"], where + ".path", kl["path"], &out->path_alternatives));
      if (out->path_alternatives.empty()) return Error(kl["path"], where + ".path", "must name at least one path");
      out->path = out->path_alternatives.back();
      out->path_alternatives.pop_back();
    } else if (v.contains("path")) {
      RETURN_IF_ERROR(String(v["path"], where + ".path", kl["path"], &out->path));
    }
    if (v.contains("path_args")) {
      const Json& pa = v["path_args"];
      std::string f = where + ".path_args";
      if (!pa.is_object()) return Error(kl["path_args"], f, "must be an object: {\"placeholder\": arg ref}");
      for (const auto& [name, ref] : pa.items()) {
        ArgRef a;
        RETURN_IF_ERROR(Arg(ref, f + "." + name, kl["path_args"], &a));
        if (!a.present()) return Error(kl["path_args"], f + "." + name, "must name an argument");
        bool named = false;
        for (const std::string* path : {&out->path}) {
          named |= path->find("{" + name + "}") != std::string::npos || path->find("{" + name + "?}") != std::string::npos;
        }
        for (const std::string& path : out->path_alternatives) {
          named |= path.find("{" + name + "}") != std::string::npos || path.find("{" + name + "?}") != std::string::npos;
        }
        if (!named) {
          return Error(kl["path_args"], f + "." + name, "names no {" + name + "} part of path");
        }
        out->path_args.emplace_back(name, a);
      }
    }
    if (v.contains("client_arg")) RETURN_IF_ERROR(Arg(v["client_arg"], where + ".client_arg", kl["client_arg"], &out->client_arg));
    if (v.contains("url_setting")) RETURN_IF_ERROR(String(v["url_setting"], where + ".url_setting", kl["url_setting"], &out->url_setting));
    if (v.contains("only_if")) RETURN_IF_ERROR(Cond(v["only_if"], where + ".only_if", kl["only_if"], &out->only_if));
    if (v.contains("timeout")) {
      if (!v["timeout"].is_boolean()) return Error(kl["timeout"], where + ".timeout", "must be true or false");
      out->timeout = v["timeout"].get<bool>() ? 1 : 0;
    }
    if (v.contains("path_overlap")) {
      if (!v["path_overlap"].is_boolean()) return Error(kl["path_overlap"], where + ".path_overlap", "must be true or false");
      out->path_overlap = v["path_overlap"].get<bool>();
    }
    if (v.contains("url_only")) {
      if (!v["url_only"].is_boolean()) return Error(kl["url_only"], where + ".url_only", "must be true or false");
      out->url_only = v["url_only"].get<bool>();
    }
    if (v.contains("configured_by")) {
      const Json& c = v["configured_by"];
      std::string f = where + ".configured_by";
      if (!c.is_array()) return Error(kl["configured_by"], f, "must be a list of {\"names\", \"arg\", \"key\"}");
      for (size_t i = 0; i < c.size(); ++i) {
        std::string fi = f + "[" + std::to_string(i) + "]";
        if (!c[i].is_object()) return Error(kl["configured_by"], fi, "must be an object");
        std::map<std::string, int> cl;
        RETURN_IF_ERROR(Keys(c[i], fi + ".", {"names", "arg", "key"}, &cl));
        Configurer conf;
        if (!c[i].contains("names") || !c[i].contains("arg")) return Error(kl["configured_by"], fi, "needs names and arg");
        RETURN_IF_ERROR(StringList(c[i]["names"], fi + ".names", cl["names"], &conf.names));
        RETURN_IF_ERROR(Arg(c[i]["arg"], fi + ".arg", cl["arg"], &conf.arg));
        if (c[i].contains("key")) RETURN_IF_ERROR(String(c[i]["key"], fi + ".key", cl["key"], &conf.key));
        out->configured_by.push_back(std::move(conf));
      }
    }
    return Status::Ok();
  }

  Status Class(const Json& v, const std::string& where, int line, ClassRule* out) {
    if (!v.is_object()) return Error(line, where, "must be an object");
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(Keys(v, where + ".", {"names", "type", "base_url", "timeout", "methods", "attributes", "any_method",
                                          "any_method_http", "any_attribute", "fluent", "composable", "url_prefix", "default_url", "connection_from", "client_arg", "verbs", "path_prefix",
                                          "method", "verify", "transport", "peer", "kind", "model_arg"},
                         &kl));
    out->line = line;
    if (v.contains("names")) RETURN_IF_ERROR(StringList(v["names"], where + ".names", kl["names"], &out->names));
    if (!v.contains("type")) return Error(line, where + ".type", "required: the type id objects of this class carry");
    RETURN_IF_ERROR(String(v["type"], where + ".type", kl["type"], &out->type));
    if (v.contains("base_url")) {
      RETURN_IF_ERROR(ArgList(v["base_url"], where + ".base_url", kl["base_url"], &out->base_url, &out->base_url_join));
    }
    if (v.contains("timeout")) RETURN_IF_ERROR(Arg(v["timeout"], where + ".timeout", kl["timeout"], &out->timeout));
    if (v.contains("attributes")) {
      const Json& a = v["attributes"];
      if (!a.is_array()) return Error(kl["attributes"], where + ".attributes", "must be a list of names or {\"name\", \"type\"}");
      for (size_t i = 0; i < a.size(); ++i) {
        std::string f = where + ".attributes[" + std::to_string(i) + "]";
        if (a[i].is_string()) {
          out->attributes.push_back(a[i].get<std::string>());
          continue;
        }
        if (!a[i].is_object()) return Error(kl["attributes"], f, "must be a name or {\"name\": ..., \"type\": ...}");
        std::map<std::string, int> al;
        RETURN_IF_ERROR(Keys(a[i], f + ".", {"name", "type"}, &al));
        AttributeRule r;
        if (!a[i].contains("name") || !a[i].contains("type")) {
          return Error(kl["attributes"], f, "needs name (the attribute) and type (the client type it holds)");
        }
        RETURN_IF_ERROR(String(a[i]["name"], f + ".name", al["name"], &r.name));
        RETURN_IF_ERROR(String(a[i]["type"], f + ".type", al["type"], &r.type));
        out->typed_attributes.push_back(std::move(r));
      }
    }
    for (const char* flag : {"any_attribute", "fluent", "composable"}) {
      if (!v.contains(flag)) continue;
      if (!v[flag].is_boolean()) return Error(kl[flag], where + "." + flag, "must be true or false");
      std::string_view f(flag);
      (f == "fluent" ? out->fluent : f == "composable" ? out->composable : out->any_attribute) = v[flag].get<bool>();
    }
    if (v.contains("url_prefix")) RETURN_IF_ERROR(String(v["url_prefix"], where + ".url_prefix", kl["url_prefix"], &out->url_prefix));
    if (v.contains("model_arg")) RETURN_IF_ERROR(Arg(v["model_arg"], where + ".model_arg", kl["model_arg"], &out->model_arg));
    if (v.contains("client_arg")) RETURN_IF_ERROR(Arg(v["client_arg"], where + ".client_arg", kl["client_arg"], &out->client_arg));
    if (v.contains("verbs")) {
      RETURN_IF_ERROR(StringPairs(v["verbs"], where + ".verbs", kl["verbs"], "must be an object: {\"list\": \"GET\", ...}",
                                  "must be an HTTP method", &out->verbs));
    }
    if (v.contains("path_prefix")) RETURN_IF_ERROR(String(v["path_prefix"], where + ".path_prefix", kl["path_prefix"], &out->path_prefix));
    if (v.contains("connection_from")) {
      RETURN_IF_ERROR(String(v["connection_from"], where + ".connection_from", kl["connection_from"], &out->connection_from));
    }
    if (v.contains("default_url")) {
      RETURN_IF_ERROR(String(v["default_url"], where + ".default_url", kl["default_url"], &out->default_url));
    }
    if (v.contains("method")) RETURN_IF_ERROR(Arg(v["method"], where + ".method", kl["method"], &out->method));
    if (v.contains("verify")) RETURN_IF_ERROR(Arg(v["verify"], where + ".verify", kl["verify"], &out->verify));
    if (v.contains("transport")) RETURN_IF_ERROR(String(v["transport"], where + ".transport", kl["transport"], &out->transport));
    if (v.contains("peer")) RETURN_IF_ERROR(String(v["peer"], where + ".peer", kl["peer"], &out->peer));
    if (v.contains("kind")) RETURN_IF_ERROR(Kind(v["kind"], where + ".kind", kl["kind"], &out->kind));
    if (v.contains("any_method")) {
      if (!v["any_method"].is_boolean()) return Error(kl["any_method"], where + ".any_method", "must be true or false");
      out->any_method = v["any_method"].get<bool>();
    }
    if (v.contains("any_method_http")) {
      RETURN_IF_ERROR(String(v["any_method_http"], where + ".any_method_http", kl["any_method_http"], &out->any_method_http));
    }
    if (v.contains("methods")) {
      if (!v["methods"].is_array()) return Error(kl["methods"], where + ".methods", "must be a list of call rules");
      int i = 0;
      for (const Json& m : v["methods"]) {
        CallRule c;
        RETURN_IF_ERROR(Call(m, where + ".methods[" + std::to_string(i++) + "]", kl["methods"], &c));
        out->methods.push_back(std::move(c));
      }
    }
    return Status::Ok();
  }

  // One RE2 pattern, compiled; an invalid one is an error at `line`.
  Status Compiled(const std::string& pattern, const std::string& field, int line, bool case_insensitive,
                  std::shared_ptr<Regex>* out) {
    StatusOr<Regex> re = Regex::Compile(pattern, case_insensitive);
    if (!re.ok()) return Error(line, field, re.status().message());
    *out = std::make_shared<Regex>(std::move(re).value());
    return Status::Ok();
  }

  Status Patterns(const Json& v, const std::string& field, int line, std::vector<std::shared_ptr<Regex>>* out) {
    std::vector<std::string> pats;
    RETURN_IF_ERROR(StringList(v, field, line, &pats));
    for (const std::string& p : pats) {
      std::shared_ptr<Regex> re;
      RETURN_IF_ERROR(Compiled(p, field, line, false, &re));
      out->push_back(std::move(re));
    }
    return Status::Ok();
  }

  // "scrape": {"html_parsers": [...], "regex_functions": [...], ..., "token_words": RE2}; lists add to earlier files'.
  Status Scrape(const Json& v, int line) {
    if (!v.is_object()) return Error(line, "scrape", "must be an object of scraping signals");
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(Keys(v, "scrape.", {"html_parsers", "xml_parsers", "regex_functions", "regex_compilers", "regex_methods",
                                        "body_attributes", "token_attributes", "lookups", "token_words"},
                         &kl));
    ScrapeRules& out = out_->scrape;
    const std::pair<const char*, std::vector<std::string>*> lists[] = {
        {"html_parsers", &out.html_parsers},         {"xml_parsers", &out.xml_parsers},
        {"regex_functions", &out.regex_functions},
        {"regex_compilers", &out.regex_compilers},   {"regex_methods", &out.regex_methods},
        {"body_attributes", &out.body_attributes},
        {"token_attributes", &out.token_attributes}, {"lookups", &out.lookups}};
    for (const auto& [key, list] : lists) {
      if (v.contains(key)) RETURN_IF_ERROR(StringList(v[key], std::string("scrape.") + key, kl[key], list));
    }
    if (v.contains("token_words")) {
      std::string pattern;
      RETURN_IF_ERROR(String(v["token_words"], "scrape.token_words", kl["token_words"], &pattern));
      StatusOr<Regex> re = Regex::Compile(pattern, /*case_insensitive=*/true);
      if (!re.ok()) return Error(kl["token_words"], "scrape.token_words", re.status().message());
      out.token_words = std::make_shared<Regex>(std::move(re).value());
    }
    return Status::Ok();
  }

  // "backend": {"setting", "connection", "backend", "choices": [{"pattern", "peer", "transport"}]} (rule.h BackendRule).
  Status Backend(const Json& v, int line, BackendRule* out) {
    if (!v.is_object()) return Error(line, "backend", "must be an object {\"setting\", \"choices\": [...]}");
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(Keys(v, "backend.", {"setting", "default", "connection", "factories", "backend", "choices"}, &kl));
    if (!v.contains("setting")) return Error(line, "backend.setting", "required: the setting naming the backend");
    RETURN_IF_ERROR(String(v["setting"], "backend.setting", kl["setting"], &out->setting));
    if (v.contains("default")) RETURN_IF_ERROR(String(v["default"], "backend.default", kl["default"], &out->default_backend));
    if (v.contains("connection")) RETURN_IF_ERROR(Arg(v["connection"], "backend.connection", kl["connection"], &out->connection));
    if (v.contains("backend")) RETURN_IF_ERROR(Arg(v["backend"], "backend.backend", kl["backend"], &out->backend));
    if (v.contains("factories")) RETURN_IF_ERROR(StringList(v["factories"], "backend.factories", kl["factories"], &out->factories));
    if (!v.contains("choices") || !v["choices"].is_array()) {
      return Error(line, "backend.choices", "required: a list of {\"pattern\", \"peer\"}");
    }
    int i = 0;
    for (const Json& c : v["choices"]) {
      std::string where = "backend.choices[" + std::to_string(i++) + "]";
      std::map<std::string, int> cl;
      RETURN_IF_ERROR(Keys(c, where + ".", {"pattern", "peer", "transport", "url", "method"}, &cl));
      if (!c.contains("pattern") || !c.contains("peer")) return Error(kl["choices"], where, "needs pattern and peer");
      BackendChoice choice;
      std::string pattern;
      RETURN_IF_ERROR(String(c["pattern"], where + ".pattern", cl["pattern"], &pattern));
      RETURN_IF_ERROR(Compiled(pattern, where + ".pattern", cl["pattern"], false, &choice.pattern));
      RETURN_IF_ERROR(String(c["peer"], where + ".peer", cl["peer"], &choice.peer));
      if (c.contains("transport")) RETURN_IF_ERROR(String(c["transport"], where + ".transport", cl["transport"], &choice.transport));
      if (c.contains("url")) RETURN_IF_ERROR(String(c["url"], where + ".url", cl["url"], &choice.url));
      if (c.contains("method")) RETURN_IF_ERROR(String(c["method"], where + ".method", cl["method"], &choice.method));
      out->choices.push_back(std::move(choice));
    }
    return Status::Ok();
  }

  Status TopLevel(const Json& doc) {
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(Keys(doc, "", {"id", "library", "kind", "transport", "peer", "backend", "timeout", "functions", "classes",
                                   "env_getters", "env_mappings", "hosts", "peer_words", "peer_resource_words", "model_providers", "django", "scrape", "verify_keywords", "brittle", "url_literals",
                                   "constants", "description"},
                         &kl));
    std::string id;
    if (!doc.contains("id")) return Error(1, "id", "required: a kebab-case id \"<family>-<name>\"");
    RETURN_IF_ERROR(String(doc["id"], "id", kl["id"], &id));
    StatusOr<Regex> kebab = Regex::Compile("[a-z0-9]+(-[a-z0-9]+)+");
    if (!kebab->FullMatch(id)) return Error(kl["id"], "id", "must be kebab-case \"<family>-<name>\", got '" + id + "'");
    for (const ClientRule& c : out_->clients) {
      if (c.id == id) return Error(kl["id"], "id", "duplicate rule id '" + id + "' (also in " + c.file + ")");
    }
    bool is_client = doc.contains("functions") || doc.contains("classes");
    if (!is_client) {
      for (const char* key : {"library", "kind", "transport", "peer", "backend", "timeout", "brittle", "verify_keywords"}) {
        if (doc.contains(key)) return Error(kl[key], key, "applies to client rules only (a file with functions or classes)");
      }
    }
    if (is_client) {
      ClientRule c;
      c.id = id;
      c.file = path_;
      c.library = id;
      if (doc.contains("library")) RETURN_IF_ERROR(String(doc["library"], "library", kl["library"], &c.library));
      if (doc.contains("kind")) {
        RETURN_IF_ERROR(String(doc["kind"], "kind", kl["kind"], &c.kind));
        if (c.kind != "http_call" && c.kind != "sdk_call") return Error(kl["kind"], "kind", "must be http_call or sdk_call");
      }
      if (doc.contains("transport")) RETURN_IF_ERROR(String(doc["transport"], "transport", kl["transport"], &c.transport));
      if (doc.contains("peer")) RETURN_IF_ERROR(String(doc["peer"], "peer", kl["peer"], &c.peer));
      if (doc.contains("brittle")) RETURN_IF_ERROR(StringList(doc["brittle"], "brittle", kl["brittle"], &c.brittle));
      if (doc.contains("backend")) RETURN_IF_ERROR(Backend(doc["backend"], kl["backend"], &c.backend));
      if (doc.contains("verify_keywords")) {
        c.verify_keywords.clear();
        RETURN_IF_ERROR(StringList(doc["verify_keywords"], "verify_keywords", kl["verify_keywords"], &c.verify_keywords));
      }
      if (doc.contains("timeout")) {
        const Json& t = doc["timeout"];
        if (t.is_string() && t.get<std::string>() == "unsupported") {
          c.timeout_unsupported = true;
        } else if (!t.is_boolean()) {
          return Error(kl["timeout"], "timeout", "must be true, false or \"unsupported\"");
        } else {
          c.timeout_applies = t.get<bool>();
        }
      }
      if (doc.contains("functions")) {
        if (!doc["functions"].is_array()) return Error(kl["functions"], "functions", "must be a list of call rules");
        int i = 0;
        for (const Json& f : doc["functions"]) {
          CallRule call;
          RETURN_IF_ERROR(Call(f, "functions[" + std::to_string(i++) + "]", kl["functions"], &call));
          c.functions.push_back(std::move(call));
        }
      }
      if (doc.contains("classes")) {
        if (!doc["classes"].is_array()) return Error(kl["classes"], "classes", "must be a list of class rules");
        int i = 0;
        for (const Json& f : doc["classes"]) {
          ClassRule cls;
          RETURN_IF_ERROR(Class(f, "classes[" + std::to_string(i++) + "]", kl["classes"], &cls));
          c.classes.push_back(std::move(cls));
        }
      }
      out_->clients.push_back(std::move(c));
    }
    if (doc.contains("env_getters")) {
      if (!doc["env_getters"].is_array()) return Error(kl["env_getters"], "env_getters", "must be a list");
      int i = 0;
      for (const Json& g : doc["env_getters"]) {
        std::string where = "env_getters[" + std::to_string(i++) + "]";
        if (!g.is_object()) return Error(kl["env_getters"], where, "must be an object");
        std::map<std::string, int> gl;
        RETURN_IF_ERROR(Keys(g, where + ".", {"names", "patterns", "name", "default", "cast"}, &gl));
        EnvGetterRule r;
        r.file = path_;
        r.line = kl["env_getters"];
        if (g.contains("names")) RETURN_IF_ERROR(StringList(g["names"], where + ".names", gl["names"], &r.names));
        if (g.contains("patterns")) RETURN_IF_ERROR(Patterns(g["patterns"], where + ".patterns", gl["patterns"], &r.patterns));
        if (r.names.empty() && r.patterns.empty()) return Error(r.line, where, "needs names or patterns");
        if (g.contains("name")) {
          r.name = ArgRef{};
          RETURN_IF_ERROR(Arg(g["name"], where + ".name", gl["name"], &r.name));
        }
        if (g.contains("default")) {
          r.default_value = ArgRef{};
          RETURN_IF_ERROR(Arg(g["default"], where + ".default", gl["default"], &r.default_value));
        }
        if (g.contains("cast")) RETURN_IF_ERROR(String(g["cast"], where + ".cast", gl["cast"], &r.cast));
        out_->env_getters.push_back(std::move(r));
      }
    }
    if (doc.contains("env_mappings")) {
      RETURN_IF_ERROR(StringList(doc["env_mappings"], "env_mappings", kl["env_mappings"], &out_->env_mappings));
    }
    if (doc.contains("scrape")) RETURN_IF_ERROR(Scrape(doc["scrape"], kl["scrape"]));
    if (doc.contains("hosts")) {
      if (!doc["hosts"].is_array()) {
        return Error(kl["hosts"], "hosts", "must be a list of {\"host\", \"setting\" or \"path\": RE2, \"peer\": name}");
      }
      int i = 0;
      for (const Json& h : doc["hosts"]) {
        std::string where = "hosts[" + std::to_string(i++) + "]";
        if (!h.is_object()) return Error(kl["hosts"], where, "must be an object");
        std::map<std::string, int> hl;
        RETURN_IF_ERROR(Keys(h, where + ".", {"host", "setting", "path", "peer", "transport"}, &hl));
        HostPeerRule r;
        std::string pattern;
        int kinds = (h.contains("host") ? 1 : 0) + (h.contains("setting") ? 1 : 0) + (h.contains("path") ? 1 : 0);
        if (kinds != 1 || !h.contains("peer")) {
          return Error(kl["hosts"], where, "needs peer and one of host / setting / path");
        }
        const char* field = h.contains("host") ? "host" : h.contains("setting") ? "setting" : "path";
        RETURN_IF_ERROR(String(h[field], where + "." + field, hl[field], &pattern));
        StatusOr<Regex> re = Regex::Compile(pattern, /*case_insensitive=*/true);
        if (!re.ok()) return Error(hl[field], where + "." + field, re.status().message());
        (h.contains("host") ? r.host : h.contains("setting") ? r.setting : r.path) =
            std::make_shared<Regex>(std::move(re).value());
        RETURN_IF_ERROR(String(h["peer"], where + ".peer", hl["peer"], &r.peer));
        if (h.contains("transport")) RETURN_IF_ERROR(String(h["transport"], where + ".transport", hl["transport"], &r.transport));
        out_->hosts.push_back(std::move(r));
      }
    }
    if (doc.contains("peer_words")) {
      std::vector<std::pair<std::string, std::string>> words;
      RETURN_IF_ERROR(StringPairs(doc["peer_words"], "peer_words", kl["peer_words"],
                                  "must be an object {\"WORD\": \"Spelling\"}", "must be a string", &words));
      for (auto& [key, spelling] : words) {
        for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out_->peer_words[key] = spelling;
      }
    }
    if (doc.contains("model_providers")) {
      RETURN_IF_ERROR(StringPairs(doc["model_providers"], "model_providers", kl["model_providers"],
                                  "must be an object {\"prefix\": \"Peer\"}", "must be a string", &out_->model_providers));
      std::stable_sort(out_->model_providers.begin(), out_->model_providers.end(),
                       [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    }
    if (doc.contains("constants")) {
      std::vector<std::pair<std::string, std::string>> constants;
      RETURN_IF_ERROR(StringPairs(doc["constants"], "constants", kl["constants"],
                                  "must be an object {\"qualified.name\": \"value\"}", "must be a string", &constants));
      for (auto& [name, value] : constants) out_->constants[name] = value;
    }
    if (doc.contains("peer_resource_words")) {
      const Json& w = doc["peer_resource_words"];
      if (!w.is_array()) return Error(kl["peer_resource_words"], "peer_resource_words", "must be an array of words");
      for (size_t i = 0; i < w.size(); ++i) {
        std::string word;
        RETURN_IF_ERROR(String(w[i], "peer_resource_words[" + std::to_string(i) + "]", kl["peer_resource_words"], &word));
        for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out_->peer_resource_words.insert(word);
      }
    }
    if (doc.contains("url_literals")) RETURN_IF_ERROR(UrlLiterals(doc["url_literals"], kl["url_literals"]));
    if (doc.contains("django")) RETURN_IF_ERROR(Django(doc["django"], kl["django"]));
    out_->files.push_back(path_);
    return Status::Ok();
  }

  // "django": {...}: urlconf and inbound-view knowledge (rule.h DjangoRules; rules/README.md "Inbound: Django").
  // Lists append to what earlier files loaded, so a team's --rules DIR can extend every list.
  Status Django(const Json& v, int line) {
    if (!v.is_object()) return Error(line, "django", "must be an object (see rules/README.md, \"Inbound: Django\")");
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(
        Keys(v, "django.",
             {"path_functions", "re_path_functions", "include_functions", "passthrough_functions", "debug_settings",
              "request_settings", "request_base_prefixes", "request_methods", "request_tag_libraries", "request_decorators", "setting_parameters", "decorators", "view_bases", "routers", "auth_classes", "signature_functions", "compare_functions", "verifier_peers", "social_auth_backends",
              "headers", "webhook_words", "peer_phrases", "secret_settings", "external_urlconfs", "inbound_routes",
              "reference_data_words", "catalogue_words", "browser_token_middleware", "service_user_settings", "service_user_permissions"},
             &kl));
    DjangoRules& out = out_->django;
    // Fields are read in document order so that each key's line (KeyLines) is the right one.
    std::map<std::string, std::function<Status()>> read;
    for (const auto& [key, list] : std::vector<std::pair<const char*, std::vector<std::string>*>>{
             {"path_functions", &out.path_functions},
             {"re_path_functions", &out.re_path_functions},
             {"include_functions", &out.include_functions},
             {"passthrough_functions", &out.passthrough_functions},
             {"debug_settings", &out.debug_settings},
             {"request_settings", &out.request_settings},
             {"browser_token_middleware", &out.browser_token_middleware},
             {"service_user_permissions", &out.service_user_permissions},
             {"request_base_prefixes", &out.request_base_prefixes},
             {"request_methods", &out.request_methods},
             {"request_tag_libraries", &out.request_tag_libraries},
             {"request_decorators", &out.request_decorators},
             {"signature_functions", &out.signature_functions},
             {"compare_functions", &out.compare_functions}}) {
      read[key] = [&, key = std::string(key), list = list] {
        return StringList(v[key], "django." + key, kl[key], list);
      };
    }
    auto methods = [&](const Json& m, const std::string& field, int at, std::vector<std::string>* to) -> Status {
      RETURN_IF_ERROR(StringList(m, field, at, to));
      for (std::string& s : *to) {
        for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (s != "GET" && s != "POST" && s != "PUT" && s != "PATCH" && s != "DELETE" && s != "HEAD" && s != "OPTIONS") {
          return Error(at, field, "'" + s + "' is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)");
        }
      }
      return Status::Ok();
    };
    auto kind = [&](const Json& k, const std::string& field, int at, std::string* to) -> Status {
      RETURN_IF_ERROR(String(k, field, at, to));
      if (*to != "webhook" && *to != "peer_api") return Error(at, field, "must be webhook or peer_api");
      return Status::Ok();
    };
    auto boolean = [&](const Json& b, const std::string& field, int at, bool* to) -> Status {
      if (!b.is_boolean()) return Error(at, field, "must be true or false");
      *to = b.get<bool>();
      return Status::Ok();
    };
    auto objects = [&](const char* key, const std::string& shape,
                       const std::function<Status(const Json&, const std::string&, int)>& each) -> Status {
      if (!v.contains(key)) return Status::Ok();
      std::string field = std::string("django.") + key;
      if (!v[key].is_array()) return Error(kl[key], field, "must be a list of " + shape);
      int i = 0;
      for (const Json& e : v[key]) {
        std::string where = field + "[" + std::to_string(i++) + "]";
        if (!e.is_object()) return Error(kl[key], where, "must be an object: " + shape);
        RETURN_IF_ERROR(each(e, where, kl[key]));
      }
      return Status::Ok();
    };
    auto regex = [&](const Json& p, const std::string& field, int at, std::shared_ptr<Regex>* to) -> Status {
      std::string pattern;
      RETURN_IF_ERROR(String(p, field, at, &pattern));
      return Compiled(pattern, field, at, /*case_insensitive=*/true, to);
    };

    read["decorators"] = [&] {
      return objects("decorators", "{\"names\": [...], ...}", [&](const Json& e, const std::string& where, int at) {
        std::map<std::string, int> el;
        RETURN_IF_ERROR(Keys(e, where + ".",
                             {"names", "methods", "methods_arg", "csrf_exempt", "auth", "authentication_classes",
                              "permission_classes", "wraps", "action", "detail", "url_path"},
                             &el));
        DjangoDecoratorRule r;
        r.line = at;
        if (!e.contains("names")) return Error(at, where + ".names", "required: the decorator's qualified names");
        RETURN_IF_ERROR(StringList(e["names"], where + ".names", el["names"], &r.names));
        if (e.contains("methods"))
          RETURN_IF_ERROR(methods(e["methods"], where + ".methods", el["methods"], &r.methods));
        if (e.contains("methods_arg"))
          RETURN_IF_ERROR(Arg(e["methods_arg"], where + ".methods_arg", el["methods_arg"], &r.methods_arg));
        if (e.contains("csrf_exempt"))
          RETURN_IF_ERROR(boolean(e["csrf_exempt"], where + ".csrf_exempt", el["csrf_exempt"], &r.csrf_exempt));
        if (e.contains("auth")) RETURN_IF_ERROR(String(e["auth"], where + ".auth", el["auth"], &r.auth));
        if (e.contains("authentication_classes")) {
          RETURN_IF_ERROR(Arg(e["authentication_classes"], where + ".authentication_classes",
                              el["authentication_classes"], &r.authentication_classes));
        }
        if (e.contains("permission_classes")) {
          RETURN_IF_ERROR(Arg(e["permission_classes"], where + ".permission_classes", el["permission_classes"],
                              &r.permission_classes));
        }
        if (e.contains("wraps")) RETURN_IF_ERROR(Arg(e["wraps"], where + ".wraps", el["wraps"], &r.wraps));
        if (e.contains("action")) RETURN_IF_ERROR(boolean(e["action"], where + ".action", el["action"], &r.action));
        if (e.contains("detail")) {
          bool d = false;
          RETURN_IF_ERROR(boolean(e["detail"], where + ".detail", el["detail"], &d));
          r.detail = d ? 1 : 0;
        }
        if (e.contains("url_path"))
          RETURN_IF_ERROR(Arg(e["url_path"], where + ".url_path", el["url_path"], &r.url_path));
        out.decorators.push_back(std::move(r));
        return Status::Ok();
      });
    };
    read["view_bases"] = [&] {
      return objects("view_bases", "{\"names\": [...], \"methods\"|\"actions\": [...]}",
                     [&](const Json& e, const std::string& where, int at) {
                       std::map<std::string, int> el;
                       RETURN_IF_ERROR(Keys(e, where + ".", {"names", "methods", "actions"}, &el));
                       DjangoViewBaseRule r;
                       r.line = at;
                       if (!e.contains("names"))
                         return Error(at, where + ".names", "required: the base classes' qualified names");
                       RETURN_IF_ERROR(StringList(e["names"], where + ".names", el["names"], &r.names));
                       if (e.contains("methods"))
                         RETURN_IF_ERROR(methods(e["methods"], where + ".methods", el["methods"], &r.methods));
                       if (e.contains("actions"))
                         RETURN_IF_ERROR(StringList(e["actions"], where + ".actions", el["actions"], &r.actions));
                       out.view_bases.push_back(std::move(r));
                       return Status::Ok();
                     });
    };
    read["routers"] = [&] {
      return objects(
          "routers", "{\"names\": [...], \"routes\": [...]}", [&](const Json& e, const std::string& where, int at) {
            std::map<std::string, int> el;
            RETURN_IF_ERROR(Keys(e, where + ".", {"names", "register", "trailing_slash", "parent_prefix", "parent_lookup", "routes"}, &el));
            DjangoRouterRule r;
            r.line = at;
            if (!e.contains("names"))
              return Error(at, where + ".names", "required: the router classes' qualified names");
            RETURN_IF_ERROR(StringList(e["names"], where + ".names", el["names"], &r.names));
            if (e.contains("register"))
              RETURN_IF_ERROR(String(e["register"], where + ".register", el["register"], &r.register_method));
            if (e.contains("parent_prefix")) {
              RETURN_IF_ERROR(Arg(e["parent_prefix"], where + ".parent_prefix", el["parent_prefix"], &r.parent_prefix));
            }
            if (e.contains("parent_lookup")) {
              RETURN_IF_ERROR(Arg(e["parent_lookup"], where + ".parent_lookup", el["parent_lookup"], &r.parent_lookup));
            }
            if (e.contains("trailing_slash")) {
              RETURN_IF_ERROR(
                  Arg(e["trailing_slash"], where + ".trailing_slash", el["trailing_slash"], &r.trailing_slash));
            }
            if (!e.contains("routes") || !e["routes"].is_array()) {
              return Error(el.count("routes") ? el["routes"] : at, where + ".routes",
                           "required: a list of {\"url\": template, \"mapping\": {method: action}, \"detail\": bool}");
            }
            int k = 0;
            for (const Json& route : e["routes"]) {
              std::string rw = where + ".routes[" + std::to_string(k++) + "]";
              if (!route.is_object()) return Error(el["routes"], rw, "must be an object");
              std::map<std::string, int> rl;
              RETURN_IF_ERROR(Keys(route, rw + ".", {"url", "mapping", "detail", "dynamic"}, &rl));
              DjangoRouterRoute rr;
              if (!route.contains("url"))
                return Error(el["routes"], rw + ".url", "required: a template such as \"{prefix}{trailing_slash}\"");
              RETURN_IF_ERROR(String(route["url"], rw + ".url", rl["url"], &rr.url));
              if (rr.url.find("{prefix}") == std::string::npos)
                return Error(rl["url"], rw + ".url", "must contain {prefix}");
              if (route.contains("detail"))
                RETURN_IF_ERROR(boolean(route["detail"], rw + ".detail", rl["detail"], &rr.detail));
              if (route.contains("dynamic"))
                RETURN_IF_ERROR(boolean(route["dynamic"], rw + ".dynamic", rl["dynamic"], &rr.dynamic));
              if (route.contains("mapping")) {
                const Json& m = route["mapping"];
                if (!m.is_object())
                  return Error(rl["mapping"], rw + ".mapping", "must be an object {\"get\": \"list\", ...}");
                for (auto it = m.begin(); it != m.end(); ++it) {
                  if (!it.value().is_string())
                    return Error(rl["mapping"], rw + ".mapping." + it.key(), "must be an action name");
                  rr.mapping.emplace_back(it.key(), it.value().get<std::string>());
                }
              }
              r.routes.push_back(std::move(rr));
            }
            out.routers.push_back(std::move(r));
            return Status::Ok();
          });
    };
    read["setting_parameters"] = [&] {
      return objects("setting_parameters", "{\"setting\", \"parameter\", \"type\"}",
                     [&](const Json& e, const std::string& where, int at) {
                       std::map<std::string, int> el;
                       RETURN_IF_ERROR(Keys(e, where + ".", {"setting", "parameter", "type"}, &el));
                       DjangoSettingParameterRule r;
                       for (const auto& [key, field] : std::vector<std::pair<const char*, std::string*>>{
                                {"setting", &r.setting}, {"parameter", &r.parameter}, {"type", &r.type}}) {
                         if (!e.contains(key)) return Error(at, where + "." + key, "required");
                         RETURN_IF_ERROR(String(e[key], where + "." + key, el[key], field));
                       }
                       out.setting_parameters.push_back(std::move(r));
                       return Status::Ok();
                     });
    };
    read["auth_classes"] = [&] {
      return objects("auth_classes", "{\"names\" or \"pattern\", \"auth\": label}",
                     [&](const Json& e, const std::string& where, int at) {
                       std::map<std::string, int> el;
                       RETURN_IF_ERROR(Keys(e, where + ".", {"names", "pattern", "auth", "peer"}, &el));
                       DjangoAuthRule r;
                       r.line = at;
                       if (e.contains("names"))
                         RETURN_IF_ERROR(StringList(e["names"], where + ".names", el["names"], &r.names));
                       if (e.contains("pattern"))
                         RETURN_IF_ERROR(regex(e["pattern"], where + ".pattern", el["pattern"], &r.pattern));
                       if (r.names.empty() && !r.pattern) return Error(at, where, "needs names or pattern");
                       if (!e.contains("auth"))
                         return Error(at, where + ".auth",
                                      "required: hmac, oauth2, jwt, api_key, basic, shared_secret, session or none");
                       RETURN_IF_ERROR(String(e["auth"], where + ".auth", el["auth"], &r.auth));
                       if (e.contains("peer")) RETURN_IF_ERROR(String(e["peer"], where + ".peer", el["peer"], &r.peer));
                       out.auth_classes.push_back(std::move(r));
                       return Status::Ok();
                     });
    };
    read["verifier_peers"] = [&] {
      const Json& w = v["verifier_peers"];
      if (!w.is_object()) {
        return Error(kl["verifier_peers"], "django.verifier_peers", "must be an object {\"qualified.name\": \"Peer\"}");
      }
      for (auto it = w.begin(); it != w.end(); ++it) {
        std::string peer;
        RETURN_IF_ERROR(String(it.value(), "django.verifier_peers." + it.key(), kl["verifier_peers"], &peer));
        out.verifier_peers[it.key()] = peer;
      }
      return Status::Ok();
    };
    read["social_auth_backends"] = [&] {
      const Json& w = v["social_auth_backends"];
      if (!w.is_object()) {
        return Error(kl["social_auth_backends"], "django.social_auth_backends",
                     "must be an object {\"qualified.name\": \"Peer\" or \"\"}");
      }
      for (auto it = w.begin(); it != w.end(); ++it) {
        std::string peer;
        RETURN_IF_ERROR(
            String(it.value(), "django.social_auth_backends." + it.key(), kl["social_auth_backends"], &peer));
        out.social_auth_backends[it.key()] = peer;
      }
      return Status::Ok();
    };
    read["headers"] = [&] {
      return objects("headers", "{\"pattern\": RE2, \"auth\": label, \"peer\": name}",
                     [&](const Json& e, const std::string& where, int at) {
                       std::map<std::string, int> el;
                       RETURN_IF_ERROR(Keys(e, where + ".", {"pattern", "auth", "peer"}, &el));
                       DjangoHeaderRule r;
                       r.line = at;
                       if (!e.contains("pattern"))
                         return Error(at, where + ".pattern", "required: RE2 on the header name as read");
                       RETURN_IF_ERROR(regex(e["pattern"], where + ".pattern", el["pattern"], &r.pattern));
                       if (!e.contains("auth"))
                         return Error(at, where + ".auth", "required: the auth such a header shows");
                       RETURN_IF_ERROR(String(e["auth"], where + ".auth", el["auth"], &r.auth));
                       if (e.contains("peer")) RETURN_IF_ERROR(String(e["peer"], where + ".peer", el["peer"], &r.peer));
                       out.headers.push_back(std::move(r));
                       return Status::Ok();
                     });
    };
    for (const auto& [key_c, list_c] : std::vector<std::pair<const char*, std::vector<std::shared_ptr<Regex>>*>>{
             {"webhook_words", &out.webhook_words},
             {"reference_data_words", &out.reference_data_words},
             {"catalogue_words", &out.catalogue_words},
             {"peer_phrases", &out.peer_phrases},
             {"secret_settings", &out.secret_settings},
             {"service_user_settings", &out.service_user_settings}}) {
      read[key_c] = [&, key = std::string(key_c), list = list_c]() -> Status {
        std::vector<std::shared_ptr<Regex>> compiled;
        std::string field = "django." + key;
        if (key == "peer_phrases") {
          // Case matters here: a peer is a capitalised name.
          std::vector<std::string> pats;
          RETURN_IF_ERROR(StringList(v[key], field, kl[key], &pats));
          for (const std::string& p : pats) {
            StatusOr<Regex> re = Regex::Compile(p);
            if (!re.ok()) return Error(kl[key], field, re.status().message());
            if (p.find('(') == std::string::npos)
              return Error(kl[key], field, "'" + p + "' needs a capture group naming the peer");
            compiled.push_back(std::make_shared<Regex>(std::move(re).value()));
          }
        } else {
          std::vector<std::string> pats;
          RETURN_IF_ERROR(StringList(v[key], field, kl[key], &pats));
          for (const std::string& p : pats) {
            StatusOr<Regex> re = Regex::Compile(p, /*case_insensitive=*/true);
            if (!re.ok()) return Error(kl[key], field, re.status().message());
            compiled.push_back(std::make_shared<Regex>(std::move(re).value()));
          }
        }
        for (auto& c : compiled) list->push_back(std::move(c));
        return Status::Ok();
      };
    }
    read["external_urlconfs"] = [&] {
      return objects(
          "external_urlconfs", "{\"names\"|\"patterns\", \"plain\": bool, \"routes\": [...]}",
          [&](const Json& e, const std::string& where, int at) {
            std::map<std::string, int> el;
            RETURN_IF_ERROR(Keys(e, where + ".", {"names", "patterns", "plain", "routes"}, &el));
            DjangoExternalUrlconfRule r;
            r.file = path_;
            r.line = at;
            if (e.contains("names")) RETURN_IF_ERROR(StringList(e["names"], where + ".names", el["names"], &r.names));
            if (e.contains("patterns"))
              RETURN_IF_ERROR(Patterns(e["patterns"], where + ".patterns", el["patterns"], &r.patterns));
            if (r.names.empty() && r.patterns.empty()) return Error(at, where, "needs names or patterns");
            if (e.contains("plain")) RETURN_IF_ERROR(boolean(e["plain"], where + ".plain", el["plain"], &r.plain));
            if (e.contains("routes")) {
              if (!e["routes"].is_array()) return Error(el["routes"], where + ".routes", "must be a list of routes");
              int k = 0;
              for (const Json& route : e["routes"]) {
                std::string rw = where + ".routes[" + std::to_string(k++) + "]";
                if (!route.is_object()) return Error(el["routes"], rw, "must be an object");
                std::map<std::string, int> rl;
                RETURN_IF_ERROR(Keys(route, rw + ".", {"route", "methods", "kind", "view", "auth", "peer"}, &rl));
                DjangoExternalRoute rr;
                if (!route.contains("route"))
                  return Error(el["routes"], rw + ".route", "required: the route below the mount point");
                RETURN_IF_ERROR(String(route["route"], rw + ".route", rl["route"], &rr.route));
                if (route.contains("methods"))
                  RETURN_IF_ERROR(methods(route["methods"], rw + ".methods", rl["methods"], &rr.methods));
                if (route.contains("kind")) RETURN_IF_ERROR(kind(route["kind"], rw + ".kind", rl["kind"], &rr.kind));
                if (route.contains("view")) RETURN_IF_ERROR(String(route["view"], rw + ".view", rl["view"], &rr.view));
                if (route.contains("auth")) RETURN_IF_ERROR(String(route["auth"], rw + ".auth", rl["auth"], &rr.auth));
                if (route.contains("peer")) RETURN_IF_ERROR(String(route["peer"], rw + ".peer", rl["peer"], &rr.peer));
                r.routes.push_back(std::move(rr));
              }
            }
            if (r.plain && !r.routes.empty())
              return Error(el["plain"], where + ".plain", "a plain urlconf has no routes to list");
            out.external_urlconfs.push_back(std::move(r));
            return Status::Ok();
          });
    };
    read["inbound_routes"] = [&] {
      return objects("inbound_routes", "{\"route\"|\"view\": RE2, \"kind\", \"peer\", \"why\", \"when_mounted\", \"transport\"}",
                     [&](const Json& e, const std::string& where, int at) {
                       std::map<std::string, int> el;
                       RETURN_IF_ERROR(Keys(e, where + ".", {"route", "view", "kind", "peer", "why", "when_mounted", "transport"}, &el));
                       DjangoInboundRouteRule r;
                       r.file = path_;
                       r.line = at;
                       if (e.contains("route"))
                         RETURN_IF_ERROR(regex(e["route"], where + ".route", el["route"], &r.route));
                       if (e.contains("view")) RETURN_IF_ERROR(regex(e["view"], where + ".view", el["view"], &r.view));
                       if (!r.route && !r.view) return Error(at, where, "needs route or view (RE2)");
                       if (e.contains("kind")) RETURN_IF_ERROR(kind(e["kind"], where + ".kind", el["kind"], &r.kind));
                       if (e.contains("peer")) RETURN_IF_ERROR(String(e["peer"], where + ".peer", el["peer"], &r.peer));
                       if (!e.contains("why")) return Error(at, where + ".why", "required: say what such routes are");
                       RETURN_IF_ERROR(String(e["why"], where + ".why", el["why"], &r.why));
                       if (e.contains("when_mounted"))
                         RETURN_IF_ERROR(String(e["when_mounted"], where + ".when_mounted", el["when_mounted"],
                                                &r.when_mounted));
                       if (e.contains("transport"))
                         RETURN_IF_ERROR(String(e["transport"], where + ".transport", el["transport"], &r.transport));
                       out.inbound_routes.push_back(std::move(r));
                       return Status::Ok();
                     });
    };
    for (auto it = v.begin(); it != v.end(); ++it) RETURN_IF_ERROR(read.at(it.key())());
    return Status::Ok();
  }

  // "url_literals": {"schemes": [...], "deny": [{"host"|"url": RE2, "why": text}], "allow": [...]}.
  Status UrlLiterals(const Json& v, int line) {
    if (!v.is_object()) return Error(line, "url_literals", "must be an object with schemes, deny and allow");
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(Keys(v, "url_literals.", {"schemes", "deny", "allow"}, &kl));
    UrlLiteralRules& out = out_->url_literals;
    if (v.contains("schemes")) {
      std::vector<std::string> schemes;
      RETURN_IF_ERROR(StringList(v["schemes"], "url_literals.schemes", kl["schemes"], &schemes));
      StatusOr<Regex> scheme_re = Regex::Compile("[a-z][a-z0-9+.-]*");
      for (const std::string& s : schemes) {
        if (!scheme_re->FullMatch(s)) {
          return Error(kl["schemes"], "url_literals.schemes", "'" + s + "' is not a lower-case URL scheme (\"https\")");
        }
        if (std::find(out.schemes.begin(), out.schemes.end(), s) == out.schemes.end()) out.schemes.push_back(s);
      }
    }
    for (auto item = v.begin(); item != v.end(); ++item) {  // document order, so key lines stay in step
      const std::string list = item.key();
      if (list != "deny" && list != "allow") continue;
      std::string field = "url_literals." + list;
      if (!item.value().is_array()) return Error(kl[list], field, "must be a list of {\"host\" or \"url\": RE2, \"why\": text}");
      int i = 0;
      for (const Json& entry : item.value()) {
        std::string where = field + "[" + std::to_string(i++) + "]";
        if (!entry.is_object()) return Error(kl[list], where, "must be an object");
        std::map<std::string, int> el;
        RETURN_IF_ERROR(Keys(entry, where + ".", {"host", "url", "why"}, &el));
        if (entry.contains("host") == entry.contains("url")) {
          return Error(kl[list], where, "needs exactly one of host (RE2 on the URL's host) or url (RE2 on the literal)");
        }
        UrlLiteralRule r;
        r.file = path_;
        const char* key = entry.contains("host") ? "host" : "url";
        r.line = el[key];
        std::string pattern;
        RETURN_IF_ERROR(String(entry[key], where + "." + key, el[key], &pattern));
        StatusOr<Regex> re = Regex::Compile(pattern, /*case_insensitive=*/true);
        if (!re.ok()) return Error(el[key], where + "." + key, re.status().message());
        (entry.contains("host") ? r.host : r.url) = std::make_shared<Regex>(std::move(re).value());
        if (!entry.contains("why")) return Error(kl[list], where + ".why", "required: say what such URLs are");
        RETURN_IF_ERROR(String(entry["why"], where + ".why", el["why"], &r.why));
        (list == "deny" ? out.deny : out.allow).push_back(std::move(r));
      }
    }
    return Status::Ok();
  }

  const std::string& path_;
  const std::string& text_;
  KeyLines lines_;
  RuleSet* out_;
};

}  // namespace

Status LoadRuleText(const std::string& path, const std::string& text, RuleSet* out) {
  return Loader(path, text, out).Run();
}

}  // namespace edgescan::ruleset
