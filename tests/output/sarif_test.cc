// --format sarif: the log for fixtures/issue-7-hardcoded-urls is compared with its hand-checked expected.sarif and
// validated against the SARIF 2.1.0 JSON schema (fetched at configure time: tests/output/sarif_schema.cmake) with
// testing/json_schema.h, which is itself shown to reject broken logs.
#include "output/sarif.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/fixture_runner.h"
#include "testing/json_schema.h"

namespace edgescan::output {
namespace {

using Json = nlohmann::json;

const Json& Schema() {
  static const Json schema = Json::parse(testing::ReadFileOrDie(EDGESCAN_SARIF_SCHEMA));
  return schema;
}

std::string FixtureSarif() {
  std::string out;
  EXPECT_EQ(testing::RunCommand(testing::Binary() + " scan fixtures/issue-7-hardcoded-urls --no-timing --format sarif",
                                &out),
            0);
  return out;
}

TEST(Sarif, MatchesHandCheckedLogForFixture) {
  std::string out = FixtureSarif();
  std::string expected = testing::ReadFileOrDie("fixtures/issue-7-hardcoded-urls/expected.sarif");
  EXPECT_EQ(expected, out) << testing::FirstDifference(expected, out);
}

TEST(Sarif, FixtureLogIsValidSarif210) {
  ASSERT_EQ(Schema()["properties"]["version"]["enum"], Json::array({"2.1.0"}));
  std::vector<std::string> errors = testing::ValidateJsonSchema(Schema(), Json::parse(FixtureSarif()));
  EXPECT_TRUE(errors.empty()) << errors.front();
}

std::vector<edges::Edge> OddEdges() {
  edges::Edge call;
  call.id = "00000000000000aa";
  call.kind = "http_call";
  call.direction = "outbound";
  call.transport = "REST JSON";
  call.url = edges::Url{std::nullopt, "{url}", std::nullopt, {}};
  call.brittle = {"no_timeout", "tls_verify_off", "zz_future_kind"};  // one result each; an unknown kind still gets a rule
  call.location = Provenance{"odd dir/ünïcode.py", 7, 3, "odd.f"};
  edges::Edge nowhere;
  nowhere.id = "00000000000000bb";
  nowhere.kind = "http_call";
  nowhere.direction = "outbound";
  nowhere.peer = "X";
  nowhere.transport = "REST JSON";
  nowhere.brittle = {"html_scrape"};
  nowhere.location = Provenance{"a.py", 0, 0, ""};  // unknown line: no region
  return {call, nowhere};
}

TEST(Sarif, OneResultPerBrittleKindWithEdgeIdFingerprint) {
  std::vector<edges::Edge> edges = OddEdges();
  Json log = Json::parse(WriteSarif(BrittleFindings(edges), "0.1.0"));
  std::vector<std::string> errors = testing::ValidateJsonSchema(Schema(), log);
  EXPECT_TRUE(errors.empty()) << errors.front();
  const Json& run = log["runs"][0];
  ASSERT_EQ(run["results"].size(), 4u);
  std::vector<std::string> rule_ids;
  for (const Json& r : run["results"]) {
    rule_ids.push_back(r["ruleId"]);
    EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<size_t>()]["id"], r["ruleId"]);
    EXPECT_FALSE(run["tool"]["driver"]["rules"][r["ruleIndex"].get<size_t>()]["help"]["text"].get<std::string>().empty());
  }
  EXPECT_EQ(rule_ids, (std::vector<std::string>{"html_scrape", "no_timeout", "tls_verify_off", "zz_future_kind"}));
  EXPECT_EQ(run["results"][1]["partialFingerprints"]["edgescanEdgeId/v1"], "00000000000000aa");
  EXPECT_EQ(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "odd%20dir/%C3%BCn%C3%AFcode.py");
  EXPECT_EQ(run["results"][2]["level"], "error");
  EXPECT_FALSE(run["results"][0]["locations"][0]["physicalLocation"].contains("region"));
  EXPECT_EQ(run["results"][1]["message"]["text"], "http_call {url} to an unresolved peer has no timeout.");
}

TEST(Sarif, KeepSelectsFindings) {
  std::vector<edges::Edge> edges = OddEdges();
  auto only_tls = [](const edges::Edge&, const std::string& kind) { return kind == "tls_verify_off"; };
  Json log = Json::parse(WriteSarif(BrittleFindings(edges, only_tls), "0.1.0"));
  ASSERT_EQ(log["runs"][0]["results"].size(), 1u);
  EXPECT_EQ(log["runs"][0]["results"][0]["ruleId"], "tls_verify_off");
}

// The checker must fail logs that break the schema, or the validation above would prove nothing.
TEST(JsonSchemaChecker, RejectsBrokenSarifLogs) {
  Json good = Json::parse(FixtureSarif());
  ASSERT_TRUE(testing::ValidateJsonSchema(Schema(), good).empty());
  struct Break {
    const char* what;
    std::function<void(Json*)> edit;
    const char* error;
  };
  const Break rows[] = {
      {"no version", [](Json* j) { j->erase("version"); }, "missing required property 'version'"},
      {"wrong version", [](Json* j) { (*j)["version"] = "2.0.0"; }, "not in enum"},
      {"bad level", [](Json* j) { (*j)["runs"][0]["results"][0]["level"] = "fatal"; }, "/runs/0/results/0/level"},
      {"line 0", [](Json* j) { (*j)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0; },
       "below minimum"},
      {"unknown top-level property", [](Json* j) { (*j)["extra"] = 1; }, "/extra: property not allowed"},
      {"message without text", [](Json* j) { (*j)["runs"][0]["results"][0]["message"] = Json::object(); }, "anyOf"},
      {"rules repeated", [](Json* j) {
         Json& rules = (*j)["runs"][0]["tool"]["driver"]["rules"];
         rules.push_back(rules[0]);
       }, "repeat"},
  };
  for (const Break& b : rows) {
    Json broken = good;
    b.edit(&broken);
    std::vector<std::string> errors = testing::ValidateJsonSchema(Schema(), broken);
    ASSERT_FALSE(errors.empty()) << b.what;
    std::string all;
    for (const std::string& e : errors) all += e + "\n";
    EXPECT_NE(all.find(b.error), std::string::npos) << b.what << ":\n" << all;
  }
}

}  // namespace
}  // namespace edgescan::output
