// A bad rule file stops start-up with "file:line: field: what to do".
#include <gtest/gtest.h>

#include "ruleset/builtin.h"
#include "testing/rule_load_rows.h"

namespace edgescan::ruleset {
namespace {

using testing::RuleLoadRow;

TEST(RuleLoader, ReportsFileLineAndField) {
  const RuleLoadRow rows[] = {
      {"{\"id\": \"http-x\", \"functions\": [{\"names\": [\"x.get\"], \"url\": {\"arg\": 0}}]}", ""},
      {"// comment\n{\n  \"id\": \"http-x\",\n  \"functions\": [\n    {\"names\": [\"x.get\"], \"url\": {\"arg\": -1}}\n  ]\n}",
       "r.json:5: functions[0].url.arg: must be a non-negative integer"},
      {"{\n  \"id\": \"http-x\",\n  \"functoins\": []\n}", "r.json:3: functoins: unknown field"},
      {"{\n  \"id\": \"HTTP x\"\n}", "r.json:2: id: must be kebab-case"},
      {"{\n  \"id\": \"http-x\",\n  \"functions\": [\n", "r.json:4: (json): syntax error"},
      {"{\"id\": \"http-x\", \"functions\": [{\"url\": 0}]}", "functions[0].names: required"},
      {"{\n\"id\": \"peers-x\",\n\"hosts\": [{\"host\": \"(unclosed\", \"peer\": \"X\"}]\n}",
       "r.json:3: hosts[0].host: bad regular expression"},
      {"{\"id\": \"peers-x\", \"hosts\": [{\"setting\": \"OPEN_?EDX_.*\", \"peer\": \"Open edX\"}]}", ""},
      {"{\n\"id\": \"peers-x\",\n\"hosts\": [{\"setting\": \"(x\", \"peer\": \"X\"}]\n}",
       "r.json:3: hosts[0].setting: bad regular expression"},
      {"{\"id\": \"peers-x\", \"hosts\": [{\"host\": \"a\", \"setting\": \"B\", \"peer\": \"X\"}]}",
       "hosts[0]: needs peer and one of host / setting"},
      {"{\"id\": \"peers-x\", \"peer_words\": {\"mitx\": \"MITx\"}}", ""},
      {"{\"id\": \"sdk-x\", \"functions\": [{\"names\": \"x.pay\", \"peer_arg\": {\"arg\": 0}}]}", ""},
      {"{\"id\": \"sdk-x\", \"functions\": [{\"names\": \"x\", \"path\": [\"/{t}/{id}\", \"/{id}\"], \"path_args\": {\"t\": \"doc_type\", \"id\": 0}}]}",
       ""},
      {"{\n\"id\": \"sdk-x\",\n\"functions\": [{\"names\": \"x.pay\",\n\"peer_arg\": {\"arg\": -2}}]}",
       "r.json:4: functions[0].peer_arg.arg: must be a non-negative integer"},
      {"{\n\"id\": \"peers-x\",\n\"peer_words\": [\"MITx\"]\n}", "r.json:3: peer_words: must be an object"},
      {"{\"id\": \"peers-x\", \"peer_words\": {\"MITX\": 1}}", "peer_words.MITX: must be a string"},
      {"{\"id\": \"sdk-x\", \"constants\": {\"x.Kind.A.value\": \"a\"}}", ""},
      {"{\"id\": \"django-x\", \"django\": {\"browser_token_middleware\": [\"a.B\"], \"service_user_permissions\": [\"a.P\"], "
       "\"service_user_settings\": [\"([A-Z]+_)*WORKER\"]}}", ""},
      {"{\n\"id\": \"django-x\",\n\"django\": {\"service_user_settings\": [\"(x\"]}}", "django.service_user_settings"},
      {"{\"id\": \"django-x\", \"django\": {\"browser_token_middleware\": 3}}", "django.browser_token_middleware"},
      {"{\n\"id\": \"sdk-x\",\n\"constants\": [\"a\"]\n}", "r.json:3: constants: must be an object"},
      {"{\"id\": \"sdk-x\", \"constants\": {\"x.Kind.A.value\": 1}}", "constants.x.Kind.A.value: must be a string"},
      {"{\"id\": \"http-x\", \"kind\": \"ftp_call\", \"functions\": []}", "kind: must be http_call or sdk_call"},
      // Client fields in a file that defines no client (no functions, no classes) would be dropped: an error says so.
      {"{\"id\": \"peers-x\",\n\"kind\": \"htp_call\", \"hosts\": []}",
       "r.json:2: kind: applies to client rules only (a file with functions or classes)"},
      {"{\"id\": \"peers-x\", \"transport\": \"https\"}", "transport: applies to client rules only"},
      {"{\"id\": \"peers-x\", \"timeout\": true, \"hosts\": []}", "timeout: applies to client rules only"},
      {"{\"id\": \"sdk-x\", \"kind\": \"sdk_call\", \"classes\": []}", ""},
      {"{\"id\": \"sdk-x\", \"functions\": [{\"names\": \"x.get_conn\", \"returns\": \"x.C\", \"configured_by\": "
       "[{\"names\": \"x.configure\", \"arg\": {\"kw\": \"default\"}, \"key\": \"hosts\"}]}]}",
       ""},
      {"{\n\"id\": \"sdk-x\",\n\"functions\": [{\"names\": \"x.get_conn\",\n\"configured_by\": [{\"arg\": 0}]}]}",
       "functions[0].configured_by[0]: needs names and arg"},
      // A number beyond double (nlohmann throws out_of_range, not parse_error): an error, not std::terminate.
      {"{\n  \"id\": \"http-x\",\n  \"timeout\": 1e999\n}", "r.json:3: (json): number overflow parsing '1e999'"},
  };
  testing::ExpectRuleLoadRows(rows);
}

// fuzz_rules crash-04fa158dc14465c838402d0032a50390f26c67fa (issue 9), verbatim: std::terminate on
// out_of_range.406 from "9e90999999999".
TEST(RuleLoader, FuzzCrashNumberOverflowIsAnError) {
  const char kInput[] = "// Hand-writte \x1d \"base[\n{\"lin \":9e90999999999\0\t0000000000000a\n";
  RuleSet set;
  Status s = LoadRuleText("r.json", std::string(kInput, sizeof kInput - 1), &set);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("r.json:2: (json): number overflow"), std::string::npos) << s.message();
}

// A library's fixed names load as a table; a later file's entry for the same name wins.
TEST(RuleLoader, ConstantsLoadIntoOneTable) {
  RuleSet set;
  ASSERT_TRUE(LoadRuleText("a.json", R"({"id": "sdk-a", "constants": {"x.Kind.A.value": "a", "x.B": "b"}})", &set).ok());
  ASSERT_TRUE(LoadRuleText("b.json", R"({"id": "sdk-b", "constants": {"x.B": "bee"}})", &set).ok());
  EXPECT_EQ(set.constants.size(), 2u);
  EXPECT_EQ(set.constants.at("x.Kind.A.value"), "a");
  EXPECT_EQ(set.constants.at("x.B"), "bee");
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

// Issue 4's client-rule fields: each loads, and each mistake names its line and field.
TEST(RuleLoader, ClientRuleFieldsLoadOrNameTheirMistake) {
  const RuleLoadRow rows[] = {
      {R"({"id": "sdk-x", "timeout": "unsupported", "brittle": ["html_scrape"], "verify_keywords": ["ssl"],
           "functions": [{"names": "x.f", "url": [{"kw": "Bucket"}, {"kw": "Key"}], "url_prefix": "s3://",
                          "only_if": {"arg": 0, "is": "x.URL"}, "url_only": true, "timeout": false, "path": "/a/{id}/{v?}",
                          "path_args": {"id": {"arg": 1, "kw": "id"}, "v": "version"}, "client_arg": 0}],
           "classes": [{"type": "x.C", "names": ["x.C"], "base_url": [0, 1], "url_prefix": "https://",
                        "default_url": "https://x.io", "verify": {"kw": "verify"}, "method": {"kw": "method"},
                        "attributes": ["same", {"name": "sub", "type": "x.D"}], "any_attribute": true,
                        "fluent": true, "transport": "SDK:x", "peer": "X", "kind": "sdk_call",
                        "connection_from": "x.get_conn", "client_arg": {"kw": "using"},
                        "verbs": {"list": "GET", "insert": "POST"}}]})",
       ""},
      {"{\"id\": \"sdk-x\", \"functions\": [\n{\"names\": \"x\", \"path\": \"/a\", \"path_args\": {\"id\": 0}}]}",
       "r.json:2: functions[0].path_args.id: names no {id} part of path"},
      {"{\"id\": \"sdk-x\", \"functions\": [{\"names\": \"x\", \"path\": \"/{id}\", \"path_args\": [0]}]}",
       "functions[0].path_args: must be an object"},
      {"{\"id\": \"sdk-x\", \"classes\": [{\"type\": \"t\", \"verbs\": {\"list\": 1}}]}",
       "classes[0].verbs.list: must be an HTTP method"},
      {"{\"id\": \"sdk-x\", \"functions\": [{\"names\": \"x\", \"path\": []}]}", "functions[0].path: must name at least one path"},
      {"{\"id\": \"http-x\",\n \"timeout\": \"sometimes\", \"functions\": []}",
       "r.json:2: timeout: must be true, false or \"unsupported\""},
      {"{\"id\": \"http-x\", \"functions\": [\n{\"names\": \"x\", \"only_if\": {\"arg\": 0}}]}",
       "r.json:2: functions[0].only_if.is: required"},
      {"{\"id\": \"http-x\", \"functions\": [{\"names\": \"x\", \"url\": []}]}",
       "functions[0].url: must name at least one argument"},
      {"{\"id\": \"http-x\", \"classes\": [{\"type\": \"t\",\n \"attributes\": [{\"name\": \"a\"}]}]}",
       "r.json:2: classes[0].attributes[0]: needs name (the attribute) and type"},
      {"{\"id\": \"http-x\", \"classes\": [{\"type\": \"t\", \"fluent\": \"yes\"}]}",
       "classes[0].fluent: must be true or false"},
      {"{\"id\": \"http-x\", \"classes\": [{\"type\": \"t\", \"kind\": \"ftp\"}]}",
       "classes[0].kind: must be http_call or sdk_call"},
      {"{\"id\": \"brittle-x\",\n\"scrape\": {\"token_words\": \"(csrf\"}}", "r.json:2: scrape.token_words:"},
      {"{\"id\": \"brittle-x\", \"scrape\": {\"parsers\": []}}", "scrape.parsers: unknown field"},
  };
  testing::ExpectRuleLoadRows(rows, [](const RuleSet& set) {
    ASSERT_EQ(set.clients.size(), 1u);
    const ClientRule& c = set.clients[0];
    EXPECT_TRUE(c.timeout_unsupported);
    ASSERT_EQ(c.functions.size(), 1u);
    EXPECT_EQ(c.functions[0].url.kw, "Bucket");
    ASSERT_EQ(c.functions[0].url_join.size(), 1u);
    EXPECT_EQ(c.functions[0].only_if.is_name, "x.URL");
    EXPECT_EQ(c.functions[0].timeout, 0);
    ASSERT_EQ(c.functions[0].path_args.size(), 2u);
    EXPECT_EQ(c.functions[0].path_args[0].first, "id");
    EXPECT_EQ(c.functions[0].path_args[0].second.arg, 1);
    EXPECT_EQ(c.functions[0].path_args[1].second.kw, "version");
    EXPECT_EQ(c.functions[0].client_arg.arg, 0);
    EXPECT_EQ(c.classes[0].connection_from, "x.get_conn");
    EXPECT_EQ(c.classes[0].client_arg.kw, "using");
    ASSERT_EQ(c.classes[0].verbs.size(), 2u);
    EXPECT_EQ(c.classes[0].verbs[0].first, "list");  // in the order written
    EXPECT_EQ(c.classes[0].verbs[0].second, "GET");
    ASSERT_EQ(c.classes.size(), 1u);
    EXPECT_EQ(c.classes[0].base_url_join.size(), 1u);
    ASSERT_EQ(c.classes[0].typed_attributes.size(), 1u);
    EXPECT_EQ(c.classes[0].typed_attributes[0].type, "x.D");
    EXPECT_TRUE(c.classes[0].fluent);
    EXPECT_TRUE(c.classes[0].any_attribute);
  });
}

}  // namespace
}  // namespace edgescan::ruleset
