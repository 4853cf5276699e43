#include "tools/study/import_terraform.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "models/error.hpp"
#include "tools/study/import_cfn_internal.hpp"
#include "tools/study/import_json.hpp"

namespace ls::tools::import {

namespace {

using cfn::Resource;
using nlohmann::json;

// One resource of the state or plan, with what the plan does not know yet
// and what its configuration refers to.
struct TfResource {
  std::string address;  // module.x.aws_lambda_function.api
  std::string type;
  const json* values = nullptr;
  const json* unknown = nullptr;                         // after_unknown (plans)
  std::map<std::string, std::vector<std::string>> refs;  // attribute -> referenced addresses
};

// A CloudFormation property built from a Terraform attribute.
struct Field {
  const char* cfn;  // dotted CloudFormation path
  const char* tf;   // dotted Terraform path; blocks are lists: "ephemeral_storage.0.size"
};

const json* tf_get(const json& values, const std::string& path) {
  const json* v = &values;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot - start);
    if (v->is_array()) {
      const std::size_t i = static_cast<std::size_t>(std::stoul(key));
      if (i >= v->size()) return nullptr;
      v = &(*v)[i];
    } else if (v->is_object() && v->contains(key)) {
      v = &(*v)[key];
    } else {
      return nullptr;
    }
    if (dot == std::string::npos) return v;
    start = dot + 1;
  }
}

CfnValue from_json(const json& v) {
  CfnValue out;
  if (v.is_null()) return out;
  if (v.is_array()) {
    out.kind = CfnValue::Kind::List;
    for (const auto& item : v) out.items.push_back(from_json(item));
    return out;
  }
  if (v.is_object()) {
    out.kind = CfnValue::Kind::Map;
    for (auto it = v.begin(); it != v.end(); ++it)
      out.entries.emplace_back(it.key(), from_json(it.value()));
    return out;
  }
  out.kind = CfnValue::Kind::Scalar;
  out.text = json_text(v);
  return out;
}

// Puts `value` at the dotted `path` of the map `root`.
void put(CfnValue& root, const std::string& path, CfnValue value) {
  CfnValue* at = &root;
  at->kind = CfnValue::Kind::Map;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot - start);
    CfnValue* next = nullptr;
    for (auto& [k, v] : at->entries)
      if (k == key) next = &v;
    if (next == nullptr) {
      at->entries.emplace_back(key, CfnValue{});
      next = &at->entries.back().second;
    }
    if (dot == std::string::npos) {
      *next = std::move(value);
      return;
    }
    next->kind = CfnValue::Kind::Map;
    at = next;
    start = dot + 1;
  }
}

class Translator {
 public:
  Translator(const std::vector<TfResource>& resources) : tf_(resources) {
    // ARNs of queues, streams and tables, to find the resource a mapping reads.
    for (const auto& r : tf_) {
      for (const char* attr : {"arn", "stream_arn"}) {
        if (const json* a = tf_get(*r.values, attr); a != nullptr && a->is_string())
          arn_owner_[a->get<std::string>()] = r.address;
      }
    }
  }

  // The attribute as a value: unknown in a plan, the resources it refers to.
  CfnValue value(const TfResource& r, const std::string& tf) const {
    const std::string top = tf.substr(0, tf.find('.'));
    CfnValue v;
    if (r.unknown != nullptr && tf_get(*r.unknown, tf) != nullptr &&
        tf_get(*r.unknown, tf)->is_boolean() && tf_get(*r.unknown, tf)->get<bool>()) {
      v.kind = CfnValue::Kind::Unresolved;
      v.why = r.address + "." + tf + " is known only after apply (a plan)";
    } else if (const json* j = tf_get(*r.values, tf)) {
      v = from_json(*j);
    }
    if (v.is_scalar()) {
      if (auto it = arn_owner_.find(v.text); it != arn_owner_.end()) v.refs.push_back(it->second);
    }
    if (auto it = r.refs.find(top); it != r.refs.end()) {
      for (const auto& address : it->second) v.refs.push_back(address);
    }
    return v;
  }

