// `lambdasim tune SCENARIO --function NAME`: Power Tuning offline, on the
// scenario's own traffic (docs/tune.md).
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <iostream>

#include "models/error.hpp"
#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/cli/progress.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/report/tune_html.hpp"
#include "tools/report/tune_report.hpp"
#include "tools/study/load_factor.hpp"
#include "tools/study/tune_run.hpp"

namespace po = boost::program_options;

namespace ls::tools {
namespace {

TuneRequest make_request(const po::variables_map& vm) {
  TuneRequest req;
  req.scenario_path = vm["file"].as<std::string>();
  req.load = scenario_load_options_with_replications(vm);
  if (vm.count("function")) req.function = vm["function"].as<std::string>();
  if (vm.count("memory")) req.grid.memory = parse_memory_list(vm["memory"].as<std::string>());
  if (vm.count("arch"))
    req.grid.architectures = parse_architecture_list(vm["arch"].as<std::string>());
  if (vm.count("provisioned"))
    req.grid.provisioned = parse_provisioned_list(vm["provisioned"].as<std::string>());
  req.strategy = parse_strategy(vm["strategy"].as<std::string>());
  req.weight = vm["weight"].as<double>();
  if (!(req.weight >= 0.0 && req.weight <= 1.0))
    throw Error(SourceLocation{}, "--weight",
                fmt::format("{} is out of range (allowed: 0 to 1)", req.weight));
  if (vm.count("slo")) req.slo = parse_slo(vm["slo"].as<std::string>());
  if (vm.count("max-throttle"))
    req.max_throttle =
        parse_fraction(vm["max-throttle"].as<std::string>(), {"--max-throttle", 0, 0}, "");
  return req;
}

}  // namespace

int cmd_tune(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("tune"), vm)) return 0;
  const TuneRequest request = make_request(vm);
  const bool quiet = vm.count("quiet") > 0;
  RunnerOptions runner = runner_options(vm);
  TuneResult result;
  {
    Progress progress("tune", !quiet);
    progress.attach(runner);
    result = run_tune(request, runner);
  }

  const bool to_stdout =
      (vm.count("json") && vm["json"].as<std::string>() == "-") ||
      (vm.count("power-tuning-json") && vm["power-tuning-json"].as<std::string>() == "-");
  if (vm.count("json")) write_output(vm["json"].as<std::string>(), tune_json(result));
  if (vm.count("power-tuning-json"))
    write_output(vm["power-tuning-json"].as<std::string>(), power_tuning_json(result));
  if (vm.count("html")) write_file_atomically(vm["html"].as<std::string>(), tune_html(result));
  if (!quiet && !to_stdout) std::cout << tune_table(result);
  if ((result.slo || result.max_throttle) && !result.winner) {
    if (quiet || to_stdout)
      fmt::print(stderr, "lambdasim tune: no point meets {}\n", constraints_text(result));
    return 3;
  }
  return 0;
}

}  // namespace ls::tools
