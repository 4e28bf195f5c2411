#include "walk/gitignore.h"

#include <algorithm>

namespace edgescan::walk {

std::string Gitignore::GlobToRegex(std::string_view g, bool anchored) {
  std::string re = anchored ? "^" : "^(?:.*/)?";
  for (size_t i = 0; i < g.size(); ++i) {
    char c = g[i];
    if (c == '*') {
      if (i + 1 < g.size() && g[i + 1] == '*') {
        // "**/" matches zero or more folders; a trailing "**" matches everything below.
        if (i + 2 < g.size() && g[i + 2] == '/') {
          re += "(?:.*/)?";
          i += 2;
        } else {
          re += ".*";
          i += 1;
        }
      } else {
        re += "[^/]*";
      }
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '[') {
      size_t j = i + 1;
      std::string cls = "[";
      if (j < g.size() && (g[j] == '!' || g[j] == '^')) {
        cls += '^';
        ++j;
      }
      bool closed = false;
      for (; j < g.size(); ++j) {
        if (g[j] == ']' && j > i + 1) {
          closed = true;
          break;
        }
        if (g[j] == '\\') cls += '\\';
        cls += g[j];
      }
      if (closed) {
        re += cls + "]";
        i = j;
      } else {
        re += "\\[";
      }
    } else if (c == '\\' && i + 1 < g.size()) {
      ++i;
      re += '\\';
      re += g[i];
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
               c == '-') {
      re += c;
    } else {
      re += '\\';
      re += c;
    }
  }
  // A pattern naming a folder ignores everything below it too.
  re += "(?:/.*)?$";
  return re;
}

void Gitignore::AddLines(std::string_view text, std::vector<std::string>* bad) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    if (line.empty() || line[0] == '#') {
      if (end == text.size()) break;
      continue;
    }
    Rule rule;
    if (line[0] == '!') {
      rule.negate = true;
      line.erase(0, 1);
    } else if (line[0] == '\\') {
      line.erase(0, 1);
    }
    if (!line.empty() && line.back() == '/') {
      rule.dir_only = true;
      line.pop_back();
    }
    bool anchored = line.find('/') != std::string::npos;
    if (!line.empty() && line[0] == '/') line.erase(0, 1);
    if (line.empty()) continue;
    rule.pattern = GlobToRegex(line, anchored);
    RegexSet probe;  // parses the pattern without compiling it
    if (!probe.Add(rule.pattern).ok()) {
      if (bad != nullptr) bad->push_back(line);
      continue;
    }
    rules_.push_back(std::move(rule));
    if (end == text.size()) break;
  }
  set_.reset();
  auto set = std::make_unique<RegexSet>();
  for (const Rule& r : rules_) {
    if (!set->Add("^(?:" + r.pattern + ")$").ok()) return;
  }
  if (set->Compile().ok()) set_ = std::move(set);
}

const Regex* Gitignore::Rule::Compiled() const {
  if (!re) {
    StatusOr<Regex> compiled = Regex::Compile(pattern);
    if (!compiled.ok()) return nullptr;
    re = std::make_unique<Regex>(std::move(compiled).value());
  }
  return re.get();
}

// The index of the last rule deciding `path` (a dir-only rule decides a file by its folder), -1 when none does;
// false when the set could not answer.
bool Gitignore::LastMatch(std::string_view path, bool is_dir, int* last) const {
  *last = -1;
  std::vector<int> hits;
  if (!set_->TryMatch(path, &hits)) return false;
  for (int i : hits) {
    if (is_dir || !rules_[static_cast<size_t>(i)].dir_only) *last = std::max(*last, i);
  }
  size_t slash = path.rfind('/');
  if (is_dir || slash == std::string_view::npos) return true;
  if (!set_->TryMatch(path.substr(0, slash), &hits)) return false;
  for (int i : hits) {
    if (rules_[static_cast<size_t>(i)].dir_only) *last = std::max(*last, i);
  }
  return true;
}

bool Gitignore::Ignored(std::string_view path, bool is_dir) const {
  int last = -1;
  if (set_ && LastMatch(path, is_dir, &last)) return last >= 0 && !rules_[static_cast<size_t>(last)].negate;
  bool ignored = false;
  for (const Rule& r : rules_) {
    if (r.dir_only && !is_dir) {
      // a dir-only rule still ignores files below a matching folder: test the parents
      size_t slash = path.rfind('/');
      if (slash == std::string_view::npos) continue;
      std::string_view parent = path.substr(0, slash);
      // the regex accepts "folder/anything", so matching the parent path suffices
      const Regex* re = r.Compiled();
      if (re != nullptr && re->FullMatch(parent)) ignored = !r.negate;
      continue;
    }
    const Regex* re = r.Compiled();
    if (re != nullptr && re->FullMatch(path)) ignored = !r.negate;
  }
  return ignored;
}

}  // namespace edgescan::walk
