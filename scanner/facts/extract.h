// ExtractFacts: a parsed module -> ModuleFacts (see module_facts.h).
//
// Converts tree-sitter's 0-based points to 1-based once, here. Keeps going through ERROR nodes: whatever parsed
// is extracted and the module is marked has_errors with one diagnostic naming the first error's line.
#ifndef EDGESCAN_FACTS_EXTRACT_H_
#define EDGESCAN_FACTS_EXTRACT_H_

#include <string_view>

#include "facts/module_facts.h"
#include "parse/python_parser.h"

namespace edgescan::facts {

ModuleFacts ExtractFacts(const parse::ParsedModule& parsed, std::string_view relative_path);

// Decodes the body of a Python string literal (escapes such as \n, \x41, \u00e9, \N{...} kept verbatim).
// `raw` = r-prefix, `bytes` = b-prefix (no \u escapes).
std::string DecodeStringEscapes(std::string_view body, bool raw, bool bytes);

}  // namespace edgescan::facts

#endif  // EDGESCAN_FACTS_EXTRACT_H_
