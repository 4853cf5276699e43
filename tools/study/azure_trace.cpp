#include "tools/study/azure_trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string_view>

#include "models/config/csv_reader.hpp"
#include "models/error.hpp"
#include "sim/dist.hpp"
#include "tools/io/json_writer.hpp"

namespace ls::tools {
namespace {

using Field = models::CsvField;
using Header = std::vector<std::string>;
using RowFn = std::function<void(const Header&, const std::vector<Field>&)>;

// Calls on_row(header, fields) for every non-blank record after the
// header (RFC 4180, streamed: see models/config/csv_reader.hpp). Throws for a
// missing or empty file and a row of the wrong width.
void for_each_row(const std::string& file, const std::string& option, const RowFn& on_row) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw Error(SourceLocation{}, option, "file not found: " + file);
  std::ifstream in(file, std::ios::binary);
  models::CsvReader reader(in, file, option);
  Header header;
  while (reader.next()) {
    if (reader.blank()) continue;
    const auto& fields = reader.fields();
    if (header.empty()) {
      for (const auto& f : fields) header.emplace_back(f.text);
      continue;
    }
    if (fields.size() != header.size()) {
      throw Error(
          SourceLocation{file, fields.back().line, fields.back().column}, option,
          fmt::format("row has {} fields, the header has {}", fields.size(), header.size()));
    }
    on_row(header, fields);
  }
  if (header.empty()) throw Error(SourceLocation{file, 0, 0}, option, "empty file");
}

std::size_t column_of(const Header& header, std::string_view name, const std::string& file,
                      const std::string& option) {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) {
    throw Error(SourceLocation{file, 1, 1}, option,
                fmt::format("no column '{}' in the header", name));
  }
  return static_cast<std::size_t>(it - header.begin());
}

double number(const Field& f, const std::string& file, const std::string& option,
              std::string_view what) {
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(f.text.data(), f.text.data() + f.text.size(), v);
  if (f.text.empty() || ec != std::errc() || ptr != f.text.data() + f.text.size() ||
      !std::isfinite(v) || v < 0) {
    throw Error(SourceLocation{file, f.line, f.column}, option,
                fmt::format("expected {} (a number >= 0), got '{}'", what, f.text));
  }
  return v;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The columns `names` of the row whose HashFunction is `hash`.
std::optional<std::vector<double>> row_of(const std::string& file, const std::string& option,
                                          const std::string& hash,
                                          const std::vector<std::string>& names) {
  std::optional<std::vector<double>> found;
  for_each_row(file, option, [&](const Header& header, const std::vector<Field>& f) {
    if (found || f[column_of(header, "HashFunction", file, option)].text != hash) return;
    std::vector<double> values;
    for (const auto& n : names)
      values.push_back(number(f[column_of(header, n, file, option)], file, option, n));
    found = std::move(values);
  });
  return found;
}

std::string trim_number(double v) {
  return v >= 1000 ? fmt::format("{:.0f}", v) : fmt::format("{:.4g}", v);
}

// "12.5ms", "1.25s": a duration the scenario loader reads back exactly.
std::string duration_text(double ms) {
  return ms >= 1000 ? fmt::format("{:.4g}s", ms / 1000) : fmt::format("{:.4g}ms", ms);
}

}  // namespace

