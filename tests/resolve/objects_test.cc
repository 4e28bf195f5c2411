// Object tracking (resolve/objects.cc): which client an expression holds, through constructors, factories,
// attributes, request builders, properties, subclasses, tuple unpacking and rebinding in branches.
#include <gtest/gtest.h>

#include "testing/fixture_runner.h"

namespace edgescan::resolve {
namespace {

// The first call in `function` of a method named `method` (whatever its receiver), with its scope.
const facts::Expr* MethodCall(const testing::TestRepo& repo, const std::string& function, const std::string& method,
                              Scope* scope) {
  for (const CallSite& site : repo.index->call_sites()) {
    const facts::Expr& callee = site.call->children[0];
    if (site.caller() == function && callee.kind == facts::ExprKind::kAttribute && callee.text == method) {
      *scope = site.scope;
      return site.call;
    }
  }
  return nullptr;
}

struct Row {
  const char* name;
  const char* source;    // app/mod.py
  const char* function;  // qualname of the function holding the call
  const char* method;    // the method called on the receiver under test (first such call in the function)
  const char* type;      // expected ObjectType::type of the receiver ("" = none)
  const char* detail;    // expected ObjectType::detail (nullptr: not checked; branches are not told apart)
};

TEST(ObjectTracking, FollowsClientsToTheirMethodCalls) {
  const Row rows[] = {
      {"local", "import requests\ndef f():\n    s = requests.Session()\n    s.get('u')\n", "app.mod.f", "get",
       "requests.Session", ""},
      {"with", "import httpx\nasync def f():\n    async with httpx.AsyncClient() as c:\n        await c.get('/x')\n",
       "app.mod.f", "get", "httpx.Client", ""},
      {"factory_arg", "import boto3\ndef f():\n    s3 = boto3.client('s3')\n    s3.get_object(Bucket='b', Key='k')\n",
       "app.mod.f", "get_object", "boto3.s3.Client", ""},
      {"unknown_factory_arg", "import boto3\ndef f():\n    x = boto3.client('rds')\n    x.describe()\n", "app.mod.f", "describe", "", ""},
      {"typed_attribute", "from edx_api.client import EdxApi\ndef f():\n    EdxApi({}, 'u').enrollments.get_enrollments()\n",
       "app.mod.f", "get_enrollments", "edx_api.enrollments.CourseEnrollments", ""},
      {"method_returns",
       "import boto3\ndef f():\n    b = boto3.resource('s3').Bucket('x')\n    b.put_object(Key='k')\n", "app.mod.f", "put_object", "boto3.s3.Bucket", ""},
      {"fluent_builder",
       "from googleapiclient.discovery import build\ndef f():\n    r = build('drive', 'v3').files().get(fileId=1)\n"
       "    r.execute()\n",
       "app.mod.f", "execute", "googleapiclient.drive", "files.get"},
      {"build_fallback",
       "from googleapiclient.discovery import build\ndef f(name):\n    build(name, 'v1').things().list().execute()\n",
       "app.mod.f", "execute", "googleapiclient.discovery.Resource", "things.list"},
      {"any_attribute", "from hubspot import HubSpot\ndef f():\n    HubSpot().crm.contacts.basic_api.create()\n",
       "app.mod.f", "create", "hubspot.HubSpot", "crm.contacts.basic_api"},
      {"tuple_unpacking",
       "from zeep import Client\ndef make():\n    c = Client('w')\n    return c, 1\ndef f():\n    client, n = make()\n"
       "    client.service.op()\n",
       "app.mod.f", "op", "zeep.ServiceProxy", ""},
      {"property",
       "import pygsheets\nfrom functools import cached_property\nclass H:\n    def __init__(self):\n"
       "        self.book = pygsheets.authorize().open_by_key('k')\n    @cached_property\n    def sheet(self):\n"
       "        return self.book.sheet1\n    def rows(self):\n        self.sheet.get_all_values()\n",
       "app.mod.H.rows", "get_all_values", "pygsheets.worksheet.Worksheet", ""},
      {"subclass_assigns",
       "import requests\nclass Base:\n    http = None\n    def fetch(self):\n        self.http.get('u')\n"
       "class Child(Base):\n    def __init__(self):\n        self.http = requests.Session()\n",
       "app.mod.Base.fetch", "get", "requests.Session", ""},
      {"rebinding_in_branches",
       "from opensearch_dsl import Search\ndef narrow(search, flag):\n    if flag:\n        search = search.filter(1)\n"
       "    else:\n        search = search.exclude(2)\n    return search\n"
       "def f(flag):\n    s = narrow(Search(index='i'), flag)\n    s.execute()\n",
       "app.mod.f", "execute", "opensearch_dsl.Search", nullptr},
      {"unknown_object", "def f(client):\n    client.get('u')\n", "app.mod.f", "get", "", ""},
  };
  for (const Row& r : rows) {
    testing::TestRepo repo = testing::MakeRepo({{"app/mod.py", r.source}});
    Scope scope;
    const facts::Expr* call = MethodCall(repo, r.function, r.method, &scope);
    ASSERT_NE(call, nullptr) << r.name;
    std::optional<ObjectType> t = repo.index->TypeOf(call->children[0].children[0], scope);
    if (std::string(r.type).empty()) {
      EXPECT_FALSE(t.has_value()) << r.name << ": got " << (t ? t->type : "");
      continue;
    }
    ASSERT_TRUE(t.has_value()) << r.name;
    EXPECT_EQ(t->type, r.type) << r.name;
    if (r.detail != nullptr) {
      EXPECT_EQ(t->detail, r.detail) << r.name;
    }
  }
}

TEST(ObjectTracking, ConstructorChainsCarryEveryStep) {
  testing::TestRepo repo = testing::MakeRepo(
      {{"app/mod.py", "import boto3\ndef f():\n    boto3.resource('s3').Bucket('b').Object('k').get()\n"}});
  Scope scope;
  const facts::Expr* call = MethodCall(repo, "app.mod.f", "get", &scope);
  ASSERT_NE(call, nullptr);
  std::optional<ObjectType> t = repo.index->TypeOf(call->children[0].children[0], scope);
  ASSERT_TRUE(t.has_value());
  ASSERT_EQ(t->chain.size(), 3u);
  EXPECT_EQ(t->chain[0].rule->type, "boto3.s3.ServiceResource");
  EXPECT_EQ(t->chain[1].rule->type, "boto3.s3.Bucket");
  EXPECT_EQ(t->chain[2].rule->type, "boto3.s3.BucketObject");
}

}  // namespace
}  // namespace edgescan::resolve
