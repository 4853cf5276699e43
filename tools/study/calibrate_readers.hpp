// The inputs of `lambdasim calibrate`, each as a LogSource that yields the
// requests of one file in the file's order (docs/calibrate.md):
//   - JSON from CloudWatch Logs: the output of `aws logs filter-log-events`
//     ({"events": [...]}, or the events array alone, or one event per line),
//     whose messages are REPORT lines or JSON-format platform.report records;
//     raw platform.report records one per line are read too;
//   - a CloudWatch Logs Insights CSV export (@timestamp, @logStream,
//     @duration, @billedDuration, @initDuration, @maxMemoryUsed, @memorySize);
//   - a per-request CSV with named columns (the AWS Lambda 2020 logs in
//     scenarios/data/aws-lambda-2020/ are one).
// The format is told from the first character ('{' or '[' → JSON) and the
// header ('@' columns → Logs Insights). Any file may be gzip-compressed.
// LogStream merges several files into one stream in arrival order.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tools/study/calibrate_log_record.hpp"

namespace ls::tools::calibrate {

struct ReadOptions {
  // Memory size of requests whose log does not say it (the per-request CSV
  // without memory_mb); unset: such a record is an error.
  std::optional<double> memory_mb;
  // How far (seconds) a request's arrival may precede one read before it
  // in the same file: REPORT lines are written when a request ends, so their
  // arrivals are out of order by up to the longest request (Lambda's
  // timeout is at most 900 s). Further back is an error.
  double max_disorder_s = 900.0;
};

class LogSource {
 public:
  virtual ~LogSource() = default;
  // The next request; false at the end of the file. Throws ls::Error with
  // file:line on a malformed report.
  virtual bool next(LogRecord& record) = 0;
  virtual std::uint64_t skipped() const = 0;
  virtual const char* format() const = 0;
};

std::unique_ptr<LogSource> open_log(const std::string& path, const ReadOptions& options);

// All files' requests in arrival order. Each file is read once, through a
// buffer that reorders the last max_disorder_s seconds of arrivals, so that
// memory holds that window (not the file).
class LogStream {
 public:
  LogStream(const std::vector<std::string>& files, const ReadOptions& options);
  ~LogStream();
  bool next(LogRecord& record);
  ReadCounts counts() const { return counts_; }
  // "filter-log-events JSON, per-request CSV" — the formats read, once each.
  std::string formats() const;

 private:
  struct File;
  bool fill(File& file);
  std::vector<std::unique_ptr<File>> files_;
  ReadOptions options_;
  ReadCounts counts_;
};

}  // namespace ls::tools::calibrate
