#include "tools/report/tune_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "tools/io/json_writer.hpp"
#include "tools/io/number_text.hpp"

namespace ls::tools {
namespace {

std::string label(const TunePoint& p) {
  std::string s = fmt::format("{} MB {}", p.memory_mb, architecture_name(p.architecture));
  if (p.provisioned) s += fmt::format(" pc {}", *p.provisioned);
  return s;
}

// A latency percentile's cell: with replications, the mean and its CI with
// the ± signs of the column lined up (as the run table's).
std::string latency_cell(const ValueCi& v, bool ci) {
  return ci ? percentile_cell(v.mean, v.ci95) : fmt::format("{:.1f}", v.mean);
}

std::string notes(const TuneResult& r, std::size_t i) {
  const TunePoint& p = r.points[i];
  std::vector<std::string> n;
  if (r.winner == i) n.push_back("winner");
  if (p.pareto) n.push_back("pareto");
  if (p.times_out())
    n.push_back(
        fmt::format("TIMEOUTS {:.2f}%", p.arrivals > 0 ? 100 * p.timed_out / p.arrivals : 0));
  if (p.meets_slo && !*p.meets_slo) n.push_back("misses " + r.slo->text);
  // Throttling is flagged even without --max-throttle: a cheap point that
  // turns requests away is rarely the answer.
  if (p.throttles()) n.push_back("THROTTLES " + percent_text(p.throttle_rate.mean));
  if (p.within_max_throttle && !*p.within_max_throttle)
    n.push_back("over --max-throttle " + percent_text(*r.max_throttle));
  if (p.invocations <= 0) n.push_back("no invocations");
  std::string s;
  for (const auto& x : n) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::string rows(const TuneResult& r) {
  const bool ci = r.replications > 1;
  const bool pc = !r.points.empty() && r.points.front().provisioned.has_value();
  const int lat_w = ci ? kPlusMinusWidth : 9;
  auto header = [&](const char* name) { return ci ? plus_minus_header(name) : std::string(name); };
  std::string out =
      fmt::format("  {:>6}  {:<6} {}{:>{}} {:>{}} {:>7} {:>7} {:>11} {:>11}  {}\n", "memory",
                  "arch", pc ? fmt::format("{:>6} ", "pc") : "", header("p50 ms"), lat_w,
                  header("p99 ms"), lat_w, "cold %", "thr %", "$ per 1M", "total $", "notes");
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const TunePoint& p = r.points[i];
    const char mark = r.winner == i ? '*' : p.pareto ? '+' : ' ';
    out += fmt::format(
        "{} {:>6}  {:<6} {}{:>{}} {:>{}} {:>7.2f} {:>7.2f} {:>11} {:>11}  {}\n", mark, p.memory_mb,
        architecture_name(p.architecture), pc ? fmt::format("{:>6} ", *p.provisioned) : "",
        latency_cell(p.latency("p50"), ci), lat_w, latency_cell(p.latency("p99"), ci), lat_w,
        100 * p.cold_start_ratio.mean, 100 * p.throttle_rate.mean,
        fmt::format("${:.4f}", p.cost_per_million.mean), tune_usd(p.cost_total.mean), notes(r, i));
  }
  return out;
}

// "x % cheaper, p99 y % lower than the scenario's setting", when it is a point.
std::string versus_current(const TuneResult& r, const TunePoint& w) {
  for (const auto& p : r.points) {
    if (p.memory_mb != r.current_memory_mb || p.architecture != r.current_architecture ||
        p.provisioned != w.provisioned)
      continue;
    if (&p == &w) return "  (the scenario's own setting)\n";
    auto change = [](double now, double then) {
      const double pct = then > 0 ? 100 * (now - then) / then : 0.0;
      return fmt::format("{:.1f} % {}", std::abs(pct), pct <= 0 ? "lower" : "higher");
    };
    return fmt::format("  vs the scenario's setting ({}): cost {}, p99 {}\n", label(p),
                       change(w.cost_per_million.mean, p.cost_per_million.mean),
                       change(w.latency("p99").mean, p.latency("p99").mean));
  }
  return "";
}

std::string summary(const TuneResult& r) {
  std::string out;
  if (r.winner) {
    const TunePoint& w = r.points[*r.winner];
    out += fmt::format(
        "winner ({}{}{}): {} — ${:.4f} per 1M invocations, mean {:.1f} ms, p99 {:.1f} ms\n",
        strategy_name(r.strategy),
        r.strategy == TuneStrategy::Balanced ? ", weight " + plain_number(r.weight) : "",
        r.slo ? ", meeting " + r.slo->text : "", label(w), w.cost_per_million.mean,
        w.latency("mean").mean, w.latency("p99").mean);
    out += versus_current(r, w);
    if (w.throttles() && !r.max_throttle)
      out += fmt::format(
          "warning: the winner throttles {} of requests (after retries); --max-throttle 0.1% "
          "(or 0) picks among the points that do not\n",
          percent_text(w.throttle_rate.mean));
  } else if (r.slo) {
    out += fmt::format("no point meets {}; closest:", constraints_text(r));
    for (std::size_t i : closest_to_slo(r, 3))
      out += fmt::format(" {} ({} {:.1f} ms, throttled {});", label(r.points[i]), r.slo->metric,
                         r.points[i].latency(r.slo->metric).mean,
                         percent_text(r.points[i].throttle_rate.mean));
    out.back() = '\n';
  } else if (r.max_throttle) {
    out += fmt::format("no point meets {}; least throttled:", constraints_text(r));
    std::vector<std::size_t> order(r.points.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return r.points[a].throttle_rate.mean < r.points[b].throttle_rate.mean;
    });
    if (order.size() > 3) order.resize(3);
    for (std::size_t i : order)
      out += fmt::format(" {} ({});", label(r.points[i]),
                         percent_text(r.points[i].throttle_rate.mean));
    out.back() = '\n';
  } else {
    out += "no winner: no point served any request\n";
  }
  std::string front;
  for (const auto& p : r.points)
    if (p.pareto) front += (front.empty() ? "" : ", ") + label(p);
  out += fmt::format("Pareto front (cost per 1M vs {}): {}\n", r.front_metric,
                     front.empty() ? "-" : front);
  return out;
}

}  // namespace

