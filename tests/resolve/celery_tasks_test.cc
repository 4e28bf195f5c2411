// The Celery task registry and the task edges of the call graph: which functions are tasks, under which names
// Celery registers them, and which calls run them (.delay, .s, signature, send_task by name).
#include <gtest/gtest.h>

#include <algorithm>

#include "testing/fixture_runner.h"

namespace edgescan::resolve {
namespace {

using edgescan::testing::MakeRepo;
using edgescan::testing::TestRepo;

const std::map<std::string, std::string> kRepo = {
    {"proj/__init__.py", "from .celery import app as celery_app\n"},
    {"proj/celery.py", "from celery import Celery\napp = Celery('proj')\n"},
    {"orders/__init__.py", ""},
    {"orders/tasks.py",
     "from celery import shared_task\n"
     "from proj.celery import app\n"
     "from proj import celery_app\n"
     "import celery\n"
     "@app.task\n"
     "def plain():\n    pass\n"
     "@app.task(name='orders.renamed', bind=True)\n"
     "def bound(self):\n    self.retry()\n"
     "@shared_task\n"
     "def shared():\n    pass\n"
     "@celery_app.task()\n"
     "def reexported():\n    pass\n"
     "@celery.task\n"
     "def old_style():\n    pass\n"
     "def not_a_task():\n    pass\n"},
    {"orders/fanout.py",
     "from celery import chain, group, signature\n"
     "from proj.celery import app\n"
     "from orders import tasks\n"
     "from orders.tasks import plain, shared\n"
     "def start(ids):\n"
     "    plain.delay()\n"
     "    group(shared.s(i) for i in ids)()\n"
     "    chain(tasks.reexported.si(), signature('orders.renamed'))()\n"
     "    app.send_task('orders.tasks.old_style')\n"
     "    app.send_task('unknown.task')\n"
     "    tasks.bound.delay()\n"},
};

TEST(CeleryTasks, RegistersDecoratedFunctionsUnderCeleryNames) {
  TestRepo repo = MakeRepo(kRepo);
  std::vector<std::string> got;
  for (const CeleryTask& t : repo.index->celery_tasks()) {
    got.push_back(t.name + " -> " + t.function + (t.bind ? " bind" : ""));
  }
  std::vector<std::string> want = {
      "orders.tasks.plain -> orders.tasks.plain",         "orders.renamed -> orders.tasks.bound bind",
      "orders.tasks.shared -> orders.tasks.shared",       "orders.tasks.reexported -> orders.tasks.reexported",
      "orders.tasks.old_style -> orders.tasks.old_style",
  };
  EXPECT_EQ(got, want);
}

TEST(CeleryTasks, FindsTasksByNameAndBySuffix) {
  TestRepo repo = MakeRepo(kRepo);
  const CeleryTask* t = repo.index->CeleryTaskNamed("orders.renamed");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->function, "orders.tasks.bound");
  // A repo scanned from above its import root: "tasks.plain" is the one task ending with it.
  t = repo.index->CeleryTaskNamed("tasks.plain");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->function, "orders.tasks.plain");
  EXPECT_EQ(repo.index->CeleryTaskNamed("plain.x"), nullptr);
  EXPECT_EQ(repo.index->CeleryTaskOf("orders.tasks.not_a_task"), nullptr);
}

TEST(CallGraph, TaskFanOutAndSendsByNameAreCalls) {
  TestRepo repo = MakeRepo(kRepo);
  const std::vector<std::string>& callees = repo.index->CalleesOf("orders.fanout.start");
  std::vector<std::string> want = {"orders.tasks.bound", "orders.tasks.old_style", "orders.tasks.plain",
                                   "orders.tasks.reexported", "orders.tasks.shared"};
  EXPECT_EQ(callees, want);
  // A bind=True task receives itself first: .s(), .delay() and direct calls map arguments after `self`.
  bool bound_call = false;
  for (const CallSite* site : repo.index->CallersOf("orders.tasks.bound")) {
    EXPECT_TRUE(site->bound_self) << "line " << site->call->line;
    bound_call = true;
  }
  EXPECT_TRUE(bound_call);
  // Sends by name pass arguments through args=: they are not parameter bindings for the callee.
  for (const CallSite* site : repo.index->CallersOf("orders.tasks.old_style")) {
    ADD_FAILURE() << "send_task mapped as a direct call at line " << site->call->line;
  }
}

}  // namespace
}  // namespace edgescan::resolve
