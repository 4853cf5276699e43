// The request report of a Lambda function's log, in its two forms: the text
// line
//   REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\t
//   Memory Size: 128 MB\tMax Memory Used: 68 MB\tInit Duration: 171.12 ms
// and the JSON log format's record
//   {"time": "...", "type": "platform.report", "record": {"requestId": "...",
//    "metrics": {"durationMs": 12.34, "billedDurationMs": 13, "memorySizeMB": 128,
//                "maxMemoryUsedMB": 68, "initDurationMs": 171.12}}}
// (docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html and
// telemetry-schema-reference.html).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ls::tools::calibrate {

struct ReportFields {
  double duration_ms = 0.0;
  double billed_ms = 0.0;
  double memory_mb = 0.0;
  double max_memory_mb = 0.0;
  std::optional<double> init_ms;  // only on a cold start
  // The JSON record's own "time" (ns since the epoch) when it has one.
  std::optional<long long> time_ns;
};

// nullopt when `message` is not a REPORT line (or not a platform.report
// record); throws ls::Error (message only: the caller adds file:line) when
// it is one but a field is missing or not a number: `what` then says which.
std::optional<ReportFields> parse_report_text(std::string_view message);
std::optional<ReportFields> parse_platform_report(std::string_view json_text);

}  // namespace ls::tools::calibrate
