// Edge: one cross-service linkage, exactly as the contract (shared/contract/EDGES.md, edgescan/edges@1) prints it.
//
// Detectors fill Edges (all but `id` and `evidence`); edges/edge_set.cc dedupes, computes the stable id (a hash of
// kind, service, peer, URL template or route, and the enclosing function: never line numbers), fills evidence and
// sorts by (location.file, location.line, kind). Optional contract fields are std::optional or "" (printed null).
#ifndef EDGESCAN_EDGES_EDGE_H_
#define EDGESCAN_EDGES_EDGE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/provenance.h"

namespace edgescan::edges {

struct Url {
  std::optional<std::string> value;  // fully resolved URL, when statically determinable
  std::string tmpl;                  // "{settings.BASE_URL}/api/v1/courses/"
  std::optional<std::string> host;
  std::vector<Provenance> origin;    // each setting / env var / literal / parameter it came from
};

struct BeatRef {
  std::string name;
  std::string task;
  std::string file;
  int line = 0;
};

struct Cadence {
  std::string text;  // "daily 05:30 UTC", "every 3h", "on request", "unknown"
  std::optional<std::string> cron;
  std::optional<long long> every_seconds;
  std::optional<std::string> timezone;
  std::vector<BeatRef> beat;  // printed only when non-empty or for beat-reached / beat_schedule edges
  bool has_beat_field = false;
};

struct Edge {
  std::string id;
  std::string kind;       // http_call, sdk_call, beat_schedule, webhook, peer_api, hardcoded_url
  std::string direction;  // outbound, inbound, internal
  std::string service;
  std::optional<std::string> peer;
  std::string transport;
  std::optional<std::string> method;
  std::optional<Url> url;
  std::optional<std::string> route;
  std::optional<Cadence> cadence;
  std::string trigger = "unknown";  // beat, request, event, manual, unknown
  std::vector<std::string> brittle;
  Provenance location;
  std::vector<Provenance> path;
  std::string evidence;
  std::string confidence = "certain";  // certain | likely

  // Not printed: inputs to the id and to reports.
  std::string id_key;  // extra discriminator for the id (e.g. callee or beat entry name); "" if none
  std::string auth;    // inbound: hmac, oauth2, api_key, none ... (reports)
  std::string view;    // inbound: view qualname (reports)
  std::string callee;  // outbound: library call as resolved ("requests.get")
};

// What a scan produced, before output.
struct ScanStats {
  long long files = 0;
  long long bytes = 0;
  long long parse_errors = 0;
  long long skipped = 0;
  double seconds = 0;
};

struct ScanResult {
  std::string root;
  std::string service;
  std::optional<std::string> commit;
  ScanStats stats;
  std::vector<Edge> edges;  // sorted, ids set
  Diagnostics diagnostics;  // sorted
  // Not printed: notes for the person running the scan (stderr), e.g. a damaged cache entry that was rebuilt.
  // Kept out of the document so a cached or repaired rescan prints the same bytes as a cold scan.
  std::vector<std::string> notices;
  // Not printed: what the cache gave (tests and tools/bench read it).
  struct CacheUse {
    long long facts_hits = 0;    // files whose facts came from the cache
    long long facts_misses = 0;  // files read and parsed
    bool result_hit = false;     // the whole result came from the cache
  } cache;
};

}  // namespace edgescan::edges

#endif  // EDGESCAN_EDGES_EDGE_H_
