#include "walk/gitignore.h"

#include <gtest/gtest.h>

namespace edgescan::walk {
namespace {

struct Row {
  const char* patterns;
  const char* path;
  bool is_dir;
  bool ignored;
};

TEST(Gitignore, MatchesLikeGit) {
  const Row rows[] = {
      {"*.pyc", "a/b/c.pyc", false, true},
      {"*.pyc", "a/b/c.py", false, false},
      {"build/", "build", true, true},
      {"build/", "build", false, false},
      {"build/", "src/build/x.py", false, true},
      {"/local", "local/x.py", false, true},
      {"/local", "app/local/x.py", false, false},
      {"docs/*.py", "docs/conf.py", false, true},
      {"docs/*.py", "docs/sub/conf.py", false, false},
      {"**/gen", "a/b/gen/x.py", false, true},
      {"a/**/z.py", "a/z.py", false, true},
      {"a/**/z.py", "a/b/c/z.py", false, true},
      {"*.py\n!keep.py", "keep.py", false, false},
      {"*.py\n!keep.py", "drop.py", false, true},
      {"# comment\n\nsettings_local.py", "app/settings_local.py", false, true},
      {"file?.py", "file1.py", false, true},
      {"file[0-9].py", "file7.py", false, true},
      {"file[0-9].py", "filex.py", false, false},
      {"node_modules", "web/node_modules/x.py", false, true},
      // the last matching pattern decides: a folder pattern deciding a file by its folder, a negation
      {"build/\n!build/keep.py", "build/keep.py", false, false},
      {"!build/keep.py\nbuild/", "build/keep.py", false, true},
      {"!keep.py\n*.py", "keep.py", false, true},
      {"*.py\n!keep.py\n*.py", "keep.py", false, true},
      {"gen/\n!gen", "gen", true, false},
      {"gen/\n!gen", "gen/x.py", false, false},  // "gen" names the folder and all below it
      {"!x.py\ngen/\n!gen/x.py", "gen/x.py", false, false},
      {"\\!literal.py", "!literal.py", false, true},
  };
  for (const Row& r : rows) {
    Gitignore g;
    g.AddLines(r.patterns);
    EXPECT_EQ(g.Ignored(r.path, r.is_dir), r.ignored) << "patterns='" << r.patterns << "' path=" << r.path;
  }
}

// The last matching pattern decides, whichever kind it is (the rows for that are in MatchesLikeGit), also across
// AddLines calls (the walker adds .gitignore, then --exclude globs).
TEST(Gitignore, LaterLinesDecide) {
  Gitignore twice;
  twice.AddLines("*.py");
  twice.AddLines("!keep.py");
  EXPECT_FALSE(twice.Ignored("app/keep.py", false));
  EXPECT_TRUE(twice.Ignored("app/drop.py", false));
}

// A long .gitignore (one pass over all its patterns) decides like a short one: the 150th of 200 names matches.
TEST(Gitignore, ManyPatterns) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "name" + std::to_string(i) + (i % 3 == 0 ? "/\n" : "\n");
  Gitignore g;
  g.AddLines(text);
  EXPECT_TRUE(g.Ignored("app/name150", true));
  EXPECT_TRUE(g.Ignored("app/name150/x.py", false));
  EXPECT_TRUE(g.Ignored("name151", false));
  EXPECT_FALSE(g.Ignored("name201", false));
  EXPECT_FALSE(g.Ignored("app/name150x.py", false));
}

}  // namespace
}  // namespace edgescan::walk
