// `lambdasim fit RESULTS...`: the memory-aware duration model from
// measurements at several memory sizes (docs/tune.md).
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <iostream>

#include "models/config/data_dir.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/study/fit_model.hpp"
#include "tools/study/tune_grid.hpp"

namespace po = boost::program_options;

namespace ls::tools {
namespace {

FitOptions make_options(const po::variables_map& vm) {
  FitOptions o;
  o.at_memory_mb = vm["at-memory"].as<int>();  // ranges: cli_parse.cpp's kIntegerOptions
  if (vm.count("function-threads")) o.threads = vm["function-threads"].as<int>();
  const std::string weights = vm["weights"].as<std::string>();
  if (weights != "relative" && weights != "none")
    throw Error(SourceLocation{}, "--weights",
                "unknown value '" + weights + "'; choose one of: relative, none");
  o.weights = weights == "relative" ? FitWeights::Relative : FitWeights::None;
  models::LoadOptions load;
  load.data_dir = models::default_data_dir();
  const models::PlatformConfig platform =
      models::load_preset_platform(vm["preset"].as<std::string>(), load);
  o.mb_per_vcpu = platform.mb_per_vcpu;
  o.max_vcpu = platform.max_vcpu;
  return o;
}

std::string report(const FitResult& r, const FitOptions& o, const std::vector<FitSample>& samples) {
  std::string out = fmt::format(
      "fit: {} measurements; duration(m) = cpu * v({})/v(m) + io, v(m) = min(m/{:g}, threads, "
      "{:g}) vCPU\n\n",
      samples.size(), r.at_memory_mb, o.mb_per_vcpu, o.max_vcpu);
  out += fmt::format("  cpu       {:10.3f} ms at {} MB on {}\n", r.cpu_ms, r.at_memory_mb,
                     architecture_name(r.at_architecture));
  out += fmt::format("  io        {:10.3f} ms\n", r.io_ms);
  out += fmt::format("  threads   {:10d}\n", r.threads);
  if (r.arm64_factor)
    out += fmt::format("  arm64     {:10.4f} x the x86_64 CPU time\n", *r.arm64_factor);
  out += fmt::format("  R2        {:>10}   rms residual {:.3f} ms ({:.2f} %)\n\n",
                     std::isnan(r.r2) ? std::string("n/a") : fmt::format("{:.5f}", r.r2), r.rms_ms,
                     100 * r.rms_relative);
  out += fmt::format("  {:>6}  {:<6} {:>12} {:>12} {:>12} {:>8}  {}\n", "memory", "arch",
                     "measured ms", "fitted ms", "residual ms", "resid %", "source");
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    const double res = s.duration_ms - r.fitted_ms[i];
    out += fmt::format("  {:>6}  {:<6} {:>12.3f} {:>12.3f} {:>12.3f} {:>8.2f}  {}\n", s.memory_mb,
                       architecture_name(s.architecture), s.duration_ms, r.fitted_ms[i], res,
                       100 * res / s.duration_ms, s.source);
  }
  for (const auto& note : r.notes) out += "note: " + note + "\n";
  return out;
}

}  // namespace

int cmd_fit(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("fit"), vm)) return 0;
  const FitOptions fit_opts = make_options(vm);
  std::vector<std::string> inputs;
  std::vector<FitSample> samples;
  auto read = [&](const char* option, models::Architecture arch) {
    if (!vm.count(option)) return;
    for (const auto& path : vm[option].as<std::vector<std::string>>()) {
      const auto got = read_fit_samples(path, arch);
      samples.insert(samples.end(), got.begin(), got.end());
      inputs.push_back(path);
    }
  };
  read("files", models::Architecture::X86_64);
  read("arm64", models::Architecture::Arm64);
  if (inputs.empty()) throw Error("fit: give at least one result file (see --help)");
  const FitResult result = fit_duration_model(samples, fit_opts);
  if (!vm.count("quiet")) std::cout << report(result, fit_opts, samples);
  if (vm.count("out")) {
    write_file_atomically(vm["out"].as<std::string>(),
                          duration_block_yaml(result, inputs, samples.size()));
    if (!vm.count("quiet")) fmt::print("wrote {}\n", vm["out"].as<std::string>());
  }
  return 0;
}

}  // namespace ls::tools
