// Issue 8: scans joined into one service graph. The fixture fixtures/issue-8-services/ (three services with one
// cycle) is compared with hand-written graph JSON, DOT, PlantUML and Markdown; tables cover route matching, the
// manifest's errors and the analysis on small synthetic scans.
#include "graph/graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "output/graph_writers.h"
#include "testing/fixture_runner.h"

namespace edgescan {
namespace {

const char* const kDir = "fixtures/issue-8-services";

std::string Cli(const std::string& args) { return testing::Binary() + " " + args; }

std::string Expected(const std::string& name) {
  return testing::ReadFileOrDie(testing::SourceDir() + "/" + kDir + "/" + name);
}

std::string MultiRootScan(const std::string& extra) {
  std::string d = kDir;
  return Cli("scan " + d + "/a --service storefront " + d + "/b --service catalog " + d + "/c --service reports " +
             extra);
}

TEST(Regression, Issue8GraphMatchesHandWrittenFiles) {
  struct Row {
    const char* format;
    const char* file;
  };
  for (const Row& r : {Row{"json", "expected-graph.json"}, Row{"dot", "expected-graph.dot"},
                       Row{"plantuml", "expected-graph.puml"}, Row{"markdown", "expected-graph.md"}}) {
    std::string out;
    ASSERT_EQ(
        testing::RunCommand(Cli("graph --manifest " + std::string(kDir) + "/services.json --format " + r.format), &out),
        0)
        << r.format;
    std::string expected = Expected(r.file);
    EXPECT_EQ(expected, out) << r.format << ": " << testing::FirstDifference(expected, out);
  }
}

TEST(Regression, Issue8CycleIsReported) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cli("graph --manifest " + std::string(kDir) + "/services.json"), &out), 0);
  nlohmann::json doc = nlohmann::json::parse(out);
  ASSERT_EQ(doc["cycles"].size(), 1u);
  EXPECT_EQ(doc["cycles"][0]["services"], nlohmann::json({"catalog", "storefront"}));
  EXPECT_EQ(doc["cycles"][0]["edges"].size(), 3u);  // the webhook back, the list pull and the detail pull
}

TEST(Regression, Issue8MultiRootScanEmitsTheSameGraph) {
  std::string one, two;
  ASSERT_EQ(testing::RunCommand(MultiRootScan("--manifest " + std::string(kDir) + "/services.json --jobs 1"), &one), 0);
  ASSERT_EQ(testing::RunCommand(MultiRootScan("--manifest " + std::string(kDir) + "/services.json --jobs 4"), &two), 0);
  std::string expected = Expected("expected-graph.json");
  EXPECT_EQ(expected, one) << testing::FirstDifference(expected, one);
  EXPECT_EQ(one, two) << testing::FirstDifference(one, two);
}

TEST(Regression, Issue8MultiRootScanWritesEachDocumentAndTheGraphFile) {
  testing::TempDir tmp;
  std::string graph = tmp.path() + "/graph.dot";
  ASSERT_EQ(testing::RunCommand(MultiRootScan("--manifest " + std::string(kDir) + "/services.json --no-timing --out " +
                                              tmp.path() + " --graph " + graph + " --graph-format dot"),
                                nullptr),
            0);
  EXPECT_EQ(testing::ReadFileOrDie(graph), Expected("expected-graph.dot"));
  std::string catalog = testing::ReadFileOrDie(tmp.path() + "/catalog.json");
  EXPECT_NE(catalog.find("\"service\": \"catalog\""), std::string::npos);
  // graph reads the documents back and joins them the same way.
  std::string out;
  ASSERT_EQ(
      testing::RunCommand(Cli("graph " + tmp.path() + "/storefront.json " + tmp.path() + "/catalog.json " + tmp.path() +
                              "/reports.json --manifest " + std::string(kDir) + "/services.json --format dot"),
                          &out),
      2)
      << "a manifest root and a document for one service are two scans of it";
  std::string manifest = tmp.path() + "/hosts.json";
  testing::WriteFileOrDie(manifest, R"({"services": [{"name": "catalog", "hosts": ["catalog.example.org"]}]})");
  ASSERT_EQ(testing::RunCommand(Cli("graph " + tmp.path() + "/storefront.json " + tmp.path() + "/catalog.json " +
                                    tmp.path() + "/reports.json --manifest " + manifest + " --format dot"),
                                &out),
            0);
  EXPECT_EQ(out, Expected("expected-graph.dot"));
}

