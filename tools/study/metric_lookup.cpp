#include "tools/study/metric_lookup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string_view>

#include "tools/study/fnv_hash.hpp"

namespace ls::tools {
namespace {

// Whether `path` joined with dots is `dotted`, without building the string.
bool path_is(const MetricPath& path, std::string_view dotted) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) {
      if (at >= dotted.size() || dotted[at] != '.') return false;
      ++at;
    }
    if (dotted.substr(at, path[i].size()) != path[i]) return false;
    at += path[i].size();
  }
  return at == dotted.size();
}

// FNV-1a of the dotted path, fed part by part (the same value as of the
// joined string).
std::uint64_t path_hash(const MetricPath& path) {
  std::uint64_t h = kFnvOffset;
  for (std::size_t i = 0; i < path.size(); ++i) h = fnv1a(i > 0 ? fnv1a(h, ".") : h, path[i]);
  return h;
}

// The ways `dotted` reads as a block's prefix and a suffix: with no prefix
// (the empty path), or split at one of its dots (a prefix of at least one
// part; its text may be empty, as a part may be). Calls
// split(prefix_text, suffix_text, prefix_is_empty_path).
template <class Split>
void for_each_split(std::string_view dotted, Split split) {
  split(std::string_view(), dotted, true);
  for (std::size_t dot = dotted.find('.'); dot != std::string_view::npos;
       dot = dotted.find('.', dot + 1))
    split(dotted.substr(0, dot), dotted.substr(dot + 1), false);
}

bool prefix_is(const MetricPath& prefix, std::string_view text, bool empty_path) {
  return prefix.empty() == empty_path && path_is(prefix, text);
}

// (hash, position), as MetricLookup keeps them.
using Index = std::vector<std::pair<std::uint64_t, std::uint32_t>>;

Index sorted_index(std::vector<std::uint64_t> hashes) {
  Index index;
  index.reserve(hashes.size());
  for (std::size_t i = 0; i < hashes.size(); ++i)
    index.emplace_back(hashes[i], static_cast<std::uint32_t>(i));
  std::sort(index.begin(), index.end());  // ties by position: the first of equal paths wins
  return index;
}

// The entries of `index` with hash `h`.
auto hits(const Index& index, std::uint64_t h) {
  return std::equal_range(index.begin(), index.end(), std::pair{h, std::uint32_t{0}},
                          [](const auto& a, const auto& b) { return a.first < b.first; });
}

}  // namespace

std::optional<AggregatedMetric> find_metric(const MetricTable& metrics, const std::string& dotted) {
  const auto blocks = metrics.blocks();
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const MetricPath& prefix = blocks[b].prefix;
    std::string_view rest = dotted;
    if (!prefix.empty()) {
      // The prefix's text, then a dot: found by trying each dot (a part may hold one).
      bool matched = false;
      for (std::size_t dot = rest.find('.'); dot != std::string_view::npos && !matched;
           dot = rest.find('.', dot + 1))
        if (path_is(prefix, rest.substr(0, dot))) {
          rest.remove_prefix(dot + 1);
          matched = true;
        }
      if (!matched) continue;
    }
    const auto shape = metrics.shape(blocks[b].shape);
    for (std::size_t i = 0; i < shape.size(); ++i)
      if (path_is(shape[i].suffix, rest)) return metrics.metric(b, i);
  }
  return std::nullopt;
}

MetricLookup::MetricLookup(const MetricTable& metrics, bool with_ci)
    : metrics_(metrics), ci_(with_ci) {
  std::vector<std::uint64_t> hashes;
  hashes.reserve(metrics.blocks().size());
  for (const auto& block : metrics.blocks()) hashes.push_back(path_hash(block.prefix));
  blocks_ = sorted_index(std::move(hashes));
  shapes_.reserve(metrics.shapes());
  for (std::uint32_t s = 0; s < metrics.shapes(); ++s) {
    std::vector<std::uint64_t> suffixes;
    for (const auto& entry : metrics.shape(s)) suffixes.push_back(path_hash(entry.suffix));
    shapes_.push_back(sorted_index(std::move(suffixes)));
  }
}

std::optional<AggregatedMetric> MetricLookup::find(const std::string& dotted) const {
  const auto blocks = metrics_.blocks();
  // The first in report order of the metrics each split finds.
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::size_t best = kNone, best_block = 0, best_position = 0;
  for_each_split(dotted, [&](std::string_view prefix, std::string_view suffix, bool empty_path) {
    const std::uint64_t suffix_hash = fnv1a(kFnvOffset, suffix);
    for (auto [b, b_end] = hits(blocks_, fnv1a(kFnvOffset, prefix)); b != b_end; ++b) {
      const MetricTable::Block& block = blocks[b->second];
      if (!prefix_is(block.prefix, prefix, empty_path)) continue;
      const auto shape = metrics_.shape(block.shape);
      for (auto [e, e_end] = hits(shapes_[block.shape], suffix_hash); e != e_end; ++e) {
        if (!path_is(shape[e->second].suffix, suffix)) continue;
        if (block.first + e->second < best) {
          best = block.first + e->second;
          best_block = b->second;
          best_position = e->second;
        }
        break;  // the first position of this block that matches
      }
    }
  });
  if (best == kNone) return std::nullopt;
  return metrics_.metric(best_block, best_position);
}

double MetricLookup::operator()(const std::string& dotted_path) const {
  const auto m = find(dotted_path);
  return m ? m->mean : 0.0;
}

std::string MetricLookup::with_ci(const std::string& dotted_path, const char* spec) const {
  const auto m = find(dotted_path);
  if (!m) return "-";
  std::string s = fmt::format(fmt::runtime(spec), m->mean);
  if (ci_) s += fmt::format(fmt::runtime(std::string(" ±") + spec), m->ci95);
  return s;
}

}  // namespace ls::tools
