// Beat entries: every place Celery reads a periodic task from, one small repo per shape, each entry checked for its
// name, task, task function, place and args/kwargs; the detector's edges for cadence, time zone and diagnostics.
#include "detect/celery_beat.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "testing/fixture_runner.h"

namespace edgescan::detect {
namespace {

using edgescan::testing::MakeRepo;
using edgescan::testing::TestRepo;

const char kManage[] = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n";
const char kTasks[] =
    "from celery import shared_task\n"
    "@shared_task\n"
    "def sync(x=None):\n    pass\n"
    "@shared_task(name='nightly-report')\n"
    "def report():\n    pass\n";

std::vector<std::string> Describe(const std::vector<BeatEntry>& entries) {
  std::vector<std::string> out;
  for (const BeatEntry& e : entries) {
    out.push_back(e.name + " | " + e.task + " | " + e.task_function + " | " + e.location.file + ":" +
                  std::to_string(e.location.line) + " | " + e.args + " | " + e.kwargs);
  }
  return out;
}

std::vector<edges::Edge> RunDetector(const TestRepo& repo, Diagnostics* diagnostics) {
  DetectContext ctx{*repo.index, *repo.rules, "svc", diagnostics};
  std::vector<edges::Edge> out;
  CeleryBeatDetector().Run(ctx, &out);
  return out;
}

TEST(CeleryBeat, ReadsSettingsSchedulesInEveryShape) {
  TestRepo repo = MakeRepo({
      {"manage.py", kManage},
      {"proj/__init__.py", ""},
      {"proj/settings/__init__.py",
       "from .base import *\n"
       "CELERY_BEAT_SCHEDULE['late'] = {'task': 'app.tasks.sync', 'schedule': 60}\n"},
      {"proj/settings/base.py",
       "from celery.schedules import crontab\n"
       "DEBUG = False\n"
       "BASE = {'from-base': {'task': 'app.tasks.sync', 'schedule': 30}}\n"
       "CELERY_BEAT_SCHEDULE = {\n"
       "    **BASE,\n"
       "    'nightly': {'task': 'nightly-report', 'schedule': crontab(minute=0, hour=3), 'args': (1, 'a')},\n"
       "} if not DEBUG else {\n"
       "    'debug-only': dict(task='app.tasks.sync', schedule=10, kwargs={'x': 1}),\n"
       "}\n"
       "if DEBUG:\n"
       "    CELERY_BEAT_SCHEDULE.update({'updated': {'task': 'app.tasks.sync', 'schedule': 5}})\n"
       "CELERY_BEAT_SCHEDULE.update(by_keyword={'task': 'app.tasks.sync', 'schedule': 6})\n"
       "CELERY_BEAT_SCHEDULE |= {'or-assigned': {'task': 'app.tasks.sync', 'schedule': 7}}\n"
       "CELERYBEAT_SCHEDULE = {'old-name': {'task': 'missing.task', 'schedule': 8}}\n"},
      {"app/__init__.py", ""},
      {"app/tasks.py", kTasks},
  });
  Diagnostics diags;
  std::vector<std::string> want = {
      "late | app.tasks.sync | app.tasks.sync | proj/settings/__init__.py:2 |  | ",
      "from-base | app.tasks.sync | app.tasks.sync | proj/settings/base.py:3 |  | ",
      "nightly | nightly-report | app.tasks.report | proj/settings/base.py:6 | (1, 'a') | ",
      "debug-only | app.tasks.sync | app.tasks.sync | proj/settings/base.py:8 |  | {'x': 1}",
      "updated | app.tasks.sync | app.tasks.sync | proj/settings/base.py:11 |  | ",
      "by_keyword | app.tasks.sync | app.tasks.sync | proj/settings/base.py:12 |  | ",
      "or-assigned | app.tasks.sync | app.tasks.sync | proj/settings/base.py:13 |  | ",
      "old-name | missing.task |  | proj/settings/base.py:14 |  | ",
  };
  EXPECT_EQ(Describe(FindBeatEntries(*repo.index, &diags)), want);
  EXPECT_TRUE(diags.empty());
}

TEST(CeleryBeat, ReadsAppConfAddPeriodicTaskAndPeriodicTaskDecorator) {
  TestRepo repo = MakeRepo({
      {"proj/__init__.py", ""},
      {"proj/celery.py",
       "from celery import Celery\n"
       "from celery.schedules import crontab\n"
       "from app.tasks import sync\n"
       "app = Celery('proj')\n"
       "app.conf.timezone = 'Europe/Paris'\n"
       "app.conf.beat_schedule = {'conf-entry': {'task': 'app.tasks.sync', 'schedule': 300.0}}\n"
       "app.conf.beat_schedule['conf-item'] = {'task': sync.name, 'schedule': crontab(minute=0, hour=4)}\n"
       "app.conf.update(beat_schedule={'conf-update': {'task': 'app.tasks.sync', 'schedule': 900}})\n"
       "@app.on_after_configure.connect\n"
       "def setup_periodic_tasks(sender, **kwargs):\n"
       "    sender.add_periodic_task(10.0, sync.s('hello'), name='add every 10')\n"
       "    sender.add_periodic_task(crontab(hour=7, minute=30, day_of_week=1), sync.s(x=2))\n"},
      {"app/__init__.py", ""},
      {"app/tasks.py", kTasks},
      {"app/old.py",
       "from celery.decorators import periodic_task\n"
       "from celery.schedules import crontab\n"
       "@periodic_task(run_every=crontab(minute=15))\n"
       "def legacy():\n    pass\n"},
  });
  Diagnostics diags;
  std::vector<std::string> want = {
      "app.old.legacy | app.old.legacy | app.old.legacy | app/old.py:3 |  | ",
      "conf-entry | app.tasks.sync | app.tasks.sync | proj/celery.py:6 |  | ",
      "conf-item | app.tasks.sync | app.tasks.sync | proj/celery.py:7 |  | ",
      "conf-update | app.tasks.sync | app.tasks.sync | proj/celery.py:8 |  | ",
      "add every 10 | app.tasks.sync | app.tasks.sync | proj/celery.py:11 | ('hello',) | ",
      "app.tasks.sync(x=2) | app.tasks.sync | app.tasks.sync | proj/celery.py:12 |  | x=2",
  };
  EXPECT_EQ(Describe(FindBeatEntries(*repo.index, &diags)), want);
  EXPECT_EQ(CeleryTimezone(*repo.index).value_or("null"), "Europe/Paris");

  std::vector<edges::Edge> edges = RunDetector(repo, &diags);
  ASSERT_EQ(edges.size(), 6u);
  EXPECT_EQ(edges[0].cadence->text, "hourly at :15");
  EXPECT_EQ(edges[2].cadence->text, "daily 04:00 Europe/Paris");
  EXPECT_EQ(edges[2].cadence->timezone.value_or("null"), "Europe/Paris");
  EXPECT_EQ(edges[5].cadence->text, "weekly Mon 07:30 Europe/Paris");
  EXPECT_EQ(edges[5].cadence->cron.value_or("null"), "30 7 * * 1");
  for (const edges::Edge& e : edges) {
    EXPECT_EQ(e.kind, "beat_schedule");
    EXPECT_EQ(e.direction, "internal");
    EXPECT_EQ(e.trigger, "beat");
    EXPECT_EQ(e.callee, e.cadence->beat[0].task == "app.old.legacy" ? "app.old.legacy" : "app.tasks.sync");
    EXPECT_EQ(e.confidence, "certain");
  }
  EXPECT_TRUE(diags.empty());
}

TEST(CeleryBeat, ReadsAConfigModuleNamedByConfigFromObject) {
  TestRepo repo = MakeRepo({
      {"proj/__init__.py", ""},
      {"proj/celery.py",
       "from celery import Celery\napp = Celery('proj')\n"
       "app.config_from_object('proj.celeryconfig')\n"},
      {"proj/celeryconfig.py",
       "from datetime import timedelta\ntimezone = 'UTC'\n"
       "beat_schedule = {'every-hour': {'task': 'app.tasks.sync', "
       "'schedule': timedelta(hours=1)}}\n"},
      {"app/__init__.py", ""},
      {"app/tasks.py", kTasks},
  });
  Diagnostics diags;
  std::vector<std::string> want = {"every-hour | app.tasks.sync | app.tasks.sync | proj/celeryconfig.py:3 |  | "};
  EXPECT_EQ(Describe(FindBeatEntries(*repo.index, &diags)), want);
  EXPECT_EQ(CeleryTimezone(*repo.index).value_or("null"), "UTC");
}

TEST(CeleryBeat, SaysWhatItCannotRead) {
  TestRepo repo = MakeRepo({
      {"manage.py", kManage},
      {"proj/__init__.py", ""},
      {"proj/settings.py",
       "from mitol.common.envs import get_int\n"
       "CELERY_BEAT_SCHEDULER = 'django_celery_beat.schedulers:DatabaseScheduler'\n"
       "CELERY_BEAT_SCHEDULE = {\n"
       "    'env-only': {'task': 'app.tasks.sync', 'schedule': get_int('SYNC_SECONDS')},\n"
       "    'no-schedule': {'task': 'app.tasks.sync'},\n"
       "    'external': {'task': 'other_service.tasks.run', 'schedule': 60},\n"
       "    'opaque': make_entry(),\n"
       "}\n"},
      {"app/__init__.py", ""},
      {"app/tasks.py", kTasks},
  });
  Diagnostics diags;
  std::vector<edges::Edge> edges = RunDetector(repo, &diags);
  ASSERT_EQ(edges.size(), 3u);
  EXPECT_EQ(edges[0].cadence->text, "unknown");
  EXPECT_EQ(edges[0].confidence, "likely");
  EXPECT_EQ(edges[1].cadence->text, "unknown");
  EXPECT_EQ(edges[2].cadence->text, "every 1 min");
  EXPECT_EQ(edges[2].confidence, "likely");  // the task is not in the scanned code
  std::vector<std::string> messages;
  for (const Diagnostic& d : diags) messages.push_back(std::to_string(d.line) + " " + d.severity + " " + d.message);
  std::sort(messages.begin(), messages.end());
  std::vector<std::string> want = {
      "2 warning the beat scheduler is django_celery_beat's DatabaseScheduler: periodic tasks stored in the database "
      "cannot be read from code; beat_schedule edges list only schedules declared in code",
      "4 warning beat entry 'env-only': cadence unknown: `get_int('SYNC_SECONDS')` is read from environment variable "
      "SYNC_SECONDS with no default in code",
      "5 warning beat entry 'no-schedule': cadence unknown: the entry has no schedule",
      "6 info beat entry 'external' runs task 'other_service.tasks.run', which no @task function in the scanned code "
      "registers; what it reaches is not followed",
      "7 warning beat entry 'opaque': cannot read its definition `make_entry()`",
  };
  EXPECT_EQ(messages, want);
}

}  // namespace
}  // namespace edgescan::detect
