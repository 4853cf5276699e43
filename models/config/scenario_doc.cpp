#include "models/config/scenario_doc.hpp"

#include <yaml-cpp/yaml.h>

#include "models/json_string.hpp"

namespace ls::models::doc {
namespace {

// yaml-cpp marks are 0-based; ours are 1-based. A Null node of `key:` has no
// useful mark, so callers fall back to the key's.
SourceLocation location(const YAML::Mark& mark, const std::string& file) {
  if (mark.line < 0) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

// Deep documents are refused rather than recursed into without bound.
constexpr int kMaxDepth = 64;

// `path` is the key path of `in` ("functions.api"), for error messages.
Node convert(const YAML::Node& in, const std::string& file, const SourceLocation& fallback,
             const std::string& path, int depth) {
  Node out;
  out.where = location(in.Mark(), file);
  if (out.where.line == 0 || in.IsNull()) out.where = fallback;
  if (depth > kMaxDepth) throw Error(out.where, "", "the document nests too deeply");
  switch (in.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: out.kind = Node::Kind::Null; break;
    case YAML::NodeType::Scalar:
      out.kind = Node::Kind::Scalar;
      out.text = in.Scalar();
      // "?" is yaml-cpp's tag for a plain scalar; quoted ones get "!" and
      // explicitly tagged ones their tag: all of those stay strings.
      out.quoted = in.Tag() != "?";
      break;
    case YAML::NodeType::Sequence:
      out.kind = Node::Kind::List;
      for (const auto& item : in) {
        const std::string item_path = path + "[" + std::to_string(out.items.size()) + "]";
        out.items.push_back(convert(item, file, out.where, item_path, depth + 1));
      }
      break;
    case YAML::NodeType::Map:
      out.kind = Node::Kind::Map;
      for (auto it = in.begin(); it != in.end(); ++it) {
        const SourceLocation key_where = location(it->first.Mark(), file);
        if (!it->first.IsScalar()) {
          throw Error(key_where, path, "a key must be a plain name, not a list or mapping");
        }
        const std::string key = it->first.Scalar();
        const std::string key_path = path.empty() ? key : path + "." + key;
        for (const auto& e : out.entries) {
          if (e.key == key) {
            throw Error(key_where, key_path,
                        "duplicate key (first set on line " + std::to_string(e.where.line) + ")");
          }
        }
        out.entries.push_back(
            Entry{key, key_where, convert(it->second, file, key_where, key_path, depth + 1)});
      }
      break;
  }
  return out;
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

void append_json(std::string& out, const Node& node) {
  switch (node.kind) {
    case Node::Kind::Null: out += "null"; break;
    case Node::Kind::Scalar:
      if (!node.quoted && (is_json_number(node.text) || node.text == "true" ||
                           node.text == "false" || node.text == "null")) {
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
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw Error(location(e.mark, file), "", "malformed YAML: " + e.msg);
  }
  return convert(root, file, SourceLocation{file, 1, 1}, "", 0);
}

Node parse_value(const std::string& text, const SourceLocation& where) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw Error(where, "", "malformed value '" + text + "': " + e.msg);
  }
  Node node = convert(root, where.file, where, "", 0);
  relocate(node, where);
  return node;
}

std::string to_json(const Node& node) {
  std::string out;
  append_json(out, node);
  return out;
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case Node::Kind::Null: return "nothing";
    case Node::Kind::Scalar: return node.text;
    case Node::Kind::List: return "a list";
    case Node::Kind::Map: return "a mapping";
  }
  return "";
}

}  // namespace ls::models::doc
