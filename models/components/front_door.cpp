#include "models/components/front_door.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "models/components/client_retry.hpp"
#include "models/components/meters.hpp"
#include "models/free_slot.hpp"

namespace ls::models {

FrontDoor::FrontDoor(SimContext& ctx, Environments& environments)
    : ctx_(ctx),
      environments_(environments),
      caller_(environments.add_client(*this)),
      retry_kind_(ctx.engine.add_kind<&FrontDoor::on_retry>(this)) {
  const ApiGatewayDefaults& gateway = ctx.scenario.platform.api_gateway;
  account_ = TokenBucket(gateway.account_burst, gateway.account_rate);
  const auto& functions = ctx.scenario.functions;
  for (std::size_t w = 0; w < ctx.scenario.workloads.size(); ++w) {
    const WorkloadConfig& wl = ctx.scenario.workloads[w];
    PerWorkload pw;
    pw.limited = wl.front_door->rate_limit > 0;
    if (pw.limited) pw.stage = TokenBucket(wl.front_door->burst, wl.front_door->rate_limit);
    // Drawn only for the workloads it takes (arrive()).
    if (accepts(wl))
      pw.rng = ctx.stream("front-door",
                          functions[wl.function].name + "#" + std::to_string(ctx.workload_id(w)));
    workloads_.push_back(std::move(pw));
  }
}

bool FrontDoor::accepts(const WorkloadConfig& workload) const {
  return workload.front_door->enabled() && workload.invocation == Invocation::Sync &&
         workload.source->type == SourceConfig::Type::None;
}

void FrontDoor::arrive(std::uint32_t workload) {
  const sim::Time now = ctx_.now();
  // Lambda's request limit (6 MB) is below API Gateway's (10 MB): the
  // request passes the front door and is refused by Lambda.
  double kb = 0;
  if (!environments_.sync_request_fits(workload, now, &kb)) return;
  const std::uint32_t slot = take_free_slot(requests_, free_);
  requests_[slot] = Request{now, now, kb, workload, 0, true};
  ctx_.hold(workload);
  attempt(slot);
}

bool FrontDoor::gateway_admits(std::uint32_t workload, sim::Time now) {
  PerWorkload& w = workloads_[workload];
  if (!account_.has_token(now) || (w.limited && !w.stage.has_token(now))) return false;
  account_.take(now);
  if (w.limited) w.stage.take(now);
  return true;
}

void FrontDoor::attempt(std::uint32_t slot) {
  Request& rq = requests_[slot];
  rq.attempt++;
  const std::size_t f = ctx_.function_of(rq.workload);
  const FrontDoorConfig& door = *ctx_.scenario.workloads[rq.workload].front_door;
  const bool counted = ctx_.counted(rq.arrival);
  const sim::Time now = ctx_.now();
  if (door.api_gateway() && !gateway_admits(rq.workload, now)) {
    if (counted) ctx_.stats(f).front_door().throttled++;
    return retry_or_give_up(slot, true);
  }
  // API Gateway bills every request it passes on (throttled ones are free),
  // for the whole horizon like every other charge; an HTTP API one per
  // started metering increment of the request.
  auto& usage = ctx_.result.usage[f];
  if (door.type == FrontDoorConfig::Type::RestApi) usage.rest_api_requests++;
  if (door.type == FrontDoorConfig::Type::HttpApi) {
    const double increment = ctx_.scenario.platform.api_gateway.http_metering_kb;
    usage.http_api_requests +=
        std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(rq.kb / increment)));
  }
  rq.sent = now;
  ThrottleCause cause = ThrottleCause::AccountLimit;
  if (environments_.invoke(rq.workload, rq.arrival, caller_, slot, cause)) return;
  ctx_.meters.count_throttle(f, counted, rq.attempt == 1, cause);
  retry_or_give_up(slot, false);
}

void FrontDoor::retry_or_give_up(std::uint32_t slot, bool by_front_door) {
  const Request& rq = requests_[slot];
  const WorkloadConfig& wl = ctx_.scenario.workloads[rq.workload];
  if (rq.attempt > static_cast<std::uint32_t>(wl.client_retry.max)) {
    if (ctx_.counted(rq.arrival)) {
      auto& stats = ctx_.stats(wl.function);
      (by_front_door ? stats.front_door().throttled_final : stats.throttled_final)++;
    }
    return end(slot);
  }
  const double delay = client_backoff_s(wl.client_retry, rq.attempt, workloads_[rq.workload].rng);
  ctx_.engine.schedule(sim::add_saturating(ctx_.now(), sim::from_seconds(delay)), retry_kind_,
                       slot);
}

void FrontDoor::on_retry(const sim::Event& ev) {
  if (ctx_.counted(requests_[ev.index].arrival))
    ctx_.stats(ctx_.function_of(requests_[ev.index].workload)).retries++;
  attempt(ev.index);
}

void FrontDoor::execution_ended(std::uint32_t slot, bool success) {
  execution_outcome(slot, success ? Outcome::Succeeded : Outcome::Failed);
}

// The function's response reached the front door: the client gets it, or a
// 504 if it came after the integration timeout (the client saw the 504 at
// the timeout). Either way the front door's overhead is added.
void FrontDoor::execution_outcome(std::uint32_t slot, Outcome outcome) {
  const Request& rq = requests_[slot];
  const WorkloadConfig& wl = ctx_.scenario.workloads[rq.workload];
  const FrontDoorConfig& door = *wl.front_door;
  const sim::Time overhead = door.overhead.sample(workloads_[rq.workload].rng);
  if (ctx_.counted(rq.arrival)) {
    auto& stats = ctx_.stats(wl.function);
    sim::Time integration = ctx_.now() - rq.sent;
    if (door.timeout > 0 && integration > door.timeout) {
      stats.front_door().timeouts++;
      integration = door.timeout;
    } else {
      count_outcome(stats, outcome);
    }
    stats.latency_ms.add(sim::to_millis(rq.sent - rq.arrival + integration + overhead));
  }
  end(slot);
}

void FrontDoor::end(std::uint32_t slot) {
  requests_[slot].in_use = false;
  free_.push_back(slot);
  ctx_.release_held();
}

// Requests running or waiting for a client retry at the horizon.
void FrontDoor::finish() {
  for (const Request& rq : requests_)
    if (rq.in_use && ctx_.counted(rq.arrival))
      ctx_.stats(ctx_.function_of(rq.workload)).in_flight_at_end++;
}

}  // namespace ls::models
