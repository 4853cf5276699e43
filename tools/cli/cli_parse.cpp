#include "tools/cli/cli_parse.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string_view>

#include "models/config/data_dir.hpp"
#include "models/error.hpp"
#include "tools/io/interrupt.hpp"

namespace po = boost::program_options;

namespace ls::tools {

namespace {

// The integer options of every command with their allowed values, checked
// on the text as given, before Boost converts it: Boost reads "-1" into an
// unsigned option as 4294967295. Messages read like a scenario key's
// ("replications: 0 is out of range (allowed: 1 to 1000)"). Options that
// become scenario keys (--seed, --replications of run/tune/compare) are
// checked again by the loader, with the key's own range.
struct IntegerOption {
  std::string_view name;
  std::int64_t min;
  std::int64_t max;
};
constexpr std::int64_t kNoMax = INT64_MAX;
constexpr IntegerOption kIntegerOptions[] = {
    {"threads", 0, 1024},  // 0: all cores; more than the jobs are never started
    {"replications", 1, 1000},  {"shards", 1, 1'000'000},  {"max-combinations", 1, 1'000'000},
    {"provisioned", 0, kNoMax}, {"at-memory", 128, 10240}, {"function-threads", 1, 64},
    {"top", 0, UINT32_MAX},  // 0: every function
};

// Whether `name` is declared with an integer value in `options`.
bool takes_integer(const po::options_description& options, const std::string& name) {
  const po::option_description* d = options.find_nothrow(name, false);
  if (d == nullptr) return false;
  const po::value_semantic* v = d->semantic().get();
  return dynamic_cast<const po::typed_value<int>*>(v) != nullptr ||
         dynamic_cast<const po::typed_value<unsigned>*>(v) != nullptr ||
         dynamic_cast<const po::typed_value<long>*>(v) != nullptr ||
         dynamic_cast<const po::typed_value<unsigned long>*>(v) != nullptr ||
         dynamic_cast<const po::typed_value<long long>*>(v) != nullptr ||
         dynamic_cast<const po::typed_value<unsigned long long>*>(v) != nullptr;
}

std::string allowed(const IntegerOption& o) {
  return o.max == kNoMax ? ">= " + std::to_string(o.min)
                         : std::to_string(o.min) + " to " + std::to_string(o.max);
}

void check_integer(const std::string& option, const std::string& text) {
  const std::string where = "--" + option;
  if (option == "seed") {
    // The seed is a full 64-bit value, read as the scenario's `seed` key.
    std::uint64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
      throw Error(SourceLocation{}, where,
                  "expected an integer from 0 to 18446744073709551615, got '" + text + "'");
    }
    return;
  }
  for (const IntegerOption& o : kIntegerOptions) {
    if (o.name != option) continue;
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ptr != text.data() + text.size() ||
        (ec != std::errc() && ec != std::errc::result_out_of_range)) {
      throw Error(SourceLocation{}, where, "expected an integer, got '" + text + "'");
    }
    if (ec == std::errc::result_out_of_range || v < o.min || v > o.max) {
      throw Error(SourceLocation{}, where, text + " is out of range (allowed: " + allowed(o) + ")");
    }
  }
}

}  // namespace

bool parse_command(const std::vector<std::string>& args, const CommandSpec& command,
                   po::variables_map& vm) {
  const po::options_description options = describe(command);
  po::positional_options_description positionals;
  if (command.positional) positionals.add(command.positional, command.max_positional);
  try {
    const po::parsed_options parsed =
        po::command_line_parser(args).options(options).positional(positionals).run();
    for (const po::option& o : parsed.options) {
      // Only where the command reads the option as a number: plan's
      // --provisioned api=0..50 shares a name with compare's integer one.
      if (o.value.size() == 1 && takes_integer(options, o.string_key))
        check_integer(o.string_key, o.value.front());
    }
    po::store(parsed, vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(std::string(e.what()) + " (see --help)");
  }
  if (vm.count("help")) {
    std::cout << command.about << "\n\n" << options;
    return false;
  }
  if (command.required && !vm.count(command.positional))
    throw Error(std::string(command.required) + " is required (see --help)");
  return true;
}

models::LoadOptions scenario_load_options(const po::variables_map& vm) {
  models::LoadOptions opts;
  opts.data_dir = models::default_data_dir();
  if (vm.count("set")) opts.sets = vm["set"].as<std::vector<std::string>>();
  // compare and plan: --savings-plan X is that key, applied after the --sets.
  if (vm.count("savings-plan"))
    opts.sets.push_back("platform.billing.savings_plan.commitment_usd_per_hour=" +
                        vm["savings-plan"].as<std::string>());
  if (vm.count("seed")) opts.seed = vm["seed"].as<std::uint64_t>();
  if (vm.count("horizon")) opts.horizon = vm["horizon"].as<std::string>();
  return opts;
}

models::LoadOptions scenario_load_options_with_replications(const po::variables_map& vm) {
  models::LoadOptions opts = scenario_load_options(vm);
  if (vm.count("replications"))
    opts.sets.push_back("replications=" + std::to_string(vm["replications"].as<int>()));
  return opts;
}

RunnerOptions runner_options(const po::variables_map& vm) {
  RunnerOptions runner;
  runner.threads = vm["threads"].as<unsigned>();
  runner.split = !vm.count("whole");
  if (vm.count("max-requests")) {
    const double max = vm["max-requests"].as<double>();
    if (!(max > 0) || !std::isfinite(max))
      throw Error(SourceLocation{}, "--max-requests",
                  fmt::format("{:g} is out of range (allowed: > 0)", max));
    runner.limits.max_requests = max;
  }
  runner.stop = &stop_requested();
  return runner;
}

}  // namespace ls::tools
