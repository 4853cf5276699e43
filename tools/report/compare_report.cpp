#include "tools/report/compare_report.hpp"

#include <fmt/format.h>

#include "tools/io/json_writer.hpp"
#include "tools/io/number_text.hpp"
#include "tools/report/report_html.hpp"

namespace ls::tools {
namespace {

std::string kind_label(const CompareResult& r, std::size_t k, std::size_t s) {
  std::string label = compute_option_name(r.kinds[k]);
  if (const auto& pc = r.cells[k][s].provisioned) label += fmt::format(" (PC {})", *pc);
  if (r.placeholder(k)) label += " *";
  return label;
}

// The mark after a row at level s: the cheapest ranked kind, or a
// placeholder-priced kind, which is never ranked.
std::string rank_mark(const CompareResult& r, std::size_t k, std::size_t s) {
  if (r.placeholder(k))
    return r.cells[k][s].cost_month < r.cells[r.cheapest[s]][s].cost_month
               ? "  * placeholder rates: not ranked (lower on them)"
               : "  * placeholder rates: not ranked";
  return r.cheapest[s] == k ? "  <- cheapest" : "";
}

const char* kPlaceholderNote =
    "* web: AWS has not published Web Functions rates; its cost uses the instance table's "
    "placeholders (AWS Fargate's rates), so it is ranked apart: never the cheapest, no "
    "break-even";

}  // namespace

std::string compare_table(const CompareResult& r) {
  std::string out = fmt::format(
      "compare: scenario {}, function {}, {:g} s simulated x {} replication(s); costs for a "
      "730-hour month\n\n",
      r.scenario, r.function, r.horizon_s, r.replications);
  const std::size_t b = r.base;
  out += fmt::format("at x{:g} traffic ({} requests/s):\n", r.scales[b], plain_number(r.rates[b]));
  out += fmt::format("  {:<26} {:>12} {:>10} {:>9} {:>9} {:>11} {:>10}\n", "compute", "$/month",
                     "$/1M req", "p50 ms", "p99 ms", "cold starts", "throttled");
  for (std::size_t k = 0; k < r.kinds.size(); ++k) {
    const CompareCell& c = r.cells[k][b];
    // As run's table: "–" where no caller waits (async, queue-fed).
    const auto latency = [&](double ms) {
      return r.request_latency ? fmt::format("{:.1f}", ms) : std::string("\u2013");
    };
    out += fmt::format("  {:<26} {:>12.2f} {:>10.4f} {:>9} {:>9} {:>11.0f} {:>10.0f}{}\n",
                       kind_label(r, k, b), c.cost_month, c.cost_per_million, latency(c.p50_ms),
                       latency(c.p99_ms), c.cold_starts, c.throttled, rank_mark(r, k, b));
  }
  out += "\n$/month by traffic level:\n";
  out += fmt::format("  {:>7} {:>11}", "scale", "requests/s");
  for (std::size_t k = 0; k < r.kinds.size(); ++k)
    out += fmt::format(" {:>18}", compute_option_name(r.kinds[k]));
  out += "  cheapest\n";
  bool any_throttles = false;
  for (std::size_t s = 0; s < r.scales.size(); ++s) {
    out += fmt::format("  {:>7g} {:>11}", r.scales[s], plain_number(r.rates[s]));
    for (std::size_t k = 0; k < r.kinds.size(); ++k) {
      const CompareCell& c = r.cells[k][s];
      const bool throttles = c.throttle_rate_final > 0.001;
      any_throttles |= throttles;
      out += fmt::format(" {:>17.2f}{}", c.cost_month, throttles ? "!" : " ");
    }
    out += fmt::format("  {}\n", compute_option_name(r.kinds[r.cheapest[s]]));
  }
  out += "\n";
  if (r.crossovers.empty())
    out += "break-even: the cheapest option is the same at every traffic level\n";
  for (const Crossover& x : r.crossovers)
    out += fmt::format(
        "break-even: {} is cheaper below ~{} requests/s, {} above (between {} and {})\n",
        compute_option_name(r.kinds[x.below]), plain_number(x.rate, 4),
        compute_option_name(r.kinds[x.above]), plain_number(x.rate_low, 4),
        plain_number(x.rate_high, 4));
  if (any_throttles) out += "! more than 0.1 % of requests throttled at that level\n";
  bool placeholder = false;
  for (std::size_t k = 0; k < r.kinds.size(); ++k) placeholder |= r.placeholder(k);
  if (placeholder) out += std::string(kPlaceholderNote) + "\n";
  for (const auto& note : r.notes) out += note + "\n";
  return out;
}

std::string compare_json(const CompareResult& r) {
  JsonWriter j;
  j.begin_object();
  j.field("format", "lambdasim.compare/1");
  j.field("scenario", r.scenario);
  j.field("function", r.function);
  j.field("horizon_s", r.horizon_s);
  j.field("replications", r.replications);
  j.field("web_rates_published", r.web_rates_published);
  j.key("not_ranked");  // priced on placeholder rates: never "cheapest", no break-even
  j.begin_array();
  for (std::size_t k = 0; k < r.kinds.size(); ++k)
    if (r.placeholder(k)) j.value(compute_option_name(r.kinds[k]));
  j.end_array();
  j.array("notes", r.notes);
  j.key("levels");
  j.begin_array();
  for (std::size_t s = 0; s < r.scales.size(); ++s) {
    j.begin_object();
    j.field("scale", r.scales[s]);
    j.field("requests_per_s", r.rates[s]);
    j.field("cheapest", compute_option_name(r.kinds[r.cheapest[s]]));
    j.key("compute");
    j.begin_object();
    for (std::size_t k = 0; k < r.kinds.size(); ++k) {
      const CompareCell& c = r.cells[k][s];
      j.key(compute_option_name(r.kinds[k]));
      j.begin_object();
      j.field("cost_usd_month", c.cost_month);
      j.field("cost_usd_per_million_requests", c.cost_per_million);
      j.field("latency_ms_p50", c.p50_ms);
      j.field("latency_ms_p99", c.p99_ms);
      j.field("cold_starts", c.cold_starts);
      j.field("throttled", c.throttled);
      j.field("throttle_rate_final", c.throttle_rate_final);
      j.field("invocations", c.invocations);
      if (c.provisioned) {
        j.field("provisioned_concurrency", *c.provisioned);
      }
      j.end_object();
    }
    j.end_object();
    j.end_object();
  }
  j.end_array();
  j.key("break_even");
  j.begin_array();
  for (const Crossover& x : r.crossovers) {
    j.begin_object();
    j.field("cheaper_below", compute_option_name(r.kinds[x.below]));
    j.field("cheaper_above", compute_option_name(r.kinds[x.above]));
    j.field("requests_per_s", x.rate);
    j.key("between_requests_per_s");
    j.begin_array();
    j.value(x.rate_low);
    j.value(x.rate_high);
    j.end_array();
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str() + "\n";
}

std::string compare_html(const CompareResult& r) {
  html::HtmlReport page("lambdasim compare: " + r.function,
                        fmt::format("scenario {}, {:g} s simulated x {} replication(s)", r.scenario,
                                    r.horizon_s, r.replications));
  auto& summary = page.add_section("Cheapest compute");
  std::vector<html::Card> cards;
  const std::size_t b = r.base;
  cards.push_back({fmt::format("at x{:g} ({} requests/s)", r.scales[b], plain_number(r.rates[b])),
                   compute_option_name(r.kinds[r.cheapest[b]]),
                   fmt::format("${:.2f} per month", r.cells[r.cheapest[b]][b].cost_month)});
  for (const Crossover& x : r.crossovers)
    cards.push_back({fmt::format("{} vs {}", compute_option_name(r.kinds[x.below]),
                                 compute_option_name(r.kinds[x.above])),
                     plain_number(x.rate, 4) + " requests/s",
                     "break-even, between " + plain_number(x.rate_low, 4) + " and " +
                         plain_number(x.rate_high, 4)});
  summary.cards(cards);
  bool placeholder = false;
  for (std::size_t k = 0; k < r.kinds.size(); ++k) placeholder |= r.placeholder(k);
  if (placeholder) summary.paragraph(std::string(kPlaceholderNote).substr(2) + ".");
  for (const auto& note : r.notes) summary.paragraph(note + ".");

  auto& charts = page.add_section("Cost and latency against traffic");
  html::LineChart cost{"Cost per month",
                       "Each kind at each traffic level; markers: break-even rates.",
                       html::Axis{"requests/s", true, html::Format::Number, {}, {}},
                       html::Axis{"USD per 730-hour month", true, html::Format::Usd, {}, {}},
                       {},
                       {},
                       {}};
  html::LineChart p99{"p99 latency",
                      "Caller-visible, completed requests.",
                      html::Axis{"requests/s", true, html::Format::Number, {}, {}},
                      html::Axis{"p99", true, html::Format::Milliseconds, {}, {}},
                      {},
                      {},
                      {}};
  for (std::size_t k = 0; k < r.kinds.size(); ++k) {
    const std::string name = std::string(compute_option_name(r.kinds[k])) +
                             (r.placeholder(k) ? " (placeholder rates)" : "");
    html::Series c{name, r.rates, {}, html::Style::Line, {}};
    html::Series l = c;
    for (std::size_t s = 0; s < r.scales.size(); ++s) {
      c.y.push_back(r.cells[k][s].cost_month);
      l.y.push_back(r.cells[k][s].p99_ms);
    }
    cost.series.push_back(std::move(c));
    p99.series.push_back(std::move(l));
  }
  for (const Crossover& x : r.crossovers) {
    // Where the two kinds' costs cross, on the interpolated line.
    const double t =
        x.rate_high > x.rate_low ? (x.rate - x.rate_low) / (x.rate_high - x.rate_low) : 0.0;
    std::size_t s = 0;
    while (s + 1 < r.rates.size() && r.rates[s] != x.rate_low) ++s;
    const double y0 = r.cells[x.below][s].cost_month;
    const double y1 = s + 1 < r.rates.size() ? r.cells[x.below][s + 1].cost_month : y0;
    cost.markers.push_back({fmt::format("{} | {}", compute_option_name(r.kinds[x.below]),
                                        compute_option_name(r.kinds[x.above])),
                            x.rate, y0 + t * (y1 - y0)});
  }
  charts.chart(std::move(cost));
  charts.chart(std::move(p99));

  html::Table table;
  table.header = {"scale", "requests/s"};
  for (ComputeOption k : r.kinds)
    table.header.push_back(compute_option_name(k) + std::string(" $/month"));
  table.header.push_back("cheapest");
  table.text_columns = 0;
  for (std::size_t s = 0; s < r.scales.size(); ++s) {
    std::vector<std::string> row = {fmt::format("{:g}", r.scales[s]), plain_number(r.rates[s], 4)};
    for (std::size_t k = 0; k < r.kinds.size(); ++k)
      row.push_back(fmt::format("{:.2f}", r.cells[k][s].cost_month));
    row.push_back(compute_option_name(r.kinds[r.cheapest[s]]));
    table.rows.push_back(std::move(row));
  }
  page.add_section("Every level").table(table);
  return page.render();
}

}  // namespace ls::tools
