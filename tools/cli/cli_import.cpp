// `lambdasim import`: a scenario from a system's own records — a SAM /
// CloudFormation template or Terraform JSON, and CloudWatch metrics
// (docs/import.md).
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "models/config/data_dir.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/config/units.hpp"
#include "models/error.hpp"
#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/io/text_file.hpp"
#include "tools/report/backtest_report.hpp"
#include "tools/report/bill_compare_report.hpp"
#include "tools/study/bill_compare.hpp"
#include "tools/study/import_backtest.hpp"
#include "tools/study/import_cfn.hpp"
#include "tools/study/import_cur.hpp"
#include "tools/study/import_json_check.hpp"
#include "tools/study/import_metrics.hpp"
#include "tools/study/import_schedule.hpp"
#include "tools/study/import_terraform.hpp"
#include "tools/study/runner.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace ls::tools {
namespace {

import::ImportOptions options_of(const po::variables_map& vm){import::ImportOptions o;
if (vm.count("parameter")) {
  for (const std::string& p : vm["parameter"].as<std::vector<std::string>>()) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(SourceLocation{}, "--parameter", "'" + p + "': expected Name=Value");
    o.parameters[p.substr(0, eq)] = p.substr(eq + 1);
  }
}
if (vm.count("region")) o.region = vm["region"].as<std::string>();
if (vm.count("stack-name")) o.stack_name = vm["stack-name"].as<std::string>();
if (vm.count("name")) o.scenario_name = vm["name"].as<std::string>();
if (vm.count("start")) {
  const auto t = import::parse_utc(vm["start"].as<std::string>());
  if (!t)
    throw Error(SourceLocation{}, "--start", "expected a UTC time such as 2025-01-06T00:00:00Z");
  o.start = *t;
  o.start_given = true;
}
if (vm.count("horizon")) {
  sim::Time h = 0;
  try {
    h = models::parse_duration(vm["horizon"].as<std::string>());
  } catch (const std::exception& e) {
    throw Error(SourceLocation{}, "--horizon", e.what());
  }
  if (h < sim::kSecond) throw Error(SourceLocation{}, "--horizon", "must be at least 1s");
  o.horizon_seconds = h / sim::kSecond;
  o.horizon_given = true;
}
return o;
}  // namespace

struct Inputs {
  std::string infra_file, infra_text, infra_format;
  std::vector<import::MetricsInput> metrics;
  std::string cur;
};

// Sorts the files by what they are (--format forces the one infrastructure file's).
Inputs classify(const po::variables_map& vm) {
  Inputs in;
  std::vector<std::string> files;
  if (vm.count("file")) files = vm["file"].as<std::vector<std::string>>();
  const std::string forced = vm.count("format") ? vm["format"].as<std::string>() : "";
  if (!forced.empty() && forced != "cfn" && forced != "terraform")
    throw Error(SourceLocation{}, "--format", "'" + forced + "': expected cfn or terraform");
  if (vm.count("metrics"))
    for (const auto& f : vm["metrics"].as<std::vector<std::string>>())
      in.metrics.push_back({f, read_text_file(f, "the file")});
  if (vm.count("cur")) in.cur = vm["cur"].as<std::string>();
  for (const auto& f : files) {
    if (f.ends_with(".csv") || f.ends_with(".csv.gz") || f.ends_with(".gz")) {
      if (!in.cur.empty())
        throw Error(SourceLocation{f, 0, 0}, "", "a second CUR (the first is " + in.cur + ")");
      in.cur = f;
      continue;
    }
    std::string text = read_text_file(f, "the file");
    std::string kind = forced;
    if (kind.empty()) {
      // JSON that does not parse: say where, whatever it was meant to be.
      const auto first = text.find_first_not_of(" \t\r\n");
      if (first != std::string::npos && text[first] == '{') import::check_json(f, text);
      kind = import::looks_like_terraform(text) ? "terraform"
             : import::looks_like_metrics(text) ? "metrics"
                                                : "cfn";
    }
    if (kind == "metrics") {
      in.metrics.push_back({f, std::move(text)});
      continue;
    }
    if (!in.infra_file.empty()) {
      throw Error(SourceLocation{f, 0, 0}, "",
                  "a second template or Terraform JSON (the first is " + in.infra_file +
                      "); import one at a time");
    }
    in.infra_file = f;
    in.infra_text = std::move(text);
    in.infra_format = kind;
  }
  if (in.infra_file.empty() && in.metrics.empty())
    throw Error(
        "give a TEMPLATE, a Terraform JSON or CloudWatch metrics (see --help); a CUR alone "
        "has no function settings: compare it with `lambdasim run SCENARIO --compare-bill CUR`");
  return in;
}

}  // namespace ls::tools

