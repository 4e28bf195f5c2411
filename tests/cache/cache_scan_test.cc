// Incremental scans: a cached rescan prints exactly what a cold scan prints; a changed file or changed rules
// invalidate just the entries that depend on them; a damaged or foreign entry is rebuilt with a notice.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "output/json_writer.h"
#include "scan.h"
#include "testing/fixture_runner.h"

namespace edgescan {
namespace {

namespace fs = std::filesystem;

struct ScanRun {
  std::string json;
  edges::ScanResult result;
};

ScanRun ScanWith(const std::string& root, const std::string& cache_dir, const std::vector<std::string>& rules = {},
             int jobs = 1) {
  ScanOptions o;
  o.root = root;
  o.jobs = jobs;
  o.timing = false;
  o.cache_dir = cache_dir;
  o.rules_dirs = rules;
  StatusOr<edges::ScanResult> r = Scan(o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok()) return {};
  std::string json = output::WriteJson(*r, "0.1.0");
  return {json, std::move(*r)};
}

std::vector<std::string> EntriesUnder(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_regular_file()) out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A copy of a fixture in a temp folder, so a test may change its files.
std::string CopyFixture(const std::string& name, const testing::TempDir& tmp) {
  std::string dst = tmp.path() + "/" + name;
  fs::copy(testing::SourceDir() + "/fixtures/" + name, dst, fs::copy_options::recursive);
  return dst;
}

class CacheFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CacheFixtureTest, ColdFactsOnlyAndWarmScansPrintTheSameDocument) {
  std::string root = "fixtures/" + GetParam();
  testing::TempDir cache;
  std::string uncached = testing::ScanToJson(root);
  ScanRun cold = ScanWith(root, cache.path());
  EXPECT_EQ(uncached, cold.json) << testing::FirstDifference(uncached, cold.json);
  EXPECT_FALSE(cold.result.cache.result_hit);
  EXPECT_EQ(cold.result.cache.facts_hits, 0);

  ScanRun warm = ScanWith(root, cache.path(), {}, 4);
  EXPECT_TRUE(warm.result.cache.result_hit);
  EXPECT_EQ(uncached, warm.json) << testing::FirstDifference(uncached, warm.json);

  // Without the stored result, every file's facts come from the cache and resolution runs again.
  fs::remove_all(cache.path() + "/v1/results");
  ScanRun facts_only = ScanWith(root, cache.path());
  EXPECT_FALSE(facts_only.result.cache.result_hit);
  EXPECT_EQ(facts_only.result.cache.facts_misses, 0);
  EXPECT_EQ(facts_only.result.cache.facts_hits, cold.result.cache.facts_misses);
  EXPECT_EQ(uncached, facts_only.json) << testing::FirstDifference(uncached, facts_only.json);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CacheFixtureTest, ::testing::ValuesIn(testing::FixtureNames()),
                         testing::ParamName);

TEST(CacheTest, NewFileIsTheOnlyOneParsed) {
  testing::TempDir tmp, cache;
  std::string root = CopyFixture("django-shop", tmp);
  ScanRun cold = ScanWith(root, cache.path());
  ASSERT_GT(cold.result.cache.facts_misses, 2);

  std::string path = root + "/shop/status.py";
  testing::WriteFileOrDie(path, "import requests\n\n\ndef ping():\n"
                                "    return requests.get(\"https://status.example.org/ping\", timeout=3)\n");
  ScanRun warm = ScanWith(root, cache.path());
  EXPECT_FALSE(warm.result.cache.result_hit);
  EXPECT_EQ(warm.result.cache.facts_misses, 1);  // the new file; every other file's facts are reused
  EXPECT_EQ(warm.result.cache.facts_hits, cold.result.cache.facts_misses);
  ScanRun uncached = ScanWith(root, "");
  EXPECT_EQ(uncached.json, warm.json) << testing::FirstDifference(uncached.json, warm.json);
  EXPECT_NE(warm.json.find("https://status.example.org/ping"), std::string::npos);
}

TEST(CacheTest, ChangedFileIsTheOnlyOneParsedAgain) {
  testing::TempDir tmp, cache;
  std::string root = CopyFixture("django-shop", tmp);
  ScanRun cold = ScanWith(root, cache.path());
  std::string path = root + "/feeds/clients.py";
  std::string text = testing::ReadFileOrDie(path);
  testing::WriteFileOrDie(path, text + "\n\ndef ping():\n    return r.get(\"https://status.example.org/ping\")\n");
  ScanRun warm = ScanWith(root, cache.path());
  EXPECT_FALSE(warm.result.cache.result_hit);
  EXPECT_EQ(warm.result.cache.facts_misses, 1);
  EXPECT_EQ(warm.result.cache.facts_hits, cold.result.cache.facts_misses - 1);
  ScanRun uncached = ScanWith(root, "");
  EXPECT_EQ(uncached.json, warm.json) << testing::FirstDifference(uncached.json, warm.json);
  EXPECT_NE(warm.json.find("https://status.example.org/ping"), std::string::npos);
  EXPECT_NE(cold.json, warm.json);
}

TEST(CacheTest, ChangedRulesInvalidateTheResultButNotTheFacts) {
  testing::TempDir cache, rules;
  std::string root = "fixtures/django-shop";
  ScanRun cold = ScanWith(root, cache.path());
  // A rule file that adds a client: facts do not depend on rules, the result does.
  testing::WriteFileOrDie(rules.path() + "/extra.json",
                          R"({"id": "sdk-acme", "library": "acme", "kind": "sdk_call", "transport": "HTTPS",
                              "functions": [{"names": ["acme.fetch"]}]})");
  ScanRun with_rules = ScanWith(root, cache.path(), {rules.path()});
  EXPECT_FALSE(with_rules.result.cache.result_hit);
  EXPECT_EQ(with_rules.result.cache.facts_misses, 0);
  EXPECT_EQ(with_rules.result.cache.facts_hits, cold.result.cache.facts_misses);
  ScanRun uncached = ScanWith(root, "", {rules.path()});
  EXPECT_EQ(uncached.json, with_rules.json);
  // And back to the built-in rules: the first result is still stored.
  EXPECT_TRUE(ScanWith(root, cache.path()).result.cache.result_hit);
}

