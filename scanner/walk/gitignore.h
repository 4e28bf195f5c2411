// Gitignore: the subset of .gitignore semantics a source scanner needs, compiled to RE2.
//
// Supports comments, blank lines, negation (!), anchoring (a leading or inner /), directory-only patterns (trailing
// /), *, ?, [...] classes and **. Patterns are matched against root-relative paths; a path is ignored when the last
// matching pattern is not a negation. Only the root's .gitignore is read (nested ones are not, documented limit).
#ifndef EDGESCAN_WALK_GITIGNORE_H_
#define EDGESCAN_WALK_GITIGNORE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/regex.h"

namespace edgescan::walk {

class Gitignore {
 public:
  Gitignore() = default;
  // Lines of a .gitignore. Patterns RE2 cannot compile are dropped (returned in `bad`).
  void AddLines(std::string_view text, std::vector<std::string>* bad = nullptr);
  bool Ignored(std::string_view relative_path, bool is_dir) const;
  bool empty() const { return rules_.empty(); }

  // Translates one glob (already stripped of !, trailing /) into an RE2 pattern; exposed for tests.
  static std::string GlobToRegex(std::string_view glob, bool anchored);

 private:
  struct Rule {
    std::string pattern;               // GlobToRegex's
    mutable std::unique_ptr<Regex> re;  // compiled on first use, only when the set cannot answer
    const Regex* Compiled() const;
    bool negate = false;
    bool dir_only = false;
  };
  std::vector<Rule> rules_;
  // Every rule's pattern, anchored, index = rule index: one pass finds the rules a path matches (a .gitignore of a
  // hundred patterns made the walk a third of a rescan). Unset when RE2 cannot build it: the rules are tried one by
  // one.
  std::unique_ptr<RegexSet> set_;
  bool LastMatch(std::string_view path, bool is_dir, int* last) const;
};

}  // namespace edgescan::walk

#endif  // EDGESCAN_WALK_GITIGNORE_H_
