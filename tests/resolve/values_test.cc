// Static values: one table of `NAME = expression` rows evaluated in a small repo, each with the expected value,
// template and whether it is fully known.
#include <gtest/gtest.h>

#include "testing/fixture_runner.h"

namespace edgescan::resolve {
namespace {

using edgescan::testing::MakeRepo;
using edgescan::testing::TestRepo;

const std::map<std::string, std::string> kRepo = {
    {"manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"},
    {"proj/__init__.py", ""},
    {"proj/settings/__init__.py", "from .base import *\nFEED_HOST = 'https://feeds.example.org'\n"},
    {"proj/settings/base.py",
     "import os\nfrom mitol.common.envs import get_string, get_int\nimport environ\nfrom decouple import config\n"
     "env = environ.Env()\n"
     "API_BASE = get_string('API_BASE', 'https://api.example.org/')\n"
     "TIMEOUT = get_int(name='TIMEOUT', default=60 * 60 * 3)\n"
     "FEED_HOST = 'overridden-later'\n"
     "SEARCH_URL = os.environ.get('SEARCH_URL', 'http://search:9200')\n"
     "NO_DEFAULT = os.getenv('NO_DEFAULT')\n"
     "ENVIRON_URL = env.str('ENVIRON_URL', default='https://environ.example.org')\n"
     "DECOUPLE_URL = config('DECOUPLE_URL', default='https://decouple.example.org')\n"
     "HARD = os.environ['HARD']\n"},
    {"app/__init__.py", ""},
    {"app/constants.py", "PATH = '/v1/items'\nVERSION = 2\n"},
    {"app/reexport.py", "from app.constants import PATH as ITEMS_PATH\n"},
    {"app/values.py",
     "import os\nimport posixpath\nfrom urllib.parse import urljoin\nfrom django.conf import settings\n"
     "from app.constants import *\nfrom app.reexport import ITEMS_PATH\nfrom app import constants as c\n"
     "LIT = 'https://x.org/a'\n"
     "CONCAT = LIT + '/b'\n"
     "FSTR = f'{settings.API_BASE}items/{VERSION}'\n"
     "FMT = 'https://{host}/v{n}/'.format(host='h.org', n=c.VERSION)\n"
     "PCT = 'https://%s/%d' % ('p.org', 5)\n"
     "PCT_MAP = '%(scheme)s://m.org' % {'scheme': 'https'}\n"
     "JOIN = urljoin(settings.API_BASE, PATH)\n"
     "JOIN_REL = urljoin('https://a.org/x/y', 'z')\n"
     "PJOIN = posixpath.join(settings.FEED_HOST, 'rss', 'all.xml')\n"
     "SJOIN = '/'.join(['https://j.org', 'a', 'b'])\n"
     "STRIP = settings.API_BASE.rstrip('/') + ITEMS_PATH\n"
     "ARITH = 60 * 60 * 3\n"
     "TIMEOUT = settings.TIMEOUT\n"
     "ENV_URL = settings.SEARCH_URL + '/_search'\n"
     "UNRESOLVED = f'{settings.NO_DEFAULT}/q?id={record.id}'\n"
     "GETATTR = getattr(settings, 'MISSING_URL', 'https://fallback.org')\n"
     "ENVIRON = settings.ENVIRON_URL\n"
     "DECOUPLE = settings.DECOUPLE_URL\n"
     "HARD = settings.HARD\n"
     "COND = 'https://a.org' if DEBUG else 'https://b.org'\n"
     "OR_DEFAULT = os.environ.get('OR_URL') or 'https://or.org'\n"
     "HERE = os.path.abspath(__file__)\n"
     "PKG = os.path.basename(os.path.dirname(HERE))\n"
     "ROOT = os.path.dirname(os.path.dirname(HERE))\n"
     "ABOVE = os.path.normpath(os.path.join(os.path.dirname(HERE), '..', '..', 'x'))\n"
     "NORM = os.path.normpath('a/./b/../c/')\n"
     "DIR_SLASH = os.path.dirname('a/b/')\n"
     "BASE_SLASH = os.path.basename('a/b/')\n"
     "URLCONF = '{}.urls'.format(PKG)\n"},
};

struct Row {
  const char* name;
  const char* value;  // "" = not fully known
  const char* tmpl;
};

TEST(Values, EvaluatesTheConstructsUrlsAreBuiltFrom) {
  TestRepo repo = MakeRepo(kRepo);
  const Row rows[] = {
      {"LIT", "https://x.org/a", "https://x.org/a"},
      {"CONCAT", "https://x.org/a/b", "https://x.org/a/b"},
      {"FSTR", "https://api.example.org/items/2", "{settings.API_BASE}items/2"},
      {"FMT", "https://h.org/v2/", "https://h.org/v2/"},
      {"PCT", "https://p.org/5", "https://p.org/5"},
      {"PCT_MAP", "https://m.org", "https://m.org"},
      {"JOIN", "https://api.example.org/v1/items", "{settings.API_BASE}/v1/items"},
      {"JOIN_REL", "https://a.org/x/z", "https://a.org/x/y/z"},
      {"PJOIN", "https://feeds.example.org/rss/all.xml", "{settings.FEED_HOST}/rss/all.xml"},
      {"SJOIN", "https://j.org/a/b", "https://j.org/a/b"},
      {"STRIP", "https://api.example.org/v1/items", "{settings.API_BASE}/v1/items"},
      {"ENV_URL", "http://search:9200/_search", "{settings.SEARCH_URL}/_search"},
      {"UNRESOLVED", "", "{settings.NO_DEFAULT}/q?id={record.id}"},
      {"GETATTR", "https://fallback.org", "{settings.MISSING_URL}"},
      {"ENVIRON", "https://environ.example.org", "{settings.ENVIRON_URL}"},
      {"DECOUPLE", "https://decouple.example.org", "{settings.DECOUPLE_URL}"},
      {"HARD", "", "{settings.HARD}"},
      {"OR_DEFAULT", "https://or.org", "{env.OR_URL}"},
      // `__file__` is the module's path from the scan root; path arithmetic that reaches the root (whose name is not
      // known) or climbs above it is unknown.
      {"HERE", "app/values.py", "app/values.py"},
      {"PKG", "app", "app"},
      {"ROOT", "", "{os.path.dirname()}"},
      {"ABOVE", "", "{os.path.normpath()}"},
      {"NORM", "a/c", "a/c"},
      {"DIR_SLASH", "a/b", "a/b"},
      {"BASE_SLASH", "", ""},
      {"URLCONF", "app.urls", "app.urls"},
  };
  for (const Row& r : rows) {
    Value v = repo.ValueOf("app.values", r.name);
    EXPECT_EQ(v.known ? v.text : "", r.value) << r.name;
    EXPECT_EQ(v.tmpl, r.tmpl) << r.name;
  }
}

TEST(Values, IntegerArithmeticAndEnvDefaults) {
  TestRepo repo = MakeRepo(kRepo);
  Value arith = repo.ValueOf("app.values", "ARITH");
  EXPECT_TRUE(arith.is_int());
  EXPECT_EQ(arith.integer, 10800);
  Value timeout = repo.ValueOf("app.values", "TIMEOUT");
  EXPECT_TRUE(timeout.is_int());
  EXPECT_EQ(timeout.integer, 10800);
  EXPECT_TRUE(timeout.from_env);
}

// Python integers are unbounded; ours are 64-bit. Whatever would overflow is an unknown value (never a wrapped
// number, never undefined behaviour), and // and % follow Python's floor semantics.
TEST(Values, IntegerOverflowIsUnknownAndDivisionFloors) {
  TestRepo repo = MakeRepo({
      {"app/__init__.py", ""},
      {"app/ints.py",
       "BIG_POW = 10**30\nPOW_TIMES = 2**62*4\nMIN = -9223372036854775807 - 1\nNEG_MIN = -MIN\n"
       "DIV_MIN = MIN // -1\nMOD_MIN = MIN % -1\nSUM = 9223372036854775807 + 1\nDIFF = MIN - 1\n"
       "PROD = 3037000500 * 3037000500\nPOW_NEG = (-2)**63\nPOW_MAX = 2**62\nFLOOR = -7 // 2\nMOD = -7 % 3\n"
       "MOD_NEG = 7 % -3\nTRUE_DIV = -6 / 3\nBIG_LIT = 99999999999999999999\n"},
  });
  struct IntRow {
    const char* name;
    bool known;
    long long value;
  };
  const IntRow rows[] = {
      {"BIG_POW", false, 0},      {"POW_TIMES", false, 0},
      {"MIN", true, -9223372036854775807LL - 1},
      {"NEG_MIN", false, 0},      {"DIV_MIN", false, 0},
      {"MOD_MIN", true, 0},       {"SUM", false, 0},
      {"DIFF", false, 0},         {"PROD", false, 0},
      {"POW_NEG", true, -9223372036854775807LL - 1},
      {"POW_MAX", true, 4611686018427387904LL},
      {"FLOOR", true, -4},        {"MOD", true, 2},
      {"MOD_NEG", true, -2},      {"TRUE_DIV", true, -2},
      {"BIG_LIT", false, 0},
  };
  for (const IntRow& r : rows) {
    Value v = repo.ValueOf("app.ints", r.name);
    EXPECT_EQ(v.is_int(), r.known) << r.name << " = " << v.text;
    if (r.known && v.is_int()) {
      EXPECT_EQ(v.integer, r.value) << r.name;
    }
  }
}

TEST(Values, ConditionalGivesBothAlternatives) {
  TestRepo repo = MakeRepo(kRepo);
  const facts::ModuleFacts* m = repo.index->Module("app.values");
  const facts::Expr* e = repo.index->ModuleBinding(*m, "COND");
  ASSERT_NE(e, nullptr);
  std::vector<Value> all = repo.index->EvaluateAll(*e, repo.index->ScopeOf(*m, nullptr));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].text, "https://a.org");
  EXPECT_EQ(all[1].text, "https://b.org");
}

