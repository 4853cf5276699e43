// An RFC 4180 CSV reader: one record at a time from an istream, in memory
// bounded by the longest record (not the file).
//
// Reads what RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180) defines:
// fields separated by commas, records by CRLF (a lone LF or CR too),
// fields in double quotes may hold commas, line breaks and quotes written
// twice (""). Also: a UTF-8 byte order mark at the start is skipped, and
// blanks (spaces, tabs) around a field are not part of it — the files we read
// hold numbers and names, and spreadsheet exports pad them ("1, 2").
// Everything else is an Error located at file:line:column (1-based, in bytes):
// a quote inside an unquoted field, text after a closing quote, a quoted field
// still open at the end of the file, a record longer than the limit.
//
// Written here rather than taken from libcsv or fast-cpp-csv-parser (see
// README, Dependencies): we need each field's line and column for messages,
// any number of columns (an Azure row has 1,440), and an istream source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "models/error.hpp"

namespace ls::models {

struct CsvField {
  std::string_view text;  // unquoted, "" undoubled; valid until the next read
  int line = 0;           // where the field starts (its opening quote if quoted)
  int column = 0;
  bool quoted = false;
};

class CsvReader {
 public:
  // A record (all its fields and separators) may hold at most this many bytes:
  // a quote left open makes the rest of the file one field, and this stops it
  // early with a message rather than reading it all into memory.
  static constexpr std::size_t kDefaultMaxRecordBytes = std::size_t{1} << 20;

  // `file` names the input in messages; `key_path` (may be "") is the
  // scenario key that named it.
  CsvReader(std::istream& in, std::string file, std::string key_path = "",
            std::size_t max_record_bytes = kDefaultMaxRecordBytes);

  // Lines whose first byte other than blanks is `marker` (e.g. '#') are
  // skipped, as comments, where a record would start. Off by default: RFC
  // 4180 has no comments.
  void skip_comment_lines(char marker) { comment_ = marker; }

  // Moves to a record read before (its record_offset() and line()), so
  // that next() reads it again, located as before. The input must be
  // seekable; a record in the bytes already read ahead is not read again.
  void seek(std::uint64_t record_offset, int line);

  // Reads the next record into fields(); false at the end of the input.
  // Throws ls::Error on malformed input or a read error.
  bool next();

  const std::vector<CsvField>& fields() const { return fields_; }
  // The line the current record starts on, and its byte offset in the input
  // (past a byte order mark; from where the input stood when reading began).
  int line() const { return record_line_; }
  std::uint64_t record_offset() const { return record_offset_; }
  // True for a record that is one empty unquoted field: an empty line or a
  // line of blanks. Callers that skip blank lines test this.
  bool blank() const {
    return fields_.size() == 1 && !fields_[0].quoted && fields_[0].text.empty();
  }
  // Where the current record ends (just past its last byte), for messages
  // about a missing field.
  SourceLocation end_of_record() const { return {file_, end_line_, end_column_}; }

  const std::string& file() const { return file_; }
  const std::string& key_path() const { return key_path_; }

 private:
  int peek();  // next byte (0-255) or -1 at the end; does not consume
  int get();   // consumes and returns it, keeping line and column
  [[noreturn]] void fail(int line, int column, const std::string& message) const;
  void append(char c);
  void finish_field(std::size_t start, int line, int column, bool quoted);

  std::istream& in_;
  std::string file_;
  std::string key_path_;
  std::size_t max_record_bytes_;

  std::vector<char> chunk_;  // read ahead from in_
  std::size_t chunk_pos_ = 0;
  std::size_t chunk_end_ = 0;
  std::uint64_t chunk_offset_ = 0;  // of chunk_[0] in the input
  bool eof_ = false;
  bool started_ = false;  // the BOM check has been done
  char comment_ = 0;

  int line_ = 1;  // position of the next byte
  int column_ = 1;

  std::string text_;  // the current record's field texts, back to back
  struct Span {
    std::size_t start, size;
    int line, column;
    bool quoted;
  };
  std::vector<Span> spans_;
  std::vector<CsvField> fields_;
  int record_line_ = 0;
  std::uint64_t record_offset_ = 0;
  int open_quote_line_ = 0;  // of the quoted field being read; 0 when none
  int open_quote_column_ = 0;
  int end_line_ = 0;
  int end_column_ = 0;
  std::size_t record_bytes_ = 0;
};

}  // namespace ls::models
