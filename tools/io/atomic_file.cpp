#include "tools/io/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "models/error.hpp"

namespace ls::tools {

void write_output(const std::string& target, const std::string& contents) {
  if (target == "-")
    std::cout << contents;
  else
    write_file_atomically(target, contents);
}

void write_file_atomically(const std::string& path, const std::string& contents) {
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
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::remove(temp.c_str());
    throw Error(SourceLocation{path, 0, 0}, "", "cannot write: " + ec.message());
  }
}

}  // namespace ls::tools
