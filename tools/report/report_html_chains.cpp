// The HTML report's section on durable executions and event chains: shown
// only for a scenario with durable functions (docs/durable.md) or functions
// that emit events (docs/recursion.md); other reports are unchanged.
#include <fmt/format.h>

#include "tools/report/report_html_run.hpp"
#include "tools/study/metric_list.hpp"
#include "tools/study/report_metrics.hpp"

namespace ls::tools::html_run {
namespace {

std::string seconds(double s) { return fmt::format("{:.1f} s", s); }

void add_durable_table(html::Section& s, const models::Scenario& sc, const MetricLookup& get) {
  html::Table t{{"function", "completed", "failed", "timed out", "resumptions", "cold resumptions",
                 "step retries", "callback timeouts", "end-to-end p50", "end-to-end p99",
                 "end-to-end max"},
                {},
                1,
                "Each durable execution's steps are invocations; a resumption after a wait is "
                "cold when no environment outlived the wait; a failed step attempt is retried "
                "after a backoff (step retries); a callback not answered in time times out. End "
                "to end: first step's start to the last step's end, waits included."};
  for (const auto& fn : sc.functions) {
    if (!fn.durable->enabled) continue;
    const auto k = get.under("functions." + fn.name + ".durable");
    t.rows.push_back({fn.name, grouped(k("completed")), grouped(k("failed")),
                      grouped(k("timed_out")), grouped(k("resumptions")),
                      fmt::format("{} ({})", grouped(k("resumption_cold_starts")),
                                  pct(k("resumption_cold_start_ratio"))),
                      grouped(k("step_retries")), grouped(k("callback_timeouts")),
                      seconds(k("end_to_end_s.p50")), seconds(k("end_to_end_s.p99")),
                      seconds(k("end_to_end_s.max"))});
  }
  s.table(t);
}

}  // namespace

void add_chains_section(html::HtmlReport& page, const models::Scenario& sc,
                        const MetricTable& metrics) {
  bool durable = false, emits = false;
  for (const auto& fn : sc.functions) durable |= fn.durable->enabled;
  for (const auto& w : sc.workloads) emits |= w.emitted;
  if (!durable && !emits) return;
  const MetricLookup get(metrics);
  auto& s = page.add_section(durable && emits ? "Durable executions and event chains"
                             : durable        ? "Durable executions"
                                              : "Event chains");
  if (emits) {
    const double emitted = get("totals.recursion.emitted");
    const double stopped = get("totals.recursion.stopped");
    s.cards({html::Card{"events emitted", grouped(emitted), "by functions (emits)"},
             html::Card{"stopped as loops", grouped(stopped),
                        fmt::format("at {} invocations in a chain", sc.platform.recursion_limit)},
             html::Card{"stopped share", pct(metric_ratio(stopped, emitted)),
                        "of the emitted events"}});
  }
  if (durable) add_durable_table(s, sc, get);
}

}  // namespace ls::tools::html_run
