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
  };
  for (const Row& r : rows) {
    Gitignore g;
    g.AddLines(r.patterns);
    EXPECT_EQ(g.Ignored(r.path, r.is_dir), r.ignored) << "patterns='" << r.patterns << "' path=" << r.path;
  }
}

}  // namespace
}  // namespace edgescan::walk
