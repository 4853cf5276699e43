// Where the bundled tables live: the scenarios/ folder with platforms/ and
// prices/ (presets, price tables, instance tables).
#pragma once

#include <string>

namespace ls::models {

// LAMBDASIM_DATA_DIR when set; otherwise, for an installed binary, the
// data installed beside it (installed_data_dir); otherwise the folder the
// build was configured with (the source tree's scenarios/).
std::string default_data_dir();

// BIN/../share/lambdasim/scenarios for the running binary in BIN, when that
// folder exists and holds platforms/; else "".
std::string installed_data_dir();

}  // namespace ls::models
