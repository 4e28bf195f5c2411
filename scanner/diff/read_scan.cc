// Reading scan documents back (the inverse of output/json_writer.cc). Why hand-checked: a diff in CI is fed files
// written by another job or another edgescan version; a wrong file must give one clear line, not a crash.
#include <nlohmann/json.hpp>

#include "diff/diff.h"

namespace edgescan::diff {
namespace {

using Json = nlohmann::json;

// Every accessor tolerates a missing or null field (older or hand-trimmed documents) but not a wrong type.
class Reader {
 public:
  explicit Reader(const std::string& name) : name_(name) {}

  Status Error(const std::string& where, const std::string& what) const {
    return InvalidArgumentError(name_ + ": " + where + ": " + what);
  }

  Status Str(const Json& o, const char* key, const std::string& where, std::string* out) const {
    if (!o.contains(key) || o[key].is_null()) return Status::Ok();
    if (!o[key].is_string()) return Error(where + "." + key, "must be a string");
    *out = o[key].get<std::string>();
    return Status::Ok();
  }

  Status OptStr(const Json& o, const char* key, const std::string& where, std::optional<std::string>* out) const {
    if (!o.contains(key) || o[key].is_null()) return Status::Ok();
    if (!o[key].is_string()) return Error(where + "." + key, "must be a string or null");
    *out = o[key].get<std::string>();
    return Status::Ok();
  }

