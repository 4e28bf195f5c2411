#include "output/text.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "output/printable.h"

namespace edgescan::output {

namespace ansi {
namespace {
std::string Sgr(const std::string& s, const char* code, bool on) {
  if (!on || s.empty()) return s;
  return std::string("\x1b[") + code + "m" + s + "\x1b[0m";
}
}  // namespace
std::string Bold(const std::string& s, bool on) { return Sgr(s, "1", on); }
std::string Dim(const std::string& s, bool on) { return Sgr(s, "2", on); }
std::string Red(const std::string& s, bool on) { return Sgr(s, "31", on); }
std::string Green(const std::string& s, bool on) { return Sgr(s, "32", on); }
std::string Cyan(const std::string& s, bool on) { return Sgr(s, "36", on); }
}  // namespace ansi

namespace {

using edges::Edge;

constexpr size_t kMaxUrl = 64;
constexpr size_t kMaxCallsPerPeer = 10;  // a peer's further calls are counted, not listed
constexpr size_t kMaxCadences = 2;       // distinct cadences named in a peer's heading

// Columns are counted in code points (the text is UTF-8; "·", "→", "…" take one column).
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Pad(const std::string& s, size_t width) {
  size_t w = Width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

// Cuts to `max` code points, ending in "…"; one line only.
std::string Cut(std::string s, size_t max) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (Width(s) <= max) return s;
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (n == max - 1) break;
      ++n;
    }
    out += s[i];
  }
  return out + "…";
}

