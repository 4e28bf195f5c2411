// Cadence: one table of schedule expressions, each written as `R<n> = <expression>` in a small repo and read by
// Normalize, with the cron, interval and text a reader should get (cron as Celery means its crontab arguments,
// day_of_week 0 = Sunday). Rows whose `problem` is set must come out "unknown" with that reason, never a cadence.
#include "cadence/cadence.h"

#include <gtest/gtest.h>

#include "cadence/crontab.h"
#include "cadence/expr_source.h"
#include "testing/fixture_runner.h"

namespace edgescan::cadence {
namespace {

using edgescan::testing::MakeRepo;
using edgescan::testing::TestRepo;

struct Row {
  const char* expr;
  const char* tz;    // the app's time zone, "" when not configured
  const char* cron;  // nullptr: null
  long long every;   // -1: null
  const char* text;
  const char* problem;  // nullptr: understood; else a fragment of the reason it is unknown
};

constexpr long long kNull = -1;

const Row kRows[] = {
    // crontab: every argument form Celery accepts.
    {"crontab()", "UTC", "* * * * *", kNull, "every minute", nullptr},
    {"crontab(minute=30, hour=5)", "UTC", "30 5 * * *", kNull, "daily 05:30 UTC", nullptr},
    {"crontab(minute=30, hour=5)", "", "30 5 * * *", kNull, "daily 05:30", nullptr},
    {"crontab(minute=0, hour='*/6')", "UTC", "0 */6 * * *", kNull, "every 6h UTC", nullptr},
    {"crontab(minute=0, hour='*/6', day_of_week='fri')", "UTC", "0 */6 * * 5", kNull, "Fridays every 6h UTC", nullptr},
    {"crontab(minute=0, hour=5, day_of_week='sun')", "UTC", "0 5 * * 0", kNull, "weekly Sun 05:00 UTC", nullptr},
    {"crontab(minute='*/15', hour=16)", "UTC", "*/15 16 * * *", kNull, "daily 16:00\u201316:45 every 15 min UTC",
     nullptr},
    {"crontab(minute=0)", "UTC", "0 * * * *", kNull, "hourly at :00", nullptr},
    {"crontab(minute='*/30')", "UTC", "*/30 * * * *", kNull, "every 30 min", nullptr},
    {"crontab(minute='*', hour='*')", "", "* * * * *", kNull, "every minute", nullptr},
    {"crontab(minute=0, hour='6,23')", "", "0 6,23 * * *", kNull, "daily 06:00, 23:00", nullptr},
    {"crontab(minute=0, hour=9, day_of_week='mon-fri')", "", "0 9 * * 1-5", kNull, "weekdays 09:00", nullptr},
    {"crontab(minute=0, hour=9, day_of_week='1-5')", "", "0 9 * * 1-5", kNull, "weekdays 09:00", nullptr},
    {"crontab(minute=0, hour=0, day_of_week='sat,sun')", "", "0 0 * * 0,6", kNull, "weekends 00:00", nullptr},
    {"crontab(minute=0, hour=3, day_of_week='fri-mon')", "", "0 3 * * 0,1,5,6", kNull, "Sun, Mon, Fri, Sat 03:00",
     nullptr},
    {"crontab(minute=0, hour=3, day_of_week='Friday')", "", "0 3 * * 5", kNull, "weekly Fri 03:00", nullptr},
    {"crontab(minute=0, hour=0, day_of_week=0)", "", "0 0 * * 0", kNull, "weekly Sun 00:00", nullptr},
    {"crontab(0, 4, 'mon')", "", "0 4 * * 1", kNull, "weekly Mon 04:00", nullptr},
    {"crontab(minute=0, hour=0, day_of_month='1')", "", "0 0 1 * *", kNull, "monthly on day 1 at 00:00", nullptr},
    {"crontab(minute=0, hour=0, day_of_month=1, month_of_year='*/3')", "UTC", "0 0 1 */3 *", kNull,
     "monthly on day 1 at 00:00 UTC in Jan, Apr, Jul, Oct", nullptr},
    {"crontab(minute=[0, 30], hour=range(9, 18))", "", "*/30 9-17 * * *", kNull, "daily 09:00\u201317:30 every 30 min",
     nullptr},
    {"crontab(minute={5, 35}, hour=2)", "", "5,35 2 * * *", kNull, "daily 02:05, 02:35", nullptr},
    {"crontab(minute=15, hour='*/4')", "", "15 */4 * * *", kNull, "every 4h at :15", nullptr},
    {"crontab(minute='5-55/10')", "", "5-55/10 * * * *", kNull, "cron 5-55/10 * * * *", nullptr},
    {"crontab(minute='1,13,30-45,50-59/2')", "", "1,13,30-45,50,52,54,56,58 * * * *", kNull,
     "cron 1,13,30-45,50,52,54,56,58 * * * *", nullptr},
    {"crontab(minute=0, hour=7, day_of_month='1-7', day_of_week='mon')", "UTC", "0 7 1-7 * 1", kNull,
     "cron 0 7 1-7 * 1 UTC", nullptr},
    {"crontab(minute=0, hour=HOURS)", "", "0 6,23 * * *", kNull, "daily 06:00, 23:00", nullptr},
    {"NIGHTLY", "", "30 5 * * *", kNull, "daily 05:30", nullptr},
    {"crontab(minute=0, hour=settings.NIGHTLY_HOUR, day_of_week=settings.SYNC_DAYS or '*')", "UTC", "0 0 * * *", kNull,
     "daily 00:00 UTC (defaults of env NIGHTLY_HOUR, SYNC_DAYS)", nullptr},
    {"crontab.from_string('0 5 * * 1')", "", "0 5 * * 1", kNull, "weekly Mon 05:00", nullptr},
    // Intervals: timedelta, numbers, constant arithmetic, env getters' defaults, schedule classes.
    {"timedelta(hours=3)", "UTC", nullptr, 10800, "every 3h", nullptr},
    {"timedelta(minutes=30)", "", nullptr, 1800, "every 30 min", nullptr},
    {"timedelta(days=1)", "", nullptr, 86400, "every 1 day", nullptr},
    {"timedelta(weeks=2)", "", nullptr, 1209600, "every 2 weeks", nullptr},
    {"timedelta(seconds=90)", "", nullptr, 90, "every 90 s", nullptr},
    {"timedelta(1, 3600)", "", nullptr, 90000, "every 25h", nullptr},
    {"timedelta(hours=0.5)", "", nullptr, 1800, "every 30 min", nullptr},
    {"30.0", "", nullptr, 30, "every 30 s", nullptr},
    {"60 * 60 * 3", "", nullptr, 10800, "every 3h", nullptr},
    {"get_int('X', 60 * 60 * 3)", "", nullptr, 10800, "every 3h (default of env X)", nullptr},
    {"settings.PODCAST_SECONDS", "UTC", nullptr, 7200, "every 2h (default of env PODCAST_FETCH_SCHEDULE_SECONDS)",
     nullptr},
    {"(settings.EXPIRY - settings.RENEW) * 60", "", nullptr, 75600, "every 21h (defaults of env EXPIRY, RENEW)",
     nullptr},
    {"OffsettingSchedule(run_every=timedelta(seconds=1800), offset=timedelta(seconds=900))", "UTC", nullptr, 1800,
     "every 30 min, offset 15 min", nullptr},
    {"schedule(run_every=timedelta(minutes=5))", "", nullptr, 300, "every 5 min", nullptr},
    {"schedule(timedelta(minutes=5))", "", nullptr, 300, "every 5 min", nullptr},
    {"solar('sunset', -37.81753, 144.96715)", "UTC", nullptr, kNull, "at sunset (lat -37.81753, lon 144.96715)",
     nullptr},
    {"crontab(minute=0, hour=5) if DEBUG else timedelta(hours=1)", "UTC", nullptr, kNull, "daily 05:00 UTC or every 1h",
     nullptr},
    {"timedelta(hours=2) if DEBUG else 7200", "", nullptr, 7200, "every 2h", nullptr},
    // Unknown: never a guessed cadence.
    {"crontab(hour=25)", "", nullptr, kNull, "unknown", "25 is outside 0-23"},
    {"crontab(hour='25')", "", nullptr, kNull, "unknown", "25 > 23"},
    {"crontab(day_of_week='funday')", "", nullptr, kNull, "unknown", "invalid weekday literal"},
    {"crontab(minute=0, hour=3, month_of_year='jan')", "", nullptr, kNull, "unknown", "invalid weekday literal"},
    {"crontab(minute='*/0')", "", nullptr, kNull, "unknown", "step 0"},
    {"crontab(minute=0, hour=None)", "", nullptr, kNull, "unknown", "is None"},
    {"crontab(minute=0, hour=7, day_of_week=7)", "", nullptr, kNull, "unknown", "outside 0-6"},
    {"settings.NO_DEFAULT", "", nullptr, kNull, "unknown", "environment variable NO_DEFAULT_SECONDS with no default"},
    {"my_schedule()", "", nullptr, kNull, "unknown", "cannot evaluate `my_schedule()`"},
    {"crontab(**CRON)", "", nullptr, kNull, "unknown", "passes **kwargs not known statically"},
    // **kwargs from a dict known statically (mitol's get_crontab_kwargs default, a literal)
    {"crontab(**{'minute': '30', 'hour': '*/6'})", "", "30 */6 * * *", kNull, "every 6h at :30", nullptr},
    {"crontab(**{'minute': 0, 'hour': 3, 'day_of_week': 'mon'})", "UTC", "0 3 * * 1", kNull, "weekly Mon 03:00 UTC",
     nullptr},
    {"crontab(**{'minuet': '5'})", "", nullptr, kNull, "unknown", "crontab has no argument `minuet`"},
    {"crontab(minute=0, **{'hour': 3})", "", nullptr, kNull, "unknown", "passes *args/**kwargs"},
    {"timedelta(days=1e308)", "", nullptr, kNull, "unknown", "over a thousand years"},
    {"timedelta(seconds=-5)", "", nullptr, kNull, "unknown", "not positive"},
    {"crontab(minute=range(0, 9223372036854775807, 4611686018427387904))", "", nullptr, kNull, "unknown",
     "goes outside 0-59"},
    {"timedelta(seconds=2**62*4)", "", nullptr, kNull, "unknown", "cannot evaluate"},
    {"crontab(minute=10**30)", "", nullptr, kNull, "unknown", "cannot evaluate"},
    {"crontab(minute=range(2**62 + 2**62, 5))", "", nullptr, kNull, "unknown", "cannot evaluate"},
    {"crontab(minute=0, hour=5) if DEBUG else get_int('NO_DEFAULT')", "", nullptr, kNull, "unknown",
     "environment variable NO_DEFAULT with no default"},
};

const char kSettings[] =
    "from mitol.common.envs import get_int, get_string\n"
    "PODCAST_SECONDS = get_int('PODCAST_FETCH_SCHEDULE_SECONDS', 60 * 60 * 2)\n"
    "NIGHTLY_HOUR = get_string(name='NIGHTLY_HOUR', default=0)\n"
    "SYNC_DAYS = get_string(name='SYNC_DAYS', default=None)\n"
    "NO_DEFAULT = get_int('NO_DEFAULT_SECONDS')\n"
    "EXPIRY = get_int(name='EXPIRY', default=60 * 24)\n"
    "RENEW = get_int(name='RENEW', default=60 * 3)\n";

const char kPrelude[] =
    "from datetime import timedelta\n"
    "from celery.schedules import crontab, schedule, solar\n"
    "from django.conf import settings\n"
    "from mitol.common.envs import get_int\n"
    "from proj.schedules import HOURS, NIGHTLY\n"
    "DEBUG = False\n"
    "class OffsettingSchedule(schedule):\n"
    "    def __init__(self, run_every=None, offset=None):\n"
    "        super().__init__(run_every=run_every + offset)\n";

TestRepo Repo() {
  std::string sched = kPrelude;
  int n = 0;
  for (const Row& r : kRows) sched += "R" + std::to_string(n++) + " = " + r.expr + "\n";
  return MakeRepo({
      {"manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"},
      {"proj/__init__.py", ""},
      {"proj/settings.py", kSettings},
      {"proj/schedules.py",
       "from celery.schedules import crontab\nNIGHTLY = crontab(minute=30, hour=5)\n"
       "HOURS = [6, 23]\n"},
      {"sched.py", sched},
  });
}

TEST(Cadence, TableHasAtLeastFortyRows) { EXPECT_GE(sizeof(kRows) / sizeof(kRows[0]), 40u); }

TEST(Cadence, NormalizesEveryScheduleForm) {
  TestRepo repo = Repo();
  const facts::ModuleFacts* m = repo.index->Module("sched");
  ASSERT_NE(m, nullptr);
  int n = 0;
  for (const Row& r : kRows) {
    std::string name = "R" + std::to_string(n++);
    SCOPED_TRACE(name + " = " + r.expr);
    const facts::Expr* e = repo.index->ModuleBinding(*m, name);
    ASSERT_NE(e, nullptr);
    std::optional<std::string> tz;
    if (*r.tz != '\0') tz = r.tz;
    Schedule s = Normalize(*e, repo.index->ScopeOf(*m, nullptr), *repo.index, tz);
    EXPECT_EQ(s.cadence.text, r.text);
    EXPECT_EQ(s.cadence.cron.value_or("null"), r.cron == nullptr ? "null" : r.cron);
    EXPECT_EQ(s.cadence.every_seconds.value_or(kNull), r.every);
    if (r.problem == nullptr) {
      EXPECT_TRUE(s.known()) << s.problem;
    } else {
      EXPECT_NE(s.problem.find(r.problem), std::string::npos) << s.problem;
    }
    // The time zone is printed for crontab readings only, and only when configured.
    bool crontab_based = r.cron != nullptr || std::string(r.text).find(" or ") != std::string::npos;
    EXPECT_EQ(s.cadence.timezone.value_or(""), crontab_based && s.known() ? r.tz : "");
  }
}

TEST(Cadence, NamesTheEnvironmentVariableBehindADefault) {
  TestRepo repo = Repo();
  const facts::ModuleFacts* m = repo.index->Module("sched");
  ASSERT_NE(m, nullptr);
  int n = 0;
  for (const Row& r : kRows) {
    std::string name = "R" + std::to_string(n++);
    if (std::string(r.expr) != "settings.PODCAST_SECONDS") continue;
    Schedule s =
        Normalize(*repo.index->ModuleBinding(*m, name), repo.index->ScopeOf(*m, nullptr), *repo.index, std::nullopt);
    ASSERT_EQ(s.env.size(), 1u);
    EXPECT_EQ(s.env[0].name, "env.PODCAST_FETCH_SCHEDULE_SECONDS");
    EXPECT_EQ(s.env[0].at.file, "proj/settings.py");
    EXPECT_EQ(s.env[0].at.line, 2);
    EXPECT_EQ(s.source, "settings.PODCAST_SECONDS");
    return;
  }
  FAIL() << "row missing";
}

TEST(Crontab, ParsesStringsAsCeleryDoes) {
  struct P {
    const char* spec;
    CronUnit unit;
    const char* field;  // nullptr: Celery raises
  };
  const P rows[] = {
      {"*", CronUnit::kMinute, "*"},
      {"*/15", CronUnit::kMinute, "*/15"},
      {"0-59/15", CronUnit::kMinute, "*/15"},
      {"6,23", CronUnit::kHour, "6,23"},
      {"mon-fri", CronUnit::kDayOfWeek, "1-5"},
      {"sun", CronUnit::kDayOfWeek, "0"},
      {"sat-sun", CronUnit::kDayOfWeek, "0,6"},
      {"*/3", CronUnit::kDayOfMonth, "*/3"},
      {"2-12/2", CronUnit::kMonthOfYear, "2-12/2"},
      {"22-2", CronUnit::kHour, "0-2,22,23"},
      {" 30", CronUnit::kMinute, "30"},
      {"1_0", CronUnit::kMinute, "10"},
      {"", CronUnit::kMinute, nullptr},
      {"1,,2", CronUnit::kMinute, nullptr},
      {"-1", CronUnit::kMinute, nullptr},
      {"60", CronUnit::kMinute, nullptr},
      {"0", CronUnit::kDayOfMonth, nullptr},
      {"*/", CronUnit::kMinute, nullptr},
      {"1-5/", CronUnit::kMinute, nullptr},
      {"7", CronUnit::kDayOfWeek, nullptr},
  };
  for (const P& p : rows) {
    SCOPED_TRACE(p.spec);
    std::set<int> out;
    std::string error;
    bool ok = ParseCronString(p.spec, p.unit, &out, &error);
    if (p.field == nullptr) {
      EXPECT_FALSE(ok);
      EXPECT_FALSE(error.empty());
    } else {
      ASSERT_TRUE(ok) << error;
      EXPECT_EQ(CronField(out, p.unit), p.field);
    }
  }
}

TEST(Cadence, ApproximatePeriodOrdersSchedulesByFrequency) {
  struct P {
    const char* cron;  // nullptr: an interval
    long long every;
    double period;  // -1: none
  };
  const P rows[] = {
      {nullptr, 1800, 1800},      {"30 5 * * *", 0, 86400}, {"0 */6 * * 5", 0, 151200},
      {"*/15 * * * *", 0, 900},   {"0 5 * * 0", 0, 604800}, {"0 0 1 * *", 0, 604800 * 31 / 7.0},
      {"0 9 * * 1-5", 0, 120960}, {nullptr, -1, -1},
  };
  for (const P& p : rows) {
    edges::Cadence c;
    if (p.cron != nullptr) c.cron = p.cron;
    if (p.cron == nullptr && p.every >= 0) c.every_seconds = p.every;
    std::optional<double> got = ApproximatePeriod(c);
    SCOPED_TRACE(p.cron == nullptr ? std::to_string(p.every) : p.cron);
    if (p.period < 0) {
      EXPECT_FALSE(got.has_value());
    } else {
      ASSERT_TRUE(got.has_value());
      EXPECT_NEAR(*got, p.period, 1e-6);
    }
  }
}

TEST(ExprSource, WritesPythonBack) {
  TestRepo repo = MakeRepo({{"m.py",
                             "A = crontab(\n    minute=0,\n    hour='*/6',\n)\n"
                             "B = (X - Y) * 60\n"
                             "C = x if y else {'k': [1, (2,)], **d}\n"
                             "D = -a ** b\n"
                             "E = f'{a}/b'\n"
                             "F = \"it's\"\n"
                             "G = not (a or b) and c\n"}});
  const facts::ModuleFacts* m = repo.index->Module("m");
  ASSERT_NE(m, nullptr);
  const std::pair<const char*, const char*> rows[] = {
      {"A", "crontab(minute=0, hour='*/6')"},
      {"B", "(X - Y) * 60"},
      {"C", "x if y else {'k': [1, (2,)], **d}"},
      {"D", "-a ** b"},
      {"E", "f'{a}/b'"},
      {"F", "\"it's\""},
      {"G", "not (a or b) and c"},
  };
  for (const auto& [name, source] : rows) {
    const facts::Expr* e = repo.index->ModuleBinding(*m, name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(ExprSource(*e), source);
  }
}

}  // namespace
}  // namespace edgescan::cadence
