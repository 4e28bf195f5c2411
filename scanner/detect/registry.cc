// The detectors, in run order. One explicit list (no static self-registration), like clang-tidy's module files.
// Order matters: outbound detectors first, then passes that read their edges.
#include <algorithm>

#include "detect/celery_beat.h"
#include "detect/detector.h"
#include "detect/django_routes.h"
#include "detect/hardcoded_url.h"
#include "detect/http_call.h"
#include "detect/reachability.h"

namespace edgescan::detect {

std::vector<std::unique_ptr<Detector>> AllDetectors() {
  std::vector<std::unique_ptr<Detector>> out;
  out.push_back(std::make_unique<HttpCallDetector>());
  // Celery beat entries (issue 5): beat_schedule edges, read by reachability below.
  out.push_back(std::make_unique<CeleryBeatDetector>());
  // Inbound: Django routes that are webhooks or APIs peers pull (issue 6).
  out.push_back(std::make_unique<DjangoRoutesDetector>());
  // Trigger, cadence and call path on every outbound edge above (issue 5): after the inbound detectors, whose
  // views are request entry points.
  out.push_back(std::make_unique<ReachabilityPass>());
  // Last: reads the url.origin of every outbound edge above (after reachability).
  out.push_back(std::make_unique<HardcodedUrlDetector>());
  return out;
}

std::vector<edges::Edge> RunDetectors(const DetectContext& context) {
  std::vector<edges::Edge> edges;
  for (const std::unique_ptr<Detector>& d : AllDetectors()) d->Run(context, &edges);
  return edges;
}

}  // namespace edgescan::detect
