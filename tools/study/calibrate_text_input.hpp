// Text input of `lambdasim calibrate`: a file read in chunks, gzip-compressed
// or not (zlib reads plain files through unchanged), as characters, lines or
// a std::istream. Memory is one chunk, whatever the file's size.
#pragma once

#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace ls::tools::calibrate {

class TextInput {
 public:
  // Throws ls::Error naming the file when it cannot be opened.
  explicit TextInput(const std::string& path);
  ~TextInput();
  TextInput(const TextInput&) = delete;
  TextInput& operator=(const TextInput&) = delete;

  // The next character, or -1 at the end (the line count follows '\n').
  int get() {
    if (pos_ == end_ && !refill()) return -1;
    const int c = static_cast<unsigned char>(buffer_[pos_++]);
    if (c == '\n') ++line_;
    return c;
  }
  int peek() {
    if (pos_ == end_ && !refill()) return -1;
    return static_cast<unsigned char>(buffer_[pos_]);
  }
  // Up to `size` bytes into `out` (line counting is then the caller's);
  // 0 at the end.
  std::size_t read(char* out, std::size_t size);
  // 1-based number of the line the next character belongs to.
  int line() const { return line_; }
  const std::string& path() const { return path_; }

 private:
  bool refill();
  std::string path_;
  void* file_ = nullptr;  // gzFile
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  int line_ = 1;
};

// A TextInput as a std::istream (for models::CsvReader, the project's
// RFC 4180 reader): gzip-compressed files read through it too.
class TextInputStream : public std::istream {
 public:
  explicit TextInputStream(TextInput& input) : std::istream(&buffer_), buffer_(input) {}

 private:
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(TextInput& input) : input_(input) {}

   protected:
    int_type underflow() override;

   private:
    TextInput& input_;
    std::vector<char> chunk_ = std::vector<char>(1 << 16);
  };
  Buffer buffer_;
};

}  // namespace ls::tools::calibrate
