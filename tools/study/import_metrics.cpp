#include "tools/study/import_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "models/error.hpp"
#include "sim/dist.hpp"
#include "tools/study/import_json.hpp"
#include "tools/study/import_schedule.hpp"

namespace ls::tools::import {

namespace {

using nlohmann::json;

const std::set<std::string> kLambdaMetrics = {"Invocations",
                                              "Duration",
                                              "ConcurrentExecutions",
                                              "ProvisionedConcurrentExecutions",
                                              "Throttles",
                                              "Errors",
                                              "ProvisionedConcurrencySpilloverInvocations",
                                              "ProvisionedConcurrencyUtilization",
                                              "ProvisionedConcurrencyInvocations"};

[[noreturn]] void fail(const std::string& file, const std::string& path, const std::string& what) {
  throw Error(SourceLocation{file, 0, 0}, path, what);
}

std::int64_t timestamp(const json& v, const std::string& file, const std::string& path) {
  if (v.is_string()) {
    if (const auto t = parse_utc(v.get<std::string>())) return *t;
  } else if (v.is_number()) {
    return static_cast<std::int64_t>(v.get<double>());  // the SDKs' Unix seconds
  }
  fail(file, path, "expected a timestamp such as 2025-01-06T00:00:00Z, got " + v.dump());
}

double number(const json& v, const std::string& file, const std::string& path) {
  if (!v.is_number()) fail(file, path, "expected a number, got " + v.dump());
  return v.get<double>();
}

struct Target {
  std::string function, resource, metric, stat;
  std::int64_t period = 0;
};

// A query's MetricStat as a Lambda metric of one function; nullopt (with a
// warning) for what is not.
std::optional<Target> target_of(const json& q, const std::string& file, const std::string& path,
                                std::vector<std::string>& warnings) {
  if (!q.contains("MetricStat")) {
    warnings.push_back(path + ": not a MetricStat (a math expression?); not imported");
    return std::nullopt;
  }
  const json& ms = q["MetricStat"];
  const json* metric = ms.contains("Metric") ? &ms["Metric"] : nullptr;
  if (metric == nullptr || !metric->contains("MetricName") || !ms.contains("Period") ||
      !ms.contains("Stat"))
    fail(file, path + ".MetricStat",
         "expected Metric {Namespace, MetricName, Dimensions}, Period and Stat");
  Target t;
  t.metric = json_text((*metric)["MetricName"]);
  t.stat = json_text(ms["Stat"]);
  t.period = static_cast<std::int64_t>(number(ms["Period"], file, path + ".MetricStat.Period"));
  const std::string ns = json_text(metric->value("Namespace", json("")));
  if (ns != "AWS/Lambda") {
    warnings.push_back(path + ": namespace " + ns + " is not AWS/Lambda; not imported");
    return std::nullopt;
  }
  if (const auto d = metric->find("Dimensions"); d != metric->end() && d->is_array()) {
    for (const auto& dim : *d) {
      const std::string name = json_text(dim.value("Name", json("")));
      if (name == "FunctionName") t.function = json_text(dim.value("Value", json("")));
      if (name == "Resource") t.resource = json_text(dim.value("Value", json("")));
      if (name == "ExecutedVersion")
        t.resource = "version " + json_text(dim.value("Value", json("")));
    }
  }
  if (t.function.empty()) {
    warnings.push_back(path + ": " + t.metric +
                       " without a FunctionName dimension is account-wide; not imported");
    return std::nullopt;
  }
  if (!kLambdaMetrics.count(t.metric)) {
    warnings.push_back(path + ": metric " + t.metric + " is not one import reads; not imported");
    return std::nullopt;
  }
  if (t.period <= 0) fail(file, path + ".MetricStat.Period", "expected a period > 0 s");
  return t;
}

class Collector {
 public:
  void add(const Target& t, MetricSeries s, std::vector<std::string>& warnings) {
    FunctionMetrics* f = nullptr;
    for (auto& g : functions_)
      if (g.function == t.function && g.resource == t.resource) f = &g;
    if (f == nullptr) {
      functions_.push_back({t.function, t.resource, {}});
      f = &functions_.back();
    }
    for (auto& existing : f->series) {
      if (existing.metric != s.metric || existing.stat != s.stat) continue;
      if (existing.period != s.period) {
        warnings.push_back(fmt::format(
            "{}: {} {} at period {} s beside period {} s ({}); the second is not imported",
            f->label(), s.metric, s.stat, s.period, existing.period, existing.origin));
        return;
      }
      for (const auto& [at, v] : s.points) existing.points[at] = v;  // pages of one query
      existing.partial = existing.partial || s.partial;
      return;
    }
    f->series.push_back(std::move(s));
  }
  std::vector<FunctionMetrics> take() { return std::move(functions_); }

