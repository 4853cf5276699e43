#include "models/config/data_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace ls::models {

namespace fs = std::filesystem;

std::string installed_data_dir() {
  // The running binary (Linux: /proc/self/exe), then the data folder
  // relative to it, as `cmake --install` lays them out (bin/ and
  // share/lambdasim/scenarios/, LS_INSTALL_DATA_DIR_FROM_BIN).
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path dir = (exe.parent_path() / LS_INSTALL_DATA_DIR_FROM_BIN).lexically_normal();
  // A folder with the presets is the data folder; anything else (a build
  // tree's binary has none beside it) is not.
  if (!fs::is_directory(dir / "platforms", ec)) return {};
  return dir.string();
}

std::string default_data_dir() {
  if (const char* env = std::getenv("LAMBDASIM_DATA_DIR")) return env;
  if (std::string installed = installed_data_dir(); !installed.empty()) return installed;
  return LS_DEFAULT_DATA_DIR;
}

}  // namespace ls::models
