// The JSON string escaper against RFC 8259, section 7: the two-character
// escapes it lists (\" \\ \b \f \n \r \t), \u00XX for the other control
// characters U+0000..U+001F, and DEL (0x7F) escaped too (allowed, and safer
// for terminals); every output must parse back to the input with an
// independent parser (nlohmann::json).
#include "models/json_string.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace {

std::string json_quoted(std::string_view text) {
  std::string out;
  ls::models::append_json_string(out, text);
  return out;
}

TEST(JsonString, ShortEscapesOfRfc8259) {
  EXPECT_EQ(json_quoted("\""), R"("\"")");
  EXPECT_EQ(json_quoted("\\"), R"("\\")");
  EXPECT_EQ(json_quoted("\b"), R"("\b")");
  EXPECT_EQ(json_quoted("\f"), R"("\f")");
  EXPECT_EQ(json_quoted("\n"), R"("\n")");
  EXPECT_EQ(json_quoted("\r"), R"("\r")");
  EXPECT_EQ(json_quoted("\t"), R"("\t")");
  EXPECT_EQ(json_quoted("/"), R"("/")");  // the solidus need not be escaped
}

TEST(JsonString, OtherControlCharactersAndDelAsUnicodeEscapes) {
  EXPECT_EQ(json_quoted(std::string(1, '\0')), R"("\u0000")");
  EXPECT_EQ(json_quoted("\x01"), R"("\u0001")");
  EXPECT_EQ(json_quoted("\x0b"), R"("\u000b")");  // vertical tab has no short form
  EXPECT_EQ(json_quoted("\x1f"), R"("\u001f")");
  EXPECT_EQ(json_quoted("\x7f"), R"("\u007f")");
  EXPECT_EQ(json_quoted(" ~"), R"(" ~")");                   // 0x20 and 0x7E are printable
  EXPECT_EQ(json_quoted("caf\xc3\xa9"), "\"caf\xc3\xa9\"");  // UTF-8 passes through
}

TEST(JsonString, EveryByteRoundTripsThroughAnIndependentParser) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all += static_cast<char>(c);
  all += "\xc3\xa9\xe2\x82\xac";  // é €: valid UTF-8 above 0x7F
  const std::string json = json_quoted(all);
  for (char c : json) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u >= 0x20 && u != 0x7F) << "raw control byte " << int(u) << " in output";
  }
  EXPECT_EQ(nlohmann::json::parse(json).get<std::string>(), all);
}

// json_string_size counts without writing: hand-counted lengths (quotes 2,
// a short escape 2, \u00XX 6, UTF-8 bytes 1 each), and for every byte value
// alone and among plain text the length of what append_json_string wrote.
TEST(JsonString, SizeIsTheLengthWritten) {
  using ls::models::json_string_size;
  EXPECT_EQ(json_string_size(""), 2u);
  EXPECT_EQ(json_string_size("abc"), 5u);
  EXPECT_EQ(json_string_size("a\"b\x01"), 12u);  // 2 + a + \" + b + \u0001
  EXPECT_EQ(json_string_size("\n\t\x7f"), 12u);  // 2 + \n + \t + \u007f
  EXPECT_EQ(json_string_size("caf\xc3\xa9"), 7u);
  for (int c = 0; c < 0x100; ++c) {
    const std::string alone(1, static_cast<char>(c));
    const std::string among = "ab" + alone + "cd" + alone;
    EXPECT_EQ(json_string_size(alone), json_quoted(alone).size()) << c;
    EXPECT_EQ(json_string_size(among), json_quoted(among).size()) << c;
  }
}

// Plain runs between escapes are copied whole: escapes at the start, the
// end, side by side, and none.
TEST(JsonString, PlainRunsBetweenEscapes) {
  EXPECT_EQ(json_quoted("\"ab\\\ncd\""), R"("\"ab\\\ncd\"")");
  EXPECT_EQ(json_quoted("plain text, no escapes"), "\"plain text, no escapes\"");
}

}  // namespace