TEST(Values, SettingsFollowStarImportsLastBindingWins) {
  TestRepo repo = MakeRepo(kRepo);
  std::optional<Value> host = repo.index->Setting("FEED_HOST");
  ASSERT_TRUE(host.has_value());
  EXPECT_EQ(host->text, "https://feeds.example.org");
  std::optional<Value> base = repo.index->Setting("API_BASE");
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(base->text, "https://api.example.org/");
  EXPECT_TRUE(base->host_from_env_default);
  EXPECT_FALSE(base->host_from_literal);
  EXPECT_FALSE(repo.index->Setting("NOT_A_SETTING").has_value());
}

TEST(Values, OriginsNameSettingEnvAndLiteral) {
  TestRepo repo = MakeRepo(kRepo);
  Value v = repo.ValueOf("app.values", "FSTR");
  std::vector<std::string> kinds;
  for (const Origin& o : v.origins) kinds.push_back(o.name.empty() ? "literal" : o.name);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "settings.API_BASE"), kinds.end());
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "env.API_BASE"), kinds.end());
}

TEST(Values, ParametersResolveThroughCallersThreeDeep) {
  TestRepo repo = MakeRepo({
      {"app/__init__.py", ""},
      {"app/a.py", "import requests\ndef fetch(url):\n    return requests.get(url)\n"},
      {"app/b.py", "from app.a import fetch\ndef middle(feed):\n    return fetch(feed)\n"},
      {"app/c.py",
       "from app.b import middle\nFEEDS = 'https://feeds.org'\ndef top():\n    middle(FEEDS + '/one')\n"
       "    middle(url_for())\ndef other():\n    middle(feed='https://two.org')\n"},
  });
  Scope scope;
  const facts::Expr* call = repo.FindCall("app.a.fetch", "requests.get", &scope);
  ASSERT_NE(call, nullptr);
  std::vector<Value> all = repo.index->EvaluateAll(*call->arg(0, "url"), scope);
  std::vector<std::string> texts;
  for (const Value& v : all) texts.push_back(v.known ? v.text : v.tmpl);
  EXPECT_EQ(texts, (std::vector<std::string>{"https://feeds.org/one", "https://two.org"}));
}

