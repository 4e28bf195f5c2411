// The JSON document of `edgescan diff` (schema edgescan/diff@1): what a change did to a service's edges.
//
//   {"schema": "edgescan/diff@1", "tool": {...},
//    "base": {"root", "service", "commit", "edges": 12}, "head": {...},
//    "summary": {"added", "removed", "changed", "unchanged", "moved", "new_brittle"},
//    "new_brittle": [{"id", "brittle": "hardcoded_url", "location": Provenance}],
//    "added": [Edge], "removed": [Edge],
//    "changed": [{"id", "fields": ["brittle", ...], "base": Edge, "head": Edge}],
//    "moved": [{"id", "from": Provenance, "to": Provenance}]}
// Edges are printed exactly as in edgescan/edges@1 (json_writer.h), in head order (removed: base order).
#ifndef EDGESCAN_OUTPUT_DIFF_JSON_H_
#define EDGESCAN_OUTPUT_DIFF_JSON_H_

#include <string>

#include "diff/diff.h"

namespace edgescan::output {

inline constexpr const char* kDiffSchema = "edgescan/diff@1";

std::string WriteDiffJson(const diff::EdgeDiff& diff, const std::string& tool_version);

}  // namespace edgescan::output

#endif  // EDGESCAN_OUTPUT_DIFF_JSON_H_
