// Function-local bindings, flow-insensitively: the assignment to a name that reaches a line. Private to resolve/.
#ifndef EDGESCAN_RESOLVE_INTERNAL_LOCALS_H_
#define EDGESCAN_RESOLVE_INTERNAL_LOCALS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "facts/module_facts.h"

namespace edgescan::resolve {

// Statements of a body in source order, descending into blocks but not into nested defs/classes.
void FlattenBody(const std::vector<facts::Stmt>& stmts, std::vector<const facts::Stmt*>* out, int depth = 0);

struct LocalBinding {
  const facts::Expr* value = nullptr;  // the assigned expression (element of a parallel tuple assignment)
  const facts::Expr* with_item = nullptr;  // `with X as name`: X
  bool shadowed = false;  // bound in a way we cannot evaluate (loop target, unpacking)
  const facts::Expr* loop_iterable = nullptr;  // `for name in X` / `for k, v in X`: X
  int loop_index = -1;  // -1: the name is the whole loop target; i: it is part i of each element (`for k, v in X`)
  bool augmented = false;  // `name += text`: value is the made-up `name + text`
};

// Every statement of a function that binds a name (assignment and unpacking targets, `with ... as`, loop
// targets), flattened once per function: entries grouped by name, in body order within a name, with the block that
// holds each statement (block 0 is the body; parents[b] encloses block b, parents[0] = -1).
struct LocalsIndex {
  struct Entry {
    std::string_view name;
    const facts::Stmt* stmt;
    int block;
    LocalBinding binding;
    int last_line;  // the last line of the statement's own expressions (not of its body)
  };
  std::vector<Entry> entries;
  std::vector<int> parents;
  // Every statement's first line and block, in source order (to find the block a use sits in).
  std::vector<std::pair<int, int>> lines;
  // Per block: for the body of an `if` with an `else`, that else block; for an else block, the body block it is the
  // alternative of; -1 otherwise (elif chains nest: each elif is an `if` inside the else block).
  std::vector<int> other_branch;
  std::vector<bool> is_else;
  // Values made up for bindings the source writes another way: `url += "/x"` binds url to `url + "/x"` (its `url`
  // read on the statement's line, so it is the binding from before).
  std::vector<std::unique_ptr<facts::Expr>> made;
};
LocalsIndex IndexLocals(const facts::Function& fn);

// The bindings of `name` in the indexed function that may reach `line`: the last unconditional one before it plus
// every conditional one after that (`url = a` then `if x: url = b` reaches as a or b). When none precedes the line,
// every binding (a loop may carry one around). Empty when the function never binds the name.
// `*falls_through` (when given) tells whether the name may still hold the value it had on entry at `line`: no
// binding before it runs on every way there (`if url is None: url = DEFAULT` keeps what a caller passed).
std::vector<LocalBinding> FindLocals(const LocalsIndex& locals, std::string_view name, int line,
                                     bool* falls_through = nullptr);

// The first of FindLocals, or an empty binding.
LocalBinding FindLocal(const LocalsIndex& locals, std::string_view name, int line);

}  // namespace edgescan::resolve

#endif  // EDGESCAN_RESOLVE_INTERNAL_LOCALS_H_
