#include "edges/edge_set.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace edgescan::edges {

std::string Fingerprint(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace {

std::string IdBase(const Edge& e) {
  std::string key;
  auto add = [&](std::string_view part) {
    key.append(part);
    key.push_back('\x1f');
  };
  add(e.kind);
  add(e.service);
  add(e.peer.value_or(""));
  add(e.route ? *e.route : (e.url ? e.url->tmpl : ""));
  add(e.location.function.empty() ? e.location.file : e.location.function);
  add(e.id_key);
  return key;
}

auto SortKey(const Edge& e) {
  return std::tie(e.location.file, e.location.line, e.kind, e.location.column);
}

}  // namespace

void Finalize(std::vector<Edge>* edges) {
  // Sort by place first so the per-function ordinal below follows source order.
  std::stable_sort(edges->begin(), edges->end(), [](const Edge& a, const Edge& b) {
    if (SortKey(a) != SortKey(b)) return SortKey(a) < SortKey(b);
    std::string ta = a.url ? a.url->tmpl + "\x1f" + a.url->value.value_or("") : a.route.value_or("");
    std::string tb = b.url ? b.url->tmpl + "\x1f" + b.url->value.value_or("") : b.route.value_or("");
    return ta < tb;
  });
  // Dedupe: same kind, place, URL/route and method.
  std::vector<Edge> unique;
  for (Edge& e : *edges) {
    bool dup = false;
    for (auto it = unique.rbegin(); it != unique.rend() && it->location.file == e.location.file &&
                                    it->location.line == e.location.line;
         ++it) {
      bool same_url = (it->url.has_value() == e.url.has_value()) &&
                      (!e.url || (it->url->tmpl == e.url->tmpl && it->url->value == e.url->value));
      if (it->kind == e.kind && it->location.column == e.location.column && same_url && it->route == e.route &&
          it->method == e.method) {
        dup = true;
        break;
      }
    }
    if (!dup) unique.push_back(std::move(e));
  }
  std::map<std::string, int> seen;
  for (Edge& e : unique) {
    std::string base = IdBase(e);
    int n = seen[base]++;
    e.id = Fingerprint(n == 0 ? base : base + "#" + std::to_string(n));
  }
  std::stable_sort(unique.begin(), unique.end(), [](const Edge& a, const Edge& b) {
    if (SortKey(a) != SortKey(b)) return SortKey(a) < SortKey(b);
    return a.id < b.id;
  });
  *edges = std::move(unique);
}

}  // namespace edgescan::edges
