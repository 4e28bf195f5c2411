// The default rules compiled into the binary (generated from rules/ by embed_rules.cmake) and the loader entry
// points. LoadRuleSet(extra_dirs) = builtin rules + every *.json under each --rules DIR, in sorted path order.
#ifndef EDGESCAN_RULESET_BUILTIN_H_
#define EDGESCAN_RULESET_BUILTIN_H_

#include <string>
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

// Builtin rules (unless skip_builtin) plus every *.json under each directory, sorted by path.
StatusOr<RuleSet> LoadRuleSet(const std::vector<std::string>& extra_dirs, bool skip_builtin = false);

}  // namespace edgescan::ruleset

#endif  // EDGESCAN_RULESET_BUILTIN_H_
