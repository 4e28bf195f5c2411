// Cache pruning: entries unused for too long go, then the least recently used beyond the size bound; a hit marks an
// entry used; stale temporary files go; scans prune at most once a day; `edgescan cache prune` says what it did.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "cache/store.h"
#include "scan.h"
#include "testing/fixture_runner.h"

namespace edgescan::cache {
namespace {

namespace fs = std::filesystem;

constexpr long long kDay = 24 * 3600;

Key KeyOf(int i) { return KeyBuilder().Add("prune-test").Add(static_cast<uint64_t>(i)).Finish(); }

std::string FactsPath(const std::string& dir, const Key& k) {
  std::string hex = k.Hex();
  return dir + "/v1/facts/" + hex.substr(0, 2) + "/" + hex;
}

void SetAge(const std::string& path, long long seconds_ago) {
  struct timespec times[2];
  times[0].tv_sec = times[1].tv_sec = static_cast<time_t>(::time(nullptr) - seconds_ago);
  times[0].tv_nsec = times[1].tv_nsec = 0;
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

std::unique_ptr<Store> OpenOrDie(const std::string& dir) {
  StatusOr<std::unique_ptr<Store>> s = Store::Open(dir);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(*s);
}

// A scan of the bundled django-shop fixture (one thread, no timing) with its cache in `dir`.
ScanOptions ShopScanCachedIn(const std::string& dir) {
  ScanOptions o;
  o.root = "fixtures/django-shop";
  o.jobs = 1;
  o.timing = false;
  o.cache_dir = dir;
  return o;
}

TEST(PruneTest, OldEntriesGoThenTheLeastRecentlyUsedBeyondTheSize) {
  testing::TempDir dir;
  std::unique_ptr<Store> store = OpenOrDie(dir.path());
  const std::string payload(1000, 'x');
  for (int i = 0; i < 5; ++i) store->Put(EntryKind::kFacts, KeyOf(i), payload);
  // Entry 0 was last used 40 days ago; 1..4 hours ago, 1 the oldest of them.
  SetAge(FactsPath(dir.path(), KeyOf(0)), 40 * kDay);
  for (int i = 1; i < 5; ++i) SetAge(FactsPath(dir.path(), KeyOf(i)), (5 - i) * 3600);

  PruneStats age_only = store->Prune({30 * kDay, 1LL << 40});
  EXPECT_EQ(age_only.entries_before, 5);
  EXPECT_EQ(age_only.removed, 1);
  EXPECT_FALSE(fs::exists(FactsPath(dir.path(), KeyOf(0))));

  // Room for two entries: the two least recently used of the four left go.
  long long entry_bytes = static_cast<long long>(fs::file_size(FactsPath(dir.path(), KeyOf(1))));
  PruneStats sized = store->Prune({30 * kDay, 2 * entry_bytes});
  EXPECT_EQ(sized.removed, 2);
  EXPECT_EQ(sized.bytes_after(), 2 * entry_bytes);
  EXPECT_FALSE(fs::exists(FactsPath(dir.path(), KeyOf(1))));
  EXPECT_FALSE(fs::exists(FactsPath(dir.path(), KeyOf(2))));
  std::string corrupt;
  EXPECT_TRUE(store->Get(EntryKind::kFacts, KeyOf(3), &corrupt).has_value());
  EXPECT_TRUE(store->Get(EntryKind::kFacts, KeyOf(4), &corrupt).has_value());
  // A pruned entry is a plain miss, not damage.
  EXPECT_FALSE(store->Get(EntryKind::kFacts, KeyOf(1), &corrupt).has_value());
  EXPECT_TRUE(corrupt.empty()) << corrupt;
}

TEST(PruneTest, AHitMarksTheEntryUsed) {
  testing::TempDir dir;
  std::unique_ptr<Store> store = OpenOrDie(dir.path());
  store->Put(EntryKind::kFacts, KeyOf(1), "one");
  store->Put(EntryKind::kFacts, KeyOf(2), "two");
  store->Put(EntryKind::kFacts, KeyOf(3), "three");
  for (int i = 1; i <= 3; ++i) SetAge(FactsPath(dir.path(), KeyOf(i)), 40 * kDay);
  std::string corrupt;
  ASSERT_TRUE(store->Get(EntryKind::kFacts, KeyOf(1), &corrupt).has_value());
  store->Touch(EntryKind::kFacts, KeyOf(2));
  PruneStats s = store->Prune({30 * kDay, 1LL << 40});
  EXPECT_EQ(s.removed, 1);
  EXPECT_TRUE(fs::exists(FactsPath(dir.path(), KeyOf(1))));
  EXPECT_TRUE(fs::exists(FactsPath(dir.path(), KeyOf(2))));
  EXPECT_FALSE(fs::exists(FactsPath(dir.path(), KeyOf(3))));
}

TEST(PruneTest, StaleTemporaryFilesGoFreshOnesStay) {
  testing::TempDir dir;
  std::unique_ptr<Store> store = OpenOrDie(dir.path());
  std::string stale = dir.path() + "/v1/tmp/123-4-5", fresh = dir.path() + "/v1/tmp/123-4-6";
  testing::WriteFileOrDie(stale, "half an entry");
  testing::WriteFileOrDie(fresh, "being written");
  SetAge(stale, 2 * 3600);
  PruneStats s = store->Prune({});
  EXPECT_EQ(s.stale_tmp, 1);
  EXPECT_EQ(s.entries_before, 0);  // temporary files are not entries
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(fresh));
}

TEST(PruneTest, ScansPruneAtMostOnceADay) {
  testing::TempDir dir;
  std::unique_ptr<Store> store = OpenOrDie(dir.path());
  store->Put(EntryKind::kFacts, KeyOf(1), "one");
  PruneStats s;
  EXPECT_TRUE(store->PruneIfDue({}, &s));
  EXPECT_EQ(s.entries_before, 1);
  EXPECT_FALSE(store->PruneIfDue({}));
  SetAge(dir.path() + "/v1/last-prune", 25 * 3600);
  EXPECT_TRUE(store->PruneIfDue({}));
}

TEST(PruneTest, AScanOverItsSizeBoundPrunesWithANotice) {
  testing::TempDir dir;
  ScanOptions o = ShopScanCachedIn(dir.path());
  o.cache_max_bytes = 0;  // nothing may stay
  StatusOr<edges::ScanResult> first = Scan(o);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first->notices.size(), 1u);
  EXPECT_NE(first->notices[0].find("cache: pruned"), std::string::npos) << first->notices[0];
  EXPECT_EQ(std::distance(fs::recursive_directory_iterator(dir.path() + "/v1/facts"), fs::recursive_directory_iterator{}) -
                std::distance(fs::directory_iterator(dir.path() + "/v1/facts"), fs::directory_iterator{}),
            0) << "facts entries left after pruning to 0 bytes";
  // Pruned today: the next scan is cold again, and gives the same document.
  StatusOr<edges::ScanResult> second = Scan(o);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->cache.result_hit);
  EXPECT_EQ(second->cache.facts_hits, 0);
  EXPECT_TRUE(second->notices.empty());
  EXPECT_EQ(first->edges.size(), second->edges.size());
}

