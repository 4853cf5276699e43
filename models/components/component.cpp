#include "models/components/component.hpp"

namespace ls::models {

FunctionDraws::FunctionDraws(const Scenario& s, std::size_t index, std::uint64_t replication)
    : config(s.functions[index]),
      timeout(config.timeout),
      error_rate(config.error_rate),
      duration(s.platform, s.functions[index]),
      duration_rng(sim::Rng::stream(s.seed, replication, "duration/" + config.name)),
      init_rng(sim::Rng::stream(s.seed, replication, "init/" + config.name)),
      error_rng(sim::Rng::stream(s.seed, replication, "errors/" + config.name)),
      keep_alive_rng(sim::Rng::stream(s.seed, replication, "keep-alive/" + config.name)) {}

void count_outcome(FunctionStats& stats, Outcome outcome) {
  switch (outcome) {
    case Outcome::Succeeded: stats.succeeded++; break;
    case Outcome::Failed: stats.failed++; break;
    case Outcome::TimedOut: stats.timed_out++; break;
    case Outcome::ResponseTooLarge:
      stats.failed++;
      stats.response_too_large++;
      break;
  }
}

}  // namespace ls::models
