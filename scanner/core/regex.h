// Regex: the only door to RE2 in edgescan (like bloaty's re.h).
//
// Patterns are compiled once (per rule set) with RE2::Quiet; a bad pattern is reported through Status with RE2's
// own error text, never logged. Not copyable (an RE2 is expensive); move it or hold it by pointer.
//
//   StatusOr<Regex> re = Regex::Compile("^https?://");
//   if (re.ok() && re->PartialMatch(text)) ...
#ifndef EDGESCAN_CORE_REGEX_H_
#define EDGESCAN_CORE_REGEX_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace edgescan {

class Regex {
 public:
  static StatusOr<Regex> Compile(std::string_view pattern, bool case_insensitive = false);
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;
  ~Regex();

  bool FullMatch(std::string_view text) const;
  bool PartialMatch(std::string_view text) const;
  // First capture group of the first match, or nullopt-like empty + false.
  bool Capture(std::string_view text, std::string* group1) const;
  const std::string& pattern() const { return pattern_; }

 private:
  Regex() = default;
  std::string pattern_;
  std::unique_ptr<re2::RE2> re_;
};

// Many patterns matched in one pass (RE2::Set, unanchored). Match() returns the indexes that matched, sorted.
class RegexSet {
 public:
  RegexSet();
  RegexSet(RegexSet&&) noexcept;
  RegexSet& operator=(RegexSet&&) noexcept;
  ~RegexSet();
  // Adds a pattern; returns its index or an error naming the pattern.
  StatusOr<int> Add(std::string_view pattern);
  Status Compile();
  bool empty() const { return size_ == 0; }
  std::vector<int> Match(std::string_view text) const;
  // Like Match, but says when RE2 could not answer (its DFA ran out of memory): false, and `out` is unusable.
  bool TryMatch(std::string_view text, std::vector<int>* out) const;
  bool MatchAny(std::string_view text) const;

 private:
  struct Impl;  // holds the RE2::Set (a nested class, so it cannot be forward-declared)
  std::unique_ptr<Impl> set_;
  int size_ = 0;
  bool compiled_ = false;
};

}  // namespace edgescan

#endif  // EDGESCAN_CORE_REGEX_H_
