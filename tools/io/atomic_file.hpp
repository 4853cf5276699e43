// Output files are written whole or not at all: the text goes to a temporary
// file beside the target, which is then renamed over it (atomic on POSIX), so
// an interrupted run never leaves a half-written report. After SIGINT/SIGTERM
// (tools/io/interrupt.hpp) nothing more is written: the temporary file is
// removed and Interrupted thrown.
#pragma once

#include <string>
#include <vector>

namespace ls::tools {

// Throws ls::Error naming the path when the file cannot be written, and
// Interrupted (leaving no temporary file) after a signal.
void write_file_atomically(const std::string& path, const std::string& contents);

// An output option's target: standard output for "-", else the file, atomically.
void write_output(const std::string& target, const std::string& contents);

// Creates the output folder `dir` and its missing parents (ls::Error naming
// `option` if it cannot); the folders it created are removed again by
// remove_empty_output_directories if an interrupted run left them empty.
void create_output_directory(const std::string& dir, const std::string& option);

// The files written whole so far by this process, in order.
std::vector<std::string> files_written();

// Removes the folders create_output_directory created that are still empty.
void remove_empty_output_directories();

}  // namespace ls::tools
