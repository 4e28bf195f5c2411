#include "output/json_writer.h"

#include <cmath>

#include "output/internal/json_fields.h"

namespace edgescan::output {

using internal::ArrayOf;
using internal::Json;
using internal::NonEmpty;
using internal::OptString;

std::string Dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

Json ProvenanceToJson(const Provenance& p) {
  Json j;
  j["file"] = p.file;
  j["line"] = p.line;
  j["column"] = p.column;
  j["function"] = NonEmpty(p.function);
  return j;
}

Json EdgeToJson(const edges::Edge& e) {
  Json j;
  j["id"] = e.id;
  j["kind"] = e.kind;
  j["direction"] = e.direction;
  j["service"] = e.service;
  j["peer"] = OptString(e.peer);
  j["transport"] = e.transport;
  j["method"] = OptString(e.method);
  j["url"] = e.url ? internal::UrlToJson(*e.url, /*with_origin=*/true) : Json(nullptr);
  j["route"] = OptString(e.route);
  if (e.cadence) {
    const edges::Cadence& c = *e.cadence;
    Json cj;
    cj["text"] = c.text;
    bool scheduled = c.cron || c.every_seconds || c.timezone || !c.beat.empty() || c.has_beat_field;
    if (scheduled) {
      cj["cron"] = OptString(c.cron);
      cj["every_seconds"] = c.every_seconds ? Json(*c.every_seconds) : Json(nullptr);
      cj["timezone"] = OptString(c.timezone);
      cj["beat"] = ArrayOf(c.beat, [](const edges::BeatRef& b) {
        return Json{{"name", b.name}, {"task", b.task}, {"file", b.file}, {"line", b.line}};
      });
    }
    j["cadence"] = cj;
  } else {
    j["cadence"] = nullptr;
  }
  j["trigger"] = e.trigger;
  j["brittle"] = e.brittle;
  j["location"] = ProvenanceToJson(e.location);
  j["path"] = ArrayOf(e.path, ProvenanceToJson);
  j["evidence"] = e.evidence;
  j["confidence"] = e.confidence;
  return j;
}

std::string WriteJson(const edges::ScanResult& r, const std::string& tool_version) {
  Json doc = internal::DocumentHead(kSchema, tool_version);
  doc["repo"] = Json{{"root", r.root}, {"service", r.service}, {"commit", OptString(r.commit)}};
  Json stats;
  stats["files"] = r.stats.files;
  stats["bytes"] = r.stats.bytes;
  stats["parse_errors"] = r.stats.parse_errors;
  stats["skipped"] = r.stats.skipped;
  stats["seconds"] = std::round(r.stats.seconds * 100.0) / 100.0;
  doc["stats"] = stats;
  doc["edges"] = ArrayOf(r.edges, EdgeToJson);
  doc["diagnostics"] = ArrayOf(r.diagnostics, [](const Diagnostic& d) {
    return Json{{"file", d.file}, {"line", d.line}, {"severity", d.severity}, {"message", d.message}};
  });
  return Dump(doc, 2) + "\n";
}

std::string WriteJsonl(const edges::ScanResult& r) {
  std::string out;
  for (const edges::Edge& e : r.edges) {
    out += Dump(EdgeToJson(e), -1);
    out += "\n";
  }
  return out;
}

}  // namespace edgescan::output
