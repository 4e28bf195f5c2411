// diff: two scan documents (edgescan/edges@1) in, what a change did to the service's edges out.
//
// `edgescan diff BASE.json HEAD.json` reads both documents back into Edges (ReadScanDocument) and matches them by
// `id`. The id hashes kind, service, peer, URL template or route and the enclosing function, never line numbers, so
// a function moved 200 lines keeps its edges: they are "moved", not added and removed. Matched edges that differ in
// anything but positions (location line/column, path, url.origin, evidence) are "changed", with the fields named.
// A brittle kind on a head edge that its base edge did not have (or on an added edge) is a new brittle finding:
// what `--fail-on new-brittle` fails on.
//
//   StatusOr<edges::ScanResult> base = ReadScanDocument(base_text, "base.json");
//   StatusOr<edges::ScanResult> head = ReadScanDocument(head_text, "head.json");
//   EdgeDiff d = DiffScans(*base, *head);
//   if (!d.new_brittle.empty()) return 1;
//
// Errors: a file that is not an edges@1 document (or JSON lines of edges) gives InvalidArgument naming the file and
// the problem; nothing here throws.
#ifndef EDGESCAN_DIFF_DIFF_H_
#define EDGESCAN_DIFF_DIFF_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "edges/edge.h"

namespace edgescan::diff {

// Reads an edges@1 document, or JSON lines of edges (`--format jsonl`), back into a ScanResult. `name` is used in
// error messages only. Internal Edge fields (auth, view, callee, id_key) are not in the document and stay empty.
StatusOr<edges::ScanResult> ReadScanDocument(std::string_view text, const std::string& name);

struct ChangedEdge {
  edges::Edge base;
  edges::Edge head;
  std::vector<std::string> fields;  // contract field names that differ: "brittle", "url.value", "cadence" ...
};

struct MovedEdge {
  edges::Edge head;
  Provenance from;  // base location
};

// A brittle kind a head edge has and its base edge had not.
struct BrittleFinding {
  std::string id;
  std::string kind;  // "hardcoded_url"
};

struct EdgeDiff {
  edges::ScanResult base;  // the documents, for context (repo, commit) and for SARIF of new findings
  edges::ScanResult head;
  std::vector<edges::Edge> added;    // head order
  std::vector<edges::Edge> removed;  // base order
  std::vector<ChangedEdge> changed;  // head order
  std::vector<MovedEdge> moved;      // same edge at another line (not changed otherwise)
  int unchanged = 0;                 // matched and equal (moved ones included)
  std::vector<BrittleFinding> new_brittle;  // head order

  bool IsNewBrittle(std::string_view id, std::string_view kind) const;
};

EdgeDiff DiffScans(edges::ScanResult base, edges::ScanResult head);

// The contract fields in which two edges with the same id differ, ignoring positions (see above).
std::vector<std::string> ChangedFields(const edges::Edge& base, const edges::Edge& head);

}  // namespace edgescan::diff

#endif  // EDGESCAN_DIFF_DIFF_H_
