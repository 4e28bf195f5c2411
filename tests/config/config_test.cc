// .edgescan.json: every field read, and every bad value a clear error naming file, line and key (the README's
// "Per-repository config" lists these messages).
#include "config/config.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "testing/fixture_runner.h"

namespace edgescan::config {
namespace {

TEST(Config, ReadsEveryField) {
  StatusOr<Config> c = ParseConfig(R"({
    // comments are allowed
    "service": "billing",
    "peers": [{"host": "(.*\\.)?ledger\\.internal", "peer": "Ledger"}, {"setting": "PAYROLL_.*", "peer": "Payroll"}],
    "rules": ["tools/edgescan-rules", "/abs/rules"],
    "include": "src/",
    "exclude": ["scripts/", "**/legacy_*.py"],
    "settings_module": ["shop.settings.production", "shop.settings.extra"],
    "peer_api_routes": [{"route": "api/v1/.*", "peer": "ETL", "kind": "webhook", "why": "pushes"}, {"view": "shop\\..*"}]
  })",
                                   ".edgescan.json");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->service, "billing");
  ASSERT_EQ(c->peers.size(), 2u);
  EXPECT_TRUE(c->peers[0].host && c->peers[0].host->FullMatch("api.ledger.internal"));
  EXPECT_TRUE(c->peers[0].host->FullMatch("LEDGER.internal"));  // hosts are case-insensitive
  EXPECT_FALSE(c->peers[0].host->FullMatch("ledger.internal.evil.com"));
  EXPECT_EQ(c->peers[0].peer, "Ledger");
  EXPECT_TRUE(c->peers[1].setting && c->peers[1].setting->FullMatch("PAYROLL_SERVICE_BASE"));
  EXPECT_EQ(c->rules_dirs, (std::vector<std::string>{"tools/edgescan-rules", "/abs/rules"}));
  EXPECT_EQ(c->include, (std::vector<std::string>{"src/"}));
  EXPECT_EQ(c->exclude, (std::vector<std::string>{"scripts/", "**/legacy_*.py"}));
  EXPECT_EQ(c->settings_modules, (std::vector<std::string>{"shop.settings.production", "shop.settings.extra"}));
  ASSERT_EQ(c->peer_api_routes.size(), 2u);
  EXPECT_TRUE(c->peer_api_routes[0].route->FullMatch("api/v1/invoices/"));
  EXPECT_EQ(c->peer_api_routes[0].kind, "webhook");
  EXPECT_EQ(c->peer_api_routes[0].peer, "ETL");
  EXPECT_EQ(c->peer_api_routes[1].kind, "peer_api");
  EXPECT_EQ(c->peer_api_routes[1].why, "declared in .edgescan.json");
}

TEST(Config, EmptyObjectIsValid) {
  StatusOr<Config> c = ParseConfig("{}", "c.json");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->service.empty() && c->peers.empty() && c->exclude.empty());
}

struct BadCase {
  const char* text;
  const char* error;  // the whole message
};