std::string Loc(const Provenance& p) {
  if (p.file.empty()) return "";
  return p.line > 0 ? p.file + ":" + std::to_string(p.line) : p.file;
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsCall(const Edge& e) { return e.direction == "outbound" && e.kind != "hardcoded_url"; }

std::string PeerName(const Edge& e) {
  if (e.peer) return *e.peer;
  if (e.url && e.url->host) return *e.url->host;
  return "(unresolved peer)";
}

std::string UrlText(const Edge& e) {
  std::string u = !e.url ? "" : e.url->tmpl.empty() ? e.url->value.value_or("") : e.url->tmpl;
  if (!u.empty()) return u;
  // SDK calls often have no URL: the library call says what they do.
  return e.callee.empty() ? "(URL unknown)" : e.callee + "()";
}

std::string CadenceOf(const Edge& e) {
  if (e.cadence && !e.cadence->text.empty()) return e.cadence->text;
  return e.trigger == "unknown" || e.trigger.empty() ? "trigger unknown" : e.trigger;
}

// A cadence without its "(default of env X)" notes, for a peer's heading (the schedules section keeps them).
std::string ShortCadence(std::string c) {
  for (size_t at = c.find(" (default"); at != std::string::npos; at = c.find(" (default", at)) {
    size_t end = c.find(')', at);
    if (end == std::string::npos) break;
    c.erase(at, end - at + 1);
  }
  return c;
}

std::string Plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Bytes(long long b) {
  char buf[32];
  if (b < 1000) return std::to_string(b) + " B";
  if (b < 1000 * 1000) {
    std::snprintf(buf, sizeof buf, "%.1f kB", static_cast<double>(b) / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(b) / 1e6);
  }
  return buf;
}

// Rows of cells, each column padded to its widest cell (the last column is not padded). `style` colours a cell
// after padding, so escape codes never count toward widths.
struct Row {
  std::string heading;  // when set: a line printed as is (already styled), outside the columns
  std::vector<std::string> cells;
  std::vector<int> styles;  // per cell: 0 plain, 1 bold, 2 dim, 3 red, 4 green, 5 cyan
};

std::string Style(const std::string& s, int style, bool on) {
  switch (style) {
    case 1: return ansi::Bold(s, on);
    case 2: return ansi::Dim(s, on);
    case 3: return ansi::Red(s, on);
    case 4: return ansi::Green(s, on);
    case 5: return ansi::Cyan(s, on);
    default: return s;
  }
}

void PrintRows(const std::vector<Row>& rows, const std::string& indent, bool color, std::string* out,
               std::vector<size_t> widths = {}) {
  for (const Row& r : rows) {
    if (!r.heading.empty()) continue;
    for (size_t i = 0; i < r.cells.size(); ++i) {
      if (widths.size() <= i) widths.resize(i + 1, 0);
      widths[i] = std::max(widths[i], Width(r.cells[i]));
    }
  }
  for (const Row& r : rows) {
    if (!r.heading.empty()) {
      *out += r.heading + "\n";
      continue;
    }
    std::string line = indent;
    // Drop trailing empty cells so lines never end in spaces.
    size_t n = r.cells.size();
    while (n > 0 && r.cells[n - 1].empty()) --n;
    for (size_t i = 0; i < n; ++i) {
      bool last = i + 1 == n;
      std::string cell = last ? r.cells[i] : Pad(r.cells[i], widths[i]);
      std::string padding = cell.substr(r.cells[i].size());
      line += Style(r.cells[i], i < r.styles.size() ? r.styles[i] : 0, color) + padding + (last ? "" : "  ");
    }
    *out += line + "\n";
  }
}

std::string Heading(const std::string& title, size_t count, bool color) {
  return ansi::Bold(title, color) + " " + ansi::Dim("(" + std::to_string(count) + ")", color) + "\n";
}

void Outbound(const std::vector<Edge>& edges, bool color, std::string* out) {
  std::map<std::pair<std::string, std::string>, std::vector<const Edge*>> by_peer;
  for (const Edge& e : edges) {
    if (IsCall(e)) by_peer[{Lower(PeerName(e)), PeerName(e)}].push_back(&e);
  }
  size_t calls = 0;
  for (const auto& [k, v] : by_peer) calls += v.size();
  *out += Heading("Outbound", calls, color);
  if (by_peer.empty()) {
    *out += "  none found\n";
    return;
  }
  for (const auto& [key, group] : by_peer) {
    std::vector<std::string> transports, cadences, brittle;
    for (const Edge* e : group) {
      AddUnique(&transports, e->transport);
      AddUnique(&cadences, ShortCadence(CadenceOf(*e)));
      for (const std::string& b : e->brittle) AddUnique(&brittle, b);
    }
    std::sort(brittle.begin(), brittle.end());
    std::string when = Join(std::vector<std::string>(cadences.begin(),
                                                     cadences.begin() + std::min(cadences.size(), kMaxCadences)),
                            "; ");
    if (cadences.size() > kMaxCadences) when += "; +" + std::to_string(cadences.size() - kMaxCadences) + " more";
    std::string head = "  " + ansi::Bold(key.second, color) + "  " + Join(transports, ", ") + " · " +
                       ansi::Green(when, color) + " · " + Plural(group.size(), "call", "calls");
    if (!brittle.empty()) head += "  " + ansi::Red("⚠ " + Join(brittle, ", "), color);
    *out += head + "\n";
    std::vector<Row> rows;  // aligned within the peer; the method column has a fixed width
    for (const Edge* e : group) {
      if (rows.size() == kMaxCallsPerPeer) break;
      Row r;
      std::string marks = e->brittle.empty() ? "" : "⚠ " + Join(e->brittle, ", ");
      r.cells = {e->method.value_or("-"), Cut(UrlText(*e), kMaxUrl), Loc(e->location), e->id, marks};
      r.styles = {5, 0, 2, 2, 3};
      rows.push_back(std::move(r));
    }
    PrintRows(rows, "    ", color, out, {6});
    if (group.size() > rows.size()) {
      *out += "    " + ansi::Dim("… and " + Plural(group.size() - rows.size(), "more call", "more calls") +
                                      " (--format json or markdown lists every call)",
                                  color) +
              "\n";
    }
  }
}

void Inbound(const std::vector<Edge>& edges, bool color, std::string* out) {
  std::vector<Row> rows;
  for (const Edge& e : edges) {
    if (e.direction != "inbound") continue;
    Row r;
    std::string marks = e.brittle.empty() ? "" : "⚠ " + Join(e.brittle, ", ");
    r.cells = {e.method.value_or("ANY"), Cut(e.route.value_or("?"), kMaxUrl), e.kind, e.peer.value_or("-"),
               e.auth.empty() ? "-" : e.auth, Loc(e.location), e.id, marks};
    r.styles = {5, 1, 0, 0, 0, 2, 2, 3};
    rows.push_back(std::move(r));
  }
  *out += Heading("Inbound routes", rows.size(), color);
  if (rows.empty()) {
    *out += "  none found\n";
    return;
  }
  PrintRows(rows, "  ", color, out);
}

void Schedules(const std::vector<Edge>& edges, bool color, std::string* out) {
  // Peers each beat entry reaches (outbound calls whose cadence names the entry).
  std::map<std::string, std::vector<std::string>> reached;
  for (const Edge& e : edges) {
    if (!IsCall(e) || !e.cadence) continue;
    for (const edges::BeatRef& b : e.cadence->beat) AddUnique(&reached[b.name], PeerName(e));
  }
  std::vector<Row> rows;
  for (const Edge& e : edges) {
    if (e.kind != "beat_schedule" || !e.cadence || e.cadence->beat.empty()) continue;
    const edges::BeatRef& b = e.cadence->beat.front();
    std::vector<std::string> peers = reached[b.name];
    std::sort(peers.begin(), peers.end());
    Row r;
    r.cells = {b.name, e.cadence->text, Loc(e.location),
               b.task + " → " + (peers.empty() ? "no outbound call found" : Join(peers, ", "))};
    r.styles = {1, 4, 2, 0};
    rows.push_back(std::move(r));
  }
  *out += Heading("Schedules", rows.size(), color);
  if (rows.empty()) {
    *out += "  none found\n";
    return;
  }
  PrintRows(rows, "  ", color, out);
}

// One line per brittle kind of each edge; a hardcoded URL is one line at its literal (its users are counted).
size_t Brittle(const std::vector<Edge>& edges, bool color, std::string* out) {
  std::vector<std::tuple<std::string, std::string, Provenance, std::string>> items;  // kind, what, where, id
  for (const Edge& e : edges) {
    if (e.kind == "hardcoded_url") {
      int users = 0;
      for (const Edge& c : edges) {
        if (!IsCall(c) || !c.url) continue;
        for (const Provenance& o : c.url->origin) {
          if (o.file == e.location.file && o.line == e.location.line && o.column == e.location.column) {
            ++users;
            break;
          }
        }
      }
      std::string what = Cut(e.url ? UrlText(e) : e.evidence, kMaxUrl);
      if (users > 0) what += " (" + Plural(static_cast<size_t>(users), "call", "calls") + ")";
      items.emplace_back("hardcoded_url", what, e.location, e.id);
      continue;
    }
    for (const std::string& b : e.brittle) {
      if (b == "hardcoded_url") continue;  // listed once, at its literal
      std::string what = e.direction == "inbound" ? e.route.value_or("?")
                                                  : PeerName(e) + " " + e.method.value_or("-") + " " + UrlText(e);
      items.emplace_back(b, Cut(what, kMaxUrl), e.location, e.id);
    }
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<2>(a), std::get<3>(a)) < std::tie(std::get<0>(b), std::get<2>(b), std::get<3>(b));
  });
  *out += Heading("Brittle linkages", items.size(), color);
  if (items.empty()) {
    *out += "  none found\n";
    return 0;
  }
  std::vector<Row> rows;
  for (const auto& [kind, what, where, id] : items) {
    Row r;
    r.cells = {"⚠ " + kind, what, Loc(where), id};
    r.styles = {3, 0, 2, 2};
    rows.push_back(std::move(r));
  }
  PrintRows(rows, "  ", color, out);
  return items.size();
}

}  // namespace

