#include "ruleset/builtin.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace edgescan::ruleset {

StatusOr<RuleSet> LoadRuleSet(const std::vector<std::string>& extra_dirs, bool skip_builtin) {
  RuleSet rules;
  std::string all_text;
  if (!skip_builtin) {
    for (const EmbeddedRuleFile& f : BuiltinRuleFiles()) {
      RETURN_IF_ERROR(LoadRuleText(f.path, f.text, &rules));
      all_text += f.path;
      all_text += f.text;
    }
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
      std::ifstream in(p, std::ios::binary);
      if (!in) return InvalidArgumentError(p + ": cannot read rule file");
      std::stringstream ss;
      ss << in.rdbuf();
      RETURN_IF_ERROR(LoadRuleText(p, ss.str(), &rules));
      all_text += p;
      all_text += ss.str();
    }
  }
  // FNV-1a 64: a stable fingerprint of the rules in force (cache keys, --version).
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : all_text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  rules.hash = buf;
  return rules;
}

}  // namespace edgescan::ruleset
