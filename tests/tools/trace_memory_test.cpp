// A timestamp trace costs at most 16 bytes per arrival while it is read and
// 8 once loaded (issue #19: 10^7 rows took 512 MB, 51 bytes each, when the
// whole file was read into memory first). Measured as the peak resident set
// of `lambdasim validate` (wait4's ru_maxrss) on a 2,000,000-row trace,
// minus the same on a 10-row trace: everything but the trace cancels out.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "trace_cli.hpp"

namespace {

namespace fs = std::filesystem;

// Peak resident set in bytes of `lambdasim validate FILE` (which must pass).
long peak_rss_of_validate(const fs::path& scenario) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (!std::freopen("/dev/null", "w", stdout)) _exit(126);
    execl(LS_BINARY, LS_BINARY, "validate", scenario.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << scenario;
  return usage.ru_maxrss * 1024L;  // Linux reports KiB
}

fs::path write_trace(const fs::path& dir, const std::string& name, long rows) {
  std::ofstream csv(dir / (name + ".csv"));
  csv << "ts\n";
  // Unsorted on purpose (the reader sorts): every 7th timestamp goes back.
  for (long i = 0; i < rows; ++i) csv << 1700000000 + (i % 7 == 6 ? i - 5 : i) << ".25\n";
  csv.close();
  const fs::path yaml = dir / (name + ".yaml");
  std::ofstream(yaml) << "horizon: 1h\nfunctions: {api: {init: 1ms, duration: 1ms}}\n"
                         "workloads: [{function: api, arrivals: {process: trace, file: "
                      << name << ".csv}}]\n";
  return yaml;
}

TEST(TraceMemory, AtMostSixteenBytesPerArrival) {
  const fs::path dir = ls::report_testing::scratch();
  constexpr long kRows = 2'000'000;
  const long small = peak_rss_of_validate(write_trace(dir, "small", 10));
  const long big = peak_rss_of_validate(write_trace(dir, "big", kRows));
  const double per_arrival = static_cast<double>(big - small) / kRows;
  EXPECT_LE(per_arrival, 16.0) << "peak RSS " << big << " vs " << small;
  EXPECT_GE(per_arrival, 8.0);  // the sorted times themselves: 8 bytes each
  fs::remove_all(dir);
}

}  // namespace
