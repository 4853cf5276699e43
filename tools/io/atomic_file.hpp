// Output files are written whole or not at all: the text goes to a temporary
// file beside the target, which is then renamed over it (atomic on POSIX), so
// an interrupted run never leaves a half-written report. After SIGINT/SIGTERM
// (tools/io/interrupt.hpp) nothing more is written: the temporary file is
// removed and Interrupted thrown.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/io/text_sink.hpp"

namespace ls::tools {

// One file written atomically, streamed: write() appends to the temporary
// file, commit() renames it over the target. Destroyed without commit (an
// exception on the way, or Interrupted from write() or commit() after a
// signal), it closes and removes the temporary file, so the target is
// either the old file or the whole new one. Throws ls::Error naming the
// path when the file cannot be written.
class AtomicFile final : public TextSink {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile() override;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view text) override;
  void commit();

 private:
  [[noreturn]] void fail(int err);
  std::string path_, temp_;
  std::FILE* file_ = nullptr;  // null once closed
  bool committed_ = false;
};

// Throws ls::Error naming the path when the file cannot be written, and
// Interrupted (leaving no temporary file) after a signal.
void write_file_atomically(const std::string& path, const std::string& contents);

// An output option's target: standard output for "-", else the file, atomically.
void write_output(const std::string& target, const std::string& contents);

// The same, streamed: `write` writes the text into a sink, standard output
// for "-", else an AtomicFile committed when `write` returns (and removed if
// it throws).
void stream_output(const std::string& target, const std::function<void(TextSink&)>& write);

// Creates the output folder `dir` and its missing parents (ls::Error naming
// `option` if it cannot); the folders it created are removed again by
// remove_empty_output_directories if an interrupted run left them empty.
void create_output_directory(const std::string& dir, const std::string& option);

// The files written whole so far by this process, in order.
std::vector<std::string> files_written();

// Removes the folders create_output_directory created that are still empty.
void remove_empty_output_directories();

}  // namespace ls::tools
