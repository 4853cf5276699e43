// Real traffic: Azure Functions 2019 and CloudWatch per-minute counts are
// replayed exactly (each minute's arrivals, read back from the 1-minute CSV
// series, equal the file's count for that minute, read here independently),
// malformed rows fail with the file, line and column, and `azure2scenario`
// builds scenarios that load and run.
#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;

const std::string kData = source("scenarios/data/azure-functions-2019");

// Per-minute counts of every row of an Azure invocations file, by the
// HashFunction's first 8 characters.
std::map<std::string, std::vector<std::uint64_t>> azure_counts(const fs::path& file) {
  std::map<std::string, std::vector<std::uint64_t>> out;
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header: HashOwner,HashApp,HashFunction,Trigger,480,...
  while (std::getline(in, line)) {
    const auto fields = split_csv_line(line);
    auto& counts = out[fields.at(2).substr(0, 8)];
    for (std::size_t i = 4; i < fields.size(); ++i) counts.push_back(std::stoull(fields[i]));
  }
  return out;
}

// Arrivals per interval of one function in a series CSV.
std::vector<std::uint64_t> arrivals_of(const fs::path& csv, const std::string& function) {
  std::vector<std::uint64_t> out;
  for (const auto& row : read_csv(csv))
    if (row.at("function") == function) out.push_back(std::stoull(row.at("arrivals")));
  return out;
}

