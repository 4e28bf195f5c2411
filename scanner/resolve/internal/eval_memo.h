// Memo tables for RepoIndex's lazy questions (values, types). Private to resolve/.
#ifndef EDGESCAN_RESOLVE_INTERNAL_EVAL_MEMO_H_
#define EDGESCAN_RESOLVE_INTERNAL_EVAL_MEMO_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "facts/module_facts.h"
#include "resolve/repo_index.h"
#include "resolve/value.h"

namespace edgescan::resolve {

struct EvalMemo {
  using Key = std::pair<const facts::Expr*, const facts::Function*>;
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<const void*>{}(k.first) * 31 + std::hash<const void*>{}(k.second);
    }
  };
  // Looked up by key only, never walked: hashed.
  std::unordered_map<Key, std::vector<Value>, KeyHash> values;
  std::unordered_set<Key, KeyHash> values_in_progress;
  std::unordered_map<Key, std::optional<ObjectType>, KeyHash> types;
  std::unordered_set<Key, KeyHash> types_in_progress;
  std::unordered_map<Key, std::optional<ObjectType>, KeyHash> elements;  // element types (objects.cc Element)
  std::unordered_set<Key, KeyHash> elements_in_progress;
  std::map<std::string, std::optional<Value>, std::less<>> settings;
  std::set<std::string, std::less<>> settings_in_progress;
  // Object tracking (objects.cc): internal classes by the qualified names of their bases, built on first use.
  std::map<std::string, std::vector<std::string>, std::less<>> subclasses;
  bool subclasses_built = false;
  // Django's reverse one-to-one accessors: `related_name` (or the model's lower-case name) -> the model holding the
  // OneToOneField; "" when two models claim the name. Built on first use.
  std::map<std::string, std::string, std::less<>> reverse_one_to_one;
  bool reverse_one_to_one_built = false;
  // Internal classes some call site constructs (`Client()`), built on first use (values.cc SelfAttribute).
  std::set<std::string, std::less<>> constructed;
  bool constructed_built = false;
  // A call of a `functools.partial` binding rewritten as a call of the wrapped function, the partial's arguments
  // first (values.cc PartialCall), by (partial expression, call): stable addresses for the memos keyed by Expr.
  std::map<std::pair<const facts::Expr*, const facts::Expr*>, std::unique_ptr<facts::Expr>> partial_calls;
};

// Internal classes deriving from `class_q` (directly or not), breadth first, at most 32; the base -> subclasses map is
// built into `memo` on first use (objects.cc; shared by type and value resolution).
std::vector<std::string> InternalSubclasses(const RepoIndex& ix, EvalMemo* memo, const std::string& class_q);

}  // namespace edgescan::resolve

#endif  // EDGESCAN_RESOLVE_INTERNAL_EVAL_MEMO_H_
