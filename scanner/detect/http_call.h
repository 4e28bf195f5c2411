// HttpCallDetector: outbound calls through client libraries (http_call and sdk_call edges).
//
// What it finds: every call of a library function or client-object method that rules/ describe (requests.get,
//   Session().post, httpx.AsyncClient(base_url=B).get("/x"), urlopen, EdxApi(...).enrollments.get_..., boto3 S3 ...),
//   matched on resolved qualified names and tracked object types, never on source text.
// Why it matters: each is a dependency of this service on a peer; its URL says which peer and how it is configured.
// Example:
//   FEED_URL = "https://weather.example.org/daily"        # feeds/etl.py
//   def pull(): return r.get(FEED_URL, timeout=5)         # import requests as r
// gives {"kind": "http_call", "method": "GET", "url": {"value": "https://weather.example.org/daily", ...},
//        "peer": "weather.example.org", "brittle": ["hardcoded_url"], "location": {"file": "feeds/etl.py", ...}}
// Known limits: calls through *args, dynamic getattr, or objects passed through containers are not followed; an
//   unknown method on an unknown object yields no edge (no guessing).
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
