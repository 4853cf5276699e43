// Scenario loader errors, DuckDB style: every file under
// tests/scenarios/errors/ holds a bad scenario whose first line says the
// whole expected message (error text is API). Also: every bundled scenario
// must load.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "tests/error_text.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models {
using testing::kDataDir;
using testing::kSourceDir;
using testing::us_east_1;

namespace {

namespace fs = std::filesystem;

// --- error-message files ------------------------------------------------
//
// tests/scenarios/errors/NAME.yaml starts with "# expect: TAIL" and
// optionally "# set: key=value" lines. The whole message must equal
// "<path>:" + TAIL, or TAIL itself when it starts with "{dir}" (an error
// located in another file of that folder) or "--" (a command-line value).

std::vector<std::string> error_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kSourceDir + "/tests/scenarios/errors")) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class ScenarioErrorFile : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioErrorFile, MessageMatches) {
  const std::string dir = kSourceDir + "/tests/scenarios/errors";
  const std::string path = dir + "/" + GetParam() + ".yaml";
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line.rfind("# expect: ", 0), 0u) << path << ": first line must be '# expect: ...'";
  std::string expected = line.substr(10);
  LoadOptions opts;
  opts.data_dir = kDataDir;
  while (std::getline(in, line) && line.rfind("# set: ", 0) == 0)
    opts.sets.push_back(line.substr(7));
  if (expected.rfind("{dir}", 0) == 0) {
    expected = dir + expected.substr(5);
  } else if (expected.rfind("--", 0) != 0) {
    expected = path + ":" + expected;
  }
  for (std::size_t at; (at = expected.find("{dir}")) != std::string::npos;) {
    expected.replace(at, 5, dir);
  }
  try {
    load_scenario(path, opts);
    ADD_FAILURE() << path << ": loaded without error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what(), expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Errors, ScenarioErrorFile, ::testing::ValuesIn(error_files()),
                         [](const auto& info) { return info.param; });

TEST(ScenarioFiles, MissingScenarioFile) {
  LoadOptions opts;
  opts.data_dir = kDataDir;
  try {
    load_scenario("/nonexistent/x.yaml", opts);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "scenario file not found: /nonexistent/x.yaml");
  }
}

std::string load_error(const std::string& path, LoadOptions opts = {}) {
  opts.data_dir = kDataDir;
  return ls::testing::error_text([&] { load_scenario(path, opts); });
}

TEST(ScenarioFiles, ADirectoryOrADeviceIsNotAScenarioFile) {
  const std::string dir = fs::temp_directory_path().string();
  EXPECT_EQ(load_error(dir), "scenario file is a directory, not a file: " + dir);
  EXPECT_EQ(load_error("/dev/zero"), "scenario file is not a regular file: /dev/zero");
}

TEST(ScenarioFiles, AFileAboveTheSizeLimitIsRefusedUnread) {
  const fs::path big = fs::temp_directory_path() / ("lambdasim-big-" + std::to_string(::getpid()));
  std::ofstream(big) << "functions: {}\n";
  fs::resize_file(big, (64u << 20) + 1);  // sparse: nothing is written
  EXPECT_EQ(load_error(big.string()), "scenario file " + big.string() +
                                          " is 67108865 bytes; the limit is 67108864 "
                                          "(docs/limits.md)");
  fs::remove(big);
}

TEST(ScenarioFiles, HorizonOptionSuggestsTheSameUnitAsTheFile) {
  // tests/scenarios/errors/horizon_bare_number.yaml says 10h for `horizon: 10`.
  LoadOptions opts;
  opts.horizon = "10";
  EXPECT_EQ(load_error(kSourceDir + "/scenarios/quickstart.yaml", opts),
            "--horizon: horizon: 10 has no unit: did you mean 10h? (durations need one of ns, us, "
            "ms, s, m, h, d)");
}

TEST(ScenarioFiles, EveryBundledScenarioLoads) {
  LoadOptions opts;
  opts.data_dir = kDataDir;
  int count = 0;
  for (const auto* sub : {"", "/examples"}) {
    for (const auto& e : fs::directory_iterator(kDataDir + sub)) {
      if (e.path().extension() != ".yaml") continue;
      SCOPED_TRACE(e.path().string());
      EXPECT_NO_THROW(load_scenario(e.path().string(), opts));
      ++count;
    }
  }
  EXPECT_GE(count, 3);
}

}  // namespace
}  // namespace ls::models
