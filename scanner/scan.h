// Scan: the one entry point. walk -> parse -> facts (per file, on --jobs workers, merged in path order) ->
// resolve -> detect -> edges. Output formats are the CLI's business (output/).
//
//   ScanOptions o; o.root = "checkout"; o.jobs = 8;
//   StatusOr<edges::ScanResult> r = Scan(o);   // fails only for an unreadable root or bad rules
#ifndef EDGESCAN_SCAN_H_
#define EDGESCAN_SCAN_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "edges/edge.h"
#include "resolve/repo_index.h"

namespace edgescan {

// What a running scan has done, for a progress line (main.cc polls it from another thread).
struct ScanProgress {
  enum Stage : int { kWalk = 0, kParse = 1, kResolve = 2, kDone = 3 };
  std::atomic<int> stage{kWalk};
  std::atomic<size_t> files_total{0};
  std::atomic<size_t> files_done{0};
};

struct ScanOptions {
  std::string root;
  std::string service;           // "" = the root folder's name
  int jobs = 0;                  // 0 = hardware concurrency
  bool include_tests = false;
  bool include_scripts = false;
  std::vector<std::string> rules_dirs;
  uint64_t max_file_bytes = 8u << 20;
  uint64_t parse_timeout_micros = 10'000'000;  // per file; a file that takes longer is skipped with a diagnostic
  resolve::ResolveOptions resolve;              // evaluation depth, caller depth, value fan-out
  bool timing = true;            // false: stats.seconds = 0 (byte-stable output)
  std::string config_file;       // --config FILE; "" = ROOT/.edgescan.json when it exists (config/config.h)
  ScanProgress* progress = nullptr;  // when set, updated as the scan goes
  // Incremental scans (cache/store.h): "" = no cache. Files whose content, path and scanner build are unchanged
  // reuse their facts; a scan whose every input is unchanged reuses its whole result.
  std::string cache_dir;
  // After a scan that wrote entries, once a day: remove entries unused for this long, then the least recently used
  // beyond this size (cache/store.h Prune).
  long long cache_max_age_seconds = 30LL * 24 * 3600;
  long long cache_max_bytes = 1024LL * 1024 * 1024;
  // false: the repository index (every module's facts) is not freed when Scan returns but kept until the process
  // exits, as compilers do (clang -disable-free): freeing it costs 4% of a cold scan and 13% of a rescan. For a
  // process that scans once and exits (the CLI); a process scanning many times keeps the default.
  bool free_index = true;
};

// Why a scan could not run at all (CLI exit codes): kNotFound = unreadable root (3), kInvalidArgument = bad
// options, config or rules (2). The repository's config (config/config.h) fills what the options leave unset
// (service), adds to them (rules folders, excludes) and names peers, routes and settings modules.
StatusOr<edges::ScanResult> Scan(const ScanOptions& options);

// Several roots at once (`edgescan scan A --service a B --service b`, `edgescan graph` with manifest roots): up to
// `jobs` scans run in parallel (0 = hardware concurrency), the cores shared among them. Results are in input order;
// the first failure, in input order, is returned.
StatusOr<std::vector<edges::ScanResult>> ScanMany(std::vector<ScanOptions> scans, int jobs);

}  // namespace edgescan

#endif  // EDGESCAN_SCAN_H_
