// Function-local bindings (resolve/internal/locals.h): which assignments of a name reach a line. One function, one
// table of (name, line) questions, each with the source text of the bindings expected, nearest first.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "resolve/internal/locals.h"
#include "testing/fixture_runner.h"

namespace edgescan::resolve {
namespace {

const char* kSource =
    "def f(items, flag):\n"              // 1
    "    url = 'https://a.org'\n"         // 2
    "    if flag:\n"                      // 3
    "        url = 'https://b.org'\n"     // 4
    "    else:\n"                         // 5
    "        url = 'https://c.org'\n"     // 6
    "    use(url)\n"                      // 7
    "    url = 'https://d.org'\n"         // 8
    "    use(url)\n"                      // 9
    "    host, port = 'h.org', 80\n"      // 10
    "    a, b = pair()\n"                 // 11
    "    with open('x') as fh:\n"         // 12
    "        pass\n"                      // 13
    "    for k, v in items:\n"            // 14
    "        total = k + k\n"             // 15
    "    for row in items:\n"             // 16
    "        pass\n"                      // 17
    "    for k, k in items:\n"            // 18
    "        pass\n"                      // 19
    "    def inner():\n"                  // 20
    "        hidden = 1\n"                // 21
    "    return url\n";                   // 22

struct Row {
  const char* name;
  int line;
  // One entry per binding, nearest first: "=" + the line of the bound expression, "with@" + the line of the with
  // item, "loop@" + the line of the iterable (with "[i]" when the name is part i of each element), or "shadowed".
  std::vector<std::string> expected;
};

std::string Describe(const LocalBinding& b) {
  if (b.value != nullptr) return "=" + std::to_string(b.value->line);
  if (b.with_item != nullptr) return "with@" + std::to_string(b.with_item->line);
  if (b.loop_iterable != nullptr) {
    return "loop@" + std::to_string(b.loop_iterable->line) +
           (b.loop_index >= 0 ? "[" + std::to_string(b.loop_index) + "]" : "");
  }
  return b.shadowed ? "shadowed" : "?";
}

// Every row's bindings (FindLocals, nearest first) and the nearest one alone (FindLocal).
template <size_t N>
void ExpectRows(const LocalsIndex& index, const Row (&rows)[N]) {
  for (const Row& row : rows) {
    std::vector<std::string> got;
    for (const LocalBinding& b : FindLocals(index, row.name, row.line)) got.push_back(Describe(b));
    EXPECT_EQ(got, row.expected) << row.name << " at line " << row.line;
    LocalBinding first = FindLocal(index, row.name, row.line);
    EXPECT_EQ(row.expected.empty() ? "?" : row.expected.front(), Describe(first)) << row.name << " at line " << row.line;
  }
}

TEST(Locals, BindingsThatReachALine) {
  facts::ModuleFacts m = testing::FactsFor("app/f.py", kSource);
  ASSERT_FALSE(m.functions.empty());
  const facts::Function& f = m.functions[0];
  ASSERT_EQ(f.name, "f");
  LocalsIndex index = IndexLocals(f);
  const Row rows[] = {
      // Before the if: only the first assignment.
      {"url", 3, {"=2"}},
      // After the if/else: both branches reach (latest first), and so does the one before the if (branches are
      // conditional: nothing says one of them always runs).
      {"url", 7, {"=6", "=4", "=2"}},
      // An unconditional rebinding at the function's level replaces everything before it.
      {"url", 9, {"=8"}},
      // Before any binding: every binding of the name (a loop may carry one around), latest first.
      {"url", 1, {"=8", "=6", "=4", "=2"}},
      // Parallel tuple assignment: the element; unpacking a call: shadowed.
      {"host", 11, {"=10"}},
      {"port", 11, {"=10"}},
      {"a", 12, {"shadowed"}},
      // `with X as name`: X.
      {"fh", 13, {"with@12"}},
      // Loop targets: a name in a tuple target is that part of each element, once per statement however often it
      // is named (the last part it names wins, as in Python).
      {"k", 16, {"loop@14[0]"}},
      {"v", 16, {"loop@14[1]"}},
      {"k", 1, {"loop@18[1]", "loop@14[0]"}},
      {"row", 17, {"loop@16"}},
      // Bound inside a loop body.
      {"total", 16, {"=15"}},
      // Nested defs are their own scope; parameters are not bindings; unknown names have none.
      {"hidden", 22, {}},
      {"flag", 22, {}},
      {"nothing", 22, {}},
  };
  ExpectRows(index, rows);
}

// Comprehension targets bind at their statement, like loop targets (the comprehension's own scope is not told
// apart); a nested comprehension's targets too.
TEST(Locals, ComprehensionTargetsAreLoopBindings) {
  const char* source =
      "def g(portals, pages):\n"                                                // 1
      "    urls = [fetch(u) for u in pages if u]\n"                             // 2
      "    chosen = {name: url for name, url in portals.items()}\n"             // 3
      "    flat = [c for row in grid(pages) for c in row]\n"                    // 4
      "    return urls\n";                                                      // 5
  facts::ModuleFacts m = testing::FactsFor("app/g.py", source);
  ASSERT_FALSE(m.functions.empty());
  LocalsIndex index = IndexLocals(m.functions[0]);
  const Row rows[] = {
      {"u", 2, {"loop@2"}},
      {"name", 3, {"loop@3[0]"}},
      {"url", 3, {"loop@3[1]"}},
      {"row", 4, {"loop@4"}},
      {"c", 4, {"loop@4"}},
      {"urls", 5, {"=2"}},
  };
  ExpectRows(index, rows);
}

}  // namespace
}  // namespace edgescan::resolve
