// RAII owners for tree-sitter's C handles. Only parse/ and facts/ include tree-sitter.
#ifndef EDGESCAN_PARSE_TS_HANDLES_H_
#define EDGESCAN_PARSE_TS_HANDLES_H_

#include <tree_sitter/api.h>

#include <memory>

namespace edgescan::parse {

struct TsParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TsTreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
using TsParserPtr = std::unique_ptr<TSParser, TsParserDeleter>;
using TsTreePtr = std::unique_ptr<TSTree, TsTreeDeleter>;

}  // namespace edgescan::parse

#endif  // EDGESCAN_PARSE_TS_HANDLES_H_
