// SAM Events and AWS::Lambda::EventSourceMapping into workloads, and
// EventInvokeConfig into asynchronous invocation settings.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "models/config/units.hpp"
#include "tools/study/import_cfn_internal.hpp"
#include "tools/study/import_schedule.hpp"

namespace ls::tools::import::cfn {

namespace {

// The kind of event source an ARN names: the type of the template resource
// it refers to, else the service in the ARN text.
std::string source_type(const Template& t, const CfnValue& arn, std::string* resource_id) {
  for (const auto& id : arn.refs) {
    const Resource* r = t.resource(id);
    if (r == nullptr) continue;
    *resource_id = id;
    if (r->type == "AWS::SQS::Queue") return "sqs";
    if (r->type == "AWS::Kinesis::Stream" || r->type == "AWS::Kinesis::StreamConsumer")
      return "kinesis";
    if (r->type == "AWS::DynamoDB::Table") return "dynamodb";
    if (r->type == "AWS::MSK::Cluster") return "kafka";
    if (r->type == "AWS::AmazonMQ::Broker") return "mq";
  }
  for (const char* service : {"sqs", "kinesis", "dynamodb", "kafka", "mq"}) {
    if (arn.text.find(std::string(":") + service + ":") != std::string::npos) return service;
  }
  return "";
}

bool list_contains(const CfnValue& list, const std::string& text) {
  if (list.is_scalar()) return list.text == text;
  return std::any_of(list.items.begin(), list.items.end(),
                     [&](const CfnValue& v) { return v.is_scalar() && v.text == text; });
}

// Settings of the queue or stream resource the source reads, when it is in
// this template.
void read_source_resource(Template& t, const std::string& type, const std::string& id,
                          ImportedWorkload& w, const Prop& max_record_age) {
  const Resource* r = id.empty() ? nullptr : t.resource(id);
  if (r != nullptr) t.consumed.insert(id);
  ImportResult& res = t.result;
  if (type == "sqs") {
    if (r == nullptr) {
      // The mapping exists, so AWS found the queue's visibility timeout at
      // least the function's timeout: that is assumed where it exceeds
      // SQS's default 30 s (a scenario with less is refused, as by AWS).
      const ImportedFunction* f = res.function_named(w.function);
      const Sourced* timeout = f != nullptr ? find(f->settings, "timeout") : nullptr;
      sim::Time at_least = 0;
      if (timeout != nullptr && timeout->resolved()) {
        try {
          at_least = models::parse_duration(timeout->yaml);
        } catch (const models::UnitError&) {
        }
      }
      if (at_least > 30 * sim::kSecond)
        set(w.source, "visibility_timeout",
            {timeout->yaml, "",
             "the queue is not in this template: the function's timeout assumed (AWS maps a "
             "queue only if its visibility timeout is at least that)",
             true});
      else
        set(w.source, "visibility_timeout",
            {"30s", "", "the queue is not in this template: SQS's default 30 s assumed", true});
      return;
    }
    if (const Prop p = t.prop(*r, "VisibilityTimeout"); p.set()) {
      set(w.source, "visibility_timeout",
          seconds_value(p, 0, 43200, "lambdasim's default 30s applies", res));
    } else {
      set(w.source, "visibility_timeout",
          {"30s", "not set in the template (" + p.origin + "): SQS's default 30 s", "", false});
    }
    if (const Prop p = t.prop(*r, "RedrivePolicy.maxReceiveCount"); p.set()) {
      set(w.source, "max_receive_count",
          int_value(p, 1, 1000, "messages are retried until they succeed", res));
      set(w.source, "on_failure",
          {"dlq", t.prop(*r, "RedrivePolicy").origin, "a dead-letter queue", false});
      const Prop target = t.prop(*r, "RedrivePolicy.deadLetterTargetArn");
      if (target.set()) t.consumed.insert(target.value->refs.begin(), target.value->refs.end());
    }
    return;
  }
  // Streams: shards and how long records live.
  if (type == "kinesis" && r != nullptr && r->type == "AWS::Kinesis::Stream") {
    const Prop mode = t.prop(*r, "StreamModeDetails.StreamMode");
    if (const Prop p = t.prop(*r, "ShardCount"); p.set()) {
      set(w.source, "shards", int_value(p, 1, 10000, "lambdasim's default 1 shard applies", res));
    } else {
      set(w.source, "shards",
          {"1", "",
           (mode.set() ? mode.origin + " " + mode.value->text + ": " : std::string()) +
               "the shard count is not in the template",
           true});
    }
  } else {
    set(w.source, "shards", {"1", "", "the stream's shard count is not in the template", true});
  }
  double retention_s = 24 * 3600.0;
  std::string retention_origin = "the stream's default 24 h";
  if (r != nullptr && r->type == "AWS::Kinesis::Stream") {
    if (const Prop p = t.prop(*r, "RetentionPeriodHours"); p.set()) {
      const Sourced h = int_value(p, 24, 8760, "", res);
      if (h.resolved()) {
        retention_s = std::stod(h.yaml) * 3600;
        retention_origin = p.origin;
      }
    }
  }
  set(w.source, "retention", {duration_text(retention_s), retention_origin, "", false});
  // The mapping's MaximumRecordAgeInSeconds: -1 (AWS's default) keeps records
  // until the retention; otherwise 60..604,800 s (Lambda API reference).
  if (max_record_age.set()) {
    if (const auto age = integer_of(*max_record_age.value); age && *age == -1) return;
    set(w.source, "max_record_age",
        seconds_value(max_record_age, 60, 604800, "records are kept until the retention", res));
  }
}

// The workload of one event source (a SAM event or an event source
// mapping); `prop` reads one of its properties.
template <class PropOf>
void read_source(Template& t, const std::string& function, const std::string& origin,
                 const CfnValue& arn, PropOf&& prop) {
  ImportResult& res = t.result;
  std::string resource;
  const std::string type = source_type(t, arn, &resource);
  if (type != "sqs" && type != "kinesis" && type != "dynamodb") {
    res.unsupported.push_back(
        origin + ": " +
        (type.empty()
             ? "the event source ARN '" + arn.text +
                   "' names no SQS queue, Kinesis or DynamoDB stream"
             : type + " sources are not simulated (lambdasim models SQS, Kinesis and DynamoDB)"));
    return;
  }
  ImportedWorkload w;
  w.function = function;
  w.origin = origin;
  set(w.source, "type", {type, prop("EventSourceArn").origin, "", false});
  const bool sqs = type == "sqs";
  if (const Prop p = prop("BatchSize"); p.set()) {
    set(w.source, "batch_size", int_value(p, 1, 10000, "lambdasim's default 10 applies", res));
  } else {
    set(w.source, "batch_size",
        {sqs ? "10" : "100",
         "not set in the template: Lambda's default for " + std::string(sqs ? "SQS" : "streams"),
         "", false});
  }
  if (const Prop p = prop("MaximumBatchingWindowInSeconds"); p.set())
    set(w.source, "window", seconds_value(p, 0, 300, "lambdasim's default 0s applies", res));
  if (const Prop p = prop("ScalingConfig.MaximumConcurrency"); p.set()) {
    if (sqs) {
      set(w.source, "max_concurrency",
          int_value(p, 2, 1000, "the platform's SQS ceiling applies", res));
    } else {
      res.warn(p.origin + ": MaximumConcurrency applies to SQS sources only; ignored");
    }
  }
  if (const Prop p = prop("FunctionResponseTypes");
      p.set() && list_contains(*p.value, "ReportBatchItemFailures")) {
    if (sqs) {
      set(w.source, "partial_batch_response", {"true", p.origin, "ReportBatchItemFailures", false});
    } else {
      w.notes.push_back(p.origin +
                        " ReportBatchItemFailures: lambdasim's streams retry whole batches "
                        "(use bisect for the same effect)");
    }
  }
  if (!sqs) {
    if (const Prop p = prop("ParallelizationFactor"); p.set())
      set(w.source, "parallelization", int_value(p, 1, 10, "lambdasim's default 1 applies", res));
    if (const Prop p = prop("BisectBatchOnFunctionError"); p.set())
      set(w.source, "bisect", bool_value(p, res));
    if (const Prop p = prop("MaximumRetryAttempts"); p.set()) {
      const auto n = integer_of(*p.value);
      if (n && *n == -1) {
        w.notes.push_back(p.origin +
                          " = -1: retried until the records expire (lambdasim's default)");
      } else {
        set(w.source, "max_retry_attempts",
            int_value(p, 0, 10000, "retried until the records expire", res));
      }
    }
    if (const Prop p = prop("StartingPosition"); p.set() && p.value->is_scalar())
      w.notes.push_back(p.origin + " " + p.value->text +
                        ": the simulation starts with an empty stream");
  }
  if (const Prop p = prop("DestinationConfig.OnFailure.Destination"); p.set()) {
    set(w.source, "on_failure", {"dlq", p.origin, "an on-failure destination", false});
    t.consumed.insert(p.value->refs.begin(), p.value->refs.end());
  }
  read_source_resource(t, type, resource, w, sqs ? Prop{} : prop("MaximumRecordAgeInSeconds"));
  if (const Prop p = prop("Enabled"); p.set() && p.value->is_scalar() && p.value->text == "false") {
    w.notes.push_back(p.origin + " false: the mapping is disabled; imported with no traffic");
    w.arrivals = {"{process: poisson, rate: 0/s}", p.origin, "disabled", false};
  } else {
    w.arrivals = placeholder_arrivals();
    w.arrivals.note =
        "PLACEHOLDER: messages/records per second are not in infrastructure code "
        "(import CloudWatch metrics with --metrics)";
  }
  t.result.workloads.push_back(std::move(w));
}

// A Schedule / ScheduleV2 event: its expression gives the arrivals exactly,
// on the clocks of `zone` (ScheduleV2's ScheduleExpressionTimezone).
Sourced schedule_arrivals(Template& t, const Prop& expression, const TimeZone& zone) {
  if (!expression.value->is_scalar()) {
    t.result.warn(expression.origin + ": " + expression.value->why);
    return {"", expression.origin, expression.value->why, false};
  }
  std::string why;
  const auto e = parse_schedule(expression.value->text, &why);
  if (!e) {
    t.result.warn(expression.origin + ": " + why);
    return {"", expression.origin, why, false};
  }
  const ImportOptions& o = *t.options;
  if (e->kind == ScheduleExpression::Kind::Rate) {
    return {fmt::format("{{process: constant, rate: {:g}/min}}",
                        60.0 / static_cast<double>(e->every_seconds)),
            expression.origin + " " + expression.value->text, "", false};
  }
  const auto times = occurrences(*e, o.start, o.start + o.horizon_seconds, o.start, zone, 10000);
  if (times.empty()) {
    return {"{process: poisson, rate: 0/s}", expression.origin + " " + expression.value->text,
            "never fires in the simulated window from " + format_utc(o.start), false};
  }
  std::string bursts;
  for (std::size_t i = 0; i < times.size(); ++i)
    bursts += fmt::format("{}{{at: {}, count: 1}}", i ? ", " : "",
                          duration_text(static_cast<double>(times[i] - o.start)));
  return {"{process: poisson, rate: 0/s, bursts: [" + bursts + "]}",
          expression.origin + " " + expression.value->text +
              (zone.is_utc() ? "" : " (" + zone.name() + ")") + " from " + format_utc(o.start),
          "", false};
}

}  // namespace

void read_sam_events(Template& t, const Resource& fn, const std::string& function) {
  const CfnValue* events = fn.properties.get("Events");
  if (events == nullptr || events->kind != CfnValue::Kind::Map) return;
  std::vector<std::string> sync_events, async_events;
  for (const auto& [name, event] : events->entries) {
    const CfnValue* type = event.get("Type");
    const std::string ty = type != nullptr && type->is_scalar() ? type->text : "";
    const std::string origin = fmt::format("{} Events.{} ({})", fn.id, name, ty);
    auto prop = [&](const std::string& key) {
      return t.prop(fn, "Events." + name + ".Properties." + key);
    };
    if (ty == "SQS" || ty == "Kinesis" || ty == "DynamoDB") {
      const Prop arn = prop(ty == "SQS" ? "Queue" : "Stream");
      if (!arn.set()) {
        t.result.warn(origin + ": no " + (ty == "SQS" ? "Queue" : "Stream") +
                      " property; not imported");
        continue;
      }
      read_source(t, function, origin, *arn.value, [&](const std::string& key) {
        return key == "EventSourceArn" ? arn : prop(key);
      });
    } else if (ty == "Api" || ty == "HttpApi") {
      sync_events.push_back(name + " (" + ty + ")");
    } else if (ty == "Schedule" || ty == "ScheduleV2") {
      ImportedWorkload w;
      w.function = function;
      w.invocation = "async";
      w.origin = origin;
      const Prop expr = prop(ty == "Schedule" ? "Schedule" : "ScheduleExpression");
      // EventBridge rules (Schedule) run on UTC; Scheduler (ScheduleV2) in its zone.
      const std::optional<TimeZone> zone =
          ty == "ScheduleV2"
              ? schedule_zone(t, fn, "Events." + name + ".Properties.ScheduleExpressionTimezone")
              : TimeZone::utc();
      if (!zone)
        w.arrivals = {"", expr.origin, "its time zone is not known", false};
      else
        w.arrivals = expr.set() ? schedule_arrivals(t, expr, *zone) : placeholder_arrivals();
      if (const Prop p = prop("Enabled");
          p.set() && p.value->is_scalar() && p.value->text == "false")
        w.arrivals = {"{process: poisson, rate: 0/s}", p.origin, "disabled", false};
      if (const Prop p = prop("State");
          p.set() && p.value->is_scalar() && p.value->text == "DISABLED")
        w.arrivals = {"{process: poisson, rate: 0/s}", p.origin, "disabled", false};
      t.result.workloads.push_back(std::move(w));
    } else if (ty == "S3" || ty == "SNS" || ty == "EventBridgeRule" || ty == "CloudWatchEvent" ||
               ty == "CloudWatchLogs" || ty == "IoTRule" || ty == "Cognito" || ty == "SES") {
      async_events.push_back(name + " (" + ty + ")");
    } else {
      t.result.unsupported.push_back(origin + ": this event type is not simulated");
    }
  }
  auto placeholder = [&](const std::vector<std::string>& names, const char* invocation) {
    if (names.empty()) return;
    ImportedWorkload w;
    w.function = function;
    w.invocation = invocation;
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    w.origin = fmt::format("{} Events {}", fn.id, list);
    w.arrivals = placeholder_arrivals();
    t.result.workloads.push_back(std::move(w));
  };
  placeholder(sync_events, "sync");
  placeholder(async_events, "async");
}

void read_event_source_mapping(Template& t, const Resource& esm) {
  const Prop name = t.prop(esm, "FunctionName");
  std::string qualifier;
  const std::string fn = name.set() ? function_for(t, *name.value, &qualifier) : "";
  const std::string origin = esm.describe();
  if (fn.empty()) {
    t.result.unsupported.push_back(origin +
                                   ": its FunctionName names no function of this template");
    return;
  }
  const Prop arn = t.prop(esm, "EventSourceArn");
  if (!arn.set()) {
    t.result.unsupported.push_back(origin +
                                   ": no EventSourceArn (self-managed Kafka is not simulated)");
    return;
  }
  t.consumed.insert(esm.id);
  read_source(t, fn, origin, *arn.value, [&](const std::string& key) { return t.prop(esm, key); });
}

void read_event_invoke_config(Template& t, const Prop& config, const std::string& function,
                              const std::function<std::string(const std::string&)>& origin_of) {
  Settings& s = t.async_settings[function];
  std::string& origin = t.async_origin[function];
  origin += (origin.empty() ? "" : ", ") + config.origin;
  auto sub = [&](const std::string& key) {
    Prop p;
    p.value = config.value->get(key);
    p.origin = origin_of(key);
    if (p.value == nullptr) {  // dotted keys
      const CfnValue* v = config.value;
      std::size_t start = 0;
      while (v != nullptr) {
        const auto dot = key.find('.', start);
        v = v->get(key.substr(start, dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      p.value = v;
    }
    return p;
  };
  if (const Prop p = sub("MaximumRetryAttempts"); p.set())
    set(s, "max_retries", int_value(p, 0, 2, "the platform's 2 retries apply", t.result));
  if (const Prop p = sub("MaximumEventAgeInSeconds"); p.set())
    set(s, "max_event_age", seconds_value(p, 60, 21600, "the platform's 6h applies", t.result));
  if (const Prop p = sub("DestinationConfig.OnFailure.Destination"); p.set()) {
    set(s, "on_failure", {"dlq", p.origin, "an on-failure destination", false});
    t.consumed.insert(p.value->refs.begin(), p.value->refs.end());
  }
}

}  // namespace ls::tools::import::cfn
