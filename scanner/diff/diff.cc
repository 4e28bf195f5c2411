// Matching by id (see diff.h). Why positions are ignored: a pull request that moves code, or adds lines above a call,
// shifts every line number below it; only what the edge *says* (peer, URL, cadence, brittleness) is a change.
#include "diff/diff.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace edgescan::diff {
namespace {

bool SameCadence(const std::optional<edges::Cadence>& a, const std::optional<edges::Cadence>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  if (a->text != b->text || a->cron != b->cron || a->every_seconds != b->every_seconds || a->timezone != b->timezone) {
    return false;
  }
  if (a->beat.size() != b->beat.size()) return false;
  for (size_t i = 0; i < a->beat.size(); ++i) {
    if (a->beat[i].name != b->beat[i].name || a->beat[i].task != b->beat[i].task) return false;
  }
  return true;
}

std::vector<std::string> SortedBrittle(const edges::Edge& e) {
  std::vector<std::string> b = e.brittle;
  std::sort(b.begin(), b.end());
  return b;
}

}  // namespace

std::vector<std::string> ChangedFields(const edges::Edge& a, const edges::Edge& b) {
  std::vector<std::string> out;
  auto check = [&](bool same, const char* field) {
    if (!same) out.push_back(field);
  };
  check(a.kind == b.kind, "kind");
  check(a.direction == b.direction, "direction");
  check(a.peer == b.peer, "peer");
  check(a.transport == b.transport, "transport");
  check(a.method == b.method, "method");
  check(a.url.has_value() == b.url.has_value(), "url");
  if (a.url && b.url) {
    check(a.url->value == b.url->value, "url.value");
    check(a.url->tmpl == b.url->tmpl, "url.template");
    check(a.url->host == b.url->host, "url.host");
  }
  check(a.route == b.route, "route");
  check(SameCadence(a.cadence, b.cadence), "cadence");
  check(a.trigger == b.trigger, "trigger");
  check(SortedBrittle(a) == SortedBrittle(b), "brittle");
  check(a.location.file == b.location.file && a.location.function == b.location.function, "location");
  check(a.confidence == b.confidence, "confidence");
  return out;
}

bool EdgeDiff::IsNewBrittle(std::string_view id, std::string_view kind) const {
  for (const BrittleFinding& f : new_brittle) {
    if (f.id == id && f.kind == kind) return true;
  }
  return false;
}

EdgeDiff DiffScans(edges::ScanResult base, edges::ScanResult head) {
  EdgeDiff d;
  // Ids are unique within one scan; should a document repeat one, its copies pair up in document order.
  std::map<std::string, std::vector<size_t>> base_by_id;
  for (size_t i = 0; i < base.edges.size(); ++i) base_by_id[base.edges[i].id].push_back(i);
  std::vector<bool> base_matched(base.edges.size(), false);
  for (const edges::Edge& h : head.edges) {
    auto it = base_by_id.find(h.id);
    const edges::Edge* b = nullptr;
    if (it != base_by_id.end()) {
      for (size_t i : it->second) {
        if (!base_matched[i]) {
          base_matched[i] = true;
          b = &base.edges[i];
          break;
        }
      }
    }
    std::vector<std::string> base_brittle = b ? SortedBrittle(*b) : std::vector<std::string>{};
    for (const std::string& kind : SortedBrittle(h)) {
      if (!std::binary_search(base_brittle.begin(), base_brittle.end(), kind)) d.new_brittle.push_back({h.id, kind});
    }
    if (b == nullptr) {
      d.added.push_back(h);
      continue;
    }
    std::vector<std::string> fields = ChangedFields(*b, h);
    if (!fields.empty()) {
      d.changed.push_back({*b, h, std::move(fields)});
      continue;
    }
    ++d.unchanged;
    if (std::tie(b->location.line, b->location.column) != std::tie(h.location.line, h.location.column)) {
      d.moved.push_back({h, b->location});
    }
  }
  for (size_t i = 0; i < base.edges.size(); ++i) {
    if (!base_matched[i]) d.removed.push_back(base.edges[i]);
  }
  d.base = std::move(base);
  d.head = std::move(head);
  return d;
}

}  // namespace edgescan::diff
