// A whole file read into memory, for inputs read at once (a template, a
// sweep manifest, measurements). Scenarios and tables are read by
// models/config, which also bounds their size.
#pragma once

#include <string>

namespace ls::tools {

// The bytes of `path`; an ls::Error located at the file, "cannot read
// `what`", when it cannot be opened or read.
std::string read_text_file(const std::string& path, const std::string& what);

}  // namespace ls::tools
