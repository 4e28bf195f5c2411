// The "django" section of rule files (ruleset/loader.cc, rules/README.md "Inbound: Django"): a bad entry stops
// start-up with "file:line: field: what to do".
#include <gtest/gtest.h>

#include "ruleset/builtin.h"
#include "testing/rule_load_rows.h"

namespace edgescan::ruleset {
namespace {

using testing::RuleLoadRow;

TEST(DjangoRules, ReportsFileLineAndField) {
  const RuleLoadRow rows[] = {
      {"{\"id\": \"django-x\", \"django\": {\"compare_functions\": [\"hmac.compare_digest\"]}}", ""},
      {"{\n  \"id\": \"django-x\",\n  \"django\": {\n    \"decorators\": [\n      {\"names\": [\"a.b\"], \"methods\": "
       "[\"FETCH\"]}\n"
       "    ]\n  }\n}",
       "r.json:5: django.decorators[0].methods: 'FETCH' is not an HTTP method"},
      {"{\n  \"id\": \"django-x\",\n  \"django\": {\n    \"routerz\": []\n  }\n}",
       "r.json:4: django.routerz: unknown field"},
      {"{\"id\": \"django-x\", \"django\": {\"routers\": [{\"names\": [\"r.R\"], \"routes\": [{\"url\": "
       "\"{lookup}/\"}]}]}}",
       "django.routers[0].routes[0].url: must contain {prefix}"},
      {"{\"id\": \"django-x\", \"django\": {\"headers\": [{\"pattern\": \"X-(\", \"auth\": \"hmac\"}]}}",
       "django.headers[0].pattern: "},
      {"{\"id\": \"django-x\", \"django\": {\"inbound_routes\": [{\"route\": \"api/.*\", \"kind\": \"page\", \"why\": "
       "\"x\"}]}}",
       "django.inbound_routes[0].kind: must be webhook or peer_api"},
      {"{\"id\": \"django-x\", \"django\": {\"inbound_routes\": [{\"route\": \"api/.*\"}]}}",
       "django.inbound_routes[0].why: required"},
      {"{\"id\": \"django-x\", \"django\": {\"peer_phrases\": [\"sent by [A-Z]+\"]}}", "needs a capture group"},
      {"{\"id\": \"django-x\", \"django\": {\"external_urlconfs\": [{\"names\": [\"p.urls\"], \"plain\": true,\n"
       "  \"routes\": [{\"route\": \"x/\"}]}]}}",
       "django.external_urlconfs[0].plain: a plain urlconf has no routes to list"},
      {"{\"id\": \"django-x\", \"django\": {\"auth_classes\": [{\"names\": [\"a.B\"]}]}}",
       "django.auth_classes[0].auth: required"},
      {"{\"id\": \"django-x\", \"django\": [1]}", "django: must be an object"},
  };
  testing::ExpectRuleLoadRows(rows);
}

TEST(DjangoRules, BuiltinRulesFillEveryList) {
  StatusOr<RuleSet> rules = LoadRuleSet({});
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  const DjangoRules& d = rules->django;
  EXPECT_FALSE(d.path_functions.empty());
  EXPECT_FALSE(d.re_path_functions.empty());
  EXPECT_FALSE(d.include_functions.empty());
  EXPECT_FALSE(d.decorators.empty());
  EXPECT_FALSE(d.view_bases.empty());
  ASSERT_FALSE(d.routers.empty());
  EXPECT_EQ(d.routers[0].routes.size(), 4u);
  EXPECT_FALSE(d.auth_classes.empty());
  EXPECT_FALSE(d.headers.empty());
  EXPECT_FALSE(d.webhook_words.empty());
  EXPECT_FALSE(d.peer_phrases.empty());
  EXPECT_FALSE(d.external_urlconfs.empty());
  EXPECT_FALSE(d.inbound_routes.empty());
}

}  // namespace
}  // namespace edgescan::ruleset
