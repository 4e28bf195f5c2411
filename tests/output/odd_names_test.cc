// Output safety (issue 9): file names and string literals holding spaces, quotes, newlines, control characters,
// pipes, backticks and bytes that are not UTF-8 still give a JSON document nlohmann parses (strictly), JSON Lines
// that parse line by line, a SARIF log that validates against the 2.1.0 schema, and Markdown whose tables keep
// their columns and which holds only UTF-8 and no control character but the newline.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <nlohmann/json.hpp>

#include "testing/fixture_runner.h"
#include "testing/json_schema.h"

namespace edgescan::output {
namespace {

using Json = nlohmann::json;

// Every name holds something a writer could get wrong. Each file makes one call without a timeout (a no_timeout
// finding for SARIF and the Markdown brittle table) to a URL literal (a hardcoded_url edge) that is itself odd.
const char* const kNames[] = {
    "with space.py",
    "quo'te\"s.py",
    "new\nline.py",
    "bad\xff\xfe name.py",
    "ctl\x01\x1b[31m.py",
    "pipe|name.py",
    "back`tick.py",
    "tab\tand\rcr.py",
    "dir with space/m\xc3\xa9lange.py",  // valid UTF-8 (é)
    "odd dir\x7f/x.py",
};

std::string OddRepo(const testing::TempDir& dir) {
  std::string root = dir.path() + "/repo";
  int i = 0;
  for (const char* name : kNames) {
    std::string path = root + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    // The literal holds raw control bytes, a pipe, a backtick, invalid UTF-8 and (through an escape) a newline.
    testing::WriteFileOrDie(path, "import requests\n"
                                  "requests.get('https://odd" + std::to_string(i++) +
                                      ".example.org/a|b`c\x01\x1b\xff\xfe/d\\ne\\x00f', verify=False)\n");
  }
  return root;
}

bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : -1;
    if (n < 0 || i + n >= s.size()) return false;
    for (int k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n + 1;
  }
  return true;
}

class OddNamesTest : public ::testing::Test {
 protected:
  std::string Run(const std::string& format) {
    std::string out;
    EXPECT_EQ(testing::RunCommand(testing::Binary() + " scan '" + root_ + "' --no-timing --format " + format, &out), 0)
        << format;
    return out;
  }
  testing::TempDir dir_;
  std::string root_ = OddRepo(dir_);
};

TEST_F(OddNamesTest, JsonParsesAndKeepsEveryFile) {
  std::string out = Run("json");
  Json doc;
  ASSERT_NO_THROW(doc = Json::parse(out));  // nlohmann rejects invalid UTF-8 and raw control characters
  EXPECT_EQ(doc["stats"]["files"], std::size(kNames));
  std::set<std::string> files;
  int calls = 0;
  for (const Json& e : doc["edges"]) {
    files.insert(e["location"]["file"].get<std::string>());
    calls += e["kind"] == "http_call";
  }
  EXPECT_EQ(calls, static_cast<int>(std::size(kNames)));
  EXPECT_EQ(files.size(), std::size(kNames));  // no two odd names collapse into one
  EXPECT_TRUE(files.count("with space.py"));
  EXPECT_TRUE(files.count("quo'te\"s.py"));
  EXPECT_TRUE(files.count("new\nline.py"));
  EXPECT_TRUE(files.count("bad\xef\xbf\xbd\xef\xbf\xbd name.py"));  // each invalid byte is U+FFFD
  EXPECT_TRUE(files.count("dir with space/m\xc3\xa9lange.py"));
}

TEST_F(OddNamesTest, JsonLinesParseOneByOne) {
  std::string out = Run("jsonl");
  size_t start = 0;
  int lines = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_NO_THROW(Json::parse(out.substr(start, end - start))) << out.substr(start, end - start);
    ++lines;
    start = end + 1;
  }
  EXPECT_GE(lines, static_cast<int>(std::size(kNames)));
}

TEST_F(OddNamesTest, SarifValidates) {
  std::string out = Run("sarif");
  Json log;
  ASSERT_NO_THROW(log = Json::parse(out));
  static const Json schema = Json::parse(testing::ReadFileOrDie(EDGESCAN_SARIF_SCHEMA));
  std::vector<std::string> errors = testing::ValidateJsonSchema(schema, log);
  EXPECT_TRUE(errors.empty()) << errors.front();
  std::set<std::string> uris;
  for (const Json& r : log["runs"][0]["results"]) {
    uris.insert(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>());
  }
  EXPECT_TRUE(uris.count("with%20space.py"));
  EXPECT_TRUE(uris.count("new%0Aline.py"));
  EXPECT_TRUE(uris.count("pipe%7Cname.py"));
}

// Markdown holds only UTF-8, no control character but the newline, and each table row has as many unescaped
// pipes as its header row. Returns the number of table rows.
int CheckMarkdown(const std::string& out) {
  EXPECT_TRUE(ValidUtf8(out));
  for (char c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    EXPECT_FALSE((u < 0x20 && c != '\n') || u == 0x7f) << "control byte " << static_cast<int>(u);
  }
  size_t start = 0;
  int header_pipes = -1, rows = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] != '|') {
      header_pipes = -1;
      continue;
    }
    int pipes = 0;
    for (size_t i = 0; i < line.size(); ++i) pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    if (header_pipes < 0) {
      header_pipes = pipes;
    } else {
      EXPECT_EQ(pipes, header_pipes) << line;
      ++rows;
    }
  }
  return rows;
}

