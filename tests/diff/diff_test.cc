// edgescan diff: scans of a temporary copy of fixtures/issue-7-hardcoded-urls before and after an edit, compared
// through the CLI (the way a pull-request job runs it), plus reading documents back and matching rules on
// hand-built edges.
#include "diff/diff.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "output/json_writer.h"
#include "testing/fixture_runner.h"

namespace edgescan::diff {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kFixture = "fixtures/issue-7-hardcoded-urls";

// A copy of the fixture that a test edits, scanned under a fixed service name (the id hashes the service, which
// would otherwise be the folder name).
class Checkout {
 public:
  Checkout() {
    fs::copy(kFixture, root(), fs::copy_options::recursive);
    fs::remove(root() + "/expected.json");
  }
  std::string root() const { return dir_.path() + "/repo"; }
  void Replace(const std::string& file, const std::string& from, const std::string& to) {
    std::string path = root() + "/" + file;
    std::string text = testing::ReadFileOrDie(path);
    size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << "not in " << file << ": " << from;
    text.replace(at, from.size(), to);
    testing::WriteFileOrDie(path, text);
  }
  void Append(const std::string& file, const std::string& text) {
    std::string path = root() + "/" + file;
    testing::WriteFileOrDie(path, testing::ReadFileOrDie(path) + text);
  }
  // Scans the copy into `name` (in the temp dir) and returns its path.
  std::string Scan(const std::string& name) {
    std::string out = dir_.path() + "/" + name;
    EXPECT_EQ(testing::RunCommand(testing::Binary() + " scan " + root() + " --service partners --no-timing --out " + out,
                                  nullptr),
              0);
    return out;
  }
  std::string Path(const std::string& name) const { return dir_.path() + "/" + name; }

