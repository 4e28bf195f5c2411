#include "scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <optional>
#include <filesystem>
#include <mutex>
#include <thread>


#include "cache/codec.h"
#include "cache/fingerprint.h"
#include "cache/store.h"
#include "config/config.h"
#include "core/read_file.h"
#include "detect/detector.h"
#include "edges/edge_set.h"
#include "facts/extract.h"
#include "parse/python_parser.h"
#include "resolve/repo_index.h"
#include "ruleset/builtin.h"
#include "walk/walker.h"

namespace edgescan {
namespace {

// What one file gave: its facts (or why it was skipped) and whether that may be cached. Outcomes decided by the
// content alone are cacheable; a read error or a parse stopped by the timeout is not (the next run may differ).
struct FileOutcome {
  cache::FileEntry entry;
  bool cacheable = true;
  bool from_cache = false;
  std::vector<std::string> notices;
};

// Scan(free_index = false): the index lives until the process exits, reachable from here (so leak checkers do not
// count it as lost).
void KeepUntilExit(std::unique_ptr<resolve::RepoIndex> index) {
  static std::mutex mu;
  static auto* kept = new std::vector<std::unique_ptr<resolve::RepoIndex>>();
  std::lock_guard<std::mutex> lock(mu);
  kept->push_back(std::move(index));
}

// Index of the first byte of an invalid UTF-8 sequence, or npos.
size_t InvalidUtf8At(const std::string& s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n) return i;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return i;
    }
    i += len;
  }
  return std::string::npos;
}

int LineOfOffset(const std::string& s, size_t offset) {
  return 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<long>(std::min(offset, s.size())), '\n'));
}

FileOutcome AnalyseSource(const walk::SourceFile& file, std::string source, parse::PythonParser* parser) {
  FileOutcome out;
  cache::FileEntry& e = out.entry;
  if (source.find('\0') != std::string::npos) {
    e.diagnostics.push_back({file.path, 0, "warning", "binary content (NUL bytes) in a .py file; not scanned"});
    e.skipped = true;
    return out;
  }
  size_t bad = InvalidUtf8At(source);
  if (bad != std::string::npos) {
    e.diagnostics.push_back({file.path, LineOfOffset(source, bad), "warning",
                             "invalid UTF-8 at byte " + std::to_string(bad) + "; scanned what decodes"});
  }
  StatusOr<parse::ParsedModule> parsed = parser->Parse(std::move(source));
  if (!parsed.ok()) {
    e.diagnostics.push_back({file.path, 0, "warning", parsed.status().message()});
    e.skipped = true;
    out.cacheable = false;
    return out;
  }
  facts::ModuleFacts facts = facts::ExtractFacts(*parsed, file.path);
  for (Diagnostic& d : facts.diagnostics) e.diagnostics.push_back(d);
  facts.diagnostics.clear();
  e.facts = std::move(facts);
  return out;
}

// The cache key of one file's outcome: the build's facts fingerprint, the path (module names come from it) and the
// content.
cache::Key FileKey(const walk::SourceFile& file, std::string_view content) {
  return cache::KeyBuilder().Add(cache::FactsFingerprint()).Add(file.path).Add(content).Finish();
}

// Reads, parses and extracts one file, or takes its outcome from the cache. `*key` is set to the content key of
// the bytes actually read (the caller checks it against the key the result cache was looked up with).
FileOutcome ProcessFile(const walk::SourceFile& file, parse::PythonParser* parser, const cache::Store* store,
                        std::optional<cache::Key>* key) {
  std::string source, error;
  if (!ReadFile(file.abs_path, &source, &error)) {
    FileOutcome out;
    out.entry.diagnostics.push_back({file.path, 0, "error", error});
    out.entry.skipped = true;
    out.cacheable = false;
    key->reset();
    return out;
  }
  if (!store) return AnalyseSource(file, std::move(source), parser);
  *key = FileKey(file, source);
  std::string corrupt;
  if (std::optional<std::string> payload = store->Get(cache::EntryKind::kFacts, **key, &corrupt)) {
    StatusOr<cache::FileEntry> entry = cache::DecodeFileEntry(*payload);
    if (entry.ok()) {
      FileOutcome out;
      out.entry = std::move(*entry);
      out.from_cache = true;
      return out;
    }
    corrupt = entry.status().message();
  }
  std::vector<std::string> notices;
  if (!corrupt.empty()) notices.push_back("cache: entry for " + file.path + " was damaged (" + corrupt + "); rebuilt");
  FileOutcome out = AnalyseSource(file, std::move(source), parser);
  out.notices = std::move(notices);
  if (out.cacheable) store->Put(cache::EntryKind::kFacts, **key, cache::EncodeFileEntry(out.entry));
  return out;
}