TEST(Values, SelfAttributesFromInitAndClassAttributes) {
  TestRepo repo = MakeRepo({
      {"proj/settings.py", "PARTNER_URL = 'https://partner.org'\n"},
      {"app/client.py",
       "from django.conf import settings\nclass Client:\n    path = '/api'\n"
       "    def __init__(self):\n        self.base_url = settings.PARTNER_URL\n"
       "    def get(self):\n        return f'{self.base_url}{self.path}/x'\n"},
  });
  const facts::ModuleFacts* m = repo.index->Module("app.client");
  const facts::Function* get = repo.index->FindFunction("app.client.Client.get");
  ASSERT_NE(get, nullptr);
  const facts::Expr& ret = get->body[0].exprs[0];
  Value v = repo.index->Evaluate(ret, repo.index->ScopeOf(*m, get));
  EXPECT_EQ(v.text, "https://partner.org/api/x");
  EXPECT_EQ(v.tmpl, "{settings.PARTNER_URL}/api/x");
}

TEST(Values, CyclesYieldUnknownNotHangs) {
  TestRepo repo = MakeRepo({
      {"proj/settings.py", "A = B + '/x'\nB = A + '/y'\n"},
      {"app/m.py", "from app.n import X\nY = X\n"},
      {"app/n.py", "from app.m import Y\nX = Y\n"},
  });
  EXPECT_FALSE(repo.index->Setting("A")->known);
  EXPECT_FALSE(repo.ValueOf("app.m", "Y").known);
}

