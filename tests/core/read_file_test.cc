#include "core/read_file.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/fixture_runner.h"

namespace edgescan {
namespace {

TEST(ReadFile, ReadsEveryByte) {
  testing::TempDir tmp;
  std::string bytes("a\0b\xff\n", 5);
  std::string big(300000, 'x');  // beyond any single read
  big[123456] = '\0';
  testing::WriteFileOrDie(tmp.path() + "/small.bin", bytes);
  testing::WriteFileOrDie(tmp.path() + "/big.py", big);
  testing::WriteFileOrDie(tmp.path() + "/empty.py", "");
  std::string out, error;
  ASSERT_TRUE(ReadFile(tmp.path() + "/small.bin", &out, &error)) << error;
  EXPECT_EQ(out, bytes);
  ASSERT_TRUE(ReadFile(tmp.path() + "/big.py", &out, &error)) << error;
  EXPECT_EQ(out, big);
  ASSERT_TRUE(ReadFile(tmp.path() + "/empty.py", &out, &error)) << error;
  EXPECT_EQ(out, "");
}

// A file whose size the file system does not know in advance (st_size 0) is read to its end.
TEST(ReadFile, ReadsFilesOfUnknownSize) {
  std::string out, error;
  ASSERT_TRUE(ReadFile("/proc/self/status", &out, &error)) << error;
  EXPECT_NE(out.find("Name:"), std::string::npos);
}

TEST(ReadFile, SaysWhyNot) {
  testing::TempDir tmp;
  std::string out = "stale", error;
  EXPECT_FALSE(ReadFile(tmp.path() + "/missing.py", &out, &error));
  EXPECT_EQ(error, "cannot read file: No such file or directory");
  error.clear();
  EXPECT_FALSE(ReadFile(tmp.path(), &out, &error));  // a folder opens but cannot be read
  EXPECT_EQ(error, "read error: Is a directory");
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace edgescan
