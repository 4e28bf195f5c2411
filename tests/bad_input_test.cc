// Bad input is normal input: each pathological file gets a diagnostic, the scan goes on and still finds the
// edge in the one good file, and nothing crashes or hangs (these tests run under ASan/UBSan in CI).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "testing/fixture_runner.h"

namespace edgescan {
namespace {

using testing::TempDir;
using testing::WriteFileOrDie;

nlohmann::json ScanDir(const std::string& root, int jobs = 2) {
  return nlohmann::json::parse(testing::ScanToJson(root, jobs));
}

bool HasDiagnostic(const nlohmann::json& doc, const std::string& file, const std::string& fragment) {
  for (const auto& d : doc["diagnostics"]) {
    if (d["file"] == file && d["message"].get<std::string>().find(fragment) != std::string::npos) return true;
  }
  return false;
}

// Call edges found in `file` (a URL literal's own hardcoded_url edge is not counted).
int EdgesIn(const nlohmann::json& doc, const std::string& file) {
  int n = 0;
  for (const auto& e : doc["edges"]) n += e["location"]["file"] == file && e["kind"] != "hardcoded_url";
  return n;
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFileOrDie(dir_.path() + "/good.py", "import requests\nrequests.get('https://api.peer.org/x', timeout=3)\n");
  }
  TempDir dir_;
};

TEST_F(BadInputTest, BinaryFileNamedPyGetsDiagnostic) {
  WriteFileOrDie(dir_.path() + "/blob.py", std::string("\x7f" "ELF\0\0\x01\x02garbage", 14));
  nlohmann::json doc = ScanDir(dir_.path());
  EXPECT_TRUE(HasDiagnostic(doc, "blob.py", "binary"));
  EXPECT_EQ(EdgesIn(doc, "good.py"), 1);
}

TEST_F(BadInputTest, InvalidUtf8IsScannedWithDiagnostic) {
  WriteFileOrDie(dir_.path() + "/latin1.py",
                 "# caf\xe9\nimport requests\nrequests.get('https://latin.example.net/\xff', timeout=1)\n");
  nlohmann::json doc = ScanDir(dir_.path());
  EXPECT_TRUE(HasDiagnostic(doc, "latin1.py", "invalid UTF-8"));
  EXPECT_EQ(EdgesIn(doc, "latin1.py"), 1);  // what decodes is still scanned
  EXPECT_EQ(EdgesIn(doc, "good.py"), 1);
}

TEST_F(BadInputTest, HugeFileIsSkippedWithDiagnostic) {
  std::string big(50u << 20, '#');
  WriteFileOrDie(dir_.path() + "/huge.py", big);
  nlohmann::json doc = ScanDir(dir_.path());
  EXPECT_TRUE(HasDiagnostic(doc, "huge.py", "exceeds --max-file-size"));
  EXPECT_EQ(EdgesIn(doc, "good.py"), 1);
}

TEST_F(BadInputTest, DeepNestingIsBoundedWithDiagnostic) {
  std::string deep = "import requests\nx = " + std::string(10000, '(') + "1" + std::string(10000, ')') +
                     "\nrequests.get('https://deep.example.net/', timeout=1)\n";
  std::string lists = "y = " + std::string(10000, '[') + std::string(10000, ']') + "\n";
  WriteFileOrDie(dir_.path() + "/deep.py", deep + lists);
  nlohmann::json doc = ScanDir(dir_.path());
  EXPECT_TRUE(HasDiagnostic(doc, "deep.py", "nesting deeper"));
  EXPECT_EQ(EdgesIn(doc, "deep.py"), 1);
}

TEST_F(BadInputTest, Python2CodeIsScannedWithDiagnostic) {
  WriteFileOrDie(dir_.path() + "/py2.py",
                 "import urllib2\nprint 'fetching'\nexec 'x = 1'\n"
                 "try:\n    urllib2.urlopen('http://legacy.example.net/feed')\nexcept Exception, e:\n    pass\n");
  nlohmann::json doc = ScanDir(dir_.path());
  EXPECT_TRUE(HasDiagnostic(doc, "py2.py", "Python 2 syntax"));
  EXPECT_EQ(EdgesIn(doc, "py2.py"), 1);
}

TEST_F(BadInputTest, SyntaxErrorKeepsWhatParsed) {
  WriteFileOrDie(dir_.path() + "/broken.py",
                 "import requests\ndef f(:\n    pass\nrequests.post('https://after.example.net/', timeout=2)\n");
  nlohmann::json doc = ScanDir(dir_.path());
  EXPECT_TRUE(HasDiagnostic(doc, "broken.py", "syntax error"));
  EXPECT_EQ(EdgesIn(doc, "broken.py"), 1);
  EXPECT_EQ(doc["stats"]["parse_errors"], 1);
}

TEST_F(BadInputTest, UnreadableFileGetsDiagnostic) {
  std::string path = dir_.path() + "/secret.py";
  WriteFileOrDie(path, "import requests\n");
  chmod(path.c_str(), 0);
  nlohmann::json doc = ScanDir(dir_.path());
  if (geteuid() != 0) {
    EXPECT_TRUE(HasDiagnostic(doc, "secret.py", "cannot read"));
  }
  EXPECT_EQ(EdgesIn(doc, "good.py"), 1);
}

TEST_F(BadInputTest, SymlinkLoopsAndEscapesAreNotFollowed) {
  std::filesystem::create_directories(dir_.path() + "/pkg");
  std::filesystem::create_directory_symlink("..", dir_.path() + "/pkg/loop");
  std::filesystem::create_symlink("self.py", dir_.path() + "/self.py");  // a link to itself
  std::filesystem::create_directory_symlink("/usr/lib", dir_.path() + "/outside");
  nlohmann::json doc = ScanDir(dir_.path());
  EXPECT_TRUE(HasDiagnostic(doc, "pkg/loop", "loops"));
  EXPECT_TRUE(HasDiagnostic(doc, "self.py", "not followed"));
  EXPECT_TRUE(HasDiagnostic(doc, "outside", "out of the scan root"));
  EXPECT_EQ(EdgesIn(doc, "good.py"), 1);
  EXPECT_EQ(doc["stats"]["files"], 1);
}

TEST_F(BadInputTest, EmptyAndWhitespaceFilesAreFine) {
  WriteFileOrDie(dir_.path() + "/empty.py", "");
  WriteFileOrDie(dir_.path() + "/blank.py", "\n\n   \n");
  nlohmann::json doc = ScanDir(dir_.path());
  EXPECT_EQ(doc["stats"]["files"], 3);
  EXPECT_EQ(doc["diagnostics"].size(), 0u);
}

// Integer expressions Python would compute as big numbers (10**30, 2**62*4, (-2)**63 // -1) must not wrap or hit
// undefined behaviour (UBSan aborts this test if they do): the URL part they build is an unknown placeholder.
TEST_F(BadInputTest, IntegerOverflowInUrlIsUnknownNotWrapped) {
  WriteFileOrDie(dir_.path() + "/big.py",
                 "import requests\nX = 10**30\nY = (-2)**63 // -1\nZ = -(-9223372036854775807 - 1)\n"
                 "requests.get(f'https://big.example.net/{2**62*4}/{X}/{Y}/{Z}', timeout=1)\n");
  nlohmann::json doc = ScanDir(dir_.path());
  ASSERT_EQ(EdgesIn(doc, "big.py"), 1);
  for (const auto& e : doc["edges"]) {
    if (e["location"]["file"] != "big.py" || e["kind"] == "hardcoded_url") continue;
    // Each part stays a run-time placeholder in the value (named when it is a name) and in the template.
    EXPECT_EQ(e["url"]["value"], "https://big.example.net/{?}/{X}/{Y}/{Z}") << e.dump();
    EXPECT_EQ(e["url"]["template"], "https://big.example.net/{?}/{?}/{?}/{?}") << e.dump();
  }
  EXPECT_EQ(EdgesIn(doc, "good.py"), 1);
}

TEST(Determinism, ManyFilesGiveByteIdenticalOutputForAnyJobCount) {
  TempDir dir;
  for (int i = 0; i < 120; ++i) {
    std::string n = std::to_string(i);
    WriteFileOrDie(dir.path() + "/app" + std::to_string(i % 7) + "/m" + n + ".py",
                   "import requests\nBASE = 'https://svc" + n + ".example.org'\n"
                   "def pull_" + n + "():\n    return requests.get(BASE + '/api/" + n + "')\n");
  }
  std::string one = testing::ScanToJson(dir.path(), 1);
  for (int jobs : {2, 3, 8}) {
    std::string other = testing::ScanToJson(dir.path(), jobs);
    EXPECT_EQ(one, other) << "jobs=" << jobs << " " << testing::FirstDifference(one, other);
  }
  EXPECT_EQ(nlohmann::json::parse(one)["edges"].size(), 240u);  // 120 calls and the 120 BASE literals they use
}

}  // namespace
}  // namespace edgescan
