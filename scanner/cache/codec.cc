#include "cache/codec.h"

#include <climits>
#include <cstdint>
#include <type_traits>

namespace edgescan::cache {
namespace {

// Deeper than anything facts/ produces (kMaxExprDepth, kMaxStmtDepth and their sum through lambdas in statements).
constexpr int kMaxDecodeDepth = 512;

class Encoder {
 public:
  static constexpr bool kDecoding = false;
  bool ok() const { return true; }
  bool Enter() { return true; }
  void Leave() {}

  void U64(uint64_t& v) { Put(v); }
  void I64(long long& v) { Put((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Int(int& v) {
    long long x = v;
    I64(x);
  }
  void Bool(bool& b) { out_.push_back(b ? 1 : 0); }
  void Str(std::string& s) {
    Put(s.size());
    out_.append(s);
  }
  template <typename E>
  void Enum(E& e, E /*last*/) {
    out_.push_back(static_cast<char>(static_cast<uint8_t>(e)));
  }
  template <typename T, typename F>
  void List(std::vector<T>& v, F&& f) {
    Put(v.size());
    for (T& x : v) f(x);
  }
  template <typename T, typename F>
  void Opt(std::optional<T>& o, F&& f) {
    out_.push_back(o ? 1 : 0);
    if (o) f(*o);
  }
  std::string Take() { return std::move(out_); }

 private:
  void Put(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  std::string out_;
};

class Decoder {
 public:
  static constexpr bool kDecoding = true;
  explicit Decoder(std::string_view in)
      : p_(reinterpret_cast<const unsigned char*>(in.data())), end_(p_ + in.size()) {}
  bool ok() const { return ok_; }
  bool done() const { return p_ == end_; }
  bool Enter() {
    if (++depth_ > kMaxDecodeDepth) ok_ = false;
    return ok_;
  }
  void Leave() { --depth_; }

  void U64(uint64_t& v) { v = Get(); }
  void I64(long long& v) {
    uint64_t z = Get();
    v = static_cast<long long>((z >> 1) ^ (~(z & 1) + 1));
  }
  void Int(int& v) {
    long long x = 0;
    I64(x);
    if (x < INT_MIN || x > INT_MAX) ok_ = false;
    v = ok_ ? static_cast<int>(x) : 0;
  }
  void Bool(bool& b) {
    uint8_t c = Byte();
    if (c > 1) ok_ = false;
    b = c == 1;
  }
  void Str(std::string& s) {
    uint64_t n = Get();
    if (!ok_ || n > static_cast<uint64_t>(end_ - p_)) {
      ok_ = false;
      return;
    }
    s.assign(reinterpret_cast<const char*>(p_), n);
    p_ += n;
  }
  template <typename E>
  void Enum(E& e, E last) {
    uint8_t c = Byte();
    if (c > static_cast<uint8_t>(last)) ok_ = false;
    e = ok_ ? static_cast<E>(c) : E{};
  }
  template <typename T, typename F>
  void List(std::vector<T>& v, F&& f) {
    uint64_t n = Get();
    // Every element takes at least one byte, so a count beyond the bytes left is a corrupt entry.
    if (!ok_ || n > static_cast<uint64_t>(end_ - p_)) {
      ok_ = false;
      return;
    }
    v.clear();
    v.resize(n);
    for (T& x : v) {
      f(x);
      if (!ok_) return;
    }
  }
  template <typename T, typename F>
  void Opt(std::optional<T>& o, F&& f) {
    uint8_t c = Byte();
    if (c > 1) ok_ = false;
    if (!ok_ || c == 0) {
      o.reset();
      return;
    }
    o.emplace();
    f(*o);
  }

 private:
  uint8_t Byte() {
    if (p_ == end_) {
      ok_ = false;
      return 0;
    }
    return *p_++;
  }
  uint64_t Get() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t c = Byte();
      if (!ok_) return 0;
      v |= static_cast<uint64_t>(c & 0x7F) << shift;
      if (!(c & 0x80)) return v;
    }
    ok_ = false;
    return 0;
  }
  const unsigned char* p_;
  const unsigned char* end_;
  bool ok_ = true;
  int depth_ = 0;
};

// One description per struct, used by both archives.
template <typename Ar>
void Io(Ar& ar, std::string& s) {
  ar.Str(s);
}

template <typename Ar>
void Io(Ar& ar, facts::Expr& e) {
  if (!ar.Enter()) return;
  ar.Enum(e.kind, facts::ExprKind::kOther);
  ar.Str(e.text);
  ar.List(e.children, [&](facts::Expr& c) { Io(ar, c); });
  ar.Int(e.line);
  ar.Int(e.column);
  ar.Leave();
}

template <typename Ar>
void Io(Ar& ar, facts::Stmt& s) {
  if (!ar.Enter()) return;
  ar.Enum(s.kind, facts::StmtKind::kOther);
  ar.Int(s.line);
  ar.Int(s.column);
  ar.Str(s.op);
  ar.Int(s.index);
  ar.Int(s.count);
  auto expr = [&](facts::Expr& e) { Io(ar, e); };
  auto stmt = [&](facts::Stmt& x) { Io(ar, x); };
  ar.List(s.targets, expr);
  ar.List(s.exprs, expr);
  ar.List(s.body, stmt);
  ar.List(s.orelse, stmt);
  ar.Leave();
}

template <typename Ar>
void Io(Ar& ar, facts::Import& i) {
  ar.Str(i.local);
  ar.Str(i.target);
  ar.Bool(i.from_import);
  ar.Str(i.scope);
  ar.Int(i.line);
  ar.Int(i.column);
}

template <typename Ar>
void Io(Ar& ar, facts::Param& p) {
  ar.Str(p.name);
  ar.Enum(p.kind, facts::ParamKind::kKwArgs);
  ar.Bool(p.has_default);
  Io(ar, p.default_value);
  Io(ar, p.annotation);
}

template <typename Ar>
void Io(Ar& ar, facts::Function& f) {
  ar.Str(f.name);
  ar.Str(f.qualname);
  ar.Str(f.class_qualname);
  ar.Str(f.parent);
  ar.List(f.params, [&](facts::Param& p) { Io(ar, p); });
  Io(ar, f.returns);
  ar.List(f.decorators, [&](facts::Expr& e) { Io(ar, e); });
  ar.List(f.body, [&](facts::Stmt& s) { Io(ar, s); });
  ar.Str(f.docstring);
  ar.Bool(f.is_async);
  ar.Int(f.line);
  ar.Int(f.column);
  ar.Int(f.end_line);
}

template <typename Ar>
void Io(Ar& ar, facts::Class& c) {
  ar.Str(c.name);
  ar.Str(c.qualname);
  ar.Str(c.parent);
  ar.List(c.bases, [&](facts::Expr& e) { Io(ar, e); });
  ar.List(c.decorators, [&](facts::Expr& e) { Io(ar, e); });
  ar.List(c.body, [&](facts::Stmt& s) { Io(ar, s); });
  ar.Str(c.docstring);
  ar.Int(c.line);
  ar.Int(c.column);
  ar.Int(c.end_line);
}

template <typename Ar>
void Io(Ar& ar, Diagnostic& d) {
  ar.Str(d.file);
  ar.Int(d.line);
  ar.Str(d.severity);
  ar.Str(d.message);
}

template <typename Ar>
void Io(Ar& ar, facts::ModuleFacts& m) {
  ar.Str(m.path);
  ar.Str(m.module);
  ar.Bool(m.is_package);
  ar.U64(m.bytes);
  ar.Bool(m.has_errors);
  ar.List(m.body, [&](facts::Stmt& s) { Io(ar, s); });
  ar.List(m.imports, [&](facts::Import& i) { Io(ar, i); });
  ar.List(m.functions, [&](facts::Function& f) { Io(ar, f); });
  ar.List(m.classes, [&](facts::Class& c) { Io(ar, c); });
  ar.Str(m.docstring);
  ar.List(m.diagnostics, [&](Diagnostic& d) { Io(ar, d); });
}

template <typename Ar>
void Io(Ar& ar, FileEntry& f) {
  ar.Opt(f.facts, [&](facts::ModuleFacts& m) { Io(ar, m); });
  ar.List(f.diagnostics, [&](Diagnostic& d) { Io(ar, d); });
  ar.Bool(f.skipped);
}

template <typename Ar>
void Io(Ar& ar, Provenance& p) {
  ar.Str(p.file);
  ar.Int(p.line);
  ar.Int(p.column);
  ar.Str(p.function);
}

template <typename Ar>
void Io(Ar& ar, edges::Url& u) {
  ar.Opt(u.value, [&](std::string& s) { ar.Str(s); });
  ar.Str(u.tmpl);
  ar.Opt(u.host, [&](std::string& s) { ar.Str(s); });
  ar.List(u.origin, [&](Provenance& p) { Io(ar, p); });
}

template <typename Ar>
void Io(Ar& ar, edges::BeatRef& b) {
  ar.Str(b.name);
  ar.Str(b.task);
  ar.Str(b.file);
  ar.Int(b.line);
}

template <typename Ar>
void Io(Ar& ar, edges::Cadence& c) {
  ar.Str(c.text);
  ar.Opt(c.cron, [&](std::string& s) { ar.Str(s); });
  ar.Opt(c.every_seconds, [&](long long& v) { ar.I64(v); });
  ar.Opt(c.timezone, [&](std::string& s) { ar.Str(s); });
  ar.List(c.beat, [&](edges::BeatRef& b) { Io(ar, b); });
  ar.Bool(c.has_beat_field);
}

template <typename Ar>
void Io(Ar& ar, edges::Edge& e) {
  auto str = [&](std::string& s) { ar.Str(s); };
  ar.Str(e.id);
  ar.Str(e.kind);
  ar.Str(e.direction);
  ar.Str(e.service);
  ar.Opt(e.peer, str);
  ar.Str(e.transport);
  ar.Opt(e.method, str);
  ar.Opt(e.url, [&](edges::Url& u) { Io(ar, u); });
  ar.Opt(e.route, str);
  ar.Opt(e.cadence, [&](edges::Cadence& c) { Io(ar, c); });
  ar.Str(e.trigger);
  ar.List(e.brittle, str);
  Io(ar, e.location);
  ar.List(e.path, [&](Provenance& p) { Io(ar, p); });
  ar.Str(e.evidence);
  ar.Str(e.confidence);
  ar.Str(e.id_key);
  ar.Str(e.auth);
  ar.Str(e.view);
  ar.Str(e.callee);
}

template <typename Ar>
void Io(Ar& ar, edges::ScanResult& r) {
  ar.Str(r.root);
  ar.Str(r.service);
  ar.Opt(r.commit, [&](std::string& s) { ar.Str(s); });
  ar.I64(r.stats.files);
  ar.I64(r.stats.bytes);
  ar.I64(r.stats.parse_errors);
  ar.I64(r.stats.skipped);
  ar.List(r.edges, [&](edges::Edge& e) { Io(ar, e); });
  ar.List(r.diagnostics, [&](Diagnostic& d) { Io(ar, d); });
}

template <typename T>
std::string Encode(const T& value) {
  Encoder enc;
  Io(enc, const_cast<T&>(value));  // the encoder only reads
  return enc.Take();
}

template <typename T>
StatusOr<T> Decode(std::string_view bytes, const char* what) {
  Decoder dec(bytes);
  T value;
  Io(dec, value);
  if (!dec.ok() || !dec.done()) return InvalidArgumentError(std::string("corrupt ") + what);
  return value;
}

}  // namespace

std::string EncodeFileEntry(const FileEntry& entry) { return Encode(entry); }
StatusOr<FileEntry> DecodeFileEntry(std::string_view bytes) { return Decode<FileEntry>(bytes, "file entry"); }
std::string EncodeScanResult(const edges::ScanResult& result) { return Encode(result); }
StatusOr<edges::ScanResult> DecodeScanResult(std::string_view bytes) {
  return Decode<edges::ScanResult>(bytes, "scan result");
}

}  // namespace edgescan::cache
