// graph: several scans joined into one service graph (issue 8), the way a system-context diagram shows it.
//
// Each scanned service's outbound edges (http_call, sdk_call) are matched to the service they reach, in this order:
//   1. host     url.host (or the host of url.value) is one a manifest service lists          -> confidence certain
//   2. setting  the {settings.X} / {env.X} that gives url.template its base (scheme and host) fits a service's pattern
//               (default: the service name upper-cased, e.g. CATALOG_* for "catalog")         -> likely
//   3. peer     the edge's `peer` is one a manifest service lists under "peers" (or its name)  -> likely
//   4. route    the URL's path matches an inbound route (webhook / peer_api edge) of another scanned service, with
//               Django converters (<int:pk>), regex routes and DRF list/detail routes honoured, when the host is
//               unknown or private (no dot, an IP, localhost, .internal, .local ...)        -> possible
// An edge matched by none reaches an external system (node named by the edge's peer, else its host). Inbound edges
// of a scanned service that no scanned caller reaches get an edge from their peer (an external node). When a match
// is found by host/setting/peer, the target service's inbound route for the path (if any) fills the target end.
//
// Analysis: strongly connected components of the service graph (cycles, with the edges forming each), fan-in and
// fan-out per service, and fragile links ranked (brittle kinds, unauthenticated webhooks, literal hosts, route-only
// matches). The writers (output/graph_*.cc) print the result as edgescan/graph@1 JSON, Graphviz DOT, PlantUML C4
// and a Markdown "Dependencies & Cycles" report; every list here is sorted, so output is deterministic.
//
//   StatusOr<Manifest> m = ParseManifest(text, "services.json");
//   ServiceGraph g = BuildGraph({scan_a, scan_b}, *m);
//
// Errors: a bad manifest is InvalidArgument naming the field ("services[1].hosts[0]: must be a string"); two scans
// of one service name are an error (BuildGraph's caller checks with CheckServices). Nothing here throws.
#ifndef EDGESCAN_GRAPH_GRAPH_H_
#define EDGESCAN_GRAPH_GRAPH_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/provenance.h"
#include "core/status.h"
#include "edges/edge.h"