TEST(PeerFromSettingName, Table) {
  EXPECT_EQ(PeerFromSettingName("MITX_ONLINE_BASE_URL"), "Mitx Online");
  EXPECT_EQ(PeerFromSettingName("OPENEDX_API_BASE_URL"), "Openedx");
  EXPECT_EQ(PeerFromSettingName("HUBSPOT_API_URL"), "Hubspot");
  EXPECT_EQ(PeerFromSettingName("URL"), "Url");
  EXPECT_EQ(PeerFromSettingName("OLL_API_ACCESS_TOKEN_URL"), "Oll");
  EXPECT_EQ(PeerFromSettingName("CYBERSOURCE_WSDL_URL"), "Cybersource");
  EXPECT_EQ(PeerFromSettingName("GITHUB_TOKEN_URL"), "Github");
}

TEST(HostOf, Table) {
  EXPECT_EQ(HostOf("https://a.b.org:8000/x?y"), "a.b.org");
  EXPECT_EQ(HostOf("https://api:{key}@api.mailgun.net/v3"), "api.mailgun.net");
  EXPECT_EQ(HostOf("s3://bucket/key"), "bucket");
  EXPECT_EQ(HostOf("/relative/path"), "");
  EXPECT_EQ(HostOf("{settings.X}/path"), "");
  EXPECT_EQ(HostOf("https://{host}/x"), "");
}

}  // namespace
}  // namespace edgescan::resolve