 private:
  std::vector<FunctionMetrics> functions_;
};

void read_metric_data(const std::string& file, const json& doc, const json* queries, Collector& out,
                      std::vector<std::string>& warnings) {
  std::map<std::string, std::pair<const json*, std::string>> by_id;
  if (queries != nullptr) {
    const json& list = queries->is_object() && queries->contains("MetricDataQueries")
                           ? (*queries)["MetricDataQueries"]
                           : *queries;
    if (!list.is_array()) fail(file, "MetricDataQueries", "expected a list of queries");
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i].contains("Id"))
        by_id[json_text(list[i]["Id"])] = {&list[i], fmt::format("MetricDataQueries[{}]", i)};
    }
  }
  const json& results = doc["MetricDataResults"];
  if (!results.is_array()) fail(file, "MetricDataResults", "expected a list of results");
  if (doc.contains("NextToken") && !doc["NextToken"].is_null()) {
    warnings.push_back(file +
                       ": NextToken is set: get-metric-data has more pages; only this one is read");
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string path = fmt::format("MetricDataResults[{}]", i);
    const json& r = results[i];
    const std::string id = json_text(r.value("Id", json("")));
    const auto q = by_id.find(id);
    if (q == by_id.end()) {
      fail(file, path + ".Id",
           "no query with Id '" + id +
               "': get-metric-data's results name neither metric nor function, so the request's "
               "MetricDataQueries must be in the same file or given with --metric-queries FILE");
    }
    const auto target = target_of(*q->second.first, file, q->second.second, warnings);
    if (!target) continue;
    const std::string status = json_text(r.value("StatusCode", json("Complete")));
    MetricSeries s;
    s.metric = target->metric;
    s.stat = target->stat;
    s.period = target->period;
    s.origin =
        fmt::format("{} {} (Id {})", std::filesystem::path(file).filename().string(), path, id);
    if (status == "PartialData") {
      s.partial = true;
      warnings.push_back(
          fmt::format("{}: StatusCode PartialData ({} {} of {}): CloudWatch returned part of the "
                      "window; the periods after the last datapoint count as missing",
                      s.origin, s.metric, s.stat, target->function));
    } else if (status != "Complete") {
      warnings.push_back(fmt::format("{}: StatusCode {}: not imported", s.origin, status));
      continue;
    }
    const json& ts = r.value("Timestamps", json::array());
    const json& vs = r.value("Values", json::array());
    if (!ts.is_array() || !vs.is_array() || ts.size() != vs.size())
      fail(file, path, "expected Timestamps and Values of the same length");
    for (std::size_t k = 0; k < ts.size(); ++k) {
      s.points[timestamp(ts[k], file, fmt::format("{}.Timestamps[{}]", path, k))] =
          number(vs[k], file, fmt::format("{}.Values[{}]", path, k));
    }
    out.add(*target, std::move(s), warnings);
  }
}

