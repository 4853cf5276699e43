// `lambdasim plan FILE`: the cheapest configuration that meets the SLOs.
#include <fmt/format.h>

#include <iostream>

#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/cli/progress.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/io/number_text.hpp"
#include "tools/report/plan_html.hpp"
#include "tools/report/plan_report.hpp"

namespace po = boost::program_options;

namespace ls::tools {
namespace {

template <class T>
std::vector<T> many(const po::variables_map& vm, const char* key) {
  return vm.count(key) ? vm[key].as<std::vector<T>>() : std::vector<T>{};
}

template <class T>
std::optional<T> maybe(const po::variables_map& vm, const char* key) {
  return vm.count(key) ? std::optional<T>(vm[key].as<T>()) : std::nullopt;
}

// The search's size and rough duration, from one pilot simulation of the
// base scenario; a warning first when it is very large.
void announce(const PlanSpec& spec, const RunnerOptions& runner, Progress& progress) {
  const std::size_t configurations = estimate_configurations(spec);
  Forecast f;
  f.simulations = configurations * static_cast<std::size_t>(spec.replications);
  f.what = fmt::format("~{} configurations x {} replications", grouped_number(configurations),
                       spec.replications);
  f.estimated = true;
  f.pilot_s = pilot_seconds(spec.scenario);
  f.threads = worker_threads(runner, f.simulations);
  announce_forecast(progress, f, "searching: ",
                    "narrow the --memory, --reserved and --provisioned ranges, lower "
                    "--max-combinations or --replications, or shorten --horizon");
  progress.expect(static_cast<double>(f.simulations), true);
}

}  // namespace

int cmd_plan(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("plan"), vm)) return 0;
  const models::LoadOptions opts = scenario_load_options(vm);
  PlanFlags flags;
  flags.slo = many<std::string>(vm, "slo");
  flags.memory = many<std::string>(vm, "memory");
  flags.architecture = many<std::string>(vm, "architecture");
  flags.reserved = many<std::string>(vm, "reserved");
  flags.provisioned = many<std::string>(vm, "provisioned");
  flags.max_throttle = maybe<std::string>(vm, "max-throttle");
  flags.max_dlq = maybe<std::string>(vm, "max-dlq");
  flags.objective = maybe<std::string>(vm, "objective");
  flags.load = maybe<std::string>(vm, "load");
  flags.replications = maybe<int>(vm, "replications");
  flags.max_combinations = vm["max-combinations"].as<std::size_t>();
  const PlanSpec spec = make_plan_spec(vm["file"].as<std::string>(), opts, flags);

  const bool quiet = vm.count("quiet") > 0;
  RunnerOptions runner = runner_options(vm);
  PlanResult result;
  {
    Progress progress("plan", !quiet);
    if (progress.enabled()) announce(spec, runner, progress);
    progress.attach(runner);
    result = search_plan(spec, runner, [&](const std::string& line) {
      if (progress.terminal()) progress.note(line);
    });
  }
  const bool json_to_stdout = vm.count("json") && vm["json"].as<std::string>() == "-";
  if (vm.count("json")) write_output(vm["json"].as<std::string>(), plan_json(spec, result));
  if (vm.count("html"))
    write_file_atomically(vm["html"].as<std::string>(), plan_html(spec, result));
  if (!quiet && !json_to_stdout) std::cout << plan_table(spec, result);
  for (const auto& e : result.evaluations)
    if (!e.conservation_ok) {
      fmt::print(stderr, "lambdasim: internal error: request conservation violated\n");
      return 1;
    }
  return result.recommended ? 0 : 3;
}

}  // namespace ls::tools
