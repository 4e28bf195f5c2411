// HttpCallDetector: outbound calls through client libraries (http_call and sdk_call edges).
//
// What it finds: every call of a library function or client-object method that rules/http and rules/sdk describe
//   (requests.get, Session().post, httpx.AsyncClient(base_url=B).get("/x"), urlopen(Request(u)), PoolManager,
//   HTTPSConnection(host), aiohttp, EdxApi(...).enrollments.get_..., boto3 S3 clients and resources, googleapiclient
//   builders sent by execute(), pygsheets, hubspot, opensearch, openai ...), matched on resolved qualified names and
//   tracked object types (resolve/objects.cc), never on source text. Each edge carries the URL the call reaches (its
//   URL argument joined to the base URL of every call that built the client, or the path a rule gives), the HTTP
//   method where known, and the brittleness the call itself shows: no_timeout, tls_verify_off, html_scrape and
//   token_scrape (detect/scrape_signals.h), plus hardcoded_url when the host is written in the code.
// Why it matters: each is a dependency of this service on a peer; its URL says which peer and how it is configured.
// Example:
//   FEED_URL = "https://weather.example.org/daily"        # feeds/etl.py
//   def pull(): return r.get(FEED_URL, timeout=5)         # import requests as r
// gives {"kind": "http_call", "method": "GET", "url": {"value": "https://weather.example.org/daily", ...},
//        "peer": "weather.example.org", "brittle": ["hardcoded_url"], "location": {"file": "feeds/etl.py", ...}}
// Known limits: calls through *args, dynamic getattr, loop variables (`for msg in messages: msg.send()`) or objects
//   stored in containers are not followed; an unknown method on an unknown object yields no edge (no guessing);
//   a library's built-in endpoints are only known when its rule names one (default_url).
#ifndef EDGESCAN_DETECT_HTTP_CALL_H_
#define EDGESCAN_DETECT_HTTP_CALL_H_

#include "detect/detector.h"

namespace edgescan::detect {

class HttpCallDetector : public Detector {
 public:
  std::string_view name() const override { return "http_call"; }
  void Run(const DetectContext& context, std::vector<edges::Edge>* edges) override;
};

}  // namespace edgescan::detect

#endif  // EDGESCAN_DETECT_HTTP_CALL_H_
