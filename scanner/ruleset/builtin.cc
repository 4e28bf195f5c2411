#include "ruleset/builtin.h"

#include <algorithm>
#include <filesystem>

#include "core/read_file.h"

namespace edgescan::ruleset {

StatusOr<RuleTexts> ReadRuleTexts(const std::vector<std::string>& extra_dirs, bool skip_builtin) {
  RuleTexts texts;
  if (!skip_builtin) {
    for (const EmbeddedRuleFile& f : BuiltinRuleFiles()) texts.files.emplace_back(f.path, f.text);
  }
  for (const std::string& dir : extra_dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return InvalidArgumentError(dir + ": --rules needs a folder of *.json rule files");
    std::vector<std::string> paths;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".json" &&
          it->path().filename().string().find(".expected.") == std::string::npos) {
        paths.push_back(it->path().string());
      }
    }
    std::sort(paths.begin(), paths.end());
    for (const std::string& p : paths) {
      std::string text, error;
      if (!ReadFile(p, &text, &error)) return InvalidArgumentError(p + ": cannot read rule file");
      texts.files.emplace_back(p, std::move(text));
    }
  }
  // FNV-1a 64: a stable fingerprint of the rules in force (cache keys, --version).
  uint64_t h = 1469598103934665603ull;
  auto add = [&h](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  for (const auto& [path, text] : texts.files) {
    add(path);
    add(text);
  }
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  texts.hash = buf;
  return texts;
}

StatusOr<RuleSet> ParseRuleTexts(const RuleTexts& texts) {
  RuleSet rules;
  for (const auto& [path, text] : texts.files) RETURN_IF_ERROR(LoadRuleText(path, text, &rules));
  rules.hash = texts.hash;
  return rules;
}

StatusOr<RuleSet> LoadRuleSet(const std::vector<std::string>& extra_dirs, bool skip_builtin) {
  StatusOr<RuleTexts> texts = ReadRuleTexts(extra_dirs, skip_builtin);
  if (!texts.ok()) return texts.status();
  return ParseRuleTexts(*texts);
}

}  // namespace edgescan::ruleset