std::optional<std::string> GitHead(const std::string& root) {
  std::string head, error;
  if (!ReadFile(root + "/.git/HEAD", &head, &error)) return std::nullopt;
  while (!head.empty() && (head.back() == '\n' || head.back() == '\r' || head.back() == ' ')) head.pop_back();
  if (head.rfind("ref: ", 0) != 0) {
    if (head.size() == 40) return head;
    return std::nullopt;
  }
  std::string ref = head.substr(5);
  std::string sha;
  if (ReadFile(root + "/.git/" + ref, &sha, &error)) {
    while (!sha.empty() && (sha.back() == '\n' || sha.back() == '\r')) sha.pop_back();
    if (sha.size() == 40) return sha;
  }
  std::string packed;
  if (ReadFile(root + "/.git/packed-refs", &packed, &error)) {
    std::istringstream in(packed);
    std::string line;
    while (std::getline(in, line)) {
      if (line.size() > 41 && line.compare(41, std::string::npos, ref) == 0) return line.substr(0, 40);
    }
  }
  return std::nullopt;
}

std::string Trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

// Fills each edge's `evidence` with its source line, reading only files that have edges.
void FillEvidence(const std::string& root, std::vector<edges::Edge>* edges) {
  std::string current;
  std::vector<std::string> lines;
  for (edges::Edge& e : *edges) {
    if (e.location.file != current) {
      current = e.location.file;
      lines.clear();
      std::string text, error;
      if (ReadFile(root + "/" + current, &text, &error)) {
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) lines.push_back(line);
      }
    }
    if (!e.evidence.empty()) continue;
    if (e.location.line >= 1 && e.location.line <= static_cast<int>(lines.size())) {
      std::string line = Trim(lines[e.location.line - 1]);
      if (line.size() > 240) line = line.substr(0, 240);
      e.evidence = line;
    }
  }
}

// Runs fn(i) for i in [0, n) on `jobs` threads, each with its own parser; results land by index.
template <typename Fn>
void ParallelFor(int jobs, size_t n, uint64_t parse_timeout_micros, Fn&& fn) {
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    parse::PythonParser parser(parse_timeout_micros);
    for (size_t i = next++; i < n; i = next++) fn(i, &parser);
  };
  if (jobs <= 1) {
    worker();
    return;
  }
  std::vector<std::thread> threads;
  for (int j = 0; j < jobs; ++j) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
}

// The key of a whole scan: the build, the rules, every option that changes the document, what the walk saw and
// every file's content key (or its read error).
cache::Key ResultKey(const ScanOptions& options, std::string_view service, std::string_view config_text,
                     const std::string& rules_hash, const walk::WalkResult& walked,
                     const std::vector<std::optional<cache::Key>>& file_keys) {
  cache::KeyBuilder k;
  k.Add("result").Add(cache::ScannerFingerprint()).Add(rules_hash).Add(options.root).Add(service).Add(config_text);
  k.Add(options.include_tests ? 1 : 0).Add(options.include_scripts ? 1 : 0).Add(options.max_file_bytes).Add(options.parse_timeout_micros);
  k.Add(static_cast<uint64_t>(options.resolve.max_eval_depth)).Add(static_cast<uint64_t>(options.resolve.max_caller_depth));
  k.Add(static_cast<uint64_t>(options.resolve.max_alternatives));
  k.Add(static_cast<uint64_t>(walked.skipped));
  for (const Diagnostic& d : walked.diagnostics) k.Add(d.file).Add(static_cast<uint64_t>(d.line)).Add(d.severity).Add(d.message);
  for (size_t i = 0; i < walked.files.size(); ++i) {
    k.Add(walked.files[i].path);
    if (file_keys[i]) {
      k.Add(*file_keys[i]);
    } else {
      k.Add("unreadable");
    }
  }
  return k.Finish();
}

}  // namespace