// A nightly run scans every service in one command: it must reuse the cache as single scans do, and say nothing new.
TEST(Regression, MultiRootScanUsesTheCache) {
  testing::TempDir tmp;
  std::string cache = tmp.path() + "/cache";
  auto entries = [&] {
    int n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(cache, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      n += it->is_regular_file() && it->path().filename() != "last-prune" ? 1 : 0;
    }
    return n;
  };
  std::string cold, warm, uncached;
  ASSERT_EQ(testing::RunCommand(MultiRootScan("--no-timing --cache " + cache), &cold), 0);
  // Three stored results and the facts of every file of the three services.
  EXPECT_GE(entries(), 3 + 3) << "a multi-root scan wrote nothing to --cache";
  int stored = entries();
  ASSERT_EQ(testing::RunCommand(MultiRootScan("--no-timing --cache " + cache), &warm), 0);
  EXPECT_EQ(cold, warm) << testing::FirstDifference(cold, warm);
  EXPECT_EQ(entries(), stored) << "an unchanged rescan stores nothing new";
  std::string other = tmp.path() + "/unused";
  ASSERT_EQ(testing::RunCommand(MultiRootScan("--no-timing --no-cache --cache " + other), &uncached), 0);
  EXPECT_EQ(cold, uncached) << testing::FirstDifference(cold, uncached);
  EXPECT_FALSE(std::filesystem::exists(other)) << "--no-cache wrote a cache";
}

TEST(Regression, Issue8WithoutManifestTheSettingNameMatches) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(MultiRootScan(""), &out), 0);
  nlohmann::json doc = nlohmann::json::parse(out);
  int to_catalog = 0;
  for (const nlohmann::json& e : doc["edges"]) {
    if (e["from"] == "storefront" && e["to"] == "catalog") {
      ++to_catalog;
      EXPECT_EQ(e["match"]["reason"], "setting");
      EXPECT_EQ(e["match"]["detail"], "CATALOG_API_URL");  // catalog's default pattern CATALOG_*
      EXPECT_EQ(e["match"]["confidence"], "likely");
    }
  }
  EXPECT_EQ(to_catalog, 2);
  EXPECT_EQ(doc["cycles"].size(), 1u);
}

