// libFuzzer target: arbitrary bytes as a small Django repo -> the urlconf resolver (ROOT_URLCONF, path/re_path/url,
// include() of modules, lists and tuples, routers, mutually including urlconfs) and the django_routes detector
// (issue 9). The input is a sequence of `path\0content\0` records (up to 8 files); paths are reduced to what the
// walker could produce (relative, [A-Za-z0-9_./-], ending in .py). Seeds: the fixtures' Django repos in this shape
// (tools/fuzz writes them).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "detect/detector.h"
#include "detect/internal/urlconf.h"
#include "edges/edge_set.h"
#include "facts/extract.h"
#include "parse/python_parser.h"
#include "resolve/repo_index.h"
#include "ruleset/builtin.h"

namespace {

std::string CleanPath(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '/' ||
              c == '.' || c == '-';
    if (!ok) continue;
    if (c == '/' && (out.empty() || out.back() == '/')) continue;
    out.push_back(c);
  }
  // No "." or ".." components: the walker never yields them.
  std::string clean;
  size_t at = 0;
  while (at <= out.size()) {
    size_t slash = out.find('/', at);
    std::string part = out.substr(at, slash == std::string::npos ? std::string::npos : slash - at);
    if (!part.empty() && part != "." && part != "..") clean += (clean.empty() ? "" : "/") + part;
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  if (clean.size() < 3 || clean.compare(clean.size() - 3, 3, ".py") != 0) clean += ".py";
  return clean;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static edgescan::parse::PythonParser parser(2'000'000);
  static const edgescan::ruleset::RuleSet rules = edgescan::ruleset::LoadRuleSet({}).value();
  std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<edgescan::facts::ModuleFacts> modules;
  std::vector<std::string> seen;
  size_t at = 0;
  while (at < input.size() && modules.size() < 8) {
    size_t nul = input.find('\0', at);
    if (nul == std::string::npos) break;
    std::string path = CleanPath(input.substr(at, nul - at));
    size_t end = input.find('\0', nul + 1);
    std::string content = input.substr(nul + 1, end == std::string::npos ? std::string::npos : end - nul - 1);
    at = end == std::string::npos ? input.size() : end + 1;
    bool duplicate = false;
    for (const std::string& p : seen) duplicate |= p == path;
    if (duplicate) continue;  // the walker yields each path once
    seen.push_back(path);
    auto parsed = parser.Parse(content);
    if (parsed.ok()) modules.push_back(edgescan::facts::ExtractFacts(*parsed, path));
  }
  edgescan::resolve::RepoIndex index(std::move(modules), rules);
  edgescan::Diagnostics diagnostics;
  edgescan::detect::DetectContext context{index, rules, "fuzz", &diagnostics};
  std::vector<edgescan::detect::internal::Route> routes = edgescan::detect::internal::ResolveUrlconf(context);
  size_t total = 0;
  for (const auto& r : routes) total += r.route.size() + r.chain.size() + r.view.actions.size();
  if (total == SIZE_MAX) __builtin_trap();  // keep the walk's results observable
  std::vector<edgescan::edges::Edge> edges = edgescan::detect::RunDetectors(context);
  edgescan::edges::Finalize(&edges);
  return 0;
}
