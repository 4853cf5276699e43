// Reads one workload: the function it invokes, its arrival process (with
// bursts and traces) and the client's retry policy.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "models/config/scenario_csv.hpp"
#include "models/config/scenario_sections.hpp"

namespace ls::models::detail {
namespace {

using Process = ArrivalConfig::Process;

std::vector<ArrivalConfig::Step> read_steps(const MapView& a) {
  const doc::Node& list = a.need("rates");
  const std::string path = a.path_of("rates");
  if (!list.is_list() || list.items().empty()) {
    fail(list, path,
         "expected a list of {at, rate} steps, got " +
             (list.is_list() ? std::string("an empty list") : doc::describe(list)));
  }
  std::vector<ArrivalConfig::Step> steps;
  for (std::size_t i = 0; i < list.items().size(); ++i) {
    const MapView s(list.items()[i], item_path(path, i), "workloads[].arrivals.rates[]");
    const ArrivalConfig::Step step{*s.get_duration("at"), *s.get_rate("rate")};
    if (!steps.empty() && step.at <= steps.back().at) {
      s.fail_at("at", s.need("at").text() + " is not after the previous step (" +
                          list.items()[i - 1].find("at")->text() + "); list steps in time order");
    }
    steps.push_back(step);
  }
  return steps;
}

ArrivalConfig::Burst read_burst(const MapView& m) {
  return ArrivalConfig::Burst{*m.get_duration("at"), *m.get_int("count"), *m.get_duration("over")};
}

void read_bursts(const MapView& a, ArrivalConfig& c) {
  const doc::Node* list = a.get("bursts");
  if (list == nullptr) return;
  const std::string path = a.path_of("bursts");
  if (!list->is_list()) {
    fail(*list, path, "expected a list of {at, count, over}, got " + doc::describe(*list));
  }
  for (std::size_t i = 0; i < list->items().size(); ++i) {
    c.shape.edit().bursts.push_back(
        read_burst(MapView(list->items()[i], item_path(path, i), "workloads[].arrivals.bursts[]")));
  }
}

void read_trace(const MapView& a, ArrivalConfig& c, const ReadContext& ctx) {
  const std::string format = *a.get_choice("format");
  const doc::Node& file = a.need("file");
  const std::string resolved = resolve_file(ctx, to_string(file, a.path_of("file")));
  const doc::Node* column = a.get("column");
  const CsvRef ref{a.path_of("file"), file.where, a.path_of("column"),
                   column != nullptr ? column->where : file.where};
  if (format == "timestamps") {
    if (a.get("row") != nullptr) {
      a.fail_at("row", "key 'row' is for format azure-2019; format timestamps takes: file, column");
    }
    c.process = Process::Trace;
    TimestampTrace trace = read_timestamp_trace(resolved, a.get_string("column"), ref);
    c.shape.edit().trace = std::move(trace.times);
    c.shape.edit().trace_origin = trace.origin;
    return;
  }
  if (format == "cloudwatch") {
    if (a.get("row") != nullptr) {
      a.fail_at("row", "key 'row' is for format azure-2019; format cloudwatch takes: file, column");
    }
    c.process = Process::TraceCounts;
    c.per_minute_counts = read_cloudwatch_counts(resolved, a.get_string("column"), ref);
    return;
  }
  if (column != nullptr) {
    a.fail_at("column",
              "key 'column' is for formats timestamps and cloudwatch; format azure-2019 takes: "
              "file, row");
  }
  const doc::Node& row = a.need("row");
  AzureRow which{std::int64_t{0}, a.path_of("row"), row.where};
  std::int64_t index = 0;
  const auto [ptr, ec] =
      std::from_chars(row.text().data(), row.text().data() + row.text().size(), index);
  const bool numeric = row.is_scalar() && !row.quoted() && !row.text().empty() &&
                       ec == std::errc() && ptr == row.text().data() + row.text().size();
  if (numeric) {
    which.which = to_int(row, which.path, a.spec("row"));
  } else {
    which.which = to_string(row, which.path);  // a HashFunction prefix
  }
  c.process = Process::TraceCounts;
  c.per_minute_counts = ctx.azure_counts != nullptr ? ctx.azure_counts->counts(resolved, which, ref)
                                                    : read_azure_counts(resolved, which, ref);
}

ArrivalConfig read_arrivals(const doc::Node& node, const std::string& path,
                            const ReadContext& ctx) {
  const MapView a(node, path, "workloads[].arrivals");
  const std::string process = *a.get_choice("process");
  a.check_applies("process", process);
  ArrivalConfig c;
  if (process == "poisson" || process == "constant") {
    c.process = process == "poisson" ? Process::Poisson : Process::Constant;
    a.need("rate");
    c.rate = *a.get_rate("rate");
  } else if (process == "steps") {
    c.process = Process::Steps;
    c.shape.edit().steps = read_steps(a);
  } else if (process == "diurnal") {
    c.process = Process::Diurnal;
    a.need("mean");
    a.need("amplitude");
    ArrivalConfig::Shape& diurnal = c.shape.edit();
    diurnal.mean = *a.get_rate("mean");
    diurnal.amplitude = *a.get_number("amplitude");
    diurnal.period = *a.get_duration("period");
    diurnal.phase = *a.get_duration("phase");
  } else if (process == "burst") {
    // A burst on top of no other traffic.
    c.process = Process::None;
    if (a.get("at") != nullptr || a.get("count") != nullptr || a.get("bursts") == nullptr) {
      a.need("at");
      a.need("count");
      c.shape.edit().bursts.push_back(read_burst(a));
    }
  } else {
    read_trace(a, c, ctx);
  }
  read_bursts(a, c);
  c.rate_scale = *a.get_number("scale");
  return c;
}

// Provisioned mode's poller range, by type (API ProvisionedPollerConfig):
// SQS minimum 2-200 (default 2), maximum 2-10,000 (default 200); Kafka
// minimum 1-200 (default 1), maximum 1-2,000 (default 200).
SourceConfig::Provisioned read_provisioned_pollers(const MapView& source, SourceConfig::Type type) {
  const MapView m(source.need("provisioned"), source.path_of("provisioned"),
                  "workloads[].source.provisioned");
  const bool sqs = type == SourceConfig::Type::Sqs;
  SourceConfig::Provisioned p;
  p.min_pollers = static_cast<int>(m.get_int("min_pollers").value_or(sqs ? 2 : 1));
  p.max_pollers = static_cast<int>(m.get_int("max_pollers").value_or(200));
  if (sqs && p.min_pollers < 2)
    m.fail_at("min_pollers", std::to_string(p.min_pollers) +
                                 " is below 2; an SQS mapping in provisioned mode runs at least 2 "
                                 "event pollers");
  if (!sqs && p.max_pollers > 2000)
    m.fail_at("max_pollers", std::to_string(p.max_pollers) +
                                 " is above 2000, the most event pollers of a Kafka mapping");
  if (sqs && p.max_pollers < 2)
    m.fail_at("max_pollers",
              "1 is below 2; an SQS mapping in provisioned mode runs at least 2 "
              "event pollers");
  if (p.max_pollers < p.min_pollers)
    m.fail_at(m.get("max_pollers") != nullptr ? "max_pollers" : "min_pollers",
              "max_pollers (" + std::to_string(p.max_pollers) + ") must be >= min_pollers (" +
                  std::to_string(p.min_pollers) + ")");
  return p;
}

// `provisioned: false` (e.g. --set workloads[0].source.provisioned=false)
// is the on-demand mode: a section cannot be unset by a null value.
bool provisioned_mode(const MapView& source) {
  const doc::Node* node = source.get("provisioned");
  return node != nullptr && !(node->is_scalar() && node->text() == "false");
}

SourceConfig read_source(const MapView& m) {
  SourceConfig c;
  const std::string type = *m.get_choice("type");
  m.check_applies("type", type);
  c.type = type == "sqs"     ? SourceConfig::Type::Sqs
           : type == "kafka" ? SourceConfig::Type::Kafka
                             : SourceConfig::Type::Kinesis;
  c.batch_size = static_cast<int>(*m.get_int("batch_size"));
  c.window = *m.get_duration("window");
  c.record_kb = static_cast<int>(*m.get_int("record_kb"));
  c.to_dlq = *m.get_choice("on_failure") == "dlq";
  c.record_failure_rate = *m.get_number("record_failure_rate");
  c.poison_every = *m.get_int("poison_every");
  if (c.type == SourceConfig::Type::Sqs) {
    if (auto mc = m.get_int("max_concurrency")) c.max_concurrency = static_cast<int>(*mc);
    c.visibility_timeout = *m.get_duration("visibility_timeout");
    if (auto n = m.get_int("max_receive_count")) c.max_receive_count = static_cast<int>(*n);
    c.partial_batch_response = *m.get_bool("partial_batch_response");
    if (provisioned_mode(m)) {
      if (m.get("max_concurrency") != nullptr)
        m.fail_at("max_concurrency",
                  "does not apply in provisioned mode (AWS: not combinable with provisioned "
                  "pollers); limit provisioned.max_pollers instead");
      c.provisioned = read_provisioned_pollers(m, c.type);
    }
    // AWS accepts SQS batches over 10 only with a batching window.
    if (c.batch_size > 10 && c.window == 0)
      m.fail_at("batch_size", std::to_string(c.batch_size) +
                                  " needs a batching window (window >= 1s); without one an "
                                  "SQS batch holds at most 10 messages");
  } else if (c.type == SourceConfig::Type::Kafka) {
    // The stream model, one lane per partition; Kafka's default retention
    // (log.retention.hours = 168) and retries until the records expire.
    c.shards = static_cast<int>(*m.get_int("partitions"));
    c.parallelization = 1;
    c.retention = 7 * sim::kDay;
    if (provisioned_mode(m)) c.provisioned = read_provisioned_pollers(m, c.type);
  } else {
    c.shards = static_cast<int>(*m.get_int("shards"));
    c.parallelization = static_cast<int>(*m.get_int("parallelization"));
    c.retention = *m.get_duration("retention");
    if (auto age = m.get_duration("max_record_age")) c.max_record_age = *age;
    if (auto n = m.get_int("max_retry_attempts")) c.max_retry_attempts = static_cast<int>(*n);
    c.bisect = *m.get_bool("bisect");
  }
  return c;
}

void read_async(const MapView& a, AsyncConfig& c) {
  if (auto retries = a.get_int("max_retries")) c.max_retries = static_cast<int>(*retries);
  if (auto age = a.get_duration("max_event_age")) c.max_event_age = *age;
  c.to_dlq = *a.get_choice("on_failure") == "dlq";
}

ClientRetry read_client_retry(const MapView& r) {
  ClientRetry c;
  c.max = static_cast<int>(*r.get_int("max"));
  c.backoff = *r.get_duration("backoff");
  c.jitter =
      *r.get_choice("jitter") == "none" ? ClientRetry::Jitter::None : ClientRetry::Jitter::Full;
  return c;
}

}  // namespace

WorkloadConfig read_workload(const doc::Node& node, std::size_t index,
                             const std::vector<FunctionConfig>& functions,
                             const FunctionIndex& function_index, const AsyncConfig& async_defaults,
                             const ApiGatewayDefaults& gateway, const ReadContext& ctx) {
  const MapView w(node, item_path("workloads", index), "workloads[]");
  // Parsed later (issue #6); refusing them now beats silently simulating
  // something else.
  WorkloadConfig c;
  const std::string name = *w.get_string("function");
  const auto it = function_index.find(name);
  if (it == function_index.end()) {
    std::vector<std::string_view> names;
    for (const auto& f : functions) names.push_back(f.name);
    std::string message = "no function named '" + name + "'";
    if (auto guess = keys::closest(name, names); !guess.empty()) {
      message += "; did you mean '" + std::string(guess) + "'?";
    }
    w.fail_at("function", message + " (functions: " + keys::join(names) + ")");
  }
  c.function = it->second;
  const bool async = *w.get_choice("invocation") == "async";
  c.invocation = async ? Invocation::Async : Invocation::Sync;
  c.async = async_defaults;
  if (const doc::Node* settings = w.get("async")) {
    if (!async) w.fail_at("async", "applies only to `invocation: async` workloads");
    read_async(MapView(*settings, w.path_of("async"), "workloads[].async"), c.async);
  }
  c.arrivals = read_arrivals(w.need("arrivals"), w.path_of("arrivals"), ctx);
  if (const doc::Node* source = w.get("source")) {
    if (async)
      w.fail_at("source", "an event source invokes synchronously; drop `invocation: async`");
    if (functions[c.function].tenant_isolation->enabled())
      w.fail_at("source", "function '" + name +
                              "' uses tenant isolation, which AWS offers for synchronous and "
                              "asynchronous invocation only, not for event sources");
    const MapView m(*source, w.path_of("source"), "workloads[].source");
    c.source.set(read_source(m));
    // AWS refuses an SQS mapping whose queue hides a message for less than
    // the function may run (CreateEventSourceMapping: "Queue visibility
    // timeout: 30 seconds is less than Function timeout: 60 seconds").
    const sim::Time timeout = functions[c.function].timeout;
    if (c.source->type == SourceConfig::Type::Sqs && c.source->visibility_timeout < timeout)
      m.fail_at("visibility_timeout",
                fmt::format("{:g}s is less than function '{}' timeout ({:g}s), and AWS refuses "
                            "such an SQS mapping (a batch could still run when its messages "
                            "reappear); set it to at least the timeout (AWS recommends 6 times "
                            "it) or lower the timeout",
                            sim::to_seconds(c.source->visibility_timeout), name,
                            sim::to_seconds(timeout)));
  }
  if (const doc::Node* door = w.get("front_door")) {
    // The payload is read after the front door (it checks the door's type);
    // the door's timeout limit depends on whether the responses stream.
    const doc::Node* payload = w.get("payload");
    const doc::Node* mode =
        payload != nullptr && payload->is_map() ? payload->find("response_mode") : nullptr;
    const bool streams = mode != nullptr && mode->is_scalar() && mode->text() == "stream";
    c.front_door.set(
        read_front_door(MapView(*door, w.path_of("front_door"), "workloads[].front_door"), c,
                        gateway, ctx, streams));
  }
  if (const doc::Node* payload = w.get("payload"))
    c.payload.set(read_payload(MapView(*payload, w.path_of("payload"), "workloads[].payload"), c));
  if (const doc::Node* retry = w.get("client_retry")) {
    c.client_retry =
        read_client_retry(MapView(*retry, w.path_of("client_retry"), "workloads[].client_retry"));
  }
  return c;
}

}  // namespace ls::models::detail
