// What a person sees: `scan --format text` and `explain` compared with golden files (colour off), colour and
// NO_COLOR on a pseudo-terminal, and the per-repository config through the CLI (errors, --config, overrides).
// Goldens live in tests/golden/; each was checked by hand against the fixture's code and expected.json.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "testing/fixture_runner.h"

namespace edgescan {
namespace {

std::string Cli(const std::string& args) { return testing::Binary() + " " + args; }

struct Golden {
  const char* args;
  const char* file;  // under tests/golden/
};

TEST(CliText, OutputMatchesGoldenFiles) {
  const Golden kCases[] = {
      {"scan fixtures/issue-5-beat-reach --format text --color never", "text-issue-5-beat-reach.txt"},
      {"scan fixtures/issue-6-webhooks --format text", "text-issue-6-webhooks.txt"},
      {"scan fixtures/issue-7-hardcoded-urls --format text", "text-issue-7-hardcoded-urls.txt"},
      {"scan fixtures/issue-11-config --format text", "text-issue-11-config.txt"},
      // An outbound call reached from two beat entries through three functions, its URL from a setting.
      {"explain 30c049eefb143266 fixtures/issue-5-beat-reach", "explain-issue-5-30c049eefb143266.txt"},
      // The same edge read back from a scan document (the fixture's expected.json) tells the same story.
      {"explain 30c049ee --scan fixtures/issue-5-beat-reach/expected.json", "explain-issue-5-30c049eefb143266.txt"},
      {"explain ae37b21b90fc1202 fixtures/issue-5-beat-reach", "explain-issue-5-ae37b21b90fc1202.txt"},
      // explain scans ROOT with the scan options (--jobs and the limits were refused as unknown before).
      {"explain ae37b21b90fc1202 fixtures/issue-5-beat-reach --jobs 2 --max-values 8",
       "explain-issue-5-ae37b21b90fc1202.txt"},
      {"explain 7d9fbdda3c67e453 fixtures/issue-6-webhooks --color never", "explain-issue-6-7d9fbdda3c67e453.txt"},
      {"explain 242642f24d077a78 fixtures/issue-7-hardcoded-urls", "explain-issue-7-242642f24d077a78.txt"},
      {"explain 4f8121ce552718b3 fixtures/issue-11-config", "explain-issue-11-4f8121ce552718b3.txt"},
  };
  for (const Golden& g : kCases) {
    std::string out;
    ASSERT_EQ(testing::RunCommand(Cli(g.args), &out), 0) << g.args;
    std::string expected = testing::ReadFileOrDie(std::string("tests/golden/") + g.file);
    EXPECT_EQ(expected, out) << g.args << "\n" << testing::FirstDifference(expected, out);
    EXPECT_EQ(out.find("\x1b["), std::string::npos) << "colour in a pipe: " << g.args;
  }
}

TEST(CliText, ColourAlwaysUsesAnsiCodes) {
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cli("scan fixtures/issue-7-hardcoded-urls --format text --color always"), &out), 0);
  EXPECT_NE(out.find("\x1b[1missue-7-hardcoded-urls\x1b[0m"), std::string::npos) << out;
  EXPECT_NE(out.find("\x1b[31m⚠ hardcoded_url"), std::string::npos) << out;
}

