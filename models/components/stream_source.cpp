#include "models/components/stream_source.hpp"

#include <algorithm>

namespace ls::models {

StreamSource::StreamSource(SimContext& ctx, Environments& environments, SourceConfig::Type type)
    : PolledSource(ctx, environments, type, [](const SourceConfig& src) {
        return static_cast<std::size_t>(src.shards) * static_cast<std::size_t>(src.parallelization);
      }) {
  const auto& workloads = ctx.scenario.workloads;
  for (std::uint32_t w = 0; w < workloads.size(); ++w)
    if (workloads[w].source->type == type && workloads[w].source->provisioned.enabled())
      follow_pollers(w);
}

void StreamSource::follow_pollers(std::uint32_t workload) {
  const auto& src = config(workload);
  const auto& platform = ctx_.scenario.platform;
  const int running = state(workload).running;
  const int needed =
      (running + platform.kafka_invokes_per_poller - 1) / platform.kafka_invokes_per_poller;
  const int pollers = std::clamp(needed, src.provisioned.min_pollers, src.provisioned.max_pollers);
  const int units =
      (pollers + platform.kafka_pollers_per_unit - 1) / platform.kafka_pollers_per_unit;
  set_event_pollers(workload, pollers, units);
}

void StreamSource::poll(std::uint32_t workload, std::uint32_t lane) {
  const auto& src = config(workload);
  auto& l = state(workload).lanes[lane];
  const sim::Time now = ctx_.now();
  if (l.busy) return;
  const bool provisioned = src.provisioned.enabled();
  if (provisioned && state(workload).running >= src.provisioned.max_pollers *
                                                    ctx_.scenario.platform.kafka_invokes_per_poller)
    // Every poller is busy: look again after the poller backoff.
    return arm_timer(workload, lane, now + ctx_.scenario.platform.poller_backoff);
  std::uint32_t b = l.pending_batch;
  if (b == kNoBatch) {
    // Records past the retention (or the mapping's maximum record age) are
    // dropped unread.
    while (!l.items.empty() && now - l.items.front().arrival >= src.expiry_age()) {
      if (ctx_.counted(l.items.front().arrival))
        ctx_.stats(ctx_.function_of(workload)).source().expired++;
      end_item(workload, l.items.front().arrival, kDiscarded);
      set_backlog(workload, -1);
      l.items.pop_front();
    }
    if (l.items.empty()) return;
    const std::size_t limit = batch_limit(src);
    if (src.window > 0 && l.items.size() < limit && now < l.items.front().arrival + src.window)
      return arm_timer(workload, lane, l.items.front().arrival + src.window);
    b = new_batch(workload, lane);
    const std::size_t n = std::min(limit, l.items.size());
    auto& items = batch(b).items;
    items.assign(l.items.begin(), l.items.begin() + static_cast<std::ptrdiff_t>(n));
    l.items.erase(l.items.begin(), l.items.begin() + static_cast<std::ptrdiff_t>(n));
  }
  if (!launch(workload, b)) {
    l.pending_batch = b;
    return arm_timer(workload, lane, now + ctx_.scenario.platform.poller_backoff);
  }
  l.pending_batch = kNoBatch;
  l.busy = true;
  if (provisioned) follow_pollers(workload);
}

// Success frees the lane; failure retries the batch (bisected when asked)
// until it succeeds, expires or runs out of attempts.
void StreamSource::completed(std::uint32_t b, bool, bool ok) {
  Batch& bt = batch(b);
  const std::uint32_t workload = bt.workload;
  const std::uint32_t lane = bt.lane;
  const auto& src = config(workload);
  const std::size_t f = ctx_.function_of(workload);
  auto& l = state(workload).lanes[lane];
  l.busy = false;
  if (src.provisioned.enabled()) follow_pollers(workload);
  const bool expired = ctx_.now() - bt.items.front().arrival >= src.expiry_age();
  const bool exhausted = src.max_retry_attempts >= 0 &&
                         bt.attempts > static_cast<std::uint32_t>(src.max_retry_attempts);
  if (ok || expired || exhausted) {
    for (const SourceItem& item : bt.items) {
      if (!ok && expired && ctx_.counted(item.arrival)) ctx_.stats(f).source().expired++;
      end_item(workload, item.arrival, ok ? kSucceeded : kDiscarded);
      set_backlog(workload, -1);
    }
    free_batch(b);
    return poll(workload, lane);
  }
  if (src.bisect && bt.items.size() > 1) {
    // The second half goes back to the head of the lane, in order.
    const std::size_t half = bt.items.size() / 2;
    l.items.insert(l.items.begin(), bt.items.begin() + static_cast<std::ptrdiff_t>(half),
                   bt.items.end());
    bt.items.resize(half);
    bt.attempts = 0;
  }
  l.pending_batch = b;
  arm_timer(workload, lane, ctx_.now() + ctx_.scenario.platform.stream_retry_delay);
}

}  // namespace ls::models
