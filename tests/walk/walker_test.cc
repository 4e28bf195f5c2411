#include "walk/walker.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "testing/fixture_runner.h"

namespace edgescan::walk {
namespace {

using edgescan::testing::TempDir;
using edgescan::testing::WriteFileOrDie;

std::vector<std::string> Paths(const WalkResult& r) {
  std::vector<std::string> out;
  for (const SourceFile& f : r.files) out.push_back(f.path);
  return out;
}

TEST(Walker, SkipsVendoredGeneratedAndTestCode) {
  TempDir d;
  for (const char* p : {"app/api.py", "app/tests/test_api.py", "app/test_views.py", "app/views_test.py",
                        "conftest.py", "app/migrations/0001_initial.py", ".venv/lib/x.py", "venv/x.py",
                        "env/pyvenv.cfg", "env/lib/y.py", "node_modules/pkg/z.py", "app/__pycache__/api.py",
                        ".git/hooks/h.py", ".semgrep/requests/no-requests.py", ".github/scripts/release.py",
                        "app/README.md", "z.py"}) {
    WriteFileOrDie(d.path() + "/" + p, "x = 1\n");
  }
  WalkOptions o;
  o.root = d.path();
  StatusOr<WalkResult> r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"app/api.py", "z.py"}));

  o.include_tests = true;
  r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"app/api.py", "app/test_views.py", "app/tests/test_api.py",
                                                 "app/views_test.py", "conftest.py", "z.py"}));
}

TEST(Walker, HonoursRootGitignore) {
  TempDir d;
  WriteFileOrDie(d.path() + "/.gitignore", "generated/\nlocal_*.py\n");
  for (const char* p : {"a.py", "generated/b.py", "local_settings.py", "pkg/local_x.py", "pkg/c.py"}) {
    WriteFileOrDie(d.path() + "/" + p, "x = 1\n");
  }
  WalkOptions o;
  o.root = d.path();
  StatusOr<WalkResult> r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"a.py", "pkg/c.py"}));
}

TEST(Walker, IncludeAndExcludeGlobsFromTheConfig) {
  TempDir d;
  for (const char* p : {"src/app/api.py", "src/app/legacy_api.py", "src/gen/x.py", "scripts/run.py", "setup.py"}) {
    WriteFileOrDie(d.path() + "/" + p, "x = 1\n");
  }
  WalkOptions o;
  o.root = d.path();
  o.include_scripts = true;  // the globs alone decide here
  o.include_globs = {"src/", "setup.py"};
  o.exclude_globs = {"**/legacy_*.py", "src/gen"};
  StatusOr<WalkResult> r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"setup.py", "src/app/api.py"}));
  o.include_globs = {"*.py"};  // unanchored: any folder
  o.exclude_globs = {};
  r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r).size(), 5u);
  o.include_globs = {"/*.py"};  // anchored at the root
  r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"setup.py"}));
}

TEST(Walker, SkipsTheRootScriptsFolderUnlessAsked) {
  TempDir d;
  for (const char* p : {"app/api.py", "scripts/local_assignment.py", "app/scripts/sync.py", "tools/scripts/x.py"}) {
    WriteFileOrDie(d.path() + "/" + p, "x = 1\n");
  }
  WalkOptions o;
  o.root = d.path();
  StatusOr<WalkResult> r = Walk(o);
  ASSERT_TRUE(r.ok());
  // Only the root's scripts/ is developers' tooling; a scripts package inside the app is the app's.
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"app/api.py", "app/scripts/sync.py", "tools/scripts/x.py"}));
  o.include_scripts = true;
  r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"app/api.py", "app/scripts/sync.py", "scripts/local_assignment.py",
                                                 "tools/scripts/x.py"}));
}

TEST(Walker, MissingRootIsAnError) {
  WalkOptions o;
  o.root = "/nonexistent/edgescan/root";
  StatusOr<WalkResult> r = Walk(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(Walker, SortsFilesByPath) {
  TempDir d;
  for (const char* p : {"b/z.py", "a.py", "b/a.py", "B.py"}) WriteFileOrDie(d.path() + "/" + p, "");
  WalkOptions o;
  o.root = d.path();
  StatusOr<WalkResult> r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"B.py", "a.py", "b/a.py", "b/z.py"}));
}

TEST(Walker, IsTestPathTable) {
  EXPECT_TRUE(IsTestPath("tests/x.py"));
  EXPECT_TRUE(IsTestPath("app/tests/sub/x.py"));
  EXPECT_TRUE(IsTestPath("app/test_x.py"));
  EXPECT_TRUE(IsTestPath("app/x_test.py"));
  EXPECT_TRUE(IsTestPath("conftest.py"));
  EXPECT_FALSE(IsTestPath("app/testing.py"));
  EXPECT_FALSE(IsTestPath("app/contest.py"));
  EXPECT_FALSE(IsTestPath("latest/x.py"));
  // pytest fixture packages (`from fixtures.aws import *` in conftest.py) are test code; Django's data fixtures
  // are JSON/YAML, never Python.
  EXPECT_TRUE(IsTestPath("fixtures/aws.py"));
  EXPECT_TRUE(IsTestPath("app/fixtures/__init__.py"));
  EXPECT_FALSE(IsTestPath("app/fixtures_api.py"));
  EXPECT_FALSE(IsTestPath("prefixtures/x.py"));
  // End-to-end and acceptance suites drive a deployed service from outside: test code, not the service's edges.
  EXPECT_TRUE(IsTestPath("e2e/api.py"));
  EXPECT_TRUE(IsTestPath("acceptance_tests/pages.py"));
  EXPECT_TRUE(IsTestPath("app/integration_tests/x.py"));
  EXPECT_FALSE(IsTestPath("e2e_reports.py"));
  // Any *_tests / *-tests folder is a suite (mozilla/kitsune's playwright_tests/ drove 12 false edges).
  EXPECT_TRUE(IsTestPath("playwright_tests/core/utilities.py"));
  EXPECT_TRUE(IsTestPath("qa/functional-tests/login.py"));
  EXPECT_FALSE(IsTestPath("app/latest_tests.py"));
  EXPECT_FALSE(IsTestPath("app/_tests/x.py"));
  EXPECT_FALSE(IsTestPath("contests/x.py"));
}

TEST(Walker, SkipsFixturePackagesUnlessTestsAreIncluded) {
  TempDir d;
  for (const char* p : {"conftest.py", "fixtures/__init__.py", "fixtures/aws.py", "app/fixtures/common.py", "app/a.py"}) {
    WriteFileOrDie(d.path() + "/" + p, "x = 1\n");
  }
  WalkOptions o;
  o.root = d.path();
  StatusOr<WalkResult> r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"app/a.py"}));
  o.include_tests = true;
  r = Walk(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Paths(*r), (std::vector<std::string>{"app/a.py", "app/fixtures/common.py", "conftest.py",
                                                 "fixtures/__init__.py", "fixtures/aws.py"}));
}

}  // namespace
}  // namespace edgescan::walk
