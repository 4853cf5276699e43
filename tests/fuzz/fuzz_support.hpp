// Shared by the libFuzzer targets of tests/fuzz (run_fuzz.sh builds and runs
// them). A target's contract: every input either succeeds or throws
// ls::Error (the user-facing "bad input" error, exit 2 in the CLI). Any
// other exception escapes and libFuzzer reports it as a crash, like a
// sanitizer finding, a timeout or exceeding -rss_limit_mb.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace ls::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A scratch folder of this fuzzing process (readers that take a path get
// the input through a file in it).
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto d =
        std::filesystem::temp_directory_path() / ("lambdasim-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// Writes `text` to scratch_dir()/name and returns the path.
inline std::string write_input(const std::string& name, std::string_view text) {
  const auto path = scratch_dir() / name;
  std::filesystem::create_directories(path.parent_path());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f) {
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  return path.string();
}

}  // namespace ls::fuzz
