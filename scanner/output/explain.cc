#include "output/explain.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "core/regex.h"
#include "output/printable.h"

namespace edgescan::output {
namespace {

using edges::Edge;

constexpr int kContext = 2;      // lines shown before and after the call site
constexpr size_t kMaxLine = 160;  // code lines are cut beyond this

class Sources {
 public:
  explicit Sources(std::string root) : root_(std::move(root)) {}
  // Line `n` (1-based) of `file`, without its newline; "" when unknown.
  const std::string* Line(const std::string& file, int n) {
    const std::vector<std::string>& lines = Lines(file);
    if (n < 1 || n > static_cast<int>(lines.size())) return nullptr;
    return &lines[n - 1];
  }
  int Count(const std::string& file) { return static_cast<int>(Lines(file).size()); }

 private:
  const std::vector<std::string>& Lines(const std::string& file) {
    auto it = files_.find(file);
    if (it != files_.end()) return it->second;
    std::vector<std::string>& lines = files_[file];
    if (file.empty() || file.find("..") != std::string::npos) return lines;
    std::ifstream in(root_ + "/" + file, std::ios::binary);
    std::string line;
    while (in && std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
    }
    return lines;
  }
  std::string root_;
  std::map<std::string, std::vector<std::string>> files_;
};

std::string Loc(const Provenance& p, bool with_column = false) {
  if (p.file.empty()) return "(unknown place)";
  std::string s = p.file;
  if (p.line > 0) s += ":" + std::to_string(p.line);
  if (with_column && p.column > 0) s += ":" + std::to_string(p.column);
  return s;
}

std::string Where(const Provenance& p) {
  return Loc(p) + (p.function.empty() ? " (module level)" : " in " + p.function);
}

// A code line as shown: tabs as spaces, cut at kMaxLine bytes (on a character boundary), and made printable as the
// text output is (output/printable.h), since a source line may hold ESC sequences or bytes that are not UTF-8.
std::string Clean(std::string s) {
  for (char& c : s) {
    if (c == '\t') c = ' ';
  }
  if (s.size() <= kMaxLine) return Printable(s, /*keep_newline=*/false);
  size_t cut = kMaxLine;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
  return Printable(s.substr(0, cut), /*keep_newline=*/false) + "…";
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a);
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

// The `{settings.X}` / `{env.X}` names a template mentions.
std::vector<std::string> Names(const std::string& tmpl, const std::string& kind) {
  std::vector<std::string> out;
  std::string needle = "{" + kind + ".";
  for (size_t at = tmpl.find(needle); at != std::string::npos; at = tmpl.find(needle, at + 1)) {
    size_t end = tmpl.find('}', at);
    if (end == std::string::npos) break;
    out.push_back(tmpl.substr(at + needle.size(), end - at - needle.size()));
  }
  return out;
}

bool Mentions(const std::string& line, const std::string& name) {
  return line.find("\"" + name + "\"") != std::string::npos || line.find("'" + name + "'") != std::string::npos;
}

// What one url.origin step is, read from its code line (see explain.h).
// Lines `from`..`to` of a file joined by spaces (calls spread over several lines read as one).
std::string Joined(Sources* src, const std::string& file, int from, int to) {
  std::string out;
  for (int n = std::max(1, from); n <= to; ++n) {
    const std::string* l = src->Line(file, n);
    if (l == nullptr) break;
    out += (out.empty() ? "" : " ") + Trim(*l);
  }
  return out;
}

// The environment variable named by the innermost env-getter call still open before `before` (the text ending at a
// literal): `get_string(name="X", default=` or `os.environ.get("X", `. "" when none.
std::string OpenEnvCall(const std::string& before) {
  static const StatusOr<Regex> call =
      Regex::Compile(R"(.*[A-Za-z_][A-Za-z0-9_.]*\(\s*(?:name\s*=\s*|key\s*=\s*)?["']([A-Z][A-Z0-9_]*)["'].*)");
  std::string name;
  if (!call->Capture(before, &name)) return "";
  size_t at = before.rfind(name);
  int depth = 0;
  for (size_t i = before.rfind('(', at); i < before.size(); ++i) {
    depth += before[i] == '(' ? 1 : before[i] == ')' ? -1 : 0;
  }
  return depth > 0 ? name : "";
}

std::string OriginLabel(const Provenance& o, Sources* src, const Edge& e) {
  const std::string* line = src->Line(o.file, o.line);
  if (line == nullptr) return "value";
  const std::string& text = *line;
  size_t col = o.column > 0 ? static_cast<size_t>(o.column - 1) : 0;
  std::string tmpl = e.url ? e.url->tmpl : "";
  std::vector<std::string> envs = Names(tmpl, "env");
  std::vector<std::string> settings = Names(tmpl, "settings");
  // A string literal at the column (with an optional prefix: f"", r'', b"").
  size_t q = col;
  while (q < text.size() && q < col + 2 && std::isalpha(static_cast<unsigned char>(text[q]))) ++q;
  bool literal = q < text.size() && (text[q] == '"' || text[q] == '\'');
  std::string elsewhere = o.function != e.location.function && !o.function.empty()
                              ? ", in the argument " + o.function + " passes"
                              : "";
  if (literal) {
    // The literal's text, up to its closing quote.
    size_t end = q + 1;
    while (end < text.size() && text[end] != text[q]) end += text[end] == '\\' ? 2 : 1;
    std::string lit = text.substr(col, std::min(end + 1, text.size()) - col);
    if (lit.size() > 60) lit = lit.substr(0, 59) + "…";
    std::string before = Joined(src, o.file, o.line - 5, o.line - 1);
    before += (before.empty() ? "" : " ") + text.substr(0, col);
    std::string env = OpenEnvCall(before);
    if (!env.empty()) return "default of environment variable " + env + ": " + lit;
    return "literal " + lit + elsewhere;
  }
  // A call at the column whose first argument names an environment variable: get_string("X"), os.environ.get("X").
  static const StatusOr<Regex> env_call =
      Regex::Compile(R"(([A-Za-z_][A-Za-z0-9_.]*)\(\s*(?:name\s*=\s*|key\s*=\s*)?["']([A-Z][A-Z0-9_]*)["'].*)");
  std::string rest = Joined(src, o.file, o.line + 1, o.line + 3);
  rest = text.substr(std::min(col, text.size())) + (rest.empty() ? "" : " " + rest);
  std::string callee;
  if (env_call->Capture(rest, &callee) && env_call->FullMatch(rest)) {
    size_t open = rest.find('(');
    size_t a = rest.find_first_of("\"'", open);
    size_t b = a == std::string::npos ? a : rest.find(rest[a], a + 1);
    if (b != std::string::npos) {
      return "environment variable " + rest.substr(a + 1, b - a - 1) + ", read by " + rest.substr(0, open) + "()";
    }
  }
  static const StatusOr<Regex> assign = Regex::Compile(R"(\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(?::[^=]*)?=[^=].*)");
  std::string name;
  if (col <= text.find_first_not_of(" \t") && assign->Capture(text, &name)) {
    std::string bare = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
    if (std::find(settings.begin(), settings.end(), bare) != settings.end()) return "setting " + bare;
    for (const std::string& n : envs) {
      if (Mentions(text, n)) return "environment variable " + n + ", read into " + bare;
    }
    if (o.function.empty()) return "module constant " + bare;
    return "local variable " + bare;
  }
  for (const std::string& n : envs) {
    if (Mentions(text, n)) return "environment variable " + n;
  }
  if (o.function != e.location.function) {
    return o.function.empty() ? "module-level value" : "argument passed by " + o.function;
  }
  return "expression";  // the call's own argument
}