namespace edgescan::resolve {
namespace {

TEST(Values, ConditionalReassignmentGivesEveryReachingValue) {
  TestRepo repo = MakeRepo({
      {"app/m.py",
       "import requests\nfrom urllib.parse import urlencode\nHOST = 'api.mailgun.net'\n"
       "def events(domain, params):\n    url = f'https://{HOST}/v3/{domain}/events'\n"
       "    if params:\n        url = '&'.join((url, urlencode(params)))\n    return requests.get(url)\n"},
  });
  Scope scope;
  const facts::Expr* call = repo.FindCall("app.m.events", "requests.get", &scope);
  ASSERT_NE(call, nullptr);
  std::vector<std::string> shown;
  for (const Value& v : repo.index->EvaluateAll(*call->arg(0, "url"), scope)) shown.push_back(v.display);
  EXPECT_EQ(shown, (std::vector<std::string>{"https://api.mailgun.net/v3/{domain}/events&{urlencode()}",
                                             "https://api.mailgun.net/v3/{domain}/events"}));
}

TEST(Values, DisplayNamesRuntimePartsWhereTheyAreUsed) {
  TestRepo repo = MakeRepo({
      {"proj/settings.py", "from mitol.common.envs import get_string\nPORTAL = get_string('PORTAL', '')\n"
                           "KEY = get_string('KEY')\n"},
      {"app/m.py",
       "from django.conf import settings\nclass C:\n    def __init__(self):\n        self.api_key = settings.KEY\n"
       "    def url(self, portal_id=settings.PORTAL):\n"
       "        return f'https://forms.example.org/{portal_id}?key={self.api_key}'\n"},
  });
  const facts::Function* f = repo.index->FindFunction("app.m.C.url");
  ASSERT_NE(f, nullptr);
  Value v = repo.index->Evaluate(f->body[0].exprs[0], repo.index->ScopeOf(*repo.index->Module("app.m"), f));
  EXPECT_FALSE(v.known);
  // An empty env default counts as "must be configured"; runtime parts are named as the code names them.
  EXPECT_EQ(v.display, "https://forms.example.org/{portal_id}?key={api_key}");
  EXPECT_EQ(v.tmpl, "https://forms.example.org/{settings.PORTAL}?key={settings.KEY}");
}

}  // namespace
}  // namespace edgescan::resolve

namespace edgescan::resolve {
namespace {

TEST(Values, ReassignmentInTheSameBlockReplacesOtherBranchesStillReach) {
  TestRepo repo = MakeRepo({
      {"app/m.py",
       "import requests\ndef f(flag):\n    with requests.Session() as s:\n        url = 'https://a.org/1'\n"
       "        s.get(url)\n        url = 'https://a.org/2'\n        s.post(url)\n"
       "def g(flag):\n    if flag:\n        url = 'https://b.org/yes'\n    else:\n        url = 'https://b.org/no'\n"
       "    requests.get(url)\n"},
  });
  auto texts = [&](const std::string& fn, const std::string& callee) {
    Scope scope;
    const facts::Expr* call = repo.FindCall(fn, callee, &scope);
    std::vector<std::string> out;
    if (call == nullptr) return out;
    for (const Value& v : repo.index->EvaluateAll(*call->arg(0, "url"), scope)) out.push_back(v.text);
    return out;
  };
  EXPECT_EQ(texts("app.m.f", "s.post"), (std::vector<std::string>{"https://a.org/2"}));
  EXPECT_EQ(texts("app.m.g", "requests.get"), (std::vector<std::string>{"https://b.org/no", "https://b.org/yes"}));
}

}  // namespace
}  // namespace edgescan::resolve

