// edgescan's command line. The CLI is the product's public API (with shared/contract/EDGES.md); all work is in
// Scan() and the output writers. Exit codes: 0 scanned (even with diagnostics), 2 usage or configuration error,
// 3 unreadable root.
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "diff/diff.h"
#include "graph/graph.h"
#include "output/graph_writers.h"
#include "output/diff_json.h"
#include "output/explain.h"
#include "cache/store.h"
#include "core/atomic_file.h"
#include "core/signals.h"
#include "output/json_writer.h"
#include "output/markdown.h"
#include "output/sarif.h"
#include "output/text.h"
#include "parse/python_parser.h"
#include "ruleset/builtin.h"
#include "ruletest/rule_selftest.h"
#include "scan.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitNewBrittle = 1;  // diff --fail-on new-brittle found some
constexpr int kExitUsage = 2;
constexpr int kExitUnreadableRoot = 3;

const char* kUsage =
    "edgescan: find the cross-service edges in a Python/Django repository\n"
    "\n"
    "usage:\n"
    "  edgescan scan ROOT [options]     scan one checkout and print its edges (schema edgescan/edges@1)\n"
    "  edgescan scan ROOT --service A ROOT2 --service B ... [--graph FILE] [--graph-format F] [--out DIR]\n"
    "                                   scan several checkouts in parallel (each --service names the ROOT before it)\n"
    "                                   and print their service graph; --out DIR writes DIR/<service>.json\n"
    "  edgescan graph [SCAN.json...] [--manifest FILE] [--format json|dot|plantuml|markdown] [--out FILE]\n"
    "                                   join scans into one service graph (schema edgescan/graph@1, docs/GRAPH.md)\n"
    "  edgescan rules test [DIR]        run every rule's fixture against its expected edges (built-in rules, or\n"
    "                                   the rule files under DIR); exit 1 when one fails\n"
    "  edgescan diff BASE.json HEAD.json [--format json|markdown|sarif] [--fail-on new-brittle] [--out FILE]\n"
    "                                   compare two scans: edges added, removed, changed (matched by id)\n"
    "  edgescan explain ID [ROOT] [--scan FILE] [--source DIR] [--color WHEN]\n"
    "                                   one edge's story: call site, where its URL comes from, what reaches it\n"
    "                                   (scans ROOT, default '.', with the scan options below; or reads --scan FILE)\n"
    "  edgescan cache prune [--cache DIR] [--cache-max-mb N] [--cache-max-age-days N]\n"
    "                                   prune the cache now (scans do it once a day) and say what it holds\n"
    "  edgescan --version               version, grammar version and rules hash\n"
    "  edgescan --help                  this text\n"
    "\n"
    "scan options:\n"
    "  --service NAME        service name for the edges (default: the root folder's name)\n"
    "  --format FORMAT       text (grouped summary for people; the default when standard output is a terminal),\n"
    "                        json (one document; the default otherwise), jsonl (one edge per line), markdown (the\n"
    "                        tables of an architecture page), sarif (SARIF 2.1.0: one result per brittle linkage)\n"
    "  --config FILE         read the repository's config from FILE (default: ROOT/.edgescan.json when present)\n"
    "  --color WHEN          text colours: auto (default: a terminal and NO_COLOR unset), always, never\n"
    "  --quiet, -q           no progress line on standard error\n"
    "  --out FILE            write the output to FILE instead of standard output\n"
    "  --jobs N              worker threads for reading and parsing (default: all cores)\n"
    "  --include-tests       also scan test code (tests/, e2e/, test_*.py, *_test.py, conftest.py ...)\n"
    "  --include-scripts     also scan the root's scripts/ folder (developers' and operators' tools)\n"
    "  --rules DIR           load extra rules (*.json) from DIR, in addition to the built-in ones; repeatable\n"
    "  --max-file-size N     skip .py files larger than N bytes, with a diagnostic (default 8388608)\n"
    "  --no-timing           write stats.seconds as 0, so identical input gives byte-identical output\n"
    "  --cache DIR           reuse unchanged files' facts (and an unchanged scan's whole result) from DIR\n"
    "                        (default: $XDG_CACHE_HOME/edgescan, else ~/.cache/edgescan)\n"
    "  --no-cache            neither read nor write a cache\n"
    "  --cache-max-mb N      once a day after a scan, drop the least recently used cache entries beyond N MiB\n"
    "                        (default 1024)\n"
    "  --cache-max-age-days N  ... and entries no scan used for N days (default 30)\n"
    "  --parse-timeout-ms N  skip a file whose parse takes longer than N ms, with a diagnostic (default 10000)\n"
    "  --max-eval-depth N    nested evaluation steps when resolving a value (default 24)\n"
    "  --max-caller-depth N  caller levels a parameter is resolved through (default 4)\n"
    "  --max-values N        values one expression may resolve to (default 8)\n"
    "                        each limit, when hit, gives one diagnostic per file\n"
    "\n"
    "  --graph FILE          also write the service graph of the scanned roots to FILE (- = standard output)\n"
    "  --graph-format F      json (default: edgescan/graph@1), dot, plantuml (C4 context), markdown (report)\n"
    "  --manifest FILE       hosts, setting patterns and peer names of the services, for the graph\n"
    "\n"
    "graph options:\n"
    "  --manifest FILE       services (name, scan or root, hosts, settings, peers); see docs/GRAPH.md\n"
    "  --format FORMAT       json (default: edgescan/graph@1), dot (Graphviz), plantuml (C4 context), markdown\n"
    "  --plantuml-include I  the C4 include line (default <C4/C4_Context>; Debian bookworm: <c4/c4_context>)\n"
    "  --out FILE            write the output to FILE instead of standard output\n"
    "  --jobs N, --rules DIR for the manifest's roots, as in scan\n"
    "\n"
    "diff options:\n"
    "  --format FORMAT       json (default: edgescan/diff@1), markdown (a pull-request comment), sarif (new findings)\n"
    "  --fail-on new-brittle exit 1 when HEAD has a brittle linkage BASE did not\n"
    "  --out FILE            write the output to FILE instead of standard output\n"
    "\n"
    "config: ROOT/.edgescan.json (service, peers, rules, include, exclude, settings_module, peer_api_routes);\n"
    "        see README.md, \"Per-repository config\"\n"
    "exit status: 0 scanned (even with diagnostics), 2 usage or configuration error, 3 unreadable root;\n"
    "             diff: 0 compared, 1 new brittle linkage with --fail-on new-brittle, 2 usage error or unreadable input\n"
    "contract: shared/contract/EDGES.md\n";

