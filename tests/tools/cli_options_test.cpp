// Command-line options are checked like scenario keys (issue #19): the text
// as given, before Boost converts it ("-1" into an unsigned option used to
// become 4294967295), with the key table's message shapes; and every
// sub-command rejects an option it does not know with exit code 2.
#include <gtest/gtest.h>

#include <string>

#include "trace_cli.hpp"

namespace {

using ls::report_testing::kQuickstart;

using ls::report_testing::lambdasim;
using ls::report_testing::scratch;
using ls::report_testing::write_text;

// The one error line of a failed command (exit code 2 required).
std::string error_of(const std::string& args) {
  const auto r = lambdasim(args);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  return r.out;
}

TEST(CliOptions, NegativeSeedIsRejectedWithTheFilesMessage) {
  EXPECT_EQ(error_of("validate " + kQuickstart + " --seed -1"),
            "error: --seed: expected an integer from 0 to 18446744073709551615, got '-1'\n");
  // The same value in the file: the same words, located in the file.
  const auto dir = scratch();
  const std::string file =
      write_text(dir / "s.yaml", "seed: -1\nfunctions:\n  api: {init: 1ms, duration: 1ms}\n");
  EXPECT_EQ(error_of("validate " + file),
            "error: " + file +
                ":1:7: seed: expected an integer from 0 to 18446744073709551615, got '-1'\n");
  EXPECT_EQ(error_of("azure2scenario --seed -3"),
            "error: --seed: expected an integer from 0 to 18446744073709551615, got '-3'\n");
  EXPECT_EQ(lambdasim("validate " + kQuickstart + " --seed 18446744073709551615").exit_code, 0);
}

TEST(CliOptions, IntegerOptionsAreRangeChecked) {
  EXPECT_EQ(error_of("run " + kQuickstart + " --threads -1"),
            "error: --threads: -1 is out of range (allowed: 0 to 1024)\n");
  EXPECT_EQ(error_of("run " + kQuickstart + " --threads 99999999999999999999"),
            "error: --threads: 99999999999999999999 is out of range (allowed: 0 to 1024)\n");
  EXPECT_EQ(error_of("run " + kQuickstart + " --threads two"),
            "error: --threads: expected an integer, got 'two'\n");
  EXPECT_EQ(error_of("run " + kQuickstart + " --replications 0"),
            "error: --replications: 0 is out of range (allowed: 1 to 1000)\n");
  EXPECT_EQ(error_of("compare " + kQuickstart + " --provisioned -2"),
            "error: --provisioned: -2 is out of range (allowed: >= 0)\n");
  EXPECT_EQ(error_of("fit x.json --at-memory 64"),
            "error: --at-memory: 64 is out of range (allowed: 128 to 10240)\n");
  EXPECT_EQ(error_of("sweep " + kQuickstart + " --shards 0"),
            "error: --shards: 0 is out of range (allowed: 1 to 1000000)\n");
  // The same name as a list in another command is not an integer there.
  EXPECT_EQ(error_of("tune " + kQuickstart + " --provisioned 0,x"),
            "error: --provisioned: 'x' is not a whole number\n");
  EXPECT_EQ(error_of("plan " + kQuickstart + " --max-combinations -5"),
            "error: --max-combinations: -5 is out of range (allowed: 1 to 1000000)\n");
}

TEST(CliOptions, EverySubCommandRejectsAnUnknownOption) {
  for (const char* command : {"run", "validate", "keys", "tune", "fit", "azure2scenario", "plan",
                              "sweep", "collect", "compare", "calibrate", "import"}) {
    const std::string out = error_of(std::string(command) + " --frob");
    EXPECT_NE(out.find("unrecognised option '--frob'"), std::string::npos) << command << out;
  }
  EXPECT_EQ(lambdasim("help --frob").exit_code, 2);
  EXPECT_EQ(lambdasim("keys --help").exit_code, 0);
}

}  // namespace
