#include "tools/study/metric_path.hpp"

#include <array>
#include <bit>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace ls::tools {
namespace {

// Append-only storage whose elements never move, so that reading needs no
// lock: chunk k holds 1,024 * 2^k elements (the first 1,024, the next
// 2,048, ...), found through 32 chunk pointers.
template <class T>
class StableTable {
 public:
  const T& operator[](std::uint32_t i) const {
    const Place p = place(i);
    return chunks_[p.chunk][p.offset];
  }
  // Caller holds the tables' lock.
  std::uint32_t push(T value) {
    if (size_ == 0xFFFFFFFFu) throw std::length_error("too many distinct metric path parts");
    const Place p = place(size_);
    if (p.offset == 0) chunks_[p.chunk] = std::make_unique<T[]>(std::size_t{kFirst} << p.chunk);
    chunks_[p.chunk][p.offset] = std::move(value);
    return size_++;
  }

 private:
  static constexpr std::uint64_t kFirst = 1024;
  struct Place {
    unsigned chunk;
    std::uint64_t offset;
  };
  static Place place(std::uint32_t i) {
    const std::uint64_t j = i / kFirst + 1;
    const auto chunk = static_cast<unsigned>(std::bit_width(j) - 1);
    return {chunk, i - kFirst * ((std::uint64_t{1} << chunk) - 1)};
  }
  std::array<std::unique_ptr<T[]>, 33> chunks_{};
  std::uint32_t size_ = 0;
};

struct Node {
  std::uint32_t parent;  // kRoot: none
  std::uint32_t part;
  std::uint32_t depth;  // parts from the root to this node, inclusive
};
constexpr std::uint32_t kRoot = 0xFFFFFFFFu;

class Tables {
 public:
  static Tables& get() {
    static Tables tables;  // never destroyed before the paths that use it
    return tables;
  }
  // The two lookups below hold the lock.
  std::uint32_t part(std::string_view text) {
    if (auto it = part_ids_.find(text); it != part_ids_.end()) return it->second;
    const std::uint32_t id = parts_.push(std::string(text));
    part_ids_.emplace(std::string_view(parts_[id]), id);
    return id;
  }
  std::uint32_t node(std::uint32_t parent, std::uint32_t part) {
    const std::uint64_t key = (std::uint64_t{parent} << 32) | part;
    if (auto it = node_ids_.find(key); it != node_ids_.end()) return it->second;
    const std::uint32_t depth = (parent == kRoot ? 0 : nodes_[parent].depth) + 1;
    const std::uint32_t id = nodes_.push(Node{parent, part, depth});
    node_ids_.emplace(key, id);
    return id;
  }
  std::mutex& lock() { return mutex_; }

  const std::string& part_text(std::uint32_t id) const { return parts_[id]; }
  const Node& node_at(std::uint32_t id) const { return nodes_[id]; }

 private:
  std::mutex mutex_;
  StableTable<std::string> parts_;
  StableTable<Node> nodes_;
  std::unordered_map<std::string_view, std::uint32_t> part_ids_;
  std::unordered_map<std::uint64_t, std::uint32_t> node_ids_;
};

}  // namespace

MetricPath::MetricPath(std::initializer_list<std::string_view> parts)
    : MetricPath(MetricPath(), parts) {}

MetricPath::MetricPath(const std::vector<std::string>& parts) {
  if (parts.empty()) return;
  Tables& t = Tables::get();
  const std::lock_guard lock(t.lock());
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) parent_ = t.node(parent_, t.part(parts[i]));
  leaf_ = t.part(parts.back());
}

MetricPath::MetricPath(const MetricPath& prefix, std::initializer_list<std::string_view> tail)
    : parent_(prefix.parent_), leaf_(prefix.leaf_) {
  if (tail.size() == 0) return;
  Tables& t = Tables::get();
  const std::lock_guard lock(t.lock());
  if (leaf_ != kNone) parent_ = t.node(parent_, leaf_);
  const auto* last = tail.end() - 1;
  for (const auto* part = tail.begin(); part != last; ++part)
    parent_ = t.node(parent_, t.part(*part));
  leaf_ = t.part(*last);
}

std::size_t MetricPath::size() const {
  if (leaf_ == kNone) return 0;
  return (parent_ == kRoot ? 0 : Tables::get().node_at(parent_).depth) + 1;
}

const std::string& MetricPath::operator[](std::size_t i) const {
  const Tables& t = Tables::get();
  const std::size_t last = size() - 1;
  if (i == last) return t.part_text(leaf_);
  std::uint32_t n = parent_;
  for (std::size_t depth = last; depth > i + 1; --depth) n = t.node_at(n).parent;
  return t.part_text(t.node_at(n).part);
}

const std::string& MetricPath::back() const { return Tables::get().part_text(leaf_); }

std::vector<std::string> MetricPath::parts() const {
  std::vector<std::string> out(size());
  if (out.empty()) return out;
  const Tables& t = Tables::get();
  out.back() = t.part_text(leaf_);
  std::uint32_t n = parent_;
  for (std::size_t i = out.size() - 1; i-- > 0; n = t.node_at(n).parent)
    out[i] = t.part_text(t.node_at(n).part);
  return out;
}

bool MetricPath::reads_as(std::string_view dotted) const {
  if (leaf_ == kNone) return dotted.empty();
  const Tables& t = Tables::get();
  // From the last part back: each part must end the text left, after the
  // dot that separates it from the part after it.
  const std::string& leaf = t.part_text(leaf_);
  if (!dotted.ends_with(leaf)) return false;
  dotted.remove_suffix(leaf.size());
  for (std::uint32_t n = parent_; n != kRoot;) {
    const Node& node = t.node_at(n);
    const std::string& part = t.part_text(node.part);
    if (dotted.size() < part.size() + 1 || dotted.back() != '.') return false;
    dotted.remove_suffix(1);
    if (!dotted.ends_with(part)) return false;
    dotted.remove_suffix(part.size());
    n = node.parent;
  }
  return dotted.empty();
}

}  // namespace ls::tools
