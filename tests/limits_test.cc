// Resource limits (issue 9): each is configurable and says so in a diagnostic when hit; the scan goes on.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
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

// Raising --max-values raises the URLs one call site gives too (a wrapper's twelve callers: twelve edges), not only
// the values one expression takes.
TEST(Limits, ValueFanOutAlsoBoundsUrlsPerCallSite) {
  testing::TempDir dir;
  std::string src = "import requests\n\n\ndef send(url):\n    return requests.get(url, timeout=1)\n";
  for (int i = 0; i < 12; ++i) {
    src += "\n\ndef hook" + std::to_string(i) + "():\n    send('https://peer" + std::to_string(i) + ".example.org/x')\n";
  }
  testing::WriteFileOrDie(dir.path() + "/m.py", src);
  auto calls = [](const nlohmann::json& doc) {
    int n = 0;
    for (const auto& e : doc["edges"]) n += e["kind"] == "http_call";
    return n;
  };
  nlohmann::json capped = ScanWith(dir.path(), [](ScanOptions*) {});
  EXPECT_TRUE(HasMessage(capped, "value fan-out limit (8)"));
  EXPECT_EQ(calls(capped), 8);
  nlohmann::json wide = ScanWith(dir.path(), [](ScanOptions* o) { o->resolve.max_alternatives = 16; });
  EXPECT_FALSE(HasMessage(wide, "value fan-out"));
  EXPECT_EQ(calls(wide), 12);
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

TEST(Limits, MaxFileSizeIsConfigurableAndReported) {
  testing::TempDir dir;
  std::string padded = "import requests\nrequests.get('https://big.example.org', timeout=1)\n" + std::string(200, '#');
  testing::WriteFileOrDie(dir.path() + "/big.py", padded + "\n");
  testing::WriteFileOrDie(dir.path() + "/ok.py", "import requests\nrequests.get('https://ok.example.org', timeout=1)\n");
  nlohmann::json doc = ScanWith(dir.path(), [](ScanOptions* o) { o->max_file_bytes = 100; });
  EXPECT_TRUE(HasMessage(doc, "exceeds --max-file-size (100"));
  EXPECT_EQ(doc["stats"]["files"], 1);
  nlohmann::json all = ScanWith(dir.path(), [](ScanOptions*) {});
  EXPECT_FALSE(HasMessage(all, "max-file-size"));
  EXPECT_EQ(all["stats"]["files"], 2);
}

// Cycle safety: import cycles, self-referential and mutually referential settings, recursive and mutually recursive
// functions and mutually including urlconfs all end (this test would hang or overflow the stack otherwise), and
// what can be known still is.
TEST(Limits, CyclesEverywhereEnd) {
  testing::TempDir dir;
  const std::map<std::string, std::string> files = {
      {"manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"},
      {"proj/__init__.py", ""},
      {"proj/settings.py",
       "ROOT_URLCONF = 'proj.urls'\nSELF = SELF + '/a'\nLOOP_A = LOOP_B\nLOOP_B = LOOP_A\n"},
      {"proj/urls.py",
       "from django.urls import include, path\nurlpatterns = [path('a/', include('app.urls'))]\n"},
      {"app/__init__.py", ""},
      {"app/urls.py",
       "from django.urls import include, path\nfrom app import views\n"
       "urlpatterns = [path('hook/', views.hook), path('again/', include('proj.urls'))]\n"},
      {"app/views.py",
       "from django.views.decorators.csrf import csrf_exempt\n"
       "@csrf_exempt\ndef hook(request):\n    \"\"\"Push webhook from GitHub.\"\"\"\n    return hook(request)\n"},
      {"app/m.py",
       "import requests\nfrom django.conf import settings\nfrom app.n import *\n"
       "requests.get(BASE + '/m', timeout=1)\nrequests.get(settings.SELF, timeout=1)\n"
       "requests.get(settings.LOOP_A, timeout=1)\n"},
      {"app/n.py", "from app.m import *\nBASE = 'https://cycle.example.org'\n"},
      {"app/rec.py",
       "import requests\n"
       "def walk(url, n):\n    if n:\n        return walk(url + '/x', n - 1)\n"
       "    return requests.get(url, timeout=1)\n"
       "def ping(u):\n    return pong(u)\n"
       "def pong(u):\n    requests.post(u, timeout=1)\n    return ping(u)\n"
       "walk('https://rec.example.org', 3)\nping('https://mutual.example.org')\n"},
  };
  for (const auto& [path, text] : files) {
    std::filesystem::create_directories(std::filesystem::path(dir.path() + "/" + path).parent_path());
    testing::WriteFileOrDie(dir.path() + "/" + path, text);
  }
  nlohmann::json doc = ScanWith(dir.path(), [](ScanOptions*) {});
  std::map<std::pair<std::string, int>, std::vector<std::string>> urls;  // (file, line) -> values or templates
  std::vector<std::string> routes;
  for (const auto& e : doc["edges"]) {
    if (e["kind"] == "http_call") {
      const auto& u = e["url"];
      urls[{e["location"]["file"], e["location"]["line"]}].push_back(
          u["value"].is_string() ? u["value"].get<std::string>() : "?" + u["template"].get<std::string>());
    }
    if (e["direction"] == "inbound" && e["route"].is_string()) routes.push_back(e["route"]);
  }
  using V = std::vector<std::string>;
  EXPECT_EQ((urls[{"app/m.py", 4}]), V{"https://cycle.example.org/m"});  // through the import cycle
  EXPECT_EQ((urls[{"app/m.py", 5}]).size(), 1u);
  EXPECT_EQ((urls[{"app/m.py", 5}])[0].rfind("?", 0), 0u);  // SELF = SELF + '/a': unknown
  EXPECT_EQ((urls[{"app/m.py", 6}]).size(), 1u);
  EXPECT_EQ((urls[{"app/m.py", 6}])[0].rfind("?", 0), 0u);  // LOOP_A = LOOP_B = LOOP_A: unknown
  const V& walked = urls[{"app/rec.py", 5}];  // the recursive function's call site is reached
  EXPECT_NE(std::find(walked.begin(), walked.end(), "https://rec.example.org"), walked.end());
  EXPECT_EQ((urls[{"app/rec.py", 9}]), V{"https://mutual.example.org"});
  EXPECT_EQ(routes, V{"a/hook/"});  // the include cycle stops at the urlconf already being read
}

}  // namespace
}  // namespace edgescan
