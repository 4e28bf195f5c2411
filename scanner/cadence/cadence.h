// Cadence: what a Celery schedule expression means, normalised ("how often?").
//
// Owns the reading of schedule expressions; knows nothing about where they sit (detect/celery_beat.cc finds beat
// entries and calls Normalize on each `schedule`). It evaluates through the RepoIndex, so names, settings, module
// constants and environment getters with defaults resolve as they do for URLs.
//
// What it reads:
//   crontab(minute, hour, day_of_week, day_of_month, month_of_year) and crontab.from_string("m h dom mon dow"),
//     every argument form Celery accepts (crontab.h)          -> cron "30 5 * * *", text "daily 05:30 UTC"
//   timedelta(...), a number of seconds, arithmetic over constants, an env getter's default
//     (get_int("X", 60 * 60 * 3))                  -> every_seconds 10800, text "every 3h (default of env X)"
//   schedule(run_every=...) and internal subclasses of celery.schedules.schedule (run_every is the interval; other
//     duration arguments such as an offset are named in the text)  -> "every 30 min, offset 15 min"
//   solar(event, lat, lon)                                     -> text "at sunset (lat 42.36, lon -71.06)", no cron
//   `a if cond else b`                                          -> both readings, "daily 05:00 UTC or every 1h";
//     cron / every_seconds only when both agree
// Anything else gives text "unknown", no cron, no interval, and a `problem` saying why: never a guessed cadence.
//
// The time zone (the app's, found by the caller) is printed only where the wall clock matters: after crontab text
// that restricts hours or days, and in `cadence.timezone` of crontab schedules. Intervals and solar schedules do
// not depend on it, so their `timezone` is null.
#ifndef EDGESCAN_CADENCE_CADENCE_H_
#define EDGESCAN_CADENCE_CADENCE_H_

#include <optional>
#include <string>
#include <vector>

#include "edges/edge.h"
#include "facts/module_facts.h"
#include "resolve/repo_index.h"

namespace edgescan::cadence {

struct Schedule {
  edges::Cadence cadence;            // text, cron, every_seconds, timezone; `beat` is left to the caller
  std::vector<resolve::Origin> env;  // environment variables the schedule's value came from (defaults used)
  std::string source;                // the schedule expression as Python (ExprSource), for evidence
  std::string problem;               // why text is "unknown" (empty when the schedule was understood)
  bool known() const { return problem.empty(); }
};

// Reads `schedule` (evaluated in `scope`). `timezone` is the Celery app's time zone when configured.
Schedule Normalize(const facts::Expr& schedule, const resolve::Scope& scope, const resolve::RepoIndex& index,
                   const std::optional<std::string>& timezone);

// Roughly the seconds between runs: every_seconds, or a week divided by the runs a crontab makes in it. For ordering
// schedules from most to least frequent; nullopt for unknown, solar and "a or b" cadences.
std::optional<double> ApproximatePeriod(const edges::Cadence& c);

// The expression a name or attribute is bound to: a local assignment before it in the enclosing function, a
// module-level binding (through imports and star imports), or a Django setting (`settings.X`). False for
// parameters, builtins and external names. `where` is the scope to evaluate the bound expression in.
// Shared with the beat detector, which follows names to schedule dicts the same way.
bool FollowName(const facts::Expr& e, const resolve::Scope& scope, const resolve::RepoIndex& index,
                const facts::Expr** bound, resolve::Scope* where);

}  // namespace edgescan::cadence

#endif  // EDGESCAN_CADENCE_CADENCE_H_