// Rules are parsed only when the stored result does not answer; a rule file broken after a good scan is still
// reported (its text changes the rules hash, so no stored result answers for it), and mending it brings the stored
// result back.
TEST(CacheTest, BrokenRulesAreReportedEvenWhenTheRepositoryHasAStoredResult) {
  testing::TempDir cache, rules;
  std::string root = "fixtures/django-shop";
  const std::string good = R"({"id": "sdk-acme", "library": "acme", "kind": "sdk_call", "transport": "HTTPS",
                               "functions": [{"names": ["acme.fetch"]}]})";
  testing::WriteFileOrDie(rules.path() + "/extra.json", good);
  ScanRun first = ScanWith(root, cache.path(), {rules.path()});
  EXPECT_FALSE(first.result.cache.result_hit);
  EXPECT_TRUE(ScanWith(root, cache.path(), {rules.path()}).result.cache.result_hit);

  testing::WriteFileOrDie(rules.path() + "/extra.json",
                          R"({"id": "sdk-acme", "kind": "soap", "functions": [{"names": ["acme.fetch"]}]})");
  ScanOptions o;
  o.root = root;
  o.jobs = 1;
  o.timing = false;
  o.cache_dir = cache.path();
  o.rules_dirs = {rules.path()};
  StatusOr<edges::ScanResult> broken = Scan(o);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("extra.json:1: kind: must be http_call or sdk_call"), std::string::npos)
      << broken.status().message();

  testing::WriteFileOrDie(rules.path() + "/extra.json", good);
  ScanRun mended = ScanWith(root, cache.path(), {rules.path()});
  EXPECT_TRUE(mended.result.cache.result_hit);
  EXPECT_EQ(mended.json, first.json);
}

TEST(CacheTest, ChangedConfigInvalidatesTheResult) {
  testing::TempDir tmp, cache;
  std::string root = CopyFixture("django-shop", tmp);
  ScanRun cold = ScanWith(root, cache.path());
  testing::WriteFileOrDie(root + "/.edgescan.json", R"({"service": "storefront"})");
  ScanRun configured = ScanWith(root, cache.path());
  EXPECT_FALSE(configured.result.cache.result_hit);
  EXPECT_EQ(configured.result.cache.facts_misses, 0);
  EXPECT_EQ(configured.result.service, "storefront");
  EXPECT_EQ(ScanWith(root, "").json, configured.json);
}

// Flips one byte in the middle of every entry of a kind.
void DamageEntries(const std::string& dir) {
  for (const std::string& f : EntriesUnder(dir)) {
    std::string bytes = testing::ReadFileOrDie(f);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5A);
    testing::WriteFileOrDie(f, bytes);
  }
}

TEST(CacheTest, DamagedEntriesAreRebuiltWithANotice) {
  testing::TempDir cache;
  std::string root = "fixtures/django-shop";
  ScanRun cold = ScanWith(root, cache.path());
  DamageEntries(cache.path() + "/v1/facts");
  DamageEntries(cache.path() + "/v1/results");
  ScanRun repaired = ScanWith(root, cache.path());
  EXPECT_EQ(cold.json, repaired.json) << testing::FirstDifference(cold.json, repaired.json);
  EXPECT_FALSE(repaired.result.cache.result_hit);
  EXPECT_EQ(repaired.result.cache.facts_hits, 0);
  ASSERT_EQ(static_cast<long long>(repaired.result.notices.size()), cold.result.cache.facts_misses + 1);
  EXPECT_NE(repaired.result.notices[0].find("damaged (checksum mismatch); rebuilt"), std::string::npos)
      << repaired.result.notices[0];
  // Rebuilt: the next scan trusts the new entries and says nothing.
  ScanRun next = ScanWith(root, cache.path());
  EXPECT_TRUE(next.result.cache.result_hit);
  EXPECT_TRUE(next.result.notices.empty());
  EXPECT_EQ(cold.json, next.json);
}

