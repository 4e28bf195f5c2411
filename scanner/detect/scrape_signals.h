// Scraping signals around outbound calls (issue 4): the per-call brittleness `html_scrape` and `token_scrape`.
//
// What it finds, in the function that makes the request (what counts is data: rules/brittle/scrape.json):
//   html_scrape   the response body (`resp.text`, `.content`, `.read()`, `await resp.text()`, directly or through
//                 local names) goes into an HTML parser (BeautifulSoup, lxml.html, html5lib ...) or a regex.
//   token_scrape  a value pulled out of that response (a regex match, a lookup in the parsed document, its cookies or
//                 redirect URL) and named like a token (csrf, token, cookie, session ...) is sent by a later call in
//                 the same function: another request, or a call of the repo's own code. Earlier requests on the same
//                 client object in that function are part of the same flow and get the mark too.
// Why it matters: a scrape breaks when the peer changes its page, not its API; a scraped token breaks logins.
// Example:
//   page = session.get(LOGIN_URL)                                   # html_scrape, token_scrape
//   csrf = BeautifulSoup(page.text, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})["value"]
//   session.post(LOGIN_URL, data={"csrfmiddlewaretoken": csrf})
// Known limits: one function at a time (a body handed to a helper that parses it is not followed); names are
//   followed in source order without control flow; responses stored in containers or attributes are not followed.
#ifndef EDGESCAN_DETECT_SCRAPE_SIGNALS_H_
#define EDGESCAN_DETECT_SCRAPE_SIGNALS_H_

#include <map>
#include <string>
#include <vector>

#include "detect/detector.h"

namespace edgescan::detect {

// Not a brittleness: the mark of a request whose response body goes into an XML parser (a feed, an XML API).
inline constexpr const char* kXmlBody = "xml_body";

// Brittleness marks ("html_scrape", "token_scrape") for each request call in `function`. `requests` are the calls
// of that function that are outbound edges; `sites` maps every call to its call site (for the repo's own targets).
// Calls without marks are absent from the map.
std::map<const facts::Expr*, std::vector<std::string>> ScrapeSignals(
    const DetectContext& context, const resolve::Scope& function, const std::vector<const facts::Expr*>& requests,
    const std::map<const facts::Expr*, const resolve::CallSite*>& sites);

}  // namespace edgescan::detect

#endif  // EDGESCAN_DETECT_SCRAPE_SIGNALS_H_