std::string constraints_text(const TuneResult& r) {
  std::string out = r.slo ? r.slo->text : "";
  if (r.max_throttle)
    out +=
        (out.empty() ? "" : " and ") + std::string("throttled<=") + percent_text(*r.max_throttle);
  return out;
}

std::string tune_table(const TuneResult& r) {
  std::string out = fmt::format(
      "tune {} in {}: {} points, strategy {}, {} replication{}, {} simulated, seed {}\n\n",
      r.function, r.scenario, r.points.size(), strategy_name(r.strategy), r.replications,
      r.replications > 1 ? "s" : "", duration_text(r.horizon_s), r.seed);
  out += rows(r);
  out += "\n* winner  + on the Pareto front\n";
  out += summary(r);
  if (!r.memory_aware) {
    out += fmt::format(
        "warning: functions.{}.duration is a plain distribution, so memory changes only the "
        "price, not the execution time; use the memory-aware form (docs/tune.md; `lambdasim "
        "fit` writes one from Power Tuning results)\n",
        r.function);
  }
  if (r.all_time_out)
    out += "warning: every point has timed-out requests; the winner is chosen among them anyway\n";
  out += fmt::format("({:.2f} s wall)\n", r.wall_seconds);
  return out;
}

std::string tune_usd(double v) {
  return std::abs(v) >= 0.01 ? fmt::format("${:.2f}", v) : fmt::format("${:.6f}", v);
}

}  // namespace ls::tools
