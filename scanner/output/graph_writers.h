// Service graph output (`edgescan graph`, `edgescan scan ... --graph FILE`): one writer per format, each
// deterministic (the graph's lists are sorted; nothing here iterates an unordered container).
//   json      edgescan/graph@1 (docs/GRAPH.md): services, edges with both ends' provenance, match reason and
//             confidence, cycles, fragile links, diagnostics
//   dot       Graphviz: scanned services blue boxes, external systems grey; async (beat/event) edges dashed, edges of
//             a cycle red; one arrow per (from, to, sync/async), labelled with what moves
//   plantuml  C4-PlantUML system context (C4_Context): System / System_Ext, Rel for sync edges, a dashed Rel_Async
//             for async ones (defined in the file with !define, so C4-PlantUML 1.0 and 2.x both render it)
//   markdown  "Dependencies & Cycles": services with fan-in/fan-out, dependencies, cycles with their edges, fragile
//             links ranked
//
//   std::string dot = WriteGraphDot(graph);
#ifndef EDGESCAN_OUTPUT_GRAPH_WRITERS_H_
#define EDGESCAN_OUTPUT_GRAPH_WRITERS_H_

#include <string>

#include "graph/graph.h"

namespace edgescan::output {

inline constexpr const char* kGraphSchema = "edgescan/graph@1";
// Current C4-PlantUML's name; Debian bookworm's plantuml (1.2020.2, C4-PlantUML 1.0) ships it as <c4/c4_context>.
inline constexpr const char* kDefaultC4Include = "<C4/C4_Context>";

std::string WriteGraphJson(const graph::ServiceGraph& graph, const std::string& tool_version);
std::string WriteGraphDot(const graph::ServiceGraph& graph);
std::string WriteGraphPlantUml(const graph::ServiceGraph& graph, const std::string& c4_include = kDefaultC4Include);
std::string WriteGraphMarkdown(const graph::ServiceGraph& graph);

}  // namespace edgescan::output

#endif  // EDGESCAN_OUTPUT_GRAPH_WRITERS_H_
