// hardcoded_url: which literals are URL literals, which of those the built-in allow/deny list keeps
// (rules/brittle/hardcoded-url.json), how a literal is spelled, and that --rules can allow what is denied.
// The whole-document check is fixtures/issue-7-hardcoded-urls/expected.json (fixtures_test).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "detect/hardcoded_url.h"
#include "ruleset/builtin.h"
#include "testing/fixture_runner.h"

namespace edgescan::detect {
namespace {

const ruleset::RuleSet& Builtin() {
  static const ruleset::RuleSet rules = [] {
    StatusOr<ruleset::RuleSet> r = ruleset::LoadRuleSet({});
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? std::move(r).value() : ruleset::RuleSet{};
  }();
  return rules;
}

struct Row {
  const char* literal;
  bool url_literal;
  bool linkage;  // kept by the built-in list (only meaningful for URL literals)
};

TEST(HardcodedUrlRules, BuiltinListKeepsPeersAndDropsNonLinkages) {
  const Row rows[] = {
      {"https://api.acme-partner.io/v2", true, true},
      {"HTTPS://API.ACME.IO/x", true, true},
      {"http://local.openedx.io:8000", true, true},  // a real dev host name, not localhost
      {"s3://reports-bucket/daily.csv", true, true},
      {"wss://stream.acme.io/events", true, true},
      {"ftp://ftp.acme.org/pub/list.txt", true, true},
      {"https://weather.example.org/feeds", true, true},  // subdomains of example.org/.net stand in for real peers
      {"http://localhost:9998", true, false},
      {"http://127.0.0.1:8000/api", true, false},
      {"http://0.0.0.0:8080", true, false},
      {"http://[::1]:8000/", true, false},
      {"http://host.docker.internal:5000", true, false},
      {"http://testserver/api/", true, false},
      {"https://shop.test/api", true, false},
      {"https://example.com/api", true, false},
      {"https://api.example.com/v1", true, false},
      {"http://www.w3.org/2005/Atom", true, false},
      {"http://schemas.xmlsoap.org/soap/envelope/", true, false},
      {"https://json-schema.org/draft/2020-12/schema", true, false},
      {"https://www.apache.org/licenses/LICENSE-2.0", true, false},
      {"https://opensource.org/licenses/MIT", true, false},
      {"https://docs.djangoproject.com/en/4.2/ref/settings/", true, false},
      {"https://celery.readthedocs.io/en/latest/", true, false},
      {"api.mailgun.net", false, false},
      {"mailto:ops@acme.io", false, false},
      {"/api/v1/courses", false, false},
      {"file:///etc/hosts", false, false},
      {"https://", false, false},  // a bare scheme: the address is elsewhere
  };
  const ruleset::UrlLiteralRules& rules = Builtin().url_literals;
  for (const Row& r : rows) {
    EXPECT_EQ(IsUrlLiteral(rules, r.literal), r.url_literal) << r.literal;
    if (!r.url_literal) continue;
    const ruleset::UrlLiteralRule* denied = DeniedBy(rules, r.literal, resolve::HostOf(r.literal));
    EXPECT_EQ(denied == nullptr, r.linkage) << r.literal << (denied ? " denied as " + denied->why : "");
  }
}

TEST(HardcodedUrlRules, AllowWinsOverDeny) {
  ruleset::RuleSet set;
  Status s = ruleset::LoadRuleText("a.json", R"({
    "id": "brittle-local",
    "url_literals": {
      "schemes": ["http"],
      "deny": [{"host": "[a-z]+\\.internal", "why": "cluster-internal"}],
      "allow": [{"url": "http://search\\.internal(:[0-9]+)?/.*", "why": "the search cluster is a real peer"}]
    }
  })", &set);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(DeniedBy(set.url_literals, "http://search.internal:9200/idx", "search.internal"), nullptr);
  const ruleset::UrlLiteralRule* d = DeniedBy(set.url_literals, "http://tika.internal:9998/", "tika.internal");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->why, "cluster-internal");
  EXPECT_EQ(d->file, "a.json");
  EXPECT_EQ(d->line, 5);
}

