// Text input of `lambdasim calibrate`: a file read in chunks, gzip-compressed
// or not (zlib reads plain files through unchanged), as characters or lines,
// and the CSV records of such a file. Memory is one chunk plus one record,
// whatever the file's size.
//
// CsvRecords is this command's own small RFC 4180 reader (quoted fields with
// commas, doubled quotes and line breaks). It sits behind this one class so
// that it can be swapped for the project's shared CSV reader once that lands.
#pragma once

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
  // The next line without its "\n" or "\r\n"; false at the end.
  bool next_line(std::string& line);
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

class CsvRecords {
 public:
  explicit CsvRecords(TextInput& input) : input_(input) {}
  // The fields of the next record that is not blank; false at the end.
  // Throws ls::Error at an unterminated quoted field.
  bool next(std::vector<std::string>& fields);
  // Line on which the last record returned starts.
  int line() const { return line_; }

 private:
  TextInput& input_;
  int line_ = 0;
};

}  // namespace ls::tools::calibrate