void CodeLine(Sources* src, const Provenance& p, const std::string& indent, bool color, std::string* out) {
  const std::string* line = src->Line(p.file, p.line);
  if (line == nullptr) return;
  *out += indent + ansi::Dim(Clean(Trim(*line)), color) + "\n";
}

}  // namespace

std::vector<const Edge*> FindEdges(const edges::ScanResult& result, const std::string& id) {
  std::vector<const Edge*> out;
  if (id.size() < 4) return out;
  for (const Edge& e : result.edges) {
    if (e.id == id) return {&e};
    if (e.id.rfind(id, 0) == 0) out.push_back(&e);
  }
  return out;
}

std::string WriteExplain(const Edge& e_raw, const edges::ScanResult& result, const std::string& source_root,
                         const TextOptions& options) {
  bool color = options.color;
  Sources src(source_root);  // read with the raw names (`raw`, `result`); print only the printable copies
  const Edge& raw = e_raw;
  const Edge e = ForTerminal(e_raw);
  const edges::ScanResult shown = ForTerminal(result);
  std::string out;

  // Summary.
  std::string arrow = e.direction == "inbound" ? " ← " : " → ";
  std::string head = ansi::Bold(e.kind + " " + e.id, color) + ": " + e.service;
  if (e.direction != "internal" || e.peer) head += arrow + ansi::Bold(e.peer.value_or("(unresolved peer)"), color);
  head += " (" + e.transport + "), confidence " + e.confidence;
  out += head + "\n";
  if (e.url) {
    out += "  " + (e.method ? ansi::Cyan(*e.method, color) + " " : std::string()) + e.url->tmpl + "\n";
    out += "  value: " + (e.url->value ? *e.url->value : std::string("not static (configured at run time)"));
    if (e.url->host) out += ", host " + *e.url->host;
    out += "\n";
  } else if (e.route) {
    out += "  " + ansi::Cyan(e.method.value_or("ANY"), color) + " " + *e.route + "\n";
  }
  if (e.direction == "inbound") {
    out += "  auth: " + (e.auth.empty() ? std::string("not recorded (scan documents do not keep it)") : e.auth) +
           (e.view.empty() ? "" : ", view " + e.view) + "\n";
  }
  std::string when = e.cadence && !e.cadence->text.empty() ? e.cadence->text : "cadence unknown";
  out += "  trigger: " + e.trigger + ", " + ansi::Green(when, color) + "\n";
  out += "  brittle: " + (e.brittle.empty() ? std::string("none") : ansi::Red(Join(e.brittle, ", "), color)) + "\n";

  // The call site (or route view, beat entry, literal) with a few lines around it.
  const char* site = e.direction == "inbound" ? "View"
                     : e.kind == "beat_schedule" ? "Beat entry"
                     : e.kind == "hardcoded_url" ? "Literal"
                                                 : "Call site";
  out += "\n" + ansi::Bold(site, color) + "  " + Where(e.location) + "\n";
  int count = src.Count(raw.location.file);
  if (count == 0) {
    out += "  (source not readable under " + Printable(source_root, /*keep_newline=*/false) + ")\n";
  } else {
    int from = std::max(1, e.location.line - kContext), to = std::min(count, e.location.line + kContext);
    size_t width = std::to_string(to).size();
    for (int n = from; n <= to; ++n) {
      std::string num = std::to_string(n);
      num = std::string(width - num.size(), ' ') + num;
      std::string text = Clean(*src.Line(raw.location.file, n));
      if (n == e.location.line) {
        out += "  → " + ansi::Bold(num + " │ " + text, color) + "\n";
      } else {
        out += "    " + ansi::Dim(num + " │", color) + (text.empty() ? "" : " " + text) + "\n";
      }
    }
  }

  // Where the URL comes from.
  if (e.url) {
    out += "\n" + ansi::Bold("Where the URL comes from", color);
    if (e.url->origin.empty()) {
      out += "\n  nothing static: the URL is built from values known only at run time\n";
    } else {
      size_t n = e.url->origin.size();
      out += " " + ansi::Dim("(" + std::to_string(n) + (n == 1 ? " step" : " steps") + ", as the scan followed them)", color) +
             "\n";
      for (size_t i = 0; i < n; ++i) {
        const Provenance& o = e.url->origin[i];
        out += "  " + std::to_string(i + 1) + ". " +
               Printable(OriginLabel(raw.url->origin[i], &src, raw), /*keep_newline=*/false) + "  " +
               ansi::Dim(Loc(o, true) + (o.function.empty() ? "" : " in " + o.function), color) + "\n";
        CodeLine(&src, raw.url->origin[i], "       ", color, &out);
      }
    }
  }

  // How it is reached.
  const char* how = e.direction == "inbound"       ? "How requests reach it"
                    : e.kind == "beat_schedule"     ? "What it runs"
                    : e.kind == "hardcoded_url"     ? "Which calls use it"
                                                    : "How it is reached";
  out += "\n" + ansi::Bold(how, color) + "\n";
  bool said = false;
  if (e.cadence && e.kind != "beat_schedule") {
    for (const edges::BeatRef& b : e.cadence->beat) {
      std::string own;
      for (const Edge& s : shown.edges) {
        if (s.kind == "beat_schedule" && s.cadence && !s.cadence->beat.empty() && s.cadence->beat.front().name == b.name) {
          own = s.cadence->text;
        }
      }
      out += "  beat entry " + ansi::Bold(b.name, color) + " runs task " + b.task +
             (own.empty() ? "" : ", " + ansi::Green(own, color)) + "  " +
             ansi::Dim(b.file + ":" + std::to_string(b.line), color) + "\n";
      said = true;
    }
  }
  if (e.kind == "beat_schedule" && e.cadence && !e.cadence->beat.empty()) {
    const edges::BeatRef& b = e.cadence->beat.front();
    std::vector<std::string> peers;
    for (const Edge& c : shown.edges) {
      if (c.direction != "outbound" || c.kind == "hardcoded_url" || !c.cadence) continue;
      for (const edges::BeatRef& r : c.cadence->beat) {
        if (r.name != b.name) continue;
        std::string p = c.peer.value_or("(unresolved peer)") + "  " + ansi::Dim(Loc(c.location) + "  " + c.id, color);
        if (std::find(peers.begin(), peers.end(), p) == peers.end()) peers.push_back(p);
      }
    }
    out += "  task " + b.task + ", " + ansi::Green(when, color) + ", reaching " +
           (peers.empty() ? "no outbound call edgescan found" : "these calls:") + "\n";
    for (const std::string& p : peers) out += "  → " + p + "\n";
    said = true;
  }
  if (e.kind == "hardcoded_url") {
    for (size_t k = 0; k < result.edges.size(); ++k) {
      const Edge& c = shown.edges[k];
      if (c.direction != "outbound" || c.kind == "hardcoded_url" || !c.url) continue;
      for (const Provenance& o : result.edges[k].url->origin) {  // compared raw, printed shown
        if (o.file == raw.location.file && o.line == raw.location.line && o.column == raw.location.column) {
          out += "  used by " + c.kind + " " + c.id + " → " + c.peer.value_or("(unresolved peer)") + "  " +
                 ansi::Dim(Where(c.location), color) + "\n";
          said = true;
          break;
        }
      }
    }
  }
  if (!e.path.empty()) {
    out += e.direction == "inbound" ? "  urlconf chain, from ROOT_URLCONF down:\n"
                                    : "  call path, from the entry point down to the call site:\n";
    for (size_t i = 0; i < e.path.size(); ++i) {
      out += "  " + std::to_string(i + 1) + ". " + ansi::Dim(Where(e.path[i]), color) + "\n";
      CodeLine(&src, raw.path[i], "       ", color, &out);
    }
    if (e.direction != "inbound") out += "  → " + Where(e.location) + " (the call)\n";
    said = true;
  }
  if (!said) {
    out += e.trigger == "unknown"
               ? "  no entry point found that reaches it (no beat task, view, signal or command calls it)\n"
               : "  " + when + ": the " + (e.trigger == "request" ? "view" : "entry point") + " is the function itself\n";
  }
  return out;
}

}  // namespace edgescan::output
