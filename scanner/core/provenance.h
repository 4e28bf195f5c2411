// Provenance: where a fact came from, as the contract prints it.
//
// Lines and columns are 1-based (tree-sitter's 0-based points are converted once, in facts/). `function` is the
// enclosing function's qualified name ("pkg.module.Class.method"), empty for module level (printed as null).
#ifndef EDGESCAN_CORE_PROVENANCE_H_
#define EDGESCAN_CORE_PROVENANCE_H_

#include <string>
#include <tuple>

namespace edgescan {

struct Provenance {
  std::string file;      // relative to the scan root, '/' separators
  int line = 0;          // 1-based; 0 = unknown
  int column = 0;        // 1-based; 0 = unknown
  std::string function;  // qualified name of the enclosing function, "" = module level

  friend bool operator<(const Provenance& a, const Provenance& b) {
    return std::tie(a.file, a.line, a.column, a.function) < std::tie(b.file, b.line, b.column, b.function);
  }
  friend bool operator==(const Provenance& a, const Provenance& b) {
    return std::tie(a.file, a.line, a.column, a.function) == std::tie(b.file, b.line, b.column, b.function);
  }
};

}  // namespace edgescan

#endif  // EDGESCAN_CORE_PROVENANCE_H_
