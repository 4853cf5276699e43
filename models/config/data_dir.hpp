// Where the bundled tables live: the scenarios/ folder with platforms/ and
// prices/ (presets, price tables, instance tables).
#pragma once

#include <string>

namespace ls::models {

// LAMBDASIM_DATA_DIR when set; otherwise the folder the build was
// configured with (the source tree's scenarios/).
std::string default_data_dir();

}  // namespace ls::models
