// edgescan/graph@1 (docs/GRAPH.md), fields inserted in the documented order.
#include <nlohmann/json.hpp>

#include "output/graph_writers.h"
#include "output/json_writer.h"

namespace edgescan::output {
namespace {

using Json = nlohmann::ordered_json;

Json OptString(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }
Json NonEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json StringList(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const std::string& s : v) a.push_back(s);
  return a;
}

Json EndToJson(const graph::End& end) {
  Json j;
  j["service"] = end.service;
  j["edge"] = NonEmpty(end.edge);
  j["kind"] = NonEmpty(end.kind);
  j["route"] = OptString(end.route);
  j["location"] = end.location ? ProvenanceToJson(*end.location) : Json(nullptr);
  if (end.url) {
    Json u;
    u["value"] = OptString(end.url->value);
    u["template"] = end.url->tmpl;
    u["host"] = OptString(end.url->host);
    j["url"] = u;
  } else {
    j["url"] = nullptr;
  }
  return j;
}

}  // namespace

std::string WriteGraphJson(const graph::ServiceGraph& g, const std::string& tool_version) {
  Json doc;
  doc["schema"] = kGraphSchema;
  doc["tool"] = Json{{"name", "edgescan"}, {"version", tool_version}};
  Json services = Json::array();
  for (const graph::Node& n : g.nodes) {
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
    services.push_back(s);
  }
  doc["services"] = services;
  Json edges = Json::array();
  for (const graph::GraphEdge& e : g.edges) {
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
    edges.push_back(j);
  }
  doc["edges"] = edges;
  Json cycles = Json::array();
  for (const graph::Cycle& c : g.cycles)
    cycles.push_back(Json{{"services", StringList(c.services)}, {"edges", StringList(c.edges)}});
  doc["cycles"] = cycles;
  Json fragile = Json::array();
  int rank = 0;
  for (const graph::FragileLink& f : g.fragile) {
    Json j;
    j["rank"] = ++rank;
    j["edge"] = f.edge;
    j["from"] = f.from;
    j["to"] = f.to;
    j["score"] = f.score;
    j["reasons"] = StringList(f.reasons);
    j["location"] = f.location ? ProvenanceToJson(*f.location) : Json(nullptr);
    fragile.push_back(j);
  }
  doc["fragile"] = fragile;
  Json diags = Json::array();
  for (const graph::GraphDiagnostic& d : g.diagnostics)
    diags.push_back(Json{{"service", d.service}, {"message", d.message}});
  doc["diagnostics"] = diags;
  return Dump(doc, 2) + "\n";
}

}  // namespace edgescan::output
