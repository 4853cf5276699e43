#include "models/config/data_dir.hpp"

#include <cstdlib>

namespace ls::models {

std::string default_data_dir() {
  if (const char* env = std::getenv("LAMBDASIM_DATA_DIR")) return env;
  return LS_DEFAULT_DATA_DIR;
}

}  // namespace ls::models
