// The --set parser: each line of the input is one KEY=VALUE assignment,
// applied over the bundled quickstart scenario as `lambdasim run --set` does.
#include <fstream>
#include <sstream>

#include "fuzz_support.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"

namespace {

const std::string& quickstart() {
  static const std::string text = [] {
    std::ifstream in(std::string(LS_DATA_DIR) + "/quickstart.yaml");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ls::models::LoadOptions opts;
  opts.data_dir = LS_DATA_DIR;
  std::istringstream lines{std::string(ls::fuzz::as_text(data, size))};
  for (std::string line; std::getline(lines, line);) opts.sets.push_back(line);
  try {
    ls::models::load_scenario_text(quickstart(), "quickstart.yaml",
                                   ls::fuzz::scratch_dir().string(), opts);
  } catch (const ls::Error&) {
  }
  return 0;
}
