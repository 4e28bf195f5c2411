#include "core/regex.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

namespace edgescan {

StatusOr<Regex> Regex::Compile(std::string_view pattern, bool case_insensitive) {
  RE2::Options options(RE2::Quiet);
  options.set_case_sensitive(!case_insensitive);
  auto re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) return InvalidArgumentError("bad regular expression '" + std::string(pattern) + "': " + re->error());
  Regex out;
  out.pattern_ = std::string(pattern);
  out.re_ = std::move(re);
  return out;
}

Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;
Regex::~Regex() = default;

bool Regex::FullMatch(std::string_view text) const {
  return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re_);
}
bool Regex::PartialMatch(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}
bool Regex::Capture(std::string_view text, std::string* group1) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_, group1);
}

struct RegexSet::Impl {
  Impl() : set(RE2::Options(RE2::Quiet), RE2::UNANCHORED) {}
  RE2::Set set;
};

RegexSet::RegexSet() : set_(std::make_unique<Impl>()) {}
RegexSet::RegexSet(RegexSet&&) noexcept = default;
RegexSet& RegexSet::operator=(RegexSet&&) noexcept = default;
RegexSet::~RegexSet() = default;

StatusOr<int> RegexSet::Add(std::string_view pattern) {
  std::string error;
  int index = set_->set.Add(re2::StringPiece(pattern.data(), pattern.size()), &error);
  if (index < 0) return InvalidArgumentError("bad regular expression '" + std::string(pattern) + "': " + error);
  ++size_;
  return index;
}

Status RegexSet::Compile() {
  if (size_ == 0) {
    compiled_ = true;
    return Status::Ok();
  }
  if (!set_->set.Compile()) return InternalError("RE2::Set ran out of memory compiling " + std::to_string(size_) + " patterns");
  compiled_ = true;
  return Status::Ok();
}

std::vector<int> RegexSet::Match(std::string_view text) const {
  std::vector<int> out;
  if (size_ == 0 || !compiled_) return out;
  set_->set.Match(re2::StringPiece(text.data(), text.size()), &out);
  std::sort(out.begin(), out.end());
  return out;
}

bool RegexSet::TryMatch(std::string_view text, std::vector<int>* out) const {
  out->clear();
  if (size_ == 0 || !compiled_) return size_ == 0;
  RE2::Set::ErrorInfo info{};
  if (!set_->set.Match(re2::StringPiece(text.data(), text.size()), out, &info) &&
      info.kind != RE2::Set::kNoError) {
    return false;
  }
  std::sort(out->begin(), out->end());
  return true;
}

bool RegexSet::MatchAny(std::string_view text) const {
  if (size_ == 0 || !compiled_) return false;
  return set_->set.Match(re2::StringPiece(text.data(), text.size()), nullptr);
}

}  // namespace edgescan
