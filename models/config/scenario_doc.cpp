#include "models/config/scenario_doc.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "models/json_string.hpp"

namespace ls::models::doc {
namespace {

// yaml-cpp marks are 0-based; ours are 1-based. A Null node of `key:` has no
// useful mark, so callers fall back to the key's.
SourceLocation location(const YAML::Mark& mark, const std::string& file) {
  if (mark.line < 0) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

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

// Builds the tree from yaml-cpp's parser events rather than from a loaded
// YAML::Node, so that an alias is counted before it is copied (a "billion
// laughs" document is refused at the alias that would pass the node limit,
// not after memory runs out), duplicate keys are found in constant time,
// nesting depth is checked as the parser descends, and a second document
// is refused at its start.
class Builder : public YAML::EventHandler {
 public:
  Builder(std::string_view text, std::string file, const SourceLocation& root_where)
      : text_(text), file_(std::move(file)), root_where_(root_where) {}

  Node take_root() { return std::move(root_); }
  bool has_root() const { return has_root_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) {
      throw Error(location(mark, file_), "",
                  "a second YAML document (after ---): a file holds one document");
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    n.where = location(mark, file_);
    check_depth(n.where);
    count_node(n.where);
    add(std::move(n), 1, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const SourceLocation where = location(mark, file_);
    check_depth(where);
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw Error(where, child_path(),
                  "an alias inside the node it names (a node cannot hold itself)");
    }
    // Counted before it is copied: the copy is what would exhaust memory.
    if (it->second.count > kMaxAliasNodes - alias_nodes_) {
      throw Error(where, child_path(),
                  "YAML aliases expand to more than " + std::to_string(kMaxAliasNodes) +
                      " nodes in this document (docs/limits.md)");
    }
    alias_nodes_ += it->second.count;
    nodes_ += it->second.count;
    add(it->second.node, it->second.count, 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n;
    n.kind = Node::Kind::Scalar;
    n.where = location(mark, file_);
    check_closed_quote(mark, n.where);
    n.text = value;
    // "?" is yaml-cpp's tag for a plain scalar; quoted ones get "!" and
    // explicitly tagged ones their tag: all of those stay strings.
    n.quoted = tag != "?";
    check_depth(n.where);
    count_node(n.where);
    add(std::move(n), 1, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    start(Node::Kind::List, mark, anchor);
  }
  void OnSequenceEnd() override { finish(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    start(Node::Kind::Map, mark, anchor);
  }
  void OnMapEnd() override { finish(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    std::size_t count = 1;  // nodes in the subtree, this one included
    std::string path;       // of this node, for messages ("functions.api")
    bool have_key = false;  // a map's key read, its value not yet
    std::string key;
    SourceLocation key_where;
    std::unordered_set<std::string> keys;
  };
  struct Anchored {
    Node node;
    std::size_t count = 0;
  };

  // The path of the node about to be added (a list item or a map value).
  std::string child_path() const {
    if (stack_.empty()) return "";
    const Frame& f = stack_.back();
    if (f.node.is_list()) return f.path + "[" + std::to_string(f.node.items.size()) + "]";
    if (f.have_key) return f.path.empty() ? f.key : f.path + "." + f.key;
    return f.path;
  }

  void check_depth(const SourceLocation& where) const {
    if (stack_.size() > kMaxDepth) {
      throw Error(where, child_path(),
                  "the document nests deeper than " + std::to_string(kMaxDepth) +
                      " levels (docs/limits.md)");
    }
  }

  // yaml-cpp takes a quoted scalar that is never closed to run to the end
  // of the file; the user meant a closing quote.
  void check_closed_quote(const YAML::Mark& mark, const SourceLocation& where) const {
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) return;
    const char quote = text_[static_cast<std::size_t>(mark.pos)];
    if (quote != '"' && quote != '\'') return;
    for (std::size_t i = static_cast<std::size_t>(mark.pos) + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' inside single quotes is a quote
          continue;
        }
        return;
      }
    }
    throw Error(where, child_path(),
                std::string("unclosed quote: the string that starts here with ") + quote +
                    " runs to the end of the file");
  }

  void start(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    Frame f;
    f.node.kind = kind;
    f.node.where = location(mark, file_);
    check_depth(f.node.where);
    count_node(f.node.where);
    f.anchor = anchor;
    f.path = child_path();
    stack_.push_back(std::move(f));
  }

  void finish() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    add(std::move(f.node), f.count, f.anchor);
  }

  void count_node(const SourceLocation& where) {
    if (++nodes_ > kMaxNodes) {
      throw Error(
          where, child_path(),
          "the document has more than " + std::to_string(kMaxNodes) + " nodes (docs/limits.md)");
    }
  }

  // Whether map `f` already has `key`: a scan while it is small (most maps
  // have a handful of keys), a hash set once it is large (`functions`).
  static bool is_duplicate(Frame& f, const std::string& key) {
    constexpr std::size_t kScanned = 16;
    const auto& entries = f.node.entries;
    if (entries.size() < kScanned) {
      return std::any_of(entries.begin(), entries.end(),
                         [&](const Entry& e) { return e.key == key; });
    }
    if (f.keys.empty()) {
      for (const auto& e : entries) f.keys.insert(e.key);
    }
    return !f.keys.insert(key).second;
  }

  // A complete node of `count` nodes (already counted in nodes_) joins its
  // parent or becomes the root.
  void add(Node n, std::size_t count, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = Anchored{n, count};
    if (stack_.empty()) {
      if (n.where.line == 0 || n.is_null()) n.where = root_where_;
      root_ = std::move(n);
      has_root_ = true;
      return;
    }
    Frame& f = stack_.back();
    f.count += count;
    if (f.node.is_list()) {
      if (n.where.line == 0 || n.is_null()) n.where = f.node.where;
      f.node.items.push_back(std::move(n));
      return;
    }
    if (!f.have_key) {
      if (!n.is_scalar()) {
        throw Error(n.where, f.path, "a key must be a plain name, not a list or mapping");
      }
      if (is_duplicate(f, n.text)) {
        for (const auto& e : f.node.entries) {
          if (e.key == n.text) {
            throw Error(n.where, f.path.empty() ? n.text : f.path + "." + n.text,
                        "duplicate key (first set on line " + std::to_string(e.where.line) + ")");
          }
        }
      }
      f.key = std::move(n.text);
      f.key_where = n.where;
      f.have_key = true;
      return;
    }
    if (n.where.line == 0 || n.is_null()) n.where = f.key_where;
    f.node.entries.push_back(Entry{std::move(f.key), f.key_where, std::move(n)});
    f.have_key = false;
  }

  std::string_view text_;
  std::string file_;
  SourceLocation root_where_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::size_t nodes_ = 0;        // in the tree, copies of aliased nodes included
  std::size_t alias_nodes_ = 0;  // copied for aliases
  int documents_ = 0;
  Node root_;
  bool has_root_ = false;
};

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
  std::istringstream in(text);
  Builder builder(text, file, root_where);
  YAML::Parser parser(in);
  while (parser.HandleNextDocument(builder)) {
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
  try {
    return build(text, file, SourceLocation{file, 1, 1}, "file");
  } catch (const YAML::ParserException& e) {
    throw Error(location(e.mark, file), "", "malformed YAML: " + e.msg);
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
