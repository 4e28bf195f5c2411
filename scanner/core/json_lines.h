// Line numbers for errors in hand-written JSON files (rules, .edgescan.json): nlohmann keeps no positions, so the
// loaders find each key's line in the text. Shared by ruleset/loader.cc and config/config.cc.
//
//   KeyLines lines(text);
//   int line = lines.Next("timeout");   // the n-th call for a key finds the n-th `"timeout":` in the text
#ifndef EDGESCAN_CORE_JSON_LINES_H_
#define EDGESCAN_CORE_JSON_LINES_H_

#include <map>
#include <string>
#include <string_view>

namespace edgescan {

// Finds lines of keys in document order: the n-th time a key is visited is the n-th `"key":` in the text.
class KeyLines {
 public:
  explicit KeyLines(std::string_view text) : text_(text) {}
  int Next(const std::string& key) {
    size_t& from = next_[key];
    std::string needle = "\"" + key + "\"";
    while (true) {
      size_t at = text_.find(needle, from);
      if (at == std::string_view::npos) return 0;
      from = at + needle.size();
      size_t k = from;
      while (k < text_.size() && (text_[k] == ' ' || text_[k] == '\t' || text_[k] == '\n' || text_[k] == '\r')) ++k;
      if (k < text_.size() && text_[k] == ':') return LineAt(at);
    }
  }
  int LineAt(size_t offset) const {
    int line = 1;
    for (size_t i = 0; i < offset && i < text_.size(); ++i) line += text_[i] == '\n';
    return line;
  }

 private:
  std::string_view text_;
  std::map<std::string, size_t> next_;
};

// nlohmann's message without its "[json.exception.out_of_range.406] " prefix.
inline std::string JsonExceptionText(const std::string& what) {
  size_t p = what.find("] ");
  return p == std::string::npos ? what : what.substr(p + 2);
}

// The line of the token a JSON exception quotes ("number overflow parsing '1e999'"), else 1.
inline int JsonExceptionLine(const std::string& what, std::string_view text, const KeyLines& lines) {
  size_t a = what.find('\''), b = what.rfind('\'');
  if (a == std::string::npos || b <= a + 1) return 1;
  size_t at = text.find(std::string_view(what).substr(a + 1, b - a - 1));
  return at == std::string_view::npos ? 1 : lines.LineAt(at);
}

}  // namespace edgescan

#endif  // EDGESCAN_CORE_JSON_LINES_H_
