#include "detect/context.h"

#include <algorithm>

namespace edgescan::detect {

using resolve::Origin;
using resolve::Value;

bool In(const std::vector<std::string>& list, std::string_view s) {
  return !s.empty() && std::find(list.begin(), list.end(), s) != list.end();
}

Provenance ProvenanceOf(const resolve::Scope& scope, const facts::Expr& e) {
  Provenance p;
  p.file = scope.module != nullptr ? scope.module->path : "";
  p.line = e.line;
  p.column = e.column;
  p.function = scope.qualname();
  return p;
}

Provenance ProvenanceAt(const facts::ModuleFacts& m, int line, int column, const std::string& function) {
  Provenance p;
  p.file = m.path;
  p.line = line;
  p.column = column;
  p.function = function;
  return p;
}

edges::Url UrlFromValue(const Value& v) {
  edges::Url u;
  // The value is the URL as far as it is static; parts known only at run time stay {name}. Null when not even the
  // scheme and host are static.
  if (v.kind == Value::Kind::kString && v.known) {
    // A root configured empty (`BRAZE_API_URL = ""` until a deployment sets it) leaves a bare path: not a URL; nor
    // is a library's request path when the client's base URL was not found (OpenSearch's "/_aliases").
    bool rootless = !v.tmpl.empty() && (v.tmpl[0] == '{' || v.tmpl[0] == '/') && resolve::HostOf(v.text).empty() &&
                    v.text.find("://") == std::string::npos;
    if (!rootless) u.value = v.text;
  } else if (v.kind == Value::Kind::kString && !resolve::HostOf(v.display).empty()) {
    u.value = v.display;
  }
  u.tmpl = v.tmpl;
  std::string host = resolve::HostOf(u.value ? *u.value : v.tmpl);
  if (host.empty() && v.kind == Value::Kind::kString) host = resolve::HostOf(v.prefix);
  if (!host.empty()) u.host = host;
  for (const Origin& o : v.origins) {
    if (o.at.file.empty() || o.at.line == 0) continue;
    if (std::find(u.origin.begin(), u.origin.end(), o.at) == u.origin.end()) u.origin.push_back(o.at);
  }
  return u;
}

namespace {

std::string Upper(std::string_view w) {
  std::string out(w);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A peer named after a setting, each word spelled as the rules spell it ("Mitx Online" -> "MITx Online").
std::string Spelled(const DetectContext& context, std::string peer) {
  if (context.rules.peer_words.empty()) return peer;
  std::string out;
  size_t start = 0;
  while (start <= peer.size()) {
    size_t end = peer.find(' ', start);
    if (end == std::string::npos) end = peer.size();
    std::string word = peer.substr(start, end - start);
    auto it = context.rules.peer_words.find(Upper(word));
    if (!out.empty()) out.push_back(' ');
    out += it == context.rules.peer_words.end() ? word : it->second;
    start = end + 1;
  }
  return out;
}

// A peer named after a setting without the words naming one API of the system ("Mitx Online Programs" -> "Mitx
// Online"), while a word the rules spell as a system's name stays (rules: peer_resource_words).
std::string SystemOnly(const DetectContext& context, std::string peer) {
  if (context.rules.peer_resource_words.empty()) return peer;
  for (;;) {
    size_t space = peer.rfind(' ');
    if (space == std::string::npos) return peer;
    if (context.rules.peer_resource_words.count(Upper(std::string_view(peer).substr(space + 1))) == 0) return peer;
    std::string_view rest = std::string_view(peer).substr(0, space);
    bool system = false;
    size_t start = 0;
    while (start <= rest.size()) {
      size_t end = rest.find(' ', start);
      if (end == std::string_view::npos) end = rest.size();
      system |= context.rules.peer_words.count(Upper(rest.substr(start, end - start))) != 0;
      start = end + 1;
    }
    if (!system) return peer;
    peer.resize(space);
  }
}

// Every `_`-separated word of `stem` is one the rules spell as a system's name (peer_words: LMS, OCW, GITHUB ...);
// false for "".
bool AllPeerWords(const DetectContext& context, std::string_view stem) {
  if (stem.empty()) return false;
  while (!stem.empty()) {
    size_t us = stem.find('_');
    std::string_view word = stem.substr(0, us);
    if (word.empty() || context.rules.peer_words.count(word) == 0) return false;
    stem = us == std::string_view::npos ? std::string_view() : stem.substr(us + 1);
  }
  return true;
}

// The path of a URL template: after "scheme://host" or a leading "{placeholder}", without query or fragment;
// "" when the template is neither.
std::string_view UrlPath(std::string_view t) {
  size_t start = std::string_view::npos;
  if (size_t scheme = t.find("://"); scheme != std::string_view::npos) {
    start = t.find('/', scheme + 3);
  } else if (!t.empty() && t[0] == '{') {
    size_t close = t.find('}');
    if (close != std::string_view::npos) start = close + 1;
  }
  if (start == std::string_view::npos || start >= t.size()) return {};
  std::string_view path = t.substr(start);
  size_t end = path.find_first_of("?#");
  return end == std::string_view::npos ? path : path.substr(0, end);
}

// The rules' peer for a setting's name ("OPENEDX_API_BASE_URL" -> "Open edX"; rules/peers `setting` entries).
std::optional<std::string> PeerOfSettingName(const DetectContext& context, std::string_view name) {
  for (const ruleset::HostPeerRule& r : context.rules.hosts) {
    if (r.setting && r.setting->FullMatch(name)) return r.peer;
  }
  return std::nullopt;
}

// A URL rooted in a run-time value whose name says what it is (`{site_config.catalog_api_url}/...`,
// `{self.lms_url_root}/...`, a parameter `crm_base_url`): the system that name names, as for settings. Only names
// ending like a service root (`_api_url`, `_base_url`, `_url_root`, `_host`, `_endpoint` ...) and not generic
// (`base_api_url`, `full_api_url` ...) name a peer; the rules' setting patterns also match the object's name
// (`{edx_endpoint.full_api_url}`: Open edX).
std::optional<std::string> PeerFromUrlName(const DetectContext& context, const Value& v) {
  if ((v.kind != Value::Kind::kString && v.kind != Value::Kind::kUnknown) || v.tmpl.size() < 3 || v.tmpl[0] != '{') {
    return std::nullopt;
  }
  size_t close = v.tmpl.find('}');
  if (close == std::string::npos) return std::nullopt;
  std::string_view root = std::string_view(v.tmpl).substr(1, close - 1);
  if (root.rfind("settings.", 0) == 0 || root.rfind("env.", 0) == 0) return std::nullopt;
  // `{site_configuration.build_lms_url()}`: a method building a system's URL names it as a field would.
  bool built = root.size() > 2 && root.substr(root.size() - 2) == "()";
  if (built) root.remove_suffix(2);
  for (char c : root) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.') return std::nullopt;
  }
  size_t dot = root.rfind('.');
  std::string name = Upper(dot == std::string_view::npos ? root : root.substr(dot + 1));
  if (built) {
    for (const char* verb : {"BUILD_", "GET_", "MAKE_"}) {
      size_t n = std::char_traits<char>::length(verb);
      if (name.size() > n && name.compare(0, n, verb) == 0) {
        name.erase(0, n);
        break;
      }
    }
  }
  if (auto p = PeerOfSettingName(context, name)) return p;
  if (dot != std::string_view::npos) {  // `{edx_endpoint.full_api_url}`: the object's name, by the rules only
    size_t before = root.rfind('.', dot - 1);
    std::string object = Upper(root.substr(before == std::string_view::npos ? 0 : before + 1,
                                           dot - (before == std::string_view::npos ? 0 : before + 1)));
    if (auto p = PeerOfSettingName(context, object)) return p;
  }
  // Only a service root names a peer (`catalog_api_url`, `lms_url_root`); `transcript_url` is a resource's address.
  static const char* const kServiceSuffixes[] = {"_API_URL", "_BASE_URL", "_URL_ROOT", "_ROOT_URL", "_API_BASE",
                                                 "_HOST", "_ENDPOINT", "_SERVER_URL"};
  bool service = false;
  for (const char* suf : kServiceSuffixes) {
    size_t n = std::char_traits<char>::length(suf);
    service |= name.size() > n && name.compare(name.size() - n, n, suf) == 0;
  }
  // `{partner.lms_url}`: a plain `_url` names a system only when every word before it is one the rules spell as a
  // system's name (peer_words: LMS, CMS, CRM ...); `image_url` and `transcript_url` are resources' addresses.
  if (!service && name.size() > 4 && name.compare(name.size() - 4, 4, "_URL") == 0) {
    service = AllPeerWords(context, std::string_view(name).substr(0, name.size() - 4));
  }
  if (!service) return std::nullopt;
  std::string peer = SystemOnly(context, resolve::PeerFromSettingName(name));
  if (peer.empty()) return std::nullopt;
  static const char* const kGeneric[] = {"Base",   "Api",      "Root",    "Service", "Server", "Remote",  "Target",
                                         "Next",   "Next Page", "Page",   "Callback", "Redirect", "Full",  "Absolute",
                                         "Request", "Webhook", "Download", "Upload",  "File",   "Image",   "Media",
                                         "Source", "Destination", "Endpoint", "Site",  "Host",   "Public",  "Internal",
                                         "External", "Default", "Final", "Original", "New", "Old", "Self", "Link"};
  for (const char* g : kGeneric) {
    if (peer == g) return std::nullopt;
  }
  return Spelled(context, std::move(peer));
}

}  // namespace

std::optional<std::string> PeerFor(const DetectContext& context, const Value& v, const std::string& fixed,
                                   std::string* transport_override) {
  if (!fixed.empty()) return fixed;
  // A repository's own aliases (.edgescan.json "peers") by setting / env var name come first.
  for (const ruleset::SettingPeerRule& r : context.rules.setting_peers) {
    for (const Origin& o : v.origins) {
      if (o.kind != Origin::Kind::kSetting && o.kind != Origin::Kind::kEnv) continue;
      if (r.setting->FullMatch(o.name.substr(o.name.find('.') + 1))) return r.peer;
    }
  }
  std::string host = resolve::HostOf(v.known && v.kind == Value::Kind::kString ? v.text : v.tmpl);
  if (host.empty() && v.kind == Value::Kind::kString) host = resolve::HostOfPrefix(v.prefix);
  if (!host.empty()) {
    for (const ruleset::HostPeerRule& r : context.rules.hosts) {
      if (r.host && r.host->FullMatch(host)) {
        if (transport_override != nullptr && !r.transport.empty()) *transport_override = r.transport;
        return r.peer;
      }
    }
  }
  // A host written in the URL (`https://livestreamapis.com/v3/accounts/{settings.LIVESTREAM_ACCOUNT_ID}/...`) names
  // the peer better than a setting filling in a path or query part.
  if (!host.empty() && v.kind == Value::Kind::kString && !resolve::HostOf(v.tmpl).empty()) return host;
  for (const Origin& o : v.origins) {
    if (o.kind == Origin::Kind::kSetting || o.kind == Origin::Kind::kEnv) {
      std::string name = o.name.substr(o.name.find('.') + 1);
      // A setting giving only the scheme (`{settings.PROTOCOL}://{site.domain}/...`) names no system.
      if (v.tmpl.find(o.name + "}://") != std::string::npos) continue;
      // The rules' names for settings first ("OPENEDX_API_BASE_URL" -> "Open edX"), else the name itself.
      if (auto p = PeerOfSettingName(context, name)) return p;
      std::string peer = SystemOnly(context, resolve::PeerFromSettingName(name));
      if (!peer.empty()) return Spelled(context, std::move(peer));
    }
  }
  if (!host.empty()) return host;
  if (auto named = PeerFromUrlName(context, v)) return named;
  // Paths only one system serves (`{instance.instance_url}/api/courses/v1/blocks/`: Open edX's LMS).
  if (v.kind == Value::Kind::kString || v.kind == Value::Kind::kUnknown) {
    std::string_view path = UrlPath(v.tmpl);
    if (!path.empty()) {
      for (const ruleset::HostPeerRule& r : context.rules.hosts) {
        if (r.path && r.path->FullMatch(path)) return r.peer;
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> PeerOfSecretSetting(const DetectContext& context, std::string_view name,
                                               std::string* candidate) {
  if (auto p = PeerOfSettingName(context, name)) return p;
  static const char* const kSecretWords[] = {"KEY",    "KEYS",     "TOKEN",    "TOKENS",    "SECRET",  "SECRETS",
                                             "PASSWORD", "PASSPHRASE", "APIKEY", "API",      "ACCESS",  "WEBHOOK",
                                             "WEBHOOKS", "HOOK",     "CALLBACK", "SHARED",   "CLIENT",  "BEARER",
                                             "AUTH",   "SIGNING",  "SIGNATURE", "VERIFICATION", "VERIFY", "NOTIFICATION"};
  std::string_view stem = name;
  for (bool dropped = true; dropped && !stem.empty();) {
    dropped = false;
    size_t us = stem.rfind('_');
    std::string_view last = us == std::string_view::npos ? stem : stem.substr(us + 1);
    for (const char* w : kSecretWords) {
      if (last != w) continue;
      stem = us == std::string_view::npos ? std::string_view() : stem.substr(0, us);
      dropped = true;
      break;
    }
  }
  if (stem.empty() || stem.size() == name.size()) return std::nullopt;
  if (auto p = PeerOfSettingName(context, stem)) return p;
  std::string spelled = Spelled(context, resolve::PeerFromSettingName(stem));
  if (candidate != nullptr) *candidate = spelled;
  if (!AllPeerWords(context, stem)) return std::nullopt;
  return spelled;
}

std::string SpelledPeer(const DetectContext& context, std::string peer) { return Spelled(context, std::move(peer)); }

bool HostIsHardcoded(const Value& v) {
  if (v.kind != Value::Kind::kString) return false;
  return !resolve::HostOf(v.tmpl).empty() || v.host_from_literal;
}

std::string ConfidenceFor(const Value* url) {
  if (url == nullptr) return "certain";
  if (url->known) return "certain";
  // A scheme a library implies ("s3://{settings.BUCKET}/key") does not make a configured root less certain.
  std::string_view root = url->tmpl;
  size_t scheme = root.find("://");
  if (scheme != std::string_view::npos && root.find('{') > scheme) root.remove_prefix(scheme + 3);
  if (root.rfind("{settings.", 0) == 0 || root.rfind("{env.", 0) == 0) return "certain";
  if (!resolve::HostOf(url->tmpl).empty()) return "certain";
  return "likely";
}

}  // namespace edgescan::detect
