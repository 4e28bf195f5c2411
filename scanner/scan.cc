#include "scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "config/config.h"
#include "detect/detector.h"
#include "edges/edge_set.h"
#include "facts/extract.h"
#include "parse/python_parser.h"
#include "resolve/repo_index.h"
#include "ruleset/builtin.h"
#include "walk/walker.h"

namespace edgescan {
namespace {

struct FileOutcome {
  std::optional<facts::ModuleFacts> facts;
  Diagnostics diagnostics;
  bool skipped = false;
};

bool ReadFile(const std::string& path, std::string* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::string("cannot read file: ") + std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    *error = "read error";
    return false;
  }
  *out = ss.str();
  return true;
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

FileOutcome ProcessFile(const walk::SourceFile& file, parse::PythonParser* parser) {
  FileOutcome out;
  std::string source, error;
  if (!ReadFile(file.abs_path, &source, &error)) {
    out.diagnostics.push_back({file.path, 0, "error", error});
    out.skipped = true;
    return out;
  }
  if (source.find('\0') != std::string::npos) {
    out.diagnostics.push_back({file.path, 0, "warning", "binary content (NUL bytes) in a .py file; not scanned"});
    out.skipped = true;
    return out;
  }
  size_t bad = InvalidUtf8At(source);
  if (bad != std::string::npos) {
    out.diagnostics.push_back({file.path, LineOfOffset(source, bad), "warning",
                               "invalid UTF-8 at byte " + std::to_string(bad) + "; scanned what decodes"});
  }
  StatusOr<parse::ParsedModule> parsed = parser->Parse(std::move(source));
  if (!parsed.ok()) {
    out.diagnostics.push_back({file.path, 0, "warning", parsed.status().message()});
    out.skipped = true;
    return out;
  }
  facts::ModuleFacts facts = facts::ExtractFacts(*parsed, file.path);
  for (Diagnostic& d : facts.diagnostics) out.diagnostics.push_back(d);
  facts.diagnostics.clear();
  out.facts = std::move(facts);
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

}  // namespace

StatusOr<edges::ScanResult> Scan(const ScanOptions& options) {
  auto start = std::chrono::steady_clock::now();
  StatusOr<std::optional<config::Config>> cfg = config::LoadConfig(options.root, options.config_file);
  if (!cfg.ok()) return cfg.status();
  std::vector<std::string> rules_dirs = options.rules_dirs;
  if (*cfg) rules_dirs.insert(rules_dirs.begin(), (*cfg)->rules_dirs.begin(), (*cfg)->rules_dirs.end());
  StatusOr<ruleset::RuleSet> rules = ruleset::LoadRuleSet(rules_dirs);
  if (!rules.ok()) return rules.status();
  if (*cfg) config::ApplyConfig(**cfg, &*rules);

  walk::WalkOptions wo;
  wo.root = options.root;
  wo.include_tests = options.include_tests;
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
  result.diagnostics = walked->diagnostics;
  result.stats.skipped = walked->skipped;

  // walk/parse/facts per file on workers; results land by index, so merge order is path order.
  const std::vector<walk::SourceFile>& files = walked->files;
  std::vector<FileOutcome> outcomes(files.size());
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<size_t>(1, files.size()))));
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    parse::PythonParser parser(options.parse_timeout_micros);
    for (size_t i = next++; i < files.size(); i = next++) {
      outcomes[i] = ProcessFile(files[i], &parser);
      if (options.progress != nullptr) ++options.progress->files_done;
    }
  };
  if (jobs == 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (int j = 0; j < jobs; ++j) threads.emplace_back(worker);
    for (std::thread& t : threads) t.join();
  }

  std::vector<facts::ModuleFacts> modules;
  for (size_t i = 0; i < files.size(); ++i) {
    FileOutcome& o = outcomes[i];
    for (Diagnostic& d : o.diagnostics) result.diagnostics.push_back(std::move(d));
    if (o.skipped || !o.facts) {
      ++result.stats.skipped;
      continue;
    }
    ++result.stats.files;
    result.stats.bytes += static_cast<long long>(o.facts->bytes);
    if (o.facts->has_errors) ++result.stats.parse_errors;
    modules.push_back(std::move(*o.facts));
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
  resolve::RepoIndex index(std::move(modules), *rules, resolve_options);
  detect::DetectContext context{index, *rules, result.service, &result.diagnostics};
  result.edges = detect::RunDetectors(context);
  for (Diagnostic& d : index.TakeDiagnostics()) result.diagnostics.push_back(std::move(d));
  edges::Finalize(&result.edges);
  FillEvidence(options.root, &result.edges);

  std::sort(result.diagnostics.begin(), result.diagnostics.end());
  result.diagnostics.erase(std::unique(result.diagnostics.begin(), result.diagnostics.end()), result.diagnostics.end());
  if (options.progress != nullptr) options.progress->stage = ScanProgress::kDone;
  if (options.timing) {
    result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return result;
}

}  // namespace edgescan