int Usage(const std::string& message) {
  std::cerr << "edgescan: " << message << " (see edgescan --help)\n";
  return kExitUsage;
}

// `edgescan rules test [DIR]`: 0 every rule file passes its fixture, 1 some fail, 2 the rules do not load.
int RunRulesTest(const std::vector<std::string>& args) {
  constexpr int kExitRuleFailed = 1;
  if (args.empty() || args[0] != "test") return Usage("rules needs a subcommand: rules test [DIR]");
  if (args.size() > 2) return Usage("rules test takes at most one DIR");
  edgescan::StatusOr<edgescan::ruletest::RuleTestReport> report =
      edgescan::ruletest::RunRuleTests(args.size() == 2 ? args[1] : "");
  if (!report.ok()) {
    std::cerr << "edgescan: " << report.status().message() << "\n";
    return kExitUsage;
  }
  std::cout << report->Summary();
  return report->ok() ? kExitOk : kExitRuleFailed;
}

bool ParseUint(const std::string& s, unsigned long long* out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  errno = 0;
  *out = std::strtoull(s.c_str(), nullptr, 10);
  return errno == 0;
}

int WriteOutput(const std::string& text, const std::string& out_path) {
  if (out_path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return kExitOk;
  }
  // A unique temporary file next to the target, renamed into place (core/atomic_file.h): a reader never sees a
  // half-written document, and concurrent runs writing the same --out do not collide.
  edgescan::Status written = edgescan::WriteFileAtomically(out_path, text);
  if (!written.ok()) {
    std::cerr << "edgescan: --out: " << written.message() << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

// --color WHEN: "auto" colours a terminal unless NO_COLOR is set (https://no-color.org) or TERM is dumb.
bool ParseColor(const std::string& when, bool* known) {
  *known = when == "auto" || when == "always" || when == "never";
  if (when == "always") return true;
  if (when != "auto") return false;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  if (term != nullptr && std::string(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) != 0;
}

// A progress line on standard error for scans that take longer than a second, when it is a terminal; erased at the
// end so it never mixes with output.
class ProgressLine {
 public:
  explicit ProgressLine(edgescan::ScanProgress* progress) : progress_(progress), thread_([this] { Loop(); }) {}
  ~ProgressLine() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    if (shown_) std::fputs("\r\x1b[K", stderr);
  }

 private:
  void Loop() {
    // EDGESCAN_PROGRESS_DELAY_MS (default 1000) exists for tests: 0 draws the line at once, even for a quick scan.
    long delay_ms = 1000;
    if (const char* d = std::getenv("EDGESCAN_PROGRESS_DELAY_MS")) delay_ms = std::strtol(d, nullptr, 10);
    std::unique_lock<std::mutex> lock(mu_);
    if (delay_ms > 0 && cv_.wait_for(lock, std::chrono::milliseconds(delay_ms), [this] { return done_; })) return;
    do {
      int stage = progress_->stage;
      std::string line = stage == edgescan::ScanProgress::kWalk ? std::string("listing files")
                         : stage == edgescan::ScanProgress::kParse
                             ? "parsing " + std::to_string(progress_->files_done) + "/" +
                                   std::to_string(progress_->files_total) + " files"
                             : std::string("resolving values and finding edges");
      if (line != last_) {  // redraw only when it changes
        std::fprintf(stderr, "\r\x1b[Kedgescan: %s", line.c_str());
        std::fflush(stderr);
        last_ = line;
      }
      shown_ = true;
    } while (!cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return done_; }));
  }
  edgescan::ScanProgress* progress_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool shown_ = false;
  std::string last_;
  std::thread thread_;  // last: started once the members above exist
};

