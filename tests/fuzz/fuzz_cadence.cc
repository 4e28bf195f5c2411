// libFuzzer target: arbitrary bytes as the schedule of a Celery beat entry -> cadence normaliser through the
// celery_beat detector (issue 9).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "detect/detector.h"
#include "facts/extract.h"
#include "parse/python_parser.h"
#include "resolve/repo_index.h"
#include "ruleset/builtin.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static edgescan::parse::PythonParser parser(2'000'000);
  static const edgescan::ruleset::RuleSet rules = edgescan::ruleset::LoadRuleSet({}).value();
  std::string schedule(reinterpret_cast<const char*>(data), size);
  std::string settings =
      "from datetime import timedelta\nfrom celery.schedules import crontab, solar, schedule\n"
      "from mitol.common.envs import get_int, get_string\nCELERY_TIMEZONE = 'UTC'\n"
      "CELERY_BEAT_SCHEDULE = {'entry': {'task': 'app.tasks.run', 'schedule': " + schedule + "}}\n";
  std::vector<edgescan::facts::ModuleFacts> modules;
  auto parsed = parser.Parse(settings);
  if (parsed.ok()) modules.push_back(edgescan::facts::ExtractFacts(*parsed, "proj/settings.py"));
  edgescan::resolve::RepoIndex index(std::move(modules), rules);
  edgescan::Diagnostics diagnostics;
  edgescan::detect::DetectContext context{index, rules, "fuzz", &diagnostics};
  edgescan::detect::RunDetectors(context);
  return 0;
}
