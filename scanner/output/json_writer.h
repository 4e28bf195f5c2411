// JSON output: the edgescan/edges@1 document and JSON Lines, exactly as shared/contract/EDGES.md specifies.
//
// Fields are written in contract order (nlohmann::ordered_json). Strings that are not valid UTF-8 (from odd
// source files or paths) are written with U+FFFD replacements, so the output is always valid JSON.
#ifndef EDGESCAN_OUTPUT_JSON_WRITER_H_
#define EDGESCAN_OUTPUT_JSON_WRITER_H_

#include <nlohmann/json.hpp>

#include <string>

#include "edges/edge.h"

namespace edgescan::output {

inline constexpr const char* kSchema = "edgescan/edges@1";

nlohmann::ordered_json EdgeToJson(const edges::Edge& e);
nlohmann::ordered_json ProvenanceToJson(const Provenance& p);
std::string WriteJson(const edges::ScanResult& result, const std::string& tool_version);
std::string WriteJsonl(const edges::ScanResult& result);
// Dumps with invalid UTF-8 replaced; indent < 0 = compact.
std::string Dump(const nlohmann::ordered_json& j, int indent);

}  // namespace edgescan::output

#endif  // EDGESCAN_OUTPUT_JSON_WRITER_H_