edgescan::StatusOr<edgescan::edges::ScanResult> ScanWithProgress(edgescan::ScanOptions options, bool quiet) {
  if (quiet || isatty(STDERR_FILENO) == 0) return edgescan::Scan(options);
  edgescan::ScanProgress progress;
  options.progress = &progress;
  ProgressLine line(&progress);
  return edgescan::Scan(options);
}

// Service graph flags shared by `scan` (--graph FILE, --graph-format) and `graph` (--format).
struct GraphFlags {
  std::string path;             // scan --graph FILE ("-" = standard output)
  std::string format = "json";  // json, dot, plantuml, markdown
  std::string manifest;
  std::string c4_include = edgescan::output::kDefaultC4Include;
};
constexpr int kNotAGraphFlag = -1;

bool GraphFormatOk(const std::string& f) { return f == "json" || f == "dot" || f == "plantuml" || f == "markdown"; }

// Reads args[*i] if it is a graph flag of `scan`: kNotAGraphFlag if not, else kExitOk or the usage error's code.
int ParseGraphFlag(const std::vector<std::string>& args, size_t* i, GraphFlags* flags) {
  const std::string& a = args[*i];
  std::string* target = a == "--graph"              ? &flags->path
                        : a == "--graph-format"     ? &flags->format
                        : a == "--manifest"         ? &flags->manifest
                        : a == "--plantuml-include" ? &flags->c4_include
                                                    : nullptr;
  if (target == nullptr) return kNotAGraphFlag;
  if (*i + 1 >= args.size()) return Usage(a + " needs a value");
  *target = args[++*i];
  if (a == "--graph-format" && !GraphFormatOk(*target)) {
    return Usage("unknown --graph-format '" + *target + "': use json, dot, plantuml or markdown");
  }
  return kExitOk;
}

// The value of the flag args[*i] into *out, moving *i onto it; false when the flag is the last word.
bool FlagValue(const std::vector<std::string>& args, size_t* i, std::string* out) {
  if (*i + 1 >= args.size()) return false;
  *out = args[++*i];
  return true;
}

constexpr int kNotAScanFlag = -1;

// Reads args[*i] (and its value) if it is a flag that sets up a scan, as `scan` and `explain` (which scans ROOT)
// take them and `graph` takes --jobs and --rules for its manifest's roots: kNotAScanFlag if not, else kExitOk or
// the usage error's code.
int ParseScanFlag(const std::vector<std::string>& args, size_t* i, edgescan::ScanOptions* options) {
  const std::string& a = args[*i];
  std::string v;
  unsigned long long n;
  if (a == "--jobs" || a == "-j") {
    if (!FlagValue(args, i, &v) || !ParseUint(v, &n) || n == 0 || n > 1024) {
      return Usage("--jobs needs a number from 1 to 1024");
    }
    options->jobs = static_cast<int>(n);
  } else if (a == "--rules") {
    if (!FlagValue(args, i, &v)) return Usage("--rules needs a folder");
    options->rules_dirs.push_back(v);
  } else if (a == "--config") {
    if (!FlagValue(args, i, &options->config_file)) return Usage("--config needs a file name");
  } else if (a == "--include-tests") {
    options->include_tests = true;
  } else if (a == "--include-scripts") {
    options->include_scripts = true;
  } else if (a == "--max-file-size") {
    if (!FlagValue(args, i, &v) || !ParseUint(v, &n) || n == 0) {
      return Usage("--max-file-size needs a positive number of bytes");
    }
    options->max_file_bytes = n;
  } else if (a == "--parse-timeout-ms") {
    if (!FlagValue(args, i, &v) || !ParseUint(v, &n) || n == 0) {
      return Usage("--parse-timeout-ms needs a positive number");
    }
    options->parse_timeout_micros = n * 1000;
  } else if (a == "--max-eval-depth" || a == "--max-caller-depth" || a == "--max-values") {
    if (!FlagValue(args, i, &v) || !ParseUint(v, &n) || n == 0 || n > 1000) {
      return Usage(a + " needs a number from 1 to 1000");
    }
    int& target = a == "--max-eval-depth"     ? options->resolve.max_eval_depth
                  : a == "--max-caller-depth" ? options->resolve.max_caller_depth
                                              : options->resolve.max_alternatives;
    target = static_cast<int>(n);
  } else {
    return kNotAScanFlag;
  }
  return kExitOk;
}

