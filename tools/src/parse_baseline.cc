// parse_baseline: the cost floor edgescan is measured against (tools/bench). Reads and parses every file the walker
// selects with the same grammar and tree-sitter library, walks each tree once with a cursor, and prints counts.
// Not part of the product.
//
//   parse_baseline ROOT [--jobs N]
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "parse/python_parser.h"
#include "walk/walker.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: parse_baseline ROOT [--jobs N]\n");
    return 2;
  }
  int jobs = 1;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--jobs") jobs = std::atoi(argv[i + 1]);
  }
  edgescan::walk::WalkOptions o;
  o.root = argv[1];
  edgescan::StatusOr<edgescan::walk::WalkResult> walked = edgescan::walk::Walk(o);
  if (!walked.ok()) {
    std::fprintf(stderr, "parse_baseline: %s\n", walked.status().message().c_str());
    return 3;
  }
  const auto& files = walked->files;
  std::atomic<size_t> next{0};
  std::atomic<long long> nodes{0}, bytes{0};
  auto worker = [&]() {
    edgescan::parse::PythonParser parser;
    for (size_t i = next++; i < files.size(); i = next++) {
      std::ifstream in(files[i].abs_path, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string text = ss.str();
      bytes += static_cast<long long>(text.size());
      auto parsed = parser.Parse(std::move(text));
      if (!parsed.ok()) continue;
      TSTreeCursor cursor = ts_tree_cursor_new(parsed->root());
      long long n = 0;
      bool down = true;
      while (true) {
        if (down) ++n;
        if (down && ts_tree_cursor_goto_first_child(&cursor)) continue;
        if (ts_tree_cursor_goto_next_sibling(&cursor)) {
          down = true;
          continue;
        }
        if (!ts_tree_cursor_goto_parent(&cursor)) break;
        down = false;
      }
      ts_tree_cursor_delete(&cursor);
      nodes += n;
    }
  };
  std::vector<std::thread> threads;
  for (int j = 0; j < std::max(1, jobs); ++j) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  std::printf("files %zu bytes %lld nodes %lld\n", files.size(), bytes.load(), nodes.load());
  return 0;
}
