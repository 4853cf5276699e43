// CloudWatch metrics of Lambda functions for `lambdasim import`: the JSON of
// `aws cloudwatch get-metric-data` (its MetricDataResults, with the request's
// MetricDataQueries in the same file or given apart, since the results name
// neither metric nor function) and of `get-metric-statistics` (one metric of
// one function: --function names it). Per function (dimension FunctionName;
// an alias through Resource "name:alias"): Invocations (Sum), Duration
// (Average and percentiles), ConcurrentExecutions and
// ProvisionedConcurrentExecutions (Maximum), Throttles, Errors and
// ProvisionedConcurrencySpilloverInvocations (Sum). docs/import.md says how
// each becomes part of a scenario.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tools/study/import_options.hpp"
#include "tools/study/import_scenario.hpp"

namespace ls::tools::import {

// One statistic of one metric of one function, at one period.
struct MetricSeries {
  std::string metric;  // Invocations, Duration, ...
  std::string stat;    // Sum, Average, Maximum, p99, ...
  std::int64_t period = 60;
  std::map<std::int64_t, double> points;  // period start (UTC s) -> value
  std::string origin;                     // "metrics.json MetricDataResults[2] (Id inv_api)"
  bool partial = false;                   // StatusCode PartialData
};

struct FunctionMetrics {
  std::string function;  // FunctionName
  std::string resource;  // Resource dimension ("name:alias"), "" = the whole function
  std::vector<MetricSeries> series;

  const MetricSeries* find(const std::string& metric, const std::string& stat) const;
  std::string label() const { return resource.empty() ? function : resource; }
};

struct MetricsData {
  std::vector<std::string> inputs;
  std::vector<FunctionMetrics> functions;
  std::vector<std::string> warnings;
  // The window: the first period start and the end (exclusive) over every
  // function's Invocations, and their period (the smallest when they differ).
  std::int64_t start = 0, end = 0, period = 60;
};

struct MetricsInput {
  std::string file;
  std::string text;
};

struct MetricsOptions {
  std::string queries_file;  // --metric-queries: MetricDataQueries of get-metric-data
  std::string queries_text;
  std::string function;  // --function: the FunctionName of get-metric-statistics files
};

// Throws ls::Error (file:line:col for malformed JSON, else the key path and
// what was expected) on input that is not one of the two outputs, a result
// without its query, or a query that is not a Lambda metric by FunctionName.
MetricsData read_metrics(const std::vector<MetricsInput>& inputs, const MetricsOptions& options);

// Whether `text` is the JSON of get-metric-data or get-metric-statistics.
bool looks_like_metrics(const std::string& text);

// A lognormal duration matched to a mean and one percentile (both in ms):
// mean = exp(mu + sigma^2/2) and q = exp(mu + z sigma). sigma is the smaller
// positive root of sigma^2/2 - z sigma + ln(q/mean) = 0; without a real root
// (q > e^(z^2/2) x mean: a tail no lognormal has) sigma = z and `exact` is false.
struct LognormalMatch {
  double mu = 0, sigma = 0;  // of ln(ms)
  bool exact = true;
  double median_ms() const;
  double quantile_ms(double p) const;
};
std::optional<LognormalMatch> match_lognormal(double mean_ms, double quantile_ms, double p);

// The window's duration: per period a lognormal matched to its Average and
// percentile, mixed with the periods' invocations as weights; the result is
// matched to the mixture's mean and percentile. nullopt without Duration.
struct DurationFit {
  LognormalMatch fit;
  double mean_ms = 0, quantile_ms = 0;
  std::string percentile;  // "p99", or "" (Average only: a placeholder spread)
  std::size_t periods = 0;
};
std::optional<DurationFit> fit_duration(const FunctionMetrics& f);

// Options of applying metrics to a scenario.
struct ApplyOptions {
  std::string scenario_stem;  // side files are named <stem>-<function>-invocations.csv
};

// Puts the metrics into `result`: matched by FunctionName (or logical ID, or
// a CloudFormation-generated "<stack>-<LogicalId>-<suffix>" name) to its
// functions, adding a function per unmatched FunctionName; each gets
// arrivals replaying its per-minute counts (a side file in
// `format: cloudwatch`), a duration fitted by fit_duration and an error rate;
// the horizon becomes the metrics' window.
void apply_metrics(ImportResult& result, const MetricsData& metrics, const ApplyOptions& options);

}  // namespace ls::tools::import
