// `lambdasim fit`'s inputs: AWS Lambda Power Tuning results and lambdasim
// tune JSON (nlohmann-json), or a CSV of memory and duration.
#include "fuzz_support.hpp"
#include "models/error.hpp"
#include "tools/study/fit_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = ls::fuzz::write_input("fit-input", ls::fuzz::as_text(data, size));
  try {
    ls::tools::read_fit_samples(path, ls::models::Architecture::X86_64);
  } catch (const ls::Error&) {
  }
  return 0;
}
