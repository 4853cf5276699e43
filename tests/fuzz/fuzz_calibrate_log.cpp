// `lambdasim calibrate`'s inputs: CloudWatch Logs JSON (filter-log-events,
// platform.report records), Logs Insights CSV exports and per-request CSVs,
// gzip-compressed or not, read to the end.
#include "fuzz_support.hpp"
#include "models/error.hpp"
#include "tools/study/calibrate_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = ls::fuzz::write_input("log", ls::fuzz::as_text(data, size));
  ls::tools::calibrate::ReadOptions options;
  options.memory_mb = 128;
  try {
    const auto source = ls::tools::calibrate::open_log(path, options);
    ls::tools::calibrate::LogRecord record;
    while (source->next(record)) {
    }
  } catch (const ls::Error&) {
  }
  return 0;
}