TEST(CacheTest, ForeignAndTruncatedFilesAreNotTrusted) {
  testing::TempDir cache;
  std::string root = "fixtures/django-shop";
  ScanRun cold = ScanWith(root, cache.path());
  std::vector<std::string> facts = EntriesUnder(cache.path() + "/v1/facts");
  ASSERT_GE(facts.size(), 2u);
  testing::WriteFileOrDie(facts[0], "not a cache entry at all");
  std::string whole = testing::ReadFileOrDie(facts[1]);
  testing::WriteFileOrDie(facts[1], whole.substr(0, whole.size() - 3));
  // Swap another entry's content in: a valid entry, but for another key.
  std::vector<std::string> results = EntriesUnder(cache.path() + "/v1/results");
  ASSERT_EQ(results.size(), 1u);
  fs::remove(results[0]);
  ScanRun again = ScanWith(root, cache.path());
  EXPECT_EQ(cold.json, again.json);
  EXPECT_EQ(again.result.cache.facts_misses, 2);
  ASSERT_EQ(again.result.notices.size(), 2u);
  // Notices follow the scan's file order, not the order of the entries on disk: look for each one.
  auto any_notice = [&](const std::string& text) {
    for (const std::string& n : again.result.notices) {
      if (n.find(text) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(any_notice("not an edgescan cache entry")) << again.result.notices[0] << "\n" << again.result.notices[1];
  EXPECT_TRUE(any_notice("truncated entry")) << again.result.notices[0] << "\n" << again.result.notices[1];

  std::vector<std::string> now = EntriesUnder(cache.path() + "/v1/facts");
  testing::WriteFileOrDie(now[0], testing::ReadFileOrDie(now[1]));
  ScanRun swapped = ScanWith(root, cache.path());
  EXPECT_EQ(cold.json, swapped.json);
}

TEST(CacheTest, ConcurrentScansSharingACacheAgree) {
  testing::TempDir cache;
  std::string expected = testing::ScanToJson("fixtures/django-shop");
  std::vector<std::string> outputs(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] { outputs[t] = ScanWith("fixtures/django-shop", cache.path(), {}, 2).json; });
  }
  for (std::thread& th : threads) th.join();
  for (const std::string& o : outputs) EXPECT_EQ(expected, o);
  EXPECT_TRUE(EntriesUnder(cache.path() + "/v1/tmp").empty()) << "temporary files left behind";
  EXPECT_TRUE(ScanWith("fixtures/django-shop", cache.path()).result.cache.result_hit);
}

TEST(CacheTest, UnusableCacheDirectoryIsANoticeNotAFailure) {
  testing::TempDir tmp;
  std::string file = tmp.path() + "/a-file";
  testing::WriteFileOrDie(file, "x");
  ScanRun r = ScanWith("fixtures/django-shop", file + "/cache");
  EXPECT_EQ(testing::ScanToJson("fixtures/django-shop"), r.json);
  ASSERT_EQ(r.result.notices.size(), 1u);
  EXPECT_NE(r.result.notices[0].find("scanning without a cache"), std::string::npos) << r.result.notices[0];
}

TEST(CacheTest, CliUsesTheCacheAndNoCacheDisablesIt) {
  testing::TempDir cache;
  std::string out;
  std::string bin = testing::Binary() + " scan fixtures/django-shop --no-timing ";
  ASSERT_EQ(testing::RunCommand(bin + "--cache " + cache.path(), &out), 0);
  EXPECT_FALSE(EntriesUnder(cache.path() + "/v1/results").empty());
  EXPECT_TRUE(fs::exists(cache.path() + "/CACHEDIR.TAG"));
  testing::TempDir home;
  std::string none;
  ASSERT_EQ(testing::RunCommand("XDG_CACHE_HOME=" + home.path() + " " + bin + "--no-cache", &none), 0);
  EXPECT_EQ(out, none);
  EXPECT_FALSE(fs::exists(home.path() + "/edgescan"));
  std::string dflt;
  ASSERT_EQ(testing::RunCommand("XDG_CACHE_HOME=" + home.path() + " " + bin, &dflt), 0);
  EXPECT_EQ(out, dflt);
  EXPECT_TRUE(fs::exists(home.path() + "/edgescan/v1/results"));
}

}  // namespace
}  // namespace edgescan