namespace edgescan::graph {

// One service of a manifest (docs/GRAPH.md describes the file field by field).
struct ManifestService {
  std::string name;
  std::string scan;                // an edges@1 document, made relative to the working directory ("" = none)
  std::string root;                // a checkout to scan, likewise ("" = none)
  std::vector<std::string> hosts;  // "catalog.example.org", "*.catalog.example.org"
  std::optional<std::vector<std::string>> settings;  // glob patterns over setting / env names; unset = default
  std::vector<std::string> peers;                    // peer names edges use for this service ("Catalog API")
};

struct Manifest {
  std::vector<ManifestService> services;  // file order
  const ManifestService* Find(std::string_view name) const;
};

// Parses a manifest. `path` names the file in errors and its folder is where relative `scan` / `root` paths start.
StatusOr<Manifest> ParseManifest(std::string_view text, const std::string& path);

// The default setting pattern of a service: "order-sync" -> "ORDER_SYNC_*".
std::string DefaultSettingPattern(std::string_view service);

// Glob over setting names: `*` any run, `?` one character; whole-name, case-sensitive.
bool GlobMatch(std::string_view pattern, std::string_view text);

// A Django route (as the scan prints it: path() converters, regex pieces, DRF router routes) as an RE2 pattern
// matching a URL path without its leading '/', e.g. "api/<int:pk>/" -> "api/[0-9]+/". Empty when it cannot be.
std::string RouteToRegex(std::string_view route);

// The path part of an outbound URL (from url.value, else from url.template after its leading host or setting
// placeholder), without the leading '/', query or fragment; nullopt when there is none.
std::optional<std::string> UrlPath(const edges::Url& url);

// Whether `path` (as UrlPath gives it; run-time parts "{x}" stand for one segment) reaches `route`.
bool RouteMatchesPath(std::string_view route, std::string_view path);

struct Node {
  std::string name;  // service name, or the external system's name
  bool scanned = false;
  std::string root;                   // scanned: repo.root of its document
  std::optional<std::string> commit;  // scanned: repo.commit
  std::vector<std::string> hosts;     // manifest hosts; externals: the hosts edges reached it by
  int fan_in = 0;                     // distinct other nodes with an edge to this one
  int fan_out = 0;                    // distinct other nodes this one has an edge to
  int edges_in = 0;
  int edges_out = 0;
};

struct End {
  std::string service;
  std::string edge;  // the scan edge's id ("" = none: the end was not scanned or no route matched)
  std::string kind;  // its kind
  std::optional<std::string> route;
  std::optional<Provenance> location;
  std::optional<edges::Url> url;  // source end: the outbound URL
};

struct Match {
  std::string reason;      // host, setting, peer, route, external, inbound
  std::string detail;      // the host, setting name, peer, route ... that matched
  std::string confidence;  // certain, likely, possible
};

struct GraphEdge {
  std::string id;  // the scan edge's id (outbound edge, or the inbound edge for an unmatched inbound)
  std::string from;
  std::string to;
  std::string kind;    // the scan edge's kind
  bool async = false;  // beat- or event-triggered (dashed in diagrams)
  std::string trigger;
  std::optional<std::string> cadence;  // cadence.text
  std::string transport;
  std::optional<std::string> method;
  std::string label;  // what moves: "GET /api/v1/catalog/", "SDK:boto3 s3://bucket"
  Match match;
  std::vector<std::string> brittle;  // the source edge's brittle kinds, then the matched inbound edge's new ones
  std::optional<End> source;         // null for an inbound edge whose caller was not scanned
  End target;  // service = `to`; edge/route/location when an inbound route of a scanned `to` matched
  bool in_cycle = false;
};

struct Cycle {
  std::vector<std::string> services;  // sorted
  std::vector<std::string> edges;     // ids of the edges between them, in graph edge order
};

struct FragileLink {
  std::string edge;  // graph edge id
  std::string from;
  std::string to;
  int score = 0;
  std::vector<std::string> reasons;  // "hardcoded_url", "unauthenticated", "literal_host", "route_only" ...
  std::optional<Provenance> location;
};

struct GraphDiagnostic {
  std::string service;
  std::string message;
};

struct ServiceGraph {
  std::vector<Node> nodes;           // scanned services by name, then external systems by name
  std::vector<GraphEdge> edges;      // by (from, to, source file, line, id)
  std::vector<Cycle> cycles;         // strongly connected components of two or more scanned services
  std::vector<FragileLink> fragile;  // score descending, then from, to, id
  std::vector<GraphDiagnostic> diagnostics;
  const Node* FindNode(std::string_view name) const;
};

// Graph edges between the same two nodes with the same mode (sync / async), as diagrams and reports draw them.
struct Link {
  std::string from;
  std::string to;
  bool async = false;
  int edges = 0;
  std::vector<std::string> labels;      // distinct, sorted
  std::vector<std::string> transports;  // distinct, sorted
  std::vector<std::string> cadences;    // distinct cadence texts of async edges, sorted
  std::vector<std::string> reasons;     // distinct match reasons, sorted
  bool in_cycle = false;
  // "GET /api/v1/catalog/; GET /api/v1/catalog/{id}/ (every 1h)": at most `max_labels` labels, then "+N more";
  // at most two schedules, then "+N more schedules".
  std::string Text(size_t max_labels = 3, const std::string& sep = "; ") const;
};
std::vector<Link> Links(const ServiceGraph& graph);  // by (from, to, sync before async)

// Fails when two scans carry one service name, or when the manifest names a service no scan is for.
Status CheckServices(const std::vector<edges::ScanResult>& scans, const Manifest& manifest);

ServiceGraph BuildGraph(const std::vector<edges::ScanResult>& scans, const Manifest& manifest);

}  // namespace edgescan::graph

#endif  // EDGESCAN_GRAPH_GRAPH_H_
