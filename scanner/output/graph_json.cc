// edgescan/graph@1 (docs/GRAPH.md), fields inserted in the documented order.
#include <nlohmann/json.hpp>

#include "output/graph_writers.h"
#include "output/internal/json_fields.h"
#include "output/json_writer.h"

namespace edgescan::output {
namespace {

using internal::ArrayOf;
using internal::Json;
using internal::NonEmpty;
using internal::OptProvenance;
using internal::OptString;
using internal::StringList;

Json EndToJson(const graph::End& end) {
  Json j;
  j["service"] = end.service;
  j["edge"] = NonEmpty(end.edge);
  j["kind"] = NonEmpty(end.kind);
  j["route"] = OptString(end.route);
  j["location"] = OptProvenance(end.location);
  j["url"] = end.url ? internal::UrlToJson(*end.url, /*with_origin=*/false) : Json(nullptr);
  return j;
}

}  // namespace

std::string WriteGraphJson(const graph::ServiceGraph& g, const std::string& tool_version) {
  Json doc = internal::DocumentHead(kGraphSchema, tool_version);
  doc["services"] = ArrayOf(g.nodes, [](const graph::Node& n) {
    Json s;
    s["name"] = n.name;
    s["scanned"] = n.scanned;
    s["root"] = n.scanned ? Json(n.root) : Json(nullptr);
    s["commit"] = OptString(n.commit);
    s["hosts"] = StringList(n.hosts);
    s["fan_in"] = n.fan_in;
    s["fan_out"] = n.fan_out;
    s["edges_in"] = n.edges_in;
    s["edges_out"] = n.edges_out;
    return s;
  });
  doc["edges"] = ArrayOf(g.edges, [](const graph::GraphEdge& e) {
    Json j;
    j["id"] = e.id;
    j["from"] = e.from;
    j["to"] = e.to;
    j["kind"] = e.kind;
    j["mode"] = e.async ? "async" : "sync";
    j["trigger"] = e.trigger;
    j["cadence"] = OptString(e.cadence);
    j["transport"] = e.transport;
    j["method"] = OptString(e.method);
    j["label"] = e.label;
    j["match"] = Json{
        {"reason", e.match.reason}, {"detail", NonEmpty(e.match.detail)}, {"confidence", NonEmpty(e.match.confidence)}};
    j["brittle"] = StringList(e.brittle);
    j["in_cycle"] = e.in_cycle;
    j["source"] = e.source ? EndToJson(*e.source) : Json(nullptr);
    j["target"] = EndToJson(e.target);
    return j;
  });
  doc["cycles"] = ArrayOf(g.cycles, [](const graph::Cycle& c) {
    return Json{{"services", StringList(c.services)}, {"edges", StringList(c.edges)}};
  });
  int rank = 0;
  doc["fragile"] = ArrayOf(g.fragile, [&rank](const graph::FragileLink& f) {
    Json j;
    j["rank"] = ++rank;
    j["edge"] = f.edge;
    j["from"] = f.from;
    j["to"] = f.to;
    j["score"] = f.score;
    j["reasons"] = StringList(f.reasons);
    j["location"] = OptProvenance(f.location);
    return j;
  });
  doc["diagnostics"] = ArrayOf(g.diagnostics, [](const graph::GraphDiagnostic& d) {
    return Json{{"service", d.service}, {"message", d.message}};
  });
  return Dump(doc, 2) + "\n";
}

}  // namespace edgescan::output
