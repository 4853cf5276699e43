// A scenario document as parsed YAML: a small tree of maps, lists and
// scalars in which every node remembers the file, line and column it came
// from. Internal to the scenario loader.
//
// Why not keep yaml-cpp nodes: the loader merges three sources (a preset
// file, the scenario file, --set arguments) into one document before reading
// it, and an error must still name the source of the offending node; a
// yaml-cpp mark has no file name. Maps also keep their keys in document
// order, which makes the resolved-scenario JSON deterministic. yaml-cpp
// stays inside scenario_doc.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "models/config/tree_memory.hpp"
#include "models/error.hpp"

namespace ls::models::doc {

struct Entry;

// Where a node came from: a SourceLocation whose file name is shared by
// every node of a document rather than copied into each (a million nodes
// at 100,000 functions: a heap string apiece was a fifth of loading).
// Converts to and from SourceLocation, so errors take it as they are.
struct Where {
  const std::string* interned_file = nullptr;  // intern_file_name; nullptr: ""
  int line = 0;                                // 1-based; 0 when unknown
  int column = 0;                              // 1-based; 0 when unknown

  Where() = default;
  Where(const std::string* interned, int line_, int column_)
      : interned_file(interned), line(line_), column(column_) {}
  Where(const SourceLocation& at);  // NOLINT(google-explicit-constructor): interns at.file
  operator SourceLocation() const { return SourceLocation{file(), line, column}; }  // NOLINT
  const std::string& file() const;
};

// The one copy of `file` for Where: kept for the life of the process (a
// process reads a handful of distinct files). Thread-safe.
const std::string* intern_file_name(const std::string& file);

struct Node {
  enum class Kind { Null, Scalar, List, Map };
  Kind kind = Kind::Null;
  bool quoted = false;  // Scalar written in quotes (or tagged): always a string
  std::string text;     // Scalar
  // From the load's arena (tree_memory.hpp) while one is open.
  std::vector<Node, TreeAllocator<Node>> items;      // List
  std::vector<Entry, TreeAllocator<Entry>> entries;  // Map, in document order, keys unique
  Where where;

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_list() const { return kind == Kind::List; }
  bool is_map() const { return kind == Kind::Map; }
  const Node* find(std::string_view key) const;  // Map entry, or nullptr
  Node* find(std::string_view key);
};

struct Entry {
  std::string key;
  Where where;  // of the key
  Node value;
};

// Limits of every configuration document (docs/limits.md): nodes after
// aliases are expanded (a 100,000-function scenario has about 1.2 million;
// each node takes about 150 bytes) and nesting depth (a scenario needs 8).
inline constexpr std::size_t kMaxNodes = 5'000'000;
// Nodes that aliases may copy in one document: far more than any sharing of
// a distribution needs, far less than a "billion laughs" expands to.
inline constexpr std::size_t kMaxAliasNodes = 100'000;
inline constexpr std::size_t kMaxDepth = 64;

// Parses a YAML document; `file` names it in locations and errors. Malformed
// YAML, invalid UTF-8, a second document, duplicate keys, keys that are not
// plain scalars, an unclosed quote and documents beyond the limits above
// throw ls::Error. An empty document is a Null node.
Node parse_yaml(const std::string& text, const std::string& file);

// Parses a command-line value (a YAML scalar or flow collection); every node
// is located at `where`.
Node parse_value(const std::string& text, const SourceLocation& where);

// Compact JSON: keys in document order; unquoted scalars that are JSON
// numbers, true, false or null stay bare, everything else is a string.
std::string to_json(const Node& node);

// A short description for messages: the scalar text, "a mapping", "a list",
// "nothing".
std::string describe(const Node& node);

}  // namespace ls::models::doc
