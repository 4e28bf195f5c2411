// Config: a repository's own settings for edgescan, read from `.edgescan.json` at the scan root (or `--config FILE`).
//
// What a team can say about its repository, and where each setting takes effect:
//   service          the service name for edges (--service wins)                        -> edges' `service`, ids
//   peers            host / setting-name RE2 -> peer name, checked before built-in rules   -> detect::PeerFor
//   rules            extra rules folders, relative to the config file (like --rules)       -> ruleset::LoadRuleSet
//   include/exclude  gitignore-style globs on root-relative paths                           -> walk::Walk
//   settings_module  Django settings module(s) to read, instead of discovering them         -> RepoIndex settings
//   peer_api_routes  routes (RE2) peers call, like a rules file's django.inbound_routes     -> detect/django_routes
// The format, field by field, is in README.md ("Per-repository config"). Comments are allowed, as in rule files.
//
// Errors are fatal and precise, like rule files: "PATH:LINE: KEY.PATH: what to do", e.g.
//   .edgescan.json:4: peers[1].host: missing ) at end of pattern
//   .edgescan.json:7: excludes: unknown key; expected one of: exclude, include, peer_api_routes, ...
// ParseConfig never throws and never touches the file system (it is a libFuzzer target); LoadConfig reads the file
// and checks what needs the disk (rules folders exist).
//
//   StatusOr<std::optional<Config>> c = LoadConfig(root, /*explicit_path=*/"");   // discovers ROOT/.edgescan.json
//   if (c.ok() && *c) ApplyConfig(**c, &rules);
#ifndef EDGESCAN_CONFIG_CONFIG_H_
#define EDGESCAN_CONFIG_CONFIG_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/regex.h"
#include "core/status.h"
#include "ruleset/rule.h"

namespace edgescan::config {

// The file name discovered at a scan root.
inline constexpr const char* kConfigFileName = ".edgescan.json";

// One alias: a URL host (RE2 full match, case-insensitive) or a setting / environment variable name (RE2 full match
// on the bare name, "ORDERS_API_URL") -> the peer's name.
struct PeerAlias {
  std::shared_ptr<Regex> host;
  std::shared_ptr<Regex> setting;
  std::string peer;
  int line = 0;
};

struct Config {
  std::string path;  // the file, as given
  std::string service;
  std::vector<PeerAlias> peers;
  std::vector<std::string> rules_dirs;  // as written (relative to the config file's folder unless absolute)
  std::vector<int> rules_lines;         // line of each rules_dirs entry, for LoadConfig's errors
  std::vector<std::string> include;     // gitignore-style globs; empty = every file
  std::vector<std::string> exclude;
  std::vector<std::string> settings_modules;  // dotted module names, in order; empty = discover
  std::vector<ruleset::DjangoInboundRouteRule> peer_api_routes;
};

// Parses a config file's text. `path` is used in error messages only.
StatusOr<Config> ParseConfig(std::string_view text, const std::string& path);

// Reads `explicit_path` (an error when it cannot be read), else ROOT/.edgescan.json when it exists (nullopt when it
// does not). Rules folders are resolved against the config file's folder and must exist.
StatusOr<std::optional<Config>> LoadConfig(const std::string& root, const std::string& explicit_path);

// Puts the config's peer aliases and routes into a loaded rule set, ahead of the rules' own (a team's names win).
void ApplyConfig(const Config& config, ruleset::RuleSet* rules);

}  // namespace edgescan::config

#endif  // EDGESCAN_CONFIG_CONFIG_H_
