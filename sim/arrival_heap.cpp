#include "sim/arrival_heap.hpp"

namespace ls::sim {

void ArrivalHeap::push(Time time, std::uint64_t seq, std::uint32_t index) {
  if (index >= seq_.size()) seq_.resize(std::size_t{index} + 1);
  seq_[index] = seq;
  if ((size_ + kOffset) / 4 >= groups_.size())
    groups_.push_back(Group{{kPadding, kPadding, kPadding, kPadding}});
  const Node node{time, index, 0};
  std::size_t k = size_++;
  while (k > 0) {
    const std::size_t parent = (k - 1) / 4;
    if (!before(node, at(parent))) break;
    at(k) = at(parent);
    k = parent;
  }
  at(k) = node;
}

// Node k's children 4k + 1 .. 4k + 4 are group k + 1, whole: positions past
// the end hold kPadding, later than every arrival, so the least of the four
// is found without a bounds check (a real child is always among them).
void ArrivalHeap::sift_down(Node node) {
  std::size_t k = 0;
  for (;;) {
    const std::size_t first = 4 * k + 1;
    if (first >= size_) break;
    const Node* c = groups_[k + 1].nodes;
    const std::size_t low = before(c[1], c[0]) ? 1 : 0;
    const std::size_t high = before(c[3], c[2]) ? 3 : 2;
    const std::size_t best = before(c[high], c[low]) ? high : low;
    if (!before(c[best], node)) break;
    at(k) = c[best];
    k = first + best;
  }
  at(k) = node;
}

}  // namespace ls::sim
