// The graph manifest (docs/GRAPH.md): which scans make up the system, and what the code cannot say (hosts a service
// answers on, the setting names peers use for it). A wrong manifest stops the command with one line naming the field,
// as a bad --rules file does.
#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "graph/graph.h"

namespace edgescan::graph {
namespace {

using Json = nlohmann::json;

Status FieldError(const std::string& path, const std::string& where, const std::string& what) {
  return InvalidArgumentError(path + ": " + where + ": " + what);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A path in the manifest is relative to the manifest's folder.
std::string Relative(const std::string& manifest_path, const std::string& p) {
  std::filesystem::path fp(p);
  if (fp.is_absolute()) return fp.lexically_normal().string();
  std::filesystem::path dir = std::filesystem::path(manifest_path).parent_path();
  std::string joined = (dir / fp).lexically_normal().string();
  while (joined.size() > 1 && joined.back() == '/') joined.pop_back();
  return joined;
}

Status StringList(const Json& o, const char* key, const std::string& path, const std::string& where,
                  std::vector<std::string>* out) {
  const Json& v = o[key];
  if (!v.is_array()) return FieldError(path, where + "." + key, "must be a list of strings");
  for (size_t i = 0; i < v.size(); ++i) {
    std::string w = where + "." + key + "[" + std::to_string(i) + "]";
    if (!v[i].is_string()) return FieldError(path, w, "must be a string");
    std::string s = v[i].get<std::string>();
    if (s.empty()) return FieldError(path, w, "must not be empty");
    out->push_back(std::move(s));
  }
  return Status::Ok();
}

}  // namespace

const ManifestService* Manifest::Find(std::string_view name) const {
  for (const ManifestService& s : services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

StatusOr<Manifest> ParseManifest(std::string_view text, const std::string& path) {
  Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (doc.is_discarded()) return FieldError(path, "(top)", "not JSON (expected {\"services\": [...]})");
  if (!doc.is_object()) return FieldError(path, "(top)", "must be an object {\"services\": [...]}");
  for (const auto& [key, value] : doc.items()) {
    if (key != "services") return FieldError(path, key, "unknown field (expected services)");
  }
  if (!doc.contains("services")) return FieldError(path, "services", "missing (a list of services)");
  const Json& list = doc["services"];
  if (!list.is_array()) return FieldError(path, "services", "must be a list of services");
  if (list.empty()) return FieldError(path, "services", "must name at least one service");
  Manifest m;
  std::map<std::string, std::string> host_owner;  // lower-cased host -> service
  for (size_t i = 0; i < list.size(); ++i) {
    std::string where = "services[" + std::to_string(i) + "]";
    const Json& o = list[i];
    if (!o.is_object())
      return FieldError(path, where, "must be an object {name, scan or root, hosts, settings, peers}");
    for (const auto& [key, value] : o.items()) {
      if (key != "name" && key != "scan" && key != "root" && key != "hosts" && key != "settings" && key != "peers") {
        return FieldError(path, where + "." + key, "unknown field (expected name, scan, root, hosts, settings, peers)");
      }
    }
    ManifestService s;
    if (!o.contains("name")) return FieldError(path, where + ".name", "missing (the service's name)");
    if (!o["name"].is_string() || o["name"].get<std::string>().empty()) {
      return FieldError(path, where + ".name", "must be a non-empty string");
    }
    s.name = o["name"].get<std::string>();
    if (m.Find(s.name) != nullptr) return FieldError(path, where + ".name", "'" + s.name + "' is listed twice");
    for (const char* key : {"scan", "root"}) {
      if (!o.contains(key)) continue;
      if (!o[key].is_string() || o[key].get<std::string>().empty()) {
        return FieldError(path, where + "." + key, "must be a non-empty path");
      }
      (std::string(key) == "scan" ? s.scan : s.root) = Relative(path, o[key].get<std::string>());
    }
    if (!s.scan.empty() && !s.root.empty()) {
      return FieldError(path, where + ".root", "give scan or root, not both");
    }
    if (o.contains("hosts")) {
      RETURN_IF_ERROR(StringList(o, "hosts", path, where, &s.hosts));
      for (size_t h = 0; h < s.hosts.size(); ++h) {
        std::string w = where + ".hosts[" + std::to_string(h) + "]";
        std::string& host = s.hosts[h];
        host = Lower(host);
        if (host.find("://") != std::string::npos || host.find('/') != std::string::npos) {
          return FieldError(path, w, "'" + host + "' must be a host name (catalog.example.org), not a URL");
        }
        if (host.find('*') != std::string::npos &&
            (host.rfind("*.", 0) != 0 || host.find('*', 1) != std::string::npos)) {
          return FieldError(path, w, "'" + host + "': a wildcard is only allowed as a leading '*.'");
        }
        size_t colon = host.find(':');
        if (colon != std::string::npos) host = host.substr(0, colon);  // ports do not tell services apart
        auto [it, inserted] = host_owner.emplace(host, s.name);
        if (!inserted && it->second != s.name) {
          return FieldError(path, w, "'" + host + "' is already a host of '" + it->second + "'");
        }
      }
    }
    if (o.contains("settings")) {
      std::vector<std::string> patterns;
      RETURN_IF_ERROR(StringList(o, "settings", path, where, &patterns));
      for (size_t p = 0; p < patterns.size(); ++p) {
        for (char c : patterns[p]) {
          if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '*' && c != '?') {
            return FieldError(path, where + ".settings[" + std::to_string(p) + "]",
                              "'" + patterns[p] + "' must be a setting name pattern (letters, digits, _, * and ?)");
          }
        }
      }
      s.settings = std::move(patterns);
    }
    if (o.contains("peers")) RETURN_IF_ERROR(StringList(o, "peers", path, where, &s.peers));
    m.services.push_back(std::move(s));
  }
  return m;
}

}  // namespace edgescan::graph
