// The Azure Functions 2019 trace (Shahrad et al., "Serverless in the Wild",
// USENIX ATC 2020; CC BY 4.0): per-minute invocation counts, execution-time
// percentiles and allocated memory per function, turned into a complete
// lambdasim scenario by `lambdasim azure2scenario`. The loader replays the
// counts itself (`arrivals: {process: trace, format: azure-2019}`); this
// file only reads what a scenario needs to describe the function.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ls::tools {

struct AzureFunction {
  std::size_t row = 0;  // 0-based data row of invocations.csv
  std::string hash;     // HashFunction
  std::string app;      // HashApp
  std::string trigger;
  std::string first_minute;               // name of the first minute column, e.g. "480"
  std::vector<std::uint64_t> per_minute;  // invocations per minute
};

// durations.csv, in milliseconds over the trace's day.
struct AzureDurations {
  double average = 0.0;
  double minimum = 0.0;
  double maximum = 0.0;
  // Weighted percentiles of the 30-second averages: 0, 1, 25, 50, 75, 99, 100.
  std::array<double, 7> percentiles{};
};
inline constexpr std::array<double, 7> kAzureDurationLevels = {0, 1, 25, 50, 75, 99, 100};

// memory.csv: allocated MB, average and percentiles 1, 5, 25, 50, 75, 95, 99, 100.
struct AzureMemory {
  double average = 0.0;
  std::array<double, 8> percentiles{};
};

// A function picked by 0-based data row or by a HashFunction prefix.
struct AzurePick {
  std::optional<std::size_t> row;
  std::string hash_prefix;
};

// Reads the picked rows of invocations.csv, in the order of `picks`. Throws
// ls::Error naming file:line:column for a malformed row, and the option
// (`--row`, `--function`) for a pick that matches no row (or several).
std::vector<AzureFunction> read_azure_functions(const std::string& file,
                                                const std::vector<AzurePick>& picks);
// The rows of `hash` in durations.csv / memory.csv (nullopt: no such row).
std::optional<AzureDurations> read_azure_durations(const std::string& file,
                                                   const std::string& hash);
std::optional<AzureMemory> read_azure_memory(const std::string& file, const std::string& hash);

// A lognormal fitted to duration percentiles (values in ms): least squares of
// log(value) against the standard normal quantile of each level, over the
// 1st, 25th, 50th, 75th and 99th percentiles that are > 0. sigma is 0 (a
// fixed duration of `median_ms`) when fewer than two distinct values remain.
struct LognormalFit {
  double mu = 0.0;     // of log(ms)
  double sigma = 0.0;  // of log(ms)
  double median_ms() const;
  double quantile_ms(double p) const;  // p in (0, 1)
};
LognormalFit fit_lognormal(const AzureDurations& d);

// Lambda memory for an app's allocated memory: the 99th percentile rounded up
// to a multiple of 64 MB, within 128..10240 MB.
int lambda_memory_mb(const AzureMemory& m);

struct AzureScenarioOptions {
  std::string name = "azure-replay";
  std::uint64_t seed = 1;
  std::string invocations_path;  // as the scenario should name it (relative to the scenario)
  std::string source_note;       // where the data came from (a comment line)
};

// The scenario YAML: one function and one sync workload per picked row.
// `memory[i]` may be nullopt (no memory file): 128 MB then.
std::string azure_scenario_yaml(const AzureScenarioOptions& options,
                                const std::vector<AzureFunction>& functions,
                                const std::vector<AzureDurations>& durations,
                                const std::vector<std::optional<AzureMemory>>& memory);

}  // namespace ls::tools
