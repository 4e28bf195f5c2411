#include "ruletest/rule_selftest.h"

#include <nlohmann/json.hpp>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "ruleset/builtin.h"
#include "scan.h"

namespace edgescan::ruletest {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// A fresh folder under the system temp dir, removed when the object dies.
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code ec;
    std::string tmpl = (fs::temp_directory_path(ec) / "edgescan-rules-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) != nullptr) path_ = buf.data();
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// "# edge: http_call requests.get" on the line above the code it checks.
struct Annotation {
  std::string tag;     // edge | ok | todo
  std::string kind;    // http_call
  std::string callee;  // requests.get, "" = any
  int line = 0;        // of the comment
  int target = 0;      // the code line it checks
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

std::vector<Annotation> Annotations(const std::string& text) {
  std::vector<std::string> lines = Lines(text);
  std::vector<Annotation> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string t = Trim(lines[i]);
    for (const char* tag : {"edge", "ok", "todo"}) {
      std::string head = std::string("# ") + tag + ":";
      if (t.rfind(head, 0) != 0) continue;
      Annotation a;
      a.tag = tag;
      a.line = static_cast<int>(i) + 1;
      std::istringstream words(t.substr(head.size()));
      words >> a.kind >> a.callee;
      for (size_t j = i + 1; j < lines.size(); ++j) {
        std::string next = Trim(lines[j]);
        if (!next.empty() && next[0] != '#') {
          a.target = static_cast<int>(j) + 1;
          break;
        }
      }
      out.push_back(a);
    }
  }
  return out;
}

Json Opt(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

// The fields a client rule decides, in the order .expected.json files list them.
Json Project(const edges::Edge& e) {
  Json j;
  j["line"] = e.location.line;
  j["kind"] = e.kind;
  j["callee"] = e.callee;
  j["method"] = Opt(e.method);
  j["url"] = e.url ? Opt(e.url->value) : Json(nullptr);
  j["template"] = e.url ? Json(e.url->tmpl) : Json(nullptr);
  j["peer"] = Opt(e.peer);
  j["transport"] = e.transport;
  j["brittle"] = e.brittle;
  j["confidence"] = e.confidence;
  return j;
}

bool IsOutbound(const edges::Edge& e) { return e.kind == "http_call" || e.kind == "sdk_call"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A rule file needs a fixture when it teaches client libraries or scraping signals.
bool NeedsFixture(const std::string& path, const std::string& text) {
  ruleset::RuleSet one;
  if (!ruleset::LoadRuleText(path, text, &one).ok()) return true;
  return !one.clients.empty() || !one.scrape.html_parsers.empty() || !one.scrape.regex_functions.empty();
}

std::string Stem(const std::string& rule_path) {
  return rule_path.size() > 5 ? rule_path.substr(0, rule_path.size() - 5) : rule_path;  // drop ".json"
}

}  // namespace

bool RuleTestReport::ok() const {
  return std::all_of(files.begin(), files.end(), [](const RuleFileResult& r) { return r.passed; });
}

std::string RuleTestReport::Summary() const {
  std::string out;
  int failed = 0;
  for (const RuleFileResult& r : files) {
    failed += !r.passed;
    out += std::string(r.passed ? "ok   " : "FAIL ") + r.rule_file;
    if (!r.fixture.empty()) out += " (" + std::to_string(r.edges) + " edges)";
    out += "\n";
    for (const std::string& f : r.failures) out += "  " + f + "\n";
    for (const std::string& n : r.notes) out += "  note: " + n + "\n";
  }
  out += std::to_string(files.size() - failed) + " of " + std::to_string(files.size()) + " rule files pass\n";
  return out;
}

RuleFileResult TestRuleFixture(const std::string& rule_file, const std::string& fixture_path,
                               const std::string& fixture_text, const std::string& expected_text,
                               const std::vector<std::string>& rules_dirs) {
  RuleFileResult r;
  r.rule_file = rule_file;
  r.fixture = fixture_path;
  auto fail = [&](int line, const std::string& what) {
    r.failures.push_back(fixture_path + (line > 0 ? ":" + std::to_string(line) : "") + ": " + what);
  };

  ScratchDir scratch;
  if (scratch.path().empty()) {
    fail(0, "cannot create a temporary folder to scan the fixture in");
    return r;
  }
  fs::path file = fs::path(scratch.path()) / fixture_path;
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  {
    std::ofstream out(file, std::ios::binary);
    out << fixture_text;
    if (!out) {
      fail(0, "cannot write the fixture to " + file.string());
      return r;
    }
  }
  ScanOptions options;
  options.root = scratch.path();
  options.jobs = 1;
  options.timing = false;
  options.rules_dirs = rules_dirs;
  StatusOr<edges::ScanResult> scanned = Scan(options);
  if (!scanned.ok()) {
    fail(0, "scan failed: " + scanned.status().message());
    return r;
  }
  std::vector<const edges::Edge*> found;
  for (const edges::Edge& e : scanned->edges) {
    if (IsOutbound(e) && e.location.file == fixture_path) found.push_back(&e);
  }
  r.edges = static_cast<int>(found.size());
  for (const Diagnostic& d : scanned->diagnostics) fail(d.line, "diagnostic: " + d.message);

  // Annotations: missing and noisy lines.
  std::vector<Annotation> notes = Annotations(fixture_text);
  auto matches = [](const edges::Edge& e, const Annotation& a) {
    return e.location.line == a.target && e.kind == a.kind && (a.callee.empty() || e.callee == a.callee);
  };
  for (const Annotation& a : notes) {
    if (a.target == 0 || a.kind.empty()) {
      fail(a.line, "# " + a.tag + ": needs a kind and a code line below it");
      continue;
    }
    bool hit = std::any_of(found.begin(), found.end(), [&](const edges::Edge* e) { return matches(*e, a); });
    if (a.tag == "edge" && !hit) fail(a.target, "missing: " + a.kind + (a.callee.empty() ? "" : " " + a.callee));
    if (a.tag == "ok" && hit) fail(a.target, "noisy: " + a.kind + " where the fixture says # ok");
    if (a.tag == "todo") {
      r.notes.push_back(fixture_path + ":" + std::to_string(a.target) + ": todo: " + a.kind +
                        (hit ? " (now found: turn it into # edge:)" : ""));
    }
  }
  for (const edges::Edge* e : found) {
    bool announced = std::any_of(notes.begin(), notes.end(), [&](const Annotation& a) {
      return (a.tag == "edge" || a.tag == "todo") && matches(*e, a);
    });
    if (!announced) fail(e->location.line, "noisy: " + e->kind + " " + e->callee + " has no # edge: comment above it");
  }

  // The hand-written expectation, field by field.
  if (expected_text.empty()) {
    fail(0, "no expected edges: write " + Stem(rule_file) + ".expected.json by hand");
  } else {
    Json expected;
    try {
      expected = Json::parse(expected_text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number beyond double
      fail(0, std::string("expected edges are not JSON: ") + e.what());
      return r;
    }
    if (!expected.is_array()) {
      fail(0, "expected edges must be a JSON array of edges");
    } else {
      size_t n = std::max(expected.size(), found.size());
      for (size_t i = 0; i < n; ++i) {
        if (i >= expected.size()) {
          fail(found[i]->location.line, "unexpected edge #" + std::to_string(i + 1) + ": " + Project(*found[i]).dump());
          continue;
        }
        if (i >= found.size()) {
          fail(0, "expected edge #" + std::to_string(i + 1) + " not found: " + expected[i].dump());
          continue;
        }
        Json actual = Project(*found[i]);
        if (actual == expected[i]) continue;
        std::string diff;
        for (auto it = actual.begin(); it != actual.end(); ++it) {
          const Json want = expected[i].contains(it.key()) ? expected[i][it.key()] : Json("(absent)");
          if (want != it.value()) diff += " " + it.key() + ": expected " + want.dump() + ", got " + it.value().dump() + ";";
        }
        for (auto it = expected[i].begin(); it != expected[i].end(); ++it) {
          if (!actual.contains(it.key())) diff += " " + it.key() + ": not a projected field;";
        }
        fail(found[i]->location.line, "edge #" + std::to_string(i + 1) + " differs:" + diff);
      }
    }
  }
  r.passed = r.failures.empty();
  return r;
}

namespace {

// A rule file without a fixture: failing for client-library rules, noted for the others.
RuleFileResult WithoutFixture(const std::string& rule_file, const std::string& text, const std::string& stem) {
  RuleFileResult r;
  r.rule_file = rule_file;
  if (NeedsFixture(rule_file, text)) {
    r.failures.push_back(rule_file + ": no fixture: add " + stem + ".py (annotated) and " + stem + ".expected.json");
  } else {
    r.passed = true;
    r.notes.push_back("no fixture (not a client-library rule)");
  }
  return r;
}

}  // namespace

RuleFileResult TestBuiltinRuleFile(const std::string& rule_file) {
  std::string stem = Stem(rule_file);
  const char* py = nullptr;
  const char* expected = nullptr;
  for (const ruleset::EmbeddedRuleFile& f : ruleset::BuiltinRuleFixtures()) {
    if (f.path == stem + ".py") py = f.text;
    if (f.path == stem + ".expected.json") expected = f.text;
  }
  const char* text = "";
  for (const ruleset::EmbeddedRuleFile& f : ruleset::BuiltinRuleFiles()) {
    if (f.path == rule_file) text = f.text;
  }
  if (py == nullptr) return WithoutFixture(rule_file, text, stem);
  return TestRuleFixture(rule_file, stem + ".py", py, expected == nullptr ? "" : expected, {});
}

StatusOr<RuleTestReport> RunRuleTests(const std::string& dir) {
  RuleTestReport report;
  if (dir.empty()) {
    StatusOr<ruleset::RuleSet> rules = ruleset::LoadRuleSet({});
    if (!rules.ok()) return rules.status();
    for (const ruleset::EmbeddedRuleFile& f : ruleset::BuiltinRuleFiles()) {
      report.files.push_back(TestBuiltinRuleFile(f.path));
    }
    return report;
  }

  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return InvalidArgumentError(dir + ": rules test needs a folder of *.json rule files");
  StatusOr<ruleset::RuleSet> rules = ruleset::LoadRuleSet({dir});
  if (!rules.ok()) return rules.status();
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_regular_file() && it->path().extension() == ".json" && name.find(".expected.") == std::string::npos) {
      paths.push_back(it->path());
    }
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& p : paths) {
    std::string rel = fs::relative(p, dir, ec).generic_string();
    std::string stem = Stem(p.string());
    std::string fixture_path = "rules/" + Stem(rel) + ".py";
    std::string text = ReadFile(p.string());
    if (!fs::exists(stem + ".py", ec)) {
      report.files.push_back(WithoutFixture(p.string(), text, stem));
      continue;
    }
    RuleFileResult r = TestRuleFixture(p.string(), fixture_path, ReadFile(stem + ".py"),
                                       ReadFile(stem + ".expected.json"), {dir});
    // Name the fixture where the user keeps it, not where it was scanned.
    r.fixture = stem + ".py";
    for (std::vector<std::string>* list : {&r.failures, &r.notes}) {
      for (std::string& f : *list) {
        if (f.rfind(fixture_path, 0) == 0) f = r.fixture + f.substr(fixture_path.size());
      }
    }
    report.files.push_back(std::move(r));
  }
  return report;
}

}  // namespace edgescan::ruletest
