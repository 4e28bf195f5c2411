// CeleryBeatDetector: Celery beat schedule entries (beat_schedule edges, direction internal).
//
// What it finds: every periodic task declared in code, wherever Celery would read it from:
//   - CELERY_BEAT_SCHEDULE (and Celery 3's CELERYBEAT_SCHEDULE) in any module: `= {...}`, a conditional
//     expression `{...} if X else {...}`, `{**BASE, ...}`, `.update({...})` / `.update(name={...})`,
//     `[...] = {...}`, `|= {...}`, also inside `if`/`try` blocks and spread over settings modules that
//     star-import each other (every module is read, entries are deduplicated by place);
//   - `beat_schedule` / `timezone` in a module named by app.config_from_object("pkg.celeryconfig");
//   - app.conf.beat_schedule = {...} / [...] = {...} / .update({...}), app.conf.update(beat_schedule={...});
//   - sender.add_periodic_task(schedule, sig, name=...) (in @app.on_after_configure.connect handlers or anywhere);
//   - @periodic_task(run_every=...) (Celery 3).
//   Each entry records its name, task name, args/kwargs and place; its schedule goes through cadence/ (cron,
//   interval, human text) with the app's time zone (CELERY_TIMEZONE, app.conf.timezone, a config module's timezone).
// Why it matters: the schedule answers "how often?" for everything the task reaches (detect/reachability.cc puts it
//   on outbound edges); unknown cadences and database-held schedules are said out loud, as diagnostics.
// Example:
//   CELERY_BEAT_SCHEDULE = {"update-podcasts": {"task": "course_catalog.tasks.get_podcast_data",
//                                               "schedule": get_int("PODCAST_FETCH_SCHEDULE_SECONDS", 60 * 60 * 2)}}
//   gives {"kind": "beat_schedule", "direction": "internal", "peer": null, "transport": "Celery beat",
//          "cadence": {"text": "every 2h (default of env PODCAST_FETCH_SCHEDULE_SECONDS)", "cron": null,
//                      "every_seconds": 7200, "timezone": null, "beat": [{"name": "update-podcasts", ...}]},
//          "trigger": "beat", "location": <the "update-podcasts" key>, "evidence": "get_int(...)"}
// Fields: transport is "Celery beat"; evidence the schedule expression written back as Python; confidence
//   "certain" when the cadence is known and the task is defined in the scanned code, else "likely". The task
//   function (when found) is kept in the edge's internal `callee` for reachability.
// Known limits: django-celery-beat's DatabaseScheduler keeps schedules in the database (a diagnostic says so when it
//   is configured or installed); class-based PeriodicTask subclasses (Celery 3 `run_every` attribute) and entries
//   whose name is computed at run time are not read; args/kwargs are recorded (BeatEntry) but the contract has no
//   field to print them.
#ifndef EDGESCAN_DETECT_CELERY_BEAT_H_
#define EDGESCAN_DETECT_CELERY_BEAT_H_

#include <optional>
#include <string>
#include <vector>

#include "detect/detector.h"

namespace edgescan::detect {

// One beat entry as declared in code.
struct BeatEntry {
  std::string name;                       // the entry's key (or add_periodic_task name=, or the task name)
  std::string task;                       // Celery task name ("" when it cannot be read)
  std::string task_function;              // qualname of the task function when it is in the scanned code
  const facts::Expr* schedule = nullptr;  // nullptr when the entry has none
  resolve::Scope scope;                   // where `schedule` is evaluated
  std::string args;                       // the entry's args / kwargs as Python source, "" when absent
  std::string kwargs;
  Provenance location;  // the entry's key (the add_periodic_task call, the decorator)
  // The `if` tests the statement adding the entry runs under, as source (`ENVIRONMENT == 'dev'`, `not (...)` for an
  // else branch), joined by " and "; "" when it always runs.
  std::string condition;
};

// Every beat entry in the repo, sorted by place; problems (unreadable schedule dicts) go to `diagnostics`.
std::vector<BeatEntry> FindBeatEntries(const resolve::RepoIndex& index, Diagnostics* diagnostics);

// The Celery app's time zone when configured in code: CELERY_TIMEZONE, app.conf.timezone = ...,
// app.conf.update(timezone=...), a config module's `timezone`.
std::optional<std::string> CeleryTimezone(const resolve::RepoIndex& index);

class CeleryBeatDetector : public Detector {
 public:
  std::string_view name() const override { return "celery_beat"; }
  void Run(const DetectContext& context, std::vector<edges::Edge>* edges) override;
};

}  // namespace edgescan::detect

#endif  // EDGESCAN_DETECT_CELERY_BEAT_H_
