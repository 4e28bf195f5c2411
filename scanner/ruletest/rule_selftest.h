// Rule self-tests (issue 4): every rule file is tested by the fixture beside it, as cppcheck tests cfg/libcurl.cfg
// with test/cfg/libcurl.c and semgrep-rules test use-timeout.yaml with use-timeout.py.
//
// For rules/<family>/<name>.json the fixture is rules/<family>/<name>.py and its expected edges
// rules/<family>/<name>.expected.json. The fixture is scanned alone, in a temporary folder, at
// rules/<family>/<name>.py (so `import requests` is never shadowed by the fixture itself), with the rules in force
// (built-in, plus --rules DIR when testing DIR). Then:
//   - every `# edge: <kind> [<callee>]` comment must be matched by an edge of that kind (and resolved callee, e.g.
//     "requests.Session.get") on the next code line ("missing" otherwise);
//   - every `# ok: <kind>` comment: no edge of that kind on the next code line ("noisy" otherwise);
//   - every edge must be announced by an `# edge:` comment on the line above its call ("noisy" otherwise);
//   - `# todo: <kind> ...` marks a known gap: reported, never failing;
//   - the edges, projected to the fields a rule decides (line, kind, callee, method, url, template, peer, transport,
//     brittle, confidence), must equal the hand-written .expected.json array, in output order.
// A client-library rule (one with functions or classes) without a fixture fails; other rule files (env getters,
// hosts, url literals, Django) are tested when they have one.
//
//   StatusOr<RuleTestReport> r = RunRuleTests("");            // the built-in rules and fixtures
//   StatusOr<RuleTestReport> r = RunRuleTests("my-rules/");   // every rule file under my-rules/
//   if (r.ok() && r->ok()) ...
// Fails (Status) only when the rules cannot be loaded at all (the loader's "file:line: field: what to do").
#ifndef EDGESCAN_RULETEST_RULE_SELFTEST_H_
#define EDGESCAN_RULETEST_RULE_SELFTEST_H_

#include <string>
#include <vector>

#include "core/status.h"

namespace edgescan::ruletest {

struct RuleFileResult {
  std::string rule_file;              // "rules/http/requests.json"
  std::string fixture;                // "rules/http/requests.py", "" when there is none
  bool passed = false;
  int edges = 0;                      // edges the fixture produced
  std::vector<std::string> failures;  // "rules/http/requests.py:12: missing: http_call requests.get"
  std::vector<std::string> notes;     // todo marks, rule files without fixtures that need none
};

struct RuleTestReport {
  std::vector<RuleFileResult> files;  // in rule file order
  bool ok() const;
  // One line per rule file ("ok   rules/http/requests.json (14 edges)" / "FAIL ...") and its failures.
  std::string Summary() const;
};

// One rule file's fixture: `fixture_text` scanned as `fixture_path`, checked against its annotations and
// `expected_text` ("" = no expected file, itself a failure). `rules_dirs` are loaded after the built-in rules.
RuleFileResult TestRuleFixture(const std::string& rule_file, const std::string& fixture_path,
                               const std::string& fixture_text, const std::string& expected_text,
                               const std::vector<std::string>& rules_dirs);

// One built-in rule file ("rules/http/requests.json") with its built-in fixture.
RuleFileResult TestBuiltinRuleFile(const std::string& rule_file);

// `dir` empty: the built-in rules with their built-in fixtures. Else every *.json rule file under `dir` (sorted),
// each with the fixture beside it, the built-in rules loaded too (as `scan --rules DIR` would).
StatusOr<RuleTestReport> RunRuleTests(const std::string& dir);

}  // namespace edgescan::ruletest

#endif  // EDGESCAN_RULETEST_RULE_SELFTEST_H_
