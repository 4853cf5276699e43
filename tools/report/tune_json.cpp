// JSON outputs of `lambdasim tune` (declared in tune_report.hpp): our own
// schema and Power Tuning's analysis object.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <numeric>

#include "tools/io/json_writer.hpp"
#include "tools/report/tune_report.hpp"

namespace ls::tools {
namespace {

void value_ci(JsonWriter& w, const std::string& key, const ValueCi& v, bool ci) {
  w.field(key, v.mean);
  if (!ci) return;
  w.field(key + "_ci95", v.ci95);
}

void write_point(JsonWriter& w, const TunePoint& p, bool ci) {
  w.begin_object();
  w.field("memory_mb", p.memory_mb);
  w.field("architecture", architecture_name(p.architecture));
  w.field("provisioned_concurrency", p.provisioned);
  w.key("latency_ms");
  w.begin_object();
  for (const auto& [name, v] : p.latency_ms) value_ci(w, name, v, ci);
  w.end_object();
  w.field("billed_duration_ms_mean", p.billed_duration_ms);
  value_ci(w, "cold_start_ratio", p.cold_start_ratio, ci);
  value_ci(w, "throttle_rate_final", p.throttle_rate, ci);
  w.field("arrivals", p.arrivals);
  w.field("invocations", p.invocations);
  w.field("timed_out", p.timed_out);
  w.key("cost_usd");
  w.begin_object();
  value_ci(w, "total", p.cost_total, ci);
  value_ci(w, "per_million_invocations", p.cost_per_million, ci);
  w.end_object();
  w.field("eligible", p.eligible);
  w.field("pareto", p.pareto);
  w.field("meets_slo", p.meets_slo);
  w.field("within_max_throttle", p.within_max_throttle);
  w.end_object();
}

// The points Power Tuning's format can hold: one architecture and level.
std::vector<std::size_t> power_tuning_group(const TuneResult& r) {
  std::vector<std::size_t> out;
  if (r.points.empty()) return out;
  const TunePoint& key = r.points[r.winner.value_or(0)];
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const TunePoint& p = r.points[i];
    if (p.architecture == key.architecture && p.provisioned == key.provisioned) out.push_back(i);
  }
  return out;
}

// Extension (Power Tuning has no such key): what the stats describe, so
// that `lambdasim fit` reads them back with the right architecture.
void write_extension(JsonWriter& w, const TuneResult& r, const std::vector<std::size_t>& group) {
  const TunePoint* first = group.empty() ? nullptr : &r.points[group.front()];
  w.key("lambdasim");
  w.begin_object();
  w.field("function", r.function);
  w.field("architecture", first ? architecture_name(first->architecture) : "x86_64");
  w.key("provisioned_concurrency");
  if (first && first->provisioned)
    w.value(*first->provisioned);
  else
    w.null();
  w.end_object();
}

void append_le(std::vector<unsigned char>& out, std::uint32_t bits, int bytes) {
  for (int b = 0; b < bytes; ++b) out.push_back(static_cast<unsigned char>(bits >> (8 * b)));
}

}  // namespace

std::string tune_json(const TuneResult& r) {
  const bool ci = r.replications > 1;
  JsonWriter w;
  w.begin_object();
  w.field("schema", "lambdasim.tune/1");
  w.field("scenario", r.scenario);
  w.field("function", r.function);
  w.field("seed", static_cast<std::uint64_t>(r.seed));
  w.field("horizon_s", r.horizon_s);
  w.field("replications", r.replications);
  w.field("strategy", strategy_name(r.strategy));
  w.field("weight", r.weight);
  w.field("max_throttle", r.max_throttle);
  w.field("slo", r.slo ? std::optional<std::string>(r.slo->text) : std::nullopt);
  w.field("pareto_latency_metric", r.front_metric);
  w.field("memory_aware", r.memory_aware);
  w.field("winner", r.winner);
  w.key("points");
  w.begin_array();
  for (const auto& p : r.points) write_point(w, p, ci);
  w.end_array();
  w.key("run");
  w.begin_object();
  w.field("wall_s", r.wall_seconds);
  w.end_object();
  w.end_object();
  return w.str();
}

std::string power_tuning_json(const TuneResult& r) {
  const std::vector<std::size_t> group = power_tuning_group(r);
  std::vector<Candidate> candidates;
  std::vector<int> memory;
  std::vector<double> durations, prices;
  for (std::size_t i : group) {
    const TunePoint& p = r.points[i];
    memory.push_back(p.memory_mb);
    durations.push_back(p.latency("mean").mean);
    prices.push_back(p.cost_per_million.mean / 1e6);
    candidates.push_back({prices.back(), durations.back(), true});
  }
  // The winner; when --slo or --max-throttle ruled out every point there is
  // none, and power, cost and duration are null (a consumer of this format
  // would otherwise take the strategy's pick for a recommendation that
  // misses the constraint); without constraints, the strategy's pick.
  std::optional<std::size_t> pick;
  if (r.winner)
    pick =
        static_cast<std::size_t>(std::find(group.begin(), group.end(), *r.winner) - group.begin());
  else if (!r.slo && !r.max_throttle)
    pick = pick_winner(candidates, r.strategy, r.weight);
  const bool has_pick = pick.has_value();
  const std::size_t picked = pick.value_or(0);
  JsonWriter w;
  w.begin_object();
  for (const char* key : {"power", "cost", "duration"}) {
    w.key(key);
    if (!has_pick)
      w.null();
    else if (key[0] == 'p')
      w.value(memory[picked]);
    else
      w.value(key[0] == 'c' ? prices[picked] : durations[picked]);
  }
  w.key("stateMachine");
  w.begin_object();
  w.field("executionCost", 0.0);
  w.field("lambdaCost", 0.0);
  w.field("visualization",
          visualization_url("https://lambda-power-tuning.show/", memory, durations, prices));
  w.end_object();
  w.key("stats");
  w.begin_array();
  for (std::size_t k = 0; k < group.size(); ++k) {
    w.begin_object();
    w.field("value", memory[k]);
    w.field("averagePrice", prices[k]);
    w.field("averageDuration", durations[k]);
    w.end_object();
  }
  w.end_array();
  write_extension(w, r, group);
  w.end_object();
  return w.str();
}

std::string base64(const std::vector<unsigned char>& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t v = static_cast<std::uint32_t>(bytes[i]) << 16;
    if (n > 1) v |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
    if (n > 2) v |= bytes[i + 2];
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(v >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

std::string visualization_url(const std::string& base, std::vector<int> memory,
                              std::vector<double> durations, std::vector<double> costs) {
  std::vector<std::size_t> order(memory.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return memory[a] < memory[b]; });
  std::vector<unsigned char> m, d, c;
  for (std::size_t i : order) {
    append_le(m, static_cast<std::uint16_t>(static_cast<std::int16_t>(memory[i])), 2);
    append_le(d, std::bit_cast<std::uint32_t>(static_cast<float>(durations[i])), 4);
    append_le(c, std::bit_cast<std::uint32_t>(static_cast<float>(costs[i])), 4);
  }
  return base + "#" + base64(m) + ";" + base64(d) + ";" + base64(c);
}

}  // namespace ls::tools
