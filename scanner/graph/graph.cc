// Joining scans into one service graph: matching (host, setting, peer, route), then analysis (cycles, fan-in/out,
// fragile links). See graph.h for the order of matches and why each has its confidence.
#include "graph/graph.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "core/regex.h"

namespace edgescan::graph {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A path() converter as Django defines it (django/urls/converters.py); unknown (custom) converters take a segment.
std::string ConverterRegex(std::string_view conv) {
  if (conv == "int") return "[0-9]+";
  if (conv == "slug") return "[-a-zA-Z0-9_]+";
  if (conv == "uuid") return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  if (conv == "path") return ".+";
  return "[^/]+";
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// Run-time parts of a URL ("{order_id}") stand for one segment: tried as a number, a word and a UUID, so that each
// of Django's converters and DRF's default lookup regex can accept one of them.
const char* const kSegmentSamples[] = {"1", "a", "00000000-0000-0000-0000-000000000000"};

std::string FillPlaceholders(std::string_view path, std::string_view sample) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      size_t close = path.find('}', i);
      if (close != std::string_view::npos) {
        out += sample;
        i = close;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

bool MatchesCompiled(const Regex& re, std::string_view path) {
  for (const char* sample : kSegmentSamples) {
    std::string p = FillPlaceholders(path, sample);
    if (re.FullMatch(p)) return true;
    if (!p.empty() && p.back() != '/' && re.FullMatch(p + "/")) return true;  // Django's APPEND_SLASH redirect
    if (p.find('{') == std::string::npos && path.find('{') == std::string_view::npos) break;
  }
  return false;
}

// How specific a route is: its literal characters (parameters count nothing), and whether it has at least two
// segments, one of them literal. A route-only match needs a specific route: "api/" or "<slug>/" would match half
// the internet.
struct RouteShape {
  int literal_chars = 0;
  bool specific = false;
};

RouteShape ShapeOf(std::string_view route) {
  RouteShape shape;
  int segments = 0, literal_segments = 0;
  size_t start = 0;
  while (start <= route.size()) {
    size_t end = route.find('/', start);
    if (end == std::string_view::npos) end = route.size();
    std::string_view seg = route.substr(start, end - start);
    if (!seg.empty()) {
      ++segments;
      bool literal = seg.find_first_of("<>()[]\\*+?{}|^$") == std::string_view::npos;
      if (literal) {
        ++literal_segments;
        shape.literal_chars += static_cast<int>(seg.size());
      }
    }
    start = end + 1;
  }
  shape.specific = segments >= 2 && literal_segments >= 1;
  return shape;
}

std::string HostOf(const edges::Url& url) {
  std::string host;
  if (url.host) {
    host = *url.host;
  } else if (url.value) {
    size_t scheme = url.value->find("://");
    if (scheme != std::string::npos) {
      size_t start = scheme + 3;
      size_t end = url.value->find_first_of("/?#", start);
      host = url.value->substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
  }
  size_t at = host.rfind('@');
  if (at != std::string::npos) host = host.substr(at + 1);
  size_t colon = host.find(':');
  if (colon != std::string::npos) host = host.substr(0, colon);
  if (host.find('{') != std::string::npos) return "";
  return Lower(host);
}

// The setting or environment variable that gives a URL its base (scheme and host): `{settings.NAME}...` or
// `https://{env.NAME}...` at the start of the template; "" when the base is something else. Names later in the URL
// (a bucket, a path piece, a token) say nothing about which service answers.
std::string BaseSettingName(const std::string& tmpl) {
  size_t pos = 0;
  for (const char* scheme : {"http://", "https://"}) {
    if (tmpl.rfind(scheme, 0) == 0) pos = std::string(scheme).size();
  }
  for (const char* prefix : {"{settings.", "{env."}) {
    std::string p = prefix;
    if (tmpl.compare(pos, p.size(), p) != 0) continue;
    size_t start = pos + p.size();
    size_t end = start;
    while (end < tmpl.size() && (std::isalnum(static_cast<unsigned char>(tmpl[end])) || tmpl[end] == '_')) ++end;
    if (end < tmpl.size() && tmpl[end] == '}') return tmpl.substr(start, end - start);
  }
  return "";
}

// Whether a host may belong to a service of ours that no manifest names: unknown, a single label, an IP address,
// localhost or a private suffix. A public name (api.dropbox.com) is someone else's system even when its path looks
// like one of our routes (every OAuth provider has oauth2/token/).
bool MayBeOurs(const std::string& host) {
  if (host.empty() || host.find('.') == std::string::npos || host == "localhost") return true;
  if (std::all_of(host.begin(), host.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; })) {
    return true;
  }
  for (const char* suffix : {".internal", ".local", ".localhost", ".lan", ".svc", ".corp", ".home.arpa", ".test"}) {
    std::string s = suffix;
    if (host.size() > s.size() && host.compare(host.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

bool MethodAllowed(const std::optional<std::string>& inbound_methods, const std::optional<std::string>& method) {
  if (!inbound_methods || !method || inbound_methods->empty()) return true;
  std::string m = *method;
  size_t start = 0;
  while (start <= inbound_methods->size()) {
    size_t end = inbound_methods->find(',', start);
    if (end == std::string::npos) end = inbound_methods->size();
    if (inbound_methods->compare(start, end - start, m) == 0) return true;
    start = end + 1;
  }
  return false;
}

struct InboundRoute {
  std::string service;
  const edges::Edge* edge;
  std::unique_ptr<Regex> re;
  RouteShape shape;
};

struct ServiceInfo {
  std::string name;
  std::vector<std::string> hosts;
  std::vector<std::string> settings;
  std::vector<std::string> peers;  // lower-cased, with the service's own name
};

int LiteralLength(std::string_view pattern) {
  return static_cast<int>(std::count_if(pattern.begin(), pattern.end(), [](char c) { return c != '*' && c != '?'; }));
}

const std::map<std::string, int>& BrittleWeights() {
  static const std::map<std::string, int> weights = {
      {"hardcoded_url", 3},   {"tls_verify_off", 3}, {"token_scrape", 3},
      {"unauthenticated", 3}, {"html_scrape", 2},    {"no_timeout", 1},
  };
  return weights;
}

class Builder {
 public:
  Builder(const std::vector<edges::ScanResult>& scans, const Manifest& manifest) : scans_(scans) {
    for (const edges::ScanResult& s : scans) {
      ServiceInfo info;
      info.name = s.service;
      const ManifestService* ms = manifest.Find(s.service);
      if (ms != nullptr) info.hosts = ms->hosts;
      if (ms != nullptr && ms->settings) {
        info.settings = *ms->settings;
      } else {
        info.settings = {DefaultSettingPattern(s.service)};
      }
      if (ms != nullptr) {
        for (const std::string& p : ms->peers) info.peers.push_back(Lower(p));
      }
      info.peers.push_back(Lower(s.service));
      services_.push_back(std::move(info));
      Node n;
      n.name = s.service;
      n.scanned = true;
      n.root = s.root;
      n.commit = s.commit;
      n.hosts = ms != nullptr ? ms->hosts : std::vector<std::string>{};
      std::sort(n.hosts.begin(), n.hosts.end());
      nodes_[s.service] = std::move(n);
      for (const edges::Edge& e : s.edges) {
        if (e.direction != "inbound" || !e.route) continue;
        std::string pattern = RouteToRegex(*e.route);
        StatusOr<Regex> re = pattern.empty() ? StatusOr<Regex>(InvalidArgumentError("")) : Regex::Compile(pattern);
        if (!re.ok()) {
          diagnostics_.push_back({s.service, "route '" + *e.route + "' cannot be matched (" +
                                                 (pattern.empty() ? "unbalanced <converter>" : re.status().message()) +
                                                 "); no route match reaches it"});
          continue;
        }
        routes_.push_back({s.service, &e, std::make_unique<Regex>(std::move(re).value()), ShapeOf(*e.route)});
      }
    }
  }

  ServiceGraph Build() {
    for (const edges::ScanResult& s : scans_) {
      for (const edges::Edge& e : s.edges) {
        if (e.direction != "outbound" || e.kind == "hardcoded_url") continue;
        AddOutbound(s.service, e);
      }
    }
    for (const edges::ScanResult& s : scans_) {
      for (const edges::Edge& e : s.edges) {
        if (e.direction != "inbound" || reached_.count(e.id)) continue;
        AddUnmatchedInbound(s.service, e);
      }
    }
    ServiceGraph g;
    g.edges = std::move(edges_);
    std::sort(g.edges.begin(), g.edges.end(), [](const GraphEdge& a, const GraphEdge& b) {
      auto key = [](const GraphEdge& e) {
        const Provenance* p = e.source && e.source->location ? &*e.source->location
                              : e.target.location            ? &*e.target.location
                                                             : nullptr;
        return std::make_tuple(e.from, e.to, p ? p->file : std::string(), p ? p->line : 0, e.id);
      };
      return key(a) < key(b);
    });
    g.edges.erase(std::unique(g.edges.begin(), g.edges.end(),
                              [](const GraphEdge& a, const GraphEdge& b) { return a.id == b.id && a.from == b.from; }),
                  g.edges.end());
    Degrees(&g);
    Cycles(&g);
    Fragile(&g);
    std::vector<Node> scanned, external;
    for (auto& [name, n] : nodes_) (n.scanned ? scanned : external).push_back(std::move(n));
    g.nodes = std::move(scanned);
    for (Node& n : external) g.nodes.push_back(std::move(n));
    // Degrees were computed on the map; copy them over by name.
    for (Node& n : g.nodes) {
      auto it = degree_.find(n.name);
      if (it != degree_.end()) std::tie(n.fan_in, n.fan_out, n.edges_in, n.edges_out) = it->second;
    }
    std::sort(diagnostics_.begin(), diagnostics_.end(), [](const GraphDiagnostic& a, const GraphDiagnostic& b) {
      return std::tie(a.service, a.message) < std::tie(b.service, b.message);
    });
    diagnostics_.erase(std::unique(diagnostics_.begin(), diagnostics_.end(),
                                   [](const GraphDiagnostic& a, const GraphDiagnostic& b) {
                                     return a.service == b.service && a.message == b.message;
                                   }),
                       diagnostics_.end());
    g.diagnostics = std::move(diagnostics_);
    return g;
  }

 private:
  // The inbound route of `service` that `path` reaches (most literal characters win); null when none.
  const InboundRoute* RouteIn(const std::string& service, const std::optional<std::string>& path,
                              const std::optional<std::string>& method) const {
    if (!path) return nullptr;
    const InboundRoute* best = nullptr;
    for (const InboundRoute& r : routes_) {
      if (r.service != service || !MethodAllowed(r.edge->method, method)) continue;
      if (!MatchesCompiled(*r.re, *path)) continue;
      if (best == nullptr || r.shape.literal_chars > best->shape.literal_chars) best = &r;
    }
    return best;
  }

  std::string MatchHost(const std::string& host, std::string* detail) const {
    if (host.empty()) return "";
    std::string best;
    size_t best_len = 0;
    for (const ServiceInfo& s : services_) {
      for (const std::string& h : s.hosts) {
        bool exact = h == host;
        bool wildcard = h.rfind("*.", 0) == 0 && host.size() > h.size() - 1 &&
                        host.compare(host.size() - (h.size() - 1), h.size() - 1, h.substr(1)) == 0;
        size_t len = exact ? std::string::npos : h.size();
        if ((exact || wildcard) && (best.empty() || len > best_len)) {
          best = s.name;
          best_len = len;
          *detail = h;
        }
      }
    }
    return best;
  }

  std::string MatchSetting(const std::string& tmpl, std::string* detail) const {
    std::string name = BaseSettingName(tmpl);
    if (name.empty()) return "";
    std::string best;
    int best_len = -1;
    for (const ServiceInfo& s : services_) {
      for (const std::string& p : s.settings) {
        if (GlobMatch(p, name) && LiteralLength(p) > best_len) {
          best = s.name;
          best_len = LiteralLength(p);
        }
      }
    }
    if (!best.empty()) *detail = name;
    return best;
  }

  std::string MatchPeer(const std::optional<std::string>& peer) const {
    if (!peer) return "";
    std::string p = Lower(*peer);
    for (const ServiceInfo& s : services_) {
      if (std::find(s.peers.begin(), s.peers.end(), p) != s.peers.end()) return s.name;
    }
    return "";
  }

  std::string ExternalNode(const std::string& name, const std::string& host) {
    std::string key = name;
    auto it = nodes_.find(key);
    if (it != nodes_.end() && it->second.scanned) key = name + " (external)";
    Node& n = nodes_[key];
    n.name = key;
    if (!host.empty() && std::find(n.hosts.begin(), n.hosts.end(), host) == n.hosts.end()) {
      n.hosts.push_back(host);
      std::sort(n.hosts.begin(), n.hosts.end());
    }
    return key;
  }

  static std::string Label(const edges::Edge& e, const std::optional<std::string>& path) {
    std::string what;
    if (e.direction == "inbound") {
      what = "/" + e.route.value_or("");
    } else if (path) {
      what = "/" + *path;
    } else if (e.url && !e.url->tmpl.empty()) {
      what = e.url->tmpl;
    } else {
      what = e.transport;
    }
    if (e.kind == "sdk_call" && e.url && e.url->value && e.url->value->find("://") != std::string::npos &&
        e.url->value->rfind("http", 0) != 0) {
      what = *e.url->value;  // s3://bucket/key says more than its path
    }
    return e.method ? *e.method + " " + what : what;
  }

  void AddOutbound(const std::string& service, const edges::Edge& e) {
    GraphEdge g;
    g.id = e.id;
    g.from = service;
    g.kind = e.kind;
    g.trigger = e.trigger;
    g.async = e.trigger == "beat" || e.trigger == "event";
    if (e.cadence) g.cadence = e.cadence->text;
    g.transport = e.transport;
    g.method = e.method;
    g.brittle = e.brittle;
    std::optional<std::string> path = e.url ? UrlPath(*e.url) : std::nullopt;
    g.label = Label(e, path);
    End source;
    source.service = service;
    source.edge = e.id;
    source.kind = e.kind;
    source.location = e.location;
    if (e.url) {
      edges::Url u = *e.url;
      u.origin.clear();  // the scan document has them; the graph keeps the call site
      source.url = std::move(u);
    }
    g.source = std::move(source);

    std::string host = e.url ? HostOf(*e.url) : "";
    std::string detail;
    std::string to = MatchHost(host, &detail);
    if (!to.empty()) {
      g.match = {"host", detail, "certain"};
    } else if (e.url && !(to = MatchSetting(e.url->tmpl, &detail)).empty()) {
      g.match = {"setting", detail, "likely"};
    } else if (!(to = MatchPeer(e.peer)).empty()) {
      g.match = {"peer", *e.peer, "likely"};
    }
    const InboundRoute* route = nullptr;
    if (!to.empty()) {
      route = RouteIn(to, path, e.method);
    } else if (path && MayBeOurs(host)) {
      // Route only: the most specific route of another service; two services tied is no match.
      int best_len = -1;
      bool tied = false;
      for (const InboundRoute& r : routes_) {
        if (r.service == service || !r.shape.specific || !MethodAllowed(r.edge->method, e.method)) continue;
        if (!MatchesCompiled(*r.re, *path)) continue;
        if (r.shape.literal_chars > best_len) {
          best_len = r.shape.literal_chars;
          route = &r;
          tied = false;
        } else if (r.shape.literal_chars == best_len && r.service != route->service) {
          tied = true;
        }
      }
      if (tied) {
        diagnostics_.push_back({service, "/" + *path + " (" + e.location.file + ":" + std::to_string(e.location.line) +
                                             ") matches routes of several services equally; left external"});
        route = nullptr;
      }
      if (route != nullptr) {
        to = route->service;
        g.match = {"route", *route->edge->route, "possible"};
      }
    }
    if (to.empty()) {
      std::string name = e.peer ? *e.peer : !host.empty() ? host : "unresolved URL";
      to = ExternalNode(name, host);
      g.match = {"external", e.peer ? *e.peer : host, ""};
    }
    g.to = to;
    g.target.service = to;
    if (route != nullptr) {
      // What the receiving end brings (an unauthenticated webhook) belongs to the link too.
      for (const std::string& b : route->edge->brittle) {
        if (std::find(g.brittle.begin(), g.brittle.end(), b) == g.brittle.end()) g.brittle.push_back(b);
      }
      g.target.edge = route->edge->id;
      g.target.kind = route->edge->kind;
      g.target.route = route->edge->route;
      g.target.location = route->edge->location;
      reached_.insert(route->edge->id);
    }
    edges_.push_back(std::move(g));
  }

  void AddUnmatchedInbound(const std::string& service, const edges::Edge& e) {
    GraphEdge g;
    g.id = e.id;
    // A peer name the manifest gives a scanned service: that service calls, in code we did not see (a CI pipeline,
    // a script) or could not resolve.
    std::string caller = MatchPeer(e.peer);
    g.from =
        !caller.empty() && caller != service ? caller : ExternalNode(e.peer ? *e.peer : "unidentified callers", "");
    g.to = service;
    g.kind = e.kind;
    g.trigger = e.trigger;
    g.async = e.kind == "webhook";  // a webhook is pushed when something happens at the caller
    if (g.async) g.trigger = "event";
    g.transport = e.transport;
    g.method = e.method;
    g.brittle = e.brittle;
    g.label = Label(e, std::nullopt);
    g.match = g.from == caller ? Match{"peer", *e.peer, "likely"} : Match{"inbound", e.peer.value_or(""), e.confidence};
    g.target.service = service;
    g.target.edge = e.id;
    g.target.kind = e.kind;
    g.target.route = e.route;
    g.target.location = e.location;
    edges_.push_back(std::move(g));
  }

  void Degrees(ServiceGraph* g) {
    std::map<std::string, std::set<std::string>> in, out;
    for (const GraphEdge& e : g->edges) {
      std::get<3>(degree_[e.from])++;
      std::get<2>(degree_[e.to])++;
      if (e.from == e.to) continue;
      out[e.from].insert(e.to);
      in[e.to].insert(e.from);
    }
    for (auto& [name, d] : degree_) {
      std::get<0>(d) = static_cast<int>(in[name].size());
      std::get<1>(d) = static_cast<int>(out[name].size());
    }
  }

  // Tarjan's strongly connected components over scanned services (externals have no outgoing edges we know of).
  void Cycles(ServiceGraph* g) {
    std::map<std::string, std::set<std::string>> adj;
    for (const GraphEdge& e : g->edges) {
      if (e.from == e.to || !nodes_[e.from].scanned || !nodes_[e.to].scanned) continue;
      adj[e.from].insert(e.to);
    }
    std::map<std::string, int> index, low;
    std::set<std::string> on_stack;
    std::vector<std::string> stack;
    int counter = 0;
    std::vector<std::vector<std::string>> components;
    std::function<void(const std::string&)> visit = [&](const std::string& v) {
      index[v] = low[v] = counter++;
      stack.push_back(v);
      on_stack.insert(v);
      for (const std::string& w : adj[v]) {
        if (!index.count(w)) {
          visit(w);
          low[v] = std::min(low[v], low[w]);
        } else if (on_stack.count(w)) {
          low[v] = std::min(low[v], index[w]);
        }
      }
      if (low[v] == index[v]) {
        std::vector<std::string> comp;
        std::string w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack.erase(w);
          comp.push_back(w);
        } while (w != v);
        if (comp.size() > 1) components.push_back(std::move(comp));
      }
    };
    for (const auto& [name, node] : nodes_) {
      if (node.scanned && !index.count(name)) visit(name);
    }
    for (std::vector<std::string>& comp : components) {
      std::sort(comp.begin(), comp.end());
      Cycle c;
      c.services = comp;
      std::set<std::string> members(comp.begin(), comp.end());
      for (GraphEdge& e : g->edges) {
        if (e.from != e.to && members.count(e.from) && members.count(e.to)) {
          c.edges.push_back(e.id);
          e.in_cycle = true;
        }
      }
      g->cycles.push_back(std::move(c));
    }
    std::sort(g->cycles.begin(), g->cycles.end(),
              [](const Cycle& a, const Cycle& b) { return a.services < b.services; });
  }

  void Fragile(ServiceGraph* g) {
    for (const GraphEdge& e : g->edges) {
      FragileLink f;
      f.edge = e.id;
      f.from = e.from;
      f.to = e.to;
      for (const std::string& b : e.brittle) {
        auto it = BrittleWeights().find(b);
        f.score += it == BrittleWeights().end() ? 1 : it->second;
        f.reasons.push_back(b);
      }
      bool hardcoded = std::find(e.brittle.begin(), e.brittle.end(), "hardcoded_url") != e.brittle.end();
      if (e.source && e.source->url && !hardcoded) {
        const edges::Url& u = *e.source->url;
        // The host is written in the code (not configured): moving the peer means a code change.
        if (!u.tmpl.empty() && u.tmpl[0] != '{' && u.tmpl.find("://") != std::string::npos) {
          f.score += 2;
          f.reasons.push_back("literal_host");
        }
      }
      if (e.match.reason == "route") {
        f.score += 1;
        f.reasons.push_back("route_only");  // nothing but the path ties it to the service
      }
      if (f.score == 0) continue;
      f.location = e.source && e.source->location ? e.source->location : e.target.location;
      g->fragile.push_back(std::move(f));
    }
    std::stable_sort(g->fragile.begin(), g->fragile.end(), [&](const FragileLink& a, const FragileLink& b) {
      bool as = nodes_[a.to].scanned && a.from != a.to, bs = nodes_[b.to].scanned && b.from != b.to;
      return std::make_tuple(-a.score, !as, a.from, a.to, a.edge) <
             std::make_tuple(-b.score, !bs, b.from, b.to, b.edge);
    });
  }

  const std::vector<edges::ScanResult>& scans_;
  std::vector<ServiceInfo> services_;
  std::vector<InboundRoute> routes_;
  std::map<std::string, Node> nodes_;
  std::vector<GraphEdge> edges_;
  std::set<std::string> reached_;                                 // inbound edge ids some scanned caller reaches
  std::map<std::string, std::tuple<int, int, int, int>> degree_;  // fan_in, fan_out, edges_in, edges_out
  std::vector<GraphDiagnostic> diagnostics_;
};

}  // namespace

std::string DefaultSettingPattern(std::string_view service) {
  std::string out;
  for (char c : service) {
    out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                                                       : '_';
  }
  return out + "_*";
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative wildcard match with one backtrack point (linear in practice, never exponential).
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto eq = [](char a, char b) {
    return std::toupper(static_cast<unsigned char>(a)) == std::toupper(static_cast<unsigned char>(b));
  };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && eq(pattern[p], text[t])))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string RouteToRegex(std::string_view route) {
  std::string out;
  for (size_t i = 0; i < route.size(); ++i) {
    char c = route[i];
    bool named_group = i >= 2 && route[i - 1] == 'P' && route[i - 2] == '?';
    if (c == '<' && !named_group) {
      size_t close = route.find('>', i);
      if (close == std::string_view::npos) return "";
      std::string_view inner = route.substr(i + 1, close - i - 1);
      size_t colon = inner.find(':');
      std::string_view conv = colon == std::string_view::npos ? "str" : inner.substr(0, colon);
      std::string_view name = colon == std::string_view::npos ? inner : inner.substr(colon + 1);
      if (!IsIdentifier(name) || (colon != std::string_view::npos && !IsIdentifier(conv))) return "";
      out += "(?:" + ConverterRegex(conv) + ")";
      i = close;
      continue;
    }
    out += c;
  }
  return out;
}

std::optional<std::string> UrlPath(const edges::Url& url) {
  std::string s;
  auto after_host = [](const std::string& v) -> std::optional<std::string> {
    size_t scheme = v.find("://");
    if (scheme == std::string::npos) return std::nullopt;
    std::string sch = Lower(v.substr(0, scheme));
    if (sch != "http" && sch != "https") return std::nullopt;
    size_t slash = v.find_first_of("/?#", scheme + 3);
    return slash == std::string::npos ? std::string() : v.substr(slash);
  };
  std::optional<std::string> rest;
  if (url.value && url.value->find("://") != std::string::npos) {
    rest = after_host(*url.value);
  } else if (!url.tmpl.empty() && url.tmpl[0] == '{') {
    size_t close = url.tmpl.find('}');
    if (close == std::string::npos) return std::nullopt;
    rest = url.tmpl.substr(close + 1);
    if (rest->empty() || (*rest)[0] != '/') return std::nullopt;
  } else {
    rest = after_host(url.tmpl);
  }
  if (!rest) return std::nullopt;
  s = *rest;
  size_t q = s.find_first_of("?#");
  if (q != std::string::npos) s = s.substr(0, q);
  size_t start = s.find_first_not_of('/');
  s = start == std::string::npos ? "" : s.substr(start);
  if (s.empty()) return std::nullopt;
  return s;
}

bool RouteMatchesPath(std::string_view route, std::string_view path) {
  std::string pattern = RouteToRegex(route);
  if (pattern.empty()) return false;
  StatusOr<Regex> re = Regex::Compile(pattern);
  return re.ok() && MatchesCompiled(*re, path);
}

const Node* ServiceGraph::FindNode(std::string_view name) const {
  for (const Node& n : nodes) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

std::string Link::Text(size_t max_labels, const std::string& sep) const {
  std::string out;
  for (size_t i = 0; i < labels.size() && i < max_labels; ++i) out += (i ? sep : "") + labels[i];
  if (labels.size() > max_labels) out += " +" + std::to_string(labels.size() - max_labels) + " more";
  if (!cadences.empty()) {
    out += " (";
    for (size_t i = 0; i < cadences.size() && i < 2; ++i) out += (i ? ", " : "") + cadences[i];
    if (cadences.size() > 2) out += " +" + std::to_string(cadences.size() - 2) + " more schedules";
    out += ")";
  }
  return out;
}

std::vector<Link> Links(const ServiceGraph& graph) {
  std::map<std::tuple<std::string, std::string, bool>, Link> links;
  auto add = [](std::vector<std::string>* v, const std::string& s) {
    if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
  };
  for (const GraphEdge& e : graph.edges) {
    Link& l = links[{e.from, e.to, e.async}];
    l.from = e.from;
    l.to = e.to;
    l.async = e.async;
    ++l.edges;
    add(&l.labels, e.label);
    add(&l.transports, e.transport);
    if (e.async && e.cadence && e.cadence->rfind("on ", 0) != 0) add(&l.cadences, *e.cadence);
    add(&l.reasons, e.match.reason);
    l.in_cycle = l.in_cycle || e.in_cycle;
  }
  std::vector<Link> out;
  for (auto& [key, l] : links) {
    std::sort(l.labels.begin(), l.labels.end());
    std::sort(l.transports.begin(), l.transports.end());
    std::sort(l.cadences.begin(), l.cadences.end());
    std::sort(l.reasons.begin(), l.reasons.end());
    out.push_back(std::move(l));
  }
  return out;
}

Status CheckServices(const std::vector<edges::ScanResult>& scans, const Manifest& manifest) {
  std::set<std::string> seen;
  for (const edges::ScanResult& s : scans) {
    if (s.service.empty()) return InvalidArgumentError("a scan document has no repo.service");
    if (!seen.insert(s.service).second) {
      return InvalidArgumentError("two scans are for service '" + s.service +
                                  "': scan each checkout with its own --service");
    }
  }
  for (size_t i = 0; i < manifest.services.size(); ++i) {
    if (!seen.count(manifest.services[i].name)) {
      return InvalidArgumentError("manifest services[" + std::to_string(i) + "].name: no scan is for '" +
                                  manifest.services[i].name + "' (give it scan or root, or its scan document)");
    }
  }
  return Status::Ok();
}

ServiceGraph BuildGraph(const std::vector<edges::ScanResult>& scans, const Manifest& manifest) {
  return Builder(scans, manifest).Build();
}

}  // namespace edgescan::graph
