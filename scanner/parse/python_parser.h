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
  std::string source;    // what was parsed (after ParenthesizeExceptLists)
  uint64_t file_bytes = 0;  // the file's own size
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

// `except A, B:` on one line becomes `except(A, B):` before parsing (Parse does it): Python 3.14's unparenthesised
// exception list (PEP 758), which the pinned grammar does not know; Python 2's `except A, e:` parses the same way.
// The space after `except` becomes "(" and one ")" goes before the ':', so lines keep their numbers and only what
// follows the ':' on that line moves one column. Nothing else changes: `except (A, B):`, `except A as e:` and
// clauses spanning lines are left as written.
void ParenthesizeExceptLists(std::string* source);

// Checks that the linked grammar's ABI is one this tree-sitter library loads. Call once at start-up.
Status CheckGrammarAbi();
// The pinned grammar version ("0.23.6").
const char* GrammarVersion();

}  // namespace edgescan::parse

#endif  // EDGESCAN_PARSE_PYTHON_PARSER_H_
