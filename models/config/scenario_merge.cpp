// Merging the preset, the scenario file and --set arguments into one
// document. Done on the document, before anything is read, so that a value
// is validated the same way wherever it came from and the resolved document
// can be echoed as it is.
#include <algorithm>

#include "models/config/scenario_sections.hpp"

namespace ls::models::detail {
namespace {

// The key-table section of `key` inside `section`.
std::string child_section(const std::string& section, std::string_view key) {
  if (section == "functions") return "functions.<name>";
  return child_path(section, key);
}

// Sections and tables merge key by key; a Dist, a Variant (arrivals), a
// list or a scalar is one value and replaced whole, so that e.g. a file's
// keep_alive {dist: fixed, value: 10m} does not inherit the preset's
// min/max.
bool mergeable(const std::string& section) {
  if (section.empty() || section == "functions.<name>") return true;
  const auto dot = section.rfind('.');
  const std::string parent = dot == std::string::npos ? "" : section.substr(0, dot);
  const std::string key = dot == std::string::npos ? section : section.substr(dot + 1);
  const keys::KeySpec* spec = keys::find(parent, key);
  return spec != nullptr && (spec->type == keys::Type::Section || spec->type == keys::Type::Table);
}

struct Segment {
  std::string key;
  std::vector<std::size_t> indices;  // workloads[0] → key "workloads", {0}
};

std::vector<Segment> split_path(std::string_view path, const SourceLocation& where) {
  auto bad = [&] {
    return Error(where, std::string(path),
                 "malformed key path (write e.g. functions.api.memory_mb or "
                 "workloads[0].arrivals.rate)");
  };
  std::vector<Segment> out;
  std::size_t i = 0;
  while (true) {
    Segment s;
    while (i < path.size() && path[i] != '.' && path[i] != '[') s.key += path[i++];
    if (s.key.empty()) throw bad();
    while (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos || close == i + 1) throw bad();
      std::size_t index = 0;
      for (std::size_t j = i + 1; j < close; ++j) {
        if (path[j] < '0' || path[j] > '9' || index > 1'000'000) throw bad();
        index = index * 10 + static_cast<std::size_t>(path[j] - '0');
      }
      s.indices.push_back(index);
      i = close + 1;
    }
    out.push_back(std::move(s));
    if (i == path.size()) return out;
    if (path[i] != '.') throw bad();
    ++i;
  }
}

[[noreturn]] void no_such_function(const doc::Node& functions, const std::string& name,
                                   const std::string& path, const SourceLocation& where) {
  std::vector<std::string_view> names;
  for (const auto& e : functions.entries()) names.push_back(e.key);
  std::string message = "no function named '" + name + "'";
  if (auto guess = keys::closest(name, names); !guess.empty()) {
    message += "; did you mean '" + std::string(guess) + "'?";
  }
  throw Error(where, path, message + " (functions: " + keys::join(names) + ")");
}

}  // namespace

void merge_over(doc::Node& base, doc::Node&& over, const std::string& section) {
  // An empty section (`platform:` alone) adds nothing; an empty value
  // elsewhere unsets it (`--set functions.api.reserved_concurrency=`).
  if (base.is_map() && over.is_null() && mergeable(section)) return;
  if (!base.is_map() || !over.is_map() || !mergeable(section)) {
    base = std::move(over);
    return;
  }
  // Moved, not copied: `over` is the scenario file's document (100,000
  // functions are a million nodes) or a --set value, used once.
  for (auto& e : over.entries()) {
    if (doc::Node* existing = base.find(e.key)) {
      merge_over(*existing, std::move(e.value), child_section(section, e.key));
    } else {
      base.push_back(std::move(e));
    }
  }
}

void apply_set(doc::Node& root, const std::string& assignment, const SourceLocation& where) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) {
    throw Error(where, "", "expected key.path=value, got '" + assignment + "'");
  }
  const std::vector<Segment> segments =
      split_path(std::string_view(assignment).substr(0, eq), where);
  doc::Node value = doc::parse_value(assignment.substr(eq + 1), where);
  doc::Node* cur = &root;
  std::string section;
  std::string path;
  for (const auto& seg : segments) {
    if (cur->is_null()) {
      cur->make_map();
      cur->where = where;
    }
    if (!cur->is_map()) {
      throw Error(where, path,
                  "holds " + doc::describe(*cur) + ", not a mapping: set it whole, e.g. --set " +
                      path + "={...}");
    }
    const std::string parent_section = section;
    section = child_section(section, seg.key);
    path = child_path(path, seg.key);
    doc::Node* next = cur->find(seg.key);
    if (next == nullptr) {
      // A typo must not quietly add a function with default settings.
      if (parent_section == "functions") no_such_function(*cur, seg.key, path, where);
      cur->push_back(doc::Entry{seg.key, where, doc::Node{}});
      next = &cur->entries().back().value;
      next->where = where;
    }
    cur = next;
    for (std::size_t index : seg.indices) {
      if (!cur->is_list()) {
        throw Error(where, path, "holds " + doc::describe(*cur) + ", not a list");
      }
      if (index >= cur->items().size()) {
        throw Error(where, item_path(path, index),
                    "index out of range: " + path + " has " + std::to_string(cur->items().size()) +
                        (cur->items().size() == 1 ? " item" : " items"));
      }
      cur = &cur->items()[index];
      path = item_path(path, index);
      section += "[]";
    }
  }
  merge_over(*cur, std::move(value), section);
}

}  // namespace ls::models::detail
