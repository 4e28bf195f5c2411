// Branch guards on a parameter: a wrapper such as
//
//   def _make_api_request(self, method, endpoint):
//       url = f"{self.base_url}/{endpoint}"
//       if method.lower() == "get":
//           response = requests.get(url)
//       elif method.lower() == "delete":
//           response = requests.delete(url)
//
// makes a DELETE only for callers passing "delete". Each call site's URL is evaluated with the endpoints of the
// callers that can take its branch, not every caller's endpoint crossed with every method. Private to detect/.
#ifndef EDGESCAN_DETECT_INTERNAL_GUARDS_H_
#define EDGESCAN_DETECT_INTERNAL_GUARDS_H_

#include <optional>
#include <vector>

#include "facts/module_facts.h"
#include "resolve/repo_index.h"

namespace edgescan::detect::internal {

// An `if` test a statement runs under and the branch it is on (true: the body; false: the else / elif part).
struct Guard {
  const facts::Expr* test = nullptr;
  bool when = true;
};

// The tests of the `if` statements of `fn` (not of nested defs) enclosing the statement that holds `call`,
// outermost first, keeping only tests that read a parameter of `fn`. Empty when there is none or `call` is not in fn.
std::vector<Guard> ParameterGuards(const facts::Function& fn, const facts::Expr& call);

// What a guard test is for the arguments of one caller (`frame`): true or false when every value it compares is a
// known string (`==`, `!=`, `in`, `not in` against literals; `and`, `or`, `not`), nullopt otherwise.
std::optional<bool> GuardValue(const resolve::RepoIndex& ix, const facts::Expr& test, const resolve::Scope& scope,
                               const std::vector<resolve::CallFrame>& frame);

// The callers of `fn` that may run `call`: every caller, except those for which some guard is known to go the other
// way. `excluded` is set when at least one caller was left out. When only fn's own recursive calls take the branch,
// the outer callers that may run one of those recursive calls stay (what they pass reaches `call` through them);
// `through_recursion` (optional) receives those.
std::vector<const resolve::CallSite*> CallersThatMayRun(const resolve::RepoIndex& ix, const facts::Function& fn,
                                                        const facts::Expr& call, const resolve::Scope& scope,
                                                        bool* excluded,
                                                        std::vector<const resolve::CallSite*>* through_recursion = nullptr);

}  // namespace edgescan::detect::internal

#endif  // EDGESCAN_DETECT_INTERNAL_GUARDS_H_
