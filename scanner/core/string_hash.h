// A transparent hash for unordered containers keyed by std::string: find() takes a string_view or a literal
// without building a std::string.
//
//   std::unordered_map<std::string, int, StringHash, std::equal_to<>> m;
//   m.find(std::string_view("requests.get"));
#ifndef EDGESCAN_CORE_STRING_HASH_H_
#define EDGESCAN_CORE_STRING_HASH_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace edgescan {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  size_t operator()(const std::string& s) const { return std::hash<std::string_view>{}(s); }
  size_t operator()(const char* s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace edgescan

#endif  // EDGESCAN_CORE_STRING_HASH_H_
