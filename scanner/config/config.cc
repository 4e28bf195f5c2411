// .edgescan.json -> Config. Validation is hand-written, as in ruleset/loader.cc, so a team gets
// ".edgescan.json:6: peers[0].host: must be a string (an RE2 on the URL's host)" instead of a crash or a silent
// no-op. Keys are found on their lines by the order they appear in the text.
#include "config/config.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/json_lines.h"
#include "walk/gitignore.h"

namespace edgescan::config {
namespace {

using Json = nlohmann::ordered_json;


const std::set<std::string> kTopKeys = {"exclude", "include", "peer_api_routes", "peers", "rules", "service",
                                        "settings_module"};


class Parser {
 public:
  Parser(std::string_view text, const std::string& path) : text_(text), path_(path), lines_(text) {}

  StatusOr<Config> Run() {
    Json doc;
    try {
      doc = Json::parse(text_.begin(), text_.end(), nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const Json::parse_error& e) {
      int line = lines_.LineAt(e.byte > 0 ? e.byte - 1 : 0);
      std::string what = e.what();
      size_t p = what.find("syntax error");
      return Error(line, "(json)", p == std::string::npos ? what : what.substr(p));
    } catch (const Json::exception& e) {  // out_of_range: a number beyond double ("1e999")
      return Error(JsonExceptionLine(e.what(), text_, lines_), "(json)", JsonExceptionText(e.what()));
    }
    if (!doc.is_object()) return Error(1, "(top)", "a config file holds one JSON object, e.g. {\"service\": \"shop\"}");
    Config c;
    c.path = path_;
    std::map<std::string, int> kl;
    RETURN_IF_ERROR(Keys(doc, "", kTopKeys, &kl));
    if (doc.contains("service")) {
      RETURN_IF_ERROR(String(doc["service"], "service", kl["service"], &c.service));
      if (c.service.empty()) return Error(kl["service"], "service", "must not be empty (omit it to use the folder's name)");
    }
    if (doc.contains("peers")) RETURN_IF_ERROR(Peers(doc["peers"], kl["peers"], &c));
    if (doc.contains("rules")) {
      RETURN_IF_ERROR(StringList(doc["rules"], "rules", kl["rules"], &c.rules_dirs));
      for (const std::string& r : c.rules_dirs) {
        if (r.empty()) return Error(kl["rules"], "rules", "a rules folder must not be empty");
        c.rules_lines.push_back(kl["rules"]);
      }
    }
    for (const char* key : {"include", "exclude"}) {
      if (!doc.contains(key)) continue;
      std::vector<std::string>& globs = std::string(key) == "include" ? c.include : c.exclude;
      RETURN_IF_ERROR(StringList(doc[key], key, kl[key], &globs));
      for (size_t i = 0; i < globs.size(); ++i) {
        std::string field = std::string(key) + "[" + std::to_string(i) + "]";
        if (globs[i].empty() || globs[i][0] == '#' || globs[i][0] == '!') {
          return Error(kl[key], field, "must be a glob such as \"scripts/\" or \"**/legacy_*.py\" (no empty, # or !)");
        }
        if (globs[i].find('\n') != std::string::npos) return Error(kl[key], field, "must be one line");
        walk::Gitignore probe;
        std::vector<std::string> bad;
        probe.AddLines(globs[i], &bad);
        if (!bad.empty()) return Error(kl[key], field, "'" + globs[i] + "' is not a glob edgescan can read");
      }
    }
    if (doc.contains("settings_module")) {
      RETURN_IF_ERROR(StringList(doc["settings_module"], "settings_module", kl["settings_module"], &c.settings_modules));
      static const StatusOr<Regex> dotted = Regex::Compile(R"([A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)");
      for (const std::string& m : c.settings_modules) {
        if (!dotted->FullMatch(m)) {
          return Error(kl["settings_module"], "settings_module",
                       "'" + m + "' is not a dotted module name such as \"shop.settings.production\"");
        }
      }
      if (c.settings_modules.empty()) return Error(kl["settings_module"], "settings_module", "must name a module");
    }
    if (doc.contains("peer_api_routes")) RETURN_IF_ERROR(Routes(doc["peer_api_routes"], kl["peer_api_routes"], &c));
    return c;
  }

 private:
  Status Error(int line, const std::string& key, const std::string& what) const {
    return InvalidArgumentError(path_ + ":" + std::to_string(line) + ": " + key + ": " + what);
  }

  Status Keys(const Json& obj, const std::string& where, const std::set<std::string>& allowed,
              std::map<std::string, int>* key_lines) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      int line = lines_.Next(it.key());
      (*key_lines)[it.key()] = line;
      if (!allowed.count(it.key())) {
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        return Error(line, where + it.key(), "unknown key; expected one of: " + list);
      }
    }
    return Status::Ok();
  }

