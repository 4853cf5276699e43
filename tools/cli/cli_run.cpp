// `lambdasim run`, `validate` and `keys`.
#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>
#include <map>

#include "models/config/scenario_loader.hpp"
#include "models/config/units.hpp"
#include "models/error.hpp"
#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/cli/progress.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/report/bill_compare_report.hpp"
#include "tools/report/calibrate_report.hpp"
#include "tools/report/report_csv.hpp"
#include "tools/report/report_html_run.hpp"
#include "tools/report/report_json.hpp"
#include "tools/report/report_table.hpp"
#include "tools/report/scenario_schema.hpp"
#include "tools/study/calibrate_readers.hpp"
#include "tools/study/import_cur.hpp"
#include "tools/study/runner.hpp"

namespace po = boost::program_options;

namespace ls::tools {

namespace {

// The time-series interval: --interval when given (or its default with
// --csv); for --html alone, about 240 points over the horizon; else none.
sim::Time series_interval(const po::variables_map& vm, sim::Time horizon) {
  const bool csv = vm.count("csv") > 0;
  if (!csv && !vm.count("html")) return 0;
  if (!csv && vm["interval"].defaulted()) return auto_series_interval(horizon);
  sim::Time interval = 0;
  try {
    interval = models::parse_duration(vm["interval"].as<std::string>());
  } catch (const std::exception& e) {
    throw Error(SourceLocation{}, "--interval", e.what());
  }
  if (interval <= 0) throw Error(SourceLocation{}, "--interval", "must be > 0");
  return interval;
}

// The backtest table of `run --compare-to LOGS`: the logs read as
// `calibrate` reads them (memory size: the first function's).
std::string compare_to_logs_table(const models::Scenario& scenario, const RunSet& set,
                                  const std::vector<std::string>& logs) {
  calibrate::ReadOptions read;
  read.memory_mb = scenario.functions.front().memory_mb;
  calibrate::LogStream stream(logs, read);
  const auto estimates = calibrate::estimate_from_logs(stream, {});
  return backtest_table(calibrate::compare_to_logs(scenario, set, estimates));
}

}  // namespace

int cmd_run(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("run"), vm)) return 0;
  models::LoadOptions load_options = scenario_load_options_with_replications(vm);
  load_options.echo = vm.count("json") > 0;  // the only output that shows resolved_json
  models::Scenario scenario = models::load_scenario(vm["file"].as<std::string>(), load_options);
  // A run reads no variants (with_variant): the parsed document it keeps for
  // them would cost a few KB per function for the whole run.
  scenario.source = nullptr;
  std::optional<import::CurData> cur;  // read before the run: a bad CUR fails fast
  if (vm.count("compare-bill")) cur = import::read_cur(vm["compare-bill"].as<std::string>());
  std::map<std::string, std::string> deployed_names;  // --bill-function FUNCTION=NAME
  if (vm.count("bill-function")) {
    for (const auto& pair : vm["bill-function"].as<std::vector<std::string>>()) {
      const auto eq = pair.find('=');
      const std::string fn = pair.substr(0, eq);
      const bool known = std::any_of(scenario.functions.begin(), scenario.functions.end(),
                                     [&](const models::FunctionConfig& f) { return f.name == fn; });
      if (eq == std::string::npos || eq + 1 == pair.size() || !known) {
        std::string names;
        for (const auto& f : scenario.functions) names += (names.empty() ? "" : ", ") + f.name;
        throw Error(
            SourceLocation{}, "--bill-function " + pair,
            "expected FUNCTION=DEPLOYED_NAME with FUNCTION one of the scenario's: " + names);
      }
      deployed_names[fn] = pair.substr(eq + 1);
    }
  }
  for (const char* option : {"bill-function", "bill-json", "bill-html"}) {
    if (vm.count(option) && !cur)
      throw Error(SourceLocation{}, std::string("--") + option,
                  "needs --compare-bill CUR.csv: the comparison it writes");
  }

  RunnerOptions runner = runner_options(vm);
  const bool json_to_stdout = vm.count("json") && vm["json"].as<std::string>() == "-";
  const bool quiet = vm.count("quiet") > 0;
  const std::string csv_dir = vm.count("csv") ? vm["csv"].as<std::string>() : "";
  runner.series_interval = series_interval(vm, scenario.horizon);
  // The table alone reads a few metrics of each function; the JSON and HTML
  // reports and the backtests read more.
  if (!vm.count("json") && !vm.count("html") && !vm.count("compare-to") &&
      !vm.count("compare-bill"))
    runner.function_metrics = FunctionMetrics::Table;
  if (!csv_dir.empty()) create_output_directory(csv_dir, "--csv");
  RunSet set;
  {
    Progress progress("run", !quiet);
    progress.set_horizon(sim::to_seconds(scenario.horizon));
    progress.attach(runner);
    set = run_replications(scenario, runner);
  }
  if (vm.count("json")) {
    stream_output(vm["json"].as<std::string>(),
                  [&](TextSink& sink) { write_report_json(sink, scenario, set); });
  }
  if (!csv_dir.empty()) {
    stream_output(csv_dir + "/series.csv", [&](TextSink& sink) {
      write_series_csv(sink, scenario, set.runs.front(), set.bills.front());
    });
  }
  if (vm.count("html")) {
    stream_output(vm["html"].as<std::string>(),
                  [&](TextSink& sink) { write_report_html(sink, scenario, set); });
  }
  if (!quiet && !json_to_stdout) std::cout << report_table(scenario, set, vm["top"].as<unsigned>());
  if (cur) {
    const import::BillComparison c =
        import::compare_bill(scenario, set.bills, *cur, deployed_names);
    if (vm.count("bill-json"))
      write_output(vm["bill-json"].as<std::string>(), bill_compare_json(c));
    if (vm.count("bill-html"))
      write_file_atomically(vm["bill-html"].as<std::string>(), bill_compare_html(c));
    const bool bill_json_stdout = vm.count("bill-json") && vm["bill-json"].as<std::string>() == "-";
    if (!json_to_stdout && !bill_json_stdout) std::cout << bill_compare_table(c);
  }
  if (vm.count("compare-to") && !json_to_stdout)
    std::cout << compare_to_logs_table(scenario, set,
                                       vm["compare-to"].as<std::vector<std::string>>());
  if (!set.conservation_ok) {
    fmt::print(stderr, "lambdasim: internal error: request conservation violated\n");
    return 1;
  }
  return 0;
}

int cmd_validate(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("validate"), vm)) return 0;
  models::LoadOptions load_options = scenario_load_options(vm);
  load_options.echo = false;  // validate prints no resolved scenario
  const models::Scenario scenario =
      models::load_scenario(vm["file"].as<std::string>(), load_options);
  fmt::print("{}: ok — {} function(s), {} workload(s), horizon {:g}s\n",
             vm["file"].as<std::string>(), scenario.functions.size(),
             models::listed_workloads(scenario), sim::to_seconds(scenario.horizon));
  return 0;
}

int cmd_keys(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("keys"), vm)) return 0;
  if (vm.count("json-schema"))
    std::cout << scenario_json_schema();
  else if (vm.count("paths"))
    std::cout << scenario_key_paths();
  else if (vm.count("section"))
    std::cout << models::describe_keys(vm["section"].as<std::string>());
  else
    std::cout << models::describe_keys();
  return 0;
}

}  // namespace ls::tools