  Resource translate(const TfResource& r, const std::string& cfn_type,
                     std::initializer_list<Field> fields) const {
    Resource out;
    out.id = r.address;
    out.type = cfn_type;
    out.shown_type = r.type;
    out.properties.kind = CfnValue::Kind::Map;
    for (const Field& f : fields) {
      CfnValue v = value(r, f.tf);
      out.names[f.cfn] = f.tf;
      if (v.kind == CfnValue::Kind::Null) continue;
      put(out.properties, f.cfn, std::move(v));
    }
    return out;
  }

 private:
  const std::vector<TfResource>& tf_;
  std::map<std::string, std::string> arn_owner_;
};

void collect(const json& module, std::vector<TfResource>& out) {
  if (const auto it = module.find("resources"); it != module.end() && it->is_array()) {
    for (const auto& r : *it) {
      if (!r.is_object() || r.value("mode", "managed") != "managed") continue;
      if (!r.contains("values") || !r["values"].is_object()) continue;
      TfResource t;
      t.address = r.value("address", "");
      t.type = r.value("type", "");
      t.values = &r["values"];
      out.push_back(t);
    }
  }
  if (const auto it = module.find("child_modules"); it != module.end() && it->is_array())
    for (const auto& m : *it) collect(m, out);
}

// configuration.root_module (and module_calls): which addresses each
// attribute's expression references, e.g. event_source_arn ->
// aws_sqs_queue.orders.arn.
void references(const json& module, const std::string& prefix,
                std::map<std::string, std::map<std::string, std::vector<std::string>>>& out) {
  if (const auto it = module.find("resources"); it != module.end() && it->is_array()) {
    for (const auto& r : *it) {
      const std::string address = prefix + r.value("address", "");
      if (!r.contains("expressions") || !r["expressions"].is_object()) continue;
      for (auto e = r["expressions"].begin(); e != r["expressions"].end(); ++e) {
        if (!e.value().is_object() || !e.value().contains("references")) continue;
        for (const auto& ref : e.value()["references"]) {
          if (!ref.is_string()) continue;
          std::string target = ref.get<std::string>();
          // "aws_sqs_queue.orders.arn" -> "aws_sqs_queue.orders" (the resource).
          const auto first = target.find('.');
          const auto second = first == std::string::npos ? first : target.find('.', first + 1);
          if (second != std::string::npos) target = target.substr(0, second);
          out[address][e.key()].push_back(prefix + target);
        }
      }
    }
  }
  if (const auto it = module.find("module_calls"); it != module.end() && it->is_object()) {
    for (auto m = it->begin(); m != it->end(); ++m) {
      if (m.value().contains("module"))
        references(m.value()["module"], prefix + "module." + m.key() + ".", out);
    }
  }
}

}  // namespace

bool looks_like_terraform(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  return j.is_object() && j.contains("format_version") &&
         (j.contains("values") || j.contains("planned_values"));
}