// On a terminal (script(1) gives one) the default format is text, coloured unless NO_COLOR is set.
TEST(CliText, TerminalDefaultsToTextAndHonoursNoColor) {
  if (testing::RunCommand("command -v script >/dev/null 2>&1", nullptr) != 0) GTEST_SKIP() << "no script(1)";
  std::string coloured, plain;
  ASSERT_EQ(testing::RunCommand("env -u NO_COLOR TERM=xterm script -qec '" + Cli("scan fixtures/issue-6-webhooks") +
                                    "' /dev/null",
                                &coloured),
            0);
  EXPECT_NE(coloured.find("Inbound routes"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\x1b[1m"), std::string::npos) << coloured;
  ASSERT_EQ(testing::RunCommand("NO_COLOR=1 TERM=xterm script -qec '" + Cli("scan fixtures/issue-6-webhooks") +
                                    "' /dev/null",
                                &plain),
            0);
  EXPECT_NE(plain.find("Inbound routes"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("\x1b["), std::string::npos) << plain;
  // A pipe still gets the JSON document.
  std::string piped;
  ASSERT_EQ(testing::RunCommand(Cli("scan fixtures/issue-6-webhooks --quiet"), &piped), 0);
  EXPECT_EQ(nlohmann::json::parse(piped)["schema"], "edgescan/edges@1");
}

// On a terminal the progress line is drawn on stderr (here at once: EDGESCAN_PROGRESS_DELAY_MS=0; normally after a
// second) and erased before output; --quiet turns it off.
TEST(CliText, ProgressLineOnATerminalUnlessQuiet) {
  if (testing::RunCommand("command -v script >/dev/null 2>&1", nullptr) != 0) GTEST_SKIP() << "no script(1)";
  testing::TempDir d;
  std::string tty;
  ASSERT_EQ(testing::RunCommand("EDGESCAN_PROGRESS_DELAY_MS=0 script -qec '" +
                                    Cli("scan fixtures/issue-5-beat-reach --out " + d.path() + "/a.json") + "' /dev/null",
                                &tty),
            0);
  EXPECT_NE(tty.find("\r\x1b[Kedgescan: "), std::string::npos) << tty;
  EXPECT_EQ(tty.substr(tty.size() - 4), "\r\x1b[K") << "the line is erased at the end";
  ASSERT_EQ(testing::RunCommand("EDGESCAN_PROGRESS_DELAY_MS=0 script -qec '" +
                                    Cli("scan fixtures/issue-5-beat-reach --quiet --out " + d.path() + "/b.json") +
                                    "' /dev/null",
                                &tty),
            0);
  EXPECT_EQ(tty, "");
}

TEST(CliText, NoProgressLineWhenStderrIsNotATerminal) {
  std::string err;
  ASSERT_EQ(testing::RunCommand("bash -c '" + Cli("scan fixtures/django-shop") + " 2>&1 >/dev/null'", &err), 0);
  EXPECT_EQ(err, "");
}

// JSON lines carry no repo.root: --source names the checkout, and the story is the same.
TEST(CliExplain, ReadsJsonLinesWithASourceFolder) {
  testing::TempDir d;
  ASSERT_EQ(testing::RunCommand(Cli("scan fixtures/issue-5-beat-reach --format jsonl --out " + d.path() + "/e.jsonl"),
                                nullptr),
            0);
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cli("explain 30c049ee --scan " + d.path() + "/e.jsonl --source fixtures/issue-5-beat-reach"),
                                &out),
            0);
  std::string expected = testing::ReadFileOrDie("tests/golden/explain-issue-5-30c049eefb143266.txt");
  EXPECT_EQ(expected, out) << testing::FirstDifference(expected, out);
}

TEST(CliExplain, UnknownOrAmbiguousIdsAreUsageErrors) {
  std::string err;
  EXPECT_EQ(testing::RunCommand("bash -c '" + Cli("explain ffffffffffff fixtures/issue-5-beat-reach") + " 2>&1'", &err),
            2);
  EXPECT_EQ(err, "edgescan: no edge with id 'ffffffffffff' among the 10 edges of this scan (ids are in edgescan scan's "
                 "output; give at least 4 characters)\n");
  EXPECT_EQ(testing::RunCommand("bash -c '" + Cli("explain 3 fixtures/issue-5-beat-reach") + " 2>&1'", &err), 2);
  EXPECT_EQ(testing::RunCommand(Cli("explain") + " 2>/dev/null", nullptr), 2);
  EXPECT_EQ(testing::RunCommand(Cli("explain 30c049ee /nonexistent/root") + " 2>/dev/null", nullptr), 3);
  EXPECT_EQ(testing::RunCommand(Cli("explain 30c049ee --scan /nonexistent.json") + " 2>/dev/null", nullptr), 2);
}

// Bad configs stop the scan with one stderr line naming file, line and key (exit 2).
TEST(CliConfig, BadConfigIsOneLineNamingTheKey) {
  testing::TempDir d;
  testing::WriteFileOrDie(d.path() + "/app.py", "x = 1\n");
  testing::WriteFileOrDie(d.path() + "/.edgescan.json", "{\n  \"service\": \"a\",\n  \"exlude\": [\"x/\"]\n}\n");
  std::string err;
  EXPECT_EQ(testing::RunCommand("bash -c '" + Cli("scan " + d.path()) + " 2>&1 >/dev/null'", &err), 2);
  EXPECT_EQ(err, "edgescan: " + d.path() +
                     "/.edgescan.json:3: exlude: unknown key; expected one of: exclude, include, peer_api_routes, "
                     "peers, rules, service, settings_module\n");
  // --config FILE replaces discovery; a missing file is an error too.
  testing::WriteFileOrDie(d.path() + "/ok.json", "{\"service\": \"from-flag\"}");
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cli("scan " + d.path() + " --config " + d.path() + "/ok.json"), &out), 0);
  EXPECT_EQ(nlohmann::json::parse(out)["repo"]["service"], "from-flag");
  EXPECT_EQ(testing::RunCommand(Cli("scan " + d.path() + " --config " + d.path() + "/none.json") + " 2>/dev/null", nullptr),
            2);
}

TEST(CliConfig, FlagsWinAndMissingSettingsModuleIsADiagnostic) {
  testing::TempDir d;
  testing::WriteFileOrDie(d.path() + "/app.py", "x = 1\n");
  testing::WriteFileOrDie(d.path() + "/.edgescan.json", "{\"service\": \"cfg\", \"settings_module\": \"proj.prod\"}");
  std::string out;
  ASSERT_EQ(testing::RunCommand(Cli("scan " + d.path() + " --service flag"), &out), 0);
  nlohmann::json doc = nlohmann::json::parse(out);
  EXPECT_EQ(doc["repo"]["service"], "flag");
  ASSERT_EQ(doc["diagnostics"].size(), 1u) << out;
  EXPECT_EQ(doc["diagnostics"][0]["file"], ".edgescan.json");
  EXPECT_EQ(doc["diagnostics"][0]["message"], "settings_module 'proj.prod' is not a scanned module; its settings are unknown");
}

// The config's rules folders load like --rules: a team rule file beside the config names a client.
TEST(CliConfig, RulesFoldersAreRelativeToTheConfigFile) {
  testing::TempDir d;
  testing::WriteFileOrDie(d.path() + "/.edgescan.json", "{\"rules\": [\"team-rules\"]}");
  testing::WriteFileOrDie(d.path() + "/team-rules/broken.json", "{\"id\": \"Not Kebab\"}");
  testing::WriteFileOrDie(d.path() + "/app.py", "x = 1\n");
  std::string err;
  EXPECT_EQ(testing::RunCommand("bash -c '" + Cli("scan " + d.path()) + " 2>&1 >/dev/null'", &err), 2);
  EXPECT_NE(err.find("team-rules/broken.json:1: id: must be kebab-case"), std::string::npos) << err;
}

}  // namespace
}  // namespace edgescan
