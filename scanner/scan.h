// Scan: the one entry point. walk -> parse -> facts (per file, on --jobs workers, merged in path order) ->
// resolve -> detect -> edges. Output formats are the CLI's business (output/).
//
//   ScanOptions o; o.root = "checkout"; o.jobs = 8;
//   StatusOr<edges::ScanResult> r = Scan(o);   // fails only for an unreadable root or bad rules
#ifndef EDGESCAN_SCAN_H_
#define EDGESCAN_SCAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "edges/edge.h"
#include "resolve/repo_index.h"

namespace edgescan {

struct ScanOptions {
  std::string root;
  std::string service;           // "" = the root folder's name
  int jobs = 0;                  // 0 = hardware concurrency
  bool include_tests = false;
  std::vector<std::string> rules_dirs;
  uint64_t max_file_bytes = 8u << 20;
  uint64_t parse_timeout_micros = 10'000'000;  // per file; a file that takes longer is skipped with a diagnostic
  resolve::ResolveOptions resolve;              // evaluation depth, caller depth, value fan-out
  bool timing = true;            // false: stats.seconds = 0 (byte-stable output)
};

// Why a scan could not run at all (CLI exit codes): kNotFound = unreadable root (3), kInvalidArgument = bad
// options or rules (2).
StatusOr<edges::ScanResult> Scan(const ScanOptions& options);

}  // namespace edgescan

#endif  // EDGESCAN_SCAN_H_
