#include "models/config/csv_reader.hpp"

#include <utility>

namespace ls::models {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{64} << 10;

bool is_blank(int c) { return c == ' ' || c == '\t'; }
bool ends_field(int c) { return c == ',' || c == '\n' || c == '\r' || c == -1; }

}  // namespace

CsvReader::CsvReader(std::istream& in, std::string file, std::string key_path,
                     std::size_t max_record_bytes)
    : in_(in),
      file_(std::move(file)),
      key_path_(std::move(key_path)),
      max_record_bytes_(max_record_bytes),
      chunk_(kChunkBytes) {}

int CsvReader::peek() {
  if (chunk_pos_ == chunk_end_) {
    if (eof_) return -1;
    in_.read(chunk_.data(), static_cast<std::streamsize>(chunk_.size()));
    if (in_.bad()) fail(line_, column_, "cannot read the file");
    chunk_offset_ += chunk_end_;
    chunk_pos_ = 0;
    chunk_end_ = static_cast<std::size_t>(in_.gcount());
    if (chunk_end_ == 0) {
      eof_ = true;
      return -1;
    }
  }
  return static_cast<unsigned char>(chunk_[chunk_pos_]);
}

int CsvReader::get() {
  const int c = peek();
  if (c == -1) return c;
  ++chunk_pos_;
  if (++record_bytes_ > max_record_bytes_) {
    if (open_quote_line_ > 0) {
      fail(open_quote_line_, open_quote_column_,
           "this quoted field is still open after " + std::to_string(max_record_bytes_) +
               " bytes (the limit for one record); is its closing quote missing?");
    }
    fail(record_line_, 1,
         "record longer than " + std::to_string(max_record_bytes_) + " bytes (the limit)");
  }
  // CRLF is one line break: the CR moves on one column, the LF ends the line.
  if (c == '\n' || (c == '\r' && peek() != '\n')) {
    ++line_;
    column_ = 1;
  } else {
    ++column_;
  }
  return c;
}

void CsvReader::seek(std::uint64_t record_offset, int line) {
  if (record_offset >= chunk_offset_ && record_offset < chunk_offset_ + chunk_end_) {
    chunk_pos_ = static_cast<std::size_t>(record_offset - chunk_offset_);
  } else {
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(record_offset));
    if (!in_) fail(line, 1, "cannot read the file");
    chunk_offset_ = record_offset;
    chunk_pos_ = chunk_end_ = 0;
    eof_ = false;
  }
  started_ = true;  // no byte order mark check: this is not the start
  line_ = line;
  column_ = 1;
}

void CsvReader::fail(int line, int column, const std::string& message) const {
  throw Error(SourceLocation{file_, line, column}, key_path_, message);
}

void CsvReader::finish_field(std::size_t start, int line, int column, bool quoted) {
  spans_.push_back(Span{start, text_.size() - start, line, column, quoted});
}

bool CsvReader::next() {
  if (!started_) {
    started_ = true;
    // A UTF-8 byte order mark (EF BB BF), as spreadsheet programs write.
    if (peek() == 0xEF && chunk_end_ - chunk_pos_ >= 3 &&
        static_cast<unsigned char>(chunk_[chunk_pos_ + 1]) == 0xBB &&
        static_cast<unsigned char>(chunk_[chunk_pos_ + 2]) == 0xBF) {
      chunk_pos_ += 3;
    }
  }
  text_.clear();
  spans_.clear();
  fields_.clear();
  record_bytes_ = 0;
  while (comment_ != 0) {
    while (is_blank(peek())) get();
    if (peek() != static_cast<unsigned char>(comment_)) break;
    for (int c = get(); c != -1 && c != '\n' && !(c == '\r' && peek() != '\n');) c = get();
    record_bytes_ = 0;
  }
  if (peek() == -1) return false;
  record_line_ = line_;
  record_offset_ = chunk_offset_ + chunk_pos_;
  while (true) {
    while (is_blank(peek())) get();
    const int line = line_;
    const int column = column_;
    const std::size_t start = text_.size();
    if (peek() == '"') {
      open_quote_line_ = line;
      open_quote_column_ = column;
      get();
      while (true) {
        const int c = get();
        if (c == -1) {
          fail(line, column,
               "a quoted field opened here is still open at the end of the file; is its "
               "closing quote missing?");
        }
        if (c == '"') {
          if (peek() != '"') break;
          get();  // "" is one quote
        }
        text_ += static_cast<char>(c);
      }
      open_quote_line_ = 0;
      while (is_blank(peek())) get();
      if (!ends_field(peek())) {
        fail(line_, column_,
             "text after the closing quote of the field at column " + std::to_string(column) +
                 "; expected a comma or the end of the line (write a quote inside a quoted "
                 "field twice: \"\")");
      }
      finish_field(start, line, column, true);
    } else {
      for (int c = peek(); !ends_field(c); c = peek()) {
        if (c == '"') {
          fail(line_, column_,
               "a quote inside an unquoted field; put the whole field in quotes and write "
               "this quote twice (\"\")");
        }
        text_ += static_cast<char>(get());
      }
      while (text_.size() > start && is_blank(text_.back())) text_.pop_back();
      finish_field(start, line, column, false);
    }
    end_line_ = line_;
    end_column_ = column_;
    const int c = get();
    if (c == ',') continue;
    if (c == '\r' && peek() == '\n') get();
    break;
  }
  fields_.reserve(spans_.size());
  for (const Span& s : spans_) {
    fields_.push_back(
        CsvField{std::string_view(text_).substr(s.start, s.size), s.line, s.column, s.quoted});
  }
  return true;
}

}  // namespace ls::models