void read_metric_statistics(const std::string& file, const json& doc, const MetricsOptions& o,
                            Collector& out, std::vector<std::string>& warnings) {
  const std::string metric = json_text(doc["Label"]);
  if (o.function.empty()) {
    fail(file, "Label",
         "get-metric-statistics output names no function: give its FunctionName with --function "
         "NAME");
  }
  if (!kLambdaMetrics.count(metric))
    fail(file, "Label", "'" + metric + "' is not a Lambda metric import reads");
  const json& points = doc["Datapoints"];
  if (!points.is_array()) fail(file, "Datapoints", "expected a list of datapoints");
  std::map<std::string, MetricSeries> by_stat;
  std::set<std::int64_t> times;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string path = fmt::format("Datapoints[{}]", i);
    const json& p = points[i];
    if (!p.is_object() || !p.contains("Timestamp"))
      fail(file, path, "expected {Timestamp, statistic: value, ...}");
    const std::int64_t at = timestamp(p["Timestamp"], file, path + ".Timestamp");
    times.insert(at);
    for (const char* stat : {"Sum", "Average", "Maximum", "Minimum", "SampleCount"})
      if (p.contains(stat)) by_stat[stat].points[at] = number(p[stat], file, path + "." + stat);
    if (const auto ext = p.find("ExtendedStatistics"); ext != p.end() && ext->is_object())
      for (auto e = ext->begin(); e != ext->end(); ++e)
        by_stat[e.key()].points[at] =
            number(e.value(), file, path + ".ExtendedStatistics." + e.key());
  }
  // The response does not say its period: the smallest gap between datapoints.
  std::int64_t period = 0;
  for (auto it = times.begin(); it != times.end() && std::next(it) != times.end(); ++it) {
    const std::int64_t gap = *std::next(it) - *it;
    period = period == 0 ? gap : std::min(period, gap);
  }
  if (period == 0) {
    period = 60;
    warnings.push_back(file + ": fewer than two datapoints; a 60 s period is assumed");
  }
  Target t{o.function, "", metric, "", period};
  for (auto& [stat, s] : by_stat) {
    s.metric = metric;
    s.stat = stat;
    s.period = period;
    s.origin = std::filesystem::path(file).filename().string() + " (get-metric-statistics " +
               metric + " " + stat + ")";
    t.stat = stat;
    out.add(t, std::move(s), warnings);
  }
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// "12.345ms" (no exponent: the scenario's duration syntax).
std::string ms_text(double ms) {
  std::string s = fmt::format("{:.3f}", ms);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "ms";
}

