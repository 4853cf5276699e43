// The assembly: builds the components, routes each workload's arrivals to
// the component that takes them, and runs the engine. A new component (an
// event source, a compute kind) is one add() line here.
#include "models/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "models/account_pool.hpp"
#include "models/arrivals.hpp"
#include "models/components/async_queue.hpp"
#include "models/components/component.hpp"
#include "models/components/durable.hpp"
#include "models/components/environments.hpp"
#include "models/components/front_door.hpp"
#include "models/components/meters.hpp"
#include "models/components/multi_compute.hpp"
#include "models/components/provisioned.hpp"
#include "models/components/snapstart.hpp"
#include "models/components/sqs_source.hpp"
#include "models/components/stream_source.hpp"
#include "models/components/time_series.hpp"
#include "models/merged_arrivals.hpp"
#include "models/stats_parts_of.hpp"
#include "sim/engine.hpp"
#include "sim/prefetch.hpp"

namespace ls::models {
namespace {

// The statistics with the parts each function's configuration can fill.
RunResult sized_result(const Scenario& scenario) {
  RunResult r;
  const std::size_t functions = scenario.functions.size();
  r.functions.resize(functions);
  const std::vector<StatsPartUse> parts = stats_parts_of(scenario);
  for (std::size_t f = 0; f < functions; ++f) r.functions[f].allocate(parts[f]);
  r.usage.resize(functions);
  return r;
}

std::vector<WorkloadRoute> routes_of(const Scenario& scenario) {
  std::vector<WorkloadRoute> routes;
  routes.reserve(scenario.workloads.size());
  for (const WorkloadConfig& w : scenario.workloads)
    routes.push_back({static_cast<std::uint32_t>(w.function), w.invocation == Invocation::Async,
                      w.payload->any()});
  return routes;
}

sim::HugePageVector<FunctionDraws> draws_of(const Scenario& scenario, std::uint64_t replication) {
  sim::HugePageVector<FunctionDraws> draws;
  draws.reserve(scenario.functions.size());
  for (std::size_t f = 0; f < scenario.functions.size(); ++f)
    draws.emplace_back(scenario, f, replication);
  return draws;
}

// FunctionStats' leading fields, those every request touches (run_result.hpp).
constexpr std::size_t kHotStatsBytes = 3 * sim::kCacheLine;
constexpr std::uint32_t kNoFunction = 0xFFFFFFFFu;
constexpr std::uint32_t kNoWorkload = 0xFFFFFFFFu;

// A workload's index in this run from its index in the whole scenario, or
// kNoWorkload when another part of a split run simulates it. A part's
// workload ids are ascending (models/partition.cpp, make_part): a binary
// search, so a part of a big fleet costs its own size.
class LocalWorkloads {
 public:
  LocalWorkloads(const std::vector<std::uint32_t>& workload_ids, std::size_t workloads)
      : ids_(workload_ids), workloads_(workloads) {
    if (!std::is_sorted(ids_.begin(), ids_.end()))
      throw std::logic_error("a part's workload ids are not ascending");
  }
  std::uint32_t whole(std::uint32_t local) const { return ids_.empty() ? local : ids_[local]; }
  std::uint32_t local(std::uint32_t whole) const {
    if (ids_.empty()) return whole < workloads_ ? whole : kNoWorkload;
    const auto it = std::lower_bound(ids_.begin(), ids_.end(), whole);
    return it != ids_.end() && *it == whole ? static_cast<std::uint32_t>(it - ids_.begin())
                                            : kNoWorkload;
  }

 private:
  const std::vector<std::uint32_t>& ids_;
  std::size_t workloads_;
};

}  // namespace

struct Simulation::Parts {
  Parts(const Scenario& s, RunOptions o);

