// The section readers and document merging of the scenario loader, split
// over scenario_*.cpp to keep each file small. Internal to the loader.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/config/scenario_doc.hpp"
#include "models/config/scenario_fields.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/scenario.hpp"

namespace ls::models {

// What a loaded scenario was read from: the scenario file's text (shared by
// every variant of it, each of which parses it again: the parsed document
// is moved into the merged one, and the text is a tenth of its size) and
// the options it was loaded with.
struct ScenarioSource {
  std::shared_ptr<const std::string> text;
  std::string display_name;  // names the file in errors
  std::string base_dir;      // relative file names resolve against it
  LoadOptions opts;
};

}  // namespace ls::models

namespace ls::models::detail {

// Reads independent parts one after another and keeps the errors of every
// part, so that one pass reports them all: the loader's sections, functions
// and workloads, and a function's keys. A part that reports several
// (Error::also) adds each. (scenario_loader.cpp)
class ErrorList {
 public:
  template <class Part>
  void read(Part&& part) {
    try {
      part();
    } catch (const Error& e) {
      add(e);
    }
  }
  // Throws the errors kept, if any, as one Error (Error::first_of); in the
  // order of their places in the file when `in_file_order`, else as read.
  void throw_if_any(bool in_file_order = false);

 private:
  void add(const Error& e);
  std::vector<Error> errors_;
};

// scenario_functions.cpp: one entry of `functions`.
FunctionConfig read_function(const doc::Entry& entry, const ReadContext& ctx);

// Function names to their index in Scenario::functions (names stay owned by
// the FunctionConfigs).
using FunctionIndex = std::unordered_map<std::string_view, std::size_t>;

// scenario_workloads.cpp: workloads[index]; `function_index` resolves its function's
// name (`functions` lists them in a did-you-mean),
// `async_defaults` (platform.async) fills what an async workload leaves out,
// `gateway` (platform.api_gateway) what its front door does.
WorkloadConfig read_workload(const doc::Node& node, std::size_t index,
                             const std::vector<FunctionConfig>& functions,
                             const FunctionIndex& function_index, const AsyncConfig& async_defaults,
                             const ApiGatewayDefaults& gateway, const ReadContext& ctx);

// scenario_payload.cpp: platform.payload; a workload's payload block (read
// after its invocation type and source); and the echo of the resolved
// scenario without the platform sections of features no workload uses.
PayloadLimits read_payload_limits(const MapView& m);
PayloadConfig read_payload(const MapView& m, const WorkloadConfig& workload);
// A size in KB as a Dist whose "seconds" are KB: a number (fixed) or a
// mapping of section <SizeDist>.
sim::Dist read_size_dist(const doc::Node& node, const std::string& path, const keys::KeySpec& spec);
void drop_unused_feature_sections(doc::Node& merged, const Scenario& s);

// scenario_front_door.cpp: platform.api_gateway; a workload's front door
// (read after its invocation type and source); the on-demand check (after
// the functions' compute kinds are resolved).
ApiGatewayDefaults read_api_gateway(const MapView& m);
// `streams`: the workload's payload streams its responses (a REST API may
// then raise its integration timeout to 15 minutes, whatever its endpoint).
FrontDoorConfig read_front_door(const MapView& m, const WorkloadConfig& workload,
                                const ApiGatewayDefaults& gateway, const ReadContext& ctx,
                                bool streams);
void check_front_doors(const Scenario& s, const doc::Node& root);

// scenario_snapstart.cpp: functions.<name>.snapstart of one function (not
// enabled when absent), and platform.billing.savings_plan (commitment 0
// when absent).
// `provisioned`: the function has provisioned concurrency (an error with
// SnapStart).
SnapStartConfig read_snapstart(const MapView& function, const ReadContext& ctx, bool provisioned);
SavingsPlanConfig read_savings_plan(const MapView& billing);
// scenario_snapstart.cpp: the rates SnapStart and a savings plan need from
// the resolved price table (s.prices); `root` is the merged document.
void check_price_needs(const Scenario& s, const doc::Node& root);

// scenario_durable.cpp: functions.<name>.durable of one function (not
// enabled when absent or `false`); and the check that a durable function's
// workloads are asynchronous and it runs on on-demand compute.
DurableConfig read_durable(const MapView& function, const ReadContext& ctx);
void check_durable_workloads(const Scenario& s, const doc::Node& root);

// scenario_recursion.cpp: functions.<name>.emits of every function (after
// the compute kinds are resolved), each given a new asynchronous workload of
// its target (appended to s.workloads) that its events arrive by.
void read_emits(Scenario& s, const doc::Node& root, const ReadContext& ctx);

// scenario_plan.cpp: the `plan:` block; `functions` resolves its names.
PlanConfig read_plan(const doc::Node& node, const std::vector<FunctionConfig>& functions);

// scenario_compute.cpp: resolves functions.<name>.compute and its blocks
// against platform.managed_instances / platform.web and the instance price
// table under data_dir; `root` is the merged document.
void resolve_compute(Scenario& s, const doc::Node& root, const std::string& data_dir);

// scenario_merge.cpp: `over` merged into `base`, where `section` is the
// key-table section of both ("" for the document root). Sections and tables
// merge key by key; anything else (a Dist, a list, a scalar) is replaced.
void merge_over(doc::Node& base, doc::Node&& over, const std::string& section);

// scenario_merge.cpp: applies "key.path=value" to the document; the value's
// nodes are located at `where`. Throws ls::Error for a malformed assignment,
// a path through a scalar or list item that does not exist, or a function
// that does not exist; unknown keys are caught when the document is read.
void apply_set(doc::Node& root, const std::string& assignment, const SourceLocation& where);

}  // namespace ls::models::detail