// Each string read from the repository made printable on one line: file names and literals may hold newlines, ESC
// sequences or bytes that are not UTF-8.
edges::Edge ForTerminal(const edges::Edge& raw) {
  Edge e = raw;
  auto p = [](std::string* s) { *s = Printable(*s, /*keep_newline=*/false); };
  auto po = [&](std::optional<std::string>* s) {
    if (*s) p(&**s);
  };
  auto prov = [&](Provenance* v) {
    p(&v->file);
    p(&v->function);
  };
  for (std::string* s : {&e.service, &e.transport, &e.evidence, &e.callee, &e.view, &e.auth}) p(s);
  for (std::optional<std::string>* s : {&e.peer, &e.method, &e.route}) po(s);
  if (e.url) {
    po(&e.url->value);
    p(&e.url->tmpl);
    po(&e.url->host);
    for (Provenance& o : e.url->origin) prov(&o);
  }
  if (e.cadence) {
    p(&e.cadence->text);
    for (edges::BeatRef& b : e.cadence->beat) {
      p(&b.name);
      p(&b.task);
      p(&b.file);
    }
  }
  prov(&e.location);
  for (Provenance& v : e.path) prov(&v);
  return e;
}

edges::ScanResult ForTerminal(const edges::ScanResult& raw) {
  edges::ScanResult r = raw;
  auto p = [](std::string* s) { *s = Printable(*s, /*keep_newline=*/false); };
  p(&r.root);
  p(&r.service);
  for (Edge& e : r.edges) e = ForTerminal(e);
  for (Diagnostic& d : r.diagnostics) {
    p(&d.file);
    p(&d.message);
  }
  return r;
}