StatusOr<edges::ScanResult> Scan(const ScanOptions& options) {
  auto start = std::chrono::steady_clock::now();
  StatusOr<std::optional<config::Config>> cfg = config::LoadConfig(options.root, options.config_file);
  if (!cfg.ok()) return cfg.status();
  std::vector<std::string> rules_dirs = options.rules_dirs;
  if (*cfg) rules_dirs.insert(rules_dirs.begin(), (*cfg)->rules_dirs.begin(), (*cfg)->rules_dirs.end());
  // Rules are read now (their hash keys the cache) and parsed only when the scan is not answered from the cache:
  // compiling their patterns is half of a rescan where nothing changed.
  StatusOr<ruleset::RuleTexts> rule_texts = ruleset::ReadRuleTexts(rules_dirs);
  if (!rule_texts.ok()) return rule_texts.status();

  walk::WalkOptions wo;
  wo.root = options.root;
  wo.include_tests = options.include_tests;
  wo.include_scripts = options.include_scripts;
  wo.max_file_bytes = options.max_file_bytes;
  if (*cfg) {
    wo.include_globs = (*cfg)->include;
    wo.exclude_globs = (*cfg)->exclude;
  }
  StatusOr<walk::WalkResult> walked = walk::Walk(wo);
  if (!walked.ok()) return walked.status();
  if (options.progress != nullptr) {
    options.progress->files_total = walked->files.size();
    options.progress->stage = ScanProgress::kParse;
  }

  edges::ScanResult result;
  result.root = options.root;
  std::string root_name = std::filesystem::path(options.root).lexically_normal().filename().string();
  if (root_name.empty() || root_name == ".") {
    std::error_code ec;
    root_name = std::filesystem::weakly_canonical(options.root, ec).filename().string();
  }
  result.service = !options.service.empty() ? options.service
                   : *cfg && !(*cfg)->service.empty() ? (*cfg)->service
                                                      : root_name;
  result.commit = GitHead(options.root);
  auto finish = [&](edges::ScanResult* r) {
    if (options.timing) r->stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  const std::vector<walk::SourceFile>& files = walked->files;
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<size_t>(1, files.size()))));

  // With a cache: hash every file first (reading costs ~1% of parsing), and when the whole scan's inputs are
  // unchanged, the stored result is the answer.
  std::unique_ptr<cache::Store> store;
  std::optional<cache::Key> result_key;
  std::vector<std::optional<cache::Key>> file_keys(files.size());
  if (!options.cache_dir.empty()) {
    StatusOr<std::unique_ptr<cache::Store>> opened = cache::Store::Open(options.cache_dir);
    if (opened.ok()) {
      store = std::move(*opened);
    } else {
      result.notices.push_back("cache: " + opened.status().message() + "; scanning without a cache");
    }
  }
  if (store) {
    ParallelFor(jobs, files.size(), 0, [&](size_t i, parse::PythonParser*) {
      std::string source, error;
      if (ReadFile(files[i].abs_path, &source, &error)) file_keys[i] = FileKey(files[i], source);
    });
    // The configuration changes the document (aliases, settings modules, globs): its text is part of the key.
    std::string config_text, unused;
    ReadFile(options.config_file.empty() ? options.root + "/" + config::kConfigFileName : options.config_file,
             &config_text, &unused);
    result_key = ResultKey(options, result.service, config_text, rule_texts->hash, *walked, file_keys);
    std::string corrupt;
    if (std::optional<std::string> payload = store->Get(cache::EntryKind::kResult, *result_key, &corrupt)) {
      StatusOr<edges::ScanResult> cached = cache::DecodeScanResult(*payload);
      if (cached.ok()) {
        for (const std::optional<cache::Key>& k : file_keys) {
          if (k) store->Touch(cache::EntryKind::kFacts, *k);  // still this repo's facts: pruning keeps them
        }
        cached->commit = result.commit;
        cached->cache.result_hit = true;
        cached->notices = std::move(result.notices);
        if (options.progress != nullptr) options.progress->stage = ScanProgress::kDone;
        finish(&*cached);
        return std::move(*cached);
      }
      corrupt = cached.status().message();
    }
    if (!corrupt.empty()) result.notices.push_back("cache: stored result was damaged (" + corrupt + "); rebuilt");
  }

  StatusOr<ruleset::RuleSet> rules = ruleset::ParseRuleTexts(*rule_texts);
  if (!rules.ok()) return rules.status();
  if (*cfg) config::ApplyConfig(**cfg, &*rules);

  result.diagnostics = walked->diagnostics;
  result.stats.skipped = walked->skipped;

  // read/parse/facts per file on workers; results land by index, so merge order is path order.
  std::vector<FileOutcome> outcomes(files.size());
  std::atomic<bool> inputs_moved{false};  // a file changed between hashing and parsing: do not store the result
  ParallelFor(jobs, files.size(), options.parse_timeout_micros, [&](size_t i, parse::PythonParser* parser) {
    std::optional<cache::Key> key;
    outcomes[i] = ProcessFile(files[i], parser, store.get(), &key);
    if (store && !(key == file_keys[i])) inputs_moved = true;
    if (options.progress != nullptr) ++options.progress->files_done;
  });

  std::vector<facts::ModuleFacts> modules;
  bool all_cacheable = true;
  for (size_t i = 0; i < files.size(); ++i) {
    FileOutcome& o = outcomes[i];
    cache::FileEntry& e = o.entry;
    all_cacheable = all_cacheable && o.cacheable;
    if (store) ++(o.from_cache ? result.cache.facts_hits : result.cache.facts_misses);
    for (Diagnostic& d : e.diagnostics) result.diagnostics.push_back(std::move(d));
    for (std::string& n : o.notices) result.notices.push_back(std::move(n));
    if (e.skipped || !e.facts) {
      ++result.stats.skipped;
      continue;
    }
    ++result.stats.files;
    result.stats.bytes += static_cast<long long>(e.facts->bytes);
    if (e.facts->has_errors) ++result.stats.parse_errors;
    modules.push_back(std::move(*e.facts));
  }
  outcomes.clear();

  if (options.progress != nullptr) options.progress->stage = ScanProgress::kResolve;
  resolve::ResolveOptions resolve_options = options.resolve;
  if (*cfg) {
    resolve_options.settings_modules = (*cfg)->settings_modules;
    for (const std::string& m : (*cfg)->settings_modules) {
      bool found = std::any_of(modules.begin(), modules.end(), [&](const facts::ModuleFacts& f) { return f.module == m; });
      if (!found) {
        result.diagnostics.push_back({options.config_file.empty() ? config::kConfigFileName : options.config_file, 0,
                                      "warning",
                                      "settings_module '" + m + "' is not a scanned module; its settings are unknown"});
      }
    }
  }
  auto index = std::make_unique<resolve::RepoIndex>(std::move(modules), *rules, resolve_options);
  detect::DetectContext context{*index, *rules, result.service, &result.diagnostics};
  result.edges = detect::RunDetectors(context);
  for (Diagnostic& d : index->TakeDiagnostics()) result.diagnostics.push_back(std::move(d));
  if (!options.free_index) KeepUntilExit(std::move(index));
  edges::Finalize(&result.edges);
  FillEvidence(options.root, &result.edges);

  std::sort(result.diagnostics.begin(), result.diagnostics.end());
  result.diagnostics.erase(std::unique(result.diagnostics.begin(), result.diagnostics.end()), result.diagnostics.end());
  if (store && all_cacheable && !inputs_moved) {
    store->Put(cache::EntryKind::kResult, *result_key, cache::EncodeScanResult(result));
  }
  if (store) {
    cache::PruneStats pruned;
    if (store->PruneIfDue({options.cache_max_age_seconds, options.cache_max_bytes}, &pruned) &&
        (pruned.removed > 0 || pruned.stale_tmp > 0)) {
      result.notices.push_back("cache: pruned " + std::to_string(pruned.removed) + " unused entries (" +
                               std::to_string(pruned.removed_bytes / 1024) + " KiB) and " +
                               std::to_string(pruned.stale_tmp) + " stale temporary files from " + store->dir());
    }
  }
  if (options.progress != nullptr) options.progress->stage = ScanProgress::kDone;
  finish(&result);
  return result;
}

StatusOr<std::vector<edges::ScanResult>> ScanMany(std::vector<ScanOptions> scans, int jobs) {
  int cores = jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int parallel = std::max(1, std::min<int>(cores, static_cast<int>(scans.size())));
  for (ScanOptions& o : scans) o.jobs = std::max(1, cores / parallel);
  std::vector<std::optional<StatusOr<edges::ScanResult>>> results(scans.size());
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    for (size_t i = next++; i < scans.size(); i = next++) results[i] = Scan(scans[i]);
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < parallel; ++j) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  std::vector<edges::ScanResult> out;
  for (std::optional<StatusOr<edges::ScanResult>>& r : results) {
    if (!r->ok()) return r->status();
    out.push_back(std::move(*r).value());
  }
  return out;
}

}  // namespace edgescan
