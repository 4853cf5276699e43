// The path of a report metric ({"functions", "api", "latency_ms", "p99"}) in
// 8 bytes. A report holds ~110 metrics per function, and as a vector of
// strings each path cost ~180 bytes: most of the memory of an idle function
// at fleet scale (issue #20). Here a path is its parent (a node of a
// process-wide trie of path prefixes: "functions" → "api" → "latency_ms")
// and its last part; every part is interned once. A function adds its name
// and its ~10 prefixes to the tables (about half a KB), not ~110 vectors.
//
// The tables only grow (a sweep's points share their names) and are safe to
// use from several threads: interning takes a lock; reading a part needs
// none, because parts and nodes never move once added, and a path is only
// read by a thread that got it after it was made.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace ls::tools {

class MetricPath {
 public:
  MetricPath() = default;  // the empty path
  MetricPath(std::initializer_list<std::string_view> parts);
  MetricPath(const std::vector<std::string>& parts);  // NOLINT: converts, as the vector did
  // `prefix` followed by `tail`.
  MetricPath(const MetricPath& prefix, std::initializer_list<std::string_view> tail);

  std::size_t size() const;
  bool empty() const { return leaf_ == kNone; }
  const std::string& operator[](std::size_t i) const;
  const std::string& back() const;
  std::vector<std::string> parts() const;
  // Whether the parts joined with dots read `dotted` (the empty path reads
  // as ""), without building the joined text: one walk from the last part.
  bool reads_as(std::string_view dotted) const;

  bool operator==(const MetricPath& other) const = default;
  // A number that identifies the path (equal paths, equal numbers): for hashing.
  std::uint64_t key() const { return (std::uint64_t{parent_} << 32) | leaf_; }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;  // also the root node (no parent)
  std::uint32_t parent_ = kNone;                       // trie node of all parts but the last
  std::uint32_t leaf_ = kNone;                         // interned last part
};

}  // namespace ls::tools
