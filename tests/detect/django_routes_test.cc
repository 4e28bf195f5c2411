// detect/django_routes.cc and detect/internal/urlconf.cc: urlconf constructs one per row, then classification.
#include "detect/django_routes.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "detect/internal/urlconf.h"
#include "ruleset/builtin.h"
#include "testing/fixture_runner.h"

namespace edgescan::detect {
namespace {

using Files = std::map<std::string, std::string>;

// A repo of in-memory files, with the built-in rules plus optional extra rule text (as --rules would add).
struct Repo {
  std::unique_ptr<ruleset::RuleSet> rules;
  std::unique_ptr<resolve::RepoIndex> index;
  Diagnostics diagnostics;

  explicit Repo(const Files& files, const std::string& extra_rules = "") {
    StatusOr<ruleset::RuleSet> loaded = ruleset::LoadRuleSet({});
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    rules = std::make_unique<ruleset::RuleSet>(std::move(loaded).value());
    if (!extra_rules.empty()) {
      Status s = ruleset::LoadRuleText("team/rules.json", extra_rules, rules.get());
      EXPECT_TRUE(s.ok()) << s.message();
    }
    std::vector<facts::ModuleFacts> modules;
    for (const auto& [path, source] : files) modules.push_back(testing::FactsFor(path, source));
    index = std::make_unique<resolve::RepoIndex>(std::move(modules), *rules);
  }
  DetectContext Context() { return DetectContext{*index, *rules, "svc", &diagnostics}; }
  std::vector<std::string> Routes() {
    std::vector<std::string> out;
    for (const internal::Route& r : internal::ResolveUrlconf(Context())) out.push_back(r.route);
    return out;
  }
  std::vector<edges::Edge> Edges() {
    std::vector<edges::Edge> out;
    DjangoRoutesDetector().Run(Context(), &out);
    return out;
  }
};

const char kSettings[] = "ROOT_URLCONF = \"proj.urls\"\n";
const char kImports[] = "from django.urls import include, path, re_path\nfrom django.conf import settings\n";

struct UrlconfRow {
  const char* name;
  Files files;  // proj/settings.py (kSettings) is added
  std::vector<std::string> routes;
};

TEST(DjangoUrlconf, ReadsEveryWayUrlpatternsIsBuilt) {
  std::string h = kImports;
  const UrlconfRow rows[] = {
      {"plus-equals, append, extend, insert and feature-flag branches all count",
       {{"proj/urls.py", h + "from app import views\n"
                             "urlpatterns = [path('a/', views.a)]\n"
                             "urlpatterns += [path('b/', views.a)]\n"
                             "urlpatterns.append(path('c/', views.a))\n"
                             "urlpatterns.extend([path('d/', views.a)])\n"
                             "urlpatterns.insert(0, path('e/', views.a))\n"
                             "if settings.FEATURES.get('X'):\n"
                             "    urlpatterns += [path('f/', views.a)]\n"
                             "else:\n"
                             "    urlpatterns += [path('g/', views.a)]\n"},
        {"app/views.py", "def a(request): pass\n"}},
       {"a/", "b/", "c/", "d/", "e/", "f/", "g/"}},
      {"debug-only additions are skipped, in statements and in expressions",
       {{"proj/urls.py",
         h + "from app import views\n"
             "urlpatterns = [path('a/', views.a)] + ([path('dbg1/', views.a)] if settings.DEBUG else [])\n"
             "if settings.DEBUG and settings.X:\n"
             "    urlpatterns += [path('dbg2/', views.a)]\n"},
        {"app/views.py", "def a(request): pass\n"}},
       {"a/"}},
      {"a later unconditional assignment replaces the list",
       {{"proj/urls.py", h + "from app import views\n"
                             "urlpatterns = [path('old/', views.a)]\n"
                             "urlpatterns = [path('new/', views.a)]\n"},
        {"app/views.py", "def a(request): pass\n"}},
       {"new/"}},
      {"nested includes join prefixes; regex anchors go, groups stay; empty prefixes",
       {{"proj/urls.py",
         h + "urlpatterns = [re_path(r'^api/', include('app.urls')), re_path(r'', include('app.more'))]\n"},
        {"app/urls.py", h + "from app import views\n"
                            "urlpatterns = [re_path(r'^v(?P<version>[12])/hooks/(?P<pk>\\d+)/$', views.a),\n"
                            "               path('x/<int:pk>/', views.a)]\n"},
        {"app/more.py", h + "from app import views\nurlpatterns = [re_path(r'^more/\\Z', views.a)]\n"},
        {"app/views.py", "def a(request): pass\n"}},
       {"api/v(?P<version>[12])/hooks/(?P<pk>\\d+)/", "api/x/<int:pk>/", "more/"}},
      {"include of a module object, a list name, a (patterns, app_name) tuple and an imported list",
       {{"proj/urls.py",
         h + "from app import urls as app_urls\nfrom app.lists import extra\n"
             "from app import views\n"
             "local = [path('l/', views.a)]\n"
             "urlpatterns = [path('m/', include(app_urls)), path('n/', include(local)),\n"
             "               path('t/', include((local, 'ns'), namespace='ns')), path('i/', include(extra))]\n"},
        {"app/urls.py", h + "from app import views\nurlpatterns = [path('u/', views.a)]\n"},
        {"app/lists.py", h + "from app import views\nextra = [path('e/', views.a)]\n"},
        {"app/views.py", "def a(request): pass\n"}},
       {"m/u/", "n/l/", "t/l/", "i/e/"}},
      {"urlpatterns from a star import, then extended",
       {{"proj/urls.py", "from proj.base_urls import *\n" + h +
                             "from app import views\n"
                             "urlpatterns += [path('more/', views.a)]\n"},
        {"proj/base_urls.py", h + "from app import views\nurlpatterns = [path('base/', views.a)]\n"},
        {"app/views.py", "def a(request): pass\n"}},
       {"base/", "more/"}},
      {"urlpatterns = urlpatterns + [...] extends, here after a star import",
       {{"proj/urls.py", "from proj.base_urls import *\n" + h +
                             "from app import views\n"
                             "urlpatterns = urlpatterns + [path('b/', views.a)]\n"
                             "urlpatterns = urlpatterns + [path('c/', views.a)]\n"},
        {"proj/base_urls.py", h + "from app import views\nurlpatterns = [path('a/', views.a)]\n"},
        {"app/views.py", "def a(request): pass\n"}},
       {"a/", "b/", "c/"}},
      {"an include cycle stops at the module already being read",
       {{"proj/urls.py", h + "urlpatterns = [path('a/', include('app.urls'))]\n"},
        {"app/urls.py", h + "from app import views\n"
                            "urlpatterns = [path('x/', views.a), path('again/', include('proj.urls'))]\n"},
        {"app/views.py", "def a(request): pass\n"}},
       {"a/x/"}},
      {"installed packages: known routes, plain, and unknown (the mount point)",
       {{"proj/urls.py",
         h + "from django.contrib import admin\n"
             "urlpatterns = [path('o/', include('oauth2_provider.urls')), path('admin/', admin.site.urls),\n"
             "               path('pkg/', include('some_package.urls'))]\n"}},
       {"o/authorize/", "o/token/", "o/revoke_token/", "o/introspect/", "pkg/"}},
      {"DRF router: trailing_slash=False, lookup_value_regex, @action url_path, detail actions",
       {{"proj/urls.py", h + "from rest_framework.routers import SimpleRouter\nfrom app.views import ItemViewSet\n"
                             "router = SimpleRouter(trailing_slash=False)\n"
                             "router.register('items', ItemViewSet)\n"
                             "urlpatterns = [path('api/', include(router.urls))]\n"},
        {"app/views.py",
         "from rest_framework import viewsets, mixins\nfrom rest_framework.decorators import action\n"
         "class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):\n"
         "    lookup_value_regex = '[0-9a-f]{32}'\n"
         "    @action(detail=False, url_path='by-owner')\n"
         "    def owned(self, request): pass\n"
         "    @action(detail=True, methods=['post'])\n"
         "    def archive(self, request, pk=None): pass\n"}},
       {"api/items", "api/items/by-owner", "api/items/(?P<pk>[0-9a-f]{32})", "api/items/(?P<pk>[0-9a-f]{32})/archive"}},
      {"a router imported from another module; an empty prefix leaves no leading slash",
       {{"proj/urls.py", h + "from app.routes import router\nurlpatterns = [path('api/', include(router.urls))]\n"},
        {"app/routes.py",
         "from rest_framework import routers\nfrom app.views import RootViewSet\n"
         "router = routers.DefaultRouter()\nrouter.register(r'', RootViewSet, basename='root')\n"},
        {"app/views.py",
         "from rest_framework import viewsets\nclass RootViewSet(viewsets.ReadOnlyModelViewSet): pass\n"}},
       {"api/", "api/(?P<pk>[^/.]+)/"}},
  };
  for (const UrlconfRow& row : rows) {
    Files files = row.files;
    files["proj/settings.py"] = kSettings;
    Repo repo(files);
    EXPECT_EQ(repo.Routes(), row.routes) << row.name;
  }
}

TEST(DjangoUrlconf, WithoutRootUrlconfUsesTheUrlsBesideTheSettings) {
  Repo repo(
      Files{{"proj/settings.py", "DEBUG = False\n"},
            {"proj/urls.py", std::string(kImports) + "from app import views\nurlpatterns = [path('x/', views.a)]\n"},
            {"app/views.py", "def a(request): pass\n"}});
  EXPECT_EQ(repo.Routes(), std::vector<std::string>{"x/"});
}

TEST(DjangoUrlconf, RootUrlconfNamingNoModuleGivesADiagnostic) {
  Repo repo(Files{{"proj/settings.py", "ROOT_URLCONF = 'missing.urls'\n"}});
  EXPECT_TRUE(repo.Routes().empty());
  ASSERT_EQ(repo.diagnostics.size(), 1u);
  EXPECT_EQ(repo.diagnostics[0].file, "proj/settings.py");
  EXPECT_EQ(repo.diagnostics[0].line, 1);
  EXPECT_NE(repo.diagnostics[0].message.find("'missing.urls' is not a module"), std::string::npos);
}

TEST(DjangoUrlconf, DeepAndWideInputsAreBounded) {
  // A chain of 200 includes (deeper than the include-depth bound) and a module with 21,000 routes.
  Files files{{"proj/settings.py", kSettings}};
  std::string h = kImports;
  files["proj/urls.py"] = h + "urlpatterns = [path('d/', include('chain.m0')), path('w/', include('wide'))]\n";
  for (int i = 0; i < 200; ++i) {
    files["chain/m" + std::to_string(i) + ".py"] =
        h + "urlpatterns = [path('x/', include('chain.m" + std::to_string(i + 1) + "'))]\n";
  }
  std::string wide = h + "def v(request): pass\nurlpatterns = [\n";
  for (int i = 0; i < 21000; ++i) wide += "    path('r" + std::to_string(i) + "/', v),\n";
  files["wide.py"] = wide + "]\n";
  Repo repo(files);
  std::vector<std::string> routes = repo.Routes();
  EXPECT_LE(routes.size(), 20000u);
  for (const std::string& r : routes) EXPECT_EQ(r.rfind("d/", 0), std::string::npos) << r;  // chain never ends
}

TEST(DjangoUrlconf, DoublingListsAreBounded) {
  // a1 = a0 + a0, a2 = a1 + a1, ...: 2^n routes. 30 levels hit the route cap; 80 levels the depth and step bounds.
  for (int levels : {30, 80}) {
    std::string urls = std::string(kImports) + "def v(request): pass\na0 = [path('x/', v)]\n";
    for (int i = 1; i <= levels; ++i) {
      urls += "a" + std::to_string(i) + " = a" + std::to_string(i - 1) + " + a" + std::to_string(i - 1) + "\n";
    }
    urls += "urlpatterns = a" + std::to_string(levels) + "\n";
    Repo repo(Files{{"proj/settings.py", kSettings}, {"proj/urls.py", urls}});
    std::vector<std::string> routes = repo.Routes();
    if (levels == 30) {
      EXPECT_EQ(routes.size(), 20000u);
    }
    EXPECT_LE(routes.size(), 20000u);
  }
}

struct ViewRow {
  const char* name;
  const char* views;   // app/views.py
  const char* urls;    // the urlpatterns list
  const char* kind;    // "" = no edge
  const char* method;  // "" = null
  const char* auth;
  const char* peer;  // "" = null
  const char* confidence;
  std::vector<std::string> brittle;
};

TEST(DjangoRoutes, ClassifiesViews) {
  const ViewRow rows[] = {
      {"a Stripe signature header names the peer; auth hmac",
       "from django.views.decorators.csrf import csrf_exempt\n"
       "@csrf_exempt\ndef hook(request):\n    sig = request.META['HTTP_STRIPE_SIGNATURE']\n",
       "[path('stripe/', views.hook)]",
       "webhook",
       "",
       "hmac",
       "Stripe",
       "certain",
       {}},
      {"session beside token auth is the browser app's own API: no edge",
       "from rest_framework.views import APIView\n"
       "from rest_framework.authentication import SessionAuthentication, TokenAuthentication\n"
       "class Checkout(APIView):\n    authentication_classes = (SessionAuthentication, TokenAuthentication)\n"
       "    def post(self, request): pass\n",
       "[path('checkout/', views.Checkout.as_view())]",
       "",
       "",
       "",
       "",
       "",
       {}},
      {"a callee that only signs builds an outbound request: no edge",
       "import hmac\nfrom django.views.decorators.http import require_POST\n"
       "def sign(data):\n    return hmac.new(b'k', data).hexdigest()\n"
       "@require_POST\ndef pay(request):\n    return sign(request.body)\n",
       "[path('pay/', views.pay)]",
       "",
       "",
       "",
       "",
       "",
       {}},
      {"a callee comparing a secret: shared_secret webhook",
       "from hmac import compare_digest\nfrom django.conf import settings\n"
       "def check(key):\n    return compare_digest(key, settings.HOOK_KEY)\n"
       "def receive(request):\n    check(request.GET.get('key', ''))\n",
       "[path('receive/', views.receive)]",
       "webhook",
       "",
       "shared_secret",
       "",
       "certain",
       {}},
      {"only the name says webhook: likely, unauthenticated; the docstring names the sender",
       "def ocw_webhook(request):\n    \"\"\"Events coming from the OCW Studio.\"\"\"\n",
       "[path('ocw/', views.ocw_webhook)]",
       "webhook",
       "",
       "none",
       "OCW Studio",
       "likely",
       {"unauthenticated"}},
      {"csrf_exempt on a GET-only view is not a receiver",
       "from django.views.decorators.csrf import csrf_exempt\nfrom django.views.decorators.http import require_GET\n"
       "@csrf_exempt\n@require_GET\ndef page(request): pass\n",
       "[path('page/', views.page)]",
       "",
       "",
       "",
       "",
       "",
       {}},
      {"an internal signature permission class and a POST handler",
       "from rest_framework.views import APIView\nfrom rest_framework.permissions import BasePermission\n"
       "class IsSignedByVendor(BasePermission):\n    \"\"\"Checks the message is signed by Acme Pay.\"\"\"\n"
       "    def has_permission(self, request, view): return True\n"
       "class Fulfil(APIView):\n    authentication_classes = ()\n    permission_classes = (IsSignedByVendor,)\n"
       "    def post(self, request): pass\n",
       "[path('fulfil/', views.Fulfil.as_view())]",
       "webhook",
       "POST",
       "hmac",
       "Acme Pay",
       "certain",
       {}},
      {"http_method_names limits the handlers",
       "from django.views import View\nfrom django.views.decorators.csrf import csrf_exempt\n"
       "from django.utils.decorators import method_decorator\n"
       "@method_decorator([csrf_exempt], name='dispatch')\nclass Hook(View):\n    http_method_names = ['post']\n"
       "    def get(self, request): pass\n    def post(self, request): pass\n",
       "[path('h/', views.Hook.as_view())]",
       "webhook",
       "POST",
       "none",
       "",
       "certain",
       {"unauthenticated"}},
      {"csrf_exempt applied in the urlconf, methods from require_http_methods",
       "from django.views.decorators.http import require_http_methods\n"
       "@require_http_methods(['GET', 'POST'])\ndef notify(request): pass\n",
       "[path('n/', csrf_exempt(views.notify))]",
       "webhook",
       "GET,POST",
       "none",
       "",
       "certain",
       {"unauthenticated"}},
      {"@api_view with OAuth2 authentication, GET only: an API peers pull",
       "from rest_framework.decorators import api_view, authentication_classes\n"
       "from oauth2_provider.contrib.rest_framework import OAuth2Authentication\n"
       "@api_view()\n@authentication_classes([OAuth2Authentication])\ndef me(request): pass\n",
       "[path('me/', views.me)]",
       "peer_api",
       "GET",
       "oauth2",
       "",
       "likely",
       {}},
      {"a name route rule: .well-known",
       "def openid(request): pass\n",
       "[path('.well-known/openid-configuration', views.openid)]",
       "peer_api",
       "",
       "none",
       "",
       "likely",
       {}},
  };
  for (const ViewRow& row : rows) {
    Repo repo(Files{{"proj/settings.py", kSettings},
                    {"proj/urls.py", std::string(kImports) +
                                         "from django.views.decorators.csrf import csrf_exempt\nfrom app import views\n"
                                         "urlpatterns = " +
                                         row.urls + "\n"},
                    {"app/views.py", row.views}});
    std::vector<edges::Edge> edges = repo.Edges();
    if (std::string(row.kind).empty()) {
      EXPECT_TRUE(edges.empty()) << row.name;
      continue;
    }
    ASSERT_EQ(edges.size(), 1u) << row.name;
    const edges::Edge& e = edges[0];
    EXPECT_EQ(e.kind, row.kind) << row.name;
    EXPECT_EQ(e.direction, "inbound") << row.name;
    EXPECT_EQ(e.method.value_or(""), row.method) << row.name;
    EXPECT_EQ(e.auth, row.auth) << row.name;
    EXPECT_EQ(e.peer.value_or(""), row.peer) << row.name;
    EXPECT_EQ(e.confidence, row.confidence) << row.name;
    EXPECT_EQ(e.brittle, row.brittle) << row.name;
  }
}

TEST(DjangoRoutes, ATeamRuleDeclaresTheApisPeersPull) {
  Files files{{"proj/settings.py", kSettings},
              {"proj/urls.py", std::string(kImports) + "from app import views\n"
                                                       "urlpatterns = [path('api/programs/', views.programs),\n"
                                                       "               path('api/me/', views.me)]\n"},
              {"app/views.py", "def programs(request): pass\ndef me(request): pass\n"}};
  EXPECT_TRUE(Repo(files).Edges().empty());
  Repo repo(
      files,
      "{\"id\": \"team-peers\", \"django\": {\"inbound_routes\": [\n"
      "  {\"route\": \"api/programs/\", \"peer\": \"Catalog ETL\", \"why\": \"pulled nightly\"},\n"
      "  {\"view\": \"app\\\\.views\\\\.me\", \"kind\": \"webhook\", \"why\": \"the SSO provider posts here\"}]}}");
  std::vector<edges::Edge> edges = repo.Edges();
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].route, "api/programs/");
  EXPECT_EQ(edges[0].kind, "peer_api");
  EXPECT_EQ(edges[0].peer.value_or(""), "Catalog ETL");
  EXPECT_EQ(edges[0].view, "app.views.programs");
  EXPECT_EQ(edges[1].route, "api/me/");
  EXPECT_EQ(edges[1].kind, "webhook");
  EXPECT_EQ(edges[1].brittle, std::vector<std::string>{"unauthenticated"});
}

}  // namespace
}  // namespace edgescan::detect
