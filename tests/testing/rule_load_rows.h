// One table check for rule-file tests (tests/ruleset/): each row is a rule file's text and the error it must give,
// "file:line: field: what to do" (or "" when it must load), as ruleset/loader.cc reports it.
//
//   const RuleLoadRow rows[] = {{"{\"id\": \"http-x\"}", ""}, {"{\n  \"id\": \"HTTP x\"\n}", "r.json:2: id: ..."}};
//   ExpectRuleLoadRows(rows);
#ifndef EDGESCAN_TESTS_TESTING_RULE_LOAD_ROWS_H_
#define EDGESCAN_TESTS_TESTING_RULE_LOAD_ROWS_H_

#include <gtest/gtest.h>

#include <functional>
#include <span>
#include <string>

#include "ruleset/builtin.h"

namespace edgescan::testing {

struct RuleLoadRow {
  const char* text;
  const char* error;  // substring expected in the message ("" = loads)
};

// Loads each row's text as "r.json" into a fresh RuleSet and checks the outcome; `check_loaded`, when given, looks
// into each RuleSet that loaded.
inline void ExpectRuleLoadRows(std::span<const RuleLoadRow> rows,
                               const std::function<void(const ruleset::RuleSet&)>& check_loaded = {}) {
  for (const RuleLoadRow& r : rows) {
    ruleset::RuleSet set;
    Status s = ruleset::LoadRuleText("r.json", r.text, &set);
    if (std::string(r.error).empty()) {
      EXPECT_TRUE(s.ok()) << s.message();
      if (s.ok() && check_loaded) check_loaded(set);
    } else {
      EXPECT_FALSE(s.ok()) << r.text;
      EXPECT_NE(s.message().find(r.error), std::string::npos) << "got: " << s.message();
    }
  }
}

}  // namespace edgescan::testing

#endif  // EDGESCAN_TESTS_TESTING_RULE_LOAD_ROWS_H_