// Reads args[*i] if it is --cache-max-mb or --cache-max-age-days: kNotAScanFlag if not, else kExitOk or the usage
// error's code.
int ParseCacheLimit(const std::vector<std::string>& args, size_t* i, long long* max_bytes, long long* max_age) {
  const std::string& a = args[*i];
  if (a != "--cache-max-mb" && a != "--cache-max-age-days") return kNotAScanFlag;
  std::string v;
  unsigned long long n;
  if (!FlagValue(args, i, &v) || !ParseUint(v, &n) || n > 100'000'000) {
    return Usage(a + " needs a number from 0 to 100000000");
  }
  if (a == "--cache-max-mb") {
    *max_bytes = static_cast<long long>(n) * 1024 * 1024;
  } else {
    *max_age = static_cast<long long>(n) * 24 * 3600;
  }
  return kExitOk;
}

// `edgescan cache prune`: prunes now and prints what the cache held and holds.
int RunCache(const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "prune") return Usage("cache needs a subcommand: cache prune [--cache DIR]");
  std::string dir = edgescan::cache::DefaultCacheDir();
  edgescan::cache::PruneLimits limits;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--cache") {
      if (!FlagValue(args, &i, &dir) || dir.empty()) return Usage("--cache needs a folder");
    } else if (int rc = ParseCacheLimit(args, &i, &limits.max_bytes, &limits.max_age_seconds); rc != kNotAScanFlag) {
      if (rc != kExitOk) return rc;
    } else {
      return Usage("unknown cache prune option '" + args[i] + "'");
    }
  }
  if (dir.empty()) return Usage("no cache folder: give --cache DIR (neither XDG_CACHE_HOME nor HOME is set)");
  edgescan::StatusOr<std::unique_ptr<edgescan::cache::Store>> store = edgescan::cache::Store::Open(dir);
  if (!store.ok()) {
    std::cerr << "edgescan: " << store.status().message() << "\n";
    return kExitUsage;
  }
  edgescan::cache::PruneStats s = (*store)->Prune(limits);
  std::cout << "cache " << (*store)->dir() << ": removed " << s.removed << " of " << s.entries_before << " entries ("
            << s.removed_bytes / 1024 << " of " << s.bytes_before / 1024 << " KiB) and " << s.stale_tmp
            << " stale temporary files; holds " << s.entries_after() << " entries (" << s.bytes_after() / 1024
            << " KiB)\n";
  return kExitOk;
}

bool ReadText(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  text->assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return !in.bad();
}

// A scan document (edgescan/edges@1 or its JSON Lines) read from `path`; the error is the line to print.
edgescan::StatusOr<edgescan::edges::ScanResult> ReadScanFile(const std::string& path) {
  std::string text;
  if (!ReadText(path, &text)) return edgescan::InvalidArgumentError("cannot read " + path);
  return edgescan::diff::ReadScanDocument(text, path);
}

edgescan::StatusOr<edgescan::graph::Manifest> LoadManifest(const std::string& path) {
  if (path.empty()) return edgescan::graph::Manifest{};
  std::string text;
  if (!ReadText(path, &text)) return edgescan::InvalidArgumentError("cannot read --manifest " + path);
  return edgescan::graph::ParseManifest(text, path);
}

