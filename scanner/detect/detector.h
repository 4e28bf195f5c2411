// Detector: one edge family, found in a RepoIndex with the loaded rules.
//
// Detectors run in the explicit order of registry.cc. Most only add edges; a few are passes over what earlier
// detectors produced (reachability puts cadence on outbound edges; hardcoded_url reads their URL origins), so
// every detector sees the edges so far. A detector never throws and never aborts the scan: what it cannot
// understand becomes a Diagnostic.
#ifndef EDGESCAN_DETECT_DETECTOR_H_
#define EDGESCAN_DETECT_DETECTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "edges/edge.h"
#include "resolve/repo_index.h"
#include "ruleset/rule.h"

namespace edgescan::detect {

struct DetectContext {
  const resolve::RepoIndex& index;
  const ruleset::RuleSet& rules;
  std::string service;
  Diagnostics* diagnostics;
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual std::string_view name() const = 0;
  // Adds edges to `edges` (which holds what earlier detectors found) and may annotate earlier edges.
  virtual void Run(const DetectContext& context, std::vector<edges::Edge>* edges) = 0;
};

// Every detector, in run order (registry.cc).
std::vector<std::unique_ptr<Detector>> AllDetectors();

// Runs every detector over the index; returns raw edges (not yet deduplicated, sorted or id'd).
std::vector<edges::Edge> RunDetectors(const DetectContext& context);

}  // namespace edgescan::detect

#endif  // EDGESCAN_DETECT_DETECTOR_H_
