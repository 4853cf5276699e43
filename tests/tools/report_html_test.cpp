// The HTML report: tick and label arithmetic against hand-worked answers,
// the chart and page markup (what is drawn, what is said when a limit is off
// the scale, unique ids), and `run --html` end to end: a self-contained
// file (nothing fetched from anywhere), deterministic, with every section.
// The rendering itself is checked in Chromium by tests/browser/.
#include "tools/report/report_html.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "tools/report/report_html_run.hpp"
#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;
namespace html = ls::tools::html;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(ReportHtml, TicksAreRoundNumbers) {
  EXPECT_EQ(html::nice_ticks(0, 97, 5), (std::vector<double>{0, 20, 40, 60, 80}));
  EXPECT_EQ(html::nice_ticks(0, 1, 5),
            (std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
  EXPECT_EQ(html::log_ticks(1, 1000), (std::vector<double>{1, 10, 100, 1000}));
  EXPECT_EQ(html::log_ticks(10, 100), (std::vector<double>{10, 20, 50, 100}));
  EXPECT_EQ(html::time_ticks(0, 3600, 7),
            (std::vector<double>{0, 600, 1200, 1800, 2400, 3000, 3600}));
  EXPECT_EQ(html::time_ticks(0, 28800, 7).size(), 5u);  // every 2 h over 8 h
}

TEST(ReportHtml, ValuesPrintInTheirUnit) {
  using html::Format;
  EXPECT_EQ(html::format_value(45, Format::Seconds), "45s");
  EXPECT_EQ(html::format_value(900, Format::Seconds), "15m");
  EXPECT_EQ(html::format_value(5400, Format::Seconds), "1h30");
  EXPECT_EQ(html::format_value(7200, Format::Seconds), "2h");
  EXPECT_EQ(html::format_value(90, Format::Seconds), "1m30s");
  EXPECT_EQ(html::format_value(250, Format::Milliseconds), "250 ms");
  EXPECT_EQ(html::format_value(2500, Format::Milliseconds), "2.5 s");
  EXPECT_EQ(html::format_value(1234.6, Format::Usd), "$1,235");
  EXPECT_EQ(html::format_value(12.345, Format::Usd), "$12.35");
  EXPECT_EQ(html::format_value(0.000123, Format::Usd), "$0.000123");
  EXPECT_EQ(html::format_value(25000, Format::Number), "25k");
  EXPECT_EQ(html::format_value(50, Format::Percent), "50%");
  // Never scientific notation (#21): 1.8e6 s is 20.8 days (1,800,000 /
  // 86,400), a million ms is 1,000 s, 1,240 keeps its digits.
  EXPECT_EQ(html::format_value(1.8e6, Format::Seconds), "20.8 d");
  // Whole days as days, so an axis of weekly ticks reads 7 d, 14 d (not
  // 168h, then 14.0 d).
  EXPECT_EQ(html::format_value(604800, Format::Seconds), "7 d");
  EXPECT_EQ(html::format_value(1209600, Format::Seconds), "14 d");
  EXPECT_EQ(html::format_value(86400, Format::Seconds), "1 d");
  EXPECT_EQ(html::format_value(129600, Format::Seconds), "36h");
  EXPECT_EQ(html::format_value(1e6, Format::Milliseconds), "1,000 s");
  EXPECT_EQ(html::format_value(1240, Format::Number), "1,240");
  EXPECT_EQ(html::format_value(12345678, Format::Usd), "$12,345,678");
  for (double v : {1e3, 1e6, 1e9, 1e12})
    for (auto f :
         {Format::Seconds, Format::Milliseconds, Format::Usd, Format::Number, Format::Percent})
      EXPECT_EQ(html::format_value(v, f).find("e+"), std::string::npos) << v;
  EXPECT_EQ(html::escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

// Identical series are drawn once and named together, so none hides under
// another (x86_64 and arm64 with the same numbers, one function's CDF under
// "all functions").
TEST(ReportHtml, IdenticalSeriesAreDrawnOnceUnderBothNames) {
  html::LineChart c;
  c.title = "cost";
  c.x = {"memory", false, html::Format::Number, std::nullopt, std::nullopt};
  c.y = {"$", false, html::Format::Usd, std::nullopt, std::nullopt};
  c.series.push_back({"x86_64", {128, 256}, {1, 2}, html::Style::Line, {}});
  c.series.push_back({"arm64", {128, 256}, {1, 2}, html::Style::Line, {}});
  c.series.push_back({"other", {128, 256}, {1, 3}, html::Style::Line, {}});
  const std::string svg = html::render_chart(c, "chart-1");
  EXPECT_NE(svg.find(">x86_64 = arm64</li>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">other</li>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("data-series=\"2\""), std::string::npos) << svg;  // two series drawn
}

html::LineChart two_lines() {
  html::LineChart c;
  c.title = "Concurrency <api>";
  c.x = {"time", false, html::Format::Seconds, 0.0, std::nullopt};
  c.y = {"environments", false, html::Format::Number, std::nullopt, std::nullopt};
  c.series.push_back({"busy", {0, 60, 120}, {1, 4, 2}, html::Style::Step, {}});
  c.series.push_back({"alive", {0, 60, 120}, {3, 5, 5}, html::Style::Line, {}});
  return c;
}

TEST(ReportHtml, LineChartDrawsEverySeriesAndNearbyLimits) {
  html::LineChart c = two_lines();
  c.limits.push_back({"reserved", 10});   // within 3× the data's maximum (5): drawn
  c.limits.push_back({"account", 1000});  // far above: named in the caption
  c.markers.push_back({"winner", 60, 4});
  const std::string svg = html::render_chart(c, "chart-7");
  EXPECT_EQ(count(svg, "class=\"series\""), 2u);
  EXPECT_EQ(count(svg, "class=\"limit\""), 1u);
  EXPECT_NE(svg.find(">reserved 10<"), std::string::npos);
  EXPECT_NE(svg.find("(account 1,000 is above the plotted range.)"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"marker\""), 1u);
  EXPECT_NE(svg.find("id=\"chart-7\""), std::string::npos);
  EXPECT_NE(svg.find("url(#chart-7-clip)"), std::string::npos);
  EXPECT_NE(svg.find("Concurrency &lt;api&gt;"), std::string::npos);  // escaped
  EXPECT_EQ(count(svg, "<li data-series="), 2u);                      // legend
}

TEST(ReportHtml, PointsBarsAndEmptyCharts) {
  html::LineChart c = two_lines();
  c.series[0].style = html::Style::Points;
  c.series[1].style = html::Style::Bars;
  const std::string svg = html::render_chart(c, "c");
  EXPECT_EQ(count(svg, "class=\"point\""), 3u);
  EXPECT_EQ(count(svg, "class=\"bar\""), 3u);
  html::LineChart empty = two_lines();
  for (auto& s : empty.series) s.y.assign(3, -1.0);
  empty.y.log = true;  // no positive value on a log axis: nothing to draw
  const std::string none = html::render_chart(empty, "e");
  EXPECT_NE(none.find("class=\"chart-empty\""), std::string::npos);
  EXPECT_EQ(none.find("<svg"), std::string::npos);
  html::BarChart bars{"Bill",
                      "",
                      {"api", "worker"},
                      {{"requests", {1, 2}}, {"duration", {3, 0}}},
                      {"USD", false, html::Format::Usd, std::nullopt, std::nullopt}};
  EXPECT_EQ(count(html::render_chart(bars, "b"), "class=\"bar\""), 3u);  // zero stacks skipped
}

TEST(ReportHtml, PageHasUniqueSectionIdsAndNumberedCharts) {
  html::HtmlReport page("t", "sub");
  page.add_section("Cost").paragraph("a < b").chart(two_lines());
  page.add_section("Cost").chart(two_lines()).table({{"a", "b"}, {{"x", "1"}}, 1, "cap"});
  const std::string out = page.render();
  EXPECT_NE(out.find("<section id=\"cost\">"), std::string::npos);
  EXPECT_NE(out.find("<section id=\"cost-2\">"), std::string::npos);
  EXPECT_NE(out.find("<a href=\"#cost-2\">"), std::string::npos);
  EXPECT_NE(out.find("id=\"chart-1\""), std::string::npos);
  EXPECT_NE(out.find("id=\"chart-2\""), std::string::npos);
  EXPECT_NE(out.find("<p>a &lt; b</p>"), std::string::npos);
  EXPECT_NE(out.find("<td class=\"num\">1</td>"), std::string::npos);
}

TEST(ReportHtml, AutoIntervalGivesAbout240Points) {
  using namespace ls::sim;
  EXPECT_EQ(ls::tools::auto_series_interval(kHour), 15 * kSecond);
  EXPECT_EQ(ls::tools::auto_series_interval(8 * kHour), 2 * kMinute);
  EXPECT_EQ(ls::tools::auto_series_interval(10 * kMinute), 5 * kSecond);
  EXPECT_EQ(ls::tools::auto_series_interval(30 * kSecond), kSecond);
}

TEST(ReportHtml, RunWritesASelfContainedDeterministicReport) {
  const fs::path dir = scratch();
  const std::string base = "run " + source("scenarios/quickstart.yaml") + " --quiet --html ";
  const CliRun a = lambdasim(base + (dir / "a.html").string());
  ASSERT_EQ(a.exit_code, 0) << a.out;
  ASSERT_EQ(lambdasim(base + (dir / "b.html").string() + " --threads 1").exit_code, 0);
  const std::string page = slurp(dir / "a.html");
  EXPECT_EQ(page, slurp(dir / "b.html"));
  for (const char* section :
       {"Summary", "Latency", "Concurrency", "Traffic, cold starts and throttles",
        "Asynchronous invocations", "Cost"})
    EXPECT_NE(page.find(std::string("<h2>") + section + "</h2>"), std::string::npos) << section;
  for (const char* chart :
       {"Latency CDF", "Latency histogram", "Concurrency: api", "Concurrency: all functions",
        "Cold starts", "Throttles", "Bill by function", "Cost over time"})
    EXPECT_NE(page.find(std::string("<strong>") + chart + "</strong>"), std::string::npos) << chart;
  // Nothing to fetch: no src/href to another file, no @import or url() but
  // the charts' own clip paths; the one http: is the SVG namespace name.
  EXPECT_FALSE(std::regex_search(page, std::regex("src=|@import|href=\"(?!#)")));
  EXPECT_EQ(std::regex_replace(page, std::regex("url\\(#chart-[0-9]+-clip\\)"), "").find("url("),
            std::string::npos);
  EXPECT_EQ(
      std::regex_replace(page, std::regex("xmlns=\"http://www.w3.org/2000/svg\""), "").find("http"),
      std::string::npos);
}

// The per-function table's duration is the model's mean at the function's
// memory: a memory-aware duration measured at 1,024 MB (fixed CPU 300 ms,
// I/O 40 ms, one thread) run at 512 MB has half the vCPU share (memory /
// 1,769 MB per vCPU), so 2 x 300 + 40 = 640 ms, not the measured 340 ms.
TEST(ReportHtml, PerFunctionDurationIsTheMeanAtItsMemory) {
  const fs::path dir = scratch();
  const std::string file = write_text(dir / "m.yaml", R"(horizon: 2m
functions:
  fn:
    memory_mb: 512
    init: 0ms
    duration: {at_memory_mb: 1024, cpu: 300ms, io: 40ms, threads: 1}
workloads:
  - {function: fn, arrivals: {process: constant, rate: 1/s}}
)");
  const CliRun r = lambdasim("run " + file + " -q --html " + (dir / "m.html").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string page = slurp(dir / "m.html");
  EXPECT_NE(page.find(">mean 640 ms<"), std::string::npos) << page.substr(0, 4000);
}

// On Managed Instances an environment serves several requests at once and
// the account's concurrency pool is not drawn from (docs/compute.md): the
// concurrency chart counts requests in flight and draws no account limit.
TEST(ReportHtml, ManagedInstancesConcurrencyIsRequestsInFlight) {
  const fs::path dir = scratch();
  const CliRun r = lambdasim("run " + source("scenarios/examples/managed-instances.yaml") +
                             " -q --horizon 20m --html " + (dir / "mi.html").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string page = slurp(dir / "mi.html");
  EXPECT_NE(page.find("Requests in flight (mean and peak per interval)"), std::string::npos);
  EXPECT_NE(page.find("in flight (peak)"), std::string::npos);
  EXPECT_EQ(page.find("account limit 1,000"), std::string::npos);
  EXPECT_EQ(page.find("busy (peak)"), std::string::npos);
}

// tune --html: the three charts, the winner marked in each, one table row
// per grid point, and the same bytes for the same run.
TEST(ReportHtml, TunePageMarksTheWinnerOnEveryChart) {
  const fs::path dir = scratch();
  const std::string base = "tune " + source("scenarios/examples/tune-api.yaml") +
                           " --memory 256,1024 --arch x86_64,arm64 -q --html ";
  const CliRun a = lambdasim(base + (dir / "a.html").string());
  ASSERT_EQ(a.exit_code, 0) << a.out;
  ASSERT_EQ(lambdasim(base + (dir / "b.html").string() + " --threads 1").exit_code, 0);
  const std::string page = slurp(dir / "a.html");
  EXPECT_EQ(page, slurp(dir / "b.html"));
  for (const char* chart : {"Cost per 1M invocations", "p99 latency", "Cost against p99 latency"})
    EXPECT_NE(page.find(std::string("<strong>") + chart + "</strong>"), std::string::npos) << chart;
  EXPECT_EQ(count(page, "<figure class=\"chart\""), 3u);
  EXPECT_EQ(count(page, "class=\"marker-label\""), 3u);  // the winner, on each chart
  // The cards' winner is the point marked against memory (twice) and in the table.
  EXPECT_NE(page.find("<div class=\"label\">winner</div><div class=\"value\">256 MB"),
            std::string::npos);
  EXPECT_EQ(count(page, ">winner 256 MB arm64<"), 2u);
  EXPECT_EQ(count(page, "<td>256</td>"), 2u);  // x86_64 and arm64 rows
  EXPECT_EQ(count(page, "<td>1024</td>"), 2u);
}

TEST(ReportHtml, ExplicitIntervalAndCsvShareTheSeries) {
  const fs::path dir = scratch();
  const CliRun r = lambdasim("run " + source("scenarios/quickstart.yaml") +
                             " --quiet --horizon 10m --interval 2m --csv " +
                             (dir / "csv").string() + " --html " + (dir / "r.html").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(slurp(dir / "r.html").find("per 120 s interval"), std::string::npos);
  EXPECT_EQ(read_csv(dir / "csv" / "series.csv").size(), 10u);  // 5 intervals × 2 functions
}

TEST(ReportHtml, UnwritableFileExitsTwo) {
  const CliRun r = lambdasim("run " + source("scenarios/quickstart.yaml") +
                             " --quiet --horizon 10m --html /nonexistent-dir/r.html");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("/nonexistent-dir/r.html"), std::string::npos) << r.out;
}

}  // namespace

// Durable executions and event chains get their own section, only where the
// scenario has them. A self-loop that always emits (docs/recursion.md): each
// of the 40 initial events runs 16 invocations, each emits, and the 16th
// emitted event is stopped, so 640 events are emitted, 40 stopped, one in 16.
TEST(ReportHtml, CostCardsShowTheLargestOtherLine) {
  // 100 durable executions of 3 steps and 2 waits: 1 start + 3 steps + 2
  // waits = 6 operations each, 600 at $8 per million = $0.0048, far above
  // the 300 requests' $0.00006 and 300 x 1 ms x 0.125 GB of duration. The
  // run page's cards must show it, though durable operations have no card.
  const fs::path dir = scratch();
  const std::string yaml = write_text(dir / "ops.yaml", R"(scenario: ops
seed: 1
horizon: 10m
functions:
  flow:
    memory_mb: 128
    init: 0ms
    duration: 1ms
    durable: {steps: 3, wait: {dist: fixed, value: 1s}, retention: 1d}
workloads:
  - function: flow
    invocation: async
    arrivals: {process: burst, bursts: [{at: 0s, count: 100, over: 100s}]}
)");
  ASSERT_EQ(lambdasim("run " + yaml + " --quiet --html " + (dir / "ops.html").string()).exit_code,
            0);
  EXPECT_NE(slurp(dir / "ops.html")
                .find("<div class=\"label\">durable operations</div><div "
                      "class=\"value\">$0.004800</div><div class=\"detail\">the largest of the "
                      "other lines</div>"),
            std::string::npos);
}

// A bill with lines taken off (here AWS's monthly free tier: 1 M requests
// at $0.20/M and 400,000 GB-s at $0.0000166667, $6.86668 in all, fully
// used) shows them in one card, so the cards add up to the total; the total
// cost card divides by the requests billed and says how many (monthly here:
// 5/s x 1 h x 730 = 13,140,000, less the one constant arrival that would
// land on the horizon, x 730).
TEST(ReportHtml, CostCardsShowWhatIsTakenOffAndTheRequestsBilled) {
  const fs::path dir = scratch();
  const std::string yaml = write_text(dir / "credit.yaml", R"(horizon: 1h
platform: {billing: {project_to: month, free_tier: true}}
functions:
  worker: {memory_mb: 1024, init: 200ms, duration: 300ms}
workloads:
  - {function: worker, arrivals: {process: constant, rate: 5/s}}
)");
  ASSERT_EQ(
      lambdasim("run " + yaml + " --quiet --html " + (dir / "credit.html").string()).exit_code, 0);
  const std::string page = slurp(dir / "credit.html");
  EXPECT_NE(page.find("<div class=\"label\">taken off</div><div class=\"value\">-$6.87</div>"
                      "<div class=\"detail\">free-tier credit</div>"),
            std::string::npos);
  EXPECT_NE(page.find(" per million of the 13,139,270 requests billed a month (project_to: month)"),
            std::string::npos);
}

// The account's concurrency chart draws each function's own curve and
// their sum as a curve of its own ("all functions"): its stacked outlines,
// without fills, showed every spike in the top curve's colour, whatever
// function made it. Two functions: three curves, the sum named.
TEST(ReportHtml, AllFunctionsConcurrencyDrawsEachCurveAndTheSum) {
  const fs::path dir = scratch();
  const std::string yaml = write_text(dir / "two.yaml", R"(horizon: 10m
functions:
  quiet: {init: 100ms, duration: 1ms}
  busy: {init: 100ms, duration: 200ms}
workloads:
  - {function: quiet, arrivals: {process: poisson, rate: 1/s}}
  - {function: busy, arrivals: {process: poisson, rate: 50/s}}
)");
  ASSERT_EQ(lambdasim("run " + yaml + " --quiet --html " + (dir / "two.html").string()).exit_code,
            0);
  const std::string page = slurp(dir / "two.html");
  const std::size_t chart = page.find("Concurrency: all functions");
  ASSERT_NE(chart, std::string::npos);
  const std::size_t end = page.find("</svg>", chart);
  const std::string svg = page.substr(chart, end - chart);
  EXPECT_NE(page.find("of each function, and of all of them together", chart), std::string::npos);
  std::size_t curves = 0;
  for (std::size_t at = svg.find("<path class=\"series\""); at != std::string::npos;
       at = svg.find("<path class=\"series\"", at + 1))
    ++curves;
  EXPECT_EQ(curves, 3u);
  EXPECT_NE(svg.find("<title>all functions</title>"), std::string::npos);
}

TEST(ReportHtml, EventChainsSectionCountsTheStoppedLoops) {
  const fs::path dir = scratch();
  const std::string yaml = write_text(dir / "loop.yaml", R"(scenario: loop
seed: 1
horizon: 10m
functions:
  f:
    init: 0ms
    duration: 10ms
    emits: [{to: f, probability: 1.0}]
workloads:
  - function: f
    invocation: async
    arrivals: {process: burst, bursts: [{at: 0s, count: 40, over: 400s}]}
)");
  ASSERT_EQ(lambdasim("run " + yaml + " --quiet --html " + (dir / "loop.html").string()).exit_code,
            0);
  const std::string page = slurp(dir / "loop.html");
  EXPECT_NE(page.find("<h2>Event chains</h2>"), std::string::npos);
  EXPECT_NE(page.find(">640<"), std::string::npos);
  EXPECT_NE(page.find(">40<"), std::string::npos);
  EXPECT_NE(page.find(">6.25 %<"), std::string::npos);
  EXPECT_EQ(page.find("Durable executions"), std::string::npos);
  // The quickstart has neither: no such section.
  ASSERT_EQ(lambdasim("run " + source("scenarios/quickstart.yaml") + " --quiet --html " +
                      (dir / "q.html").string())
                .exit_code,
            0);
  EXPECT_EQ(slurp(dir / "q.html").find("Event chains"), std::string::npos);
}
