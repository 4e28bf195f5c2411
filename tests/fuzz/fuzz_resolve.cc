// libFuzzer target: arbitrary bytes as the settings, urlconf and client module of a tiny repo -> resolution
// (values, settings, types, call graph, urlconfs, beat schedules, cadence) and every detector (issue 9).
// The input is split at the first two NUL bytes: settings.py \0 urls.py \0 app.py.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "detect/detector.h"
#include "edges/edge_set.h"
#include "facts/extract.h"
#include "parse/python_parser.h"
#include "resolve/repo_index.h"
#include "ruleset/builtin.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static edgescan::parse::PythonParser parser(2'000'000);
  static const edgescan::ruleset::RuleSet rules = edgescan::ruleset::LoadRuleSet({}).value();
  std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts(3);
  size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    size_t nul = i < 2 ? input.find('\0', at) : std::string::npos;
    parts[i] = input.substr(at, nul == std::string::npos ? std::string::npos : nul - at);
    if (nul == std::string::npos) break;
    at = nul + 1;
  }
  const char* paths[] = {"proj/settings.py", "proj/urls.py", "proj/app.py"};
  std::vector<edgescan::facts::ModuleFacts> modules;
  for (int i = 0; i < 3; ++i) {
    auto parsed = parser.Parse(parts[i]);
    if (parsed.ok()) modules.push_back(edgescan::facts::ExtractFacts(*parsed, paths[i]));
  }
  edgescan::resolve::RepoIndex index(std::move(modules), rules);
  edgescan::Diagnostics diagnostics;
  edgescan::detect::DetectContext context{index, rules, "fuzz", &diagnostics};
  std::vector<edgescan::edges::Edge> edges = edgescan::detect::RunDetectors(context);
  edgescan::edges::Finalize(&edges);
  return 0;
}
