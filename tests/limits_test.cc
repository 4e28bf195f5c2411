// Resource limits (issue 9): each is configurable and says so in a diagnostic when hit; the scan goes on.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "output/json_writer.h"
#include "testing/fixture_runner.h"

namespace edgescan {
namespace {

nlohmann::json ScanWith(const std::string& root, const std::function<void(ScanOptions*)>& set) {
  ScanOptions o;
  o.root = root;
  o.timing = false;
  o.jobs = 1;
  set(&o);
  StatusOr<edges::ScanResult> r = Scan(o);
  EXPECT_TRUE(r.ok());
  return nlohmann::json::parse(output::WriteJson(*r, "0.1.0"));
}

bool HasMessage(const nlohmann::json& doc, const std::string& fragment) {
  for (const auto& d : doc["diagnostics"]) {
    if (d["message"].get<std::string>().find(fragment) != std::string::npos) return true;
  }
  return false;
}

TEST(Limits, CallerDepthIsConfigurableAndReported) {
  nlohmann::json doc = ScanWith("fixtures/issue-3-callers", [](ScanOptions* o) { o->resolve.max_caller_depth = 1; });
  EXPECT_TRUE(HasMessage(doc, "caller depth limit (1)"));
  nlohmann::json full = ScanWith("fixtures/issue-3-callers", [](ScanOptions*) {});
  EXPECT_FALSE(HasMessage(full, "caller depth"));
}

TEST(Limits, ValueFanOutIsConfigurableAndReported) {
  nlohmann::json doc = ScanWith("fixtures/issue-3-callers", [](ScanOptions* o) { o->resolve.max_alternatives = 1; });
  EXPECT_TRUE(HasMessage(doc, "value fan-out limit (1)"));
  int http = 0;
  for (const auto& e : doc["edges"]) http += e["kind"] == "http_call";
  EXPECT_EQ(http, 1);  // three settings reach the call; only one is kept
}

TEST(Limits, EvaluationDepthIsConfigurableAndReported) {
  testing::TempDir dir;
  std::string chain = "import requests\nA0 = 'https://deep.example.org'\n";
  for (int i = 1; i < 40; ++i) chain += "A" + std::to_string(i) + " = A" + std::to_string(i - 1) + " + '/x'\n";
  chain += "requests.get(A39, timeout=1)\n";
  testing::WriteFileOrDie(dir.path() + "/m.py", chain);
  nlohmann::json doc = ScanWith(dir.path(), [](ScanOptions* o) { o->resolve.max_eval_depth = 10; });
  EXPECT_TRUE(HasMessage(doc, "evaluation depth limit (10)"));
  nlohmann::json deep = ScanWith(dir.path(), [](ScanOptions* o) { o->resolve.max_eval_depth = 100; });
  EXPECT_FALSE(HasMessage(deep, "evaluation depth"));
}

TEST(Limits, ParseTimeoutSkipsTheFileWithDiagnostic) {
  testing::TempDir dir;
  std::string big;
  for (int i = 0; i < 200000; ++i) big += "x" + std::to_string(i) + " = [1, 2, 3, {'a': (4, 5)}]\n";
  testing::WriteFileOrDie(dir.path() + "/big.py", big);
  testing::WriteFileOrDie(dir.path() + "/ok.py", "import requests\nrequests.get('https://ok.example.org', timeout=1)\n");
  nlohmann::json doc = ScanWith(dir.path(), [](ScanOptions* o) { o->parse_timeout_micros = 1000; });
  EXPECT_TRUE(HasMessage(doc, "parse time limit"));
  EXPECT_EQ(doc["stats"]["files"], 1);
}

}  // namespace
}  // namespace edgescan
