// `lambdasim compare`, the computation: the scenario's traffic on each
// compute kind (on-demand Lambda, provisioned concurrency, Managed
// Instances, Web Functions) at a ladder of traffic levels, all simulated
// with common random numbers through the shared runner, then the cheapest
// kind per level and the request rates where it flips (break-even).
// Command line: cli_compare.cpp; outputs: compare_report.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools {

enum class ComputeOption { OnDemand, Provisioned, ManagedInstances, Web };

struct CompareRequest {
  std::string scenario_path;
  models::LoadOptions load;
  std::string function;  // "" : the only function
  std::vector<ComputeOption>
      kinds;  // empty: on-demand, provisioned, managed-instances (+ web if configured)
  std::vector<double> scales;      // traffic multipliers; empty: kDefaultScales
  std::optional<int> provisioned;  // constant PC; unset: the scenario's, else auto
};

// 1-2-5 steps around the scenario's own traffic.
inline const std::vector<double> kDefaultScales = {0.1, 0.2, 0.5, 1, 2, 5, 10};

// One compute kind at one traffic level (means over replications).
struct CompareCell {
  double cost_month = 0.0;        // the function's bill for a 730-hour month
  double cost_per_million = 0.0;  // per 1M invocations
  double p50_ms = 0.0, p99_ms = 0.0;
  double cold_starts = 0.0;
  double throttled = 0.0;  // rejected attempts
  double throttle_rate_final = 0.0;
  double invocations = 0.0;
  std::optional<int> provisioned;  // the PC level of a provisioned cell
};

struct Crossover {
  std::size_t below = 0, above = 0;        // kinds (indices into CompareResult::kinds)
  double rate_low = 0.0, rate_high = 0.0;  // the grid step it lies in (requests/s)
  double rate = 0.0;                       // linear interpolation of the two kinds' monthly costs
};

struct CompareResult {
  std::string scenario, function;
  double horizon_s = 0.0;
  int replications = 1;
  std::vector<ComputeOption> kinds;
  std::vector<double> scales;
  std::vector<double> rates;                    // requests/s offered to the function at each scale
  std::vector<std::vector<CompareCell>> cells;  // [kind][scale]
  // Kind index per scale: the cheapest among the kinds priced on published
  // rates (placeholder-priced kinds are ranked apart, never headlined).
  std::vector<std::size_t> cheapest;
  // Every pair of ranked kinds (not placeholder-priced) whose cost order
  // flips between neighbouring levels, in order of rate.
  std::vector<Crossover> crossovers;
  std::size_t base = 0;  // index of the scale closest to 1 (the scenario's traffic)
  bool web_rates_published = true;
  // Whether the function's callers wait for it (sync, not fed by an event
  // source): otherwise it has no request latency and the table shows "–".
  bool request_latency = true;
  // What each row keeps of the scenario's provisioned concurrency, in words:
  // "on-demand: the scenario's provisioned concurrency (a schedule of 3
  // steps) removed: every request runs on demand".
  std::vector<std::string> notes;
  double wall_seconds = 0.0;
  // Priced on rates AWS has not published (web, from placeholders).
  bool placeholder(std::size_t kind) const {
    return kinds[kind] == ComputeOption::Web && !web_rates_published;
  }
};

const char* compute_option_name(ComputeOption k);
// "on-demand,managed-instances" → kinds; throws ls::Error naming --compute.
std::vector<ComputeOption> parse_compute_list(const std::string& text);
std::vector<double> parse_scale_list(const std::string& text);

CompareResult run_compare(const CompareRequest& request, const RunnerOptions& runner);

// Cheapest kind per scale and the crossovers between neighbouring scales
// (run_compare calls it; public for tests).
void find_break_even(CompareResult& result);

}  // namespace ls::tools
