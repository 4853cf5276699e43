// Output files are written whole or not at all: the text goes to a temporary
// file beside the target, which is then renamed over it (atomic on POSIX), so
// an interrupted run never leaves a half-written report.
#pragma once

#include <string>

namespace ls::tools {

// Throws ls::Error naming the path when the file cannot be written.
void write_file_atomically(const std::string& path, const std::string& contents);

// An output option's target: standard output for "-", else the file, atomically.
void write_output(const std::string& target, const std::string& contents);

}  // namespace ls::tools
