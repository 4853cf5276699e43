#include "models/components/component.hpp"

#include "models/components/time_series.hpp"

namespace ls::models {

FunctionDraws::FunctionDraws(const Scenario& s, std::size_t index, std::uint64_t replication)
    : timeout(s.functions[index].timeout),
      error_rate(s.functions[index].error_rate),
      duration_rng(sim::Rng::stream(s.seed, replication, {"duration/", s.functions[index].name})),
      keep_alive_rng(
          sim::Rng::stream(s.seed, replication, {"keep-alive/", s.functions[index].name})),
      duration(s.platform, s.functions[index]),
      config(s.functions[index]),
      init_rng(sim::Rng::stream(s.seed, replication, {"init/", config.name})),
      error_rng(sim::Rng::stream(s.seed, replication, {"errors/", config.name})) {}

FunctionStats* SimContext::record_invocation(std::size_t function, bool cold, bool counted) {
  SeriesRow& row = series.row(function);
  row.invocations++;
  if (cold) row.cold_starts++;
  if (!counted) return nullptr;
  FunctionStats& s = stats(function);
  s.invocations++;
  if (cold) s.cold_starts++;
  return &s;
}

void count_outcome(FunctionStats& stats, Outcome outcome) {
  switch (outcome) {
    case Outcome::Succeeded: stats.succeeded++; break;
    case Outcome::Failed: stats.failed++; break;
    case Outcome::TimedOut: stats.timed_out++; break;
    case Outcome::ResponseTooLarge:
      stats.failed++;
      stats.payload().response_too_large++;
      break;
  }
}

}  // namespace ls::models
