// libFuzzer target: arbitrary bytes as a Python file -> tree-sitter -> ModuleFacts (issue 9).
#include <cstddef>
#include <cstdint>
#include <string>

#include "facts/extract.h"
#include "parse/python_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static edgescan::parse::PythonParser parser(2'000'000);
  edgescan::StatusOr<edgescan::parse::ParsedModule> parsed =
      parser.Parse(std::string(reinterpret_cast<const char*>(data), size));
  if (parsed.ok()) edgescan::facts::ExtractFacts(*parsed, "pkg/fuzz.py");
  return 0;
}
