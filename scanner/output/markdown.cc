#include "output/markdown.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "output/printable.h"

namespace edgescan::output {
namespace {

using edges::Edge;

// What each brittle kind means, for the legend under the report and the PR comment.
struct BrittleText {
  const char* kind;
  const char* meaning;
};
constexpr BrittleText kBrittle[] = {
    {"hardcoded_url", "the peer's address is written in the code (or is a setting's default), so it cannot change per "
                      "deployment and breaks silently when the peer moves"},
    {"no_timeout", "a call without a timeout: a slow peer blocks the worker or request indefinitely"},
    {"tls_verify_off", "TLS certificate verification is off: anyone on the path can impersonate the peer"},
    {"html_scrape", "data is read from the peer's HTML pages, which change without notice"},
    {"token_scrape", "a credential is obtained by emulating a browser through the peer's login flow"},
    {"unauthenticated", "an inbound route that accepts calls without checking who sends them"},
};

std::string Meaning(const std::string& kind) {
  for (const BrittleText& b : kBrittle) {
    if (kind == b.kind) return b.meaning;
  }
  return "marked brittle by edgescan (see shared/contract/EDGES.md)";
}

// Table cells: one line, pipes escaped (GitHub tables split on them, even inside code spans).
std::string Cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Code(const std::string& s) {
  if (s.empty()) return "";
  if (s.find('`') == std::string::npos) return "`" + Cell(s) + "`";
  return "`` " + Cell(s) + " ``";
}

std::string Loc(const Provenance& p) {
  if (p.file.empty()) return "";
  return Code(p.line > 0 ? p.file + ":" + std::to_string(p.line) : p.file);
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep, size_t max_items = 0) {
  std::string out;
  size_t n = max_items == 0 ? parts.size() : std::min(parts.size(), max_items);
  for (size_t i = 0; i < n; ++i) out += (i ? sep : "") + parts[i];
  if (n < parts.size()) out += sep + "+" + std::to_string(parts.size() - n) + " more";
  return out;
}

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string PeerName(const Edge& e) {
  if (e.peer) return *e.peer;
  if (e.url && e.url->host) return *e.url->host;
  return "(unresolved peer)";
}

std::string CadenceText(const Edge& e) {
  if (!e.cadence) return e.trigger == "unknown" || e.trigger.empty() ? "unknown" : e.trigger;
  std::string text = e.cadence->text.empty() ? "unknown" : e.cadence->text;
  std::vector<std::string> names;
  for (const edges::BeatRef& b : e.cadence->beat) AddUnique(&names, Code(b.name));
  if (!names.empty()) text += " (beat " + Join(names, ", ", 3) + ")";
  return text;
}

std::string UrlText(const Edge& e) {
  if (!e.url) return "";
  return e.url->tmpl.empty() ? e.url->value.value_or("") : e.url->tmpl;
}

bool IsCall(const Edge& e) { return e.direction == "outbound" && e.kind != "hardcoded_url"; }

// Calls of an edge list that use the literal of a hardcoded_url edge (its location is one of their url.origin).
std::vector<const Edge*> UsersOf(const Edge& literal, const std::vector<Edge>& all) {
  std::vector<const Edge*> out;
  for (const Edge& e : all) {
    if (!IsCall(e) || !e.url) continue;
    for (const Provenance& o : e.url->origin) {
      if (o.file == literal.location.file && o.line == literal.location.line && o.column == literal.location.column) {
        out.push_back(&e);
        break;
      }
    }
  }
  return out;
}

void Table(std::string* out, const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) {
    *out += "None found.\n\n";
    return;
  }
  std::string line = "|", rule = "|";
  for (const std::string& h : header) {
    line += " " + h + " |";
    rule += "---|";
  }
  *out += line + "\n" + rule + "\n";
  for (const std::vector<std::string>& r : rows) {
    std::string row = "|";
    for (const std::string& c : r) row += " " + c + " |";
    *out += row + "\n";
  }
  *out += "\n";
}

// Each beat entry's own cadence, from its beat_schedule edge (an outbound edge reached from two entries carries
// both texts joined; the row names each entry with its own).
std::map<std::string, std::string> BeatCadences(const std::vector<Edge>& edges) {
  std::map<std::string, std::string> out;
  for (const Edge& e : edges) {
    if (e.kind == "beat_schedule" && e.cadence && !e.cadence->beat.empty()) {
      out.emplace(e.cadence->beat.front().name, e.cadence->text);
    }
  }
  return out;
}

void IngestionSources(const std::vector<Edge>& edges, std::string* out, std::set<std::string>* brittle_seen) {
  const std::map<std::string, std::string> beat_cadence = BeatCadences(edges);
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const Edge*>> groups;
  for (const Edge& e : edges) {
    if (!IsCall(e)) continue;
    std::string peer = PeerName(e);
    groups[{Lower(peer), peer, e.transport}].push_back(&e);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, group] : groups) {
    const std::string& peer = std::get<1>(key);
    std::vector<std::string> brittle, beats, cadences, data;
    std::map<std::string, int> truth_votes;
    std::vector<std::string> truth_order;
    for (const Edge* e : group) {
      for (const std::string& b : e->brittle) AddUnique(&brittle, b);
      if (e->cadence && !e->cadence->beat.empty()) {
        for (const edges::BeatRef& b : e->cadence->beat) {
          auto own = beat_cadence.find(b.name);
          AddUnique(&beats, Code(b.name) + " (" + Cell(own != beat_cadence.end() ? own->second : e->cadence->text) + ")");
        }
      } else {
        AddUnique(&cadences, Cell(CadenceText(*e)));
      }
      std::string what = UrlText(*e);
      AddUnique(&data, (e->method ? *e->method + " " : std::string()) + (what.empty() ? "(URL unknown)" : Code(what)));
      Provenance truth = e->url && !e->url->origin.empty() ? e->url->origin.front() : e->location;
      std::string t = Loc(truth);
      if (truth_votes[t]++ == 0) truth_order.push_back(t);
    }
    std::sort(brittle.begin(), brittle.end());
    for (const std::string& b : brittle) brittle_seen->insert(b);
    // The place most of the row's calls take their address from (first in source order on a tie).
    std::string truth;
    int best = 0;
    for (const std::string& t : truth_order) {
      if (truth_votes[t] > best) {
        best = truth_votes[t];
        truth = t;
      }
    }
    std::string source = brittle.empty() ? Cell(peer) : "⚠️ " + Cell(peer) + " (" + Join(brittle, ", ") + ")";
    std::string data_cell = Join(data, "; ", 3);
    if (group.size() > 1) data_cell += " — " + std::to_string(group.size()) + " calls";
    std::string cadence = beats.empty() ? "" : "beat " + Join(beats, ", ", 3);
    if (!cadences.empty()) cadence += (cadence.empty() ? "" : "; ") + Join(cadences, "; ", 3);
    rows.push_back({source, Cell(std::get<2>(key)), cadence, data_cell, truth});
  }
  *out += "## Ingestion sources\n\n";
  *out += "Every system this service calls, one row per peer and transport. *Cadence* is when the calls run (a beat "
          "schedule, on request, or unknown when nothing that triggers them was found), *Data* the methods and URLs "
          "called (`{settings.X}` is a Django setting, `{env.X}` an environment variable, other `{...}` parts are "
          "only known at run time), *Source of truth* the line the address comes from.\n\n";
  Table(out, {"Source", "Transport", "Cadence", "Data", "Source of truth"}, rows);
}

