// The "Dependencies & Cycles" report: what an architecture review reads first about a set of services.
#include <map>

#include "output/graph_writers.h"

namespace edgescan::output {
namespace {

std::string Cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Code(const std::string& s) {
  if (s.find('`') == std::string::npos) return "`" + Cell(s) + "`";
  return "`` " + Cell(s) + " ``";
}

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

void Table(std::string* out, const std::vector<std::string>& header,
           const std::vector<std::vector<std::string>>& rows) {
  std::string line = "|", rule = "|";
  for (const std::string& h : header) {
    line += " " + h + " |";
    rule += " --- |";
  }
  *out += line + "\n" + rule + "\n";
  for (const std::vector<std::string>& r : rows) {
    std::string row = "|";
    for (const std::string& c : r) row += " " + c + " |";
    *out += row + "\n";
  }
}

// "storefront `tasks/catalog.py:14`": the end of an edge whose code we have.
std::string Where(const graph::GraphEdge& e) {
  const graph::End* end = e.source && e.source->location ? &*e.source : &e.target;
  if (!end->location) return "";
  return Cell(end->service) + " " + Code(end->location->file + ":" + std::to_string(end->location->line));
}

std::string MatchText(const graph::Match& m) {
  std::string s = m.reason;
  if (!m.detail.empty()) s += " " + Code(m.detail);
  if (!m.confidence.empty()) s += " (" + m.confidence + ")";
  return s;
}

}  // namespace

std::string WriteGraphMarkdown(const graph::ServiceGraph& g) {
  std::string out = "# Dependencies & Cycles\n\n";
  std::vector<std::string> scanned;
  int external = 0, between = 0;
  for (const graph::Node& n : g.nodes) {
    if (n.scanned) {
      scanned.push_back(n.name);
    } else {
      ++external;
    }
  }
  std::map<std::string, bool> is_scanned;
  for (const graph::Node& n : g.nodes) is_scanned[n.name] = n.scanned;
  for (const graph::GraphEdge& e : g.edges) {
    if (e.from != e.to && is_scanned[e.from] && is_scanned[e.to]) ++between;
  }
  out += std::to_string(scanned.size()) + " services scanned (" + Join(scanned, ", ") + "), " +
         std::to_string(external) + " external systems, " + std::to_string(g.edges.size()) + " edges (" +
         std::to_string(between) + " between scanned services), " + std::to_string(g.cycles.size()) +
         (g.cycles.size() == 1 ? " cycle.\n\n" : " cycles.\n\n");

  out += "## Services\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const graph::Node& n : g.nodes) {
    rows.push_back({Cell(n.name), n.scanned ? "scanned" : "external", std::to_string(n.fan_in),
                    std::to_string(n.fan_out), std::to_string(n.edges_in), std::to_string(n.edges_out)});
  }
  Table(&out, {"Service", "Kind", "Fan-in", "Fan-out", "Edges in", "Edges out"}, rows);
  out += "\nFan-in / fan-out count the distinct other systems calling / called; edges count every call site.\n\n";

  out += "## Dependencies\n\n";
  rows.clear();
  for (const graph::Link& l : graph::Links(g)) {
    rows.push_back({Cell(l.from), Cell(l.to), l.async ? "async" : "sync", Cell(l.Text()),
                    Cell(Join(l.transports, ", ")), Join(l.reasons, ", "),
                    std::to_string(l.edges) + (l.in_cycle ? " 🔁" : "")});
  }
  if (rows.empty()) {
    out += "None found.\n\n";
  } else {
    Table(&out, {"From", "To", "Mode", "What moves", "Transport", "Matched by", "Edges"}, rows);
    out += "\n";
  }

  out += "## Cycles\n\n";
  if (g.cycles.empty()) out += "No cycles between scanned services.\n\n";
  std::map<std::string, const graph::GraphEdge*> by_id;
  for (const graph::GraphEdge& e : g.edges) by_id.emplace(e.id, &e);
  for (size_t i = 0; i < g.cycles.size(); ++i) {
    const graph::Cycle& c = g.cycles[i];
    out += "### Cycle " + std::to_string(i + 1) + ": " + Join(c.services, " ⇄ ") + "\n\n";
    rows.clear();
    for (const std::string& id : c.edges) {
      const graph::GraphEdge& e = *by_id[id];
      rows.push_back(
          {Cell(e.from), Cell(e.to), e.async ? "async" : "sync", Cell(e.label), Where(e), MatchText(e.match)});
    }
    Table(&out, {"From", "To", "Mode", "What moves", "Where", "Matched by"}, rows);
    out += "\n";
  }

  out += "## Fragile links\n\n";
  if (g.fragile.empty()) {
    out += "None found.\n";
  } else {
    rows.clear();
    int rank = 0;
    for (const graph::FragileLink& f : g.fragile) {
      const graph::GraphEdge& e = *by_id[f.edge];
      rows.push_back({std::to_string(++rank), Cell(f.from) + " → " + Cell(f.to), std::to_string(f.score),
                      Join(f.reasons, ", "), Cell(e.label), Where(e)});
    }
    Table(&out, {"#", "Link", "Score", "Why", "What moves", "Where"}, rows);
    out +=
        "\nScore: hardcoded_url, tls_verify_off, token_scrape, unauthenticated 3; html_scrape 2; literal_host (the "
        "peer's host is written in the code) 2; no_timeout, route_only (matched by its path alone) and other brittle "
        "kinds 1. Links between scanned services rank first at equal score.\n";
  }
  if (!g.diagnostics.empty()) {
    out += "\n## Notes\n\n";
    for (const graph::GraphDiagnostic& d : g.diagnostics) out += "- " + Cell(d.service) + ": " + Cell(d.message) + "\n";
  }
  return out;
}

}  // namespace edgescan::output