  Status String(const Json& v, const std::string& key, int line, std::string* out) const {
    if (!v.is_string()) return Error(line, key, "must be a string");
    *out = v.get<std::string>();
    return Status::Ok();
  }

  Status StringList(const Json& v, const std::string& key, int line, std::vector<std::string>* out) const {
    if (v.is_string()) {
      out->push_back(v.get<std::string>());
      return Status::Ok();
    }
    if (!v.is_array()) return Error(line, key, "must be a string or a list of strings");
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) return Error(line, key + "[" + std::to_string(i) + "]", "must be a string");
      out->push_back(v[i].get<std::string>());
    }
    return Status::Ok();
  }

  Status Pattern(const Json& v, const std::string& key, int line, const char* what, std::shared_ptr<Regex>* out) {
    std::string pattern;
    if (!v.is_string()) return Error(line, key, std::string("must be a string (an RE2 on ") + what + ")");
    pattern = v.get<std::string>();
    if (pattern.empty()) return Error(line, key, std::string("must not be empty (an RE2 on ") + what + ")");
    StatusOr<Regex> re = Regex::Compile(pattern, /*case_insensitive=*/true);
    if (!re.ok()) return Error(line, key, re.status().message());
    *out = std::make_shared<Regex>(std::move(re).value());
    return Status::Ok();
  }

  // "peers": [{"host": RE2, "peer": name}, {"setting": RE2, "peer": name}]
  Status Peers(const Json& v, int line, Config* c) {
    if (!v.is_array()) return Error(line, "peers", "must be a list of {\"host\" or \"setting\": RE2, \"peer\": name}");
    for (size_t i = 0; i < v.size(); ++i) {
      std::string where = "peers[" + std::to_string(i) + "]";
      const Json& e = v[i];
      if (!e.is_object()) return Error(line, where, "must be an object: {\"host\" or \"setting\": RE2, \"peer\": name}");
      std::map<std::string, int> el;
      RETURN_IF_ERROR(Keys(e, where + ".", {"host", "peer", "setting"}, &el));
      PeerAlias a;
      a.line = el.empty() ? line : el.begin()->second;
      if (e.contains("host")) RETURN_IF_ERROR(Pattern(e["host"], where + ".host", el["host"], "the URL's host", &a.host));
      if (e.contains("setting")) {
        RETURN_IF_ERROR(Pattern(e["setting"], where + ".setting", el["setting"], "a setting or env var name", &a.setting));
      }
      if (!a.host && !a.setting) return Error(a.line, where, "needs host or setting (RE2)");
      if (a.host && a.setting) return Error(a.line, where, "takes host or setting, not both (write two aliases)");
      if (!e.contains("peer")) return Error(a.line, where + ".peer", "required: the peer's name");
      RETURN_IF_ERROR(String(e["peer"], where + ".peer", el["peer"], &a.peer));
      if (a.peer.empty()) return Error(el["peer"], where + ".peer", "must not be empty");
      c->peers.push_back(std::move(a));
    }
    return Status::Ok();
  }

  // "peer_api_routes": [{"route" and/or "view": RE2, "peer": name, "kind": "peer_api"|"webhook", "why": text}]
  Status Routes(const Json& v, int line, Config* c) {
    if (!v.is_array()) return Error(line, "peer_api_routes", "must be a list of {\"route\": RE2, \"peer\": name}");
    for (size_t i = 0; i < v.size(); ++i) {
      std::string where = "peer_api_routes[" + std::to_string(i) + "]";
      const Json& e = v[i];
      if (!e.is_object()) return Error(line, where, "must be an object: {\"route\": RE2, \"peer\": name}");
      std::map<std::string, int> el;
      RETURN_IF_ERROR(Keys(e, where + ".", {"kind", "peer", "route", "view", "why"}, &el));
      ruleset::DjangoInboundRouteRule r;
      r.file = path_;
      r.line = el.empty() ? line : el.begin()->second;
      if (e.contains("route")) RETURN_IF_ERROR(Pattern(e["route"], where + ".route", el["route"], "the route", &r.route));
      if (e.contains("view")) {
        RETURN_IF_ERROR(Pattern(e["view"], where + ".view", el["view"], "the view's qualified name", &r.view));
      }
      if (!r.route && !r.view) return Error(r.line, where, "needs route or view (RE2)");
      if (e.contains("kind")) {
        RETURN_IF_ERROR(String(e["kind"], where + ".kind", el["kind"], &r.kind));
        if (r.kind != "peer_api" && r.kind != "webhook") return Error(el["kind"], where + ".kind", "must be peer_api or webhook");
      }
      if (e.contains("peer")) RETURN_IF_ERROR(String(e["peer"], where + ".peer", el["peer"], &r.peer));
      if (e.contains("why")) RETURN_IF_ERROR(String(e["why"], where + ".why", el["why"], &r.why));
      if (r.why.empty()) r.why = "declared in " + path_;
      c->peer_api_routes.push_back(std::move(r));
    }
    return Status::Ok();
  }

  std::string_view text_;
  std::string path_;
  KeyLines lines_;
};

}  // namespace

