#include "output/sarif.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "output/internal/json_fields.h"
#include "output/json_writer.h"

namespace edgescan::output {

using Json = nlohmann::ordered_json;

namespace {

struct RuleText {
  const char* id;
  const char* name;
  const char* level;
  const char* short_text;
  const char* full_text;
  const char* help;  // markdown; the plain text is the same with the markup removed by hand (no markup used)
};

// The brittle kinds of the contract (shared/contract/EDGES.md), in a fixed order so ruleIndex is stable.
constexpr RuleText kRules[] = {
    {"hardcoded_url", "HardcodedUrl", "warning", "A peer's address is written in the code",
     "The URL (or its host) this service uses to reach another system is a literal in the code, or the default of a "
     "setting, so it cannot differ between deployments and breaks silently when the peer moves.",
     "Read the URL from a setting backed by an environment variable (for example "
     "get_string(\"PEER_API_URL\", required=True)) and set it per deployment. A default is acceptable for local "
     "development only: make production set it."},
    {"no_timeout", "NoTimeout", "warning", "An outbound call without a timeout",
     "The call has no timeout, so a slow or unreachable peer blocks the worker or request handler indefinitely.",
     "Pass timeout= (for example timeout=(3.05, 30)) or give the client session a default timeout."},
    {"tls_verify_off", "TlsVerifyOff", "error", "TLS certificate verification is turned off",
     "The call passes verify=False, so any machine on the path can impersonate the peer.",
     "Remove verify=False; if the peer uses a private CA, pass its bundle with verify=\"/path/to/ca.pem\"."},
    {"html_scrape", "HtmlScrape", "warning", "Data is scraped from HTML pages",
     "The service parses another system's HTML rather than an API, so any redesign of those pages breaks it.",
     "Ask the peer for an API or feed; meanwhile cover the scraper with a test against a saved page."},
    {"token_scrape", "TokenScrape", "warning", "A credential is obtained by emulating a browser",
     "The service logs in or extracts a token by walking the peer's web flow (forms, redirects, cookies), which "
     "breaks when that flow changes and may bypass its security controls.",
     "Use the peer's supported machine-to-machine authentication (an OAuth client-credentials grant, an API key)."},
    {"unauthenticated", "Unauthenticated", "warning", "An inbound route does not check its caller",
     "A webhook or API that other systems call accepts requests without verifying who sends them, so anyone who "
     "finds the route can trigger it.",
     "Verify the caller: an HMAC signature over the body, a shared secret header, OAuth2 or an allow-list."},
};

const RuleText kGenericRule = {"", "Brittle", "warning", "A brittle cross-service linkage",
                               "edgescan marked this linkage brittle.",
                               "See shared/contract/EDGES.md for the brittle kinds."};

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Percent-encodes a relative path for artifactLocation.uri (a URI reference): unreserved characters and '/' stay.
std::string UriPath(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Json Location(const Provenance& p) {
  Json physical;
  physical["artifactLocation"] = Json{{"uri", UriPath(p.file)}, {"uriBaseId", "%SRCROOT%"}};
  if (p.line >= 1) {
    Json region;
    region["startLine"] = p.line;
    if (p.column >= 1) region["startColumn"] = p.column;
    physical["region"] = region;
  }
  Json loc;
  loc["physicalLocation"] = physical;
  if (!p.function.empty()) loc["logicalLocations"] = Json::array({Json{{"fullyQualifiedName", p.function}, {"kind", "function"}}});
  return loc;
}

std::string What(const edges::Edge& e) {
  if (e.url) return e.url->value ? *e.url->value : e.url->tmpl;
  if (e.route) return *e.route;
  return "(no URL)";
}

std::string Message(const Finding& f) {
  const edges::Edge& e = *f.edge;
  std::string peer = e.peer ? *e.peer : "an unresolved peer";
  if (e.kind == "hardcoded_url") {
    std::string used = f.related.empty() ? ""
                                         : "; used by " + std::to_string(f.related.size()) +
                                               (f.related.size() == 1 ? " call" : " calls");
    return "Hardcoded URL " + What(e) + " reaches " + peer + " (" + e.transport + ")" + used + ".";
  }
  std::string call = e.kind + (e.method ? " " + *e.method : "") + " " + What(e) + " to " + peer;
  if (f.kind == "hardcoded_url") return call + ": the URL is hardcoded.";
  if (f.kind == "no_timeout") return call + " has no timeout.";
  if (f.kind == "tls_verify_off") return call + " does not verify the peer's TLS certificate.";
  if (f.kind == "html_scrape") return call + " scrapes HTML.";
  if (f.kind == "token_scrape") return call + " obtains a credential by emulating a browser.";
  return call + " is brittle (" + f.kind + ").";
}

}  // namespace

std::vector<Finding> BrittleFindings(const std::vector<edges::Edge>& edges,
                                     const std::function<bool(const edges::Edge&, const std::string&)>& keep) {
  auto kept = [&](const edges::Edge& e, const std::string& kind) { return !keep || keep(e, kind); };
  // Reported literals by position, for folding their calls into them.
  std::map<std::tuple<std::string, int, int>, size_t> literal_at;  // -> index into `out`
  std::vector<Finding> out;
  for (const edges::Edge& e : edges) {
    if (e.kind == "hardcoded_url" && Has(e.brittle, "hardcoded_url") && kept(e, "hardcoded_url")) {
      literal_at.emplace(std::make_tuple(e.location.file, e.location.line, e.location.column), out.size());
      out.push_back({&e, "hardcoded_url", {}});
    }
  }
  std::vector<Finding> calls;
  for (const edges::Edge& e : edges) {
    // Every call whose URL comes from a reported literal is related to it, flagged or not (an environment default).
    bool uses_reported_literal = false;
    if (e.kind != "hardcoded_url" && e.direction == "outbound" && e.url) {
      for (const Provenance& o : e.url->origin) {
        auto it = literal_at.find(std::make_tuple(o.file, o.line, o.column));
        if (it == literal_at.end()) continue;
        std::vector<const edges::Edge*>& related = out[it->second].related;
        if (std::find(related.begin(), related.end(), &e) == related.end()) related.push_back(&e);
        uses_reported_literal = true;
      }
    }
    for (const std::string& kind : e.brittle) {
      if (e.kind == "hardcoded_url" && kind == "hardcoded_url") continue;  // reported above
      if (kind == "hardcoded_url" && uses_reported_literal) continue;      // reported at its literal
      if (kept(e, kind)) calls.push_back({&e, kind, {}});
    }
  }
  for (Finding& f : calls) out.push_back(std::move(f));
  // Edge order (the contract's: file, line, kind), then rule.
  auto pos = [&](const Finding& f) {
    const Provenance& l = f.edge->location;
    return std::tie(l.file, l.line, f.edge->kind, l.column, f.edge->id, f.kind);
  };
  std::stable_sort(out.begin(), out.end(), [&](const Finding& a, const Finding& b) { return pos(a) < pos(b); });
  return out;
}

std::string WriteSarif(const std::vector<Finding>& findings, const std::string& tool_version) {
  // Rules: every contract kind, then any other kind the findings use, sorted.
  std::vector<const RuleText*> rules;
  std::vector<std::string> rule_ids;
  for (const RuleText& r : kRules) {
    rules.push_back(&r);
    rule_ids.push_back(r.id);
  }
  std::vector<std::string> extra;
  for (const Finding& f : findings) {
    if (!Has(rule_ids, f.kind) && !Has(extra, f.kind)) extra.push_back(f.kind);
  }
  std::sort(extra.begin(), extra.end());
  for (const std::string& k : extra) {
    rules.push_back(&kGenericRule);
    rule_ids.push_back(k);
  }

  Json rules_json = Json::array();
  for (size_t i = 0; i < rules.size(); ++i) {
    const RuleText& r = *rules[i];
    Json rule;
    rule["id"] = rule_ids[i];
    rule["name"] = r.name;
    rule["shortDescription"] = Json{{"text", r.short_text}};
    rule["fullDescription"] = Json{{"text", r.full_text}};
    rule["help"] = Json{{"text", std::string(r.full_text) + " " + r.help},
                        {"markdown", "**" + std::string(r.short_text) + ".** " + r.full_text + "\n\n" + r.help}};
    rule["defaultConfiguration"] = Json{{"level", r.level}};
    rule["properties"] = Json{{"tags", Json::array({"edgescan", "brittle-linkage"})}};
    rules_json.push_back(rule);
  }

  Json results = Json::array();
  for (const Finding& f : findings) {
    const edges::Edge& e = *f.edge;
    size_t index = std::find(rule_ids.begin(), rule_ids.end(), f.kind) - rule_ids.begin();
    Json result;
    result["ruleId"] = f.kind;
    result["ruleIndex"] = index;
    result["level"] = rules[index]->level;
    result["message"] = Json{{"text", Message(f)}};
    result["locations"] = Json::array({Location(e.location)});
    if (!f.related.empty()) {
      Json related = Json::array();
      int id = 1;
      for (const edges::Edge* call : f.related) {
        Json loc = Location(call->location);
        loc["id"] = id++;
        loc["message"] = Json{{"text", "used by " + call->kind + (call->method ? " " + *call->method : "") + " " +
                                           What(*call)}};
        related.push_back(loc);
      }
      result["relatedLocations"] = related;
    }
    result["partialFingerprints"] = Json{{kSarifFingerprintKey, e.id}};
    Json props;
    props["edgeKind"] = e.kind;
    props["peer"] = internal::OptString(e.peer);
    props["transport"] = e.transport;
    if (e.url) props["url"] = What(e);
    if (e.route) props["route"] = *e.route;
    result["properties"] = props;
    results.push_back(result);
  }

  Json driver;
  driver["name"] = "edgescan";
  driver["version"] = tool_version;
  driver["semanticVersion"] = tool_version;
  driver["rules"] = rules_json;
  Json run;
  run["tool"] = Json{{"driver", driver}};
  run["results"] = results;
  Json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({run});
  return Dump(log, 2) + "\n";
}

}  // namespace edgescan::output
