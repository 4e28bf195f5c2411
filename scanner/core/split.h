// Splitting text at a separator, as Python's str.split(sep) does: every separator ends a field, empty fields stay
// ("0  3" split at ' ' is {"0", "", "3"}), so a caller can tell "five fields" from "five words".
#ifndef EDGESCAN_CORE_SPLIT_H_
#define EDGESCAN_CORE_SPLIT_H_

#include <string>
#include <string_view>
#include <vector>

namespace edgescan {

inline std::vector<std::string> SplitAt(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at = text.find(sep); at != std::string_view::npos; start = at + 1, at = text.find(sep, start)) {
    out.emplace_back(text.substr(start, at - start));
  }
  out.emplace_back(text.substr(start));
  return out;
}

}  // namespace edgescan

#endif  // EDGESCAN_CORE_SPLIT_H_
