// --format markdown: the page for fixtures/issue-7-hardcoded-urls is compared with its hand-checked expected.md;
// the inbound and schedule tables (which that fixture has none of) are checked on hand-built edges.
#include "output/markdown.h"

#include <gtest/gtest.h>

#include "testing/fixture_runner.h"

namespace edgescan::output {
namespace {

TEST(MarkdownReport, MatchesHandCheckedPageForFixture) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(testing::Binary() + " scan fixtures/issue-7-hardcoded-urls --no-timing --format markdown",
                                &out),
            0);
  std::string expected = testing::ReadFileOrDie("fixtures/issue-7-hardcoded-urls/expected.md");
  EXPECT_EQ(expected, out) << testing::FirstDifference(expected, out);
}

Provenance At(const std::string& file, int line, const std::string& function = "") {
  return Provenance{file, line, 1, function};
}

edges::ScanResult ShopWithRoutesAndSchedules() {
  edges::ScanResult r;
  r.root = "shop";
  r.service = "Shop";
  r.commit = "0123456789abcdef0123456789abcdef01234567";
  r.stats.files = 3;
  edges::Edge beat;
  beat.kind = "beat_schedule";
  beat.direction = "internal";
  beat.transport = "Celery beat";
  beat.cadence = edges::Cadence{"daily 05:30 UTC", "30 5 * * *", std::nullopt, "UTC",
                                {{"pull-rates", "feeds.tasks.pull_rates", "shop/settings.py", 40}}, true};
  beat.location = At("shop/settings.py", 40);
  edges::Edge call;
  call.kind = "http_call";
  call.direction = "outbound";
  call.peer = "Rates | FX";  // a pipe must not split the table
  call.transport = "REST JSON";
  call.method = "GET";
  call.url = edges::Url{std::nullopt, "{settings.RATES_URL}/latest", "rates.acme.io", {At("shop/settings.py", 12)}};
  call.cadence = beat.cadence;
  call.trigger = "beat";
  call.brittle = {"no_timeout"};
  call.location = At("feeds/clients.py", 20, "feeds.clients.pull_rates");
  edges::Edge hook;
  hook.kind = "webhook";
  hook.direction = "inbound";
  hook.peer = "Payments";
  hook.transport = "HTTPS webhook";
  hook.method = "POST";
  hook.route = "api/v0/webhooks/payments/";
  hook.trigger = "request";
  hook.location = At("payments/views.py", 30, "payments.views.PaymentWebhook.post");
  hook.view = "payments.views.PaymentWebhook";
  hook.auth = "hmac signature";
  r.edges = {call, hook, beat};
  return r;
}

TEST(MarkdownReport, TablesForInboundAndSchedules) {
  std::string page = WriteMarkdown(ShopWithRoutesAndSchedules(), "0.1.0");
  EXPECT_NE(page.find("Read from the code of `shop` at commit `0123456789abcdef0123456789abcdef01234567` by edgescan "
                      "0.1.0 (3 Python files)."),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("| Source | Transport | Cadence | Data | Source of truth |\n|---|---|---|---|---|\n"
                      "| ⚠️ Rates \\| FX (no_timeout) | REST JSON | beat `pull-rates` (daily 05:30 UTC) | "
                      "GET `{settings.RATES_URL}/latest` | `shop/settings.py:12` |\n"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("| Route | Methods | View | Auth | Peer |\n|---|---|---|---|---|\n"
                      "| `api/v0/webhooks/payments/` | POST | `payments.views.PaymentWebhook` at `payments/views.py:30` | "
                      "hmac signature | Payments |\n"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("| Entry | Task | Cadence | Location |\n|---|---|---|---|\n"
                      "| `pull-rates` | `feeds.tasks.pull_rates` → reaches Rates \\| FX | daily 05:30 UTC (cron "
                      "`30 5 * * *`) | `shop/settings.py:40` |\n"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("- `no_timeout`: a call without a timeout"), std::string::npos) << page;
  EXPECT_EQ(page.find("## Hardcoded URLs"), std::string::npos) << "no hardcoded_url edges, no section";
}

TEST(MarkdownReport, EmptyScanSaysNoneFound) {
  edges::ScanResult r;
  r.root = "empty";
  r.service = "Empty";
  std::string page = WriteMarkdown(r, "0.1.0");
  EXPECT_NE(page.find("## Ingestion sources"), std::string::npos);
  EXPECT_NE(page.find("## Inbound"), std::string::npos);
  EXPECT_NE(page.find("## Schedules"), std::string::npos);
  size_t n = 0;
  for (size_t at = page.find("None found."); at != std::string::npos; at = page.find("None found.", at + 1)) ++n;
  EXPECT_EQ(n, 3u) << page;
}

}  // namespace
}  // namespace edgescan::output
