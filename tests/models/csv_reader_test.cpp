// CsvReader against the examples of RFC 4180 section 2
// (https://www.rfc-editor.org/rfc/rfc4180#section-2): the expected fields are
// the RFC's own reading of each example, written out by hand here.
#include "models/config/csv_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/error_text.hpp"

namespace ls::models {
namespace {

using Records = std::vector<std::vector<std::string>>;

Records read_all(const std::string& text, std::size_t max_record_bytes = 1 << 20) {
  std::istringstream in(text);
  CsvReader reader(in, "t.csv", "", max_record_bytes);
  Records out;
  while (reader.next()) {
    auto& record = out.emplace_back();
    for (const auto& f : reader.fields()) record.emplace_back(f.text);
  }
  return out;
}

// The message of the Error reading `text` throws ("" if none).
std::string error_of(const std::string& text, std::size_t max_record_bytes = 1 << 20) {
  return ls::testing::error_text([&] { read_all(text, max_record_bytes); }, "");
}

// Rule 1: records separated by CRLF.
TEST(CsvReaderRfc4180, Rule1RecordsOnSeparateLines) {
  EXPECT_EQ(read_all("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n"),
            (Records{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
}

// Rule 2: the last record may lack a line break.
TEST(CsvReaderRfc4180, Rule2LastRecordWithoutLineBreak) {
  EXPECT_EQ(read_all("aaa,bbb,ccc\r\nzzz,yyy,xxx"),
            (Records{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
}

// Rule 3: an optional header line, read like any record.
TEST(CsvReaderRfc4180, Rule3HeaderIsARecord) {
  EXPECT_EQ(read_all("field_name,field_name,field_name\r\naaa,bbb,ccc\r\nzzz,yyy,xxx\r\n"),
            (Records{{"field_name", "field_name", "field_name"},
                     {"aaa", "bbb", "ccc"},
                     {"zzz", "yyy", "xxx"}}));
}

// Rule 4: "the last field in the record must not be followed by a comma":
// a trailing comma therefore means one more, empty field.
TEST(CsvReaderRfc4180, Rule4TrailingCommaIsAnEmptyField) {
  EXPECT_EQ(read_all("aaa,,ccc,\r\n"), (Records{{"aaa", "", "ccc", ""}}));
}

// Rule 4 also says spaces are part of a field; we differ on purpose and
// drop blanks around a field (csv_reader.hpp says why). Inside quotes they stay.
TEST(CsvReaderRfc4180, Rule4BlanksAroundAFieldAreDropped) {
  EXPECT_EQ(read_all(" 1 ,\t2\t, \" x \" \n"), (Records{{"1", "2", " x "}}));
}

// Rule 5: fields may be enclosed in double quotes.
TEST(CsvReaderRfc4180, Rule5QuotedFields) {
  EXPECT_EQ(read_all("\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx"),
            (Records{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
}

// Rule 6: quoted fields hold line breaks, quotes and commas.
TEST(CsvReaderRfc4180, Rule6LineBreaksAndCommasInQuotes) {
  EXPECT_EQ(read_all("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx"),
            (Records{{"aaa", "b\r\nbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
  EXPECT_EQ(read_all("id,ts\n\"r,2\",5\n"), (Records{{"id", "ts"}, {"r,2", "5"}}));
}

// Rule 7: a quote inside a quoted field is written twice.
TEST(CsvReaderRfc4180, Rule7DoubledQuote) {
  EXPECT_EQ(read_all("\"aaa\",\"b\"\"bb\",\"ccc\""), (Records{{"aaa", "b\"bb", "ccc"}}));
  EXPECT_EQ(read_all("\"\"\"\",\"\"\n"), (Records{{"\"", ""}}));
}

TEST(CsvReader, LoneLfAndCrEndRecordsAndAByteOrderMarkIsSkipped) {
  EXPECT_EQ(read_all("\xEF\xBB\xBF"
                     "a,b\nc,d\re,f"),
            (Records{{"a", "b"}, {"c", "d"}, {"e", "f"}}));
}

TEST(CsvReader, BlankLinesAreBlankRecordsAndAnEmptyInputHasNone) {
  std::istringstream in("a\n\n  \n\"\"\n");
  CsvReader reader(in, "t.csv");
  std::vector<bool> blank;
  while (reader.next()) blank.push_back(reader.blank());
  EXPECT_EQ(blank, (std::vector<bool>{false, true, true, false}));  // "" is a quoted empty field
  EXPECT_TRUE(read_all("").empty());
}

TEST(CsvReader, FieldsKnowTheirLineAndColumn) {
  // Line 2 holds a field spanning lines 2-3; the next record starts on line 4.
  std::istringstream in("\xEF\xBB\xBFid,ts\n  \"a\nb\",7\r\nx,  8\n");
  CsvReader reader(in, "t.csv");
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(reader.fields()[1].column, 4);
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(reader.line(), 2);
  EXPECT_EQ(reader.fields()[0].line, 2);
  EXPECT_EQ(reader.fields()[0].column, 3);  // the opening quote
  EXPECT_TRUE(reader.fields()[0].quoted);
  EXPECT_EQ(reader.fields()[1].line, 3);
  EXPECT_EQ(reader.fields()[1].column, 4);
  EXPECT_EQ(reader.end_of_record().line, 3);
  EXPECT_EQ(reader.end_of_record().column, 5);
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(reader.line(), 4);
  EXPECT_EQ(reader.fields()[1].column, 5);
  EXPECT_FALSE(reader.next());
}

TEST(CsvReader, RecordsLongerThanAReadChunkAndCrlfAcrossChunks) {
  // 64 KiB chunks: a CR as the chunk's last byte and its LF in the next must
  // still be one line break.
  const std::string big(65535, 'x');
  const Records r = read_all(big + "\r\n\"" + std::string(70000, 'y') + "\",z\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0][0], big);
  EXPECT_EQ(r[1][0].size(), 70000u);
  EXPECT_EQ(r[1][1], "z");
  std::istringstream in(big + "\r\nq\n");
  CsvReader reader(in, "t.csv");
  ASSERT_TRUE(reader.next());
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(reader.line(), 2);
}

TEST(CsvReader, MalformedInputIsLocated) {
  EXPECT_EQ(error_of("a,b\n\"open,1\n2,3\n"),
            "t.csv:2:1: a quoted field opened here is still open at the end of the file; is its "
            "closing quote missing?");
  EXPECT_EQ(error_of("a,\"b\"c\n"),
            "t.csv:1:6: text after the closing quote of the field at column 3; expected a comma "
            "or the end of the line (write a quote inside a quoted field twice: \"\")");
  EXPECT_EQ(error_of("a,b\"c\n"),
            "t.csv:1:4: a quote inside an unquoted field; put the whole field in quotes and "
            "write this quote twice (\"\")");
}

TEST(CsvReader, ARecordBeyondTheLimitStopsEarly) {
  EXPECT_EQ(error_of("ok\n" + std::string(100, 'x') + "\n", 64),
            "t.csv:2:1: record longer than 64 bytes (the limit)");
  EXPECT_EQ(error_of("ok\nx,\"" + std::string(100, 'x'), 64),
            "t.csv:2:3: this quoted field is still open after 64 bytes (the limit for one "
            "record); is its closing quote missing?");
  EXPECT_EQ(read_all(std::string(64, 'x') + "\n", 65).size(), 1u);  // the LF counts
}

TEST(CsvReader, CommentLinesAreSkippedOnlyWhenAsked) {
  const std::string text = "# a \"note\", here\r\n  #x\na,b\n\"#q\",c\n";
  std::istringstream in(text);
  CsvReader reader(in, "t.csv");
  reader.skip_comment_lines('#');
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(reader.line(), 3);
  EXPECT_EQ(reader.fields()[1].text, "b");
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(reader.fields()[0].text, "#q");  // quoted: data, not a comment
  EXPECT_FALSE(reader.next());
  EXPECT_EQ(error_of(text),
            "t.csv:1:5: a quote inside an unquoted field; put the whole field "
            "in quotes and write this quote twice (\"\")");
}

TEST(CsvReader, ErrorsNameTheScenarioKey) {
  std::istringstream in("\"");
  CsvReader reader(in, "t.csv", "workloads[0].arrivals.file");
  try {
    reader.next();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 1);
    EXPECT_EQ(e.key_path(), "workloads[0].arrivals.file");
  }
}

}  // namespace
}  // namespace ls::models
