// libFuzzer target: two arbitrary documents (split at the first NUL) -> `edgescan diff` reading and matching (issue 9).
#include <cstddef>
#include <cstdint>
#include <string>

#include "diff/diff.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string base = input.substr(0, nul);
  std::string head = nul == std::string::npos ? base : input.substr(nul + 1);
  auto b = edgescan::diff::ReadScanDocument(base, "base");
  auto h = edgescan::diff::ReadScanDocument(head, "head");
  if (b.ok() && h.ok()) edgescan::diff::DiffScans(std::move(b).value(), std::move(h).value());
  return 0;
}
