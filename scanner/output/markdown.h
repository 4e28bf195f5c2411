// Markdown output: the page an architecture doc shows for one service (`edgescan scan --format markdown`), and the
// pull-request comment of `edgescan diff --format markdown`.
//
// The scan report has three tables, each row pointing at the code it was read from:
//   "Ingestion sources"  Source | Transport | Cadence | Data | Source of truth
//       one row per (peer, transport) over the outbound edges (hardcoded_url edges are not calls: they only feed
//       the "Hardcoded URLs" list); ⚠️ and the brittle kinds on rows where any call is brittle; Data lists the
//       methods and URL templates called; Source of truth is the `file:line` where the first call's URL comes from
//       (its first url.origin: a setting, a literal), else the call itself.
//   "Inbound"            Route | Methods | View | Auth | Peer   (webhook / peer_api edges)
//   "Schedules"          Entry | Task | Cadence | Location      (beat_schedule edges, with the peers each reaches)
// then the hardcoded URLs and a legend of the brittle kinds that occur. Empty tables say "None found." so a reader
// can tell "nothing" from "not scanned". Cells are escaped (`|`, newlines, backticks); rows are sorted, so output is
// byte-stable.
//
//   std::string page = WriteMarkdown(result, "0.1.0");
#ifndef EDGESCAN_OUTPUT_MARKDOWN_H_
#define EDGESCAN_OUTPUT_MARKDOWN_H_

#include <string>

#include "diff/diff.h"
#include "edges/edge.h"

namespace edgescan::output {

std::string WriteMarkdown(const edges::ScanResult& result, const std::string& tool_version);

// The pull-request comment for a diff: a verdict line (new brittle linkages or none), then added, removed and
// changed edges as tables (at most `max_rows` rows each, the rest counted), then what stayed (and moved).
std::string WriteDiffMarkdown(const diff::EdgeDiff& diff, int max_rows = 50);

}  // namespace edgescan::output

#endif  // EDGESCAN_OUTPUT_MARKDOWN_H_