void Inbound(const std::vector<Edge>& edges, std::string* out, std::set<std::string>* brittle_seen) {
  std::vector<const Edge*> in;
  for (const Edge& e : edges) {
    if (e.direction == "inbound") in.push_back(&e);
  }
  std::stable_sort(in.begin(), in.end(), [](const Edge* a, const Edge* b) {
    return a->route.value_or("") < b->route.value_or("");
  });
  std::vector<std::vector<std::string>> rows;
  for (const Edge* e : in) {
    std::string view = !e->view.empty() ? e->view : e->location.function;
    std::string route = Code(e->route.value_or("(no route)"));
    if (!e->brittle.empty()) {
      route = "⚠️ " + route + " (" + Join(e->brittle, ", ") + ")";
      for (const std::string& b : e->brittle) brittle_seen->insert(b);
    }
    rows.push_back({route, Cell(e->method.value_or("any")), (view.empty() ? "" : Code(view) + " at ") + Loc(e->location),
                    Cell(e->auth.empty() ? "unknown" : e->auth), Cell(e->peer.value_or("unknown"))});
  }
  *out += "## Inbound\n\n";
  *out += "Routes other systems call into: webhooks they push to and APIs they pull from. *Auth* is how the view "
          "checks its caller.\n\n";
  Table(out, {"Route", "Methods", "View", "Auth", "Peer"}, rows);
}

