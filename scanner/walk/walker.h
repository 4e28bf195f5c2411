// Walk: scan root + options -> the sorted list of Python files to scan.
//
// Owns what is *not* scanned: .git, virtualenvs (venv, .venv, any folder holding pyvenv.cfg), node_modules,
// __pycache__, migrations, test code (tests/, test/, fixtures/ (pytest fixture packages), test_*.py, *_test.py,
// tests.py, conftest.py) unless include_tests, files
// matched by the root's .gitignore, and files over max_file_bytes. Symlinks are never followed: a link inside the
// root leads to files the walk reaches anyway; one that leaves the root, dangles or loops gets a diagnostic.
// Unreadable folders give a diagnostic and the walk goes on.
//
//   WalkOptions o; o.root = "checkout";
//   WalkResult r = Walk(o);   // r.files sorted by relative path, r.diagnostics, r.skipped
#ifndef EDGESCAN_WALK_WALKER_H_
#define EDGESCAN_WALK_WALKER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/status.h"

namespace edgescan::walk {

struct WalkOptions {
  std::string root;
  bool include_tests = false;
  bool include_scripts = false;  // the root's scripts/ folder (developers' and operators' tools) is skipped
  uint64_t max_file_bytes = 8u << 20;  // larger files are skipped with a diagnostic
  std::vector<std::string> exclude_globs;  // gitignore-style patterns, relative to the root
  std::vector<std::string> include_globs;  // when any: only files matching one of them (gitignore-style) are scanned
};

struct SourceFile {
  std::string path;      // relative to the root, '/' separators
  std::string abs_path;  // as opened
  uint64_t size = 0;
};

struct WalkResult {
  std::vector<SourceFile> files;  // sorted by path
  Diagnostics diagnostics;
  int skipped = 0;  // files seen but not scanned (too large, ignored, tests, links)
};

// Fails only when the root itself cannot be read (exit code 3 at the CLI).
StatusOr<WalkResult> Walk(const WalkOptions& options);

// True when a relative path is test code by the rules above.
bool IsTestPath(const std::string& relative_path);

}  // namespace edgescan::walk

#endif  // EDGESCAN_WALK_WALKER_H_
