// Graphviz DOT and PlantUML C4 drawings of a service graph: one arrow per (from, to, sync/async) link.
#include <map>
#include <set>

#include "output/graph_writers.h"

namespace edgescan::output {
namespace {

std::string DotQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// PlantUML macro arguments are quoted strings: no double quotes or line breaks inside.
std::string PumlText(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '"' ? '\'' : c == '\n' || c == '\r' ? ' ' : c;
  return out;
}

std::string Join(const std::vector<std::string>& v, const std::string& sep, size_t max_items = 0) {
  std::string out;
  for (size_t i = 0; i < v.size() && (max_items == 0 || i < max_items); ++i) out += (i ? sep : "") + v[i];
  if (max_items != 0 && v.size() > max_items) out += sep + "+" + std::to_string(v.size() - max_items) + " more";
  return out;
}

// PlantUML aliases: identifiers made of the name, unique.
std::map<std::string, std::string> Aliases(const graph::ServiceGraph& g) {
  std::map<std::string, std::string> out;
  std::set<std::string> used;
  for (const graph::Node& n : g.nodes) {
    std::string a = n.scanned ? "svc_" : "ext_";
    for (char c : n.name) {
      a += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                                                       : '_';
    }
    std::string unique = a;
    for (int k = 2; used.count(unique); ++k) unique = a + "_" + std::to_string(k);
    used.insert(unique);
    out[n.name] = unique;
  }
  return out;
}

std::string NodeDescription(const graph::Node& n) {
  if (n.scanned) {
    return "scanned; fan-in " + std::to_string(n.fan_in) + ", fan-out " + std::to_string(n.fan_out);
  }
  std::vector<std::string> others;  // hosts that say more than the name
  for (const std::string& h : n.hosts) {
    if (h != n.name) others.push_back(h);
  }
  return others.empty() ? "external" : "external: " + Join(others, ", ", 2);
}

}  // namespace

std::string WriteGraphDot(const graph::ServiceGraph& g) {
  std::string out =
      "// edgescan service graph: scanned services blue, external systems grey; dashed = async (beat- or\n"
      "// event-triggered), solid = sync; red = part of a cycle between services. Render: dot -Tpng FILE -o FILE.png\n"
      "digraph services {\n"
      "  rankdir=LR;\n"
      "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, fontcolor=\"white\"];\n"
      "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  for (const graph::Node& n : g.nodes) {
    out += "  " + DotQuote(n.name) + " [label=" + DotQuote(n.name + "\n" + NodeDescription(n)) + ", fillcolor=\"" +
           (n.scanned ? "#1168bd" : "#8c8c8c") + "\"];\n";
  }
  for (const graph::Link& l : graph::Links(g)) {
    std::string label = l.Text(3, "\n");
    if (!l.transports.empty()) label += "\n[" + Join(l.transports, ", ", 2) + "]";
    out += "  " + DotQuote(l.from) + " -> " + DotQuote(l.to) + " [label=" + DotQuote(label);
    if (l.async) out += ", style=dashed";
    if (l.in_cycle) out += ", color=\"#cc0000\", fontcolor=\"#cc0000\"";
    out += "];\n";
  }
  out += "}\n";
  return out;
}

std::string WriteGraphPlantUml(const graph::ServiceGraph& g, const std::string& c4_include) {
  std::map<std::string, std::string> alias = Aliases(g);
  std::string out =
      "@startuml\n"
      "' edgescan service graph (system context). Solid: sync (on request, on demand); dashed: async (beat- or\n"
      "' event-triggered). Labels: what moves (method and path, or the SDK resource) and the schedule.\n"
      "!include " +
      c4_include +
      "\n"
      "!define Rel_Async(e_from, e_to, e_label, e_techn) e_from ..> e_to : "
      "\"**e_label**\\n//<size:10>[e_techn]</size>//\"\n"
      "title Service graph\n\n";
  for (const graph::Node& n : g.nodes) {
    out += std::string(n.scanned ? "System(" : "System_Ext(") + alias[n.name] + ", \"" + PumlText(n.name) + "\", \"" +
           PumlText(NodeDescription(n)) + "\")\n";
  }
  out += "\n";
  for (const graph::Link& l : graph::Links(g)) {
    out += std::string(l.async ? "Rel_Async(" : "Rel(") + alias[l.from] + ", " + alias[l.to] + ", \"" +
           PumlText(l.Text()) + "\", \"" + PumlText(Join(l.transports, ", ", 2)) + "\")\n";
  }
  out += "@enduml\n";
  return out;
}

}  // namespace edgescan::output
