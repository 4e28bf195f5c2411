#include "output/diff_json.h"

#include "output/internal/json_fields.h"
#include "output/json_writer.h"

namespace edgescan::output {

using internal::ArrayOf;
using internal::Json;

namespace {

Json Side(const edges::ScanResult& r) {
  Json j;
  j["root"] = r.root;
  j["service"] = r.service;
  j["commit"] = internal::OptString(r.commit);
  j["edges"] = r.edges.size();
  return j;
}

}  // namespace

std::string WriteDiffJson(const diff::EdgeDiff& d, const std::string& tool_version) {
  Json doc = internal::DocumentHead(kDiffSchema, tool_version);
  doc["base"] = Side(d.base);
  doc["head"] = Side(d.head);
  Json summary;
  summary["added"] = d.added.size();
  summary["removed"] = d.removed.size();
  summary["changed"] = d.changed.size();
  summary["unchanged"] = d.unchanged;
  summary["moved"] = d.moved.size();
  summary["new_brittle"] = d.new_brittle.size();
  doc["summary"] = summary;
  doc["new_brittle"] = ArrayOf(d.new_brittle, [&d](const diff::BrittleFinding& f) {
    Json j;
    j["id"] = f.id;
    j["brittle"] = f.kind;
    for (const edges::Edge& e : d.head.edges) {
      if (e.id == f.id) {
        j["location"] = ProvenanceToJson(e.location);
        break;
      }
    }
    return j;
  });
  doc["added"] = ArrayOf(d.added, EdgeToJson);
  doc["removed"] = ArrayOf(d.removed, EdgeToJson);
  doc["changed"] = ArrayOf(d.changed, [](const diff::ChangedEdge& c) {
    return Json{{"id", c.head.id}, {"fields", c.fields}, {"base", EdgeToJson(c.base)}, {"head", EdgeToJson(c.head)}};
  });
  doc["moved"] = ArrayOf(d.moved, [](const diff::MovedEdge& m) {
    return Json{{"id", m.head.id}, {"from", ProvenanceToJson(m.from)}, {"to", ProvenanceToJson(m.head.location)}};
  });
  return Dump(doc, 2) + "\n";
}

}  // namespace edgescan::output