// Builds the graph of `scans` and writes it in flags.format to `path` ("-" or "" = standard output).
int EmitGraph(const std::vector<edgescan::edges::ScanResult>& scans, const GraphFlags& flags, const std::string& path) {
  edgescan::StatusOr<edgescan::graph::Manifest> manifest = LoadManifest(flags.manifest);
  edgescan::Status ok = manifest.ok() ? edgescan::graph::CheckServices(scans, *manifest) : manifest.status();
  if (!ok.ok()) {
    std::cerr << "edgescan: " << ok.message() << "\n";
    return kExitUsage;
  }
  edgescan::graph::ServiceGraph g = edgescan::graph::BuildGraph(scans, *manifest);
  std::string text = flags.format == "dot"        ? edgescan::output::WriteGraphDot(g)
                     : flags.format == "plantuml" ? edgescan::output::WriteGraphPlantUml(g, flags.c4_include)
                     : flags.format == "markdown" ? edgescan::output::WriteGraphMarkdown(g)
                                                  : edgescan::output::WriteGraphJson(g, EDGESCAN_VERSION);
  return WriteOutput(text, path == "-" ? "" : path);
}

// `edgescan scan A --service a B --service b ...`: scans in parallel, writes each document to --out DIR (if given)
// and the graph to --graph FILE (standard output without it).
int RunMultiScan(const edgescan::ScanOptions& options, const std::vector<std::string>& roots,
                 const std::vector<std::string>& root_services, const std::string& format, const std::string& out_dir,
                 const GraphFlags& graph_flags) {
  std::vector<edgescan::ScanOptions> scans;
  for (size_t r = 0; r < roots.size(); ++r) {
    edgescan::ScanOptions o = options;
    o.root = roots[r];
    o.service = r == 0 && root_services[r].empty() ? options.service : root_services[r];
    scans.push_back(std::move(o));
  }
  edgescan::StatusOr<std::vector<edgescan::edges::ScanResult>> results = edgescan::ScanMany(scans, options.jobs);
  if (!results.ok()) {
    std::cerr << "edgescan: " << results.status().message() << "\n";
    return results.status().code() == edgescan::StatusCode::kNotFound ? kExitUnreadableRoot : kExitUsage;
  }
  for (const edgescan::edges::ScanResult& r : *results) {
    for (const std::string& notice : r.notices) std::cerr << "edgescan: " << r.service << ": " << notice << "\n";
  }
  if (!out_dir.empty()) {
    std::string doc_format = format.empty() || format == "text" ? "json" : format;
    for (const edgescan::edges::ScanResult& r : *results) {
      std::string text = doc_format == "jsonl"      ? edgescan::output::WriteJsonl(r)
                         : doc_format == "markdown" ? edgescan::output::WriteMarkdown(r, EDGESCAN_VERSION)
                         : doc_format == "sarif"
                             ? edgescan::output::WriteSarif(edgescan::output::BrittleFindings(r.edges), EDGESCAN_VERSION)
                             : edgescan::output::WriteJson(r, EDGESCAN_VERSION);
      std::string ext = doc_format == "markdown" ? "md" : doc_format;
      int rc = WriteOutput(text, out_dir + "/" + r.service + "." + ext);
      if (rc != kExitOk) return rc;
    }
  }
  return EmitGraph(*results, graph_flags, graph_flags.path);
}

