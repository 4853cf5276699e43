// How `lambdasim tune` picks a configuration: Power Tuning's strategies
// (../shared/reference/power-tuning.md §4.5, reproduced exactly, tie-breaks
// included), the Pareto front of cost against latency, and latency
// objectives (--slo p99<=800ms). Pure functions of the numbers, so the rules
// are tested on hand-computed cases without simulating anything.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ls::tools {

enum class TuneStrategy { Cost, Speed, Balanced };

std::string_view strategy_name(TuneStrategy strategy);
// "cost" | "speed" | "balanced" (case-sensitive, as Power Tuning); throws
// ls::Error naming --strategy otherwise.
TuneStrategy parse_strategy(const std::string& text);

// What the strategies read of one point: a cost and a duration (any units,
// the same for every candidate). Ineligible candidates (timing out, missing
// the SLO) take no part, not even in the balanced score's maxima.
struct Candidate {
  double cost = 0.0;
  double duration = 0.0;
  bool eligible = true;
};

// Power Tuning's Analyzer over candidates in grid order:
// - cost: lowest cost; equal cost → lower duration;
// - speed: lowest duration; equal duration → lower cost;
// - balanced: lowest w·cost/maxCost + (1−w)·duration/maxDuration, with
//   w = clamp(weight, 0, 1) and the maxima over the eligible candidates; no
//   tie-break (the earlier candidate wins).
// Remaining ties keep the earlier candidate. nullopt when none is eligible.
std::optional<std::size_t> pick_winner(const std::vector<Candidate>& candidates,
                                       TuneStrategy strategy, double weight);

// For each candidate: true when it is eligible and no eligible candidate is
// at least as good in both cost and duration and better in one.
std::vector<bool> pareto_front(const std::vector<Candidate>& candidates);

// A latency objective: `<metric> <= <limit>` or `<metric> < <limit>`, metric
// one of mean, p50, p90, p95, p99, p999, max; limit a duration ("800ms").
struct Slo {
  std::string text;    // as given, e.g. "p99<=800ms"
  std::string metric;  // "p99"
  double limit_ms = 0.0;
  bool strict = false;  // "<" rather than "<="
};

// Throws ls::Error naming --slo with what is allowed.
Slo parse_slo(const std::string& text);
bool slo_met(const Slo& slo, double value_ms);

}  // namespace ls::tools
