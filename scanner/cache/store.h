// Store: the on-disk cache behind incremental scans (`--cache DIR`, default $XDG_CACHE_HOME/edgescan).
//
// Two kinds of entry, each one file named by a 128-bit XXH3 key (xxhash: a well-kept, fast non-cryptographic hash;
// hashing every file of a repo must cost far less than reading it):
//   facts/ab/<key>   one file's outcome (codec.h FileEntry); key = facts fingerprint + path + content
//   results/<key>    a whole scan result; key = scanner fingerprint + rules hash + options + every file's content key
// Layout: DIR/CACHEDIR.TAG, DIR/v1/{facts,results,tmp}. An entry is [magic "EDGESCN1", kind, key, payload size,
// payload, XXH3-64 of the payload]; anything that does not match (truncated, flipped bits, another version's file,
// another key's content) is reported as corrupt and rebuilt, never trusted.
//
// Safe when scans share it: entries are written to tmp/ and renamed into place (atomic on POSIX), so a reader sees a
// whole entry or none, and two writers of one key write the same bytes.
//
//   StatusOr<std::unique_ptr<Store>> s = Store::Open(dir);
//   Key k = KeyBuilder().Add("facts").Add(path).Add(content).Finish();
//   std::optional<std::string> payload = (*s)->Get(EntryKind::kFacts, k, &corrupt);
#ifndef EDGESCAN_CACHE_STORE_H_
#define EDGESCAN_CACHE_STORE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace edgescan::cache {

struct Key {
  uint64_t high = 0, low = 0;
  std::string Hex() const;
  friend bool operator==(const Key& a, const Key& b) { return a.high == b.high && a.low == b.low; }
};

// Streams fields into an XXH3-128 hash; each field is length-prefixed, so ("ab","c") and ("a","bc") differ.
class KeyBuilder {
 public:
  KeyBuilder();
  ~KeyBuilder();
  KeyBuilder(const KeyBuilder&) = delete;
  KeyBuilder& operator=(const KeyBuilder&) = delete;
  KeyBuilder& Add(std::string_view field);
  KeyBuilder& Add(const Key& key);
  KeyBuilder& Add(uint64_t number);
  Key Finish();

 private:
  void* state_;
};

enum class EntryKind : uint8_t { kFacts = 1, kResult = 2 };

// What Prune removed and kept.
struct PruneStats {
  long long entries_before = 0, bytes_before = 0;
  long long removed = 0, removed_bytes = 0;  // entries too old or over the size bound, oldest first
  long long stale_tmp = 0;                   // temporary files an interrupted writer left (older than an hour)
  long long entries_after() const { return entries_before - removed; }
  long long bytes_after() const { return bytes_before - removed_bytes; }
};

struct PruneLimits {
  long long max_age_seconds = 30LL * 24 * 3600;  // entries not used for 30 days go
  long long max_bytes = 1024LL * 1024 * 1024;    // then the least recently used go until the rest fits in 1 GiB
};

class Store {
 public:
  // Creates DIR and its layout if needed. Fails (the caller scans without a cache) when DIR cannot be written.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& dir);

  // The payload stored under key, or nullopt. A present but damaged entry sets *corrupt (with why) and is removed.
  std::optional<std::string> Get(EntryKind kind, const Key& key, std::string* corrupt) const;
  // Best effort: a failed write leaves no entry (and counts in write_errors()).
  void Put(EntryKind kind, const Key& key, std::string_view payload) const;
  // Marks an entry used without reading it (a stored result answered the scan: its files' facts stay wanted).
  void Touch(EntryKind kind, const Key& key) const;

  // Removes entries unused for longer than limits.max_age_seconds, then the least recently used until the rest
  // fits in limits.max_bytes, and temporary files older than an hour. A Get hit marks its entry used (its mtime), so
  // what every nightly scan reads stays. Safe while other scans use the cache: a removed entry is a miss to them.
  PruneStats Prune(const PruneLimits& limits) const;
  // Prune at most once a day (DIR/v1/last-prune records when): called after each scan that wrote entries, so a
  // cache never grows without bound yet a scan rarely pays for a walk over it. Returns whether it pruned.
  bool PruneIfDue(const PruneLimits& limits, PruneStats* stats = nullptr) const;

  const std::string& dir() const { return dir_; }
  long long write_errors() const { return write_errors_; }

 private:
  explicit Store(std::string dir) : dir_(std::move(dir)) {}
  std::string PathOf(EntryKind kind, const Key& key) const;
  std::string dir_;
  mutable std::atomic<long long> write_errors_{0};
  mutable std::atomic<uint64_t> tmp_counter_{0};
};

// $XDG_CACHE_HOME/edgescan, else $HOME/.cache/edgescan; "" when neither variable is set.
std::string DefaultCacheDir();

}  // namespace edgescan::cache

#endif  // EDGESCAN_CACHE_STORE_H_
