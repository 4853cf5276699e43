// `lambdasim collect DIR`: merge a sweep's point results into one table,
// JSON and CSV; report missing and corrupt points (exit 3 when any).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/cli/progress.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/report/sweep_html.hpp"
#include "tools/report/sweep_report.hpp"

namespace po = boost::program_options;

namespace ls::tools {

int cmd_collect(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("collect"), vm)) return 0;
  const std::string dir = vm["file"].as<std::string>();
  const SweepManifest m = read_manifest((std::filesystem::path(dir) / "manifest.json").string());
  Collection c;
  {
    Progress progress("collect", !vm.count("quiet"));
    progress.set_unit("points");
    progress.expect(static_cast<double>(m.points.size()), false);
    c = collect_points(dir, m, [&] { progress.advance(1.0, 0); });
  }
  bool table_to_stdout = !vm.count("quiet");
  for (const char* kind : {"json", "csv"}) {
    if (!vm.count(kind)) continue;
    const std::string text = std::string(kind) == "json" ? collect_json(m, c) : collect_csv(m, c);
    const std::string target = vm[kind].as<std::string>();
    write_output(target, text);
    if (target == "-") table_to_stdout = false;
  }
  std::vector<std::string> metrics;
  if (vm.count("metric")) metrics = vm["metric"].as<std::vector<std::string>>();
  if (vm.count("html"))
    write_file_atomically(vm["html"].as<std::string>(), collect_html(m, c, metrics));
  if (table_to_stdout) std::cout << collect_table(m, c, metrics);
  fmt::print(stderr, "{}", collect_problems(m, c));
  return c.complete() ? 0 : 3;
}

}  // namespace ls::tools
