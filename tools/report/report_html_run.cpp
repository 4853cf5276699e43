// The run report: summary, async and cost sections, and the page itself
// (latency and time series: report_html_run_charts.cpp).
#include "tools/report/report_html_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

#include "models/bill_lines.hpp"
#include "models/duration_model.hpp"
#include "models/price_table.hpp"
#include "tools/report/money.hpp"
#include "tools/report/report_csv.hpp"

namespace ls::tools {
namespace {

using html::Card;
using html::Table;
using html_run::among;
using html_run::grouped;
using html_run::other_functions;
using html_run::others_over_time;
using html_run::over_time;
using html_run::pct;

std::string ms(double v) { return html::format_value(v, html::Format::Milliseconds); }
std::string secs(sim::Time t) {
  return html::format_value(sim::to_seconds(t), html::Format::Seconds);
}

std::string gb_s(double v) { return v >= 1000 ? grouped(v) : fmt::format("{:.4g}", v); }

std::string describe_arrivals(const models::ArrivalConfig& a) {
  using P = models::ArrivalConfig::Process;
  std::string out;
  switch (a.process) {
    case P::Poisson: out = fmt::format("poisson {:g}/s", a.rate); break;
    case P::Constant: out = fmt::format("constant {:g}/s", a.rate); break;
    case P::Steps: out = fmt::format("steps ({} rates)", a.shape->steps.size()); break;
    case P::Diurnal:
      out = fmt::format("diurnal, mean {:g}/s ±{:g} %", a.shape->mean, 100 * a.shape->amplitude);
      break;
    case P::Trace:
      out = fmt::format("trace: {} timestamps",
                        a.shape->trace ? grouped(double(a.shape->trace->size())) : "0");
      break;
    case P::TraceCounts: {
      double total = 0;
      if (a.per_minute_counts)
        for (auto c : *a.per_minute_counts) total += c;
      out = fmt::format("trace: {} minutes, {} requests",
                        a.per_minute_counts ? a.per_minute_counts->size() : 0, grouped(total));
      break;
    }
    case P::None: return fmt::format("{} burst(s)", a.shape->bursts.size());
  }
  if (!a.shape->bursts.empty()) out += fmt::format(" + {} burst(s)", a.shape->bursts.size());
  return out;
}

// Tenant isolation (docs/tenants.md): only when a function uses it.
void add_tenant_table(html::Section& s, const models::Scenario& sc, const MetricLookup& get) {
  Table t{{"function", "tenants", "distribution", "active tenants", "tenants with environments",
           "environments", "environments created", "cold starts"},
          {},
          1,
          "Tenant isolation: each environment serves one tenant (means over the run after the "
          "warm-up; max in brackets)."};
  for (const auto& fn : sc.functions) {
    const auto& isolation = *fn.tenant_isolation;
    if (!isolation.enabled()) continue;
    const auto k = get.under("functions." + fn.name);
    const bool zipf = isolation.distribution == models::TenantIsolation::Distribution::Zipf;
    t.rows.push_back(
        {fn.name, grouped(isolation.tenants),
         zipf ? fmt::format("Zipf, exponent {:g}", isolation.zipf_exponent) : "uniform",
         grouped(k("tenants.active")),
         fmt::format("{:.1f} ({})", k("tenants.with_environments.mean"),
                     grouped(k("tenants.with_environments.max"))),
         fmt::format("{:.1f} ({})", k("environments.mean"), grouped(k("environments.max"))),
         grouped(k("environments.created")), pct(k("cold_start_ratio"))});
  }
  if (!t.rows.empty()) s.table(t);
}

// Event source mappings in provisioned mode (docs/event-sources.md).
void add_event_poller_table(html::Section& s, const models::Scenario& sc, const MetricLookup& get) {
  Table t{{"workload", "function", "source", "min pollers", "max pollers", "event pollers",
           "concurrent batches"},
          {},
          2,
          "Event source mappings in provisioned mode: event pollers (mean, max in brackets; "
          "billed per event poller unit-hour) and the batches they ran."};
  for (std::size_t i = 0; i < sc.workloads.size(); ++i) {
    const auto& w = sc.workloads[i];
    if (!w.source->provisioned.enabled()) continue;
    const auto k = get.under("functions." + sc.functions[w.function].name + ".source");
    t.rows.push_back(
        {std::to_string(i), sc.functions[w.function].name,
         w.source->type == models::SourceConfig::Type::Kafka ? "Kafka" : "SQS",
         grouped(w.source->provisioned.min_pollers), grouped(w.source->provisioned.max_pollers),
         fmt::format("{:.1f} ({})", k("event_pollers.mean"), grouped(k("event_pollers.max"))),
         fmt::format("{:.1f} ({})", k("pollers.mean"), grouped(k("pollers.max")))});
  }
  if (!t.rows.empty()) s.table(t);
}

void add_summary_tables(html::Section& s, const models::Scenario& sc, const MetricLookup& get) {
  const auto& p = sc.platform;
  s.table(Table{{"scenario", "seed", "horizon", "warm-up", "replications", "platform", "region",
                 "account limit", "prices"},
                {{sc.name, std::to_string(sc.seed), secs(sc.horizon), secs(sc.warmup),
                  std::to_string(sc.replications), p.preset, p.region,
                  grouped(p.account_concurrency), sc.prices ? sc.prices->name : p.billing.prices}},
                9,
                ""});
  const std::vector<bool> tabled = among(sc.functions.size(), costliest_functions(sc, get));
  const bool all_tabled = sc.functions.size() <= kMaxTableFunctions;
  Table fns{{"function", "memory", "arch", "timeout", "reserved", "duration", "arrivals",
             "cold starts", "p50", "p99", "throttled", "cost"},
            {},
            3,
            all_tabled ? "Per function (counters after the warm-up)."
                       : fmt::format("Per function (counters after the warm-up): the {} that "
                                     "cost the most of the {}, in the scenario's order; the JSON "
                                     "report (--json) has every function.",
                                     kMaxTableFunctions,
                                     grouped(static_cast<double>(sc.functions.size())))};
  const std::vector<bool> latency_of = request_latency_functions(sc);
  for (std::size_t f = 0; f < sc.functions.size(); ++f) {
    if (!tabled[f]) continue;
    const auto& fn = sc.functions[f];
    const auto k = get.under("functions." + fn.name);
    // "–": no request latency (async, queue-fed); ages are charted apart.
    const bool latency = latency_of[f];
    fns.rows.push_back(
        {fn.name, fmt::format("{} MB", fn.memory_mb),
         fn.architecture == models::Architecture::Arm64 ? "arm64" : "x86_64", secs(fn.timeout),
         fn.reserved_concurrency ? std::to_string(*fn.reserved_concurrency) : "-",
         // The model's mean at this memory (a memory-aware duration's CPU
         // part scales with it; fn.duration is then unused).
         fmt::format("mean {}", ms(1000 * models::DurationModel(sc.platform, fn).mean_seconds())),
         grouped(k("arrivals")), pct(k("cold_start_ratio")),
         latency ? ms(k("latency_ms.p50")) : "\u2013", latency ? ms(k("latency_ms.p99")) : "\u2013",
         grouped(k("throttled")), money(k("cost_usd.total"))});
  }
  s.table(fns);
  Table wl{{"workload", "function", "invocation", "arrivals"},
           {},
           4,
           all_tabled ? "" : "The workloads of the functions above."};
  for (std::size_t i = 0; i < sc.workloads.size(); ++i) {
    const auto& w = sc.workloads[i];
    if (!tabled[w.function]) continue;
    const char* how = w.invocation == models::Invocation::Async ? "async" : "sync";
    if (w.source->type == models::SourceConfig::Type::Sqs) how = "SQS event source";
    if (w.source->type == models::SourceConfig::Type::Kinesis) how = "stream event source";
    if (w.source->type == models::SourceConfig::Type::Kafka) how = "Kafka event source";
    // The loader's workloads for `emits` (docs/recursion.md) have no arrivals of their own.
    wl.rows.push_back(
        {std::to_string(i), sc.functions[w.function].name, how,
         w.emitted ? "events emitted by functions (emits)" : describe_arrivals(w.arrivals)});
  }
  s.table(wl);
  add_tenant_table(s, sc, get);
  add_event_poller_table(s, sc, get);
  Table th{{"function"},
           {},
           1,
           all_tabled ? "Throttled attempts by cause."
                      : "Throttled attempts by cause, for the functions above."};
  for (const char* cause : models::kThrottleCauseNames) th.header.emplace_back(cause);
  th.header.insert(th.header.end(), {"first-attempt rate", "final rate"});
  for (std::size_t f = 0; f < sc.functions.size(); ++f) {
    if (!tabled[f]) continue;
    const auto& fn = sc.functions[f];
    const auto k = get.under("functions." + fn.name);
    std::vector<std::string> row{fn.name};
    for (const char* cause : models::kThrottleCauseNames)
      row.push_back(grouped(k(std::string("throttled_by.") + cause)));
    row.push_back(pct(k("throttle_rate_first_attempt")));
    row.push_back(pct(k("throttle_rate_final")));
    th.rows.push_back(std::move(row));
  }
  s.table(th);
}

// Lambda's throttles are the card's number; behind API Gateway its 429s
// (requests refused before Lambda saw them, counted apart) join the note.
std::string throttles_note(const models::Scenario& sc, const MetricLookup& get) {
  const std::string rate = pct(get("totals.throttle_rate_final"));
  const bool gateway = std::any_of(sc.workloads.begin(), sc.workloads.end(),
                                   [](const auto& w) { return w.front_door->api_gateway(); });
  if (!gateway) return "final rate " + rate;
  std::string glued = rate;  // "0.00 %" kept on one line in the longer note
  if (const auto at = glued.rfind(' '); at != std::string::npos) glued.replace(at, 1, "\u00a0");
  // The final rate is Lambda's: the requests that gave up on the gateway's
  // 429s are said next to them, or the note would read as if none had.
  return "429 at API Gateway: " + grouped(get("totals.front_door.throttled")) + " (" +
         grouped(get("totals.front_door.throttled_final")) +
         " requests gave up) \u00b7 Lambda's final rate " + glued;
}

// The total cost card's note: cost per million requests billed, and how
// many were billed, since they are invocations rather than the arrivals of
// the requests card (a queue's messages arrive in batches).
std::string cost_note(const MetricLookup& get, double invocations, bool monthly) {
  if (invocations == 0) return "no invocations";
  const double per_million = get("cost_usd.per_million_requests");
  if (per_million <= 0) return money(per_million) + " per million requests billed";
  return money(per_million) + " per million of the " +
         grouped(get("cost_usd.total") / per_million * 1e6) + " requests billed" +
         (monthly ? " a month (project_to: month)" : "");
}

void add_summary(html::HtmlReport& page, const models::Scenario& sc, const RunSet& set) {
  const MetricLookup get(set.metrics);
  auto& s = page.add_section("Summary");
  if (sc.replications > 1)
    s.paragraph(fmt::format("Numbers are means over {} replications; charts show replication 0.",
                            sc.replications));
  const double invocations = get("totals.invocations");
  bool latency = false;
  for (const bool l : request_latency_functions(sc)) latency |= l;
  const std::string none = "\u2013";
  s.cards({
      Card{"requests", grouped(get("totals.arrivals")),
           grouped(invocations) + " invocations (retries included)"},
      Card{"cold starts", pct(get("totals.cold_start_ratio")),
           grouped(get("totals.cold_starts")) + " of the invocations"},
      Card{"p50 latency", latency ? ms(get("totals.latency_ms.p50")) : none,
           latency ? "all functions" : "no synchronous requests"},
      Card{"p99 latency", latency ? ms(get("totals.latency_ms.p99")) : none,
           latency ? "p99.9 " + ms(get("totals.latency_ms.p999")) : "event ages: see Latency"},
      Card{"throttles", grouped(get("totals.throttled")), throttles_note(sc, get)},
      Card{"total cost", money(get("cost_usd.total")),
           cost_note(get, invocations, !set.bills.empty() && set.bills.front().projected_to_month)},
  });
  add_summary_tables(s, sc, get);
  if (!set.conservation_ok)
    s.paragraph(
        "WARNING: request conservation was violated in this run (a bug): numbers are "
        "not trustworthy.");
}

void add_async(html::HtmlReport& page, const models::Scenario& sc, const RunSet& set) {
  const MetricLookup get(set.metrics);
  auto& s = page.add_section("Asynchronous invocations");
  bool any = false;
  for (const auto& w : sc.workloads) any |= w.invocation == models::Invocation::Async;
  if (!any && get("totals.async.events") == 0) {
    s.paragraph(
        "No asynchronous workloads in this scenario: the event queue, its depth and "
        "the dead-letter queue apply to `invocation: async` workloads.");
    return;
  }
  s.cards({Card{"events", grouped(get("totals.async.events")), ""},
           Card{"succeeded", grouped(get("totals.async.succeeded")), ""},
           Card{"retries", grouped(get("totals.async.retries")), "after function errors"},
           Card{"to DLQ", grouped(get("totals.async.dlq")), ""},
           Card{"dropped", grouped(get("totals.async.dropped")), ""}});
  const auto series = html_run::split_series(sc, set.runs.front());
  html::LineChart chart{"Async queue depth",
                        "Events waiting to be (re)tried, interval means.",
                        html::Axis{"simulated time", false, html::Format::Seconds, 0.0, {}},
                        html::Axis{"events waiting", false, html::Format::Number, {}, {}},
                        {},
                        {},
                        {}};
  for (std::size_t f = 0; f < series.size(); ++f) {
    // Only functions some async workload invokes: a synchronous one would
    // be a flat line at zero.
    bool async = false;
    for (const auto& w : sc.workloads)
      async |= w.function == f && w.invocation == models::Invocation::Async;
    if (!async) continue;
    html::Series line{
        sc.functions[f].name, series[f].start_s, {}, html::Style::Step, series[f].end_s};
    for (const auto* r : series[f].rows) line.y.push_back(r->queue_depth_mean);
    chart.series.push_back(std::move(line));
  }
  s.chart(std::move(chart));
}

// One function's (or the others') bill line: a bar and a table row. `usd`:
// the charges, then the credits, then the total.
void add_bill_row(html::BarChart& bars, Table& t, const std::string& name,
                  const std::vector<double>& usd, std::size_t charges) {
  bars.categories.push_back(name);
  std::vector<std::string> row{name};
  for (std::size_t i = 0; i < usd.size(); ++i) {
    if (i < charges) bars.stacks[i].values.push_back(usd[i]);
    row.push_back(money(usd[i]));
  }
  t.rows.push_back(std::move(row));
}

void add_cost(html::HtmlReport& page, const models::Scenario& sc, const RunSet& set) {
  const MetricLookup get(set.metrics);
  auto& s = page.add_section("Cost");
  const bool monthly = !set.bills.empty() && set.bills.front().projected_to_month;
  // The total, then the bill's columns that have a card (BillLine::card).
  std::vector<Card> cards{
      Card{monthly ? "total per month" : "total", money(get("cost_usd.total")),
           monthly ? "projected from the run (project_to: month)" : "the run's bill"}};
  for (const models::BillColumn* column : models::bill_cards())
    cards.push_back(Card{column->label, money(get("cost_usd." + column->key)), column->card_note});
  // The largest charge without a card of its own, so that a bill led by,
  // say, durable operations does not hide its main line below the chart.
  const models::BillColumn* largest = nullptr;
  for (const models::BillColumn& column : models::bill_columns()) {
    if (column.card > 0 || column.credit) continue;
    const double usd = get("cost_usd." + column.key);
    if (usd > 0 && (largest == nullptr || usd > get("cost_usd." + largest->key))) largest = &column;
  }
  if (largest != nullptr)
    cards.push_back(Card{largest->label, money(get("cost_usd." + largest->key)),
                         "the largest of the other lines"});
  // The lines taken off (free tiers, usage a savings plan covered) in one
  // card, so that a bill with credits does not look larger than its total.
  double taken_off = 0.0;
  std::string taken_off_lines;
  for (const models::BillColumn& column : models::bill_columns()) {
    const double usd = get("cost_usd." + column.key);
    if (usd >= 0) continue;
    taken_off += usd;
    taken_off_lines += std::string(taken_off_lines.empty() ? "" : ", ") + column.label;
  }
  if (taken_off < 0) cards.push_back(Card{"taken off", money(taken_off), taken_off_lines});
  s.cards(cards);
  // The bill's columns (models/bill_lines.hpp); multi-concurrency compute's
  // only when the run has them, so the Lambda bill stays as it was.
  std::vector<const models::BillColumn*> charges, credits;
  for (const models::BillColumn& column : models::bill_columns()) {
    if (!column.shown_when_zero && get("cost_usd." + column.key) == 0) continue;
    (column.credit ? credits : charges).push_back(&column);
  }
  // A savings plan's covered usage is a negative line: not stacked.
  const bool plan = get("cost_usd.savings_plan_covered") != 0;
  html::BarChart bars{"Bill by function",
                      plan ? "Line items before the free-tier credit and the usage covered by the "
                             "savings plan (negative, in the table)."
                           : "Line items before the free-tier credit.",
                      {},
                      {},
                      html::Axis{"USD", false, html::Format::Usd, {}, {}}};
  Table t{{"function"}, {}, 1, ""};
  for (const models::BillColumn* column : charges) {
    bars.stacks.push_back({column->label, {}});
    t.header.emplace_back(column->label);
  }
  for (const models::BillColumn* column : credits) t.header.emplace_back(column->label);
  t.header.emplace_back("total");
  // A fleet's bill: the costliest functions one by one, the others in one
  // bar and one row, so that the table still adds up to the bill.
  const std::vector<bool> tabled = among(sc.functions.size(), costliest_functions(sc, get));
  const auto others = static_cast<std::size_t>(std::count(tabled.begin(), tabled.end(), false));
  if (others > 0)
    t.caption = fmt::format(
        "The {} functions that cost the most, in the scenario's order, then {} together; the "
        "JSON report (--json) has every function.",
        kMaxTableFunctions, other_functions(others));
  std::vector<double> other_usd(charges.size() + credits.size() + 1, 0.0);
  for (std::size_t f = 0; f < sc.functions.size(); ++f) {
    const auto k = get.under("functions." + sc.functions[f].name + ".cost_usd");
    std::vector<double> usd;
    for (const models::BillColumn* column : charges) usd.push_back(k(column->key));
    for (const models::BillColumn* column : credits) usd.push_back(k(column->key));
    usd.push_back(k("total"));
    if (!tabled[f]) {
      for (std::size_t i = 0; i < usd.size(); ++i) other_usd[i] += usd[i];
      continue;
    }
    add_bill_row(bars, t, sc.functions[f].name, usd, charges.size());
  }
  if (others > 0) add_bill_row(bars, t, other_functions(others), other_usd, charges.size());
  s.chart(std::move(bars));
  const auto& run = set.runs.front();
  if (!run.series.empty()) {
    const std::vector<double> costs = interval_costs(sc, run, set.bills.front());
    const auto series = html_run::split_series(sc, run);
    html::LineChart chart{"Cost over time",
                          "Each function's bill attributed to intervals by what drives each line "
                          "(see docs/reports.md).",
                          html::Axis{"simulated time", false, html::Format::Seconds, 0.0, {}},
                          html::Axis{"USD per interval", false, html::Format::Usd, {}, {}},
                          {},
                          {},
                          {}};
    // The costliest functions one by one, the others added up. A series
    // row's cost is at its index in run.series.
    const auto cost_of = [&](const models::SeriesRow& row) {
      return costs[static_cast<std::size_t>(&row - run.series.data())];
    };
    const std::vector<std::size_t> drawn =
        costliest_functions(sc, get, html_run::kMaxFunctionCharts);
    for (std::size_t f : drawn)
      chart.series.push_back(
          over_time(series[f], sc.functions[f].name, html::Style::Step, cost_of));
    if (drawn.size() < series.size())
      chart.series.push_back(others_over_time(series, drawn, cost_of));
    s.chart(std::move(chart));
  }
  s.table(t);
  Table tiers{{"architecture", "tier", "from GB-s", "up to GB-s", "GB-s", "USD per GB-s", "cost"},
              {},
              2,
              monthly ? "Account-wide duration volume tiers of the month projected from the run "
                        "(project_to: month)."
                      : "Account-wide duration volume tiers (pro-rated to the horizon)."};
  for (const auto& tier : set.bills.front().tiers) {
    tiers.rows.push_back({tier.architecture == models::Architecture::Arm64 ? "arm64" : "x86_64",
                          std::to_string(tier.tier + 1), gb_s(tier.from_gb_s),
                          std::isfinite(tier.up_to_gb_s) ? gb_s(tier.up_to_gb_s) : "∞",
                          gb_s(tier.gb_s), fmt::format("{:.10g}", tier.usd_per_gb_s),
                          money(tier.cost)});
  }
  if (!tiers.rows.empty()) s.table(tiers);
}

}  // namespace

sim::Time auto_series_interval(sim::Time horizon) {
  constexpr std::array<sim::Time, 16> kSteps = {
      sim::kSecond,      5 * sim::kSecond,  10 * sim::kSecond, 15 * sim::kSecond,
      30 * sim::kSecond, sim::kMinute,      2 * sim::kMinute,  5 * sim::kMinute,
      10 * sim::kMinute, 15 * sim::kMinute, 30 * sim::kMinute, sim::kHour,
      2 * sim::kHour,    6 * sim::kHour,    12 * sim::kHour,   sim::kDay};
  for (sim::Time step : kSteps)
    if (horizon / step <= 240) return step;
  return kSteps.back();
}

void add_run_sections(html::HtmlReport& page, const models::Scenario& scenario, const RunSet& set) {
  add_summary(page, scenario, set);
  const models::RunResult& run = set.runs.front();
  html_run::add_latency_section(page, scenario, run);
  if (run.series.empty()) {
    page.add_section("Over time").paragraph("No time series was recorded for this run.");
  } else {
    html_run::add_concurrency_section(page, scenario, run);
    html_run::add_traffic_section(page, scenario, run);
  }
  add_async(page, scenario, set);
  html_run::add_front_door_section(page, scenario, set.metrics);
  html_run::add_chains_section(page, scenario, set.metrics);
  add_cost(page, scenario, set);
}

namespace {

html::HtmlReport run_page(const models::Scenario& scenario, const RunSet& set) {
  html::HtmlReport page(
      "lambdasim: " + scenario.name,
      fmt::format("{} function(s), {} workload(s), {} simulated, seed {}{}",
                  scenario.functions.size(), models::listed_workloads(scenario),
                  secs(scenario.horizon), scenario.seed,
                  scenario.file.empty()
                      ? ""
                      : " — " + std::filesystem::path(scenario.file).filename().string()));
  add_run_sections(page, scenario, set);
  return page;
}

}  // namespace

std::string report_html(const models::Scenario& scenario, const RunSet& set) {
  return run_page(scenario, set).render();
}

void write_report_html(TextSink& sink, const models::Scenario& scenario, const RunSet& set) {
  run_page(scenario, set).render(sink);
}

}  // namespace ls::tools