StatusOr<Config> ParseConfig(std::string_view text, const std::string& path) { return Parser(text, path).Run(); }

StatusOr<std::optional<Config>> LoadConfig(const std::string& root, const std::string& explicit_path) {
  std::string path = explicit_path;
  if (path.empty()) {
    std::error_code ec;
    std::string found = root + "/" + kConfigFileName;
    if (!std::filesystem::is_regular_file(found, ec)) return std::optional<Config>();
    path = found;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgumentError("cannot read config file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return InvalidArgumentError("cannot read config file '" + path + "'");
  StatusOr<Config> c = ParseConfig(ss.str(), path);
  if (!c.ok()) return c.status();
  std::filesystem::path base = std::filesystem::path(path).parent_path();
  for (size_t i = 0; i < c->rules_dirs.size(); ++i) {
    std::filesystem::path dir = c->rules_dirs[i];
    if (dir.is_relative()) dir = base / dir;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      return InvalidArgumentError(path + ":" + std::to_string(c->rules_lines[i]) + ": rules[" + std::to_string(i) +
                                  "]: folder '" + dir.lexically_normal().string() + "' does not exist");
    }
    c->rules_dirs[i] = dir.lexically_normal().string();
  }
  return std::optional<Config>(std::move(c).value());
}

void ApplyConfig(const Config& config, ruleset::RuleSet* rules) {
  std::vector<ruleset::HostPeerRule> hosts;
  for (const PeerAlias& a : config.peers) {
    if (a.host) {
      ruleset::HostPeerRule h;
      h.host = a.host;
      h.peer = a.peer;
      hosts.push_back(std::move(h));
    } else if (a.setting) {
      rules->setting_peers.push_back({a.setting, a.peer});
    }
  }
  rules->hosts.insert(rules->hosts.begin(), hosts.begin(), hosts.end());
  rules->django.inbound_routes.insert(rules->django.inbound_routes.begin(), config.peer_api_routes.begin(),
                                     config.peer_api_routes.end());
}

}  // namespace edgescan::config
