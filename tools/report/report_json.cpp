#include "tools/report/report_json.hpp"

#include <utility>

#include "tools/io/json_writer.hpp"

namespace ls::tools {
namespace {

// Writes the aggregated metrics as nested objects; their paths are grouped so
// that every prefix is contiguous. With replications, each value gets a
// sibling "<key>_ci95".
void write_metrics(JsonWriter& w, const MetricTable& metrics, bool with_ci) {
  std::vector<std::string> open;
  for (const auto& m : metrics) {
    std::size_t common = 0;
    while (common < open.size() && common + 1 < m.path.size() && open[common] == m.path[common])
      ++common;
    while (open.size() > common) {
      w.end_object();
      open.pop_back();
    }
    for (std::size_t i = common; i + 1 < m.path.size(); ++i) {
      w.key(m.path[i]);
      w.begin_object();
      open.push_back(m.path[i]);
    }
    w.key(m.path.back());
    if (m.integer && !with_ci)
      w.value(static_cast<std::uint64_t>(m.mean));
    else
      w.value(m.mean);
    if (with_ci) {
      w.field(m.path.back() + "_ci95", m.ci95);
    }
  }
  while (!open.empty()) {
    w.end_object();
    open.pop_back();
  }
}

void write_report(JsonWriter& w, const models::Scenario& scenario, const RunSet& set,
                  bool include_run) {
  w.begin_object();
  w.field("schema", "lambdasim.report/1");
  w.field("scenario", scenario.name);
  w.field("seed", static_cast<std::uint64_t>(scenario.seed));
  w.field("horizon_s", sim::to_seconds(scenario.horizon));
  w.field("warmup_s", sim::to_seconds(scenario.warmup));
  w.field("replications", scenario.replications);
  w.key("resolved_scenario");
  w.raw(scenario.resolved_json);
  write_metrics(w, set.metrics, scenario.replications > 1);
  w.key("conservation");
  w.begin_object();
  w.field("ok", set.conservation_ok);
  w.end_object();
  if (include_run) {
    w.key("run");
    w.begin_object();
    w.field("wall_s", set.wall_seconds);
    w.field("events", set.events);
    w.field("events_per_s",
            set.wall_seconds > 0 ? static_cast<double>(set.events) / set.wall_seconds : 0.0);
    // How the run was simulated (tools/study/runner.hpp): in how many parts
    // on separate threads, and why a split run was simulated again whole.
    w.field("parts", set.split_undone_because.empty() ? set.parts : std::size_t{1});
    if (!set.split_undone_because.empty())
      w.field("split_undone_because", set.split_undone_because);
    w.end_object();
  }
  w.end_object();
}

}  // namespace

std::string report_json(const models::Scenario& scenario, const RunSet& set, bool include_run) {
  JsonWriter w;
  write_report(w, scenario, set, include_run);
  return std::move(w).take();
}

void write_report_json(TextSink& sink, const models::Scenario& scenario, const RunSet& set,
                       bool include_run) {
  JsonWriter w(sink);
  write_report(w, scenario, set, include_run);
  w.flush();
}

}  // namespace ls::tools
