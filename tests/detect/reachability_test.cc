// Reachability: which entry point reaches each outbound call, through the call graph's harder edges (dispatch on
// the class `self` is, overrides, callbacks, compositions, methods of objects taken out of containers), and how the
// cadences of several beat entries combine.
#include "detect/reachability.h"

#include <gtest/gtest.h>

#include "detect/celery_beat.h"
#include "detect/http_call.h"
#include "testing/fixture_runner.h"

namespace edgescan::detect {
namespace {

using edgescan::testing::MakeRepo;
using edgescan::testing::TestRepo;

const char kManage[] = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n";

// "function: trigger | cadence text | beat names | path functions" for every outbound edge.
std::map<std::string, std::string> Triggers(const TestRepo& repo) {
  Diagnostics diagnostics;
  DetectContext ctx{*repo.index, *repo.rules, "svc", &diagnostics};
  std::vector<edges::Edge> edges;
  HttpCallDetector().Run(ctx, &edges);
  CeleryBeatDetector().Run(ctx, &edges);
  ReachabilityPass().Run(ctx, &edges);
  std::map<std::string, std::string> out;
  for (const edges::Edge& e : edges) {
    if (e.direction != "outbound") continue;
    std::string s = e.trigger + " | " + (e.cadence ? e.cadence->text : "null") + " |";
    if (e.cadence) {
      for (const edges::BeatRef& b : e.cadence->beat) s += " " + b.name;
    }
    s += " |";
    for (const Provenance& p : e.path) s += " " + p.function;
    out[e.location.function] = s;
  }
  return out;
}

TEST(Reachability, FollowsTheHarderEdgesOfTheCallGraph) {
  TestRepo repo = MakeRepo({
      {"manage.py", kManage},
      {"proj/__init__.py", ""},
      {"proj/settings.py",
       "from celery.schedules import crontab\n"
       "CELERY_TIMEZONE = 'UTC'\n"
       "CELERY_BEAT_SCHEDULE = {\n"
       "    'sheets': {'task': 'jobs.tasks.process_sheets', 'schedule': 3600},\n"
       "    'reports': {'task': 'jobs.tasks.send_reports', 'schedule': crontab(minute=0, hour=6)},\n"
       "    'reports-often': {'task': 'jobs.tasks.send_reports', 'schedule': 900},\n"
       "}\n"},
      {"jobs/__init__.py", ""},
      {"jobs/handlers.py",
       "import requests\n"
       "from toolz import compose\n"
       "class Handler:\n"
       "    def process(self):\n"
       "        self.handle()\n"
       "class RequestHandler(Handler):\n"
       "    def handle(self):\n"
       "        requests.get('https://requests.example.org', timeout=5)\n"
       "class RefundHandler(Handler):\n"
       "    def handle(self):\n"
       "        requests.get('https://refunds.example.org', timeout=5)\n"
       "class Sender:\n"
       "    def send_report(self):\n"
       "        requests.post('https://reports.example.org', timeout=5)\n"
       "def extract():\n"
       "    return requests.get('https://extract.example.org', timeout=5)\n"
       "def load(rows):\n"
       "    return rows\n"
       "pipeline = compose(load, extract)\n"
       "def push(n):\n"
       "    requests.put('https://push.example.org', timeout=5)\n"
       "def retry(function, *args):\n"
       "    try:\n"
       "        function(*args)\n"
       "    except Exception:\n"
       "        function.delay(*args)\n"},
      {"jobs/tasks.py",
       "from celery import shared_task\n"
       "from jobs.handlers import RequestHandler, Sender, pipeline, push, retry\n"
       "@shared_task\n"
       "def process_sheets():\n"
       "    RequestHandler().process()\n"
       "    pipeline()\n"
       "    retry(push, 1)\n"
       "@shared_task\n"
       "def send_reports():\n"
       "    senders = {'daily': Sender()}\n"
       "    senders['daily'].send_report()\n"},
  });
  std::map<std::string, std::string> want = {
      // self.handle() in Handler.process dispatches on the object: a RequestHandler, not a RefundHandler.
      {"jobs.handlers.RequestHandler.handle",
       "beat | every 1h | sheets | jobs.tasks.process_sheets jobs.handlers.Handler.process"},
      {"jobs.handlers.RefundHandler.handle", "unknown | null | |"},
      // compose(load, extract)() runs extract; retry(push, 1) calls its `function` parameter.
      {"jobs.handlers.extract", "beat | every 1h | sheets | jobs.tasks.process_sheets"},
      {"jobs.handlers.push", "beat | every 1h | sheets | jobs.tasks.process_sheets"},
      // A method of an object taken out of a dict: the only class defining send_report. Two entries: the more
      // frequent one leads.
      {"jobs.handlers.Sender.send_report",
       "beat | every 15 min + daily 06:00 UTC | reports reports-often | jobs.tasks.send_reports"},
  };
  EXPECT_EQ(Triggers(repo), want);
}

TEST(Reachability, ViewsSignalsAndCommandsInThatOrder) {
  TestRepo repo = MakeRepo({
      {"manage.py", kManage},
      {"proj/__init__.py", ""},
      {"proj/settings.py", "INSTALLED_APPS = ['shop']\n"},
      {"shop/__init__.py", ""},
      {"shop/client.py",
       "import requests\n"
       "def both():\n"
       "    requests.get('https://both.example.org', timeout=5)\n"
       "def pull_orders():\n"
       "    requests.get('https://orders.example.org', timeout=5)\n"
       "def on_signal():\n"
       "    requests.get('https://signal.example.org', timeout=5)\n"
       "def export_all():\n"
       "    requests.get('https://export.example.org', timeout=5)\n"
       "def at_import():\n"
       "    requests.get('https://import.example.org', timeout=5)\n"
       "requests.get('https://module-level.example.org', timeout=5)\n"},
      {"shop/api.py",
       "from rest_framework.views import APIView\n"
       "from shop import client\n"
       "class BaseSync(APIView):\n"
       "    def post(self, request):\n"
       "        self.pull()\n"
       "class OrdersSync(BaseSync):\n"
       "    def pull(self):\n"
       "        client.pull_orders()\n"},
      {"shop/signals.py",
       "from celery.signals import worker_ready\n"
       "from shop import client\n"
       "@worker_ready.connect\n"
       "def warm(**kwargs):\n"
       "    client.on_signal()\n"
       "    client.both()\n"},
      {"shop/management/__init__.py", ""},
      {"shop/management/commands/__init__.py", ""},
      {"shop/management/commands/sync.py",
       "from django.core.management.base import BaseCommand\n"
       "from shop import client\n"
       "class SyncCommand(BaseCommand):\n"
       "    def handle(self, *args, **options):\n"
       "        client.both()\n"
       "        client.pull_orders()\n"
       "        self.run()\n"
       "class Command(SyncCommand):\n"
       "    def run(self):\n"
       "        client.export_all()\n"},
  });
  std::map<std::string, std::string> got = Triggers(repo);
  // Reached from a view (a method of an APIView subclass) and from the command: the view wins.
  EXPECT_EQ(got["shop.client.pull_orders"], "request | on request | | shop.api.OrdersSync.pull");
  // SyncCommand.handle's self.run() has no method in SyncCommand: every override runs (class hierarchy analysis).
  EXPECT_EQ(got["shop.client.export_all"],
            "manual | on demand | | shop.management.commands.sync.SyncCommand.handle "
            "shop.management.commands.sync.Command.run");
  EXPECT_EQ(got["shop.client.both"], "event | on event | | shop.signals.warm");
  EXPECT_EQ(got["shop.client.on_signal"], "event | on event | | shop.signals.warm");
  EXPECT_EQ(got["shop.client.at_import"], "unknown | null | |");
  EXPECT_EQ(got[""], "unknown | null | |");  // module level
}

}  // namespace
}  // namespace edgescan::detect
