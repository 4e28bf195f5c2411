// SARIF 2.1.0 output for code-scanning UIs (`edgescan scan --format sarif`, `edgescan diff --format sarif`).
//
// One run, tool.driver "edgescan" with one reportingDescriptor (rule) per brittle kind: ruleId is the contract's
// word (`hardcoded_url`, `no_timeout`, `tls_verify_off`, `html_scrape`, `token_scrape`, `unauthenticated`; another kind gets a
// generic rule), with a short description and help text (plain and markdown) saying why it matters and what to do.
// One result per brittle finding: an edge with two brittle kinds gives two results. The message names the peer and
// the URL (or route); the physical location is the edge's `location` (uriBaseId %SRCROOT%, the scanned root);
// `partialFingerprints["edgescanEdgeId/v1"]` is the edge `id`, so a code-scanning UI keeps tracking a finding when
// the code moves. Results are in edge order, so output is byte-stable.
//
// Hardcoded URLs are reported once, at the literal: a call flagged `hardcoded_url` whose URL literal has its own
// hardcoded_url edge in the same report gives no second result; the literal's result lists such calls as
// relatedLocations instead. A call whose literal is not reported (in a diff: the literal is old, the call new) keeps
// its own result.
//
//   std::string sarif = WriteSarif(BrittleFindings(result.edges), "0.1.0");
#ifndef EDGESCAN_OUTPUT_SARIF_H_
#define EDGESCAN_OUTPUT_SARIF_H_

#include <functional>
#include <string>
#include <vector>

#include "edges/edge.h"

namespace edgescan::output {

inline constexpr const char* kSarifFingerprintKey = "edgescanEdgeId/v1";

struct Finding {
  const edges::Edge* edge = nullptr;  // points into the edge list given to BrittleFindings
  std::string kind;                   // brittle kind = SARIF ruleId
  std::vector<const edges::Edge*> related;  // hardcoded_url: the calls that use this literal
};

// The brittle findings of an edge list (see above). `keep(edge, kind)` selects which (edge, brittle kind) pairs to
// report (a diff keeps only new ones); empty = all.
std::vector<Finding> BrittleFindings(const std::vector<edges::Edge>& edges,
                                     const std::function<bool(const edges::Edge&, const std::string&)>& keep = {});

std::string WriteSarif(const std::vector<Finding>& findings, const std::string& tool_version);

}  // namespace edgescan::output

#endif  // EDGESCAN_OUTPUT_SARIF_H_