std::vector<AzureFunction> read_azure_functions(const std::string& file,
                                                const std::vector<AzurePick>& picks) {
  const std::string option = "--invocations";
  std::vector<std::optional<AzureFunction>> found(picks.size());
  std::vector<std::size_t> minute_columns;
  std::size_t data_row = 0;
  for_each_row(file, option, [&](const Header& header, const std::vector<Field>& f) {
    const std::size_t index = data_row++;
    if (minute_columns.empty()) {
      for (std::size_t i = 0; i < header.size(); ++i)
        if (all_digits(header[i])) minute_columns.push_back(i);
      if (minute_columns.empty())
        throw Error(SourceLocation{file, 1, 1}, option,
                    "no minute columns (1, 2, ...) in the header");
    }
    const std::size_t hash_col = column_of(header, "HashFunction", file, option);
    for (std::size_t p = 0; p < picks.size(); ++p) {
      const bool match = picks[p].row ? *picks[p].row == index
                                      : f[hash_col].text.starts_with(picks[p].hash_prefix);
      if (!match) continue;
      if (found[p] && !picks[p].row) {
        throw Error(SourceLocation{}, "--function",
                    fmt::format("'{}' matches several rows ({}, {}, ...); give a longer prefix",
                                picks[p].hash_prefix, found[p]->row, index));
      }
      AzureFunction fn{index,
                       std::string(f[hash_col].text),
                       std::string(f[column_of(header, "HashApp", file, option)].text),
                       std::string(f[column_of(header, "Trigger", file, option)].text),
                       header[minute_columns.front()],
                       {}};
      for (std::size_t c : minute_columns) {
        const double v = number(f[c], file, option, "an invocation count");
        if (v != std::floor(v)) {
          throw Error(
              SourceLocation{file, f[c].line, f[c].column}, option,
              fmt::format("expected an invocation count (an integer), got '{}'", f[c].text));
        }
        fn.per_minute.push_back(static_cast<std::uint64_t>(v));
      }
      found[p] = std::move(fn);
    }
  });
  std::vector<AzureFunction> out;
  for (std::size_t p = 0; p < picks.size(); ++p) {
    if (!found[p]) {
      throw Error(SourceLocation{}, picks[p].row ? "--row" : "--function",
                  picks[p].row ? fmt::format("row {} is out of range: {} has {} data rows",
                                             *picks[p].row, file, data_row)
                               : fmt::format("no row of {} has a HashFunction starting with '{}'",
                                             file, picks[p].hash_prefix));
    }
    out.push_back(std::move(*found[p]));
  }
  return out;
}

std::optional<AzureDurations> read_azure_durations(const std::string& file,
                                                   const std::string& hash) {
  const auto v =
      row_of(file, "--durations", hash,
             {"Average", "Minimum", "Maximum", "percentile_Average_0", "percentile_Average_1",
              "percentile_Average_25", "percentile_Average_50", "percentile_Average_75",
              "percentile_Average_99", "percentile_Average_100"});
  if (!v) return std::nullopt;
  AzureDurations d{(*v)[0], (*v)[1], (*v)[2], {}};
  std::copy(v->begin() + 3, v->end(), d.percentiles.begin());
  return d;
}

std::optional<AzureMemory> read_azure_memory(const std::string& file, const std::string& hash) {
  std::vector<std::string> names{"AverageAllocatedMb"};
  for (const char* p : {"1", "5", "25", "50", "75", "95", "99", "100"})
    names.push_back(std::string("AverageAllocatedMb_pct") + p);
  const auto v = row_of(file, "--memory", hash, names);
  if (!v) return std::nullopt;
  AzureMemory m{(*v)[0], {}};
  std::copy(v->begin() + 1, v->end(), m.percentiles.begin());
  return m;
}

double LognormalFit::median_ms() const { return std::exp(mu); }
double LognormalFit::quantile_ms(double p) const {
  return std::exp(mu + sigma * sim::normal_quantile(p));
}

LognormalFit fit_lognormal(const AzureDurations& d) {
  std::vector<std::pair<double, double>> points;  // (z, log ms)
  for (std::size_t i = 1; i + 1 < d.percentiles.size(); ++i) {
    if (d.percentiles[i] > 0)
      points.emplace_back(sim::normal_quantile(kAzureDurationLevels[i] / 100.0),
                          std::log(d.percentiles[i]));
  }
  LognormalFit fit;
  if (points.empty()) {
    fit.mu = std::log(std::max({d.average, d.percentiles[3], 0.1}));
    return fit;
  }
  double mz = 0, my = 0;
  for (const auto& [z, y] : points) {
    mz += z;
    my += y;
  }
  mz /= static_cast<double>(points.size());
  my /= static_cast<double>(points.size());
  double szz = 0, szy = 0;
  for (const auto& [z, y] : points) {
    szz += (z - mz) * (z - mz);
    szy += (z - mz) * (y - my);
  }
  fit.sigma = szz > 0 ? std::max(0.0, szy / szz) : 0.0;
  fit.mu = my - fit.sigma * mz;
  return fit;
}

int lambda_memory_mb(const AzureMemory& m) {
  const double p99 = m.percentiles[6];
  const int rounded = static_cast<int>(std::ceil(p99 / 64.0)) * 64;
  return std::clamp(rounded, 128, 10240);
}