TEST(GraphCli, BadInputIsOneLineExitTwo) {
  testing::TempDir tmp;
  std::string bad = tmp.path() + "/bad.json";
  testing::WriteFileOrDie(bad, R"({"services": [{"name": "a", "hosts": ["https://a.example.org/x"]}]})");
  std::string err;
  EXPECT_EQ(testing::RunCommand("bash -c '" + Cli("graph --manifest " + bad) + " 2>&1 >/dev/null'", &err), 2);
  EXPECT_NE(err.find("services[0].hosts[0]"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  for (const std::string& args :
       {std::string("graph"), std::string("graph --format svg x.json"), std::string("graph /nonexistent/scan.json"),
        "scan " + std::string(kDir) + "/a --service x --service y",
        "scan " + std::string(kDir) + "/a " + std::string(kDir) + "/a --graph-format png"}) {
    EXPECT_EQ(testing::RunCommand(Cli(args) + " >/dev/null 2>&1", nullptr), 2) << args;
  }
  // Two roots under one service name cannot be told apart in a graph.
  EXPECT_EQ(testing::RunCommand(Cli("scan " + std::string(kDir) + "/a --service x " + std::string(kDir) +
                                    "/b --service x >/dev/null 2>&1"),
                                nullptr),
            2);
}

TEST(GraphManifest, ErrorsNameTheField) {
  struct Row {
    const char* text;
    const char* error;  // substring
  };
  const Row rows[] = {
      {"[]", "(top): must be an object"},
      {"{", "(top): not JSON"},
      {R"({"service": []})", "service: unknown field"},
      {R"({})", "services: missing"},
      {R"({"services": {}})", "services: must be a list"},
      {R"({"services": []})", "services: must name at least one service"},
      {R"({"services": [3]})", "services[0]: must be an object"},
      {R"({"services": [{"root": "a"}]})", "services[0].name: missing"},
      {R"({"services": [{"name": ""}]})", "services[0].name: must be a non-empty string"},
      {R"({"services": [{"name": "a"}, {"name": "a"}]})", "services[1].name: 'a' is listed twice"},
      {R"({"services": [{"name": "a", "host": ["x"]}]})", "services[0].host: unknown field"},
      {R"({"services": [{"name": "a", "scan": "a.json", "root": "a"}]})", "services[0].root: give scan or root"},
      {R"({"services": [{"name": "a", "root": 1}]})", "services[0].root: must be a non-empty path"},
      {R"({"services": [{"name": "a", "hosts": "a.org"}]})", "services[0].hosts: must be a list of strings"},
      {R"({"services": [{"name": "a", "hosts": [1]}]})", "services[0].hosts[0]: must be a string"},
      {R"({"services": [{"name": "a", "hosts": ["a.org/x"]}]})", "services[0].hosts[0]: 'a.org/x' must be a host"},
      {R"({"services": [{"name": "a", "hosts": ["a.*.org"]}]})", "services[0].hosts[0]: 'a.*.org': a wildcard"},
      {R"({"services": [{"name": "a", "hosts": ["a.org"]}, {"name": "b", "hosts": ["A.org"]}]})",
       "services[1].hosts[0]: 'a.org' is already a host of 'a'"},
      {R"({"services": [{"name": "a", "settings": ["A-*"]}]})", "services[0].settings[0]: 'A-*' must be a setting"},
      {R"({"services": [{"name": "a", "peers": [""]}]})", "services[0].peers[0]: must not be empty"},
  };
  for (const Row& r : rows) {
    StatusOr<graph::Manifest> m = graph::ParseManifest(r.text, "m.json");
    ASSERT_FALSE(m.ok()) << r.text;
    EXPECT_NE(m.status().message().find(std::string("m.json: ") + r.error), std::string::npos)
        << r.text << " -> " << m.status().message();
  }
  StatusOr<graph::Manifest> ok = graph::ParseManifest(
      R"({"services": [// a comment
          {"name": "a", "root": "../x/", "hosts": ["A.org:8080", "*.a.org"], "settings": [], "peers": ["A API"]},
          {"name": "b", "scan": "/abs/b.json"}]})",
      "conf/m.json");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->services[0].root, "x");  // relative to the manifest's folder
  EXPECT_EQ(ok->services[0].hosts, (std::vector<std::string>{"a.org", "*.a.org"}));
  ASSERT_TRUE(ok->services[0].settings.has_value());
  EXPECT_TRUE(ok->services[0].settings->empty());
  EXPECT_FALSE(ok->services[1].settings.has_value());
  EXPECT_EQ(ok->services[1].scan, "/abs/b.json");
}

