// Shared by the CloudFormation reader's files (import_cfn*.cpp): one
// template's resources, resolved, and how their properties become scenario
// values. Internal to tools/study.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tools/study/import_cfn_value.hpp"
#include "tools/study/import_options.hpp"
#include "tools/study/import_scenario.hpp"
#include "tools/study/import_timezone.hpp"

namespace ls::tools::import::cfn {

// A resource as CloudFormation names it. Terraform's resources are
// translated into this shape (import_terraform.cpp) so that one reader maps
// both; `shown_type` and `names` keep their own names for the comments.
struct Resource {
  std::string id;
  std::string type;                          // CloudFormation type
  CfnValue properties;                       // resolved, CloudFormation property names
  YAML::Node node;                           // for locations (templates only)
  std::string shown_type;                    // "" = type
  std::map<std::string, std::string> names;  // CloudFormation path -> the input's own name

  std::string describe() const {
    return id + " (" + (shown_type.empty() ? type : shown_type) + ")";
  }
  // How a comment names a property: "Properties.MemorySize", "memory_size".
  std::string property(const std::string& path) const {
    if (auto it = names.find(path); it != names.end()) return it->second;
    return shown_type.empty() ? "Properties." + path : path;
  }
};

// A property looked up on a resource (and, for SAM functions, in
// Globals.Function): its value and where it was read.
struct Prop {
  const CfnValue* value = nullptr;  // nullptr: not set
  std::string origin;               // "Api (AWS::Serverless::Function) Properties.MemorySize"
  bool set() const { return value != nullptr && !value->is_absent(); }
};

struct Template {
  std::string file;
  const ImportOptions* options = nullptr;
  std::vector<Resource> resources;  // in template order, conditions applied
  CfnValue globals_function;        // SAM Globals.Function (resolved), or Null
  std::map<std::string, std::string>
      function_of;                 // logical ID (function, alias, version) -> scenario name
  std::set<std::string> consumed;  // resources that became part of the scenario
  ImportResult result;
  // Async settings (EventInvokeConfig, DLQ) per function, applied to its
  // async workloads at the end.
  std::map<std::string, Settings> async_settings;
  std::map<std::string, std::string> async_origin;
  // Provisioned concurrency from aliases / versions / AutoPublishAlias.
  std::map<std::string, std::pair<int, std::string>> alias_pc;  // function -> (value, origin)

  const Resource* resource(const std::string& id) const;
  bool has_function() const;
  Prop prop(const Resource& r, const std::string& path) const;  // dotted path
  // Bad input in a property: exit 2 with its line (templates) and key path.
  [[noreturn]] void fail(const Resource& r, const std::string& path,
                         const std::string& message) const;
};

// The time zone of a schedule expression (`path` names the zone property,
// e.g. ScheduledActions[0].Timezone): UTC when not set; nullopt with a
// warning when its value is unresolved; exit 2 when it names no zone.
std::optional<TimeZone> schedule_zone(Template& t, const Resource& r, const std::string& path);

// A property of `p` as a scenario value: an integer within [lo, hi], or
// unresolved with a note. `scale` divides (e.g. seconds into a duration).
Sourced int_value(const Prop& p, long long lo, long long hi, const std::string& default_note,
                  ImportResult& result);
Sourced seconds_value(const Prop& p, double lo, double hi, const std::string& default_note,
                      ImportResult& result);
Sourced bool_value(const Prop& p, ImportResult& result);
std::optional<long long> integer_of(const CfnValue& v);

// The scenario function a FunctionName property (a Ref, a name or an ARN,
// with an optional :qualifier) refers to; "" when none.
std::string function_for(const Template& t, const CfnValue& name, std::string* qualifier);

// The scenario from `t.resources` (at least one function: has_function()).
ImportResult build_scenario(Template& t);

// import_cfn_sources.cpp: SAM Events and AWS::Lambda::EventSourceMapping
// into workloads; EventInvokeConfig into async settings.
void read_sam_events(Template& t, const Resource& fn, const std::string& function);
void read_event_source_mapping(Template& t, const Resource& esm);
// `config` is the EventInvokeConfig mapping; `origin_of` names one of its keys.
void read_event_invoke_config(Template& t, const Prop& config, const std::string& function,
                              const std::function<std::string(const std::string&)>& origin_of);
// import_cfn_scaling.cpp: Application Auto Scaling of provisioned concurrency.
void read_provisioned_scaling(Template& t);

}  // namespace ls::tools::import::cfn
