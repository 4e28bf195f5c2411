// The CLI contract: exit codes, one-line errors, formats, --out.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "testing/fixture_runner.h"

namespace edgescan {
namespace {

std::string Cli(const std::string& args) { return testing::Binary() + " " + args; }

TEST(Cli, VersionNamesGrammarAndRulesHash) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cli("--version"), &out), 0);
  EXPECT_NE(out.find("edgescan 0.1.0"), std::string::npos) << out;
  EXPECT_NE(out.find("tree-sitter-python 0.23.6"), std::string::npos) << out;
  EXPECT_NE(out.find("rules "), std::string::npos) << out;
}

TEST(Cli, HelpListsScanOptions) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cli("--help"), &out), 0);
  for (const char* opt : {"--service", "--format", "--out", "--jobs", "--include-tests"}) {
    EXPECT_NE(out.find(opt), std::string::npos) << opt;
  }
}

TEST(Cli, UsageErrorsExitTwoWithOneLine) {
  for (const char* args : {"", "scan", "scan --format xml fixtures", "scan --jobs 0 fixtures", "frobnicate",
                           "scan --bogus fixtures"}) {
    EXPECT_EQ(testing::RunCommand(Cli(args) + " >/dev/null 2>&1", nullptr), 2) << args;
  }
  std::string err;
  testing::RunCommand("bash -c '" + Cli("scan --format xml fixtures") + " 2>&1 >/dev/null'", &err);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("--format"), std::string::npos) << err;
}

TEST(Cli, UnreadableRootExitsThree) {
  std::string err;
  EXPECT_EQ(testing::RunCommand("bash -c '" + Cli("scan /nonexistent/edgescan-root") + " 2>&1'", &err), 3);
  EXPECT_NE(err.find("/nonexistent/edgescan-root"), std::string::npos) << err;
}

TEST(Cli, JsonlPrintsOneEdgePerLine) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cli("scan fixtures/django-shop --format jsonl"), &out), 0);
  int lines = 0;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    nlohmann::json e = nlohmann::json::parse(out.substr(start, end - start));
    EXPECT_TRUE(e.contains("id") && e.contains("kind") && e.contains("location"));
    ++lines;
    start = end + 1;
  }
  EXPECT_GT(lines, 0);
}

TEST(Cli, OutWritesTheDocumentAtomically) {
  testing::TempDir dir;
  std::string target = dir.path() + "/scan.json";
  ASSERT_EQ(testing::RunCommand(Cli("scan fixtures/django-shop --no-timing --out " + target), nullptr), 0);
  std::string expected = testing::ReadFileOrDie("fixtures/django-shop/expected.json");
  EXPECT_EQ(testing::ReadFileOrDie(target), expected);
  EXPECT_FALSE(std::filesystem::exists(target + ".tmp-edgescan"));
}

TEST(Cli, ServiceFlagNamesTheService) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cli("scan fixtures/django-shop --service Shop"), &out), 0);
  nlohmann::json doc = nlohmann::json::parse(out);
  EXPECT_EQ(doc["repo"]["service"], "Shop");
  for (const auto& e : doc["edges"]) EXPECT_EQ(e["service"], "Shop");
}

}  // namespace
}  // namespace edgescan

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace edgescan {
namespace {

// Starts `edgescan scan ROOT --out OUT`, sends `sig` after `delay`, returns the exit status (or -1).
int ScanAndStop(const std::string& root, const std::string& out, int sig, std::chrono::milliseconds delay,
                bool* finished_first) {
  pid_t pid = fork();
  if (pid == 0) {
    // --no-cache: a cached rescan could finish before the signal arrives.
    execl(testing::Binary().c_str(), "edgescan", "scan", root.c_str(), "--jobs", "1", "--no-cache", "--out",
          out.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(delay);
  int status = 0;
  *finished_first = waitpid(pid, &status, WNOHANG) == pid;
  if (!*finished_first) {
    kill(pid, sig);
    waitpid(pid, &status, 0);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class StopSignalTest : public ::testing::TestWithParam<int> {
 protected:
  // Scans a generated 20 MB corpus (once per test binary: it is the slow part) and stops it after 400 ms.
  int ScanAndStopCorpus(const std::string& out, bool* finished_first) {
    static const testing::TempDir dir;
    static const bool generated =
        testing::RunCommand("python3 tools/gen-corpus 20 " + dir.path() + "/corpus >/dev/null", nullptr) == 0;
    EXPECT_TRUE(generated);
    return ScanAndStop(dir.path() + "/corpus", out, GetParam(), std::chrono::milliseconds(400), finished_first);
  }
};

TEST_P(StopSignalTest, KilledScanLeavesNoDocumentAndExits128PlusSignal) {
  testing::TempDir dir;
  std::string out = dir.path() + "/scan.json";
  bool finished_first = false;
  int rc = ScanAndStopCorpus(out, &finished_first);
  if (finished_first) {
    ASSERT_EQ(rc, 0) << "the scan failed before the signal";
    GTEST_SKIP() << "the scan finished before the signal; nothing to interrupt on this machine";
  }
  EXPECT_EQ(rc, 128 + GetParam());
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + ".tmp-edgescan"));
}

// A document an earlier run left at --out is neither truncated nor replaced by a run that is stopped.
TEST_P(StopSignalTest, KilledScanKeepsThePreviousDocument) {
  testing::TempDir dir;
  std::string out = dir.path() + "/scan.json";
  testing::WriteFileOrDie(out, "{\"previous\": true}\n");
  bool finished_first = false;
  int rc = ScanAndStopCorpus(out, &finished_first);
  if (finished_first) {
    ASSERT_EQ(rc, 0) << "the scan failed before the signal";
    GTEST_SKIP() << "the scan finished before the signal; nothing to interrupt on this machine";
  }
  EXPECT_EQ(rc, 128 + GetParam());
  EXPECT_EQ(testing::ReadFileOrDie(out), "{\"previous\": true}\n");
  EXPECT_FALSE(std::filesystem::exists(out + ".tmp-edgescan"));
}

INSTANTIATE_TEST_SUITE_P(Signals, StopSignalTest, ::testing::Values(SIGINT, SIGTERM));

}  // namespace
}  // namespace edgescan
