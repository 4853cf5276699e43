// The run summary table (tools/report/report_table.cpp) as people read it:
// functions without request latency (queue-fed, async) show "–" rather than
// a p50 of 0.0 ms, and with replications the ± signs of a column line up.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string row(const std::string& text, const std::string& name) {
  for (const auto& line : lines_of(text))
    if (line.rfind(name + " ", 0) == 0) return line;
  return "";
}

TEST(ReportTable, QueueFedFunctionShowsNoRequestLatency) {
  const CliRun r = run_shell(std::string(LS_BINARY) + " run " +
                             source("scenarios/examples/sqs-orders.yaml") + " --horizon 5m");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string orders = row(r.out, "orders");
  ASSERT_FALSE(orders.empty()) << r.out;
  EXPECT_NE(orders.find("\u2013"), std::string::npos) << orders;
  EXPECT_EQ(orders.find(" 0.0 "), std::string::npos) << orders;
  EXPECT_NE(r.out.find("(\u2013: no request latency;"), std::string::npos) << r.out;
}

TEST(ReportTable, PlusMinusSignsLineUp) {
  const CliRun r =
      run_shell(std::string(LS_BINARY) + " run " + source("scenarios/quickstart.yaml") +
                " --horizon 10m --replications 3");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string api = row(r.out, "api"), reports = row(r.out, "reports");
  ASSERT_FALSE(api.empty());
  ASSERT_FALSE(reports.empty());
  // Both latency columns: the n-th ± at the same position in every row.
  for (std::size_t n = 0, a = 0, b = 0; n < 2; ++n, ++a, ++b) {
    a = api.find("\u00b1", a);
    b = reports.find("\u00b1", b);
    ASSERT_NE(a, std::string::npos) << api;
    ASSERT_NE(b, std::string::npos) << reports;
    EXPECT_EQ(a, b) << api << "\n" << reports;
  }
  // Quickstart's functions are both synchronous: no "–" and no footnote.
  EXPECT_EQ(r.out.find("\u2013"), std::string::npos) << r.out;
}

}  // namespace
