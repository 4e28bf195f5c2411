#include "cache/store.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <ctime>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <tuple>
#include <vector>
#include <algorithm>

namespace edgescan::cache {
namespace {

constexpr char kMagic[8] = {'E', 'D', 'G', 'E', 'S', 'C', 'N', '1'};
constexpr size_t kHeader = sizeof(kMagic) + 1 + 16 + 8;
constexpr size_t kTrailer = 8;

void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

const char* KindDir(EntryKind kind) { return kind == EntryKind::kFacts ? "facts" : "results"; }

}  // namespace

std::string Key::Hex() const {
  static const char* kDigits = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = kDigits[(high >> (4 * i)) & 0xF];
    out[31 - i] = kDigits[(low >> (4 * i)) & 0xF];
  }
  return out;
}

KeyBuilder::KeyBuilder() : state_(XXH3_createState()) { XXH3_128bits_reset(static_cast<XXH3_state_t*>(state_)); }
KeyBuilder::~KeyBuilder() { XXH3_freeState(static_cast<XXH3_state_t*>(state_)); }

KeyBuilder& KeyBuilder::Add(std::string_view field) {
  Add(static_cast<uint64_t>(field.size()));
  XXH3_128bits_update(static_cast<XXH3_state_t*>(state_), field.data(), field.size());
  return *this;
}

KeyBuilder& KeyBuilder::Add(const Key& key) {
  Add(key.high);
  return Add(key.low);
}

KeyBuilder& KeyBuilder::Add(uint64_t number) {
  unsigned char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(number >> (8 * i));
  XXH3_128bits_update(static_cast<XXH3_state_t*>(state_), b, sizeof b);
  return *this;
}

Key KeyBuilder::Finish() {
  XXH128_hash_t h = XXH3_128bits_digest(static_cast<XXH3_state_t*>(state_));
  return Key{h.high64, h.low64};
}

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path root(dir);
  for (const char* sub : {"v1/facts", "v1/results", "v1/tmp"}) {
    fs::create_directories(root / sub, ec);
    if (ec) return UnavailableError("cache directory " + dir + ": " + ec.message());
  }
  fs::path tag = root / "CACHEDIR.TAG";
  if (!fs::exists(tag, ec)) {
    std::ofstream(tag) << "Signature: 8a477f597d28d172789f06886806bc55\n"
                          "# This directory is edgescan's cache (safe to delete). See https://bford.info/cachedir/\n";
  }
  if (::access((root / "v1/tmp").c_str(), W_OK) != 0) {
    return UnavailableError("cache directory " + dir + ": " + std::strerror(errno));
  }
  return std::unique_ptr<Store>(new Store(root.lexically_normal().string()));
}

std::string Store::PathOf(EntryKind kind, const Key& key) const {
  std::string hex = key.Hex();
  if (kind == EntryKind::kFacts) return dir_ + "/v1/facts/" + hex.substr(0, 2) + "/" + hex;
  return dir_ + "/v1/" + KindDir(kind) + "/" + hex;
}

std::optional<std::string> Store::Get(EntryKind kind, const Key& key, std::string* corrupt) const {
  std::string path = PathOf(kind, key);
  std::string data, unreadable;
  if (!ReadFile(path, &data, &unreadable)) return std::nullopt;
  auto bad = [&](const char* why) -> std::optional<std::string> {
    *corrupt = why;
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return std::nullopt;
  };
  if (data.size() < kHeader + kTrailer || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0) {
    return bad("not an edgescan cache entry of this version");
  }
  const char* p = data.data() + sizeof kMagic;
  if (static_cast<uint8_t>(p[0]) != static_cast<uint8_t>(kind) || GetU64(p + 1) != key.high ||
      GetU64(p + 9) != key.low) {
    return bad("entry holds another key");
  }
  uint64_t size = GetU64(p + 17);
  if (size != data.size() - kHeader - kTrailer) return bad("truncated entry");
  std::string_view payload(data.data() + kHeader, size);
  if (XXH3_64bits(payload.data(), payload.size()) != GetU64(data.data() + kHeader + size)) {
    return bad("checksum mismatch");
  }
  // Used now: pruning removes the least recently used entries first (best effort; a read-only cache still works).
  ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
  return std::string(payload);
}

