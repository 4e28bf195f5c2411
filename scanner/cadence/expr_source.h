// ExprSource: a facts::Expr written back as Python source, for evidence and messages.
//
// facts/ keeps no source text, so a schedule spread over several lines (`crontab(\n minute=0,\n hour=3)`) is
// rebuilt from the syntax model: `crontab(minute=0, hour=3)`. Strings come out as Python's repr() writes them
// (single quotes), numbers as spelled, operators with the parentheses precedence needs. What the model dropped
// comes out as a placeholder: lambda parameters (`lambda: x`), comprehension clauses (`[...]`), slice parts,
// comparison operators when facts did not record them (`a ? b`).
//
// Bounded: nesting is bounded by facts::kMaxExprDepth, and the text is cut at `max_chars` with "…".
#ifndef EDGESCAN_CADENCE_EXPR_SOURCE_H_
#define EDGESCAN_CADENCE_EXPR_SOURCE_H_

#include <string>
#include <string_view>

#include "facts/module_facts.h"

namespace edgescan::cadence {

std::string ExprSource(const facts::Expr& e, size_t max_chars = 200);

// Python's repr() of a str: 'it''s' -> "it's" in double quotes when it holds a single quote and no double quote.
std::string PythonRepr(std::string_view s);

}  // namespace edgescan::cadence

#endif  // EDGESCAN_CADENCE_EXPR_SOURCE_H_
