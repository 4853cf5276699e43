#include "models/json_string.hpp"

#include <cstdio>

namespace ls::models {
namespace {

// Whether byte `c` is written escaped: `"`, `\`, control characters, DEL.
bool json_escaped_byte(unsigned char c) { return c == '"' || c == '\\' || c < 0x20 || c == 0x7F; }

// The escape of a byte json_escaped_byte says yes to: a short form, or \u00XX.
void append_json_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default: {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    }
  }
}

// The length of that escape.
std::size_t json_escape_length(unsigned char c) {
  switch (c) {
    case '"':
    case '\\':
    case '\n':
    case '\r':
    case '\t':
    case '\b':
    case '\f': return 2;
    default: return 6;  // \u00XX
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  // The bytes between escapes are appended a run at a time (issue #20: a
  // fleet's resolved scenario is tens of MB of mostly plain text).
  std::size_t plain = 0;  // where the run of plain bytes started
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!json_escaped_byte(c)) continue;  // UTF-8 passes through unchanged
    out.append(text.data() + plain, i - plain);
    append_json_escape(out, c);
    plain = i + 1;
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

std::size_t json_string_size(std::string_view text) {
  std::size_t n = 2 + text.size();
  for (const char b : text) {
    const auto c = static_cast<unsigned char>(b);
    if (json_escaped_byte(c)) n += json_escape_length(c) - 1;
  }
  return n;
}

}  // namespace ls::models