// `edgescan graph [SCAN.json...] [--manifest FILE]`: see graph/graph.h and docs/GRAPH.md.
int RunGraph(const std::vector<std::string>& args) {
  GraphFlags flags;
  std::string out_path;
  edgescan::ScanOptions scan_options;
  scan_options.timing = false;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--format") {
      if (i + 1 >= args.size() || !GraphFormatOk(args[i + 1])) {
        return Usage("graph --format takes json, dot, plantuml or markdown");
      }
      flags.format = args[++i];
    } else if (a == "--manifest" || a == "--plantuml-include") {
      if (int rc = ParseGraphFlag(args, &i, &flags); rc != kExitOk) return rc;
    } else if (a == "--out") {
      if (i + 1 >= args.size()) return Usage("--out needs a file name");
      out_path = args[++i];
    } else if (a == "--jobs" || a == "-j" || a == "--rules") {
      if (int rc = ParseScanFlag(args, &i, &scan_options); rc != kExitOk) return rc;
    } else if (!a.empty() && a[0] == '-') {
      return Usage("unknown graph option '" + a + "'");
    } else {
      files.push_back(a);
    }
  }
  if (files.empty() && flags.manifest.empty()) return Usage("graph needs scan documents or --manifest FILE");
  edgescan::StatusOr<edgescan::graph::Manifest> manifest = LoadManifest(flags.manifest);
  if (!manifest.ok()) {
    std::cerr << "edgescan: " << manifest.status().message() << "\n";
    return kExitUsage;
  }
  std::vector<edgescan::edges::ScanResult> scans;
  auto read_scan = [&](const std::string& f, const std::string& expect_service, const std::string& where) {
    edgescan::StatusOr<edgescan::edges::ScanResult> doc = ReadScanFile(f);
    if (!doc.ok()) {
      std::cerr << "edgescan: " << where << doc.status().message() << "\n";
      return false;
    }
    if (!expect_service.empty() && doc->service != expect_service) {
      std::cerr << "edgescan: " << where << f << " is a scan of '" << doc->service << "', not '" << expect_service
                << "'\n";
      return false;
    }
    scans.push_back(std::move(doc).value());
    return true;
  };
  for (const std::string& f : files) {
    if (!read_scan(f, "", "")) return kExitUsage;
  }
  std::vector<edgescan::ScanOptions> roots;
  for (size_t i = 0; i < manifest->services.size(); ++i) {
    const edgescan::graph::ManifestService& s = manifest->services[i];
    std::string where = flags.manifest + ": services[" + std::to_string(i) + "].scan: ";
    if (!s.scan.empty() && !read_scan(s.scan, s.name, where)) return kExitUsage;
    if (!s.root.empty()) {
      edgescan::ScanOptions o = scan_options;
      o.root = s.root;
      o.service = s.name;
      roots.push_back(std::move(o));
    }
  }
  if (!roots.empty()) {
    edgescan::StatusOr<std::vector<edgescan::edges::ScanResult>> results =
        edgescan::ScanMany(std::move(roots), scan_options.jobs);
    if (!results.ok()) {
      std::cerr << "edgescan: " << results.status().message() << "\n";
      return results.status().code() == edgescan::StatusCode::kNotFound ? kExitUnreadableRoot : kExitUsage;
    }
    for (edgescan::edges::ScanResult& r : *results) scans.push_back(std::move(r));
  }
  return EmitGraph(scans, flags, out_path);
}

int RunScan(const std::vector<std::string>& args) {
  edgescan::ScanOptions options;
  std::string format;
  std::string color_when = "auto";
  bool quiet = false;
  std::string out_path;
  std::vector<std::string> roots;
  std::string cache_dir = edgescan::cache::DefaultCacheDir();
  bool no_cache = false;
  std::vector<std::string> root_services;  // --service after a ROOT names that root (before any: the first)
  GraphFlags graph_flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) { return FlagValue(args, &i, out); };
    std::string v;
    if (a == "--service") {
      if (!value(&v)) return Usage("--service needs a name");
      std::string& slot = roots.empty() ? options.service : root_services.back();
      if (!slot.empty()) return Usage("a second --service for " + (roots.empty() ? "the first ROOT" : roots.back()));
      slot = v;
    } else if (int rc = ParseGraphFlag(args, &i, &graph_flags); rc != kNotAGraphFlag) {
      if (rc != kExitOk) return rc;
    } else if (int rc = ParseScanFlag(args, &i, &options); rc != kNotAScanFlag) {
      if (rc != kExitOk) return rc;
    } else if (a == "--format") {
      if (!value(&format)) return Usage("--format needs text, json, jsonl, markdown or sarif");
      if (format != "json" && format != "jsonl" && format != "markdown" && format != "sarif" && format != "text") {
        return Usage("unknown --format '" + format + "': use text, json, jsonl, markdown or sarif");
      }
    } else if (a == "--color" || a == "--colour") {
      if (!value(&color_when)) return Usage("--color needs auto, always or never");
    } else if (a == "--quiet" || a == "-q") {
      quiet = true;
    } else if (a == "--out") {
      if (!value(&out_path)) return Usage("--out needs a file name");
    } else if (a == "--no-timing") {
      options.timing = false;
    } else if (a == "--cache") {
      if (!value(&cache_dir) || cache_dir.empty()) return Usage("--cache needs a folder");
    } else if (a == "--no-cache") {
      no_cache = true;
    } else if (int rc = ParseCacheLimit(args, &i, &options.cache_max_bytes, &options.cache_max_age_seconds);
               rc != kNotAScanFlag) {
      if (rc != kExitOk) return rc;
    } else if (!a.empty() && a[0] == '-') {
      return Usage("unknown option '" + a + "'");
    } else {
      roots.push_back(a);
      root_services.emplace_back();
    }
  }
  if (roots.empty()) return Usage("scan needs a ROOT folder");
  if (!no_cache) options.cache_dir = cache_dir;  // every root's scan, one or several (nightly runs scan many)
  if (roots.size() > 1) return RunMultiScan(options, roots, root_services, format, out_path, graph_flags);
  options.root = roots[0];
  bool color_known = false;
  bool color = ParseColor(color_when, &color_known) && out_path.empty();
  if (!color_known) return Usage("unknown --color '" + color_when + "': use auto, always or never");
  if (color_when == "always") color = true;
  if (format.empty()) format = out_path.empty() && isatty(STDOUT_FILENO) != 0 ? "text" : "json";
  if (!root_services[0].empty()) options.service = root_services[0];
  options.free_index = false;  // one scan, then exit: the OS takes the index back faster than freeing it
  edgescan::StatusOr<edgescan::edges::ScanResult> result = ScanWithProgress(options, quiet);
  if (!result.ok()) {
    std::cerr << "edgescan: " << result.status().message() << "\n";
    return result.status().code() == edgescan::StatusCode::kNotFound ? kExitUnreadableRoot : kExitUsage;
  }
  for (const std::string& notice : result->notices) std::cerr << "edgescan: " << notice << "\n";
  std::string text;
  if (format == "jsonl") {
    text = edgescan::output::WriteJsonl(*result);
  } else if (format == "markdown") {
    text = edgescan::output::WriteMarkdown(*result, EDGESCAN_VERSION);
  } else if (format == "sarif") {
    text = edgescan::output::WriteSarif(edgescan::output::BrittleFindings(result->edges), EDGESCAN_VERSION);
  } else if (format == "text") {
    text = edgescan::output::WriteText(*result, {color});
  } else {
    text = edgescan::output::WriteJson(*result, EDGESCAN_VERSION);
  }
  if (!graph_flags.path.empty()) {
    int rc = EmitGraph({*result}, graph_flags, graph_flags.path);
    if (rc != kExitOk) return rc;
  }
  return WriteOutput(text, out_path);
}

