#include "models/config/scenario_doc.hpp"

#include <yaml-cpp/exceptions.h>

#include <algorithm>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include "models/config/yaml_events.hpp"
#include "models/json_string.hpp"

namespace ls::models::doc {
namespace {

// The first byte of `text` that is not part of valid UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF included), or npos.
std::size_t invalid_utf8_at(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2, min = 0x80, code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, min = 0x800, code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, min = 0x10000, code = c & 0x07;
    } else {
      return i;
    }
    if (i + len > text.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      code = (code << 6) | (cc & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

// Parses `text` with the Builder. `where` locates errors that have no
// position of their own (invalid UTF-8 in a command-line value).
Node build(const std::string& text, const std::string& file, const SourceLocation& root_where,
           const std::string& what) {
  if (const std::size_t bad = invalid_utf8_at(text); bad != std::string_view::npos) {
    SourceLocation at = root_where;
    if (at.line > 0) {  // a file: the line and column of the byte
      at.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + bad, '\n'));
      const std::size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
      at.column = static_cast<int>(
                      bad - (line_start == std::string::npos || bad == 0 ? 0 : line_start + 1)) +
                  1;
    }
    throw Error(at, "",
                "invalid UTF-8 at byte offset " + std::to_string(bad) + " of the " + what +
                    " (text must be UTF-8)");
  }
  // libyaml builds the tree; a file it cannot read whole is read again by
  // yaml-cpp, whose message (or the builder's, at yaml-cpp's marks) is the
  // one users have always seen. Only when yaml-cpp accepts what libyaml
  // refused is libyaml's own message given.
  detail::Builder builder(text, file, root_where);
  if (auto problem = detail::read_with_libyaml(text, file, builder)) {
    detail::Builder again(text, file, root_where);
    detail::read_with_yaml_cpp(text, again);
    throw *problem;
  }
  if (!builder.has_root()) {
    Node empty;
    empty.where = root_where;
    return empty;
  }
  return builder.take_root();
}

void relocate(Node& node, const SourceLocation& where) {
  node.where = where;
  for (auto& item : node.items) relocate(item, where);
  for (auto& e : node.entries) {
    e.where = where;
    relocate(e.value, where);
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i - start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

bool is_bare_json(const Node& scalar) {
  return !scalar.quoted && (is_json_number(scalar.text) || scalar.text == "true" ||
                            scalar.text == "false" || scalar.text == "null");
}

// The length of append_json's text, so that to_json allocates it once: at
// 100,000 functions it is 20 MB, and grown by doubling, its last copy held
// 16 MB more at the peak of loading. `scratch`: unused (strings are counted
// by json_string_size, not escaped into it).
std::size_t json_size(const Node& node, std::string& scratch) {
  const auto quoted_size = [](std::string_view text) { return json_string_size(text); };
  switch (node.kind) {
    case Node::Kind::Null: return 4;
    case Node::Kind::Scalar: return is_bare_json(node) ? node.text.size() : quoted_size(node.text);
    case Node::Kind::List: {
      std::size_t n = 2 + (node.items.empty() ? 0 : node.items.size() - 1);
      for (const auto& item : node.items) n += json_size(item, scratch);
      return n;
    }
    case Node::Kind::Map: {
      std::size_t n = 2 + (node.entries.empty() ? 0 : node.entries.size() - 1);
      for (const auto& e : node.entries) n += quoted_size(e.key) + 1 + json_size(e.value, scratch);
      return n;
    }
  }
  return 0;
}

void append_json(std::string& out, const Node& node) {
  switch (node.kind) {
    case Node::Kind::Null: out += "null"; break;
    case Node::Kind::Scalar:
      if (is_bare_json(node)) {
        out += node.text;
      } else {
        append_json_string(out, node.text);
      }
      break;
    case Node::Kind::List:
      out += '[';
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        if (i > 0) out += ',';
        append_json(out, node.items[i]);
      }
      out += ']';
      break;
    case Node::Kind::Map:
      out += '{';
      for (std::size_t i = 0; i < node.entries.size(); ++i) {
        if (i > 0) out += ',';
        append_json_string(out, node.entries[i].key);
        out += ':';
        append_json(out, node.entries[i].value);
      }
      out += '}';
      break;
  }
}

}  // namespace

const std::string* intern_file_name(const std::string& file) {
  static std::mutex mutex;
  static std::unordered_set<std::string> names;  // elements never move
  const std::lock_guard<std::mutex> lock(mutex);
  return &*names.insert(file).first;
}

Where::Where(const SourceLocation& at)
    : interned_file(at.file.empty() ? nullptr : intern_file_name(at.file)),
      line(at.line),
      column(at.column) {}

const std::string& Where::file() const {
  static const std::string none;
  return interned_file != nullptr ? *interned_file : none;
}

const Node* Node::find(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Node* Node::find(std::string_view key) {
  for (auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Node parse_yaml(const std::string& text, const std::string& file) {
  try {
    return build(text, file, SourceLocation{file, 1, 1}, "file");
  } catch (const YAML::ParserException& e) {
    const SourceLocation at = e.mark.line < 0
                                  ? SourceLocation{file, 0, 0}
                                  : SourceLocation{file, e.mark.line + 1, e.mark.column + 1};
    throw Error(at, "", "malformed YAML: " + e.msg);
  }
}

Node parse_value(const std::string& text, const SourceLocation& where) {
  Node node;
  try {
    node = build(text, where.file, where, "value");
  } catch (const YAML::ParserException& e) {
    throw Error(where, "", "malformed value '" + text + "': " + e.msg);
  } catch (const Error& e) {  // located in the value's text: name the option instead
    throw Error(where, e.key_path(), e.message());
  }
  relocate(node, where);
  return node;
}

std::string to_json(const Node& node) {
  std::string out;
  std::string scratch;
  out.reserve(json_size(node, scratch));
  advise_huge_pages(out.data(), out.capacity());
  append_json(out, node);
  return out;
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case Node::Kind::Null: return "nothing";
    case Node::Kind::Scalar: return node.text;
    case Node::Kind::List: return node.items.empty() ? "an empty list" : "a list";
    case Node::Kind::Map: return node.entries.empty() ? "an empty mapping" : "a mapping";
  }
  return "";
}

}  // namespace ls::models::doc
