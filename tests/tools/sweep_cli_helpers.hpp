// Running the `lambdasim` binary from the sweep and plan tests: exit code
// and merged output, a scratch folder per test, whole-file reads.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace ls::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr, merged
};

// `prefix` goes before the binary (environment variables: "X=1 Y=2").
inline CliResult run_cli(const std::string& args, const std::string& prefix = "") {
  const std::string command = prefix + " " + std::string(LS_BINARY) + " " + args + " 2>&1";
  CliResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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
