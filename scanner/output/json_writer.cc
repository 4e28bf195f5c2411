#include "output/json_writer.h"

#include <cmath>

namespace edgescan::output {

using Json = nlohmann::ordered_json;

namespace {

Json OptString(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

}  // namespace

std::string Dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

Json ProvenanceToJson(const Provenance& p) {
  Json j;
  j["file"] = p.file;
  j["line"] = p.line;
  j["column"] = p.column;
  j["function"] = p.function.empty() ? Json(nullptr) : Json(p.function);
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
  if (e.url) {
    Json u;
    u["value"] = OptString(e.url->value);
    u["template"] = e.url->tmpl;
    u["host"] = OptString(e.url->host);
    Json origin = Json::array();
    for (const Provenance& p : e.url->origin) origin.push_back(ProvenanceToJson(p));
    u["origin"] = origin;
    j["url"] = u;
  } else {
    j["url"] = nullptr;
  }
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
      Json beat = Json::array();
      for (const edges::BeatRef& b : c.beat) {
        Json bj;
        bj["name"] = b.name;
        bj["task"] = b.task;
        bj["file"] = b.file;
        bj["line"] = b.line;
        beat.push_back(bj);
      }
      cj["beat"] = beat;
    }
    j["cadence"] = cj;
  } else {
    j["cadence"] = nullptr;
  }
  j["trigger"] = e.trigger;
  j["brittle"] = e.brittle;
  j["location"] = ProvenanceToJson(e.location);
  Json path = Json::array();
  for (const Provenance& p : e.path) path.push_back(ProvenanceToJson(p));
  j["path"] = path;
  j["evidence"] = e.evidence;
  j["confidence"] = e.confidence;
  return j;
}

std::string WriteJson(const edges::ScanResult& r, const std::string& tool_version) {
  Json doc;
  doc["schema"] = kSchema;
  doc["tool"] = Json{{"name", "edgescan"}, {"version", tool_version}};
  doc["repo"] = Json{{"root", r.root}, {"service", r.service}, {"commit", OptString(r.commit)}};
  Json stats;
  stats["files"] = r.stats.files;
  stats["bytes"] = r.stats.bytes;
  stats["parse_errors"] = r.stats.parse_errors;
  stats["skipped"] = r.stats.skipped;
  stats["seconds"] = std::round(r.stats.seconds * 100.0) / 100.0;
  doc["stats"] = stats;
  Json edges = Json::array();
  for (const edges::Edge& e : r.edges) edges.push_back(EdgeToJson(e));
  doc["edges"] = edges;
  Json diags = Json::array();
  for (const Diagnostic& d : r.diagnostics) {
    Json dj;
    dj["file"] = d.file;
    dj["line"] = d.line;
    dj["severity"] = d.severity;
    dj["message"] = d.message;
    diags.push_back(dj);
  }
  doc["diagnostics"] = diags;
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