  // Takes a component: it starts, ends its warm-up and finishes in the order
  // added; a RequestSink is offered the workloads, a Compute the functions.
  template <class C>
  C& add(std::unique_ptr<C> component) {
    C& c = *component;
    if constexpr (std::is_base_of_v<RequestSink, C>) sinks.push_back(&c);
    if constexpr (std::is_base_of_v<Compute, C>) environments.add_compute(c);
    components.push_back(std::move(component));
    return c;
  }
  void on_arrival(const sim::Event& event);
  void on_merged_arrival(const sim::Event& event);
  void deliver(std::uint32_t workload, sim::Time at);
  void skip_other_parts_arrivals(MergedPoissonStream& stream);
  void on_warmup_end(const sim::Event& event);

  const Scenario& scenario;
  RunOptions options;
  sim::Engine engine;
  RunResult result;
  std::vector<WorkloadRoute> routes;
  sim::HugePageVector<FunctionDraws> draws;
  Meters meters;
  TimeSeries series;
  HeldRequests held;
  SimContext ctx;
  AccountPool pool;
  Environments environments;
  std::vector<std::unique_ptr<Component>> components;
  std::vector<RequestSink*> sinks;
  std::vector<RequestSink*> sink_of;  // by workload
  std::vector<ArrivalSource> sources;
  std::vector<sim::Rng> source_rngs;
  std::vector<std::uint32_t> source_function;  // by source: 4 bytes, cached at any fleet size
  // The merged Poisson streams (models/merged_arrivals.hpp) of the blocks
  // of which this run simulates some members, and each one's block: their
  // lane indices come after the sources', merged_lane + i for merged[i].
  std::vector<MergedPoissonStream> merged;
  std::vector<std::uint32_t> merged_block;
  std::uint32_t merged_lane = kNoFunction;
};

Simulation::Parts::Parts(const Scenario& s, RunOptions o)
    : scenario(s),
      options(std::move(o)),
      engine(s.horizon),
      result(sized_result(s)),
      routes(routes_of(s)),
      draws(draws_of(s, options.replication)),
      meters(s.functions.size(), engine, result, series),
      series(engine, result, meters, s.functions.size(), options.series_interval),
      held{options.max_held_requests, 0},
      ctx{s,
          routes,
          options.replication,
          engine,
          result,
          meters,
          series,
          draws,
          held,
          options.workload_ids.empty() ? nullptr : &options.workload_ids},
      pool(s, options.reserved_elsewhere),
      environments(ctx, pool) {
  if (options.record_account_seconds) pool.record_seconds(engine.clock(), s.horizon);
  // The components. Their start() order is the order in which their first
  // events are scheduled (before the first arrivals): keep it.
  add(std::make_unique<SqsSource>(ctx, environments));
  add(std::make_unique<StreamSource>(ctx, environments));
  add(std::make_unique<AsyncQueue>(ctx, environments));
  add(std::make_unique<Provisioned>(ctx, environments, pool));
  add(std::make_unique<MultiCompute>(ctx));
  add(std::make_unique<SnapStartVersions>(ctx, environments));
  add(std::make_unique<FrontDoor>(ctx, environments));  // before the plain sync path
  add(std::make_unique<StreamSource>(ctx, environments, SourceConfig::Type::Kafka));
  add(std::make_unique<DurableExecutions>(ctx, environments));
  sinks.push_back(&environments);  // synchronous requests: the default

  for (std::uint32_t w = 0; w < s.workloads.size(); ++w) {
    RequestSink* sink = nullptr;
    for (RequestSink* candidate : sinks)
      if (candidate->accepts(s.workloads[w])) {
        sink = candidate;
        break;
      }
    if (sink == nullptr) throw std::logic_error("no component takes workload " + std::to_string(w));
    sink_of.push_back(sink);
  }

  engine.set_arrival_handler<&Parts::on_arrival>(this);
  sources = make_arrival_sources(s);
  // A whole run plans its merged stream; a part gets the whole run's.
  // The stream keeps its own relabeled copy of the plan's table: the plan
  // is needed only here.
  const std::shared_ptr<const PoissonMerge> merge_plan =
      options.workload_ids.empty() ? plan_poisson_merge(s) : options.poisson_merge;
  if (merge_plan) {
    const LocalWorkloads ids(options.workload_ids, s.workloads.size());
    // The blocks with members here, by position in the plan: a part with
    // no member of a block has no use for its stream (it would only pass
    // over other parts' arrivals).
    std::vector<bool> here(merge_plan->blocks.size(), false);
    for (std::uint32_t w = 0; w < s.workloads.size(); ++w)
      if (const std::uint32_t b = merge_plan->block_of_workload[ids.whole(w)];
          b != PoissonMerge::kNotMerged)
        here[b] = true;
    std::vector<bool> is_member(s.workloads.size(), false);
    for (std::size_t b = 0; b < here.size(); ++b) {
      if (!here[b]) continue;
      const PoissonMerge::Block& block = merge_plan->blocks[b];
      std::vector<std::uint32_t> local;  // by member: its workload here, or kNoWorkload
      local.reserve(block.workloads.size());
      for (std::uint32_t whole : block.workloads) {
        local.push_back(ids.local(whole));
        if (local.back() != kNoWorkload) is_member[local.back()] = true;
      }
      merged.emplace_back(block.member_of_arrival.relabeled(local), block.mean_gap_s,
                          ctx.stream("arrivals", merged_stream_name(block.index)));
      merged.back().prefetch_on_label(routes);  // read by on_merged_arrival, an arrival later
      merged_block.push_back(block.index);
    }
    // The members' main processes arrive by the merged streams (their
    // bursts keep their own sources).
    std::erase_if(sources, [&](const ArrivalSource& source) {
      return source.ordinal == 0 && is_member[source.workload];
    });
  }
  merged_lane = static_cast<std::uint32_t>(sources.size());
  // Streams are named after the function and the workload's position among
  // that function's workloads, so adding a workload elsewhere shifts nothing.
  std::vector<std::size_t> per_function(s.functions.size(), 0);
  std::vector<std::size_t> ordinal_of_workload(s.workloads.size());
  for (std::size_t w = 0; w < s.workloads.size(); ++w)
    ordinal_of_workload[w] = per_function[s.workloads[w].function]++;
  for (const auto& source : sources) {
    const auto& wl = s.workloads[source.workload];
    const std::string name = s.functions[wl.function].name + "#" +
                             std::to_string(ordinal_of_workload[source.workload]) + "." +
                             std::to_string(source.ordinal);
    source_rngs.push_back(ctx.stream("arrivals", name));
    source_function.push_back(routes[source.workload].function);
  }
}

// The arrival lane's earliest event: source s's next arrival.
void Simulation::Parts::on_arrival(const sim::Event& ev) {
  const std::uint32_t s = ev.index;
  if (s >= merged_lane) return on_merged_arrival(ev);
  auto& source = sources[s];
  engine.next_arrival(source.generator.next(source_rngs[s]));
  // At thousands of functions most of a request's time is cache misses on
  // its function's state: start loading the next arrival's now, while this
  // one is handled (a hint; nothing changes).
  std::uint32_t next_function = kNoFunction;
  if (std::uint32_t next; engine.peek_arrival(next)) {
    if (next >= merged_lane) {
      if (const std::uint32_t w = merged[next - merged_lane].front().label;
          w != kNoWorkload)  // else another part's
        next_function = routes[w].function;
    } else {
      sim::prefetch(sources[next]);
      sim::prefetch(source_rngs[next]);
      next_function = source_function[next];
    }
    if (next_function != kNoFunction) {
      sim::prefetch(result.functions[next_function], kHotStatsBytes);
      environments.prefetch(next_function);
    }
  }
  deliver(static_cast<std::uint32_t>(source.workload), ev.time);
  // Then the environment the next request will likely reuse: reading which
  // one needed the lists prefetched above (#20).
  if (next_function != kNoFunction) environments.prefetch_reused(next_function);
}

// A merged stream's front arrival. The stream knows its next arrivals'
// functions several arrivals ahead, so their state is prefetched earlier
// than the per-source lane can (the lane knows only the very next one).
// With one stream (a fleet of one block, or a part of a run cut into
// blocks) those are the very next arrivals.
void Simulation::Parts::on_merged_arrival(const sim::Event& ev) {
  MergedPoissonStream& stream = merged[ev.index - merged_lane];
  const std::uint32_t workload = stream.front().label;
  stream.advance();
  skip_other_parts_arrivals(stream);
  engine.next_last_arrival(stream.front().at);
  // The farthest arrival whose route is loaded by now (prefetch_on_label).
  if (const std::uint32_t far = stream.ahead(MergedPoissonStream::kKnown - 2).label;
      far != kNoWorkload) {
    const std::uint32_t f = routes[far].function;
    sim::prefetch(result.functions[f], kHotStatsBytes);
    environments.prefetch(f);
  }
  deliver(workload, ev.time);
  if (const std::uint32_t next = stream.front().label; next != kNoWorkload)
    environments.prefetch_reused(routes[next].function);
}

// In a part of a split run, the arrivals of a block's members that other
// parts simulate: the stream draws them (so this part's are the whole
// run's), and passes over them without an event. Merged arrivals come last
// at their instant, by block (Engine::add_last_arrival), so leaving them
// out orders nothing else differently.
void Simulation::Parts::skip_other_parts_arrivals(MergedPoissonStream& stream) {
  while (stream.front().label == kNoWorkload && stream.front().at < engine.horizon())
    stream.advance();
}

void Simulation::Parts::deliver(std::uint32_t workload, sim::Time at) {
  const WorkloadRoute route = routes[workload];
  const std::size_t f = route.function;
  series.row(f).arrivals++;
  if (ctx.counted(at)) {
    result.functions[f].arrivals++;
    if (route.async) result.functions[f].async().events++;
  }
  sink_of[workload]->arrive(workload);
}

void Simulation::Parts::on_warmup_end(const sim::Event&) {
  meters.warmup_end();
  environments.warmup_end();
  for (auto& c : components) c->warmup_end();
}

Simulation::Simulation(const Scenario& scenario, RunOptions options)
    : parts_(std::make_unique<Parts>(scenario, std::move(options))) {}

Simulation::~Simulation() = default;

RunResult Simulation::run() {
  Parts& p = *parts_;
  const auto wall_start = std::chrono::steady_clock::now();
  p.engine.set_warmup<&Parts::on_warmup_end>(p.scenario.warmup, &p);
  for (auto& c : p.components) c->start();
  for (std::uint32_t i = 0; i < p.merged.size(); ++i) {
    p.skip_other_parts_arrivals(p.merged[i]);
    p.engine.add_last_arrival(p.merged[i].front().at, p.merged_lane + i, p.merged_block[i]);
  }
  for (std::uint32_t s = 0; s < p.sources.size(); ++s)
    p.engine.add_arrival(p.sources[s].generator.next(p.source_rngs[s]), s);
  p.series.start();
  p.engine.set_stop_flag(p.options.stop);
  p.engine.run(p.options.progress);
  p.environments.finish();
  for (auto& c : p.components) c->finish();
  p.series.finish();
  for (FunctionStats& stats : p.result.functions) stats.settle_histograms();
  p.result.events = p.engine.events();
  p.result.stale_events = p.engine.stale();
  p.pool.seconds().finish();
  p.result.account_peaks = {p.pool.unreserved_peak(), p.pool.account_rps_two_second_peak(),
                            p.held.peak, p.pool.seconds().take_levels(),
                            p.pool.seconds().take_counts()};
  p.result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return std::move(p.result);
}

RunResult simulate(const Scenario& scenario, const RunOptions& options) {
  Simulation simulation(scenario, options);
  return simulation.run();
}

bool conservation_ok(const FunctionStats& s) {
  return s.arrivals == s.succeeded + s.failed + s.timed_out + s.throttled_final + s.dlq +
                           s.dropped + s.in_flight_at_end + s.payload().rejected +
                           s.front_door().throttled_final + s.front_door().timeouts;
}

}  // namespace ls::models
