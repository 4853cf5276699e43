// CSV inputs a scenario can name: timestamp traces, Azure Functions 2019
// and CloudWatch per-minute counts, and empirical samples. Internal to the
// scenario loader.
// Errors in a file's contents name that file, its line and column; a missing
// file or column names the scenario node that asked for it.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "models/error.hpp"
#include "sim/time.hpp"

namespace ls::models {
class CsvReader;  // csv_reader.hpp
}  // namespace ls::models

namespace ls::models::detail {

// The scenario keys that name a file and its column (for error messages).
struct CsvRef {
  std::string file_path;  // key path, e.g. workloads[0].arrivals.file
  SourceLocation file_where;
  std::string column_path;
  SourceLocation column_where;
};

// Arrival times from the column (default: the first) of a CSV with a header
// row, in seconds with fractions (exactly, to the nanosecond), in any order:
// sorted and shifted so that the earliest is 0, which was `origin`.
struct TimestampTrace {
  std::shared_ptr<const std::vector<sim::Time>> times;
  sim::Time origin = 0;
};
TimestampTrace read_timestamp_trace(const std::string& file,
                                    const std::optional<std::string>& column, const CsvRef& ref);

// Row of the Azure Functions 2019 invocations file: a 0-based data row or a
// prefix of its HashFunction (which must match exactly one row).
struct AzureRow {
  std::variant<std::int64_t, std::string> which;
  std::string path;  // key path of `row`
  SourceLocation where;
};

// Invocations per minute of that row, from its first minute column on.
// Reads the whole file; a load that names rows of one file many times uses
// AzureCountsCache instead.
std::shared_ptr<const std::vector<std::uint32_t>> read_azure_counts(const std::string& file,
                                                                    const AzureRow& row,
                                                                    const CsvRef& ref);

// read_azure_counts for every workload of one load, reading each file whole
// once: the first request for a file indexes it (its minute columns; each
// data row's HashFunction, line and byte offset), later ones parse only
// their row. An Azure-day scenario names 46,000 rows of one 46,000-row file:
// read whole for each, loading was quadratic. Results and errors are
// read_azure_counts' exactly: a file that does not read cleanly whole is not
// indexed, and each request for it goes through read_azure_counts.
class AzureCountsCache {
 public:
  AzureCountsCache();
  ~AzureCountsCache();
  AzureCountsCache(const AzureCountsCache&) = delete;
  AzureCountsCache& operator=(const AzureCountsCache&) = delete;

  std::shared_ptr<const std::vector<std::uint32_t>> counts(const std::string& file,
                                                           const AzureRow& row, const CsvRef& ref);

 private:
  struct Index;
  void open(const std::string& file, const CsvRef& ref);
  void close();
  std::unordered_map<std::string, std::unique_ptr<Index>> files_;
  // The file whose rows are read, open: one at a time, as a load may name
  // 46,000 files (an Azure day, one per function) and a process may have
  // only 1,024 descriptors. Workloads are read in order, so consecutive
  // requests usually name the same file.
  std::string open_file_;
  std::ifstream open_in_;
  std::unique_ptr<CsvReader> open_reader_;
};

// CloudWatch-style per-minute counts (a metric's Sum at a 1-minute period,
// exported as CSV): a header row, then rows of timestamp and count. The
// timestamp is the first column, ISO 8601 (2024-05-01T12:00:00Z; a space for
// the T; an offset such as +02:00, or none for UTC) or Unix seconds; the count
// is `column` (default: the second column), an integer >= 0. Rows may come
// in any order; the earliest is minute 0 and minutes without a row count 0.
// Timestamps must be whole minutes apart, one row per minute.
std::shared_ptr<const std::vector<std::uint32_t>> read_cloudwatch_counts(
    const std::string& file, const std::optional<std::string>& column, const CsvRef& ref);

// Seconds with fractions (Unix times) to Time, exactly for plain decimals
// (nanoseconds kept); numbers with an exponent go through a double.
std::optional<sim::Time> parse_seconds(std::string_view text);

// "2024-05-01T12:34[:56[.789]][Z|+hh[:mm]|-hh[:mm]]" (or a space for the T)
// to ns since the Unix epoch; no offset means UTC.
std::optional<sim::Time> parse_iso_time(std::string_view text);

// Samples in seconds from one column (default: the first): milliseconds if
// the column's name ends in "_ms", else seconds; each >= 0.
std::vector<double> read_samples(const std::string& file, const std::optional<std::string>& column,
                                 const CsvRef& ref);

}  // namespace ls::models::detail
