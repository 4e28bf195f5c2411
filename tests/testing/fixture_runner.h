// Test helpers: scan a fixture the way the CLI does and compare with its hand-written expectation.
#ifndef EDGESCAN_TESTS_TESTING_FIXTURE_RUNNER_H_
#define EDGESCAN_TESTS_TESTING_FIXTURE_RUNNER_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scan.h"

namespace edgescan::testing {

// Project source folder (tests run with it as working directory).
std::string SourceDir();
// Path of the built edgescan binary.
std::string Binary();

// Scans `root` (relative to the source dir, e.g. "fixtures/django-shop") with timing off and returns the json
// document exactly as `edgescan scan ROOT --no-timing` prints it.
std::string ScanToJson(const std::string& root, int jobs = 1, const std::vector<std::string>& rules_dirs = {});

// A GoogleTest parameter name for a string parameter: every character that is not a letter or digit becomes '_'.
std::string ParamName(const ::testing::TestParamInfo<std::string>& info);

// Every fixtures/<name>/ folder holding an expected.json, sorted.
std::vector<std::string> FixtureNames();

std::string ReadFileOrDie(const std::string& path);
void WriteFileOrDie(const std::string& path, const std::string& text);

// A fresh temporary folder, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs a shell command, returns its exit status and fills stdout.
int RunCommand(const std::string& command, std::string* out);

// A readable line diff of two texts (first differing lines), for failure messages.
std::string FirstDifference(const std::string& expected, const std::string& actual);

}  // namespace edgescan::testing

#endif  // EDGESCAN_TESTS_TESTING_FIXTURE_RUNNER_H_

#include <map>
#include <memory>

#include "facts/module_facts.h"
#include "resolve/repo_index.h"
#include "ruleset/rule.h"

namespace edgescan::testing {

// Parses in-memory files (path -> source) into ModuleFacts.
facts::ModuleFacts FactsFor(const std::string& path, const std::string& source);

// A RepoIndex over in-memory files with the built-in rules.
struct TestRepo {
  std::unique_ptr<ruleset::RuleSet> rules;
  std::unique_ptr<resolve::RepoIndex> index;
  // The module-level assignment `name = ...` of `path`'s module, evaluated.
  resolve::Value ValueOf(const std::string& module, const std::string& name) const;
  // The first call in function `qualname` whose callee's dotted text is `callee`.
  const facts::Expr* FindCall(const std::string& function_qualname, const std::string& callee,
                              resolve::Scope* scope) const;
};
TestRepo MakeRepo(const std::map<std::string, std::string>& files);

}  // namespace edgescan::testing