// edgescan diff BASE.json HEAD.json: see diff/diff.h.
int RunDiff(const std::vector<std::string>& args) {
  std::string format = "json";
  std::string out_path;
  bool fail_on_new_brittle = false;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--format") {
      if (i + 1 >= args.size()) return Usage("--format needs json, markdown or sarif");
      format = args[++i];
      if (format != "json" && format != "markdown" && format != "sarif") {
        return Usage("unknown diff --format '" + format + "': use json, markdown or sarif");
      }
    } else if (a == "--fail-on") {
      if (i + 1 >= args.size() || args[i + 1] != "new-brittle") return Usage("--fail-on takes new-brittle");
      ++i;
      fail_on_new_brittle = true;
    } else if (a == "--out") {
      if (i + 1 >= args.size()) return Usage("--out needs a file name");
      out_path = args[++i];
    } else if (!a.empty() && a[0] == '-') {
      return Usage("unknown diff option '" + a + "'");
    } else {
      files.push_back(a);
    }
  }
  if (files.size() != 2) return Usage("diff takes two scan documents: BASE.json HEAD.json");
  std::vector<edgescan::edges::ScanResult> docs;
  for (const std::string& f : files) {
    edgescan::StatusOr<edgescan::edges::ScanResult> doc = ReadScanFile(f);
    if (!doc.ok()) {
      std::cerr << "edgescan: " << doc.status().message() << "\n";
      return kExitUsage;
    }
    docs.push_back(std::move(doc).value());
  }
  edgescan::diff::EdgeDiff d = edgescan::diff::DiffScans(std::move(docs[0]), std::move(docs[1]));
  std::string text;
  if (format == "markdown") {
    text = edgescan::output::WriteDiffMarkdown(d) + "\n";
  } else if (format == "sarif") {
    auto only_new = [&](const edgescan::edges::Edge& e, const std::string& kind) { return d.IsNewBrittle(e.id, kind); };
    text = edgescan::output::WriteSarif(edgescan::output::BrittleFindings(d.head.edges, only_new), EDGESCAN_VERSION);
  } else {
    text = edgescan::output::WriteDiffJson(d, EDGESCAN_VERSION);
  }
  int rc = WriteOutput(text, out_path);
  if (rc != kExitOk) return rc;
  return fail_on_new_brittle && !d.new_brittle.empty() ? kExitNewBrittle : kExitOk;
}

