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

constexpr const char* kAbout =
    R"(Simulate the scenario at every memory size (x architecture x provisioned level) of the
grid and pick the best point as AWS Lambda Power Tuning would (cost, speed, balanced),
or the cheapest one that meets --slo and --max-throttle. Points that throttle are flagged
in the table. Exit codes: 0 ok, 2 bad input, 3 no point meets --slo/--max-throttle (the
outputs are still written).)";

constexpr OptionSpec kOptions[] = {
    {"file", Takes::Text, "scenario YAML"},
    {"function,f", Takes::Text, "function to tune (default: the only one)"},
    {"memory", Takes::Text,
     "memory sizes in MB (128..10240), e.g. 512,1024,2048, or all (every 64 MB); default: "
     "Power Tuning's 128,256,512,1024,1536,3008"},
    {"arch", Takes::Text, "x86_64, arm64 or x86_64,arm64 (default: the function's)"},
    {"provisioned", Takes::Text,
     "constant provisioned concurrency levels, e.g. 0,10,50 (default: the scenario's)"},
    {"strategy", Takes::Text, "cost, speed or balanced", "cost"},
    {"weight", Takes::Number, "balanced: weight of cost (1 = cost only, 0 = speed only)", "0.5"},
    {"slo", Takes::Text,
     "latency objective, e.g. p99<=800ms (mean, p50, p90, p95, p99, p999, max): the strategy "
     "picks among the points that meet it"},
    {"max-throttle", Takes::Text,
     "largest final throttle rate (after retries) a point may have to win, e.g. 0.1% or 0; "
     "the upper end of its 95% CI must be within it (default: none, throttling points are "
     "flagged)"},
    {"json", Takes::Text, "write the results as JSON (lambdasim.tune/1) to FILE (- for stdout)"},
    {"html", Takes::Text,
     "write a self-contained HTML page (charts against memory, Pareto front) to FILE"},
    {"power-tuning-json", Takes::Text,
     "write the result in AWS Lambda Power Tuning's output format to FILE (- for stdout)"},
    {"replications", Takes::Int, "override the number of replications (CIs when > 1)"},
    {"threads"},
    {"seed"},
    {"horizon"},
    {"set"},
    {"quiet,q"},
    {"max-requests"},
};
constexpr CommandSpec kCommand{"lambdasim tune SCENARIO [--function NAME] [options]", kAbout,
                               kOptions};

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
  if (!parse_command(args, kCommand, vm)) return 0;
  if (!vm.count("file")) throw Error("a scenario FILE is required (see --help)");
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