namespace {

ImportResult import_terraform_checked(const std::string& file, const std::string& text,
                                      const ImportOptions& options) {
  const json doc = parse_json(file, text);
  if (!doc.is_object() || !doc.contains("format_version") ||
      !(doc.contains("values") || doc.contains("planned_values"))) {
    throw Error(SourceLocation{file, 1, 1}, "",
                "not the JSON of `terraform show -json`: expected an object with format_version "
                "and values (a state) or planned_values (a plan)");
  }
  const bool plan = doc.contains("planned_values");
  const char* top = plan ? "planned_values" : "values";
  const json& values = doc[top];
  if (!values.is_object() || !values.contains("root_module") ||
      !values["root_module"].is_object()) {
    throw Error(SourceLocation{file, 0, 0}, std::string(top) + ".root_module",
                "expected the root module's resources (an empty state has none: run terraform "
                "apply first, or import the plan)");
  }
  std::vector<TfResource> tf;
  collect(values["root_module"], tf);
  if (tf.empty()) {
    throw Error(SourceLocation{file, 0, 0}, std::string(top) + ".root_module.resources",
                "no managed resources: expected aws_lambda_function and related resources");
  }
  // Plans: unknown attributes and configuration references.
  std::map<std::string, const json*> unknown;
  if (const auto rc = doc.find("resource_changes"); rc != doc.end() && rc->is_array()) {
    for (const auto& c : *rc) {
      const json* after = tf_get(c, "change.after_unknown");
      if (after != nullptr && c.contains("address"))
        unknown[c["address"].get<std::string>()] = after;
    }
  }
  std::map<std::string, std::map<std::string, std::vector<std::string>>> refs;
  if (const json* root = tf_get(doc, "configuration.root_module")) references(*root, "", refs);
  for (auto& r : tf) {
    if (auto it = unknown.find(r.address); it != unknown.end()) r.unknown = it->second;
    if (auto it = refs.find(r.address); it != refs.end()) r.refs = it->second;
  }

  const Translator tr(tf);
  cfn::Template t;
  t.file = file;
  t.options = &options;
  t.result.inputs.push_back(std::filesystem::path(file).filename().string() +
                            (plan ? " (terraform plan)" : " (terraform state)"));
  t.result.scenario_name = options.scenario_name.empty()
                               ? scenario_name_for(std::filesystem::path(file).stem().string(), {})
                               : options.scenario_name;
  std::vector<const TfResource*> scheduled;
  for (const auto& r : tf) {
    if (r.type == "aws_lambda_function") {
      Resource res =
          tr.translate(r, "AWS::Lambda::Function",
                       {{"FunctionName", "function_name"},
                        {"MemorySize", "memory_size"},
                        {"Timeout", "timeout"},
                        {"Architectures", "architectures"},
                        {"EphemeralStorage.Size", "ephemeral_storage.0.size"},
                        {"ReservedConcurrentExecutions", "reserved_concurrent_executions"},
                        {"SnapStart.ApplyOn", "snap_start.0.apply_on"},
                        {"Runtime", "runtime"},
                        {"Handler", "handler"},
                        {"PackageType", "package_type"},
                        {"DeadLetterConfig.TargetArn", "dead_letter_config.0.target_arn"}});
      // -1 is Terraform's "no reservation".
      if (const CfnValue* rc = res.properties.get("ReservedConcurrentExecutions");
          rc && rc->text == "-1") {
        auto& e = res.properties.entries;
        e.erase(std::remove_if(
                    e.begin(), e.end(),
                    [](const auto& kv) { return kv.first == "ReservedConcurrentExecutions"; }),
                e.end());
      }
      t.resources.push_back(std::move(res));
    } else if (r.type == "aws_lambda_alias") {
      t.resources.push_back(tr.translate(r, "AWS::Lambda::Alias",
                                         {{"FunctionName", "function_name"}, {"Name", "name"}}));
    } else if (r.type == "aws_lambda_provisioned_concurrency_config") {
      t.resources.push_back(
          tr.translate(r, "AWS::Lambda::Alias",
                       {{"FunctionName", "function_name"},
                        {"Name", "qualifier"},
                        {"ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions",
                         "provisioned_concurrent_executions"}}));
    } else if (r.type == "aws_lambda_event_source_mapping") {
      t.resources.push_back(tr.translate(
          r, "AWS::Lambda::EventSourceMapping",
          {{"FunctionName", "function_name"},
           {"EventSourceArn", "event_source_arn"},
           {"BatchSize", "batch_size"},
           {"MaximumBatchingWindowInSeconds", "maximum_batching_window_in_seconds"},
           {"ScalingConfig.MaximumConcurrency", "scaling_config.0.maximum_concurrency"},
           {"ParallelizationFactor", "parallelization_factor"},
           {"BisectBatchOnFunctionError", "bisect_batch_on_function_error"},
           {"MaximumRetryAttempts", "maximum_retry_attempts"},
           {"MaximumRecordAgeInSeconds", "maximum_record_age_in_seconds"},
           {"DestinationConfig.OnFailure.Destination",
            "destination_config.0.on_failure.0.destination_arn"},
           {"FunctionResponseTypes", "function_response_types"},
           {"Enabled", "enabled"},
           {"StartingPosition", "starting_position"}}));
    } else if (r.type == "aws_lambda_function_event_invoke_config") {
      t.resources.push_back(
          tr.translate(r, "AWS::Lambda::EventInvokeConfig",
                       {{"FunctionName", "function_name"},
                        {"Qualifier", "qualifier"},
                        {"MaximumRetryAttempts", "maximum_retry_attempts"},
                        {"MaximumEventAgeInSeconds", "maximum_event_age_in_seconds"},
                        {"DestinationConfig.OnFailure.Destination",
                         "destination_config.0.on_failure.0.destination"}}));
    } else if (r.type == "aws_appautoscaling_target") {
      t.resources.push_back(tr.translate(r, "AWS::ApplicationAutoScaling::ScalableTarget",
                                         {{"ServiceNamespace", "service_namespace"},
                                          {"ScalableDimension", "scalable_dimension"},
                                          {"ResourceId", "resource_id"},
                                          {"MinCapacity", "min_capacity"},
                                          {"MaxCapacity", "max_capacity"}}));
    } else if (r.type == "aws_appautoscaling_policy") {
      t.resources.push_back(tr.translate(
          r, "AWS::ApplicationAutoScaling::ScalingPolicy",
          {{"PolicyType", "policy_type"},
           {"ResourceId", "resource_id"},
           {"ScalableDimension", "scalable_dimension"},
           {"ServiceNamespace", "service_namespace"},
           {"TargetTrackingScalingPolicyConfiguration.TargetValue",
            "target_tracking_scaling_policy_configuration.0.target_value"},
           {"TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification."
            "PredefinedMetricType",
            "target_tracking_scaling_policy_configuration.0.predefined_metric_specification.0."
            "predefined_metric_type"},
           {"TargetTrackingScalingPolicyConfiguration.ScaleInCooldown",
            "target_tracking_scaling_policy_configuration.0.scale_in_cooldown"},
           {"TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown",
            "target_tracking_scaling_policy_configuration.0.scale_out_cooldown"}}));
    } else if (r.type == "aws_appautoscaling_scheduled_action") {
      scheduled.push_back(&r);
    } else if (r.type == "aws_sqs_queue") {
      Resource q =
          tr.translate(r, "AWS::SQS::Queue", {{"VisibilityTimeout", "visibility_timeout_seconds"}});
      // redrive_policy is a JSON string in Terraform.
      if (const json* rp = tf_get(*r.values, "redrive_policy");
          rp && rp->is_string() && !rp->get<std::string>().empty()) {
        const json p = json::parse(rp->get<std::string>(), nullptr, false);
        if (p.is_object()) {
          for (const char* key : {"maxReceiveCount", "deadLetterTargetArn"}) {
            if (!p.contains(key)) continue;
            put(q.properties, std::string("RedrivePolicy.") + key, from_json(p[key]));
            q.names[std::string("RedrivePolicy.") + key] = std::string("redrive_policy.") + key;
          }
          q.names["RedrivePolicy"] = "redrive_policy";
        } else {
          t.result.warn(r.address +
                        ".redrive_policy: not JSON; the dead-letter queue is not imported");
        }
      }
      t.resources.push_back(std::move(q));
    } else if (r.type == "aws_kinesis_stream") {
      t.resources.push_back(
          tr.translate(r, "AWS::Kinesis::Stream",
                       {{"ShardCount", "shard_count"},
                        {"RetentionPeriodHours", "retention_period"},
                        {"StreamModeDetails.StreamMode", "stream_mode_details.0.stream_mode"}}));
    } else if (r.type == "aws_dynamodb_table") {
      t.resources.push_back(tr.translate(r, "AWS::DynamoDB::Table", {}));
    } else {
      Resource other;
      other.id = r.address;
      other.type = r.type;
      other.shown_type = r.type;
      t.resources.push_back(std::move(other));
    }
  }
  // Scheduled actions belong to the target with their resource_id and dimension.
  for (const TfResource* sa : scheduled) {
    const std::string rid = json_text(sa->values->value("resource_id", json()));
    const std::string dim = json_text(sa->values->value("scalable_dimension", json()));
    Resource* target = nullptr;
    for (auto& r : t.resources) {
      if (r.type != "AWS::ApplicationAutoScaling::ScalableTarget") continue;
      const CfnValue* id = r.properties.get("ResourceId");
      const CfnValue* d = r.properties.get("ScalableDimension");
      if (id && d && id->text == rid && d->text == dim) target = &r;
    }
    if (target == nullptr) {
      t.result.unsupported.push_back(sa->address +
                                     " (aws_appautoscaling_scheduled_action): no "
                                     "aws_appautoscaling_target with resource_id " +
                                     rid);
      continue;
    }
    CfnValue* list = nullptr;
    for (auto& [k, v] : target->properties.entries)
      if (k == "ScheduledActions") list = &v;
    if (list == nullptr) {
      target->properties.entries.emplace_back("ScheduledActions", CfnValue{});
      list = &target->properties.entries.back().second;
      list->kind = CfnValue::Kind::List;
    }
    const std::string base = fmt::format("ScheduledActions[{}].", list->items.size());
    CfnValue action;
    action.kind = CfnValue::Kind::Map;
    for (const Field& f : std::initializer_list<Field>{
             {"ScheduledActionName", "name"},
             {"Schedule", "schedule"},
             {"Timezone", "timezone"},
             {"StartTime", "start_time"},
             {"EndTime", "end_time"},
             {"ScalableTargetAction.MinCapacity", "scalable_target_action.0.min_capacity"},
             {"ScalableTargetAction.MaxCapacity", "scalable_target_action.0.max_capacity"}}) {
      target->names[base + f.cfn] = sa->address + "." + f.tf;
      const CfnValue v = tr.value(*sa, f.tf);
      if (v.kind == CfnValue::Kind::Null || (v.is_scalar() && v.text.empty())) continue;
      put(action, f.cfn, v);
    }
    list->items.push_back(std::move(action));
  }
  // The region: --region, else the one in a function's ARN.
  if (!options.region.empty()) {
    t.result.region = {options.region, "--region", "", false};
  } else {
    for (const auto& r : tf) {
      if (r.type != "aws_lambda_function") continue;
      const json* arn = tf_get(*r.values, "arn");
      if (arn == nullptr || !arn->is_string()) continue;
      const std::string a = arn->get<std::string>();  // arn:aws:lambda:REGION:ACCOUNT:function:NAME
      std::vector<std::string> parts;
      for (std::size_t start = 0, colon = 0; colon != std::string::npos; start = colon + 1) {
        colon = a.find(':', start);
        parts.push_back(a.substr(start, colon == std::string::npos ? colon : colon - start));
      }
      if (parts.size() > 3 && !parts[3].empty()) {
        t.result.region = {parts[3], r.address + " arn", "", false};
        break;
      }
    }
  }
  if (!t.has_function()) {
    std::set<std::string> types;
    for (const auto& r : tf) types.insert(r.type);
    std::string list;
    for (const auto& ty : types) list += (list.empty() ? "" : ", ") + ty;
    throw Error(SourceLocation{file, 0, 0}, std::string(top) + ".root_module.resources",
                "no aws_lambda_function to import (found: " + list + ")");
  }
  return cfn::build_scenario(t);
}

}  // namespace

ImportResult import_terraform(const std::string& file, const std::string& text,
                              const ImportOptions& options) {
  try {
    return import_terraform_checked(file, text, options);
  } catch (const nlohmann::json::exception& e) {
    throw Error(SourceLocation{file, 0, 0}, "",
                std::string("not the shape of `terraform show -json`: ") + e.what());
  }
}

}  // namespace ls::tools::import
