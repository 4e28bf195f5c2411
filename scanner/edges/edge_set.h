// EdgeSet: raw detector output -> the contract's edge list.
//
// Dedupes edges that say the same thing at the same place, computes each edge's stable `id` (FNV-1a 64 of kind,
// service, peer, URL template or route, enclosing function and a per-function ordinal: never line numbers, so moving
// code does not change it), and sorts by (location.file, location.line, kind, id) so output is byte-stable.
#ifndef EDGESCAN_EDGES_EDGE_SET_H_
#define EDGESCAN_EDGES_EDGE_SET_H_

#include <string>
#include <string_view>
#include <vector>

#include "edges/edge.h"

namespace edgescan::edges {

void Finalize(std::vector<Edge>* edges);

// 16 lowercase hex digits of FNV-1a 64 over `text`.
std::string Fingerprint(std::string_view text);

}  // namespace edgescan::edges

#endif  // EDGESCAN_EDGES_EDGE_SET_H_
