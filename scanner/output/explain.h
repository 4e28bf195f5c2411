// Explain: one edge's whole story (`edgescan explain ID`), so a reviewer can trust or dispute it without opening
// five files.
//
//   http_call 30c049eefb143266: shop → Catalog (REST JSON), confidence certain
//     GET {settings.CATALOG_API_URL}/products?page={number}
//     ...
//   Call site  catalog/client.py:6 in catalog.client.get_json      (a few lines of code, the call's line marked)
//   Where the URL comes from                                         (each url.origin step: setting, environment
//     1. setting CATALOG_API_URL  shopsched/settings.py:10            variable, its default, literal, constant, the
//          CATALOG_API_URL = env("CATALOG_API_URL", "")               argument a caller passes; with its code line)
//   How it is reached                                                (beat entries, then the call path from the
//     beat entry sync-catalog-nightly  shopsched/settings.py:18       entry point down to the call site; for inbound
//     call path: 1. catalog/tasks.py:8 in catalog.tasks.sync_catalog  edges the urlconf chain)
//
// Step labels come from the origin's code line and the URL template: `NAME = ...` at a settings template's
// `{settings.NAME}` is a setting, a string literal on a line naming `{env.X}` is X's default, an origin in another
// function than the call is an argument its caller passes. Source lines are read from `source_root`; a file that
// cannot be read shows its location only. Works the same on a fresh scan and on a scan document read back.
// Source lines and every string read from the repository are made printable as the text output's are
// (output/printable.h: control characters as their Unicode pictures, bytes that are not UTF-8 as U+FFFD).
#ifndef EDGESCAN_OUTPUT_EXPLAIN_H_
#define EDGESCAN_OUTPUT_EXPLAIN_H_

#include <string>
#include <vector>

#include "edges/edge.h"
#include "output/text.h"

namespace edgescan::output {

// The edges whose id is `id` or starts with it (at least 4 characters), in document order.
std::vector<const edges::Edge*> FindEdges(const edges::ScanResult& result, const std::string& id);

std::string WriteExplain(const edges::Edge& edge, const edges::ScanResult& result, const std::string& source_root,
                         const TextOptions& options = {});

}  // namespace edgescan::output

#endif  // EDGESCAN_OUTPUT_EXPLAIN_H_
