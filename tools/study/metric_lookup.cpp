#include "tools/study/metric_lookup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string_view>

#include "tools/study/fnv_hash.hpp"

namespace ls::tools {
namespace {

// FNV-1a of the dotted path's first `parts` parts (all by default), fed
// part by part (the same value as of the joined string).
std::uint64_t path_hash(const MetricPath& path, std::size_t parts) {
  std::uint64_t h = kFnvOffset;
  for (std::size_t i = 0; i < parts; ++i) h = fnv1a(i > 0 ? fnv1a(h, ".") : h, path[i]);
  return h;
}
std::uint64_t path_hash(const MetricPath& path) { return path_hash(path, path.size()); }

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
  return prefix.empty() == empty_path && prefix.reads_as(text);
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
        if (prefix.reads_as(rest.substr(0, dot))) {
          rest.remove_prefix(dot + 1);
          matched = true;
        }
      if (!matched) continue;
    }
    const auto shape = metrics.shape(blocks[b].shape);
    for (std::size_t i = 0; i < shape.size(); ++i)
      if (shape[i].suffix.reads_as(rest)) return metrics.metric(b, i);
  }
  return std::nullopt;
}

MetricLookup::MetricLookup(const MetricTable& metrics, bool with_ci)
    : metrics_(metrics), ci_(with_ci) {
  std::vector<std::uint64_t> hashes;
  hashes.reserve(metrics.blocks().size());
  for (const auto& block : metrics.blocks()) {
    hashes.push_back(path_hash(block.prefix));
    for (std::size_t parts = 1; parts < block.prefix.size(); ++parts)
      parents_.push_back(path_hash(block.prefix, parts));
  }
  blocks_ = sorted_index(std::move(hashes));
  std::sort(parents_.begin(), parents_.end());
  parents_.erase(std::unique(parents_.begin(), parents_.end()), parents_.end());
  shapes_.reserve(metrics.shapes());
  for (std::uint32_t s = 0; s < metrics.shapes(); ++s) {
    std::vector<std::uint64_t> suffixes;
    for (const auto& entry : metrics.shape(s)) suffixes.push_back(path_hash(entry.suffix));
    shapes_.push_back(sorted_index(std::move(suffixes)));
  }
}

struct MetricLookup::Best {
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::size_t index = kNone;  // in the table
  std::uint32_t block = 0, position = 0;
};

void MetricLookup::match_suffix(Best& best, std::uint32_t block, std::string_view text,
                                std::uint64_t hash) const {
  const MetricTable::Block& b = metrics_.blocks()[block];
  const auto shape = metrics_.shape(b.shape);
  for (auto [e, e_end] = hits(shapes_[b.shape], hash); e != e_end; ++e) {
    if (!shape[e->second].suffix.reads_as(text)) continue;
    if (b.first + e->second < best.index) best = {b.first + e->second, block, e->second};
    return;  // the first position of this block that matches
  }
}

void MetricLookup::match_split(Best& best, std::string_view prefix, std::uint64_t prefix_hash,
                               bool empty_path, std::string_view suffix) const {
  const auto blocks = metrics_.blocks();
  const std::uint64_t suffix_hash = fnv1a(kFnvOffset, suffix);
  for (auto [b, b_end] = hits(blocks_, prefix_hash); b != b_end; ++b)
    if (prefix_is(blocks[b->second].prefix, prefix, empty_path))
      match_suffix(best, b->second, suffix, suffix_hash);
}

std::optional<AggregatedMetric> MetricLookup::metric(const Best& best) const {
  if (best.index == Best::kNone) return std::nullopt;
  return metrics_.metric(best.block, best.position);
}

std::optional<AggregatedMetric> MetricLookup::find(std::string_view dotted) const {
  // The first in report order of the metrics each split finds.
  Best best;
  for_each_split(dotted, [&](std::string_view prefix, std::string_view suffix, bool empty_path) {
    match_split(best, prefix, fnv1a(kFnvOffset, prefix), empty_path, suffix);
  });
  return metric(best);
}

MetricLookup::Under MetricLookup::under(std::string_view prefix) const {
  Under u(*this);
  u.text_.assign(prefix);
  u.text_ += '.';
  u.prefix_size_ = u.text_.size();
  u.prefix_hash_ = fnv1a(kFnvOffset, u.text_);
  u.nested_ = std::binary_search(parents_.begin(), parents_.end(), fnv1a(kFnvOffset, prefix));
  // The splits of "<prefix>.<suffix>" at the empty path, at each dot of the
  // prefix and at the dot after it: their blocks found (and confirmed) now.
  const std::string_view whole(u.text_);
  const auto blocks = metrics_.blocks();
  for_each_split(prefix, [&](std::string_view before, std::string_view, bool empty_path) {
    const std::size_t rest = before.size() + (empty_path ? 0 : 1);
    for (auto [b, b_end] = hits(blocks_, fnv1a(kFnvOffset, before)); b != b_end; ++b)
      if (prefix_is(blocks[b->second].prefix, before, empty_path))
        u.candidates_.push_back({b->second, rest, fnv1a(kFnvOffset, whole.substr(rest))});
  });
  for (auto [b, b_end] = hits(blocks_, fnv1a(kFnvOffset, prefix)); b != b_end; ++b)
    if (prefix_is(blocks[b->second].prefix, prefix, false))
      u.candidates_.push_back({b->second, u.prefix_size_, kFnvOffset});
  return u;
}

std::optional<AggregatedMetric> MetricLookup::Under::find(std::string_view suffix) const {
  text_.resize(prefix_size_);
  text_ += suffix;
  const std::string_view whole(text_);
  Best best;
  // Splits at the prefix's dots, or right after it: blocks known.
  for (const Candidate& c : candidates_)
    lookup_.match_suffix(best, c.block, whole.substr(c.rest), fnv1a(c.rest_hash, suffix));
  // Splits at the suffix's dots: the block's prefix is "<prefix>.<part of suffix>".
  for (std::size_t dot = nested_ ? suffix.find('.') : std::string_view::npos;
       dot != std::string_view::npos; dot = suffix.find('.', dot + 1))
    lookup_.match_split(best, whole.substr(0, prefix_size_ + dot),
                        fnv1a(prefix_hash_, suffix.substr(0, dot)), false, suffix.substr(dot + 1));
  return lookup_.metric(best);
}

double MetricLookup::Under::operator()(std::string_view suffix) const {
  const auto m = find(suffix);
  return m ? m->mean : 0.0;
}

std::string MetricLookup::Under::with_ci(std::string_view suffix, const char* spec) const {
  return lookup_.format_with_ci(find(suffix), spec);
}

double MetricLookup::operator()(std::string_view dotted_path) const {
  const auto m = find(dotted_path);
  return m ? m->mean : 0.0;
}

std::string MetricLookup::with_ci(std::string_view dotted_path, const char* spec) const {
  return format_with_ci(find(dotted_path), spec);
}

std::string MetricLookup::format_with_ci(const std::optional<AggregatedMetric>& m,
                                         const char* spec) const {
  if (!m) return "-";
  std::string s = fmt::format(fmt::runtime(spec), m->mean);
  if (ci_) s += fmt::format(fmt::runtime(std::string(" ±") + spec), m->ci95);
  return s;
}

}  // namespace ls::tools
