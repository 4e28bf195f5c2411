#include "parse/python_parser.h"

#include <string>

namespace edgescan::parse {

PythonParser::PythonParser(uint64_t timeout_micros) : parser_(ts_parser_new()) {
  // CheckGrammarAbi() has run at start-up; a failure here is a programmer error.
  bool ok = ts_parser_set_language(parser_.get(), tree_sitter_python());
  (void)ok;
  ts_parser_set_timeout_micros(parser_.get(), timeout_micros);
}

void ParenthesizeExceptLists(std::string* source) {
  std::string& s = *source;
  if (s.find("except") == std::string::npos) return;
  for (size_t line = 0; line < s.size();) {
    size_t end = s.find('\n', line);
    if (end == std::string::npos) end = s.size();
    size_t j = line;
    while (j < end && (s[j] == ' ' || s[j] == '\t')) ++j;
    size_t k = j + 6;
    if (s.compare(j, 6, "except") == 0 && k < end && s[k] == '*') ++k;
    if (s.compare(j, 6, "except") == 0 && k < end && (s[k] == ' ' || s[k] == '\t')) {
      // The clause's expression up to its ':' at bracket depth 0, on this line.
      int depth = 0;
      char quote = 0;
      bool comma = false, as = false;
      size_t colon = std::string::npos;
      for (size_t p = k; p < end; ++p) {
        char c = s[p];
        if (quote != 0) {
          if (c == '\\') {
            ++p;
          } else if (c == quote) {
            quote = 0;
          }
          continue;
        }
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '#') {
          break;
        } else if (c == '(' || c == '[' || c == '{') {
          ++depth;
        } else if (c == ')' || c == ']' || c == '}') {
          --depth;
        } else if (depth == 0 && c == ',') {
          comma = true;
        } else if (depth == 0 && c == ':') {
          colon = p;
          break;
        } else if (depth == 0 && (c == ' ' || c == '\t') && s.compare(p + 1, 3, "as ") == 0) {
          as = true;
        }
      }
      if (colon != std::string::npos && comma && !as) {
        s[k] = '(';
        s.insert(colon, 1, ')');
        ++end;
      }
    }
    line = end + 1;
  }
}

StatusOr<ParsedModule> PythonParser::Parse(std::string source) {
  ParsedModule out;
  out.file_bytes = source.size();
  ParenthesizeExceptLists(&source);
  out.source = std::move(source);
  ts_parser_reset(parser_.get());
  TSTree* tree = ts_parser_parse_string(parser_.get(), nullptr, out.source.data(),
                                        static_cast<uint32_t>(out.source.size()));
  if (tree == nullptr) return UnavailableError("parse cancelled: exceeded the per-file parse time limit");
  out.tree.reset(tree);
  return out;
}

Status CheckGrammarAbi() {
  uint32_t abi = ts_language_version(tree_sitter_python());
  if (abi < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || abi > TREE_SITTER_LANGUAGE_VERSION) {
    return FailedPreconditionError(
        "tree-sitter-python " + std::string(GrammarVersion()) + " has ABI " + std::to_string(abi) +
        " but this libtree-sitter loads ABI " + std::to_string(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) + "-" +
        std::to_string(TREE_SITTER_LANGUAGE_VERSION) + "; pin a grammar of a matching ABI in grammars/python");
  }
  return Status::Ok();
}

const char* GrammarVersion() { return EDGESCAN_PYTHON_GRAMMAR_VERSION; }

}  // namespace edgescan::parse
