// libFuzzer target: arbitrary bytes as a rule file -> the rules loader (issue 9). Errors are fine; crashes are not.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ruleset/builtin.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  edgescan::ruleset::RuleSet rules;
  edgescan::ruleset::LoadRuleText("fuzz.json", std::string(reinterpret_cast<const char*>(data), size), &rules);
  return 0;
}
