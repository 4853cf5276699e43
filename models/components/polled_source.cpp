#include "models/components/polled_source.hpp"

#include <algorithm>
#include <string>

#include "models/components/meters.hpp"
#include "models/free_slot.hpp"

namespace ls::models {

PolledSource::PolledSource(SimContext& ctx, Environments& environments, SourceConfig::Type type,
                           std::size_t (*lanes)(const SourceConfig&))
    : ctx_(ctx),
      environments_(environments),
      type_(type),
      caller_(environments.add_client(*this)),
      timer_kind_(ctx.engine.add_kind<&PolledSource::on_timer>(this)),
      function_pollers_(ctx.scenario.functions.size(), 0) {
  const auto& workloads = ctx.scenario.workloads;
  states_.resize(workloads.size());
  for (std::uint32_t w = 0; w < workloads.size(); ++w) {
    if (workloads[w].source->type != type) continue;
    auto state = std::make_unique<State>();
    state->lanes.resize(lanes(*workloads[w].source));
    state->rng = ctx.stream("source", std::to_string(ctx.workload_id(w)));
    state->allowed = ctx.scenario.platform.sqs.initial_concurrency;
    states_[w] = std::move(state);
  }
}

bool PolledSource::accepts(const WorkloadConfig& workload) const {
  return workload.source->type == type_;
}

std::uint32_t PolledSource::new_batch(std::uint32_t workload, std::uint32_t lane) {
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

void PolledSource::free_batch(std::uint32_t b) {
  batches_[b]->in_use = false;
  batches_[b]->gen++;
  free_batches_.push_back(b);
}

void PolledSource::set_backlog(std::uint32_t workload, int delta) {
  State& ss = *states_[workload];
  ss.backlog += delta;
  // A message or record not yet done is held in memory (in its lane or a
  // batch) like a queued async event: it counts toward the run's bound on
  // held requests, so a backlog that outgrows its pollers stops the run
  // with an error instead of exhausting memory.
  if (delta > 0) {
    ctx_.hold(workload);
  } else {
    ctx_.release_held();
  }
  ctx_.stats(ctx_.function_of(workload)).source().backlog.set(ctx_.now(), ss.backlog);
}

std::uint64_t& PolledSource::billed_poller_us(std::size_t f) {
  FunctionUsage& usage = ctx_.result.usage[f];
  return type_ == SourceConfig::Type::Kafka ? usage.kafka_poller_us : usage.sqs_poller_us;
}

void PolledSource::set_event_pollers(std::uint32_t workload, int pollers, int units) {
  State& ss = *states_[workload];
  const sim::Time now = ctx_.now();
  const std::size_t f = ctx_.function_of(workload);
  if (units != ss.billed_units) {
    ss.units_area.add(billed_poller_us(f), static_cast<std::uint64_t>(ss.billed_units),
                      now - ss.units_since);
    ss.billed_units = units;
    ss.units_since = now;
  }
  if (pollers == ss.event_pollers) return;
  function_pollers_[f] += pollers - ss.event_pollers;
  ss.event_pollers = pollers;
  ctx_.stats(f).source().event_pollers.set(now, function_pollers_[f]);
}

void PolledSource::warmup_end() {
  for (std::size_t f = 0; f < function_pollers_.size(); ++f)
    if (function_pollers_[f] > 0)
      ctx_.stats(f).source().event_pollers.reset(ctx_.now(), function_pollers_[f]);
}

void PolledSource::arrive(std::uint32_t workload) {
  const auto& src = config(workload);
  State& ss = *states_[workload];
  const sim::Time now = ctx_.now();
  SourceItem item;
  item.arrival = item.visible_since = now;
  ++ss.received;
  item.poison = (src.poison_every > 0 && ss.received % src.poison_every == 0) ||
                (src.record_failure_rate > 0 && ss.rng.uniform() < src.record_failure_rate);
  if (item.poison && ctx_.counted(now)) ctx_.stats(ctx_.function_of(workload)).source().poison++;
  const std::size_t lane = ss.lanes.size() > 1 ? ss.rng.below(ss.lanes.size()) : 0;
  ss.lanes[lane].items.push_back(item);
  set_backlog(workload, +1);
  poll(workload, static_cast<std::uint32_t>(lane));
}

void PolledSource::arm_timer(std::uint32_t workload, std::uint32_t lane, sim::Time at) {
  auto& l = states_[workload]->lanes[lane];
  if (l.timer_armed && l.timer_at <= at) return;
  l.timer_armed = true;
  l.timer_at = at;
  ctx_.engine.schedule(at, timer_kind_, workload, lane, ++l.timer_gen);
}

void PolledSource::on_timer(const sim::Event& ev) {
  auto& l = states_[ev.index]->lanes[ev.gen];
  if (ev.aux != l.timer_gen) {
    ctx_.engine.count_stale();
    return;
  }
  l.timer_armed = false;
  poll(ev.index, ev.gen);
}

std::size_t PolledSource::batch_limit(const SourceConfig& src) const {
  std::size_t n = static_cast<std::size_t>(src.batch_size);
  if (src.record_kb > 0)
    n = std::min<std::size_t>(
        n, std::max(1, ctx_.scenario.platform.max_batch_payload_kb / src.record_kb));
  return n;
}

bool PolledSource::launch(std::uint32_t workload, std::uint32_t b) {
  const std::size_t f = ctx_.function_of(workload);
  Batch& batch = *batches_[b];
  const sim::Time oldest = batch.items.front().arrival;
  ThrottleCause cause = ThrottleCause::AccountLimit;
  if (!environments_.invoke(workload, oldest, caller_, b, cause)) {
    ctx_.meters.count_throttle(f, ctx_.counted(oldest), batch.attempts == 0, cause);
    return false;
  }
  const sim::Time now = ctx_.now();
  batch.attempts++;
  batch.running = true;
  batch.started = now;
  State& ss = *states_[workload];
  ss.running++;
  SourceStats& stats = ctx_.stats(f).source();
  stats.pollers.set(now, ss.running);
  if (ctx_.counted(now)) {
    stats.batches++;
    stats.batch_size.add(static_cast<double>(batch.items.size()));
    stats.age_ms.add(sim::to_millis(now - oldest));
  }
  return true;
}

void PolledSource::execution_ended(std::uint32_t b, bool success) {
  Batch& batch = *batches_[b];
  batch.running = false;
  State& ss = *states_[batch.workload];
  ss.running--;
  const std::size_t f = ctx_.function_of(batch.workload);
  ctx_.stats(f).source().pollers.set(ctx_.now(), ss.running);
  const bool poisoned = std::any_of(batch.items.begin(), batch.items.end(),
                                    [](const SourceItem& i) { return i.poison; });
  const bool ok = success && !poisoned;
  if (!ok && ctx_.counted(batch.items.front().arrival)) ctx_.stats(f).source().failed_batches++;
  completed(b, success, ok);
}

void PolledSource::end_item(std::uint32_t workload, sim::Time arrival, Terminal terminal) {
  if (!ctx_.counted(arrival)) return;
  const auto& wl = ctx_.scenario.workloads[workload];
  auto& stats = ctx_.stats(wl.function);
  if (terminal == kSucceeded) {
    stats.succeeded++;
    return;
  }
  (wl.source->to_dlq ? stats.dlq : stats.dropped)++;
}

// Items still in the source at the horizon: waiting, or in a batch that is
// not released (a released batch's items are back in the queue already).
std::uint64_t PolledSource::items_in_flight(std::uint32_t workload) const {
  std::uint64_t n = 0;
  for (const auto& lane : states_[workload]->lanes)
    for (const SourceItem& item : lane.items) n += ctx_.counted(item.arrival);
  for (const auto& batch : batches_)
    if (batch->in_use && !batch->released && batch->workload == workload)
      for (const SourceItem& item : batch->items) n += ctx_.counted(item.arrival);
  return n;
}

// Also bills the event pollers still running up to the horizon.
void PolledSource::finish() {
  for (std::uint32_t w = 0; w < states_.size(); ++w) {
    if (!states_[w]) continue;
    State& ss = *states_[w];
    const std::size_t f = ctx_.function_of(w);
    ctx_.stats(f).in_flight_at_end += items_in_flight(w);
    ss.units_area.add(billed_poller_us(f), static_cast<std::uint64_t>(ss.billed_units),
                      ctx_.scenario.horizon - ss.units_since);
    ss.units_since = ctx_.scenario.horizon;
  }
}

}  // namespace ls::models
