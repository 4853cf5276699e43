// The one JSON string escaper (RFC 8259, section 7): the report writer
// (tools/io/json_writer) and the resolved-scenario dump (models/config/
// scenario_doc) both use it. It lives here, below both layers, because the
// configuration readers may not include tools/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ls::models {

// Appends `text` as a quoted JSON string: `"` and `\` escaped, \b \f \n \r \t
// in their short forms, every other control character (U+0000 to U+001F)
// and DEL (0x7F) as \u00XX. Bytes from 0x80 up (UTF-8) pass through.
void append_json_string(std::string& out, std::string_view text);

// The number of bytes append_json_string appends for `text`, counted
// without writing them.
std::size_t json_string_size(std::string_view text);

}  // namespace ls::models
