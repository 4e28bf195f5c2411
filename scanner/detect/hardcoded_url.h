// HardcodedUrlDetector: URL literals in the code that this service uses to reach a peer (hardcoded_url edges).
//
// What it finds: every http(s)/ftp/s3/ws(s) string literal (f-string heads included) that an outbound edge's URL
//   comes from: written in the call (`requests.get("https://...")`), in a constant or setting the call's URL is
//   built from, or as the default of an environment getter (`get_string("X", "https://...")`). It reads the
//   `url.origin` of the outbound edges found so far, so it runs last, after every outbound detector and the
//   reachability pass. One edge per literal, however many calls use it.
// Why it matters: a hardcoded address breaks silently when the peer moves (new host, new API version) and cannot
//   differ between staging and production; a pull request that adds one should say so.
// Example:
//   RSS_FEED_URL = "https://curve.mit.edu/rss.xml"          # blog/api.py:13
//   def fetch_blog(): return requests.get(RSS_FEED_URL)     # blog/api.py:62
// gives, beside the http_call edge at line 62 (brittle ["hardcoded_url"]),
//   {"kind": "hardcoded_url", "direction": "outbound", "peer": "curve.mit.edu", "transport": "REST JSON",
//    "url": {"value": "https://curve.mit.edu/rss.xml", "template": "https://curve.mit.edu/rss.xml",
//            "host": "curve.mit.edu", "origin": [blog/api.py:13:16]},
//    "brittle": ["hardcoded_url"], "location": {"file": "blog/api.py", "line": 13, "column": 16, "function": null}}
//   An f-string literal is reported by its template text, interpolations written as in the source:
//   f"https://forms.hubspot.com/v2/{portal_id}" -> url.value "https://forms.hubspot.com/v2/{portal_id}".
//
// Which literals are not linkages is data (rules/brittle/hardcoded-url.json, "url_literals"): XML namespaces,
// schema, license and documentation links, localhost / loopback / test hosts and example.com give no edge, and an
// outbound edge whose every URL literal is denied loses its hardcoded_url flag (a call to localhost is not a brittle
// cross-service linkage). Docstrings and comments are never origins of a call's URL, so they never count.
//
// The choice for environment defaults: an outbound edge whose host comes from an environment variable with a literal
// default (`get_string("X", "https://...")`) is NOT flagged hardcoded_url, since the deployment sets the variable;
// its confidence stays "certain" (the URL is rooted in a named setting). The default literal itself still gets a
// hardcoded_url edge: it is the address the service reaches whenever the variable is unset.
//
// Known limits: a literal only counts when an outbound edge was found for it (a URL handed to a library this
// scanner has no rule for, e.g. an OAuth token URI given to google-auth, gives nothing); scheme-less host literals
// ("api.mailgun.net") and bare schemes ("https://" + HOST) are not URL literals; a literal used by several calls takes the peer and transport of the
// first of them in source order.
#ifndef EDGESCAN_DETECT_HARDCODED_URL_H_
#define EDGESCAN_DETECT_HARDCODED_URL_H_

#include <string>
#include <string_view>

#include "detect/detector.h"

namespace edgescan::detect {

class HardcodedUrlDetector : public Detector {
 public:
  std::string_view name() const override { return "hardcoded_url"; }
  void Run(const DetectContext& context, std::vector<edges::Edge>* edges) override;
};

// The text a URL literal is reported by: a plain string as it is; an f-string with each interpolation written
// `{source}` for a name or attribute chain ("{settings.KEY}") and `{?}` for anything else.
std::string LiteralTemplate(const facts::Expr& literal);

// Whether `text` starts with one of the rules' schemes and "://" (case-insensitive).
bool IsUrlLiteral(const ruleset::UrlLiteralRules& rules, std::string_view text);

// The deny entry that rejects this URL literal (host may be ""), or nullptr when it is a linkage.
const ruleset::UrlLiteralRule* DeniedBy(const ruleset::UrlLiteralRules& rules, std::string_view text,
                                        std::string_view host);

}  // namespace edgescan::detect

#endif  // EDGESCAN_DETECT_HARDCODED_URL_H_
