#include "tools/report/report_table.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <string_view>

#include "models/arrivals.hpp"
#include "models/bill_lines.hpp"
#include "tools/io/number_text.hpp"
#include "tools/report/function_ranking.hpp"
#include "tools/report/money.hpp"
#include "tools/study/report_metrics.hpp"

namespace ls::tools {

std::string report_table(const models::Scenario& scenario, const RunSet& set, std::size_t top) {
  const bool ci = scenario.replications > 1;
  // platform.billing.project_to: month makes every figure a month's.
  const bool monthly = !set.bills.empty() && set.bills.front().projected_to_month;
  const MetricLookup get(set.metrics, ci);
  std::string out;
  out += fmt::format("scenario {}  seed {}  horizon {:g}s  warm-up {:g}s  replications {}\n",
                     scenario.name, scenario.seed, sim::to_seconds(scenario.horizon),
                     sim::to_seconds(scenario.warmup), scenario.replications);
  // A replay shorter than the horizon leaves idle time that the averages
  // and the bill include: said, since nothing else in the table shows it.
  if (const std::optional<sim::Time> end = models::replay_end(scenario);
      end && *end + sim::kMinute < scenario.horizon)
    out += fmt::format(
        "note: the replayed traces end at {} and the horizon is {}: nothing arrives after {},\n"
        "      and time averages and the bill cover the whole horizon (set `horizon:` to the\n"
        "      traces' length to leave that idle time out)\n",
        duration_text(sim::to_seconds(*end)), duration_text(sim::to_seconds(scenario.horizon)),
        duration_text(sim::to_seconds(*end)));
  out += "\n";
  // Latency columns: the mean and its CI in columns of their own, so that
  // the ± signs line up; "–" for functions without request latency (async,
  // queue-fed: their ages are in the event lines below).
  const int lat_w = ci ? kPlusMinusWidth : 10;
  auto latency = [&](const MetricLookup::Under& in, std::string_view path,
                     bool shown) -> std::string {
    if (!shown) return ci ? fmt::format("{:>8}{:9}", "\u2013", "") : "\u2013";
    const std::optional<AggregatedMetric> m = in.find(path);
    if (!m) return "-";
    return ci ? percentile_cell(m->mean, m->ci95) : fmt::format(FMT_COMPILE("{:.1f}"), m->mean);
  };
  // A fleet lists its `top` costliest functions, then the others added up
  // (their percentiles do not add up: "-"); a single one left over is
  // listed rather than hidden in a row of its own.
  const std::size_t n = scenario.functions.size();
  const std::size_t shown = top == 0 || top + 1 >= n ? n : top;
  // Each function's figures that the ranking and the others' row add up,
  // read in one pass (a fleet's look-ups were most of its table's time).
  struct Figures {
    double arrivals, invoked, throttled, conc, cold, cost;
  };
  std::vector<Figures> figures(n);
  for (std::size_t f = 0; f < n; ++f) {
    const MetricLookup::Under in = get.under("functions." + scenario.functions[f].name);
    figures[f] = {in("arrivals"),         in("invocations"), in("throttled"),
                  in("concurrency.mean"), in("cold_starts"), in("cost_usd.total")};
  }
  const std::vector<bool> listed =
      among(n, top_functions(n, shown, [&](std::size_t f) { return figures[f].cost; }));
  // The name column fits the longest name listed (names deployed by
  // CloudFormation run to 64 characters) up to kMaxNameWidth; longer names
  // are cut, ending in "…".
  constexpr std::size_t kMaxNameWidth = 40;
  std::size_t name_w = 16;
  for (std::size_t f = 0; f < n; ++f)
    if (listed[f])
      name_w = std::max(name_w, std::min(kMaxNameWidth, scenario.functions[f].name.size()));
  auto label_of = [&](const std::string& name) {
    return name.size() <= name_w ? name : name.substr(0, name_w - 1) + "\u2026";
  };
  out += fmt::format("{:<{}} {:>10} {:>10} {:>9} {:>8} {:>{}} {:>{}} {:>10} {:>8} {:>12}\n",
                     "function", name_w, "arrivals", "invoked", "throttled", "cold %",
                     ci ? plus_minus_header("p50 ms") : "p50 ms", lat_w,
                     ci ? plus_minus_header("p99 ms") : "p99 ms", lat_w, "conc mean", "envs max",
                     monthly ? "cost/month" : "cost");
  const std::vector<bool> latency_of = request_latency_functions(scenario);
  bool any_latency = false, all_latency = true;
  for (const bool l : latency_of) {
    any_latency |= l;
    all_latency &= l;
  }
  // A row's figures, formatted by one line (compiled: fmt::format parsed
  // this text again for each of a fleet's rows).
  struct Row {
    double arrivals = 0, invoked = 0, throttled = 0, cold_pct = 0, conc = 0;
    std::string p50, p99, envs, cost;
  };
  auto print = [&](const std::string& label, const Row& r) {
    fmt::format_to(
        std::back_inserter(out),
        FMT_COMPILE(
            "{:<{}} {:>10.0f} {:>10.0f} {:>9.0f} {:>8.2f} {:>{}} {:>{}} {:>10.2f} {:>8} {:>12}\n"),
        label, name_w, r.arrivals, r.invoked, r.throttled, r.cold_pct, r.p50, lat_w, r.p99, lat_w,
        r.conc, r.envs, r.cost);
  };
  // A row's metrics are read under its prefix ("functions.<name>"): the
  // prefix is searched once per row, not once per metric (issue #20).
  // A synchronous function that ran nothing (reserved 0, every request
  // throttled) has no latency either: "–", not a p50 of 0.0.
  bool none_ran = false;
  auto row = [&](const std::string& label, const std::string& p, bool is_total, bool shown) {
    const MetricLookup::Under in = get.under(p);
    if (shown && !(in("invocations") > 0)) {
      shown = false;
      none_ran = true;
    }
    print(label,
          {in("arrivals"), in("invocations"), in("throttled"), 100.0 * in("cold_start_ratio"),
           in("concurrency.mean"), latency(in, "latency_ms.p50", shown),
           latency(in, "latency_ms.p99", shown),
           is_total ? std::string("-") : fmt::format(FMT_COMPILE("{:.0f}"), in("environments.max")),
           money(is_total ? get("cost_usd.total") : in("cost_usd.total"))});
  };
  const std::string no_percentile = ci ? fmt::format("{:>8}{:9}", "-", "") : "-";
  Row others{0, 0, 0, 0, 0, no_percentile, no_percentile, "-", ""};
  double other_cold = 0, other_cost = 0;
  std::size_t other_count = 0;
  for (std::size_t f = 0; f < n; ++f) {
    if (listed[f]) {
      row(label_of(scenario.functions[f].name), "functions." + scenario.functions[f].name, false,
          latency_of[f]);
      continue;
    }
    const Figures& figure = figures[f];
    others.arrivals += figure.arrivals;
    others.invoked += figure.invoked;
    others.throttled += figure.throttled;
    others.conc += figure.conc;
    other_cold += figure.cold;
    other_cost += figure.cost;
    ++other_count;
  }
  if (other_count > 0) {
    others.cold_pct = others.invoked > 0 ? 100.0 * other_cold / others.invoked : 0.0;
    others.cost = money(other_cost);
    // "(1,950 others)": short enough for the name column, unlike the HTML's
    // "the other 1,950 functions".
    print(fmt::format("({} others)", grouped_number(static_cast<double>(other_count))), others);
  }
  if (n > 1) row("total", "totals", true, any_latency);
  if (other_count > 0)
    out += fmt::format(
        "({} of the {}, in the scenario's order, then the\n"
        " others together; --top 0 lists every function)\n",
        shown == 1 ? std::string("the function that costs the most")
                   : fmt::format("the {} functions that cost the most", shown),
        grouped_number(static_cast<double>(n)));
  if (ci)
    out +=
        "(\u00b1: the 95 % CI over the replications; \u00b1<1%: their percentiles fell within "
        "the latency histogram's 1 % resolution)\n";
  if (!all_latency)
    out += "(\u2013: no request latency; async events and queue messages have ages, below)\n";
  else if (none_ran)
    out += "(\u2013: no request latency: the function ran no request)\n";
  // An async event throttled is put back on Lambda's queue and tried again,
  // so its function's throttles count attempts and can exceed its arrivals.
  std::vector<bool> async_of(n, false);
  for (const models::WorkloadConfig& w : scenario.workloads)
    if (w.invocation == models::Invocation::Async) async_of[w.function] = true;
  for (std::size_t f = 0; f < n; ++f) {
    if (!async_of[f] || get.under("functions." + scenario.functions[f].name)("throttled") == 0)
      continue;
    out +=
        "(throttled, for async events: attempts; Lambda's queue retries a throttled event "
        "until it\n runs or expires, so they can exceed the arrivals: see the async line "
        "below)\n";
    break;
  }

  out += "\nthrottles by cause:";
  for (const char* cause : models::kThrottleCauseNames)
    out += fmt::format("  {} {:.0f}", cause, get(std::string("totals.throttled_by.") + cause));
  out += fmt::format("\nfirst-attempt throttle rate {:.4f} %, final {:.4f} %\n",
                     100.0 * get("totals.throttle_rate_first_attempt"),
                     100.0 * get("totals.throttle_rate_final"));

  // A front door's 429s and 504s happen before (or instead of) Lambda's
  // answer, so the throttles above do not count them: said apart, with the
  // requests they ended as a share of those sent through a front door.
  // A metric added up over the functions that some workload of a kind
  // feeds (each function once).
  const auto sum_over_functions_fed = [&](auto&& feeds, std::string_view metric) {
    double sum = 0.0;
    std::vector<bool> counted(n, false);
    for (const models::WorkloadConfig& w : scenario.workloads)
      if (feeds(w) && !counted[w.function]) {
        counted[w.function] = true;
        sum += get.under("functions." + scenario.functions[w.function].name)(metric);
      }
    return sum;
  };
  const auto behind_front_door = [](const models::WorkloadConfig& w) {
    return w.front_door->enabled();
  };
  const auto fed_by_source = [](const models::WorkloadConfig& w) {
    return w.source->type != models::SourceConfig::Type::None;
  };
  if (get.find("totals.front_door.throttled")) {
    const double behind = sum_over_functions_fed(behind_front_door, "arrivals");
    const double ended = get("totals.front_door.throttled_final");
    const double timeouts = get("totals.front_door.timeouts");
    out += fmt::format(
        "front door: {:.0f} attempts refused with 429; {:.0f} requests ended with a 429 and {:.0f} "
        "with a 504 (integration timeout): {:.4f} % of the {:.0f} arrivals behind it\n",
        get("totals.front_door.throttled"), ended, timeouts,
        behind > 0 ? 100.0 * (ended + timeouts) / behind : 0.0, behind);
  }
  // A percentile of nothing (no event succeeded, no execution ended) is
  // "–", not 0.0.
  const auto of_some = [](double count, double value, const char* unit) {
    return count > 0 ? fmt::format("{:.1f} {}", value, unit) : std::string("\u2013");
  };
  if (get("totals.async.events") > 0) {
    out += fmt::format(
        "async events {:.0f}: succeeded {:.0f}, retries {:.0f}, throttle retries {:.0f}, "
        "dlq {:.0f}, dropped {:.0f} (expired {:.0f}); {:.3f} invocations per event, "
        "age at success p99 {}\n",
        get("totals.async.events"), get("totals.async.succeeded"), get("totals.async.retries"),
        get("totals.async.throttle_retries"), get("totals.async.dlq"), get("totals.async.dropped"),
        get("totals.async.expired"), get("totals.async.extra_load"),
        of_some(get("totals.async.succeeded"), get("totals.async.age_at_success_ms.p99"), "ms"));
  }
  // The DLQ and dropped counts of the functions queues and streams feed
  // (the totals' also count async events sent to a DLQ).
  if (get("totals.source.batches") > 0) {
    out += fmt::format(
        "event sources: {:.0f} batches (mean size {:.1f}, {:.0f} failed), {:.0f} duplicates, "
        "{:.0f} expired, dlq {:.0f}, dropped {:.0f}; oldest age p99 {:.1f} s, max {:.1f} s; "
        "backlog max {:.0f}, pollers max {:.0f}\n",
        get("totals.source.batches"), get("totals.source.batch_size.mean"),
        get("totals.source.failed_batches"), get("totals.source.duplicates"),
        get("totals.source.expired"), sum_over_functions_fed(fed_by_source, "dlq"),
        sum_over_functions_fed(fed_by_source, "dropped"), get("totals.source.age_ms.p99") / 1000,
        get("totals.source.age_ms.max") / 1000, get("totals.source.backlog.max"),
        get("totals.source.pollers.max"));
  }
  for (const models::FunctionConfig& f : scenario.functions) {
    if (!f.durable->enabled) continue;
    const auto d = get.under("functions." + f.name + ".durable");
    const double ended = d("completed");  // end-to-end times are of completed executions
    out += fmt::format(
        "durable executions of {}: completed {:.0f}, failed {:.0f}, timed out {:.0f}; "
        "resumptions {:.0f}, cold {:.0f} ({:.2f} %); end-to-end p50 {}, p99 {}\n",
        f.name, d("completed"), d("failed"), d("timed_out"), d("resumptions"),
        d("resumption_cold_starts"), 100.0 * d("resumption_cold_start_ratio"),
        of_some(ended, d("end_to_end_s.p50"), "s"), of_some(ended, d("end_to_end_s.p99"), "s"));
    if (d("step_retries") > 0 || d("callback_timeouts") > 0)
      out += fmt::format("  step retries {:.0f}, callback timeouts {:.0f}\n", d("step_retries"),
                         d("callback_timeouts"));
  }
  if (get.find("totals.recursion.stopped")) {
    out += fmt::format(
        "event chains (emits): {:.0f} events emitted, {:.0f} stopped at the recursive-loop "
        "limit of {} invocations\n",
        get("totals.recursion.emitted"), get("totals.recursion.stopped"),
        scenario.platform.recursion_limit);
  }
  out += monthly ? "\nbill (USD per month, projected from the run):"
                 : fmt::format("\nbill (USD, over the {} simulated):",
                               duration_text(sim::to_seconds(scenario.horizon)));
  for (const models::BillColumn& column : models::bill_columns()) {
    const double value = get("cost_usd." + column.key);
    if (!column.shown_when_zero && value == 0.0) continue;
    out += fmt::format("  {} {}", column.key, money(value));
  }
  out += fmt::format("  total {}", money(get("cost_usd.total")));
  out += fmt::format("\n\nconservation {}   {} events in {:.3f} s ({:.2f} M events/s)\n",
                     set.conservation_ok ? "ok" : "VIOLATED", set.events, set.wall_seconds,
                     set.wall_seconds > 0 ? set.events / set.wall_seconds / 1e6 : 0.0);
  return out;
}

}  // namespace ls::tools
