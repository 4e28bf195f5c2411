#include "testing/fixture_runner.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "output/json_writer.h"

namespace edgescan::testing {

std::string SourceDir() { return EDGESCAN_SOURCE_DIR; }
std::string Binary() { return EDGESCAN_BINARY; }

std::string ScanToJson(const std::string& root, int jobs, const std::vector<std::string>& rules_dirs) {
  ScanOptions o;
  o.root = root;
  o.jobs = jobs;
  o.timing = false;
  o.rules_dirs = rules_dirs;
  StatusOr<edges::ScanResult> r = Scan(o);
  if (!r.ok()) {
    ADD_FAILURE() << "scan of " << root << " failed: " << r.status().message();
    return "";
  }
  return output::WriteJson(*r, "0.1.0");
}

std::string ParamName(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  for (char& c : n) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

std::vector<std::string> FixtureNames() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/fixtures", ec)) {
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "expected.json")) {
      out.push_back(entry.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFileOrDie(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "edgescan-test-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  char* made = mkdtemp(buf.data());
  path_ = made != nullptr ? made : "";
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  // Undo permission changes tests make, then remove.
  for (auto it = std::filesystem::recursive_directory_iterator(
           path_, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
  }
  std::filesystem::remove_all(path_, ec);
}

int RunCommand(const std::string& command, std::string* out) {
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return -1;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  int status = pclose(p);
  if (out != nullptr) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  int line = 0;
  while (true) {
    bool ga = static_cast<bool>(std::getline(a, la));
    bool gb = static_cast<bool>(std::getline(b, lb));
    ++line;
    if (!ga && !gb) return "(identical)";
    if (!ga || !gb || la != lb) {
      return "first difference at line " + std::to_string(line) + ":\n  expected: " + (ga ? la : "<end>") +
             "\n  actual:   " + (gb ? lb : "<end>");
    }
  }
}

}  // namespace edgescan::testing

#include "facts/extract.h"
#include "parse/python_parser.h"
#include "ruleset/builtin.h"

namespace edgescan::testing {

facts::ModuleFacts FactsFor(const std::string& path, const std::string& source) {
  parse::PythonParser parser;
  StatusOr<parse::ParsedModule> parsed = parser.Parse(source);
  if (!parsed.ok()) {
    ADD_FAILURE() << "parse failed: " << parsed.status().message();
    return facts::ModuleFacts{};
  }
  return facts::ExtractFacts(*parsed, path);
}

TestRepo MakeRepo(const std::map<std::string, std::string>& files) {
  TestRepo repo;
  StatusOr<ruleset::RuleSet> rules = ruleset::LoadRuleSet({});
  if (!rules.ok()) ADD_FAILURE() << rules.status().message();
  repo.rules = std::make_unique<ruleset::RuleSet>(std::move(rules).value());
  std::vector<facts::ModuleFacts> modules;
  for (const auto& [path, source] : files) modules.push_back(FactsFor(path, source));
  repo.index = std::make_unique<resolve::RepoIndex>(std::move(modules), *repo.rules);
  return repo;
}

resolve::Value TestRepo::ValueOf(const std::string& module, const std::string& name) const {
  const facts::ModuleFacts* m = index->Module(module);
  if (m == nullptr) {
    ADD_FAILURE() << "no module " << module;
    return resolve::Value{};
  }
  const facts::ModuleFacts* where = nullptr;
  const facts::Expr* e = index->ModuleBinding(*m, name, &where);
  if (e == nullptr) {
    ADD_FAILURE() << "no binding " << name << " in " << module;
    return resolve::Value{};
  }
  return index->Evaluate(*e, index->ScopeOf(*where, nullptr));
}

const facts::Expr* TestRepo::FindCall(const std::string& qualname, const std::string& callee,
                                      resolve::Scope* scope) const {
  for (const resolve::CallSite& site : index->call_sites()) {
    if (site.caller() == qualname && site.call->children[0].dotted() == callee) {
      if (scope != nullptr) *scope = site.scope;
      return site.call;
    }
  }
  ADD_FAILURE() << "no call " << callee << " in " << qualname;
  return nullptr;
}

}  // namespace edgescan::testing
