// The CLI contract: exit codes, one-line errors, formats, --out.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "testing/fixture_runner.h"

namespace edgescan {
namespace {

std::string Cli(const std::string& args) { return testing::Binary() + " " + args; }

// The names in `dir`, sorted: after a write, only the documents, no temporary file.
std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

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
  EXPECT_EQ(Entries(dir.path()), std::vector<std::string>{"scan.json"});
}

// --out used a fixed temporary name, FILE.tmp-edgescan, so a second writer truncated the first one's temporary file
// and renamed it away under it. Stand in for that other writer, mid-write, with a file at the old fixed name: a
// run must leave it alone and still write its own document whole.
TEST(Cli, OutLeavesAnotherWritersTemporaryFileAlone) {
  testing::TempDir dir;
  std::string target = dir.path() + "/scan.json";
  testing::WriteFileOrDie(target + ".tmp-edgescan", "{\"another writer\": ");
  ASSERT_EQ(testing::RunCommand(Cli("scan fixtures/django-shop --no-timing --out " + target), nullptr), 0);
  EXPECT_EQ(testing::ReadFileOrDie(target), testing::ReadFileOrDie("fixtures/django-shop/expected.json"));
  EXPECT_EQ(testing::ReadFileOrDie(target + ".tmp-edgescan"), "{\"another writer\": ");
  EXPECT_EQ(Entries(dir.path()), (std::vector<std::string>{"scan.json", "scan.json.tmp-edgescan"}));
}

// Several runs writing one --out at once: every one succeeds, the file is one whole document, no temporary file is
// left. Each round starts its writers together (a shell `&` each, then `wait`).
TEST(Cli, ConcurrentWritersToOneOutAllSucceed) {
  testing::TempDir dir;
  std::string target = dir.path() + "/scan.json";
  std::string expected = testing::ReadFileOrDie("fixtures/django-shop/expected.json");
  std::string one = Cli("scan fixtures/django-shop --no-timing --jobs 1 --out " + target);
  for (int round = 0; round < 5; ++round) {
    std::string script;
    for (int w = 0; w < 4; ++w) script += one + " & p" + std::to_string(w) + "=$!; ";
    script += "rc=0; for p in $p0 $p1 $p2 $p3; do wait $p || rc=1; done; exit $rc";
    EXPECT_EQ(testing::RunCommand("bash -c '" + script + "'", nullptr), 0) << "round " << round;
    EXPECT_EQ(testing::ReadFileOrDie(target), expected) << "round " << round;
    EXPECT_EQ(Entries(dir.path()), std::vector<std::string>{"scan.json"}) << "round " << round;
  }
}

// A --out that cannot be written (no such folder) is one error line and exit 2, and leaves nothing behind.
TEST(Cli, UnwritableOutIsOneErrorLine) {
  testing::TempDir dir;
  std::string err;
  EXPECT_EQ(testing::RunCommand("bash -c '" + Cli("scan fixtures/django-shop --out " + dir.path() + "/no/scan.json") +
                                    " 2>&1 >/dev/null'",
                                &err),
            2);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find(dir.path() + "/no/scan.json"), std::string::npos) << err;
  EXPECT_TRUE(Entries(dir.path()).empty());
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
#include <fstream>
#include <thread>

namespace edgescan {
namespace {

// True when process `pid` has a handler for `sig` (the SigCgt mask of /proc/PID/status).
bool CatchesSignal(pid_t pid, int sig) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("SigCgt:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> (sig - 1)) & 1;
  }
  return false;
}

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
  // Count the delay from when the child has installed its stop handlers: a loaded machine can take longer than
  // `delay` just to start the (sanitized) binary, and a signal before main() runs kills it without a handler.
  for (int tries = 0; tries < 2000 && !CatchesSignal(pid, sig); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
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
  EXPECT_TRUE(Entries(dir.path()).empty());  // nor a temporary file
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
  EXPECT_EQ(Entries(dir.path()), std::vector<std::string>{"scan.json"});
}

INSTANTIATE_TEST_SUITE_P(Signals, StopSignalTest, ::testing::Values(SIGINT, SIGTERM));

}  // namespace
}  // namespace edgescan
