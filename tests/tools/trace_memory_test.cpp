// A timestamp trace costs at most 16 bytes per arrival while it is read and
// 8 once loaded (issue #19: 10^7 rows took 512 MB, 51 bytes each, when the
// whole file was read into memory first). Measured as the peak resident set
// of `lambdasim validate` on a 2,000,000-row trace,
// minus the same on a 10-row trace: everything but the trace cancels out.
// GNU time measures it (tools/dev.sh installs the `time` package).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "trace_cli.hpp"

namespace {

namespace fs = std::filesystem;

// Peak resident set in bytes of `lambdasim validate FILE` (which must
// pass), as GNU time reports it. Not wait4's ru_maxrss of our own child:
// Linux keeps the larger RSS the forked test process had before exec.
long peak_rss_of_validate(const fs::path& scenario) {
  const fs::path out = scenario.string() + ".rss";
  const auto r = ls::report_testing::run_shell("/usr/bin/time -f %M -o " + out.string() + " " +
                                               LS_BINARY + " validate " + scenario.string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return std::stol(ls::report_testing::slurp(out)) * 1024L;  // KiB
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
  if (!fs::exists("/usr/bin/time")) GTEST_SKIP() << "needs GNU time (Debian package time)";
#if defined(__SANITIZE_ADDRESS__)
  // Under AddressSanitizer the binary's resident set is mostly ASan's own
  // (shadow memory, redzones, the freed-memory quarantine: ~155 bytes per
  // arrival here), so the figure says nothing about lambdasim; the Release
  // build's run of this test is the measurement.
  GTEST_SKIP() << "peak RSS is not lambdasim's under AddressSanitizer";
#endif
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
