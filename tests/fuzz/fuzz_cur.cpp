// `lambdasim import --cur` and `run --compare-bill`: a Cost and Usage Report
// CSV (gzip-compressed when it starts with gzip's magic bytes).
#include "fuzz_support.hpp"
#include "models/error.hpp"
#include "tools/study/import_cur.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = ls::fuzz::write_input("cur.csv", ls::fuzz::as_text(data, size));
  try {
    ls::tools::import::read_cur(path);
  } catch (const ls::Error&) {
  }
  return 0;
}