  Status Int(const Json& o, const char* key, const std::string& where, int* out) const {
    if (!o.contains(key) || o[key].is_null()) return Status::Ok();
    if (!o[key].is_number_integer()) return Error(where + "." + key, "must be an integer");
    long long v = o[key].get<long long>();
    if (v < 0 || v > 1'000'000'000) return Error(where + "." + key, "out of range");
    *out = static_cast<int>(v);
    return Status::Ok();
  }

  Status Prov(const Json& o, const std::string& where, Provenance* out) const {
    if (!o.is_object()) return Error(where, "must be an object {file, line, column, function}");
    RETURN_IF_ERROR(Str(o, "file", where, &out->file));
    RETURN_IF_ERROR(Int(o, "line", where, &out->line));
    RETURN_IF_ERROR(Int(o, "column", where, &out->column));
    RETURN_IF_ERROR(Str(o, "function", where, &out->function));
    return Status::Ok();
  }

  Status ProvList(const Json& o, const char* key, const std::string& where, std::vector<Provenance>* out) const {
    if (!o.contains(key) || o[key].is_null()) return Status::Ok();
    if (!o[key].is_array()) return Error(where + "." + key, "must be a list");
    size_t i = 0;
    for (const Json& p : o[key]) {
      Provenance prov;
      RETURN_IF_ERROR(Prov(p, where + "." + key + "[" + std::to_string(i++) + "]", &prov));
      out->push_back(std::move(prov));
    }
    return Status::Ok();
  }

  Status ReadEdge(const Json& j, const std::string& where, edges::Edge* e) const {
    if (!j.is_object()) return Error(where, "an edge must be an object");
    RETURN_IF_ERROR(Str(j, "id", where, &e->id));
    if (e->id.empty()) return Error(where + ".id", "every edge needs its id (diff matches edges by id)");
    RETURN_IF_ERROR(Str(j, "kind", where, &e->kind));
    RETURN_IF_ERROR(Str(j, "direction", where, &e->direction));
    RETURN_IF_ERROR(Str(j, "service", where, &e->service));
    RETURN_IF_ERROR(OptStr(j, "peer", where, &e->peer));
    RETURN_IF_ERROR(Str(j, "transport", where, &e->transport));
    RETURN_IF_ERROR(OptStr(j, "method", where, &e->method));
    if (j.contains("url") && !j["url"].is_null()) {
      const Json& u = j["url"];
      if (!u.is_object()) return Error(where + ".url", "must be an object or null");
      edges::Url url;
      RETURN_IF_ERROR(OptStr(u, "value", where + ".url", &url.value));
      RETURN_IF_ERROR(Str(u, "template", where + ".url", &url.tmpl));
      RETURN_IF_ERROR(OptStr(u, "host", where + ".url", &url.host));
      RETURN_IF_ERROR(ProvList(u, "origin", where + ".url", &url.origin));
      e->url = std::move(url);
    }
    RETURN_IF_ERROR(OptStr(j, "route", where, &e->route));
    if (j.contains("cadence") && !j["cadence"].is_null()) {
      const Json& c = j["cadence"];
      std::string cw = where + ".cadence";
      if (!c.is_object()) return Error(cw, "must be an object or null");
      edges::Cadence cadence;
      RETURN_IF_ERROR(Str(c, "text", cw, &cadence.text));
      RETURN_IF_ERROR(OptStr(c, "cron", cw, &cadence.cron));
      RETURN_IF_ERROR(OptStr(c, "timezone", cw, &cadence.timezone));
      if (c.contains("every_seconds") && !c["every_seconds"].is_null()) {
        if (!c["every_seconds"].is_number_integer()) return Error(cw + ".every_seconds", "must be an integer or null");
        cadence.every_seconds = c["every_seconds"].get<long long>();
      }
      if (c.contains("beat")) {
        cadence.has_beat_field = true;
        if (!c["beat"].is_array()) return Error(cw + ".beat", "must be a list");
        for (const Json& b : c["beat"]) {
          if (!b.is_object()) return Error(cw + ".beat", "entries must be objects {name, task, file, line}");
          edges::BeatRef ref;
          RETURN_IF_ERROR(Str(b, "name", cw + ".beat", &ref.name));
          RETURN_IF_ERROR(Str(b, "task", cw + ".beat", &ref.task));
          RETURN_IF_ERROR(Str(b, "file", cw + ".beat", &ref.file));
          RETURN_IF_ERROR(Int(b, "line", cw + ".beat", &ref.line));
          cadence.beat.push_back(std::move(ref));
        }
      }
      e->cadence = std::move(cadence);
    }
    RETURN_IF_ERROR(Str(j, "trigger", where, &e->trigger));
    if (j.contains("brittle") && !j["brittle"].is_null()) {
      if (!j["brittle"].is_array()) return Error(where + ".brittle", "must be a list of strings");
      for (const Json& b : j["brittle"]) {
        if (!b.is_string()) return Error(where + ".brittle", "must be a list of strings");
        e->brittle.push_back(b.get<std::string>());
      }
    }
    if (j.contains("location")) RETURN_IF_ERROR(Prov(j["location"], where + ".location", &e->location));
    RETURN_IF_ERROR(ProvList(j, "path", where, &e->path));
    RETURN_IF_ERROR(Str(j, "evidence", where, &e->evidence));
    RETURN_IF_ERROR(Str(j, "confidence", where, &e->confidence));
    return Status::Ok();
  }

 private:
  const std::string& name_;
};

}  // namespace

StatusOr<edges::ScanResult> ReadScanDocument(std::string_view text, const std::string& name) {
  Reader reader(name);
  edges::ScanResult result;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return reader.Error("(top)", "empty (expected an edgescan/edges@1 document; did the scan fail?)");
  }
  Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded()) {
    if (!doc.is_object()) return reader.Error("(top)", "not an edgescan/edges@1 document (expected an object)");
    std::string schema;
    RETURN_IF_ERROR(reader.Str(doc, "schema", "(top)", &schema));
    if (schema.rfind("edgescan/edges@", 0) != 0) {
      return reader.Error("schema", "'" + schema + "' is not an edgescan/edges document");
    }
    if (schema != "edgescan/edges@1") return reader.Error("schema", "'" + schema + "' is newer than edgescan/edges@1");
    if (doc.contains("repo") && doc["repo"].is_object()) {
      RETURN_IF_ERROR(reader.Str(doc["repo"], "root", "repo", &result.root));
      RETURN_IF_ERROR(reader.Str(doc["repo"], "service", "repo", &result.service));
      RETURN_IF_ERROR(reader.OptStr(doc["repo"], "commit", "repo", &result.commit));
    }
    if (!doc.contains("edges") || !doc["edges"].is_array()) return reader.Error("edges", "missing or not a list");
    size_t i = 0;
    for (const Json& j : doc["edges"]) {
      edges::Edge e;
      RETURN_IF_ERROR(reader.ReadEdge(j, "edges[" + std::to_string(i++) + "]", &e));
      result.edges.push_back(std::move(e));
    }
    return result;
  }
  // JSON lines: one edge per non-empty line.
  size_t start = 0;
  int line_no = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Json j = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      return reader.Error("line " + std::to_string(line_no), "not JSON (expected an edges@1 document or JSON lines)");
    }
    edges::Edge e;
    RETURN_IF_ERROR(reader.ReadEdge(j, "line " + std::to_string(line_no), &e));
    if (result.service.empty()) result.service = e.service;
    result.edges.push_back(std::move(e));
  }
  return result;
}

}  // namespace edgescan::diff
