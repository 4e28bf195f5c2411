// Diagnostic: something the scan noticed about its input and went on from.
//
// Bad input is normal input: a binary, undecodable, huge, too-deep or unparsable file yields a Diagnostic and the
// scan continues. Diagnostics are sorted (file, line, severity, message) before output, so thread count never
// changes their order.
#ifndef EDGESCAN_CORE_DIAGNOSTIC_H_
#define EDGESCAN_CORE_DIAGNOSTIC_H_

#include <string>
#include <tuple>
#include <vector>

namespace edgescan {

struct Diagnostic {
  std::string file;  // relative to the scan root; "" for the scan as a whole
  int line = 0;      // 1-based; 0 = whole file
  std::string severity;  // "error", "warning" or "info"
  std::string message;

  friend bool operator<(const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.line, a.severity, a.message) < std::tie(b.file, b.line, b.severity, b.message);
  }
  friend bool operator==(const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.line, a.severity, a.message) == std::tie(b.file, b.line, b.severity, b.message);
  }
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace edgescan

#endif  // EDGESCAN_CORE_DIAGNOSTIC_H_