namespace {

std::string function_name(const AzureFunction& f, const std::vector<std::string>& taken) {
  std::string base = f.trigger.empty() ? "fn" : f.trigger;
  for (char& c : base)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  base += '-';
  base += f.hash.substr(0, 8);
  std::string name = base;
  for (int n = 2; std::find(taken.begin(), taken.end(), name) != taken.end(); ++n)
    name = fmt::format("{}-{}", base, n);
  return name;
}

std::string function_yaml(const std::string& name, const AzureFunction& f, const AzureDurations& d,
                          const std::optional<AzureMemory>& m) {
  std::uint64_t total = 0;
  std::uint64_t peak = 0;
  for (auto c : f.per_minute) {
    total += c;
    peak = std::max(peak, c);
  }
  const auto& p = d.percentiles;
  std::string out = fmt::format(
      "  {}:\n"
      "    # invocations row {} (HashFunction {}...), trigger {}:\n"
      "    # {} invocations in {} minutes, at most {} in a minute\n"
      "    # durations (ms, percentiles of 30 s averages): p1 {}, p25 {}, p50 {}, p75 {},\n"
      "    # p99 {}; average {}, maximum {}\n",
      name, f.row, f.hash.substr(0, 16), f.trigger, total, f.per_minute.size(), peak,
      trim_number(p[1]), trim_number(p[2]), trim_number(p[3]), trim_number(p[4]), trim_number(p[5]),
      trim_number(d.average), trim_number(d.maximum));
  if (m) {
    out += fmt::format("    memory_mb: {}   # the app's allocated memory, p99 {} MB, rounded up\n",
                       lambda_memory_mb(*m), trim_number(m->percentiles[6]));
  } else {
    out += "    memory_mb: 128   # no memory file given: the smallest size\n";
  }
  const int timeout_s =
      std::clamp(static_cast<int>(std::ceil(std::max(3000.0, 1.5 * d.maximum) / 1000.0)), 3, 900);
  out += fmt::format("    timeout: {}s   # 1.5 x the day's longest execution, at least 3 s\n",
                     timeout_s);
  out +=
      "    init: {dist: lognormal, median: 250ms, p99: 1s}   # assumed: the trace has no "
      "cold-start times\n";
  const LognormalFit fit = fit_lognormal(d);
  if (fit.sigma < 0.01) {
    out +=
        fmt::format("    duration: {{dist: fixed, value: {}}}   # the percentiles do not spread\n",
                    duration_text(fit.median_ms()));
  } else {
    out += fmt::format(
        "    duration: {{dist: lognormal, median: {}, p99: {}}}\n"
        "    # fitted to the percentiles (least squares on log ms): p25 {}, p75 {}\n",
        duration_text(fit.median_ms()), duration_text(fit.quantile_ms(0.99)),
        trim_number(fit.quantile_ms(0.25)), trim_number(fit.quantile_ms(0.75)));
  }
  return out;
}

}  // namespace

std::string azure_scenario_yaml(const AzureScenarioOptions& options,
                                const std::vector<AzureFunction>& functions,
                                const std::vector<AzureDurations>& durations,
                                const std::vector<std::optional<AzureMemory>>& memory) {
  std::size_t minutes = 0;
  for (const auto& f : functions) minutes = std::max(minutes, f.per_minute.size());
  std::string out = fmt::format(
      "# Generated by `lambdasim azure2scenario`: a replay of the Azure Functions 2019 trace.\n"
      "# Data: Shahrad et al., \"Serverless in the Wild: Characterizing and Optimizing the\n"
      "# Serverless Workload at a Large Cloud Provider\", USENIX ATC 2020 (CC BY 4.0).\n"
      "{}"
      "# Each function replays its per-minute invocation counts (spread at random within each\n"
      "# minute); its duration is a lognormal fitted to the trace's percentiles; memory comes\n"
      "# from the app's allocated memory. INIT times are not in the trace: an assumption.\n"
      "scenario: {}\nseed: {}\nhorizon: {}m   # the trace's {} minutes (from minute {})\n"
      "warmup: 0s\nreplications: 1\n\nplatform:\n  preset: aws-2025\n\nfunctions:\n",
      options.source_note.empty() ? "" : "# " + options.source_note + "\n", options.name,
      options.seed, minutes, minutes, functions.empty() ? "" : functions.front().first_minute);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < functions.size(); ++i) {
    names.push_back(function_name(functions[i], names));
    out += function_yaml(names.back(), functions[i], durations[i], memory[i]);
  }
  out += "\nworkloads:\n";
  for (std::size_t i = 0; i < functions.size(); ++i) {
    out += fmt::format(
        "  - function: {}\n    invocation: sync\n"
        "    arrivals:\n      process: trace\n      format: azure-2019\n      file: {}\n"
        "      row: \"{}\"   # a HashFunction prefix\n",
        names[i], JsonWriter::escape(options.invocations_path), functions[i].hash.substr(0, 16));
  }
  return out;
}

}  // namespace ls::tools