// edgescan explain ID [ROOT] [--scan FILE] [--source DIR]: see output/explain.h. Exit 0 explained, 2 usage error, no
// such edge or an ambiguous id prefix, 3 unreadable root.
int RunExplain(const std::vector<std::string>& args) {
  edgescan::ScanOptions options;
  std::string scan_file, source_root, color_when = "auto";
  bool quiet = false;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) { return FlagValue(args, &i, out); };
    if (int rc = ParseScanFlag(args, &i, &options); rc != kNotAScanFlag) {
      if (rc != kExitOk) return rc;
    } else if (a == "--scan") {
      if (!value(&scan_file)) return Usage("--scan needs a scan document (edgescan scan ROOT --out FILE)");
    } else if (a == "--source") {
      if (!value(&source_root)) return Usage("--source needs the checkout the scan document was made from");
    } else if (a == "--color" || a == "--colour") {
      if (!value(&color_when)) return Usage("--color needs auto, always or never");
    } else if (a == "--service") {
      if (!value(&options.service)) return Usage("--service needs a name");
    } else if (a == "--quiet" || a == "-q") {
      quiet = true;
    } else if (!a.empty() && a[0] == '-') {
      return Usage("unknown explain option '" + a + "'");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty()) return Usage("explain needs an edge ID (from edgescan scan)");
  if (positional.size() > 2) return Usage("explain takes an ID and at most one ROOT");
  const std::string& id = positional[0];
  bool color_known = false;
  bool color = ParseColor(color_when, &color_known);
  if (!color_known) return Usage("unknown --color '" + color_when + "': use auto, always or never");
  edgescan::edges::ScanResult result;
  if (!scan_file.empty()) {
    edgescan::StatusOr<edgescan::edges::ScanResult> doc = ReadScanFile(scan_file);
    if (!doc.ok()) {
      std::cerr << "edgescan: " << doc.status().message() << "\n";
      return kExitUsage;
    }
    result = std::move(doc).value();
    if (source_root.empty()) source_root = positional.size() == 2 ? positional[1] : result.root;
    if (source_root.empty()) source_root = ".";  // JSON lines carry no repo.root
  } else {
    options.root = positional.size() == 2 ? positional[1] : ".";
    options.timing = false;
    edgescan::StatusOr<edgescan::edges::ScanResult> scanned = ScanWithProgress(options, quiet);
    if (!scanned.ok()) {
      std::cerr << "edgescan: " << scanned.status().message() << "\n";
      return scanned.status().code() == edgescan::StatusCode::kNotFound ? kExitUnreadableRoot : kExitUsage;
    }
    result = std::move(scanned).value();
    if (source_root.empty()) source_root = options.root;
  }
  std::vector<const edgescan::edges::Edge*> found = edgescan::output::FindEdges(result, id);
  if (found.empty()) {
    std::cerr << "edgescan: no edge with id '" << id << "' among the " << result.edges.size()
              << " edges of this scan (ids are in edgescan scan's output; give at least 4 characters)\n";
    return kExitUsage;
  }
  if (found.size() > 1) {
    std::cerr << "edgescan: id prefix '" << id << "' matches " << found.size() << " edges (" << found[0]->id << ", "
              << found[1]->id << (found.size() > 2 ? ", ..." : "") << "); give more characters\n";
    return kExitUsage;
  }
  return WriteOutput(edgescan::output::WriteExplain(*found[0], result, source_root, {color}), "");
}

}  // namespace

int main(int argc, char** argv) {
  edgescan::InstallStopHandlers();
  std::vector<std::string> args(argv + 1, argv + argc);
  edgescan::Status abi = edgescan::parse::CheckGrammarAbi();
  if (!abi.ok()) {
    std::cerr << "edgescan: " << abi.message() << "\n";
    return kExitUsage;
  }
  if (args.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (cmd == "--version" || cmd == "-V") {
    edgescan::StatusOr<edgescan::ruleset::RuleSet> rules = edgescan::ruleset::LoadRuleSet({});
    std::cout << "edgescan " << EDGESCAN_VERSION << " (tree-sitter-python " << edgescan::parse::GrammarVersion()
              << ", rules " << (rules.ok() ? rules->hash : std::string("invalid")) << ")\n";
    return kExitOk;
  }
  if (cmd == "scan") return RunScan(std::vector<std::string>(args.begin() + 1, args.end()));
  if (cmd == "rules") return RunRulesTest(std::vector<std::string>(args.begin() + 1, args.end()));
  if (cmd == "diff") return RunDiff(std::vector<std::string>(args.begin() + 1, args.end()));
  if (cmd == "explain") return RunExplain(std::vector<std::string>(args.begin() + 1, args.end()));
  if (cmd == "graph") return RunGraph(std::vector<std::string>(args.begin() + 1, args.end()));
  if (cmd == "cache") return RunCache(std::vector<std::string>(args.begin() + 1, args.end()));
  return Usage("unknown command '" + cmd + "'");
}
