// ReachabilityPass: how often, and why, each outbound call runs (trigger, cadence and call path on outbound edges).
//
// What it finds: for every outbound edge (http_call, sdk_call, ... found by the detectors before it), the entry points
//   of the call graph (RepoIndex call sites: functions, methods through self/cls, imports and aliases, class
//   instantiation -> __init__, task fan-out .delay/.apply_async/.s/.si/signature/send_task, compose/partial
//   pipelines, callbacks passed to a function that calls them) from which its enclosing function is reached:
//     beat     the task of a beat_schedule edge (detect/celery_beat.cc)       -> cadence of every such entry
//     request  a Django view: the `view` of inbound edges (detect/django_routes.cc); a function whose first parameter
//              is `request` in a views module (`views.py`, `views/`, `*_views.py`) or decorated @api_view; any
//              method of a class deriving from rest_framework.* or django.views.*  -> {"text": "on request"}
//     event    a signal receiver: @receiver(signal), @signal.connect, signal.connect(fn) for django and celery
//              signals                                                         -> {"text": "on event"}
//     manual   `handle` of a management command (a django.core.management BaseCommand subclass)
//                                                                              -> {"text": "on demand"}
//   and sets trigger, cadence and path. The first kind that reaches the edge wins, in that order; an edge no entry
//   point reaches keeps trigger "unknown" and cadence null (nothing in the code says when it runs), and so do
//   outbound edges at module level (no enclosing function: they run at import).
// Why it matters: "how often does this service call that peer?" is the question a reader of an ingestion edge asks.
// Example:
//   beat "sync-courses" (daily 05:30 UTC) -> courses.tasks.sync -> courses.api.pull -> requests.get(URL)
//   gives the requests.get edge {"trigger": "beat", "cadence": {"text": "daily 05:30 UTC", "cron": "30 5 * * *",
//   ..., "beat": [{"name": "sync-courses", ...}]}, "path": [<call of pull in sync>]}
// Cadence of an edge several beat entries reach: `beat` lists every entry (sorted by name); cron, every_seconds and
//   timezone are those of the most frequent entry (ties: by name); text joins the distinct texts, most frequent first,
//   with " + ". `path` is the shortest call chain from the chosen entry point: one provenance per call site, from the
//   call in the entry function down to the call of the edge's function; empty when the edge is in the entry itself.
// Known limits: calls the graph cannot resolve (callbacks stored in containers, dynamic dispatch, getattr, class-based
//   Celery tasks) break chains; Django's implicit calls (serializers, signals sent by ORM saves) are not followed.
#ifndef EDGESCAN_DETECT_REACHABILITY_H_
#define EDGESCAN_DETECT_REACHABILITY_H_

#include "detect/detector.h"

namespace edgescan::detect {

class ReachabilityPass : public Detector {
 public:
  std::string_view name() const override { return "reachability"; }
  void Run(const DetectContext& context, std::vector<edges::Edge>* edges) override;
};

}  // namespace edgescan::detect

#endif  // EDGESCAN_DETECT_REACHABILITY_H_