void Schedules(const std::vector<Edge>& edges, std::string* out) {
  std::vector<std::vector<std::string>> rows;
  for (const Edge& e : edges) {
    if (e.kind != "beat_schedule") continue;
    std::string name = e.id_key, task;
    if (e.cadence && !e.cadence->beat.empty()) {
      name = e.cadence->beat.front().name;
      task = e.cadence->beat.front().task;
    }
    std::vector<std::string> reaches;
    for (const Edge& o : edges) {
      if (!IsCall(o) || !o.cadence) continue;
      for (const edges::BeatRef& b : o.cadence->beat) {
        if (b.name == name) AddUnique(&reaches, PeerName(o));
      }
    }
    std::sort(reaches.begin(), reaches.end());
    std::string task_cell = Code(task.empty() ? "?" : task);
    if (!reaches.empty()) task_cell += " → reaches " + Cell(Join(reaches, ", ", 5));
    std::string cadence = e.cadence ? Cell(e.cadence->text) : "unknown";
    if (e.cadence && e.cadence->cron) cadence += " (cron " + Code(*e.cadence->cron) + ")";
    rows.push_back({Code(name.empty() ? "?" : name), task_cell, cadence, Loc(e.location)});
  }
  *out += "## Schedules\n\n";
  *out += "Celery beat entries: what runs when, and the peers each one reaches.\n\n";
  Table(out, {"Entry", "Task", "Cadence", "Location"}, rows);
}

void HardcodedUrls(const std::vector<Edge>& edges, std::string* out) {
  std::vector<std::vector<std::string>> rows;
  for (const Edge& e : edges) {
    if (e.kind != "hardcoded_url") continue;
    std::vector<std::string> users;
    for (const Edge* u : UsersOf(e, edges)) AddUnique(&users, Loc(u->location));
    rows.push_back({Code(UrlText(e)), Cell(PeerName(e)), Loc(e.location), Join(users, ", ", 3)});
  }
  if (rows.empty()) return;
  *out += "## Hardcoded URLs\n\n";
  *out += "Addresses of peers written in the code (environment defaults included): each breaks silently when its peer "
          "moves.\n\n";
  Table(out, {"URL", "Peer", "Written at", "Used by"}, rows);
}

void Legend(const std::set<std::string>& kinds, std::string* out) {
  if (kinds.empty()) return;
  *out += "⚠️ Brittle kinds:\n\n";
  for (const std::string& k : kinds) *out += "- " + Code(k) + ": " + Meaning(k) + ".\n";
  *out += "\n";
}

std::string DocName(const edges::ScanResult& r) {
  if (r.commit) return Code(r.commit->substr(0, 12));
  return r.root.empty() ? "(unknown)" : Code(r.root);
}

std::string EdgeWhat(const Edge& e) {
  std::string what = e.route ? *e.route : UrlText(e);
  return what.empty() ? "" : Code(what);
}

std::string KindCell(const Edge& e) { return Cell(e.kind + (e.method ? " " + *e.method : "")); }

std::string Value(const Edge& e, const std::string& field) {
  auto opt = [](const std::optional<std::string>& s) { return s ? Code(*s) : std::string("none"); };
  if (field == "brittle") return e.brittle.empty() ? "none" : Cell(Join(e.brittle, ", "));
  if (field == "url.value") return e.url ? opt(e.url->value) : "none";
  if (field == "url.template") return e.url ? Code(e.url->tmpl) : "none";
  if (field == "url.host") return e.url ? opt(e.url->host) : "none";
  if (field == "url") return e.url ? Code(UrlText(e)) : "none";
  if (field == "peer") return opt(e.peer);
  if (field == "method") return opt(e.method);
  if (field == "route") return opt(e.route);
  if (field == "transport") return Cell(e.transport);
  if (field == "cadence") return Cell(CadenceText(e));
  if (field == "trigger") return Cell(e.trigger);
  if (field == "confidence") return Cell(e.confidence);
  if (field == "kind") return Cell(e.kind);
  if (field == "direction") return Cell(e.direction);
  if (field == "location") return Code(e.location.function.empty() ? e.location.file : e.location.function);
  return "";
}

}  // namespace

