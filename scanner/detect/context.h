// Helpers shared by detectors: provenance of facts, URL objects from resolved values, peer naming.
#ifndef EDGESCAN_DETECT_CONTEXT_H_
#define EDGESCAN_DETECT_CONTEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "detect/detector.h"

namespace edgescan::detect {

// True when `s` is one of the names a rule lists (an empty name never is): In(rules.include_functions, qualname).
bool In(const std::vector<std::string>& list, std::string_view s);

// Provenance of an expression evaluated in a scope.
Provenance ProvenanceOf(const resolve::Scope& scope, const facts::Expr& e);
Provenance ProvenanceAt(const facts::ModuleFacts& m, int line, int column, const std::string& function);

// The contract's url object for a resolved value.
edges::Url UrlFromValue(const resolve::Value& v);

// Names the peer of an outbound value: rule-fixed peer, the config's setting-name aliases (rules.setting_peers),
// known hosts (the config's host aliases first, then rules), the setting / env var's name, the host.
std::optional<std::string> PeerFor(const DetectContext& context, const resolve::Value& v, const std::string& fixed,
                                   std::string* transport_override);

// True when the URL's host is written in the code: a literal host in the template (constants are inlined), or a
// setting whose value is a plain literal. A host from an environment variable's default is not hardcoded.
bool HostIsHardcoded(const resolve::Value& v);

// "Mitx Online" -> "MITx Online": each word as the rules' peer_words spell it.
std::string SpelledPeer(const DetectContext& context, std::string peer);

// The peer a secret setting names: a webhook checking `token == settings.THREEPLAY_CALLBACK_KEY` hears from 3Play.
// The words that only say it is a secret (KEY, TOKEN, WEBHOOK, CALLBACK, ACCESS ...) are dropped from the end; what is
// left names a peer only when a rules/peers `setting` entry matches it (or the whole name), or when every word is one
// the rules spell as a system's name (peer_words: OCW, GITHUB, HUBSPOT ...). `VIDEO_WEBHOOK_TOKEN` names nobody.
// `candidate` (optional) receives the name the setting's words spell even when they do not qualify
// (`JOBMA_WEBHOOK_ACCESS_TOKEN`: "Jobma"), for a caller that can confirm it another way.
std::optional<std::string> PeerOfSecretSetting(const DetectContext& context, std::string_view name,
                                               std::string* candidate = nullptr);

// "certain" when the URL is resolved or rooted in a named setting / env var, else "likely".
std::string ConfidenceFor(const resolve::Value* url);

}  // namespace edgescan::detect

#endif  // EDGESCAN_DETECT_CONTEXT_H_