TEST(GraphRoutes, PathsMatchDjangoAndDrfRoutes) {
  struct Row {
    const char* route;
    const char* path;
    bool match;
  };
  const Row rows[] = {
      {"api/v1/courses/", "api/v1/courses/", true},
      {"api/v1/courses/", "api/v1/courses", true},  // APPEND_SLASH
      {"api/v1/courses/", "api/v1/courses/x/", false},
      {"api/<int:year>/orders/", "api/2024/orders/", true},
      {"api/<int:year>/orders/", "api/{year}/orders/", true},
      {"api/<int:year>/orders/", "api/abc/orders/", false},
      {"hooks/<slug:event>/", "hooks/course-changed/", true},
      {"hooks/<slug:event>/", "hooks/a.b/", false},
      {"files/<path:rest>", "files/a/b/c.txt", true},
      {"users/<uuid:id>/", "users/{user_id}/", true},
      {"users/<uuid:id>/", "users/12/", false},
      {"users/<name>/", "users/ann/", true},  // no converter: str
      {"api/v1/courses/(?P<pk>[^/.]+)/", "api/v1/courses/{course_id}/", true},
      {"api/v1/courses/(?P<pk>[^/.]+)/", "api/v1/courses/7/", true},
      {"api/v1/courses/(?P<pk>[^/.]+)/", "api/v1/courses/", false},
      {"api/v1/courses\\.(?P<format>[a-z0-9]+)/?", "api/v1/courses.json", true},
      {"api/hook/(?P<pk>\\d+)/", "api/hook/12/", true},
      {"api/hook/(?P<pk>\\d+)/", "api/hook/x/", false},
      {"api/<int:pk", "api/1", false},  // unbalanced: never matches, never crashes
      {"api/(unclosed/", "api/(unclosed/", false},
  };
  for (const Row& r : rows) EXPECT_EQ(graph::RouteMatchesPath(r.route, r.path), r.match) << r.route << " " << r.path;
}

TEST(GraphRoutes, UrlPathFromValueOrTemplate) {
  struct Row {
    std::optional<std::string> value;
    const char* tmpl;
    std::optional<std::string> path;
  };
  const Row rows[] = {
      {"https://a.org/api/x/?q=1", "{settings.A}/api/x/?q=1", "api/x/"},
      {"https://a.org", "{settings.A}", std::nullopt},
      {std::nullopt, "{settings.A}/api/{id}/#top", "api/{id}/"},
      {std::nullopt, "{settings.A}", std::nullopt},
      {std::nullopt, "{url}?page=2", std::nullopt},
      {"s3://bucket/key", "s3://bucket/key", std::nullopt},
      {std::nullopt, "http://h:8080/a/b", "a/b"},
  };
  for (const Row& r : rows) {
    edges::Url u;
    u.value = r.value;
    u.tmpl = r.tmpl;
    EXPECT_EQ(graph::UrlPath(u), r.path) << r.tmpl;
  }
}

TEST(GraphSettings, GlobAndDefaultPattern) {
  EXPECT_EQ(graph::DefaultSettingPattern("order-sync"), "ORDER_SYNC_*");
  EXPECT_TRUE(graph::GlobMatch("XPRO_*", "XPRO_CATALOG_API_URL"));
  EXPECT_TRUE(graph::GlobMatch("*_CATALOG_*", "XPRO_CATALOG_API_URL"));
  EXPECT_TRUE(graph::GlobMatch("xpro_?ATALOG*", "XPRO_CATALOG_API_URL"));  // case-insensitive
  EXPECT_FALSE(graph::GlobMatch("XPRO_*", "MITXPRO_URL"));
  EXPECT_FALSE(graph::GlobMatch("XPRO", "XPRO_URL"));
  EXPECT_TRUE(graph::GlobMatch("*", ""));
  EXPECT_FALSE(graph::GlobMatch("?", ""));
}

// Small synthetic scans for the analysis.
edges::Edge Out(const std::string& id, const std::string& service, const std::string& value, const std::string& tmpl,
                const std::string& trigger = "request", const std::string& method = "GET") {
  edges::Edge e;
  e.id = id;
  e.kind = "http_call";
  e.direction = "outbound";
  e.service = service;
  e.transport = "REST JSON";
  e.method = method;
  edges::Url u;
  if (!value.empty()) u.value = value;
  u.tmpl = tmpl;
  e.url = u;
  e.trigger = trigger;
  e.location = {service + ".py", 1, 1, ""};
  return e;
}

edges::Edge In(const std::string& id, const std::string& service, const std::string& route,
               const std::string& methods = "POST") {
  edges::Edge e;
  e.id = id;
  e.kind = "webhook";
  e.direction = "inbound";
  e.service = service;
  e.transport = "HTTPS webhook";
  e.method = methods;
  e.route = route;
  e.location = {"views.py", 3, 1, ""};
  return e;
}