int cmd_import(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("import"), vm)) return 0;
  const Inputs in = classify(vm);
  import::ImportOptions opts = options_of(vm);
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "";

  std::optional<import::MetricsData> metrics;
  if (!in.metrics.empty()) {
    if (out.empty()) {
      throw Error(
          SourceLocation{}, "--out",
          "metrics need --out FILE: their per-minute counts are written beside the scenario");
    }
    import::MetricsOptions mo;
    if (vm.count("metric-queries")) {
      mo.queries_file = vm["metric-queries"].as<std::string>();
      mo.queries_text = read_text_file(mo.queries_file, "the file");
    }
    if (vm.count("function")) mo.function = vm["function"].as<std::string>();
    metrics = import::read_metrics(in.metrics, mo);
    if (!opts.start_given) opts.start = metrics->start;
    if (!opts.horizon_given) opts.horizon_seconds = metrics->end - metrics->start;
  }
  import::ImportResult result;
  if (in.infra_format == "terraform") {
    result = import::import_terraform(in.infra_file, in.infra_text, opts);
  } else if (!in.infra_file.empty()) {
    result = import::import_cfn(in.infra_file, in.infra_text, opts);
  } else {
    result.scenario_name =
        opts.scenario_name.empty()
            ? import::scenario_name_for(fs::path(in.metrics.front().file).stem().string(), {})
            : opts.scenario_name;
  }
  if (metrics) import::apply_metrics(result, *metrics, {fs::path(out).stem().string()});
  std::optional<import::CurData> cur;
  if (!in.cur.empty()) cur = import::read_cur(in.cur);
  if (!result.region.resolved() && !opts.region.empty())
    result.region = {opts.region, "--region", "", false};
  if (!result.region.resolved() && cur && !cur->region.empty())
    result.region = {cur->region, "the CUR's line_item_resource_id", "", false};
  const std::string yaml = import::scenario_yaml(result);
  for (const auto& w : result.warnings) fmt::print(stderr, "warning: {}\n", w);
  for (const auto& u : result.unsupported) fmt::print(stderr, "not simulated: {}\n", u);
  if (out.empty()) {
    std::cout << yaml;
    return 0;
  }
  const fs::path dir = fs::absolute(out).parent_path();
  for (const auto& side : result.side_files)
    write_file_atomically((dir / side.name).string(), side.text);
  write_file_atomically(out, yaml);
  models::LoadOptions load;
  load.data_dir = models::default_data_dir();
  const models::Scenario s = models::load_scenario(out, load);  // proves it validates
  fmt::print(stderr,
             "{}: {} function(s), {} workload(s); {} warning(s), {} resource(s) not simulated\n",
             out, s.functions.size(), models::listed_workloads(s), result.warnings.size(),
             result.unsupported.size());
  if (cur) {
    for (const auto& w : cur->warnings) fmt::print(stderr, "warning: {}\n", w);
    RunnerOptions runner;
    runner.threads = vm["threads"].as<unsigned>();
    const RunSet set = run_replications(s, runner);
    std::map<std::string, std::string> aws_names;
    for (const auto& f : result.functions)
      if (!f.aws_name.empty()) aws_names[f.name] = f.aws_name;
    const import::BillComparison c = import::compare_bill(s, set.bills, *cur, aws_names);
    const bool json_stdout = vm.count("bill-json") && vm["bill-json"].as<std::string>() == "-";
    if (vm.count("bill-json"))
      write_output(vm["bill-json"].as<std::string>(), bill_compare_json(c));
    if (vm.count("bill-html"))
      write_file_atomically(vm["bill-html"].as<std::string>(), bill_compare_html(c));
    if (!json_stdout) std::cout << bill_compare_table(c);
  }
  const bool backtest =
      vm.count("backtest") || vm.count("backtest-json") || vm.count("backtest-html");
  if (!backtest) return 0;
  if (!metrics)
    throw Error(SourceLocation{}, "--backtest", "needs CloudWatch metrics to compare with");
  const import::Backtest b =
      import::run_backtest(s, *metrics, result.metric_functions, vm["threads"].as<unsigned>());
  const bool json_stdout =
      vm.count("backtest-json") && vm["backtest-json"].as<std::string>() == "-";
  if (vm.count("backtest-json"))
    write_output(vm["backtest-json"].as<std::string>(), backtest_json(b));
  if (vm.count("backtest-html"))
    write_file_atomically(vm["backtest-html"].as<std::string>(), backtest_html(b));
  if (!json_stdout) std::cout << backtest_table(b);
  return 0;
}

}  // namespace ls::tools
