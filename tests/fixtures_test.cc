// Every fixtures/<name>/ is a small Django repo with a hand-written expected.json: the whole document the CLI
// prints for `edgescan scan fixtures/<name> --no-timing`, compared byte for byte. A new fixture needs no code here.
#include <gtest/gtest.h>

#include "testing/fixture_runner.h"

namespace edgescan {
namespace {

class FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTest, OutputMatchesHandWrittenExpectation) {
  std::string root = "fixtures/" + GetParam();
  std::string expected = testing::ReadFileOrDie(testing::SourceDir() + "/" + root + "/expected.json");
  std::string actual = testing::ScanToJson(root);
  EXPECT_EQ(expected, actual) << testing::FirstDifference(expected, actual);
}

TEST_P(FixtureTest, OutputIsIdenticalAcrossJobCounts) {
  std::string root = "fixtures/" + GetParam();
  std::string one = testing::ScanToJson(root, 1);
  std::string eight = testing::ScanToJson(root, 8);
  EXPECT_EQ(one, eight) << testing::FirstDifference(one, eight);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(testing::FixtureNames()),
                         testing::ParamName);

TEST(Fixtures, ThereAreFixtures) { EXPECT_FALSE(testing::FixtureNames().empty()); }

}  // namespace
}  // namespace edgescan
