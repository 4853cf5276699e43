// Whether a file meant as JSON is JSON, for `lambdasim import`'s detection of
// its inputs (tools/study/import_json.hpp keeps nlohmann::json inside the
// study layer).
#pragma once

#include <string>

namespace ls::tools::import {

// Throws ls::Error "file:line:col: not JSON: ..." on a syntax error.
void check_json(const std::string& file, const std::string& text);

}  // namespace ls::tools::import
