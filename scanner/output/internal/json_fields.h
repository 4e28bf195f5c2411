// Field helpers for output/'s JSON writers (json_writer.cc, graph_json.cc, diff_json.cc, sarif.cc), so that each of
// the contracts' conventions is written once: an absent or empty string is null, a list is an array of its items'
// JSON, a url object is {value, template, host[, origin]}, and a document opens with its schema and the tool.
//
// Private to output/ (output/internal/). Fields go into nlohmann::ordered_json in the order they are set, so a
// writer calls these where the field stands in the contract.
//
//   Json doc = DocumentHead(kGraphSchema, "0.1.0");  // {"schema": "edgescan/graph@1", "tool": {"name": "edgescan",
//   doc["commit"] = OptString(std::nullopt);          //  "version": "0.1.0"}, "commit": null}
#ifndef EDGESCAN_OUTPUT_INTERNAL_JSON_FIELDS_H_
#define EDGESCAN_OUTPUT_INTERNAL_JSON_FIELDS_H_

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "edges/edge.h"
#include "output/json_writer.h"

namespace edgescan::output::internal {

using Json = nlohmann::ordered_json;

inline Json OptString(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

inline Json NonEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

inline Json OptProvenance(const std::optional<Provenance>& p) { return p ? ProvenanceToJson(*p) : Json(nullptr); }

// [to_json(item) for each item], in order: ArrayOf(r.edges, EdgeToJson).
template <typename Items, typename ToJson>
Json ArrayOf(const Items& items, ToJson to_json) {
  Json a = Json::array();
  for (const auto& item : items) a.push_back(to_json(item));
  return a;
}

inline Json StringList(const std::vector<std::string>& v) {
  return ArrayOf(v, [](const std::string& s) { return Json(s); });
}

// The url object of edges@1 (with `origin`) or of graph@1 (without).
inline Json UrlToJson(const edges::Url& url, bool with_origin) {
  Json u;
  u["value"] = OptString(url.value);
  u["template"] = url.tmpl;
  u["host"] = OptString(url.host);
  if (with_origin) u["origin"] = ArrayOf(url.origin, ProvenanceToJson);
  return u;
}

// {"schema": schema, "tool": {"name": "edgescan", "version": tool_version}}: the head of every edgescan document.
inline Json DocumentHead(const char* schema, const std::string& tool_version) {
  Json doc;
  doc["schema"] = schema;
  doc["tool"] = Json{{"name", "edgescan"}, {"version", tool_version}};
  return doc;
}

}  // namespace edgescan::output::internal

#endif  // EDGESCAN_OUTPUT_INTERNAL_JSON_FIELDS_H_
