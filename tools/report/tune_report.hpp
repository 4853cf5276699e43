// Outputs of `lambdasim tune`: the table, our JSON (schema
// lambdasim.tune/1, docs/tune.md) and Power Tuning's output format
// (power-tuning.md §3), including its visualization URL.
#pragma once

#include <string>
#include <vector>

#include "tools/io/number_text.hpp"
#include "tools/study/tune_run.hpp"

namespace ls::tools {

// One row per point (memory, architecture, [provisioned], p50/p99 latency,
// cold-start %, throttle %, cost per 1M invocations, total cost, notes), then
// the winner, the Pareto front and any warnings.
std::string tune_table(const TuneResult& result);

// Dollars as the tune table and page show them: "$1.23", or six decimals
// under a cent ("$0.000021") so that per-invocation costs do not read as 0.
std::string tune_usd(double v);

std::string tune_json(const TuneResult& result);

// What a point must meet to win: "p99<=800ms and throttled<=0.1%" (empty
// without --slo and --max-throttle).
std::string constraints_text(const TuneResult& result);

// The bare Power Tuning analysis object {power, cost, duration, stateMachine,
// stats}. It has one memory axis, so `stats` holds the points of the
// winner's architecture and provisioned level (the first group when there is
// no winner), in grid order: value = memory, averagePrice = the function's
// bill per invocation (USD, request charge included), averageDuration = mean
// latency (ms). power/cost/duration are the winner's (with no winner: the
// strategy's pick within the group). stateMachine costs are 0: nothing ran.
std::string power_tuning_json(const TuneResult& result);

// Standard base64 with padding.
std::string base64(const std::vector<unsigned char>& bytes);

// Power Tuning's visualization URL (§4.6): `base` + "#" + base64 of the
// memory sizes (int16 LE), ";" durations (float32 LE), ";" costs (float32
// LE), all sorted by memory.
std::string visualization_url(const std::string& base, std::vector<int> memory,
                              std::vector<double> durations, std::vector<double> costs);

}  // namespace ls::tools
