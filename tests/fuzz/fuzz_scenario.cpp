// The scenario loader on arbitrary YAML text: the whole path a scenario file
// takes (YAML parsing, preset merge, key table checks, every section reader).
// Files the text names (traces, samples) resolve in an empty scratch folder.
#include "fuzz_support.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ls::models::LoadOptions opts;
  opts.data_dir = LS_DATA_DIR;
  try {
    ls::models::load_scenario_text(std::string(ls::fuzz::as_text(data, size)), "fuzz.yaml",
                                   ls::fuzz::scratch_dir().string(), opts);
  } catch (const ls::Error&) {
  }
  return 0;
}
