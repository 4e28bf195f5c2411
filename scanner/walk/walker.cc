#include "walk/walker.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "walk/gitignore.h"

namespace edgescan::walk {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Hidden folders (`.git`, `.venv`, `.tox`, `.github` CI scripts, `.semgrep` rule test cases) hold no service code:
// saleor's `.semgrep/` gave 62 `requests.get("https://foo")` edges.
bool SkippedDirName(const std::string& name) {
  if (!name.empty() && name[0] == '.') return true;
  static const char* const kSkip[] = {"venv", "node_modules", "__pycache__", "migrations", "site-packages"};
  for (const char* s : kSkip) {
    if (name == s) return true;
  }
  return false;
}

class Walker {
 public:
  explicit Walker(const WalkOptions& o) : options_(o) {}

  StatusOr<WalkResult> Run() {
    struct stat st;
    if (stat(options_.root.c_str(), &st) != 0) {
      return NotFoundError("cannot read scan root '" + options_.root + "': " + std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) return InvalidArgumentError("scan root '" + options_.root + "' is not a folder");
    DIR* probe = opendir(options_.root.c_str());
    if (probe == nullptr) {
      return NotFoundError("cannot read scan root '" + options_.root + "': " + std::strerror(errno));
    }
    closedir(probe);
    char real[PATH_MAX];
    if (realpath(options_.root.c_str(), real) != nullptr) root_real_ = real;
    std::ifstream gi(options_.root + "/.gitignore", std::ios::binary);
    if (gi) {
      std::stringstream ss;
      ss << gi.rdbuf();
      std::vector<std::string> bad;
      gitignore_.AddLines(ss.str(), &bad);
      for (const std::string& b : bad) {
        result_.diagnostics.push_back({".gitignore", 0, "info", "pattern not understood, ignored: " + b});
      }
    }
    for (const std::string& g : options_.exclude_globs) excludes_.AddLines(g);
    for (const std::string& g : options_.include_globs) includes_.AddLines(g);
    Dir(options_.root, "", 0);
    std::sort(result_.files.begin(), result_.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    return std::move(result_);
  }

 private:
  void Dir(const std::string& abs, const std::string& rel, int depth) {
    if (depth > 64) {
      result_.diagnostics.push_back({rel, 0, "warning", "folder nesting deeper than 64 levels; not descended"});
      return;
    }
    DIR* d = opendir(abs.c_str());
    if (d == nullptr) {
      result_.diagnostics.push_back({rel, 0, "warning", std::string("cannot read folder: ") + std::strerror(errno)});
      return;
    }
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      names.push_back(std::move(name));
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    if (!rel.empty() && std::binary_search(names.begin(), names.end(), std::string("pyvenv.cfg"))) return;
    for (const std::string& name : names) {
      std::string child_abs = abs + "/" + name;
      std::string child_rel = rel.empty() ? name : rel + "/" + name;
      struct stat st;
      if (lstat(child_abs.c_str(), &st) != 0) {
        result_.diagnostics.push_back({child_rel, 0, "warning", std::string("cannot stat: ") + std::strerror(errno)});
        continue;
      }
      if (S_ISLNK(st.st_mode)) {
        Link(child_abs, child_rel);
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        if (SkippedDirName(name)) continue;
        if (!options_.include_tests && (name == "tests" || name == "test" || name == "fixtures")) continue;
        // The root's scripts/ folder holds developers' and operators' tools (a laptop's import or replay script
        // calling production by its hardcoded host), not the service's own edges.
        if (!options_.include_scripts && rel.empty() && name == "scripts") continue;
        if (gitignore_.Ignored(child_rel, true) || excludes_.Ignored(child_rel, true)) continue;
        Dir(child_abs, child_rel, depth + 1);
        continue;
      }
      if (!S_ISREG(st.st_mode) || !EndsWith(name, ".py")) continue;
      if (!options_.include_tests && IsTestPath(child_rel)) {
        ++result_.skipped;
        continue;
      }
      if (gitignore_.Ignored(child_rel, false) || excludes_.Ignored(child_rel, false) ||
          (!options_.include_globs.empty() && !includes_.Ignored(child_rel, false))) {
        ++result_.skipped;
        continue;
      }
      if (static_cast<uint64_t>(st.st_size) > options_.max_file_bytes) {
        ++result_.skipped;
        result_.diagnostics.push_back({child_rel, 0, "warning",
                                       "file of " + std::to_string(st.st_size) + " bytes exceeds --max-file-size (" +
                                           std::to_string(options_.max_file_bytes) + "); not scanned"});
        continue;
      }
      result_.files.push_back({child_rel, child_abs, static_cast<uint64_t>(st.st_size)});
    }
  }

  // Links are never followed. Say so only where it matters: a link to a .py file or folder leading out of the
  // root, dangling, or looping (a target inside the root is scanned at its own path).
  void Link(const std::string& abs, const std::string& rel) {
    char real[PATH_MAX];
    if (realpath(abs.c_str(), real) == nullptr) {
      if (EndsWith(rel, ".py") || errno == ELOOP) {
        ++result_.skipped;
        result_.diagnostics.push_back(
            {rel, 0, "info", std::string("symbolic link not followed: ") + std::strerror(errno)});
      }
      return;
    }
    std::string target = real;
    bool inside = !root_real_.empty() &&
                  (target == root_real_ || target.rfind(root_real_ + "/", 0) == 0);
    struct stat st;
    bool is_dir = stat(abs.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    if (!is_dir && !EndsWith(rel, ".py")) return;
    ++result_.skipped;
    if (!inside) {
      result_.diagnostics.push_back({rel, 0, "info", "symbolic link leads out of the scan root; not followed"});
    } else if (is_dir && (root_real_ == target || (root_real_ + "/" + rel).rfind(target + "/", 0) == 0)) {
      result_.diagnostics.push_back({rel, 0, "info", "symbolic link loops back to a parent folder; not followed"});
    }
  }

  const WalkOptions& options_;
  std::string root_real_;
  Gitignore gitignore_;
  Gitignore excludes_;
  Gitignore includes_;  // "ignored" by it = included
  WalkResult result_;
};

}  // namespace

bool IsTestPath(const std::string& rel) {
  std::string name = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
  if (name == "conftest.py") return true;
  if (name.rfind("test_", 0) == 0 && EndsWith(name, ".py")) return true;
  if (EndsWith(name, "_test.py") || name == "tests.py") return true;
  // A folder of tests: tests/, test/, fixtures/, e2e/, or any *_tests/ / *-tests/ (integration_tests,
  // acceptance_tests, playwright_tests, functional-tests ...).
  size_t start = 0;
  for (size_t slash = rel.find('/'); slash != std::string::npos; start = slash + 1, slash = rel.find('/', start)) {
    std::string_view dir(rel.data() + start, slash - start);
    if (dir == "tests" || dir == "test" || dir == "fixtures" || dir == "e2e") return true;
    if (dir.size() > 6 && (EndsWith(dir, "_tests") || EndsWith(dir, "-tests"))) return true;
  }
  return false;
}

StatusOr<WalkResult> Walk(const WalkOptions& options) { return Walker(options).Run(); }

}  // namespace edgescan::walk
