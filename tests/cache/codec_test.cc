// The cache codec: what is encoded decodes to the same structs, and damaged bytes are refused, never trusted.
#include "cache/codec.h"

#include <gtest/gtest.h>

#include "testing/fixture_runner.h"

namespace edgescan::cache {
namespace {

FileEntry SampleEntry() {
  FileEntry e;
  e.facts = testing::FactsFor("feeds/etl.py",
                              "import requests\n"
                              "from django.conf import settings\n"
                              "FEED = f\"{settings.BASE}/feed?x={1 + 2}\"\n"
                              "class Client(Base, metaclass=Meta):\n"
                              "    @property\n"
                              "    def url(self, *a, k=3, **kw):\n"
                              "        '''doc'''\n"
                              "        for x in [1, {'a': (2, 3)}]:\n"
                              "            if x and not x: return requests.get(FEED, timeout=5)\n"
                              "        return lambda y: y[1:2]\n");
  e.diagnostics.push_back({"feeds/etl.py", 3, "warning", "invalid UTF-8 at byte 7; scanned what decodes"});
  return e;
}

TEST(CodecTest, FileEntryRoundTripsExactly) {
  FileEntry e = SampleEntry();
  std::string bytes = EncodeFileEntry(e);
  StatusOr<FileEntry> back = DecodeFileEntry(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_TRUE(back->facts.has_value());
  EXPECT_EQ(back->facts->module, "feeds.etl");
  EXPECT_EQ(back->facts->functions.size(), e.facts->functions.size());
  EXPECT_EQ(back->facts->functions[0].qualname, "feeds.etl.Client.url");
  EXPECT_EQ(back->facts->functions[0].params.size(), 4u);
  EXPECT_EQ(back->facts->functions[0].params[2].default_value.text, "3");
  EXPECT_EQ(back->diagnostics, e.diagnostics);
  // Everything else: encoding the decoded entry gives the same bytes.
  EXPECT_EQ(EncodeFileEntry(*back), bytes);
}

TEST(CodecTest, SkippedEntryRoundTrips) {
  FileEntry e;
  e.skipped = true;
  e.diagnostics.push_back({"x.py", 0, "warning", "binary content (NUL bytes) in a .py file; not scanned"});
  StatusOr<FileEntry> back = DecodeFileEntry(EncodeFileEntry(e));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->skipped);
  EXPECT_FALSE(back->facts.has_value());
  EXPECT_EQ(back->diagnostics, e.diagnostics);
}

TEST(CodecTest, ScanResultRoundTripsIncludingUnprintedFields) {
  edges::ScanResult r;
  r.root = "fixtures/x";
  r.service = "x";
  r.commit = "0123";
  r.stats.files = 3;
  r.stats.bytes = 1000;
  edges::Edge e;
  e.id = "abc";
  e.kind = "http_call";
  e.url = edges::Url{"https://a/b", "https://a/b", "a", {{"x.py", 1, 2, "f"}}};
  e.cadence = edges::Cadence{"every 3h", std::nullopt, 10800, "UTC", {{"n", "t", "s.py", 4}}, true};
  e.brittle = {"no_timeout"};
  e.callee = "requests.get";
  e.auth = "hmac";
  r.edges.push_back(e);
  r.diagnostics.push_back({"a.py", 1, "info", "m"});
  std::string bytes = EncodeScanResult(r);
  StatusOr<edges::ScanResult> back = DecodeScanResult(bytes);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->edges.size(), 1u);
  EXPECT_EQ(back->edges[0].callee, "requests.get");
  EXPECT_EQ(back->edges[0].auth, "hmac");
  EXPECT_EQ(*back->edges[0].cadence->every_seconds, 10800);
  EXPECT_EQ(back->edges[0].url->origin[0].function, "f");
  EXPECT_EQ(*back->commit, "0123");
  EXPECT_EQ(EncodeScanResult(*back), bytes);
}

// Every truncation and every single-byte change of an entry either decodes to something (a change inside a
// string) or is refused; none crashes (ASan/UBSan watch this test).
TEST(CodecTest, DamagedBytesAreRefusedOrHarmless) {
  std::string bytes = EncodeFileEntry(SampleEntry());
  int refused = 0;
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(DecodeFileEntry(std::string_view(bytes).substr(0, n)).ok()) << "truncated at " << n;
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char flip : {0x01, 0x80, 0xFF}) {
      std::string bad = bytes;
      bad[i] = static_cast<char>(bad[i] ^ flip);
      if (!DecodeFileEntry(bad).ok()) ++refused;
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_FALSE(DecodeFileEntry(bytes + "x").ok()) << "trailing bytes";
  // A list count claiming more elements than bytes left.
  EXPECT_FALSE(DecodeFileEntry(std::string("\x01\x00\x00\x00\xff\xff\xff\xff\x0f", 9)).ok());
}

TEST(CodecTest, DeepNestingBeyondTheBoundIsRefused) {
  // 600 nested Exprs: deeper than facts/ ever produces; the decoder stops instead of recursing on.
  facts::Expr root;
  facts::Expr* e = &root;
  for (int i = 0; i < 600; ++i) {
    e->kind = facts::ExprKind::kUnaryOp;
    e->children.emplace_back();
    e = &e->children.back();
  }
  FileEntry entry;
  entry.facts.emplace();
  facts::Stmt s;
  s.kind = facts::StmtKind::kExpr;
  s.exprs.push_back(std::move(root));
  entry.facts->body.push_back(std::move(s));
  EXPECT_FALSE(DecodeFileEntry(EncodeFileEntry(entry)).ok());
}

}  // namespace
}  // namespace edgescan::cache
