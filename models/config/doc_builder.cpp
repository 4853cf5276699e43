#include "models/config/doc_builder.hpp"

#include <algorithm>
#include <bit>
#include <functional>
#include <iterator>
#include <string_view>

namespace ls::models::doc::detail {

// The tree is built from parser events rather than from a loaded document,
// so that an alias is counted before it is copied (a "billion laughs"
// document is refused at the alias that would pass the node limit, not
// after memory runs out), duplicate keys are found in constant time,
// nesting depth is checked as the parser descends, and a second document
// is refused at its start.
//
// The children waiting on items_ and entries_ are at most those of the open
// collections, in a scenario mostly the `functions` map or the `workloads`
// list, whose members each take a line or more of text. Reserved for one
// per 64 bytes of text, so that they need not grow by copying (100,000
// functions: 40 MB copied and faulted in); capacity never written costs
// only address space.
constexpr std::size_t kTextBytesPerChild = 64;

Builder::Builder(std::string_view text, std::string file, const SourceLocation& root_where)
    : text_(text), file_(intern_file_name(file)), root_where_(root_where) {
  items_.reserve(text.size() / kTextBytesPerChild);
  entries_.reserve(text.size() / kTextBytesPerChild);
}

// Marks are 0-based; ours are 1-based. A Null node of `key:` has no useful
// mark, so callers fall back to the key's.
Where Builder::location(const Mark& mark) const {
  if (mark.line < 0) return Where(file_, 0, 0);
  return Where(file_, static_cast<int>(mark.line + 1), static_cast<int>(mark.column + 1));
}

void Builder::document_start(const Mark& mark) {
  if (++documents_ > 1) {
    throw Error(location(mark), "",
                "a second YAML document (after ---): a file holds one document");
  }
}

void Builder::null(const Mark& mark, const std::string& anchor) {
  Node n;
  n.where = location(mark);
  check_depth(n.where);
  count_node(n.where);
  add(std::move(n), 1, anchor);
}

void Builder::alias(const Mark& mark, const std::string& anchor) {
  const Where where = location(mark);
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
  add(it->second.node, it->second.count, "");
}

void Builder::scalar(const Mark& mark, const std::string& anchor, bool quoted,
                     std::string_view value) {
  const Where where = location(mark);
  check_closed_quote(mark, where);
  Node n = Node::scalar(value, where, quoted);
  check_depth(n.where);
  count_node(n.where);
  add(std::move(n), 1, anchor);
}

void Builder::start(Node::Kind kind, const Mark& mark, const std::string& anchor) {
  Frame f;
  f.kind = kind;
  f.where = location(mark);
  check_depth(f.where);
  count_node(f.where);
  f.anchor = anchor;
  f.first = kind == Node::Kind::List ? items_.size() : entries_.size();
  stack_.push_back(std::move(f));
}

void Builder::finish() {
  Frame f = std::move(stack_.back());
  stack_.pop_back();
  const auto first = static_cast<std::ptrdiff_t>(f.first);
  Node n;
  if (f.kind == Node::Kind::List) {
    n = Node::list(items_.data() + f.first, f.children, f.where);
    items_.erase(items_.begin() + first, items_.end());
  } else {
    n = Node::map(entries_.data() + f.first, f.children, f.where);
    entries_.erase(entries_.begin() + first, entries_.end());
  }
  add(std::move(n), f.count, f.anchor);
}

// Each open collection adds its part to the path of what is inside it: a
// list the index of the item being read, a map the key whose value is.
std::string Builder::path_of(std::size_t depth) const {
  std::string path;
  for (std::size_t i = 0; i < depth; ++i) {
    const Frame& f = stack_[i];
    if (f.kind == Node::Kind::List) {
      path += '[';  // += only: GCC 12 warns falsely (-Wrestrict) on "[" + std::string
      path += std::to_string(f.children);
      path += ']';
    } else if (f.have_key) {
      if (!path.empty()) path += '.';
      path += f.key.text();
    }
  }
  return path;
}

// The path of the node about to be added (a list item or a map value).
std::string Builder::child_path() const { return path_of(stack_.size()); }

void Builder::check_depth(const Where& where) const {
  if (stack_.size() > kMaxDepth) {
    throw Error(
        where, child_path(),
        "the document nests deeper than " + std::to_string(kMaxDepth) + " levels (docs/limits.md)");
  }
}

// yaml-cpp takes a quoted scalar that is never closed to run to the end of
// the file; the user meant a closing quote. (libyaml reports it as an
// error, and the file is then read again with yaml-cpp for the message.)
void Builder::check_closed_quote(const Mark& mark, const Where& where) const {
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

void Builder::count_node(const Where& where) {
  if (++nodes_ > kMaxNodes) {
    throw Error(
        where, child_path(),
        "the document has more than " + std::to_string(kMaxNodes) + " nodes (docs/limits.md)");
  }
}

// The entry of map `f` named `key`: a scan while the map is small (most
// have a handful of keys), a hash table of entry indices once it is large
// (`functions`), so that no key is copied for the check.
const Entry* Builder::find_or_reserve_key(Frame& f, std::string_view key) {
  constexpr std::size_t kScanned = 16;
  const Entry* entries = entries_.data() + f.first;
  if (f.children < kScanned) {
    for (std::size_t i = 0; i < f.children; ++i) {
      if (entries[i].key == key) return &entries[i];
    }
    return nullptr;
  }
  const std::hash<std::string_view> hash;
  auto& slots = f.key_slots;
  if (4 * (f.children + 1) > 2 * slots.size()) {  // at most half full
    slots.assign(std::max<std::size_t>(64, std::bit_ceil(4 * (f.children + 1))), 0);
    for (std::size_t i = 0; i < f.children; ++i) {
      std::size_t h = hash(entries[i].key) & (slots.size() - 1);
      while (slots[h] != 0) h = (h + 1) & (slots.size() - 1);
      slots[h] = static_cast<std::uint32_t>(i + 1);
    }
  }
  std::size_t h = hash(key) & (slots.size() - 1);
  for (; slots[h] != 0; h = (h + 1) & (slots.size() - 1)) {
    if (entries[slots[h] - 1].key == key) return &entries[slots[h] - 1];
  }
  slots[h] = static_cast<std::uint32_t>(f.children + 1);  // the entry this key starts
  return nullptr;
}

// A complete node of `count` nodes (already counted in nodes_) joins its
// parent or becomes the root.
void Builder::add(Node n, std::size_t count, const std::string& anchor) {
  if (!anchor.empty()) anchors_[anchor] = Anchored{n, count};
  if (stack_.empty()) {
    if (n.where.line == 0 || n.is_null()) n.where = root_where_;
    root_ = std::move(n);
    has_root_ = true;
    return;
  }
  Frame& f = stack_.back();
  f.count += count;
  if (f.kind == Node::Kind::List) {
    if (n.where.line == 0 || n.is_null()) n.where = f.where;
    items_.push_back(std::move(n));
    ++f.children;
    return;
  }
  if (!f.have_key) {
    if (!n.is_scalar()) {
      throw Error(n.where, path_of(stack_.size() - 1),
                  "a key must be a plain name, not a list or mapping");
    }
    if (const Entry* first = find_or_reserve_key(f, n.text())) {
      const std::string map_path = path_of(stack_.size() - 1);
      throw Error(n.where, map_path.empty() ? n.text().str() : map_path + "." + n.text(),
                  "duplicate key (first set on line " + std::to_string(first->where.line) + ")");
    }
    f.key = std::move(n);
    f.have_key = true;
    return;
  }
  if (n.where.line == 0 || n.is_null()) n.where = f.key.where;
  entries_.push_back(Entry(std::move(f.key), std::move(n)));
  ++f.children;
  f.have_key = false;
}

}  // namespace ls::models::doc::detail
