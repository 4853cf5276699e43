// The inputs of `lambdasim calibrate`: each format from a small hand-written
// fixture (tests/tools/data/calibrate/) against the values written in it,
// gzip, several files merged, and every class of bad input.
#include "tools/study/calibrate_readers.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/error.hpp"
#include "trace_cli.hpp"

namespace ls::tools::calibrate {
namespace {

using report_testing::scratch;
using report_testing::write_text;

const std::string kData = std::string(LS_SOURCE_DIR) + "/tests/tools/data/calibrate/";

std::vector<LogRecord> read_all(const std::vector<std::string>& files, ReadOptions options = {},
                                ReadCounts* counts = nullptr) {
  LogStream stream(files, options);
  std::vector<LogRecord> out;
  LogRecord r;
  while (stream.next(r)) out.push_back(r);
  if (counts) *counts = stream.counts();
  return out;
}

// The three requests every full fixture describes (see the files): REPORT
// at 10:00:01.000 after INIT 400 ms + 100 ms, at 10:01:00.000 after 200 ms,
// and on a second environment at 10:01:01.000 after INIT 250 ms + 50 ms.
void expect_fixture_requests(const std::vector<LogRecord>& r, bool two_environments = true) {
  ASSERT_EQ(r.size(), two_environments ? 3u : 2u);
  EXPECT_NEAR(r[0].arrival, 1714557600.5, 1e-6);
  EXPECT_TRUE(r[0].cold);
  EXPECT_DOUBLE_EQ(r[0].init_ms, 400.0);
  EXPECT_DOUBLE_EQ(r[0].duration_ms, 100.0);
  EXPECT_DOUBLE_EQ(r[0].billed_ms, 100.0);
  EXPECT_DOUBLE_EQ(r[0].memory_mb, 512.0);
  EXPECT_DOUBLE_EQ(r[0].max_memory_mb, 80.0);
  EXPECT_NEAR(r[1].arrival, 1714557659.8, 1e-6);
  EXPECT_FALSE(r[1].cold);
  EXPECT_TRUE(std::isnan(r[1].init_ms));
  EXPECT_DOUBLE_EQ(r[1].duration_ms, 200.0);
  EXPECT_EQ(r[0].env, r[1].env);
  if (!two_environments) return;
  EXPECT_NEAR(r[2].arrival, 1714557660.7, 1e-6);
  EXPECT_TRUE(r[2].cold);
  EXPECT_DOUBLE_EQ(r[2].init_ms, 250.0);
  EXPECT_DOUBLE_EQ(r[2].max_memory_mb, 70.0);
  EXPECT_NE(r[2].env, r[0].env);
}

TEST(CalibrateReaders, FilterLogEventsJsonReportLines) {
  ReadCounts counts;
  const auto r = read_all({kData + "filter-log-events.json"}, {}, &counts);
  expect_fixture_requests(r);
  EXPECT_EQ(r[0].env, "2024/05/01/[$LATEST]aaaa1111");
  EXPECT_EQ(counts.skipped, 3u);   // INIT_START, START, END
  EXPECT_EQ(r[0].where.line, 24);  // the REPORT event's opening brace
}

TEST(CalibrateReaders, JsonLogFormatPlatformReport) {
  ReadCounts counts;
  const auto r = read_all({kData + "platform-report.json"}, {}, &counts);
  expect_fixture_requests(r, false);
  EXPECT_EQ(r[0].env, "2024/05/01/[$LATEST]cccc3333");
  EXPECT_EQ(counts.skipped, 1u);  // platform.initStart
  const auto lines = read_all({kData + "platform-report.jsonl"}, {}, &counts);
  expect_fixture_requests(lines, false);
  EXPECT_EQ(lines[0].env, "");    // raw records name no log stream
  EXPECT_EQ(counts.skipped, 1u);  // platform.start
}

TEST(CalibrateReaders, LogsInsightsCsv) {
  ReadCounts counts;
  const auto r = read_all({kData + "insights.csv"}, {}, &counts);
  // Memory in bytes: 512000000 (10^6 per MB) and 536870912 (2^20 per MB) are both 512 MB.
  expect_fixture_requests(r);
  EXPECT_DOUBLE_EQ(r[2].memory_mb, 512.0);
  EXPECT_EQ(counts.skipped, 1u);  // the row without @duration
}

TEST(CalibrateReaders, PerRequestCsvWithNamedColumns) {
  ReadOptions options;
  options.memory_mb = 512;
  const auto r = read_all({kData + "per-request.csv"}, options);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_NEAR(r[0].arrival, 1714557600.5, 1e-6);
  EXPECT_TRUE(r[0].cold);
  EXPECT_FALSE(r[1].cold);
  EXPECT_TRUE(r[2].cold);
  EXPECT_EQ(r[0].env, "sandbox-aaaa");
  EXPECT_DOUBLE_EQ(r[2].billed_ms, 100.0);
  EXPECT_DOUBLE_EQ(r[0].memory_mb, 512.0);
}

TEST(CalibrateReaders, GzipAndSeveralFilesMergeInArrivalOrder) {
  const auto dir = scratch();
  const std::string gz = (dir / "per-request.csv.gz").string();
  {
    const std::string text = report_testing::slurp(kData + "per-request.csv");
    gzFile f = gzopen(gz.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
  }
  // A second, earlier file: its request comes first in the merged stream.
  const std::string early =
      write_text(dir / "early.csv", "start,env,duration_ms,memory_mb\n1714557000.25,x,10,128\n");
  ReadOptions options;
  options.memory_mb = 512;
  ReadCounts counts;
  const auto r = read_all({gz, early}, options, &counts);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].env, "x");
  EXPECT_NEAR(r[0].arrival, 1714557000.25, 1e-6);
  EXPECT_EQ(r[1].env, "sandbox-aaaa");
  EXPECT_EQ(counts.files, 2u);
}

TEST(CalibrateReaders, CompletionOrderWithinTheWindowIsSorted) {
  const auto dir = scratch();
  const std::string f = write_text(
      dir / "c.csv", "start,duration_ms,memory_mb\n100.0,5,128\n90.0,5,128\n95.5,5,128\n");
  const auto r = read_all({f});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_DOUBLE_EQ(r[0].arrival, 90.0);
  EXPECT_DOUBLE_EQ(r[1].arrival, 95.5);
  EXPECT_DOUBLE_EQ(r[2].arrival, 100.0);
}

// Each bad input: an ls::Error whose text names the file, the line and what was expected.
void expect_error(const std::vector<std::string>& files, const std::string& where,
                  const std::string& what, ReadOptions options = {}) {
  try {
    read_all(files, options);
    ADD_FAILURE() << "no error; expected " << what;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(CalibrateReaders, NoReportLineAtAll) {
  const auto dir = scratch();
  const std::string f = write_text(
      dir / "none.json",
      R"({"events": [{"logStreamName": "s", "timestamp": 1, "message": "START RequestId: x"}]})");
  expect_error({f}, f, "no request report in the file (1 lines skipped)");
}

TEST(CalibrateReaders, UnknownColumns) {
  const auto dir = scratch();
  const std::string insights =
      write_text(dir / "i.csv", "@timestamp,@durationn\n2024-05-01 10:00:00.000,5\n");
  expect_error({insights}, insights + ":1", "unknown column '@durationn'");
  const std::string rows = write_text(dir / "r.csv", "when,how_long\n1,2\n");
  expect_error({rows}, rows + ":1", "unknown columns: a per-request CSV needs a start column");
}

TEST(CalibrateReaders, UnparsableNumbersAndTimestamps) {
  const auto dir = scratch();
  const std::string report = write_text(
      dir / "r.json",
      "[\n{\"logStreamName\": \"s\", \"timestamp\": 1000, \"message\": \"REPORT RequestId: x\\t"
      "Duration: abc ms\\tBilled Duration: 1 ms\\tMemory Size: 128 MB\\tMax Memory Used: 9 "
      "MB\"}\n]");
  expect_error({report}, report + ":2", "Duration 'abc' is not a number >= 0 followed by ms");
  const std::string row =
      write_text(dir / "p.csv", "start,duration_ms,memory_mb\n1,2,128\n2,x,128\n");
  expect_error({row}, row + ":3", "'x' is not a number >= 0");
  const std::string stamp =
      write_text(dir / "t.csv", "@timestamp,@duration,@memorySize\nyesterday,5,128000000\n");
  expect_error({stamp}, stamp + ":2", "@timestamp 'yesterday' is not a time");
  const std::string missing = write_text(
      dir / "m.json",
      R"({"events": [{"timestamp": 5, "message": "REPORT RequestId: x\tDuration: 1 ms"}]})");
  expect_error({missing}, missing + ":1", "REPORT line without Billed Duration");
  const std::string memory = write_text(dir / "n.csv", "start,duration_ms\n1,2\n");
  expect_error({memory}, memory + ":2", "give --memory-mb");
}

TEST(CalibrateReaders, TimestampsGoingBackBeyondTheJitter) {
  const auto dir = scratch();
  const std::string f = write_text(
      dir / "b.csv", "start,duration_ms,memory_mb\n5000,1,128\n5001,1,128\n3000,1,128\n");
  expect_error({f}, f + ":4", "before one read earlier (" + f + ":3)");
  ReadOptions tight;
  tight.max_disorder_s = 0.5;
  const std::string g =
      write_text(dir / "c.csv", "start,duration_ms,memory_mb\n10,1,128\n9,1,128\n");
  expect_error({g}, g + ":3", "at most 0.5 s", tight);
}

TEST(CalibrateReaders, TruncatedJsonAndUnclosedQuote) {
  const auto dir = scratch();
  const std::string json = write_text(dir / "t.json", "{\"events\": [{\"timestamp\": 1,");
  expect_error({json}, json, "ends inside a JSON value");
  const std::string csv = write_text(dir / "q.csv", "start,duration_ms,memory_mb\n1,\"2,128\n");
  expect_error({csv}, csv + ":2:3", "still open at the end of the file");
  expect_error({(dir / "absent.csv").string()}, "absent.csv", "cannot open");
}

}  // namespace
}  // namespace ls::tools::calibrate
