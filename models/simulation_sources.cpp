// Poll-based event sources (event source mappings). Arrivals are messages
// (SQS) or records (Kinesis / DynamoDB Streams) that wait in the source;
// pollers take them in batches and invoke the function once per batch.
//
// SQS: one queue. Pollers start at `initial_concurrency` concurrent batches
// and add `ramp_per_minute` while messages wait, up to the platform ceiling
// and the mapping's max_concurrency. A received message is invisible for the
// visibility timeout: deleted when its batch succeeds, visible again when the
// timeout passes otherwise — even while its batch still runs, in which case
// it is processed twice (counted as a duplicate). After max_receive_count
// receives a failing message goes to the DLQ.
//
// Streams: records go to one of shards × parallelisation lanes; each lane
// runs one batch at a time, in order. A failing batch is retried (blocking
// its lane) until it succeeds, its records expire (retention) or it used its
// max_retry_attempts; with bisect it is split in two first, so that a poison
// record ends up failing alone.
#include <algorithm>
#include <cmath>

#include "models/free_slot.hpp"
#include "models/simulation.hpp"
#include "models/simulation_state.hpp"

namespace ls::models {
namespace {
constexpr std::uint32_t kind_of(EventKind k) { return static_cast<std::uint32_t>(k); }
constexpr std::uint32_t kNoBatch = 0xFFFFFFFFu;
enum Terminal { kSucceeded, kDiscarded };
}  // namespace

void Simulation::init_sources() {
  source_states_.resize(scenario_.workloads.size());
  for (std::uint32_t w = 0; w < scenario_.workloads.size(); ++w) {
    const auto& wl = scenario_.workloads[w];
    if (wl.source.type == SourceConfig::Type::None) continue;
    auto state = std::make_unique<SourceState>();
    const bool stream = wl.source.type == SourceConfig::Type::Kinesis;
    state->lanes.resize(stream ? static_cast<std::size_t>(wl.source.shards) *
                                     static_cast<std::size_t>(wl.source.parallelization)
                               : 1);
    state->rng =
        sim::Rng::stream(scenario_.seed, options_.replication, "source/" + std::to_string(w));
    state->allowed = scenario_.platform.sqs.initial_concurrency;
    source_states_[w] = std::move(state);
  }
}

std::uint32_t Simulation::new_batch(std::uint32_t workload, std::uint32_t lane) {
  const std::uint32_t b = take_free_slot(batches_, free_batches_);
  if (!batches_[b]) batches_[b] = std::make_unique<Batch>();  // a new slot
  Batch& batch = *batches_[b];
  batch.workload = workload;
  batch.lane = lane;
  batch.attempts = 0;
  batch.in_use = true;
  batch.running = false;
  batch.released = false;
  batch.items.clear();
  return b;
}

void Simulation::free_batch(std::uint32_t b) {
  batches_[b]->in_use = false;
  batches_[b]->gen++;
  free_batches_.push_back(b);
}

void Simulation::set_backlog(std::uint32_t workload, int delta) {
  SourceState& ss = *source_states_[workload];
  ss.backlog += delta;
  result_.functions[scenario_.workloads[workload].function].source_backlog.set(now_, ss.backlog);
}

void Simulation::on_source_arrival(std::uint32_t workload) {
  const auto& src = scenario_.workloads[workload].source;
  SourceState& ss = *source_states_[workload];
  SourceItem item;
  item.arrival = item.visible_since = now_;
  ++ss.received;
  item.poison = (src.poison_every > 0 && ss.received % src.poison_every == 0) ||
                (src.record_failure_rate > 0 && ss.rng.uniform() < src.record_failure_rate);
  if (item.poison && now_ >= scenario_.warmup)
    result_.functions[scenario_.workloads[workload].function].source_poison++;
  const std::size_t lane = ss.lanes.size() > 1 ? ss.rng.below(ss.lanes.size()) : 0;
  ss.lanes[lane].items.push_back(item);
  set_backlog(workload, +1);
  if (src.type == SourceConfig::Type::Sqs) return poll_queue(workload);
  poll_lane(workload, static_cast<std::uint32_t>(lane));
}

void Simulation::poll(std::uint32_t workload) {
  if (scenario_.workloads[workload].source.type == SourceConfig::Type::Sqs)
    return poll_queue(workload);
  for (std::uint32_t l = 0; l < source_states_[workload]->lanes.size(); ++l) poll_lane(workload, l);
}

// One timer per lane (the queue is lane 0): re-poll at `at`. An earlier
// timer replaces a later one; the later one is then ignored (generation).
void Simulation::arm_timer(std::uint32_t workload, std::uint32_t lane, Time at) {
  auto& l = source_states_[workload]->lanes[lane];
  if (l.timer_armed && l.timer_at <= at) return;
  l.timer_armed = true;
  l.timer_at = at;
  queue_.push(at, kind_of(EventKind::SourceTimer), workload, lane, ++l.timer_gen);
}

void Simulation::on_source_timer(std::uint32_t workload, std::uint32_t lane, std::uint32_t gen) {
  auto& l = source_states_[workload]->lanes[lane];
  if (gen != l.timer_gen) {
    ++stale_;
    return;
  }
  l.timer_armed = false;
  if (scenario_.workloads[workload].source.type == SourceConfig::Type::Sqs)
    return poll_queue(workload);
  poll_lane(workload, lane);
}

// How many items the next batch may take: the batch size, and the payload
// limit when record sizes are known.
static std::size_t batch_limit(const SourceConfig& src, const PlatformConfig& platform) {
  std::size_t n = static_cast<std::size_t>(src.batch_size);
  if (src.record_kb > 0)
    n = std::min<std::size_t>(n, std::max(1, platform.max_batch_payload_kb / src.record_kb));
  return n;
}

void Simulation::poll_queue(std::uint32_t workload) {
  const auto& wl = scenario_.workloads[workload];
  const auto& src = wl.source;
  const auto& scaling = scenario_.platform.sqs;
  SourceState& ss = *source_states_[workload];
  auto& queue = ss.lanes[0].items;
  // Pollers ramp up while messages wait, and fall back when the queue empties.
  if (!queue.empty()) {
    ss.allowed += scaling.ramp_per_minute * sim::to_seconds(now_ - ss.allowed_at) / 60.0;
  } else if (ss.running == 0) {
    ss.allowed = scaling.initial_concurrency;
  }
  ss.allowed_at = now_;
  int ceiling = scaling.max_concurrency;
  if (src.max_concurrency > 0) ceiling = std::min(ceiling, src.max_concurrency);
  ss.allowed = std::min<double>(ss.allowed, ceiling);
  const std::size_t limit = batch_limit(src, scenario_.platform);
  while (!queue.empty() && ss.running < static_cast<int>(ss.allowed)) {
    if (src.window > 0 && queue.size() < limit && now_ < queue.front().visible_since + src.window)
      return arm_timer(workload, 0, queue.front().visible_since + src.window);
    const std::uint32_t b = new_batch(workload, 0);
    Batch& batch = *batches_[b];
    const std::size_t n = std::min(limit, queue.size());
    batch.items.assign(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
    if (!launch_batch(workload, b)) {
      // Throttled: the messages go back and the pollers back off.
      queue.insert(queue.begin(), batch.items.begin(), batch.items.end());
      free_batch(b);
      return arm_timer(workload, 0, now_ + scenario_.platform.poller_backoff);
    }
    for (auto& item : batch.items) item.receives++;
    queue_.push(now_ + src.visibility_timeout, kind_of(EventKind::BatchVisible), b, batch.gen);
  }
}

void Simulation::poll_lane(std::uint32_t workload, std::uint32_t lane) {
  const auto& src = scenario_.workloads[workload].source;
  SourceState& ss = *source_states_[workload];
  auto& l = ss.lanes[lane];
  if (l.busy) return;
  std::uint32_t b = l.pending_batch;
  if (b == kNoBatch) {
    // Records past the retention are trimmed from the stream unread.
    while (!l.items.empty() && now_ - l.items.front().arrival >= src.retention) {
      const std::size_t f = scenario_.workloads[workload].function;
      if (l.items.front().arrival >= scenario_.warmup) result_.functions[f].source_expired++;
      end_message(workload, l.items.front().arrival, kDiscarded);
      set_backlog(workload, -1);
      l.items.pop_front();
    }
    if (l.items.empty()) return;
    const std::size_t limit = batch_limit(src, scenario_.platform);
    if (src.window > 0 && l.items.size() < limit && now_ < l.items.front().arrival + src.window)
      return arm_timer(workload, lane, l.items.front().arrival + src.window);
    b = new_batch(workload, lane);
    const std::size_t n = std::min(limit, l.items.size());
    auto& items = batches_[b]->items;
    items.assign(l.items.begin(), l.items.begin() + static_cast<std::ptrdiff_t>(n));
    l.items.erase(l.items.begin(), l.items.begin() + static_cast<std::ptrdiff_t>(n));
  }
  if (!launch_batch(workload, b)) {
    l.pending_batch = b;
    return arm_timer(workload, lane, now_ + scenario_.platform.poller_backoff);
  }
  l.pending_batch = kNoBatch;
  l.busy = true;
}

// Invokes the function with batch b; false when throttled.
bool Simulation::launch_batch(std::uint32_t workload, std::uint32_t b) {
  const std::size_t f = scenario_.workloads[workload].function;
  Batch& batch = *batches_[b];
  Grant grant;
  const Time oldest = batch.items.front().arrival;
  if (!acquire(f, grant)) {
    count_throttle(f, oldest >= scenario_.warmup, batch.attempts == 0, grant.cause);
    return false;
  }
  batch.attempts++;
  batch.running = true;
  batch.started = now_;
  SourceState& ss = *source_states_[workload];
  ss.running++;
  auto& stats = result_.functions[f];
  stats.source_pollers.set(now_, ss.running);
  if (now_ >= scenario_.warmup) {
    stats.source_batches++;
    stats.batch_size.add(static_cast<double>(batch.items.size()));
    stats.source_age_ms.add(sim::to_millis(now_ - oldest));
  }
  start(grant.env, workload, oldest, grant.cold, b | kBatchBit);
  return true;
}

void Simulation::complete_batch(std::uint32_t b, bool success) {
  Batch& batch = *batches_[b];
  batch.running = false;
  SourceState& ss = *source_states_[batch.workload];
  ss.running--;
  const std::size_t f = scenario_.workloads[batch.workload].function;
  result_.functions[f].source_pollers.set(now_, ss.running);
  const bool poisoned = std::any_of(batch.items.begin(), batch.items.end(),
                                    [](const SourceItem& i) { return i.poison; });
  const bool ok = success && !poisoned;
  if (!ok && batch.items.front().arrival >= scenario_.warmup)
    result_.functions[f].source_failed_batches++;
  if (scenario_.workloads[batch.workload].source.type == SourceConfig::Type::Sqs)
    complete_queue_batch(b, success);
  else
    complete_lane_batch(b, ok);
}

// SQS: successful messages are deleted (unless their visibility timeout has
// already passed: then another receive will process them again); failed ones
// wait for the visibility timeout.
void Simulation::complete_queue_batch(std::uint32_t b, bool success) {
  Batch& batch = *batches_[b];
  const auto& src = scenario_.workloads[batch.workload].source;
  const std::size_t f = scenario_.workloads[batch.workload].function;
  const std::uint32_t workload = batch.workload;
  // With partial batch responses only the poison messages fail; otherwise
  // one poison message fails the whole batch.
  const bool poisoned = std::any_of(batch.items.begin(), batch.items.end(),
                                    [](const SourceItem& i) { return i.poison; });
  std::size_t kept = 0;  // failed items are compacted to the front
  for (const SourceItem& item : batch.items) {
    const bool item_ok = success && (src.partial_batch_response ? !item.poison : !poisoned);
    if (!item_ok) {
      batch.items[kept++] = item;
      continue;
    }
    if (batch.released) {
      if (item.arrival >= scenario_.warmup) result_.functions[f].source_duplicates++;
      continue;
    }
    end_message(workload, item.arrival, kSucceeded);
    set_backlog(workload, -1);
  }
  if (batch.released) {
    free_batch(b);
  } else {
    batch.items.resize(kept);  // the failed ones wait for BatchVisible
    if (batch.items.empty()) free_batch(b);
  }
  poll_queue(workload);
}

// The visibility timeout of a received batch passed: its messages that are
// not done become visible again, or go to the DLQ after max_receive_count.
void Simulation::on_batch_visible(std::uint32_t b, std::uint32_t gen) {
  Batch& batch = *batches_[b];
  if (batch.gen != gen || !batch.in_use) {
    ++stale_;
    return;
  }
  const auto& src = scenario_.workloads[batch.workload].source;
  const std::uint32_t workload = batch.workload;
  auto& queue = source_states_[workload]->lanes[0].items;
  for (SourceItem item : batch.items) {
    if (src.max_receive_count > 0 &&
        item.receives >= static_cast<std::uint32_t>(src.max_receive_count)) {
      end_message(workload, item.arrival, kDiscarded);
      set_backlog(workload, -1);
      continue;
    }
    item.visible_since = now_;
    queue.push_back(item);
  }
  if (batch.running) {
    batch.released = true;  // its copies are back in the queue
  } else {
    free_batch(b);
  }
  poll_queue(workload);
}

// Streams: success frees the lane; failure retries the batch (bisected when
// asked) until it succeeds, expires or runs out of attempts.
void Simulation::complete_lane_batch(std::uint32_t b, bool ok) {
  Batch& batch = *batches_[b];
  const std::uint32_t workload = batch.workload;
  const std::uint32_t lane = batch.lane;
  const auto& src = scenario_.workloads[workload].source;
  const std::size_t f = scenario_.workloads[workload].function;
  auto& l = source_states_[workload]->lanes[lane];
  l.busy = false;
  const bool expired = now_ - batch.items.front().arrival >= src.retention;
  const bool exhausted = src.max_retry_attempts >= 0 &&
                         batch.attempts > static_cast<std::uint32_t>(src.max_retry_attempts);
  if (ok || expired || exhausted) {
    for (const SourceItem& item : batch.items) {
      if (!ok && expired && item.arrival >= scenario_.warmup) result_.functions[f].source_expired++;
      end_message(workload, item.arrival, ok ? kSucceeded : kDiscarded);
      set_backlog(workload, -1);
    }
    free_batch(b);
    return poll_lane(workload, lane);
  }
  if (src.bisect && batch.items.size() > 1) {
    // The second half goes back to the head of the lane, in order.
    const std::size_t half = batch.items.size() / 2;
    l.items.insert(l.items.begin(), batch.items.begin() + static_cast<std::ptrdiff_t>(half),
                   batch.items.end());
    batch.items.resize(half);
    batch.attempts = 0;
  }
  l.pending_batch = b;
  arm_timer(workload, lane, now_ + scenario_.platform.stream_retry_delay);
}

void Simulation::end_message(std::uint32_t workload, Time arrival, int terminal) {
  if (arrival < scenario_.warmup) return;
  const auto& wl = scenario_.workloads[workload];
  auto& stats = result_.functions[wl.function];
  if (terminal == kSucceeded) {
    stats.succeeded++;
    return;
  }
  (wl.source.to_dlq ? stats.dlq : stats.dropped)++;
}

// Items still in the source at the horizon: waiting, or in a batch that is
// not released (a released batch's items are back in the queue already).
std::uint64_t Simulation::source_items_in_flight(std::uint32_t workload) const {
  std::uint64_t n = 0;
  for (const auto& lane : source_states_[workload]->lanes)
    for (const SourceItem& item : lane.items) n += item.arrival >= scenario_.warmup;
  for (const auto& batch : batches_)
    if (batch->in_use && !batch->released && batch->workload == workload)
      for (const SourceItem& item : batch->items) n += item.arrival >= scenario_.warmup;
  return n;
}

}  // namespace ls::models