TEST(Config, BadConfigsNameFileLineAndKey) {
  const BadCase kCases[] = {
      {"{\n  \"servcie\": \"x\"\n}",
       "c.json:2: servcie: unknown key; expected one of: exclude, include, peer_api_routes, peers, rules, service, "
       "settings_module"},
      {"{\"service\": 3}", "c.json:1: service: must be a string"},
      {"{\"service\": \"\"}", "c.json:1: service: must not be empty (omit it to use the folder's name)"},
      {"[1, 2]", "c.json:1: (top): a config file holds one JSON object, e.g. {\"service\": \"shop\"}"},
      {"{\n\"service\": \"x\",\n}", "c.json:3: (json): syntax error while parsing object key - unexpected '}'; "
                                    "expected string literal"},
      {"{\"peers\": {\"host\": \"x\"}}",
       "c.json:1: peers: must be a list of {\"host\" or \"setting\": RE2, \"peer\": name}"},
      {"{\"peers\": [\n {\"host\": \"(unclosed\", \"peer\": \"X\"}]}",
       "c.json:2: peers[0].host: bad regular expression '(unclosed': missing ): (unclosed"},
      {"{\"peers\": [{\"peer\": \"X\"}]}", "c.json:1: peers[0]: needs host or setting (RE2)"},
      {"{\"peers\": [{\"host\": \"a\", \"setting\": \"B\", \"peer\": \"X\"}]}",
       "c.json:1: peers[0]: takes host or setting, not both (write two aliases)"},
      {"{\"peers\": [{\"host\": \"a\"}]}", "c.json:1: peers[0].peer: required: the peer's name"},
      {"{\"peers\": [{\"hots\": \"a\", \"peer\": \"X\"}]}",
       "c.json:1: peers[0].hots: unknown key; expected one of: host, peer, setting"},
      {"{\"peers\": [{\"host\": 7, \"peer\": \"X\"}]}", "c.json:1: peers[0].host: must be a string (an RE2 on the URL's host)"},
      {"{\"rules\": [1]}", "c.json:1: rules[0]: must be a string"},
      {"{\"exclude\": [\"ok/\", \"!keep.py\"]}",
       "c.json:1: exclude[1]: must be a glob such as \"scripts/\" or \"**/legacy_*.py\" (no empty, # or !)"},
      {"{\"include\": {\"a\": 1}}", "c.json:1: include: must be a string or a list of strings"},
      {"{\"settings_module\": \"shop/settings.py\"}",
       "c.json:1: settings_module: 'shop/settings.py' is not a dotted module name such as \"shop.settings.production\""},
      {"{\"settings_module\": []}", "c.json:1: settings_module: must name a module"},
      {"{\"peer_api_routes\": [{\"peer\": \"X\"}]}", "c.json:1: peer_api_routes[0]: needs route or view (RE2)"},
      {"{\"peer_api_routes\": [{\"route\": \"a\", \"kind\": \"api\"}]}",
       "c.json:1: peer_api_routes[0].kind: must be peer_api or webhook"},
  };
  for (const BadCase& c : kCases) {
    StatusOr<Config> r = ParseConfig(c.text, "c.json");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().message(), c.error) << c.text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(Config, DeepOrHugeInputIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  EXPECT_FALSE(ParseConfig(deep, "c.json").ok());
  std::string nested = "{\"peers\": " + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_FALSE(ParseConfig(nested, "c.json").ok());
  EXPECT_FALSE(ParseConfig(std::string("{\"service\": \"\xff\xfe\"}"), "c.json").ok());
  // A number beyond double: nlohmann throws out_of_range (not parse_error); an error naming its line, not a crash.
  StatusOr<Config> big = ParseConfig("{\n\"peers\": [],\n\"service\": -2e400}", "c.json");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().message(), "c.json:3: (json): number overflow parsing '-2e400'");
  // fuzz_config crash-aa6aaf1d78be5bbcf37e32276bf93ea5d0b0f09a (issue 9), verbatim.
  StatusOr<Config> crash = ParseConfig("21e18124{", "c.json");
  ASSERT_FALSE(crash.ok());
  EXPECT_EQ(crash.status().message(), "c.json:1: (json): number overflow parsing '21e18124'");
}

TEST(Config, LoadDiscoversTheRootFileAndResolvesRulesFolders) {
  testing::TempDir d;
  StatusOr<std::optional<Config>> none = LoadConfig(d.path(), "");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  std::filesystem::create_directories(d.path() + "/team-rules");
  testing::WriteFileOrDie(d.path() + "/.edgescan.json", "{\"rules\": [\"team-rules\"]}");
  StatusOr<std::optional<Config>> found = LoadConfig(d.path(), "");
  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->rules_dirs, (std::vector<std::string>{d.path() + "/team-rules"}));

  testing::WriteFileOrDie(d.path() + "/other.json", "{\n\"rules\": [\"missing\"]}");
  StatusOr<std::optional<Config>> missing = LoadConfig(d.path(), d.path() + "/other.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            d.path() + "/other.json:2: rules[0]: folder '" + d.path() + "/missing' does not exist");

  StatusOr<std::optional<Config>> unreadable = LoadConfig(d.path(), d.path() + "/nope.json");
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.status().message(), "cannot read config file '" + d.path() + "/nope.json'");
}

}  // namespace
}  // namespace edgescan::config