namespace edgescan::resolve {
namespace {

// Every alternative of the URL argument of the first `callee` call in `function`, as templates.
std::vector<std::string> Templates(const testing::TestRepo& repo, const std::string& function, const std::string& callee,
                                   const char* kw = "url") {
  Scope scope;
  const facts::Expr* call = repo.FindCall(function, callee, &scope);
  std::vector<std::string> out;
  if (call == nullptr) return {"<no call>"};
  const facts::Expr* arg = call->arg(0, kw);
  if (arg == nullptr) return {"<no argument>"};
  for (const Value& v : repo.index->EvaluateAll(*arg, scope)) out.push_back(v.tmpl);
  return out;
}

const char* const kSettings =
    "from mitol.common.envs import get_string\n"
    "DSN = get_string('SENTRY_DSN', '')\n"
    "BUCKET_A = get_string('BUCKET_A', '')\n"
    "BUCKET_B = get_string('BUCKET_B', 'b-bucket')\n"
    "TOKEN_URL = get_string('TOKEN_URL', 'https://a.org/token')\n"
    "API_URL = get_string('API_URL', 'https://a.org/api')\n"
    "OTHER_API_URL = 'https://b.org/api'\n";

TEST(Values, SettingsWithoutDefaultsKeepTheirNamesThroughCallers) {
  // Issue 3: a parameter whose only caller passes a setting with no static default is that setting, not {dsn}.
  TestRepo repo = MakeRepo({
      {"manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"},
      {"proj/settings.py", kSettings},
      {"app/sentry.py", "import requests\ndef init(*, dsn):\n    requests.post(url=dsn)\n"},
      {"app/boot.py", "from django.conf import settings\nfrom app.sentry import init\ninit(dsn=settings.DSN)\n"},
  });
  EXPECT_EQ(Templates(repo, "app.sentry.init", "requests.post"), (std::vector<std::string>{"{settings.DSN}"}));
}

TEST(Values, DictLookupWithARuntimeKeyGivesEveryEntry) {
  TestRepo repo = MakeRepo({
      {"manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"},
      {"proj/settings.py", kSettings},
      {"app/m.py",
       "import requests\nfrom django.conf import settings\n"
       "def name(platform):\n    names = {'a': settings.BUCKET_A, 'b': settings.BUCKET_B}\n"
       "    return names.get(platform)\n"
       "def known():\n    names = {'a': settings.BUCKET_A, 'b': settings.BUCKET_B}\n    return names['b']\n"
       "def with_default(platform):\n    return {'a': 'https://a.org'}.get(platform, 'https://default.org')\n"
       "def big(k):\n    return {1: 'a', 2: 'b', 3: 'c', 4: 'd', 5: 'e', 6: 'f', 7: 'g', 8: 'h', 9: 'i'}[k]\n"
       "def f(platform, k):\n    requests.get(name(platform))\n    requests.put(known())\n"
       "    requests.post(with_default(platform))\n    requests.head(big(k))\n"},
  });
  EXPECT_EQ(Templates(repo, "app.m.f", "requests.get"),
            (std::vector<std::string>{"{settings.BUCKET_A}", "{settings.BUCKET_B}"}));
  EXPECT_EQ(Templates(repo, "app.m.f", "requests.put"), (std::vector<std::string>{"{settings.BUCKET_B}"}));
  EXPECT_EQ(Templates(repo, "app.m.f", "requests.post"),
            (std::vector<std::string>{"https://a.org", "https://default.org"}));
  // More entries than the fan-out bound (8): unknown, not a truncated list.
  EXPECT_EQ(Templates(repo, "app.m.f", "requests.head"), (std::vector<std::string>{"{?[]}"}));
}

TEST(Values, RecordFieldsAndCallablesPassedToFactories) {
  // open-discussions' OpenEdX ETL: a factory takes `lambda: Config(settings...)`, a nested function calls it and
  // hands the record to the function making the request.
  TestRepo repo = MakeRepo({
      {"manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"},
      {"proj/settings.py", kSettings},
      {"etl/openedx.py",
       "from collections import namedtuple\nimport requests\n"
       "Config = namedtuple('Config', ['token_url', 'api_url', 'platform'])\n"
       "def _token(config):\n    return requests.post(config.token_url)\n"
       "def _page(url):\n    return requests.get(url)\n"
       "def factory(get_config):\n    def extract():\n        config = get_config()\n        _token(config)\n"
       "        url = config.api_url\n        while url:\n            courses, url = _page(url)\n    return extract\n"},
      {"etl/mitx.py",
       "from django.conf import settings\nfrom etl.openedx import Config, factory\n"
       "extract = factory(lambda: Config(settings.TOKEN_URL, api_url=settings.API_URL, platform='mitx'))\n"},
      {"etl/oll.py",
       "from etl.openedx import Config, factory\n"
       "extract = factory(lambda: Config('https://oll.org/token', 'https://oll.org/api', 'oll'))\n"},
      {"etl/typed.py",
       "import requests\nfrom dataclasses import dataclass\nfrom typing import NamedTuple\nfrom django.conf import settings\n"
       "class Endpoint(NamedTuple):\n    url: str\n    name: str = 'x'\n"
       "@dataclass\nclass Feed:\n    name: str\n    url: str = settings.OTHER_API_URL\n"
       "def config():\n    return Endpoint(settings.API_URL)\n"
       "def run(make=config):\n    requests.get(make().url)\n    requests.put(Feed('n').url)\n"
       "def caller():\n    run(config)\n"},
  });
  // One alternative per factory call (two records of one type are told apart by their fields).
  EXPECT_EQ(Templates(repo, "etl.openedx._token", "requests.post"),
            (std::vector<std::string>{"{settings.TOKEN_URL}", "https://oll.org/token"}));
  EXPECT_EQ(Templates(repo, "etl.openedx._page", "requests.get"),
            (std::vector<std::string>{"{settings.API_URL}", "https://oll.org/api"}));
  EXPECT_EQ(Templates(repo, "etl.typed.run", "requests.get"), (std::vector<std::string>{"{settings.API_URL}"}));
  EXPECT_EQ(Templates(repo, "etl.typed.run", "requests.put"), (std::vector<std::string>{"{settings.OTHER_API_URL}"}));
}

TEST(Values, ObjectsFromFactoriesAreEvaluatedForTheCallThatMadeThem) {
  // get_bucket(settings.BUCKET_A) is bucket A, whatever other buckets get_bucket is given elsewhere.
  TestRepo repo = MakeRepo({
      {"manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"},
      {"proj/settings.py", kSettings},
      {"app/utils.py", "import boto3\ndef get_bucket(bucket_name):\n    s3 = boto3.resource('s3')\n"
                       "    return s3.Bucket(bucket_name)\n"},
      {"app/tasks.py",
       "from django.conf import settings\nfrom app.utils import get_bucket\n"
       "def watch():\n    for key in get_bucket(settings.BUCKET_A).objects.all():\n        pass\n"
       "def move(bucket_name, prefix):\n    bucket = get_bucket(bucket_name)\n    bucket.objects.filter(Prefix=prefix)\n"
       "def run():\n    move(settings.BUCKET_B, 'x/')\n"},
  });
  auto bases = [&](const std::string& function, const std::string& method) {
    std::vector<std::string> out;
    for (const CallSite& site : repo.index->call_sites()) {
      const facts::Expr& callee = site.call->children[0];
      if (site.caller() != function || callee.kind != facts::ExprKind::kAttribute || callee.text != method) continue;
      std::optional<ObjectType> t = repo.index->TypeOf(callee.children[0], site.scope);
      if (!t) return std::vector<std::string>{"<no type>"};
      for (const CtorStep& step : t->chain) {
        if (step.rule == nullptr || !step.rule->base_url.present()) continue;
        const facts::Expr* a = step.call->arg(step.rule->base_url.arg, step.rule->base_url.kw);
        if (a == nullptr) continue;
        for (const Value& v : repo.index->EvaluateAllIn(*a, step.scope, step.frames)) out.push_back(v.tmpl);
      }
    }
    return out;
  };
  EXPECT_EQ(bases("app.tasks.watch", "all"), (std::vector<std::string>{"{settings.BUCKET_A}"}));
  EXPECT_EQ(bases("app.tasks.move", "filter"), (std::vector<std::string>{"{settings.BUCKET_B}"}));
}

}  // namespace
}  // namespace edgescan::resolve
