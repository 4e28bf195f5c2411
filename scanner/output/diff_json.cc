#include "output/diff_json.h"

#include "output/json_writer.h"

namespace edgescan::output {

using Json = nlohmann::ordered_json;

namespace {

Json Side(const edges::ScanResult& r) {
  Json j;
  j["root"] = r.root;
  j["service"] = r.service;
  j["commit"] = r.commit ? Json(*r.commit) : Json(nullptr);
  j["edges"] = r.edges.size();
  return j;
}

}  // namespace

std::string WriteDiffJson(const diff::EdgeDiff& d, const std::string& tool_version) {
  Json doc;
  doc["schema"] = kDiffSchema;
  doc["tool"] = Json{{"name", "edgescan"}, {"version", tool_version}};
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
  Json findings = Json::array();
  for (const diff::BrittleFinding& f : d.new_brittle) {
    Json j;
    j["id"] = f.id;
    j["brittle"] = f.kind;
    for (const edges::Edge& e : d.head.edges) {
      if (e.id == f.id) {
        j["location"] = ProvenanceToJson(e.location);
        break;
      }
    }
    findings.push_back(j);
  }
  doc["new_brittle"] = findings;
  Json added = Json::array(), removed = Json::array(), changed = Json::array(), moved = Json::array();
  for (const edges::Edge& e : d.added) added.push_back(EdgeToJson(e));
  for (const edges::Edge& e : d.removed) removed.push_back(EdgeToJson(e));
  for (const diff::ChangedEdge& c : d.changed) {
    Json j;
    j["id"] = c.head.id;
    j["fields"] = c.fields;
    j["base"] = EdgeToJson(c.base);
    j["head"] = EdgeToJson(c.head);
    changed.push_back(j);
  }
  for (const diff::MovedEdge& m : d.moved) {
    Json j;
    j["id"] = m.head.id;
    j["from"] = ProvenanceToJson(m.from);
    j["to"] = ProvenanceToJson(m.head.location);
    moved.push_back(j);
  }
  doc["added"] = added;
  doc["removed"] = removed;
  doc["changed"] = changed;
  doc["moved"] = moved;
  return Dump(doc, 2) + "\n";
}

}  // namespace edgescan::output
