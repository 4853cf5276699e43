#include "tools/io/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>
#include <utility>

#include "models/error.hpp"
#include "tools/io/interrupt.hpp"

namespace ls::tools {
namespace {

std::mutex g_mutex;  // sweeps write from worker threads
std::vector<std::string> g_written;
std::vector<std::string> g_created_dirs;  // deepest last

// Test hook (tests/tools/interrupt_test.cpp): LS_TEST_RENAME_DELAY_MS holds
// every finished temporary file that long before its rename, so that a test
// can signal the process while the file exists. A signal ends the wait.
void test_delay_before_rename() {
  const char* ms = std::getenv("LS_TEST_RENAME_DELAY_MS");
  if (!ms) return;
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::atoi(ms));
  while (std::chrono::steady_clock::now() < end && !stop_requested().load())
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

// Standard output as a sink. Unlike a file it cannot be taken back, so once
// begun it is written to the end, signal or not.
class StdoutSink final : public TextSink {
 public:
  void write(std::string_view text) override { std::cout << text; }
};

}  // namespace

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), temp_(path_ + ".tmp." + std::to_string(::getpid())) {
  throw_if_interrupted();
  file_ = std::fopen(temp_.c_str(), "wb");
  if (!file_)
    throw Error(SourceLocation{path_, 0, 0}, "",
                std::string("cannot write: ") + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  if (file_) std::fclose(file_);
  std::remove(temp_.c_str());
}

void AtomicFile::fail(int err) {
  if (file_) std::fclose(file_);
  file_ = nullptr;
  std::remove(temp_.c_str());
  throw Error(SourceLocation{path_, 0, 0}, "", std::string("cannot write: ") + std::strerror(err));
}

void AtomicFile::write(std::string_view text) {
  throw_if_interrupted();  // nothing more after a signal; the destructor removes the file
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) fail(errno);
}

void AtomicFile::commit() {
  const bool flushed = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  if (!flushed) fail(errno);
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) fail(errno);
  test_delay_before_rename();
  throw_if_interrupted();
  std::error_code ec;
  std::filesystem::rename(temp_, path_, ec);
  if (ec) {
    std::remove(temp_.c_str());
    throw Error(SourceLocation{path_, 0, 0}, "", "cannot write: " + ec.message());
  }
  committed_ = true;
  std::lock_guard<std::mutex> lock(g_mutex);
  g_written.push_back(path_);
}

void write_output(const std::string& target, const std::string& contents) {
  stream_output(target, [&](TextSink& sink) { sink.write(contents); });
}

void stream_output(const std::string& target, const std::function<void(TextSink&)>& write) {
  if (target == "-") {
    throw_if_interrupted();
    StdoutSink out;
    write(out);
  } else {
    AtomicFile file(target);
    write(file);
    file.commit();
  }
}

void write_file_atomically(const std::string& path, const std::string& contents) {
  AtomicFile file(path);
  file.write(contents);
  file.commit();
}

void create_output_directory(const std::string& dir, const std::string& option) {
  namespace fs = std::filesystem;
  std::vector<std::string> missing;  // deepest first
  std::error_code ec;
  for (fs::path p = fs::path(dir).lexically_normal(); !p.empty() && !fs::exists(p, ec);
       p = p.parent_path()) {
    missing.push_back(p.string());
    if (p == p.parent_path()) break;
  }
  fs::create_directories(dir, ec);
  if (ec) throw Error(SourceLocation{dir, 0, 0}, option, "cannot create: " + ec.message());
  std::lock_guard<std::mutex> lock(g_mutex);
  g_created_dirs.insert(g_created_dirs.end(), missing.rbegin(), missing.rend());
}

std::vector<std::string> files_written() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_written;
}

void remove_empty_output_directories() {
  std::lock_guard<std::mutex> lock(g_mutex);
  for (auto it = g_created_dirs.rbegin(); it != g_created_dirs.rend(); ++it) {
    std::error_code ec;
    if (std::filesystem::is_empty(*it, ec)) std::filesystem::remove(*it, ec);
  }
  g_created_dirs.clear();
}

}  // namespace ls::tools