void Store::Touch(EntryKind kind, const Key& key) const {
  ::utimensat(AT_FDCWD, PathOf(kind, key).c_str(), nullptr, 0);
}

PruneStats Store::Prune(const PruneLimits& limits) const {
  namespace fs = std::filesystem;
  struct Entry {
    int64_t mtime;
    std::string path;
    long long bytes;
  };
  PruneStats stats;
  std::vector<Entry> entries;
  auto mtime_of = [](const struct stat& st) { return static_cast<int64_t>(st.st_mtim.tv_sec); };
  int64_t now = static_cast<int64_t>(::time(nullptr));
  std::error_code ec;
  for (const char* sub : {"v1/facts", "v1/results", "v1/tmp"}) {
    bool tmp = std::string_view(sub) == "v1/tmp";
    for (fs::recursive_directory_iterator it(dir_ + "/" + sub, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      struct stat st;
      if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      if (tmp) {
        if (now - mtime_of(st) > 3600 && ::unlink(it->path().c_str()) == 0) ++stats.stale_tmp;
        continue;
      }
      entries.push_back({mtime_of(st), it->path().string(), static_cast<long long>(st.st_size)});
      ++stats.entries_before;
      stats.bytes_before += static_cast<long long>(st.st_size);
    }
  }
  // Oldest first; ties by path so that what goes does not depend on the directory's order.
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return std::tie(a.mtime, a.path) < std::tie(b.mtime, b.path); });
  long long bytes = stats.bytes_before;
  for (const Entry& e : entries) {
    bool too_old = now - e.mtime > limits.max_age_seconds;
    if (!too_old && bytes <= limits.max_bytes) break;
    if (::unlink(e.path.c_str()) != 0 && errno != ENOENT) continue;
    ++stats.removed;
    stats.removed_bytes += e.bytes;
    bytes -= e.bytes;
  }
  return stats;
}

bool Store::PruneIfDue(const PruneLimits& limits, PruneStats* stats) const {
  std::string marker = dir_ + "/v1/last-prune";
  struct stat st;
  int64_t now = static_cast<int64_t>(::time(nullptr));
  if (::stat(marker.c_str(), &st) == 0 && now - static_cast<int64_t>(st.st_mtim.tv_sec) < 24 * 3600) return false;
  // Claim the day's prune first (touch the marker), so concurrent scans do not all walk the cache.
  int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  ::futimens(fd, nullptr);
  ::close(fd);
  PruneStats s = Prune(limits);
  if (stats != nullptr) *stats = s;
  return true;
}

void Store::Put(EntryKind kind, const Key& key, std::string_view payload) const {
  std::string data(kMagic, sizeof kMagic);
  data.push_back(static_cast<char>(kind));
  PutU64(&data, key.high);
  PutU64(&data, key.low);
  PutU64(&data, payload.size());
  data.append(payload);
  PutU64(&data, XXH3_64bits(payload.data(), payload.size()));

  std::string final_path = PathOf(kind, key);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(final_path).parent_path(), ec);
  std::ostringstream name;
  name << dir_ << "/v1/tmp/" << ::getpid() << "-" << std::hash<std::thread::id>()(std::this_thread::get_id()) << "-"
       << tmp_counter_++;
  std::string tmp = name.str();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    ++write_errors_;
    return;
  }
  bool ok = WriteAll(fd, data);
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), final_path.c_str()) != 0) {
    ++write_errors_;
    std::remove(tmp.c_str());
  }
}

std::string DefaultCacheDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/edgescan";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.cache/edgescan";
  return "";
}

}  // namespace edgescan::cache
