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

constexpr const char* kAbout =
    R"(Find the cheapest configuration that meets latency, throttle and DLQ constraints.

  lambdasim plan FILE --slo 'api.p99<=500ms' --max-throttle 0.1% \
      --memory api=512,1024,2048 --reserved api=1..200 --provisioned api=0..50

Settings left out come from the scenario's plan: block. A configuration meets a constraint
only if the upper end of its 95% confidence interval does (3 replications by default).
Exit 3 when nothing meets the constraints (the closest configurations are shown).
See docs/plan.md.)";

template <class T>
std::vector<T> many(const po::variables_map& vm, const char* key) {
  return vm.count(key) ? vm[key].as<std::vector<T>>() : std::vector<T>{};
}

template <class T>
std::optional<T> maybe(const po::variables_map& vm, const char* key) {
  return vm.count(key) ? std::optional<T>(vm[key].as<T>()) : std::nullopt;
}

using T = Takes;
constexpr OptionSpec kOptions[] = {
    {"file"},
    {"slo", T::Texts, "an objective FUNCTION.STAT<=VALUE, e.g. checkout.p99<=500ms (repeatable)"},
    {"max-throttle", T::Text, "largest final throttle rate per function, e.g. 0.1%"},
    {"max-dlq", T::Text, "most dead-letter events (async)"},
    {"objective", T::Text, "total-cost (default) or cost-per-million"},
    {"memory", T::Texts, "FUNCTION=VALUES memory sizes, e.g. api=512,1024"},
    {"architecture", T::Texts, "FUNCTION=x86_64,arm64"},
    {"reserved", T::Texts, "FUNCTION=VALUES reserved concurrency, e.g. api=1..200"},
    {"provisioned", T::Texts,
     "FUNCTION=VALUES provisioned concurrency, e.g. api=0..50; FUNCTION.schedule[K]=VALUES "
     "for step K of its PC schedule"},
    {"load", T::Text, "traffic forecast: scale every workload, e.g. 1.5x"},
    {"replications", T::Int, "replications per configuration (>= 2)"},
    {"max-combinations", T::Size,
     "memory x architecture grid size above which the search starts coarse", "32"},
    {"set"},
    {"savings-plan"},
    {"seed"},
    {"horizon"},
    {"json", T::Text, "write the plan as JSON to FILE (- for stdout)"},
    {"html", T::Text, "write the plan as a self-contained HTML page to FILE"},
    {"threads"},
    {"quiet,q"},
    {"max-requests"},
};
constexpr CommandSpec kCommand{"lambdasim plan FILE [options]", kAbout, kOptions};

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
  const std::string warning = large_search_warning(
      f,
      "narrow the --memory, --reserved and --provisioned ranges, lower --max-combinations "
      "or --replications, or shorten --horizon");
  if (!warning.empty()) progress.note(warning);
  progress.note("searching: " + forecast_text(f));
  progress.expect(static_cast<double>(f.simulations), true);
}

}  // namespace

int cmd_plan(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, kCommand, vm)) return 0;
  if (!vm.count("file")) throw Error("a scenario FILE is required (see --help)");
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
