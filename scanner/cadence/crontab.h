// Crontab: Celery's crontab() fields as sets, the 5-field cron they mean, and human text for them and for intervals.
//
// Pure functions over plain values (no RepoIndex): the table-driven tests in tests/cadence/ pin them down, and
// cadence.cc feeds them what it evaluated from the source.
//
// Semantics are Celery's (celery/schedules.py), not Vixie cron's:
//   - crontab(minute, hour, day_of_week, day_of_month, month_of_year) (that positional order); each argument an int,
//     a string pattern, or an iterable of ints (set, list, tuple, range).
//   - day_of_week 0 = Sunday ... 6 = Saturday; names match on their first three letters ("mon", "Friday"); 7 is
//     rejected. minute 0-59, hour 0-23, day_of_month 1-31, month_of_year 1-12.
//   - strings: "*", "*/n", "a", "a-b" (wraps around when b < a: "fri-mon"), "a-b/n", comma-separated lists of those.
//   - when day_of_month/month_of_year and day_of_week are all restricted, a day must match all of them (Celery ANDs
//     them; cron ORs). The cron string we print keeps Celery's fields as they are: it means what Celery means.
//
// Example:
//   Crontab c;  ParseCronString("*/6", CronUnit::kHour, &c.hour, &err)  ...  minute {0}, the rest "*":
//   CronExpression(c) == "0 */6 * * *";  DescribeCrontab(c) == "every 6h";  DescribeInterval(10800) == "every 3h"
#ifndef EDGESCAN_CADENCE_CRONTAB_H_
#define EDGESCAN_CADENCE_CRONTAB_H_

#include <set>
#include <string>
#include <string_view>

namespace edgescan::cadence {

enum class CronUnit { kMinute, kHour, kDayOfWeek, kDayOfMonth, kMonthOfYear };

// Celery's bounds for a unit: [min, max] inclusive.
int CronMin(CronUnit unit);
int CronMax(CronUnit unit);
const char* CronUnitName(CronUnit unit);  // "minute", "hour", "day_of_week", ... (Celery's argument names)

// A crontab after Celery expanded its arguments. Every set is non-empty and within its unit's bounds.
struct Crontab {
  std::set<int> minute, hour, day_of_week, day_of_month, month_of_year;
  // crontab() with every argument "*".
  static Crontab Every();
};

// One crontab argument string, parsed as Celery's crontab_parser does. Returns false and sets `error` (a short
// sentence) where Celery would raise (bad number, out of range, empty part, unknown weekday name).
bool ParseCronString(std::string_view spec, CronUnit unit, std::set<int>* out, std::string* error);

// Range check of an expanded set (ints, sets, lists and ranges are not parsed by Celery, only checked).
bool CheckCronSet(const std::set<int>& values, CronUnit unit, std::string* error);

// One normalized cron field: "*", "*/15", "1-5", "6,23", "5-55/10".
std::string CronField(const std::set<int>& values, CronUnit unit);

// "minute hour day_of_month month_of_year day_of_week", e.g. "30 5 * * *".
std::string CronExpression(const Crontab& c);

// Human text: "daily 05:30", "every 6h", "Fridays every 6h", "weekly Sun 05:00", "daily 16:00–16:45 every 15 min",
// "hourly at :00", "every 30 min", "weekdays 09:00", "monthly on day 1 at 05:00", "daily 05:00 in Jan, Jul";
// "cron <expression>" for shapes with no short reading. A non-empty `timezone` follows the time when the wall clock
// matters (DependsOnTimeZone): "daily 05:30 UTC", "weekly Sun 05:00 UTC in Jan"; "every 30 min" stays as it is.
std::string DescribeCrontab(const Crontab& c, std::string_view timezone = "");

// True when the wall clock matters (hours or days restricted), so a time zone is worth printing after the text.
bool DependsOnTimeZone(const Crontab& c);

// Durations: "30 s", "15 min", "6h", "1 day", "2 weeks" (the largest unit that divides exactly).
std::string DescribeDuration(long long seconds);
// "every " + DescribeDuration: "every 30 min", "every 3h", "every 2 days".
std::string DescribeInterval(long long seconds);

}  // namespace edgescan::cadence

#endif  // EDGESCAN_CADENCE_CRONTAB_H_