std::string WriteText(const edges::ScanResult& raw, const TextOptions& options) {
  const edges::ScanResult result = ForTerminal(raw);
  bool color = options.color;
  std::set<std::string> peers;
  size_t calls = 0, inbound = 0, schedules = 0, brittle = 0;
  for (const Edge& e : result.edges) {
    if (IsCall(e)) {
      ++calls;
      peers.insert(Lower(PeerName(e)));
    }
    inbound += e.direction == "inbound";
    schedules += e.kind == "beat_schedule";
    brittle += e.kind == "hardcoded_url" ? 1 : 0;
    for (const std::string& b : e.brittle) brittle += b != "hardcoded_url";
  }
  std::string out = ansi::Bold(result.service, color) + ": " + Plural(calls, "outbound call", "outbound calls") +
                    " to " + Plural(peers.size(), "peer", "peers") + ", " +
                    Plural(inbound, "inbound route", "inbound routes") + ", " +
                    Plural(schedules, "schedule", "schedules") + ", " +
                    Plural(brittle, "brittle linkage", "brittle linkages") + "\n";
  std::string scanned = Plural(static_cast<size_t>(result.stats.files), "file", "files") + ", " +
                        Bytes(result.stats.bytes);
  if (result.stats.skipped > 0) scanned += ", " + std::to_string(result.stats.skipped) + " skipped";
  if (result.commit) scanned += ", commit " + result.commit->substr(0, 12);
  out += ansi::Dim("scanned " + result.root + " (" + scanned + ")", color) + "\n\n";
  Outbound(result.edges, color, &out);
  out += "\n";
  Inbound(result.edges, color, &out);
  out += "\n";
  Schedules(result.edges, color, &out);
  out += "\n";
  Brittle(result.edges, color, &out);
  out += "\n";
  if (!result.diagnostics.empty()) {
    std::map<std::string, int> by_severity;
    for (const Diagnostic& d : result.diagnostics) ++by_severity[d.severity];
    std::vector<std::string> parts;
    for (const auto& [sev, n] : by_severity) parts.push_back(std::to_string(n) + " " + sev);
    out += Plural(result.diagnostics.size(), "diagnostic", "diagnostics") + " (" + Join(parts, ", ") +
           "): files edgescan could not fully read; see --format json\n";
  }
  out += ansi::Dim("edgescan explain ID " + result.root + " tells one edge's story; --format json|markdown|sarif for "
                   "machines and pages", color) + "\n";
  return out;
}

}  // namespace edgescan::output
