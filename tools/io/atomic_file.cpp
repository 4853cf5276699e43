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

}  // namespace

void write_output(const std::string& target, const std::string& contents) {
  if (target == "-") {
    throw_if_interrupted();
    std::cout << contents;
  } else {
    write_file_atomically(target, contents);
  }
}

void write_file_atomically(const std::string& path, const std::string& contents) {
  throw_if_interrupted();
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (!file)
    throw Error(SourceLocation{path, 0, 0}, "",
                std::string("cannot write: ") + std::strerror(errno));
  const bool written = std::fwrite(contents.data(), 1, contents.size(), file) == contents.size();
  const bool flushed = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const bool closed = std::fclose(file) == 0;
  if (!written || !flushed || !closed) {
    const int err = errno;
    std::remove(temp.c_str());
    throw Error(SourceLocation{path, 0, 0}, "", std::string("cannot write: ") + std::strerror(err));
  }
  test_delay_before_rename();
  if (stop_requested().load()) {
    std::remove(temp.c_str());
    throw_if_interrupted();
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::remove(temp.c_str());
    throw Error(SourceLocation{path, 0, 0}, "", "cannot write: " + ec.message());
  }
  std::lock_guard<std::mutex> lock(g_mutex);
  g_written.push_back(path);
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
