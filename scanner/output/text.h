// Text output: what a person reads in a terminal (`edgescan scan --format text`, the default when standard output
// is a terminal), the way ripgrep and ruff print: grouped, aligned, coloured when allowed, every line pointing at
// `file:line`.
//
//   shop: 7 outbound calls to 3 peers, 2 inbound routes, 2 schedules, 3 brittle linkages
//
//   Outbound
//     Catalog  REST JSON · daily 05:30 UTC + every 1h · 2 calls
//       GET   {settings.CATALOG_API_URL}/products     catalog/client.py:6   30c049eefb143266
//     ...
//   Inbound routes     Method  Route  Kind  Peer  Auth  View location
//   Schedules          Entry  Cadence  location  task → peers it reaches
//   Brittle linkages   ⚠ kind  what  location  (one line per brittle kind of each edge)
//
// Sections with nothing say "none found", so "nothing" reads differently from "not scanned". Long URLs are cut to
// 64 characters with "…"; a call without a URL shows its library call (`hubspot...create()`); a peer lists its first
// 10 calls and counts the rest; its heading names its first two cadences and counts the rest. The last line says how to see one edge's story (`edgescan explain ID`). Colour uses
// ANSI SGR codes and only when `color` is true (the CLI decides: a terminal, NO_COLOR unset, --color).
// Deterministic: same result, same text.
#ifndef EDGESCAN_OUTPUT_TEXT_H_
#define EDGESCAN_OUTPUT_TEXT_H_

#include <string>

#include "edges/edge.h"

namespace edgescan::output {

struct TextOptions {
  bool color = false;
};

std::string WriteText(const edges::ScanResult& result, const TextOptions& options = {});

// The result (or one edge) with every string read from the repository (file names, functions, URLs, routes, peers,
// literals, diagnostics) made printable on one line by output/printable.h, as the text and explain writers print
// them; the fields edgescan itself fills are unchanged.
edges::ScanResult ForTerminal(const edges::ScanResult& raw);
edges::Edge ForTerminal(const edges::Edge& raw);

// ANSI styling used by the text and explain writers; each returns `s` unchanged when `on` is false.
namespace ansi {
std::string Bold(const std::string& s, bool on);
std::string Dim(const std::string& s, bool on);
std::string Red(const std::string& s, bool on);
std::string Green(const std::string& s, bool on);
std::string Cyan(const std::string& s, bool on);
}  // namespace ansi

}  // namespace edgescan::output

#endif  // EDGESCAN_OUTPUT_TEXT_H_