edges::ScanResult Scan(const std::string& service, std::vector<edges::Edge> edges) {
  edges::ScanResult r;
  r.service = service;
  r.root = service;
  r.edges = std::move(edges);
  return r;
}

const graph::GraphEdge* Find(const graph::ServiceGraph& g, const std::string& id) {
  for (const graph::GraphEdge& e : g.edges) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

TEST(GraphAnalysis, ThreeServiceCycleAndATail) {
  // x -> y -> z -> x is one component; z -> w hangs off it; w calls nobody.
  std::vector<edges::ScanResult> scans = {
      Scan("x", {Out("xy", "x", "", "{settings.Y_URL}/a/")}),
      Scan("y", {Out("yz", "y", "", "{settings.Z_URL}/b/")}),
      Scan("z", {Out("zx", "z", "", "{settings.X_URL}/c/"), Out("zw", "z", "", "{settings.W_URL}/d/")}),
      Scan("w", {}),
  };
  graph::ServiceGraph g = graph::BuildGraph(scans, {});
  ASSERT_EQ(g.cycles.size(), 1u);
  EXPECT_EQ(g.cycles[0].services, (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_EQ(g.cycles[0].edges, (std::vector<std::string>{"xy", "yz", "zx"}));
  EXPECT_FALSE(Find(g, "zw")->in_cycle);
  const graph::Node* z = g.FindNode("z");
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->fan_out, 2);
  EXPECT_EQ(z->fan_in, 1);
  EXPECT_EQ(g.FindNode("w")->fan_in, 1);
}

TEST(GraphAnalysis, RouteOnlyMatchesNeedASpecificUnambiguousRouteAndMethod) {
  std::vector<edges::ScanResult> scans = {
      Scan(
          "caller",
          {Out("generic", "caller", "https://h.internal/api/", "https://h.internal/api/", "request", "POST"),
           Out("tied", "caller", "https://h.internal/hooks/push/", "https://h.internal/hooks/push/", "request", "POST"),
           Out("wrong-method", "caller", "https://h.internal/only/post/", "https://h.internal/only/post/", "request",
               "GET"),
           Out("ok", "caller", "https://h.internal/only/post/", "https://h.internal/only/post/", "request", "POST"),
           Out("public", "caller", "https://auth.internal.com/only/post/", "https://auth.internal.com/only/post/",
               "request", "POST"),
           Out("ip", "caller", "http://10.1.2.3:8000/only/post/", "http://10.1.2.3:8000/only/post/", "request", "POST"),
           Out("self", "caller", "https://h.internal/mine/hook/", "https://h.internal/mine/hook/", "request", "POST")}),
      Scan("p", {In("p-api", "p", "api/"), In("p-push", "p", "hooks/push/"), In("p-only", "p", "only/post/")}),
      Scan("q", {In("q-push", "q", "hooks/push/")}),
      Scan("caller-2", {}),
  };
  scans[0].edges.push_back(In("mine", "caller", "mine/hook/"));
  graph::ServiceGraph g = graph::BuildGraph(scans, {});
  EXPECT_EQ(Find(g, "generic")->to, "h.internal");  // "api/" is too generic for a route-only match
  EXPECT_EQ(Find(g, "tied")->to, "h.internal");     // p and q both have hooks/push/
  EXPECT_EQ(Find(g, "wrong-method")->to, "h.internal");
  EXPECT_EQ(Find(g, "ok")->to, "p");
  EXPECT_EQ(Find(g, "ok")->match.reason, "route");
  EXPECT_EQ(Find(g, "ok")->match.confidence, "possible");
  EXPECT_EQ(Find(g, "self")->to, "h.internal");
  EXPECT_EQ(Find(g, "public")->to, "auth.internal.com");  // a public host no manifest names is someone else's
  EXPECT_EQ(Find(g, "ip")->to, "p");                      // a service's own route is no evidence
  ASSERT_EQ(g.diagnostics.size(), 1u);
  EXPECT_NE(g.diagnostics[0].message.find("several services"), std::string::npos);
}

TEST(GraphAnalysis, MatchOrderHostThenSettingThenPeer) {
  StatusOr<graph::Manifest> m = graph::ParseManifest(
      R"({"services": [{"name": "a", "hosts": ["*.a.example"]}, {"name": "b", "settings": ["LEGACY_*"],
          "peers": ["Bee API"]}, {"name": "c"}, {"name": "d"}]})",
      "m.json");
  ASSERT_TRUE(m.ok()) << m.status().message();
  edges::Edge by_peer = Out("by-peer", "d", "", "{client.base}/x/");
  by_peer.peer = "bee api";
  std::vector<edges::ScanResult> scans = {
      Scan("a", {}),
      Scan("b", {}),
      Scan("c", {}),
      Scan("d", {Out("by-host", "d", "https://api.a.example/x/", "{settings.LEGACY_URL}/x/"),
                 Out("by-setting", "d", "https://other.example/x/", "{settings.LEGACY_URL}/x/"),
                 Out("default-off", "d", "", "{settings.B_URL}/x/"), by_peer,
                 Out("by-default", "d", "", "{env.C_SERVICE_URL}/x/"),
                 Out("bucket", "d", "", "s3://{settings.C_BUCKET}/key"),
                 Out("later-name", "d", "", "{settings.STORAGE_URL}/{settings.C_PREFIX}/x")}),
  };
  ASSERT_TRUE(graph::CheckServices(scans, *m).ok());
  graph::ServiceGraph g = graph::BuildGraph(scans, *m);
  EXPECT_EQ(Find(g, "by-host")->to, "a");
  EXPECT_EQ(Find(g, "by-host")->match.detail, "*.a.example");
  EXPECT_EQ(Find(g, "by-setting")->to, "b");
  EXPECT_EQ(Find(g, "default-off")->to, "unresolved URL");  // b's settings replace its default B_*
  EXPECT_EQ(Find(g, "by-peer")->to, "b");
  EXPECT_EQ(Find(g, "by-peer")->match.reason, "peer");
  EXPECT_EQ(Find(g, "by-default")->to, "c");
  // Only the setting that gives the URL its host decides: a bucket or a path piece named after c does not.
  EXPECT_EQ(Find(g, "bucket")->to, "unresolved URL");
  EXPECT_EQ(Find(g, "later-name")->to, "unresolved URL");
  // An inbound edge whose peer the manifest names as a scanned service comes from it.
  edges::Edge hook = In("hook", "a", "hooks/bee/");
  hook.peer = "Bee API";
  scans[0].edges.push_back(hook);
  graph::ServiceGraph with_hook = graph::BuildGraph(scans, *m);
  EXPECT_EQ(Find(with_hook, "hook")->from, "b");
  EXPECT_EQ(Find(with_hook, "hook")->match.reason, "peer");
  EXPECT_FALSE(Find(with_hook, "hook")->source.has_value());
  scans.push_back(Scan("a", {}));
  EXPECT_FALSE(graph::CheckServices(scans, *m).ok());
}

TEST(GraphAnalysis, OutputIsDeterministicWhateverTheScanOrder) {
  std::vector<edges::ScanResult> scans = {
      Scan("x",
           {Out("xy", "x", "", "{settings.Y_URL}/a/", "beat"), Out("ext", "x", "https://e.org/", "https://e.org/")}),
      Scan("y", {Out("yx", "y", "", "{settings.X_URL}/b/", "event")}),
  };
  std::vector<edges::ScanResult> reversed = {scans[1], scans[0]};
  graph::ServiceGraph a = graph::BuildGraph(scans, {}), b = graph::BuildGraph(reversed, {});
  EXPECT_EQ(output::WriteGraphJson(a, "t"), output::WriteGraphJson(b, "t"));
  EXPECT_EQ(output::WriteGraphPlantUml(a), output::WriteGraphPlantUml(b));
  EXPECT_NE(output::WriteGraphDot(a).find("style=dashed"), std::string::npos);
}

}  // namespace
}  // namespace edgescan