TEST(TraceReplay, AzureCountsAreReproducedMinuteByMinute) {
  const fs::path dir = scratch();
  const CliRun r = lambdasim("run " + source("scenarios/examples/azure-replay.yaml") +
                             " --quiet --interval 1m --csv " + (dir / "csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto expected = azure_counts(kData + "/invocations.csv");
  ASSERT_EQ(expected.size(), 4u);
  for (const auto& [prefix, counts] : expected) {
    SCOPED_TRACE(prefix);
    std::string function;
    for (const auto& row : read_csv(dir / "csv" / "series.csv"))
      if (row.at("function").find(prefix) != std::string::npos) function = row.at("function");
    ASSERT_FALSE(function.empty());
    EXPECT_EQ(arrivals_of(dir / "csv" / "series.csv", function), counts);
  }
}

constexpr const char* kCloudWatchScenario = R"(scenario: cloudwatch
horizon: 7m
functions:
  f:
    init: {dist: fixed, value: 100ms}
    duration: {dist: fixed, value: 50ms}
workloads:
  - function: f
    arrivals: {process: trace, format: cloudwatch, file: counts.csv}
)";

CliRun run_cloudwatch(const fs::path& dir, const std::string& csv) {
  std::ofstream(dir / "s.yaml") << kCloudWatchScenario;
  std::ofstream(dir / "counts.csv") << csv;
  return lambdasim("run " + (dir / "s.yaml").string() + " --quiet --interval 1m --csv " +
                   (dir / "out").string());
}

TEST(TraceReplay, CloudWatchCountsAreReproducedMinuteByMinute) {
  const fs::path dir = scratch();
  // Out of order, a gap (minutes 2 and 4 have no row: 0), ISO 8601 with and
  // without Z, with an offset and a space, and Unix seconds (1714565100 is
  // 2024-05-01T12:05:00Z); a count written by pandas as 4.0.
  const CliRun r = run_cloudwatch(dir,
                                  "Timestamp,Sum\n"
                                  "2024-05-01T12:03:00Z,7\n"
                                  "2024-05-01T12:00:00Z,3\n"
                                  "2024-05-01 14:01:00+02:00,5\n"
                                  "1714565100,2\n"
                                  "2024-05-01T12:06,4.0\n");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(arrivals_of(dir / "out" / "series.csv", "f"),
            (std::vector<std::uint64_t>{3, 5, 0, 7, 0, 2, 4}));
}

TEST(TraceReplay, CloudWatchCountColumnCanBeNamed) {
  const fs::path dir = scratch();
  std::string scenario = kCloudWatchScenario;
  scenario.replace(scenario.find("file: counts.csv"), 16, "file: counts.csv, column: n");
  std::ofstream(dir / "s.yaml") << scenario;
  std::ofstream(dir / "counts.csv") << "t,other,n\n2024-01-01T00:00:00Z,99,1\n"
                                       "2024-01-01T00:01:00Z,99,2\n";
  const CliRun r = lambdasim("run " + (dir / "s.yaml").string() + " --quiet --interval 1m --csv " +
                             (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto arrivals = arrivals_of(dir / "out" / "series.csv", "f");
  ASSERT_GE(arrivals.size(), 2u);
  EXPECT_EQ(arrivals[0], 1u);
  EXPECT_EQ(arrivals[1], 2u);
}

struct BadCsv {
  const char* name;
  const char* text;
  const char* expected;  // the whole error line, after the scratch path
};

TEST(TraceReplay, MalformedCloudWatchRowNamesTheLineAndExitsTwo) {
  const BadCsv cases[] = {
      {"count", "Timestamp,Sum\n2024-05-01T12:00:00Z,3\n2024-05-01T12:01:00Z,x\n",
       "counts.csv:3:22: workloads[0].arrivals.file: expected an invocation count (an integer "
       "from 0 to 4294967295), got 'x'"},
      {"timestamp", "Timestamp,Sum\n2024-05-01T12:00:00Z,3\n2024-13-01T12:01:00Z,1\n",
       "counts.csv:3:1: workloads[0].arrivals.file: '2024-13-01T12:01:00Z' is not a timestamp "
       "(ISO 8601 such as 2024-05-01T12:00:00Z, or Unix seconds)"},
      {"not-whole-minute", "Timestamp,Sum\n2024-05-01T12:00:00Z,3\n2024-05-01T12:00:30Z,1\n",
       "counts.csv:3:1: workloads[0].arrivals.file: timestamp is not a whole number of minutes "
       "after the earliest one (line 2); per-minute counts expected"},
      {"duplicate", "Timestamp,Sum\n2024-05-01T12:00:00Z,3\n\n2024-05-01T12:00:00Z,1\n",
       "counts.csv:4:1: workloads[0].arrivals.file: a second row for the same minute (the first "
       "is line 2)"},
      {"short-row", "Timestamp,Sum\n2024-05-01T12:00:00Z\n",
       "counts.csv:2:21: workloads[0].arrivals.file: row has 1 field(s); expected a timestamp and "
       "a count in column 'Sum'"},
  };
  for (const BadCsv& c : cases) {
    SCOPED_TRACE(c.name);
    const fs::path dir = scratch() / c.name;
    fs::create_directories(dir);
    const CliRun r = run_cloudwatch(dir, c.text);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_EQ(r.out, "error: " + (dir / c.expected).string() + "\n");
  }
}

TEST(TraceReplay, MalformedAzureRowNamesTheLineAndExitsTwo) {
  const fs::path dir = scratch();
  // The bundled slice with one count of the third data row (line 4) broken.
  const std::string text = slurp(kData + "/invocations.csv");
  std::size_t line_start = 0;
  for (int i = 0; i < 3; ++i) line_start = text.find('\n', line_start) + 1;
  std::size_t cell = line_start;  // the 10th field (minute 485)
  for (int i = 0; i < 9; ++i) cell = text.find(',', cell) + 1;
  const int column = static_cast<int>(cell - line_start) + 1;
  std::ofstream(dir / "invocations.csv") << std::string_view(text).substr(0, cell) << 'x'
                                         << std::string_view(text).substr(text.find(',', cell));
  std::ofstream(dir / "s.yaml") << "scenario: bad\nhorizon: 10m\nfunctions:\n  f:\n"
                                   "    init: {dist: fixed, value: 100ms}\n"
                                   "    duration: {dist: fixed, value: 50ms}\n"
                                   "workloads:\n  - function: f\n    arrivals: {process: trace, "
                                   "format: azure-2019, file: invocations.csv, row: 2}\n";
  const CliRun r = lambdasim("run " + (dir / "s.yaml").string() + " --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "error: " + (dir / "invocations.csv").string() + ":4:" + std::to_string(column) +
                       ": workloads[0].arrivals.file: expected an invocation count (an integer "
                       "from 0 to 4294967295), got 'x'\n");
  // The helper reads the same file and fails the same way.
  const CliRun helper =
      lambdasim("azure2scenario --invocations " + (dir / "invocations.csv").string() +
                " --durations " + kData + "/durations.csv --row 2");
  EXPECT_EQ(helper.exit_code, 2) << helper.out;
  EXPECT_NE(helper.out.find("invocations.csv:4:" + std::to_string(column) + ": --invocations:"),
            std::string::npos)
      << helper.out;
}

}  // namespace
