// `lambdasim import`'s CloudWatch metrics: the JSON of get-metric-data or
// get-metric-statistics.
#include "fuzz_support.hpp"
#include "models/error.hpp"
#include "tools/study/import_metrics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ls::tools::import::MetricsOptions options;
  options.function = "api";
  try {
    ls::tools::import::read_metrics(
        {ls::tools::import::MetricsInput{"metrics.json",
                                         std::string(ls::fuzz::as_text(data, size))}},
        options);
  } catch (const ls::Error&) {
  }
  return 0;
}