std::optional<double> percentile_level(const std::string& stat) {
  if (stat.size() < 2 || stat[0] != 'p') return std::nullopt;
  try {
    std::size_t used = 0;
    const double v = std::stod(stat.substr(1), &used);
    if (used != stat.size() - 1 || v <= 0 || v >= 100) return std::nullopt;
    return v / 100;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

const MetricSeries* FunctionMetrics::find(const std::string& metric,
                                          const std::string& stat) const {
  for (const auto& s : series)
    if (s.metric == metric && s.stat == stat) return &s;
  return nullptr;
}

bool looks_like_metrics(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  return j.is_object() &&
         (j.contains("MetricDataResults") || (j.contains("Datapoints") && j.contains("Label")));
}

namespace {

MetricsData read_metrics_checked(const std::vector<MetricsInput>& inputs,
                                 const MetricsOptions& options) {
  MetricsData data;
  Collector collector;
  json queries;
  bool have_queries = false;
  if (!options.queries_file.empty()) {
    queries = parse_json(options.queries_file, options.queries_text);
    have_queries = true;
  }
  for (const auto& in : inputs) {
    data.inputs.push_back(std::filesystem::path(in.file).filename().string());
    const json doc = parse_json(in.file, in.text);
    if (doc.is_object() && doc.contains("MetricDataResults")) {
      const json* q =
          doc.contains("MetricDataQueries") ? &doc : (have_queries ? &queries : nullptr);
      read_metric_data(in.file, doc, q, collector, data.warnings);
    } else if (doc.is_object() && doc.contains("Datapoints") && doc.contains("Label")) {
      read_metric_statistics(in.file, doc, options, collector, data.warnings);
    } else {
      throw Error(
          SourceLocation{in.file, 1, 1}, "",
          "not CloudWatch metrics: expected the JSON of get-metric-data (MetricDataResults) "
          "or get-metric-statistics (Label and Datapoints)");
    }
  }
  data.functions = collector.take();
  // Alias-level series join their function's own where it lacks them
  // (ProvisionedConcurrentExecutions exists per alias only).
  for (auto a = data.functions.begin(); a != data.functions.end();) {
    auto g = std::find_if(
        data.functions.begin(), data.functions.end(),
        [&](const FunctionMetrics& f) { return f.function == a->function && f.resource.empty(); });
    if (a->resource.empty() || g == data.functions.end()) {
      ++a;
      continue;
    }
    for (auto& s : a->series) {
      if (g->find(s.metric, s.stat) != nullptr) {
        data.warnings.push_back(a->resource + " " + s.metric + " " + s.stat +
                                ": the function-wide series is used");
        continue;
      }
      s.origin += " (alias " + a->resource + ")";
      g->series.push_back(std::move(s));
    }
    a = data.functions.erase(a);
  }
  bool first = true;
  for (const auto& f : data.functions) {
    const MetricSeries* inv = f.find("Invocations", "Sum");
    if (inv == nullptr || inv->points.empty()) continue;
    const std::int64_t s = inv->points.begin()->first;
    const std::int64_t e = inv->points.rbegin()->first + inv->period;
    data.start = first ? s : std::min(data.start, s);
    data.end = first ? e : std::max(data.end, e);
    data.period = first ? inv->period : std::min(data.period, inv->period);
    first = false;
  }
  if (first) {
    throw Error(SourceLocation{inputs.empty() ? "" : inputs.front().file, 0, 0}, "",
                "no Invocations (Sum) datapoints of any function: the traffic cannot be imported");
  }
  return data;
}

}  // namespace

MetricsData read_metrics(const std::vector<MetricsInput>& inputs, const MetricsOptions& options) {
  try {
    return read_metrics_checked(inputs, options);
  } catch (const nlohmann::json::exception& e) {
    // A value of another JSON type than the outputs have (a string for a list, ...).
    throw Error(SourceLocation{inputs.empty() ? "" : inputs.front().file, 0, 0}, "",
                std::string("not the shape of a CloudWatch output: ") + e.what());
  }
}

double LognormalMatch::median_ms() const { return std::exp(mu); }
double LognormalMatch::quantile_ms(double p) const {
  return std::exp(mu + sigma * sim::normal_quantile(p));
}

std::optional<LognormalMatch> match_lognormal(double mean_ms, double quantile_ms, double p) {
  if (!(mean_ms > 0) || !(quantile_ms > 0) || !(p > 0 && p < 1)) return std::nullopt;
  const double z = sim::normal_quantile(p);
  const double d = std::log(quantile_ms / mean_ms);
  const double disc = z * z - 2 * d;
  LognormalMatch m;
  if (disc < 0) {
    m.sigma = z;
    m.exact = false;
  } else {
    const double small = z - std::sqrt(disc);
    m.sigma = small > 0 ? small : z + std::sqrt(disc);
  }
  if (!(m.sigma > 0)) return std::nullopt;
  m.mu = std::log(mean_ms) - m.sigma * m.sigma / 2;
  if (!m.exact) m.mu = std::log(quantile_ms) - z * m.sigma;  // keep the percentile
  return m;
}

std::optional<DurationFit> fit_duration(const FunctionMetrics& f) {
  const MetricSeries* avg = f.find("Duration", "Average");
  if (avg == nullptr || avg->points.empty()) return std::nullopt;
  const MetricSeries* inv = f.find("Invocations", "Sum");
  // The percentile: p99 when there, else the highest one given.
  const MetricSeries* pct = f.find("Duration", "p99");
  double level = 0.99;
  if (pct == nullptr) {
    for (const auto& s : f.series) {
      const auto l = s.metric == "Duration" ? percentile_level(s.stat) : std::nullopt;
      if (l && *l > (pct ? level : 0)) {
        pct = &s;
        level = *l;
      }
    }
  }
  DurationFit out;
  double weight = 0, mean = 0;
  struct Part {
    double w;
    LognormalMatch m;
  };
  std::vector<Part> parts;
  for (const auto& [at, a] : avg->points) {
    double w = 1;
    if (inv != nullptr) {
      const auto it = inv->points.find(at);
      w = it == inv->points.end() ? 0 : it->second;
    }
    if (!(w > 0) || !(a > 0)) continue;
    weight += w;
    mean += w * a;
    ++out.periods;
    if (pct != nullptr) {
      const auto q = pct->points.find(at);
      if (q == pct->points.end()) continue;
      if (const auto m = match_lognormal(a, q->second, level)) parts.push_back({w, *m});
    }
  }
  if (weight <= 0) return std::nullopt;
  out.mean_ms = mean / weight;
  if (parts.empty()) {
    out.fit.mu = std::log(out.mean_ms);
    return out;  // Average only
  }
  // The mixture's percentile: bisection on ln(ms) of sum w F_i(x) = level.
  double part_weight = 0;
  for (const auto& p : parts) part_weight += p.w;
  auto cdf = [&](double lx) {
    double c = 0;
    for (const auto& p : parts) c += p.w * normal_cdf((lx - p.m.mu) / p.m.sigma);
    return c / part_weight;
  };
  double lo = -20, hi = 20;  // e^-20 .. e^20 ms
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (cdf(mid) < level ? lo : hi) = mid;
  }
  out.quantile_ms = std::exp((lo + hi) / 2);
  out.percentile = pct->stat;
  const auto m = match_lognormal(out.mean_ms, out.quantile_ms, level);
  if (!m) return std::nullopt;
  out.fit = *m;
  return out;
}

namespace {

// Per-minute counts from per-period counts: each period's count spread over
// the minutes it covers in proportion to the overlap, rounded so that the
// running total is exact (the sum over the window is the observed sum).
std::vector<std::uint64_t> per_minute(const std::map<std::int64_t, double>& counts,
                                      std::int64_t period, std::int64_t start, std::int64_t end) {
  const std::size_t minutes = static_cast<std::size_t>((end - start + 59) / 60);
  std::vector<double> exact(minutes, 0.0);
  for (const auto& [at, c] : counts) {
    for (std::int64_t s = std::max(at, start); s < std::min(at + period, end);) {
      const std::int64_t minute_end = start + ((s - start) / 60 + 1) * 60;
      const std::int64_t stop = std::min({minute_end, at + period, end});
      exact[static_cast<std::size_t>((s - start) / 60)] +=
          c * static_cast<double>(stop - s) / static_cast<double>(period);
      s = stop;
    }
  }
  std::vector<std::uint64_t> out(minutes, 0);
  double running = 0;
  std::uint64_t given = 0;
  for (std::size_t m = 0; m < minutes; ++m) {
    running += exact[m];
    const auto total = static_cast<std::uint64_t>(std::llround(running));
    out[m] = total > given ? total - given : 0;
    given += out[m];
  }
  return out;
}

bool matches(const ImportedFunction& f, const std::string& name) {
  if (f.aws_name == name || f.logical_id == name || f.name == name) return true;
  // CloudFormation's generated names: <stack>-<LogicalId>-<suffix>.
  return !f.logical_id.empty() && f.aws_name.empty() &&
         name.find("-" + f.logical_id + "-") != std::string::npos;
}

}  // namespace

void apply_metrics(ImportResult& result, const MetricsData& m, const ApplyOptions& options) {
  for (const auto& in : m.inputs) result.inputs.push_back(in);
  for (const auto& w : m.warnings) result.warn(w);
  result.horizon = {duration_text(static_cast<double>(m.end - m.start)),
                    "CloudWatch window " + format_utc(m.start) + " to " + format_utc(m.end), "",
                    false};
  // One set of metrics per function: the function-wide one, else its first alias.
  std::vector<const FunctionMetrics*> chosen;
  for (const auto& f : m.functions) {
    auto same = std::find_if(chosen.begin(), chosen.end(),
                             [&](const FunctionMetrics* c) { return c->function == f.function; });
    if (same == chosen.end()) {
      chosen.push_back(&f);
    } else if (!(*same)->resource.empty() && f.resource.empty()) {
      *same = &f;
    }
  }
  for (const auto& f : m.functions) {
    if (std::find(chosen.begin(), chosen.end(), &f) == chosen.end())
      result.warn(f.label() + ": alias-level metrics beside " + f.function +
                  "'s own are not imported");
  }
  for (const FunctionMetrics* fm : chosen) {
    ImportedFunction* f = nullptr;
    for (auto& g : result.functions)
      if (matches(g, fm->function)) f = &g;
    if (f == nullptr) {
      std::vector<std::string> taken;
      for (const auto& g : result.functions) taken.push_back(g.name);
      ImportedFunction nf;
      nf.name = scenario_name_for(fm->function, taken);
      nf.aws_name = fm->function;
      nf.origin = "CloudWatch metrics of " + fm->label();
      const char* why = "not in the metrics: ";
      set(nf.settings, "memory_mb",
          {"128", "", std::string(why) + "Lambda's default 128 MB; set the function's", true});
      set(nf.settings, "timeout",
          {"900s", "",
           std::string(why) + "Lambda's maximum, so that no simulated request times out", true});
      nf.init = placeholder_init();
      result.functions.push_back(std::move(nf));
      f = &result.functions.back();
    }
    result.metric_functions.emplace_back(f->name, fm->label());
    if (!fm->resource.empty())
      f->notes.push_back("metrics of the alias " + fm->resource +
                         " (no function-wide metrics given)");
    // Duration and errors.
    if (const auto d = fit_duration(*fm)) {
      if (d->percentile.empty()) {
        f->duration = {fmt::format("{{dist: gamma, mean: {}, cv: 1}}", ms_text(d->mean_ms)),
                       fmt::format("CloudWatch Duration Average {:.1f} ms over {} periods",
                                   d->mean_ms, d->periods),
                       "PLACEHOLDER spread: no Duration percentile in the metrics (cv 1 assumed)",
                       true};
      } else {
        f->duration = {
            fmt::format("{{dist: lognormal, median: {}, p99: {}}}", ms_text(d->fit.median_ms()),
                        ms_text(d->fit.quantile_ms(0.99))),
            fmt::format(
                "lognormal matched to CloudWatch Duration Average {:.1f} ms and {} {:.1f} ms "
                "over {} periods (docs/import.md)",
                d->mean_ms, d->percentile, d->quantile_ms, d->periods),
            d->fit.exact ? ""
                         : "the percentile is further above the mean than a lognormal's can be",
            false};
      }
    } else {
      result.warn(fm->label() + ": no Duration Average; the duration stays a placeholder");
    }
    const MetricSeries* inv = fm->find("Invocations", "Sum");
    const MetricSeries* errs = fm->find("Errors", "Sum");
    if (errs != nullptr && inv != nullptr) {
      // Over the periods that have an Errors datapoint (a PartialData result
      // covers part of the window).
      double errors = 0, invocations = 0;
      for (const auto& [at, e] : errs->points) {
        const auto it = inv->points.find(at);
        if (it == inv->points.end()) continue;
        errors += e;
        invocations += it->second;
      }
      if (invocations > 0) {
        const double rate = std::min(1.0, errors / invocations);
        f->error_rate = {
            fmt::format("{:.6g}", rate),
            fmt::format("CloudWatch Errors {:.0f} / Invocations {:.0f} over the {} periods with "
                        "both",
                        errors, invocations, errs->points.size()),
            "", false};
      }
    }
    if (const MetricSeries* c = fm->find("ConcurrentExecutions", "Maximum");
        c && !c->points.empty()) {
      double peak = 0;
      for (const auto& [at, v] : c->points) peak = std::max(peak, v);
      f->notes.push_back(fmt::format(
          "observed peak concurrency {:.0f} (CloudWatch ConcurrentExecutions Maximum)", peak));
    }
    // Provisioned concurrency as observed: to check the imported level or
    // schedule against (the scenario format has nothing to replay them into).
    if (const MetricSeries* c = fm->find("ProvisionedConcurrentExecutions", "Maximum");
        c && !c->points.empty()) {
      double peak = 0;
      for (const auto& [at, v] : c->points) peak = std::max(peak, v);
      f->notes.push_back(
          fmt::format("observed peak on provisioned concurrency {:.0f} (CloudWatch "
                      "ProvisionedConcurrentExecutions Maximum)",
                      peak));
    }
    if (const MetricSeries* c = fm->find("ProvisionedConcurrencySpilloverInvocations", "Sum");
        c && !c->points.empty()) {
      double spilled = 0;
      for (const auto& [at, v] : c->points) spilled += v;
      double total = 0;
      if (inv != nullptr)
        for (const auto& [at, v] : inv->points) total += v;
      f->notes.push_back(fmt::format(
          "observed {:.0f} invocations beyond provisioned concurrency{} (CloudWatch "
          "ProvisionedConcurrencySpilloverInvocations Sum)",
          spilled,
          total > 0 ? fmt::format(", {:.2f}% of Invocations", 100 * spilled / total) : ""));
    }
    if (inv == nullptr || inv->points.empty()) {
      result.warn(fm->label() + ": no Invocations (Sum); its traffic stays a placeholder");
      continue;
    }
    // Arrivals: the function's first workload replays the counts.
    ImportedWorkload* w = nullptr;
    for (auto& x : result.workloads) {
      if (x.function != f->name) continue;
      if (w == nullptr) {
        w = &x;
      } else {
        x.arrivals = {
            "{process: poisson, rate: 0/s}", "",
            "the metrics do not split " + fm->function +
                "'s invocations between its sources; all are replayed by its first workload",
            true};
      }
    }
    if (w == nullptr) {
      ImportedWorkload nw;
      nw.function = f->name;
      nw.invocation = "sync";
      nw.origin = "CloudWatch metrics of " + fm->label() +
                  "; invocation type not in the metrics: sync assumed";
      result.workloads.push_back(std::move(nw));
      w = &result.workloads.back();
    }
    std::map<std::int64_t, double> counts = inv->points;
    std::string what = "Invocations (Sum)";
    const MetricSeries* thr = fm->find("Throttles", "Sum");
    if (w->invocation == "sync" && w->source.empty() && thr != nullptr &&
        thr->period == inv->period) {
      for (const auto& [at, v] : thr->points)
        counts[at] += v;  // throttled requests were offered too
      what = "Invocations + Throttles (Sum): the offered requests";
    }
    if (!w->source.empty()) {
      // Invocations are batches: full batches of batch_size records make the
      // simulated mapping invoke about as often as the real one did.
      const Sourced* batch = find(w->source, "batch_size");
      const double size = batch != nullptr && batch->resolved() ? std::stod(batch->yaml) : 1.0;
      for (auto& [at, v] : counts) v *= size;
      result.warn(fmt::format(
          "{}: Invocations counts batches, not records: replayed as full batches of {:g} "
          "records (an upper bound on the records; the source's own metric, e.g. SQS "
          "NumberOfMessagesSent, gives the real count)",
          fm->label(), size));
      what += fmt::format(" x batch_size {:g} (full batches)", size);
    }
    const std::size_t expected = static_cast<std::size_t>((m.end - m.start) / inv->period);
    std::size_t missing = 0;
    for (std::int64_t at = m.start; at < m.end; at += inv->period)
      if (!inv->points.count(at)) ++missing;
    if (missing > 0) {
      result.warn(fmt::format(
          "{}: {} of {} periods have no Invocations datapoint (Lambda publishes none for a period "
          "without invocations): counted as 0{}",
          fm->label(), missing, expected, inv->partial ? "; the result was PartialData" : ""));
    }
    if (inv->period != 60) {
      result.warn(fmt::format(
          "{}: period {} s: the counts are spread over minutes in proportion to overlap "
          "(the scenario replays per-minute counts)",
          fm->label(), inv->period));
    }
    const auto minutes = per_minute(counts, inv->period, m.start, m.end);
    std::string csv = "timestamp,count\n";
    for (std::size_t i = 0; i < minutes.size(); ++i)
      csv += fmt::format("{},{}\n", format_utc(m.start + static_cast<std::int64_t>(i) * 60),
                         minutes[i]);
    const std::string file = fmt::format("{}-{}-invocations.csv", options.scenario_stem, f->name);
    result.side_files.push_back({file, csv});
    w->arrivals = {"{process: trace, format: cloudwatch, file: " + file + "}",
                   fmt::format("CloudWatch {} of {}, {} s periods from {}", what, fm->label(),
                               inv->period, format_utc(m.start)),
                   "", false};
  }
}

}  // namespace ls::tools::import