TEST(HardcodedUrlRules, LoaderReportsFileLineAndField) {
  struct Bad {
    const char* text;
    const char* error;
  };
  const Bad rows[] = {
      {"{\"id\": \"brittle-x\",\n\"url_literals\": {\"deny\": [{\"host\": \"(open\", \"why\": \"w\"}]}}",
       "x.json:2: url_literals.deny[0].host: "},
      {"{\"id\": \"brittle-x\", \"url_literals\": {\"deny\": [{\"host\": \"a\", \"url\": \"b\", \"why\": \"w\"}]}}",
       "url_literals.deny[0]: needs exactly one of host"},
      {"{\"id\": \"brittle-x\", \"url_literals\": {\"allow\": [{\"host\": \"a\"}]}}", "url_literals.allow[0].why: required"},
      {"{\"id\": \"brittle-x\", \"url_literals\": {\"schemes\": [\"HTTP\"]}}", "is not a lower-case URL scheme"},
      {"{\"id\": \"brittle-x\", \"url_literals\": {\"denied\": []}}", "url_literals.denied: unknown field"},
      {"{\"id\": \"brittle-x\", \"url_literals\": []}", "url_literals: must be an object"},
  };
  for (const Bad& r : rows) {
    ruleset::RuleSet set;
    Status s = ruleset::LoadRuleText("x.json", r.text, &set);
    ASSERT_FALSE(s.ok()) << r.text;
    EXPECT_NE(s.message().find(r.error), std::string::npos) << "got: " << s.message();
  }
}

TEST(HardcodedUrlDetector, SpellsFStringsByTheirTemplate) {
  facts::ModuleFacts m = testing::FactsFor(
      "m.py", "A = f'https://forms.acme.io/v2/{portal_id}/{settings.FORM}?x={f(y)}&'\nB = 'https://a.io/' 'x'\n");
  ASSERT_EQ(m.body.size(), 2u);
  EXPECT_EQ(LiteralTemplate(m.body[0].exprs[0]), "https://forms.acme.io/v2/{portal_id}/{settings.FORM}?x={?}&");
  EXPECT_EQ(LiteralTemplate(m.body[1].exprs[0]), "https://a.io/x");
}

// A rules folder can allow what the built-in list denies: the localhost default and the namespace then count.
TEST(HardcodedUrlDetector, RulesFolderAllowsDeniedLiterals) {
  testing::TempDir dir;
  testing::WriteFileOrDie(dir.path() + "/allow.json", R"({
    "id": "brittle-allow-local",
    "url_literals": {"allow": [{"host": "localhost", "why": "our sidecar"}, {"url": "http://www\\.w3\\.org/.*", "why": "we do fetch it"}]}
  })");
  std::string out;
  ASSERT_EQ(testing::RunCommand(testing::Binary() + " scan fixtures/issue-7-hardcoded-urls --no-timing --rules " +
                                    dir.path(),
                                &out),
            0);
  nlohmann::json doc = nlohmann::json::parse(out);
  std::vector<std::string> literals;
  bool atom_call_flagged = false;
  for (const auto& e : doc["edges"]) {
    std::string where = e["location"]["file"].get<std::string>() + ":" + std::to_string(e["location"]["line"].get<int>());
    if (e["kind"] == "hardcoded_url") literals.push_back(where + " " + e["url"]["value"].get<std::string>());
    if (where == "partners/clients.py:42") atom_call_flagged = e["brittle"] == nlohmann::json({"hardcoded_url"});
  }
  EXPECT_EQ(literals, (std::vector<std::string>{
                          "partners/clients.py:11 http://www.w3.org/2005/Atom",
                          "partners/clients.py:13 https://rates.fx-feed.net/v1/latest",
                          "partners/clients.py:22 https://api.open-weather.io/v1/today",
                          "partners/clients.py:27 https://orders.shopfront.io/api/orders/{order_id}",
                          "proj/settings.py:10 https://api.acme-partner.io/v2",
                          "proj/settings.py:12 http://localhost:9998",
                      }));
  EXPECT_TRUE(atom_call_flagged) << "an allowed literal keeps the call's hardcoded_url flag";
}

}  // namespace
}  // namespace edgescan::detect
