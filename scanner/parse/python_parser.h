// PythonParser: bytes -> tree-sitter tree, one parser per worker thread.
//
// Owns a TSParser set to the pinned Python grammar. Not thread-safe: give each worker its own. Parse() never
// fails on bad Python (tree-sitter recovers and marks ERROR nodes); it fails only when the parse is cancelled by
// the per-file time limit, which callers turn into a diagnostic.
//
//   PythonParser parser;
//   StatusOr<ParsedModule> m = parser.Parse(source);
//   if (m.ok()) facts::ExtractFacts(*m, ...);
#ifndef EDGESCAN_PARSE_PYTHON_PARSER_H_
#define EDGESCAN_PARSE_PYTHON_PARSER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "parse/ts_handles.h"

extern "C" const TSLanguage* tree_sitter_python(void);

namespace edgescan::parse {

// A parsed file: the tree and the bytes it points into. Move-only; the tree is freed with it.
struct ParsedModule {
  std::string source;
  TsTreePtr tree;
  TSNode root() const { return ts_tree_root_node(tree.get()); }
};

class PythonParser {
 public:
  // timeout_micros: per-file parse budget (0 = none).
  explicit PythonParser(uint64_t timeout_micros = 0);
  PythonParser(const PythonParser&) = delete;
  PythonParser& operator=(const PythonParser&) = delete;

  StatusOr<ParsedModule> Parse(std::string source);

 private:
  TsParserPtr parser_;
};

// Checks that the linked grammar's ABI is one this tree-sitter library loads. Call once at start-up.
Status CheckGrammarAbi();
// The pinned grammar version ("0.23.6").
const char* GrammarVersion();

}  // namespace edgescan::parse

#endif  // EDGESCAN_PARSE_PYTHON_PARSER_H_
