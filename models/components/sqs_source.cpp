#include "models/components/sqs_source.hpp"

#include <algorithm>
#include <cmath>

namespace ls::models {

namespace {
// Provisioned mode's concurrency floor and ceiling: pollers × invokes each.
double floor_of(const SourceConfig& src, const SqsScaling& scaling) {
  return static_cast<double>(src.provisioned.min_pollers) * scaling.invokes_per_poller;
}
}  // namespace

SqsSource::SqsSource(SimContext& ctx, Environments& environments)
    : PolledSource(ctx, environments, SourceConfig::Type::Sqs,
                   [](const SourceConfig&) -> std::size_t { return 1; }),
      visible_kind_(ctx.engine.add_kind<&SqsSource::on_visible>(this)) {
  const auto& workloads = ctx.scenario.workloads;
  for (std::uint32_t w = 0; w < workloads.size(); ++w) {
    const SourceConfig& src = *workloads[w].source;
    if (src.type != SourceConfig::Type::Sqs || !src.provisioned.enabled()) continue;
    state(w).allowed = floor_of(src, ctx.scenario.platform.sqs);
    set_event_pollers(w, src.provisioned.min_pollers, src.provisioned.min_pollers);
  }
}

void SqsSource::poll(std::uint32_t workload, std::uint32_t) {
  const auto& src = config(workload);
  const auto& scaling = ctx_.scenario.platform.sqs;
  const sim::Time now = ctx_.now();
  State& ss = state(workload);
  auto& queue = ss.lanes[0].items;
  const bool provisioned = src.provisioned.enabled();
  // Pollers ramp up while messages wait, and fall back when the queue empties.
  if (!queue.empty()) {
    const double ramp = provisioned ? scaling.provisioned_ramp_per_minute : scaling.ramp_per_minute;
    ss.allowed += ramp * sim::to_seconds(now - ss.allowed_at) / 60.0;
  } else if (ss.running == 0) {
    ss.allowed = provisioned ? floor_of(src, scaling) : scaling.initial_concurrency;
  }
  ss.allowed_at = now;
  int ceiling = scaling.max_concurrency;
  if (src.max_concurrency > 0) ceiling = std::min(ceiling, src.max_concurrency);
  if (provisioned) ceiling = src.provisioned.max_pollers * scaling.invokes_per_poller;
  ss.allowed = std::min<double>(ss.allowed, ceiling);
  if (provisioned) {
    // The pollers the allowed concurrency needs, at least the minimum.
    const int needed = static_cast<int>(std::ceil(ss.allowed / scaling.invokes_per_poller));
    const int pollers =
        std::clamp(needed, src.provisioned.min_pollers, src.provisioned.max_pollers);
    set_event_pollers(workload, pollers, pollers);  // an SQS EPU is one poller
  }
  const std::size_t limit = batch_limit(src);
  while (!queue.empty() && ss.running < static_cast<int>(ss.allowed)) {
    if (src.window > 0 && queue.size() < limit && now < queue.front().visible_since + src.window)
      return arm_timer(workload, 0, queue.front().visible_since + src.window);
    const std::uint32_t b = new_batch(workload, 0);
    Batch& bt = batch(b);
    const std::size_t n = std::min(limit, queue.size());
    bt.items.assign(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
    if (!launch(workload, b)) {
      // Throttled: the messages go back and the pollers back off.
      queue.insert(queue.begin(), bt.items.begin(), bt.items.end());
      free_batch(b);
      return arm_timer(workload, 0, now + ctx_.scenario.platform.poller_backoff);
    }
    for (auto& item : bt.items) item.receives++;
    ctx_.engine.schedule(now + src.visibility_timeout, visible_kind_, b, bt.gen);
  }
}

// Successful messages are deleted (unless their visibility timeout has
// already passed: then another receive will process them again); failed ones
// wait for the visibility timeout.
void SqsSource::completed(std::uint32_t b, bool success, bool) {
  Batch& bt = batch(b);
  const std::uint32_t workload = bt.workload;
  const auto& src = config(workload);
  const std::size_t f = ctx_.function_of(workload);
  // With partial batch responses only the poison messages fail; otherwise
  // one poison message fails the whole batch.
  const bool poisoned =
      std::any_of(bt.items.begin(), bt.items.end(), [](const SourceItem& i) { return i.poison; });
  std::size_t kept = 0;  // failed items are compacted to the front
  for (const SourceItem& item : bt.items) {
    const bool item_ok = success && (src.partial_batch_response ? !item.poison : !poisoned);
    if (!item_ok) {
      bt.items[kept++] = item;
      continue;
    }
    if (bt.released) {
      if (ctx_.counted(item.arrival)) ctx_.stats(f).source().duplicates++;
      continue;
    }
    end_item(workload, item.arrival, kSucceeded);
    set_backlog(workload, -1);
  }
  if (bt.released) {
    free_batch(b);
  } else {
    bt.items.resize(kept);  // the failed ones wait for their visibility timeout
    if (bt.items.empty()) free_batch(b);
  }
  poll(workload, 0);
}

// The visibility timeout of a received batch passed: its messages that are
// not done become visible again, or go to the DLQ after max_receive_count.
void SqsSource::on_visible(const sim::Event& ev) {
  const std::uint32_t b = ev.index;
  Batch& bt = batch(b);
  if (bt.gen != ev.gen || !bt.in_use) {
    ctx_.engine.count_stale();
    return;
  }
  const std::uint32_t workload = bt.workload;
  const auto& src = config(workload);
  auto& queue = state(workload).lanes[0].items;
  for (SourceItem item : bt.items) {
    if (src.max_receive_count > 0 &&
        item.receives >= static_cast<std::uint32_t>(src.max_receive_count)) {
      end_item(workload, item.arrival, kDiscarded);
      set_backlog(workload, -1);
      continue;
    }
    item.visible_since = ctx_.now();
    queue.push_back(item);
  }
  if (bt.running) {
    bt.released = true;  // its copies are back in the queue
  } else {
    free_batch(b);
  }
  poll(workload, 0);
}

}  // namespace ls::models