TEST_F(OddNamesTest, MarkdownTablesKeepTheirColumns) {
  std::string out = Run("markdown");
  EXPECT_GT(CheckMarkdown(out), static_cast<int>(std::size(kNames)));  // the edges are in tables, not dropped
  EXPECT_NE(out.find("\xe2\x90\x9b"), std::string::npos);  // ESC is shown as U+241B, not sent to the terminal
}

// --format text (the terminal summary): one line per row, nothing a terminal would act on.
TEST_F(OddNamesTest, TextHasNoControlCharacters) {
  std::string out = Run("text --color never");
  EXPECT_TRUE(ValidUtf8(out));
  for (char c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    EXPECT_FALSE((u < 0x20 && c != '\n') || u == 0x7f) << "control byte " << static_cast<int>(u);
  }
  EXPECT_NE(out.find("new\xe2\x90\x8aline.py:2"), std::string::npos);      // newline shown as U+240A
  EXPECT_NE(out.find("ctl\xe2\x90\x81\xe2\x90\x9b[31m.py:2"), std::string::npos);  // ^A and ESC as pictures
}

// `edgescan explain` prints the repository's own source lines: they are made printable as the text output is, so an
// odd byte in a scanned file cannot drive the terminal either. Every http_call edge is explained (from a fresh scan,
// whose names are raw, so each source is found), and the ctl file's call line is checked byte for byte.
TEST_F(OddNamesTest, ExplainShowsSourceLinesPrintable) {
  std::string doc_path = dir_.path() + "/scan.json";
  ASSERT_EQ(testing::RunCommand(testing::Binary() + " scan '" + root_ + "' --no-timing --out " + doc_path, nullptr), 0);
  Json doc = Json::parse(testing::ReadFileOrDie(doc_path));
  int explained = 0;
  for (const Json& e : doc["edges"]) {
    if (e["kind"] != "http_call") continue;
    std::string out;
    std::string explain = " explain " + e["id"].get<std::string>() + " '" + root_ + "' --color never -q";
    EXPECT_EQ(testing::RunCommand(testing::Binary() + explain, &out), 0);
    ++explained;
    EXPECT_TRUE(ValidUtf8(out)) << out;
    for (char c : out) {
      unsigned char u = static_cast<unsigned char>(c);
      EXPECT_FALSE((u < 0x20 && c != '\n') || u == 0x7f) << "control byte " << static_cast<int>(u) << " in\n" << out;
    }
    EXPECT_EQ(out.find("source not readable"), std::string::npos) << out;
    if (e["location"]["file"] == "ctl\x01\x1b[31m.py") {
      // ^A and ESC as their pictures, the two bytes that are not UTF-8 as U+FFFD each, the escapes as written.
      EXPECT_NE(out.find("Call site  ctl\xe2\x90\x81\xe2\x90\x9b[31m.py:2 (module level)\n"), std::string::npos) << out;
      const char* call_line =
          "  \xe2\x86\x92 2 \xe2\x94\x82 requests.get('https://odd4.example.org/a|b`c\xe2\x90\x81\xe2\x90\x9b"
          "\xef\xbf\xbd\xef\xbf\xbd/d\\ne\\x00f', verify=False)\n";
      EXPECT_NE(out.find(call_line), std::string::npos) << out;
    }
  }
  EXPECT_EQ(explained, static_cast<int>(std::size(kNames)));
}

// `edgescan diff` of a scan of nothing against the odd repo: the PR comment and the SARIF of new findings.
TEST_F(OddNamesTest, DiffOutputsAreSafeToo) {
  std::string base = dir_.path() + "/base.json", head = dir_.path() + "/head.json";
  std::filesystem::create_directories(dir_.path() + "/empty");
  ASSERT_EQ(testing::RunCommand(testing::Binary() + " scan '" + dir_.path() + "/empty' --no-timing --out " + base,
                                nullptr), 0);
  ASSERT_EQ(testing::RunCommand(testing::Binary() + " scan '" + root_ + "' --no-timing --out " + head, nullptr), 0);
  std::string md, sarif, json;
  EXPECT_EQ(testing::RunCommand(testing::Binary() + " diff " + base + " " + head + " --format markdown", &md), 0);
  EXPECT_GT(CheckMarkdown(md), static_cast<int>(std::size(kNames)));
  EXPECT_EQ(testing::RunCommand(testing::Binary() + " diff " + base + " " + head + " --format json", &json), 0);
  EXPECT_NO_THROW(Json::parse(json));
  EXPECT_EQ(testing::RunCommand(testing::Binary() + " diff " + base + " " + head + " --format sarif", &sarif), 0);
  static const Json schema = Json::parse(testing::ReadFileOrDie(EDGESCAN_SARIF_SCHEMA));
  std::vector<std::string> errors = testing::ValidateJsonSchema(schema, Json::parse(sarif));
  EXPECT_TRUE(errors.empty()) << errors.front();
}

}  // namespace
}  // namespace edgescan::output
