// A bad rule file stops start-up with "file:line: field: what to do".
#include <gtest/gtest.h>

#include "ruleset/builtin.h"

namespace edgescan::ruleset {
namespace {

struct Row {
  const char* text;
  const char* error;  // substring expected in the message ("" = loads)
};

TEST(RuleLoader, ReportsFileLineAndField) {
  const Row rows[] = {
      {"{\"id\": \"http-x\", \"functions\": [{\"names\": [\"x.get\"], \"url\": {\"arg\": 0}}]}", ""},
      {"// comment\n{\n  \"id\": \"http-x\",\n  \"functions\": [\n    {\"names\": [\"x.get\"], \"url\": {\"arg\": -1}}\n  ]\n}",
       "r.json:5: functions[0].url.arg: must be a non-negative integer"},
      {"{\n  \"id\": \"http-x\",\n  \"functoins\": []\n}", "r.json:3: functoins: unknown field"},
      {"{\n  \"id\": \"HTTP x\"\n}", "r.json:2: id: must be kebab-case"},
      {"{\n  \"id\": \"http-x\",\n  \"functions\": [\n", "r.json:4: (json): syntax error"},
      {"{\"id\": \"http-x\", \"functions\": [{\"url\": 0}]}", "functions[0].names: required"},
      {"{\n\"id\": \"peers-x\",\n\"hosts\": [{\"host\": \"(unclosed\", \"peer\": \"X\"}]\n}",
       "r.json:3: hosts[0].host: bad regular expression"},
      {"{\"id\": \"http-x\", \"kind\": \"ftp_call\", \"functions\": []}", "kind: must be http_call or sdk_call"},
  };
  for (const Row& r : rows) {
    RuleSet set;
    Status s = LoadRuleText("r.json", r.text, &set);
    if (std::string(r.error).empty()) {
      EXPECT_TRUE(s.ok()) << s.message();
    } else {
      EXPECT_FALSE(s.ok()) << r.text;
      EXPECT_NE(s.message().find(r.error), std::string::npos) << "got: " << s.message();
    }
  }
}

TEST(RuleLoader, BuiltinRulesLoadAndHaveStableHash) {
  StatusOr<RuleSet> a = LoadRuleSet({});
  ASSERT_TRUE(a.ok()) << a.status().message();
  StatusOr<RuleSet> b = LoadRuleSet({});
  EXPECT_EQ(a->hash, b->hash);
  EXPECT_FALSE(a->clients.empty());
  EXPECT_FALSE(a->env_getters.empty());
}

TEST(RuleLoader, DuplicateIdsAreRejected) {
  RuleSet set;
  ASSERT_TRUE(LoadRuleText("a.json", "{\"id\": \"http-x\", \"functions\": []}", &set).ok());
  Status s = LoadRuleText("b.json", "{\"id\": \"http-x\", \"functions\": []}", &set);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("duplicate rule id"), std::string::npos);
}

}  // namespace
}  // namespace edgescan::ruleset
