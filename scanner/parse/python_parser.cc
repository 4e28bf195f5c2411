#include "parse/python_parser.h"

#include <string>

namespace edgescan::parse {

PythonParser::PythonParser(uint64_t timeout_micros) : parser_(ts_parser_new()) {
  // CheckGrammarAbi() has run at start-up; a failure here is a programmer error.
  bool ok = ts_parser_set_language(parser_.get(), tree_sitter_python());
  (void)ok;
  ts_parser_set_timeout_micros(parser_.get(), timeout_micros);
}

StatusOr<ParsedModule> PythonParser::Parse(std::string source) {
  ParsedModule out;
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
