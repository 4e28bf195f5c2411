// libFuzzer target: arbitrary bytes as a per-repository .edgescan.json -> the config loader (ParseConfig, which never
// touches the disk) and, when it parses, ApplyConfig onto the built-in rules and its peer patterns matched against
// a host and a setting name (issue 9). Errors are fine; crashes, hangs and leaks are not.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.h"
#include "ruleset/builtin.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const edgescan::ruleset::RuleSet builtin = edgescan::ruleset::LoadRuleSet({}).value();
  edgescan::StatusOr<edgescan::config::Config> config =
      edgescan::config::ParseConfig(std::string(reinterpret_cast<const char*>(data), size), "fuzz/.edgescan.json");
  if (!config.ok()) return 0;
  for (const edgescan::config::PeerAlias& p : config->peers) {
    if (p.host) p.host->FullMatch("api.ledger.internal");
    if (p.setting) p.setting->FullMatch("PAYROLL_API_URL");
  }
  edgescan::ruleset::RuleSet rules = builtin;
  edgescan::config::ApplyConfig(*config, &rules);
  return 0;
}
