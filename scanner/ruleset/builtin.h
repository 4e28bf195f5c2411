// The default rules compiled into the binary (generated from rules/ by embed_rules.cmake) and the loader entry
// points. LoadRuleSet(extra_dirs) = builtin rules + every *.json under each --rules DIR, in sorted path order.
#ifndef EDGESCAN_RULESET_BUILTIN_H_
#define EDGESCAN_RULESET_BUILTIN_H_

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "ruleset/rule.h"

namespace edgescan::ruleset {

struct EmbeddedRuleFile {
  const char* path;
  const char* text;
};

const std::vector<EmbeddedRuleFile>& BuiltinRuleFiles();
// The built-in rules' fixtures, for `edgescan rules test`: "rules/http/requests.py" and
// "rules/http/requests.expected.json" beside "rules/http/requests.json".
const std::vector<EmbeddedRuleFile>& BuiltinRuleFixtures();

// Parses one rule file's text into `out`. Errors read "path:line: field: what to do".
Status LoadRuleText(const std::string& path, const std::string& text, RuleSet* out);

// The rule files in force, read but not parsed: enough for the rules hash (cache keys, --version), which a rescan
// whose stored result is still good needs without paying for parsing rules and compiling their patterns.
struct RuleTexts {
  std::vector<std::pair<std::string, std::string>> files;  // (path, text), builtin first, then by sorted path
  std::string hash;                                        // FNV-1a 64 of every path and text, hex
};
StatusOr<RuleTexts> ReadRuleTexts(const std::vector<std::string>& extra_dirs, bool skip_builtin = false);
// Parses what ReadRuleTexts read (rules.hash = texts.hash).
StatusOr<RuleSet> ParseRuleTexts(const RuleTexts& texts);

// Builtin rules (unless skip_builtin) plus every *.json under each directory, sorted by path:
// ParseRuleTexts(ReadRuleTexts(...)).
StatusOr<RuleSet> LoadRuleSet(const std::vector<std::string>& extra_dirs, bool skip_builtin = false);

}  // namespace edgescan::ruleset

#endif  // EDGESCAN_RULESET_BUILTIN_H_