TEST(PruneTest, AStoredResultKeepsItsFilesFactsUsed) {
  testing::TempDir dir;
  ScanOptions o = ShopScanCachedIn(dir.path());
  ASSERT_TRUE(Scan(o).ok());
  std::vector<std::string> entries;
  for (const auto& e : fs::recursive_directory_iterator(dir.path() + "/v1")) {
    if (e.is_regular_file() && e.path().filename() != "last-prune") entries.push_back(e.path().string());
  }
  ASSERT_GE(entries.size(), 2u);
  for (const std::string& e : entries) SetAge(e, 40 * kDay);
  StatusOr<edges::ScanResult> again = Scan(o);  // answered by the stored result; reads no facts
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->cache.result_hit);
  std::unique_ptr<Store> store = OpenOrDie(dir.path());
  PruneStats s = store->Prune({30 * kDay, 1LL << 40});
  EXPECT_EQ(s.removed, 0) << "the result and the facts of the files it covers were used today";
}

TEST(PruneTest, CliPrunesAndSaysWhatTheCacheHolds) {
  testing::TempDir dir;
  std::string out;
  std::string bin = testing::Binary();
  ASSERT_EQ(testing::RunCommand(bin + " scan fixtures/django-shop --no-timing --format json --cache " + dir.path() +
                                    " > /dev/null",
                                &out),
            0);
  ASSERT_EQ(testing::RunCommand(bin + " cache prune --cache " + dir.path(), &out), 0);
  EXPECT_NE(out.find("removed 0 of "), std::string::npos) << out;
  ASSERT_EQ(testing::RunCommand(bin + " cache prune --cache " + dir.path() + " --cache-max-mb 0", &out), 0);
  EXPECT_NE(out.find("holds 0 entries (0 KiB)"), std::string::npos) << out;
  EXPECT_NE(testing::RunCommand(bin + " cache prune --cache " + dir.path() + " --cache-max-mb lots 2>&1", &out), 0);
  EXPECT_NE(out.find("--cache-max-mb needs a number"), std::string::npos) << out;
  EXPECT_NE(testing::RunCommand(bin + " cache 2>&1", &out), 0);
  EXPECT_NE(out.find("cache needs a subcommand"), std::string::npos) << out;
}

}  // namespace
}  // namespace edgescan::cache
