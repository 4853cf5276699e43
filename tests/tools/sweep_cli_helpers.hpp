// Running the `lambdasim` binary from the sweep and plan tests: exit code
// and merged output, a scratch folder per test, whole-file reads.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>

#include "trace_cli.hpp"

namespace ls::testing {

using CliResult = report_testing::CliRun;

// `prefix` goes before the binary (environment variables: "X=1 Y=2").
inline CliResult run_cli(const std::string& args, const std::string& prefix = "") {
  return report_testing::run_shell(prefix + " " + std::string(LS_BINARY) + " " + args);
}

inline std::string read_file(const std::filesystem::path& p) { return report_testing::slurp(p); }

// A folder per test and per build (named by a hash of the binary's path), so
// two builds' test runs at the same time (Release and ASan) do not share it.
inline std::filesystem::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string build = std::to_string(std::hash<std::string>{}(LS_BINARY) % 1000000007);
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "lambdasim-sweep-test" /
                              build / (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string source_path(const std::string& relative) {
  return std::string(LS_SOURCE_DIR) + "/" + relative;
}

}  // namespace ls::testing