std::string WriteMarkdown(const edges::ScanResult& r, const std::string& tool_version) {
  std::string out;
  out += "# " + Cell(r.service) + ": how it connects to other systems\n\n";
  out += "Read from the code of " + Code(r.root) + (r.commit ? " at commit " + Code(*r.commit) : "") +
         " by edgescan " + tool_version + " (" + std::to_string(r.stats.files) +
         " Python files). Every row names the line of code it was read from. ⚠️ marks a brittle linkage: one that "
         "breaks silently when the other side changes (the kinds are explained at the end).\n\n";
  std::set<std::string> brittle_seen;
  IngestionSources(r.edges, &out, &brittle_seen);
  Inbound(r.edges, &out, &brittle_seen);
  Schedules(r.edges, &out);
  HardcodedUrls(r.edges, &out);
  for (const Edge& e : r.edges) {
    for (const std::string& b : e.brittle) brittle_seen.insert(b);
  }
  Legend(brittle_seen, &out);
  if (!r.diagnostics.empty()) {
    out += "edgescan could not fully read some files (" + std::to_string(r.diagnostics.size()) +
           " diagnostics): see `diagnostics` in the JSON output.\n";
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return Printable(out, /*keep_newline=*/true);
}

std::string WriteDiffMarkdown(const diff::EdgeDiff& d, int max_rows) {
  std::string out = "## edgescan: cross-service edges in this change\n\n";
  std::map<std::string, int> new_kinds;
  for (const diff::BrittleFinding& f : d.new_brittle) ++new_kinds[f.kind];
  if (d.new_brittle.empty()) {
    out += "✅ No new brittle linkage.\n\n";
  } else {
    std::vector<std::string> parts;
    for (const auto& [kind, n] : new_kinds) parts.push_back(Code(kind) + " " + std::to_string(n));
    out += "⚠️ **" + std::to_string(d.new_brittle.size()) + " new brittle linkage" +
           (d.new_brittle.size() == 1 ? "" : "s") + "**: " + Join(parts, ", ") + ".\n\n";
  }
  out += "Base " + DocName(d.base) + " → head " + DocName(d.head) + ": " + std::to_string(d.added.size()) +
         " added, " + std::to_string(d.removed.size()) + " removed, " + std::to_string(d.changed.size()) +
         " changed, " + std::to_string(d.unchanged) + " unchanged (" + std::to_string(d.moved.size()) +
         " of them moved). Edges are matched by id, which does not depend on line numbers.\n\n";

  auto new_cell = [&](const Edge& e) {
    std::vector<std::string> kinds;
    for (const std::string& b : e.brittle) {
      if (d.IsNewBrittle(e.id, b)) kinds.push_back(b);
    }
    return kinds.empty() ? std::string() : "⚠️ new " + Join(kinds, ", ");
  };
  auto limited = [&](std::vector<std::vector<std::string>> rows, size_t total, const std::vector<std::string>& header) {
    Table(&out, header, rows);
    if (total > rows.size()) {
      out.pop_back();
      out += "… and " + std::to_string(total - rows.size()) + " more (see `edgescan diff` JSON output).\n\n";
    }
  };
  size_t cap = static_cast<size_t>(std::max(1, max_rows));
  if (!d.added.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const Edge& e : d.added) {
      if (rows.size() == cap) break;
      rows.push_back({new_cell(e), KindCell(e), Cell(PeerName(e)), EdgeWhat(e), Loc(e.location)});
    }
    out += "### Added\n\n";
    limited(rows, d.added.size(), {"", "Kind", "Peer", "URL or route", "Location"});
  }
  if (!d.removed.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const Edge& e : d.removed) {
      if (rows.size() == cap) break;
      rows.push_back({KindCell(e), Cell(PeerName(e)), EdgeWhat(e), Loc(e.location)});
    }
    out += "### Removed\n\n";
    limited(rows, d.removed.size(), {"Kind", "Peer", "URL or route", "Was at"});
  }
  if (!d.changed.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const diff::ChangedEdge& c : d.changed) {
      if (rows.size() == cap) break;
      std::vector<std::string> what;
      for (const std::string& f : c.fields) {
        what.push_back(Cell(f) + ": " + Value(c.base, f) + " → " + Value(c.head, f));
      }
      rows.push_back({new_cell(c.head), KindCell(c.head), Cell(PeerName(c.head)), Join(what, "; "),
                      Loc(c.head.location)});
    }
    out += "### Changed\n\n";
    limited(rows, d.changed.size(), {"", "Kind", "Peer", "What changed", "Location"});
  }
  std::set<std::string> kinds;
  for (const auto& [kind, n] : new_kinds) kinds.insert(kind);
  Legend(kinds, &out);
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return Printable(out, /*keep_newline=*/true);
}

}  // namespace edgescan::output