 private:
  testing::TempDir dir_;
};

int Diff(const std::string& args, std::string* out) {
  return testing::RunCommand(testing::Binary() + " diff " + args, out);
}

constexpr const char* kPullRates =
    "def pull_rates():\n"
    "    return requests.get(RATES_URL, timeout=5).json()\n"
    "\n"
    "\n";

TEST(Diff, MovedFunctionIsNoChange) {
  Checkout c;
  std::string base = c.Scan("base.json");
  // Move pull_rates from the top of the module to its end, ~35 lines down.
  c.Replace("partners/clients.py", kPullRates, "");
  c.Append("partners/clients.py", "\n\ndef pull_rates():\n    return requests.get(RATES_URL, timeout=5).json()\n");
  std::string head = c.Scan("head.json");
  std::string out;
  ASSERT_EQ(Diff(base + " " + head + " --fail-on new-brittle", &out), 0) << out;
  Json d = Json::parse(out);
  EXPECT_EQ(d["schema"], "edgescan/diff@1");
  EXPECT_EQ(d["summary"]["added"], 0) << out;
  EXPECT_EQ(d["summary"]["removed"], 0) << out;
  EXPECT_EQ(d["summary"]["changed"], 0) << out;
  EXPECT_EQ(d["summary"]["new_brittle"], 0) << out;
  EXPECT_EQ(d["summary"]["unchanged"], 11);
  bool pull_rates_moved = false;
  for (const Json& m : d["moved"]) {
    if (m["to"]["function"] == "partners.clients.pull_rates") {
      pull_rates_moved = m["from"]["line"] == 17 && m["to"]["line"].get<int>() > 40;
    }
  }
  EXPECT_TRUE(pull_rates_moved) << out;
}

TEST(Diff, NewLiteralUrlIsNewBrittleAndFails) {
  Checkout c;
  std::string base = c.Scan("base.json");
  c.Append("partners/clients.py",
           "\n\ndef pull_stock():\n    return requests.get(\"https://stock.quotes-feed.com/v1/acme\", timeout=5)\n");
  std::string head = c.Scan("head.json");
  std::string out;
  EXPECT_EQ(Diff(base + " " + head, &out), 0) << "without --fail-on the diff only reports";
  ASSERT_EQ(Diff(base + " " + head + " --fail-on new-brittle", &out), 1) << out;
  Json d = Json::parse(out);
  EXPECT_EQ(d["summary"]["added"], 2) << out;  // the call and its literal
  EXPECT_EQ(d["summary"]["removed"], 0) << out;
  EXPECT_EQ(d["summary"]["changed"], 0) << out;
  std::vector<std::string> added;
  for (const Json& e : d["added"]) {
    added.push_back(e["kind"].get<std::string>() + " " + e["url"]["value"].get<std::string>() + " " +
                    std::to_string(e["location"]["line"].get<int>()));
  }
  EXPECT_EQ(added, (std::vector<std::string>{"hardcoded_url https://stock.quotes-feed.com/v1/acme 54",
                                             "http_call https://stock.quotes-feed.com/v1/acme 54"}));
  ASSERT_EQ(d["new_brittle"].size(), 2u);
  EXPECT_EQ(d["new_brittle"][0]["brittle"], "hardcoded_url");
}

TEST(Diff, RemovedCallIsRemoved) {
  Checkout c;
  std::string base = c.Scan("base.json");
  c.Replace("partners/clients.py", "\n\ndef rates_again():\n    return requests.get(RATES_URL, timeout=5)\n", "\n");
  std::string head = c.Scan("head.json");
  std::string out;
  ASSERT_EQ(Diff(base + " " + head + " --fail-on new-brittle", &out), 0) << out;
  Json d = Json::parse(out);
  EXPECT_EQ(d["summary"]["added"], 0) << out;
  EXPECT_EQ(d["summary"]["changed"], 0) << out;
  ASSERT_EQ(d["removed"].size(), 1u) << out;
  EXPECT_EQ(d["removed"][0]["location"]["function"], "partners.clients.rates_again");
  EXPECT_EQ(d["removed"][0]["location"]["line"], 50);
}

// The end-to-end check: one new hardcoded URL call and one moved function in the same change, then
// scan -> diff in all three formats.
TEST(Diff, EndToEndPullRequest) {
  Checkout c;
  std::string base = c.Scan("base.json");
  c.Replace("partners/clients.py", kPullRates, "");
  c.Append("partners/clients.py",
           "\n\ndef pull_rates():\n    return requests.get(RATES_URL, timeout=5).json()\n"
           "\n\ndef pull_stock():\n    return requests.get(\"https://stock.quotes-feed.com/v1/acme\")\n");
  std::string head = c.Scan("head.json");

  std::string json, markdown, sarif;
  ASSERT_EQ(Diff(base + " " + head + " --fail-on new-brittle --out " + c.Path("diff.json"), nullptr), 1);
  json = testing::ReadFileOrDie(c.Path("diff.json"));
  Json d = Json::parse(json);
  EXPECT_EQ(d["summary"]["added"], 2) << json;
  EXPECT_EQ(d["summary"]["removed"], 0) << json;
  EXPECT_EQ(d["summary"]["changed"], 0) << json;
  EXPECT_EQ(d["summary"]["new_brittle"], 3) << json;  // literal: hardcoded_url; call: hardcoded_url, no_timeout

  ASSERT_EQ(Diff(base + " " + head + " --format markdown", &markdown), 0);
  EXPECT_NE(markdown.find("⚠️ **3 new brittle linkages**: `hardcoded_url` 2, `no_timeout` 1."), std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("| ⚠️ new hardcoded_url, no_timeout | http_call GET | stock.quotes-feed.com | "
                          "`https://stock.quotes-feed.com/v1/acme` | `partners/clients.py:54` |"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find(": 2 added, 0 removed, 0 changed, 11 unchanged ("), std::string::npos) << markdown;
  EXPECT_EQ(markdown.find("### Removed"), std::string::npos) << markdown;

  ASSERT_EQ(Diff(base + " " + head + " --format sarif", &sarif), 0);
  Json log = Json::parse(sarif);
  std::vector<std::string> results;
  for (const Json& r : log["runs"][0]["results"]) {
    results.push_back(r["ruleId"].get<std::string>() + " " +
                      std::to_string(r["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>()));
  }
  // Only the new findings: the literal (with the call folded into it) and the call's missing timeout.
  EXPECT_EQ(results, (std::vector<std::string>{"hardcoded_url 54", "no_timeout 54"})) << sarif;
}

TEST(Diff, UsageAndBadInputExitTwo) {
  testing::TempDir dir;
  std::string bad = dir.path() + "/bad.json";
  testing::WriteFileOrDie(bad, "{\"schema\": \"something/else@1\", \"edges\": []}");
  std::string good = "fixtures/issue-7-hardcoded-urls/expected.json";
  for (std::string args : {std::string(""), good, good + " " + good + " --format xml", good + " " + good + " --fail-on x",
                           good + " /nonexistent.json", good + " " + bad}) {
    EXPECT_EQ(Diff(args + " >/dev/null 2>&1", nullptr), 2) << args;
  }
  std::string err;
  testing::RunCommand("bash -c '" + testing::Binary() + " diff " + good + " " + bad + " 2>&1 >/dev/null'", &err);
  EXPECT_NE(err.find(bad + ": schema: 'something/else@1' is not an edgescan/edges document"), std::string::npos) << err;
}

TEST(ReadScanDocument, RoundTripsWhatScanWrites) {
  std::string text = testing::ReadFileOrDie("fixtures/issue-7-hardcoded-urls/expected.json");
  StatusOr<edges::ScanResult> doc = ReadScanDocument(text, "expected.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->service, "issue-7-hardcoded-urls");
  ASSERT_EQ(doc->edges.size(), 11u);
  // Writing the edges back gives the same JSON, so nothing of the contract is lost on the way.
  Json original = Json::parse(text);
  for (size_t i = 0; i < doc->edges.size(); ++i) {
    EXPECT_EQ(Json::parse(output::Dump(output::EdgeToJson(doc->edges[i]), -1)), original["edges"][i]) << i;
  }
  // JSON lines work too.
  std::string jsonl;
  for (const edges::Edge& e : doc->edges) jsonl += output::Dump(output::EdgeToJson(e), -1) + "\n";
  StatusOr<edges::ScanResult> lines = ReadScanDocument(jsonl, "x.jsonl");
  ASSERT_TRUE(lines.ok()) << lines.status().message();
  EXPECT_EQ(lines->edges.size(), 11u);
}

TEST(ReadScanDocument, RejectsWhatIsNotAScan) {
  struct Row {
    const char* text;
    const char* error;
  };
  const Row rows[] = {
      {"", "x: (top): empty"},
      {"not json", "x: line 1: not JSON"},
      {"[1, 2]", "expected an object"},
      {"{\"schema\": \"edgescan/edges@2\", \"edges\": []}", "newer than edgescan/edges@1"},
      {"{\"schema\": \"edgescan/edges@1\"}", "edges: missing"},
      {"{\"schema\": \"edgescan/edges@1\", \"edges\": [{\"kind\": \"http_call\"}]}", "edges[0].id: every edge needs"},
      {"{\"schema\": \"edgescan/edges@1\", \"edges\": [{\"id\": \"a\", \"brittle\": \"x\"}]}", "edges[0].brittle: must be"},
      {"{\"schema\": \"edgescan/edges@1\", \"edges\": [{\"id\": \"a\", \"location\": {\"line\": \"3\"}}]}",
       "edges[0].location.line: must be an integer"},
  };
  for (const Row& r : rows) {
    StatusOr<edges::ScanResult> doc = ReadScanDocument(r.text, "x");
    ASSERT_FALSE(doc.ok()) << r.text;
    EXPECT_NE(doc.status().message().find(r.error), std::string::npos) << r.text << " -> " << doc.status().message();
  }
}

// Bad input is generated, not stored: a 200,000-deep document and a huge jsonl line must give an error, not a crash.
TEST(ReadScanDocument, DeepOrHugeInputIsAnErrorNotACrash) {
  std::string deep = std::string(200000, '[') + std::string(200000, ']');
  StatusOr<edges::ScanResult> doc = ReadScanDocument(deep, "deep.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("expected an object"), std::string::npos) << doc.status().message();
  std::string deep_edge = "{\"schema\": \"edgescan/edges@1\", \"edges\": [{\"id\": \"a\", \"url\": " +
                          std::string(100000, '[') + std::string(100000, ']') + "}]}";
  doc = ReadScanDocument(deep_edge, "deep-edge.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("edges[0].url: must be an object or null"), std::string::npos);
}

edges::Edge Call(const std::string& id, int line, std::vector<std::string> brittle = {}) {
  edges::Edge e;
  e.id = id;
  e.kind = "http_call";
  e.direction = "outbound";
  e.peer = "P";
  e.transport = "REST JSON";
  e.url = edges::Url{"https://p.io/x", "https://p.io/x", "p.io", {Provenance{"a.py", line, 5, "a.f"}}};
  e.brittle = std::move(brittle);
  e.location = Provenance{"a.py", line, 5, "a.f"};
  e.evidence = "line " + std::to_string(line);
  return e;
}

TEST(DiffScans, PositionsAreNotChangesButBrittleIs) {
  edges::ScanResult base, head;
  base.edges = {Call("a", 10), Call("b", 20), Call("c", 30, {"no_timeout"})};
  head.edges = {Call("a", 210), Call("b", 20, {"no_timeout"}), Call("c", 30)};
  EdgeDiff d = DiffScans(base, head);
  EXPECT_TRUE(d.added.empty());
  EXPECT_TRUE(d.removed.empty());
  ASSERT_EQ(d.moved.size(), 1u);
  EXPECT_EQ(d.moved[0].from.line, 10);
  ASSERT_EQ(d.changed.size(), 2u);
  EXPECT_EQ(d.changed[0].fields, std::vector<std::string>{"brittle"});
  ASSERT_EQ(d.new_brittle.size(), 1u);  // b gained no_timeout; c lost one, which is no new finding
  EXPECT_EQ(d.new_brittle[0].id, "b");
  EXPECT_TRUE(d.IsNewBrittle("b", "no_timeout"));
  EXPECT_FALSE(d.IsNewBrittle("c", "no_timeout"));
}

}  // namespace
}  // namespace edgescan::diff
