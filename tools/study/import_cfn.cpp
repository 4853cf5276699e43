#include "tools/study/import_cfn.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "models/error.hpp"
#include "tools/study/import_cfn_internal.hpp"

namespace ls::tools::import {

namespace cfn {

const Resource* Template::resource(const std::string& id) const {
  for (const auto& r : resources)
    if (r.id == id) return &r;
  return nullptr;
}

namespace {

// A dotted path ("EphemeralStorage.Size", "ScheduledActions[0].Schedule").
const CfnValue* walk(const CfnValue& root, const std::string& path) {
  const CfnValue* v = &root;
  std::size_t start = 0;
  while (v != nullptr) {
    if (v->is_unresolved()) return v;  // the whole subtree is unknown
    const std::size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot - start);
    const std::size_t bracket = key.find('[');
    if (bracket != std::string::npos) {
      const std::size_t index = std::stoul(key.substr(bracket + 1));
      v = v->get(key.substr(0, bracket));
      if (v != nullptr && v->is_unresolved()) return v;
      v = v != nullptr && v->kind == CfnValue::Kind::List && index < v->items.size()
              ? &v->items[index]
              : nullptr;
    } else {
      v = v->get(key);
    }
    if (dot == std::string::npos) return v;
    start = dot + 1;
  }
  return nullptr;
}

}  // namespace

Prop Template::prop(const Resource& r, const std::string& path) const {
  Prop p;
  p.value = walk(r.properties, path);
  p.origin = r.describe() + " " + r.property(path);
  if (!p.set() && r.type == "AWS::Serverless::Function" &&
      globals_function.kind == CfnValue::Kind::Map) {
    if (const CfnValue* g = walk(globals_function, path); g != nullptr && !g->is_absent()) {
      p.value = g;
      p.origin = fmt::format("Globals.Function.{} (for {})", path, r.id);
    }
  }
  return p;
}

void Template::fail(const Resource& r, const std::string& path,
                    const std::string& message) const {
  // The property's node, for its line: Properties, then the dotted path.
  YAML::Node node = r.node.IsMap() ? YAML::Node(r.node["Properties"]) : YAML::Node();
  std::size_t start = 0;
  while (node && node.IsMap() && start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    std::string key = path.substr(start, dot - start);
    const std::size_t bracket = key.find('[');
    const YAML::Node next = YAML::Node(node[key.substr(0, bracket)]);
    if (!next) break;
    node = next;
    if (bracket != std::string::npos) {
      const std::size_t index = std::stoul(key.substr(bracket + 1));
      if (!node.IsSequence() || index >= node.size()) break;
      node = YAML::Node(node[index]);
    }
    start = dot + 1;
  }
  const auto [line, col] = node ? line_col(node) : std::pair<int, int>{0, 0};
  const std::string key = r.shown_type.empty() ? "Resources." + r.id + "." + r.property(path)
                                               : r.property(path);
  throw Error(SourceLocation{file, line, col}, key, message);
}

std::optional<TimeZone> schedule_zone(Template& t, const Resource& r, const std::string& path) {
  const Prop p = t.prop(r, path);
  if (!p.set()) return TimeZone::utc();
  if (!p.value->is_scalar()) {
    t.result.warn(p.origin + ": " + p.value->why + "; the schedule is not imported");
    return std::nullopt;
  }
  std::string why;
  auto zone = TimeZone::load(p.value->text, &why);
  if (!zone) t.fail(r, path, why);
  return zone;
}

std::optional<long long> integer_of(const CfnValue& v) {
  if (!v.is_scalar()) return std::nullopt;
  long long n = 0;
  const auto& s = v.text;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

namespace {

// The note of a value that could not be used, and its warning.
Sourced not_used(const Prop& p, const std::string& why, const std::string& default_note,
                 ImportResult& result) {
  result.warn(p.origin + ": " + why);
  return {"", p.origin, why + (default_note.empty() ? "" : "; " + default_note), false};
}

}  // namespace

Sourced int_value(const Prop& p, long long lo, long long hi, const std::string& default_note,
                  ImportResult& result) {
  if (p.value->is_unresolved()) return not_used(p, p.value->why, default_note, result);
  const auto n = integer_of(*p.value);
  if (!n) return not_used(p, "'" + p.value->text + "' is not an integer", default_note, result);
  if (*n < lo || *n > hi) {
    return not_used(p, fmt::format("{} is outside {}..{}", *n, lo, hi), default_note, result);
  }
  return {std::to_string(*n), p.origin, "", false};
}

Sourced seconds_value(const Prop& p, double lo, double hi, const std::string& default_note,
                      ImportResult& result) {
  if (p.value->is_unresolved()) return not_used(p, p.value->why, default_note, result);
  double s = 0;
  const auto& t = p.value->text;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), s);
  if (!p.value->is_scalar() || t.empty() || ec != std::errc() || ptr != t.data() + t.size() ||
      !std::isfinite(s))
    return not_used(p, "'" + t + "' is not a number of seconds", default_note, result);
  if (s < lo || s > hi) {
    return not_used(p, fmt::format("{:g} s is outside {:g}..{:g} s", s, lo, hi), default_note,
                    result);
  }
  return {duration_text(s), p.origin, "", false};
}

Sourced bool_value(const Prop& p, ImportResult& result) {
  if (p.value->is_unresolved()) return not_used(p, p.value->why, "", result);
  std::string t = p.value->text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t != "true" && t != "false")
    return not_used(p, "'" + p.value->text + "' is not true/false", "", result);
  return {t, p.origin, "", false};
}

std::string function_for(const Template& t, const CfnValue& name, std::string* qualifier) {
  for (const auto& id : name.refs) {
    if (auto it = t.function_of.find(id); it != t.function_of.end()) return it->second;
  }
  if (!name.is_scalar() && !name.is_unresolved()) return "";
  // A name, a partial ARN (123456789012:function:name) or an ARN, maybe
  // with a :qualifier.
  std::string text = name.text;
  std::string q;
  if (const auto at = text.find("function:"); at != std::string::npos) {
    text = text.substr(at + 9);
  }
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    q = text.substr(colon + 1);
    text = text.substr(0, colon);
  }
  if (qualifier != nullptr) *qualifier = q;
  for (const auto& f : t.result.functions) {
    if (f.aws_name == text || f.logical_id == text) return f.name;
  }
  return "";
}

namespace {

const char* kFunctionTypes[] = {"AWS::Serverless::Function", "AWS::Lambda::Function"};

bool is_function_type(const std::string& type) {
  return std::find(std::begin(kFunctionTypes), std::end(kFunctionTypes), type) !=
         std::end(kFunctionTypes);
}

[[noreturn]] void fail(const std::string& file, const YAML::Node& node, const std::string& path,
                       const std::string& message) {
  const auto [line, col] = line_col(node);
  throw Error(SourceLocation{file, line, col}, path, message);
}

YAML::Node load(const std::string& file, const std::string& text) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(SourceLocation{file, e.mark.is_null() ? 0 : e.mark.line + 1,
                               e.mark.is_null() ? 0 : e.mark.column + 1},
                "", "not a YAML or JSON document: " + e.msg);
  }
}

// The function's settings, each from its property or named as AWS's default.
void read_function(Template& t, const Resource& r) {
  ImportedFunction f;
  std::vector<std::string> taken;
  for (const auto& g : t.result.functions) taken.push_back(g.name);
  // Templates: the logical ID. Terraform: the function's name (its address
  // is a path), else the resource's own name.
  std::string raw = r.id;
  if (!r.shown_type.empty()) {
    const CfnValue* name = r.properties.get("FunctionName");
    raw = name != nullptr && name->is_scalar() ? name->text : r.id.substr(r.id.rfind('.') + 1);
  }
  f.name = scenario_name_for(raw, taken);
  f.logical_id = r.id;
  f.origin = r.describe();
  ImportResult& res = t.result;
  if (const Prop p = t.prop(r, "FunctionName"); p.set()) {
    if (p.value->is_scalar()) {
      f.aws_name = p.value->text;
    } else {
      res.warn(p.origin + ": " + p.value->why + " (metrics and bills are matched by logical ID)");
    }
  }
  auto with_default = [&](const std::string& key, const std::string& property,
                          const std::string& default_yaml, const std::string& default_note,
                          auto&& convert) {
    const Prop p = t.prop(r, property);
    if (p.set()) {
      set(f.settings, key, convert(p));
    } else if (!default_yaml.empty()) {
      set(f.settings, key,
          {default_yaml, "not set in the template (" + p.origin + "): " + default_note, "", false});
    }
  };
  with_default("memory_mb", "MemorySize", "128", "Lambda's default 128 MB", [&](const Prop& p) {
    return int_value(p, 128, 10240, "lambdasim's default 128 MB applies", res);
  });
  with_default("architecture", "Architectures", "x86_64", "Lambda's default x86_64",
               [&](const Prop& p) -> Sourced {
                 const CfnValue& v = *p.value;
                 const CfnValue* first = v.kind == CfnValue::Kind::List && v.items.size() == 1
                                             ? &v.items[0]
                                             : (v.is_scalar() ? &v : nullptr);
                 if (first == nullptr || !first->is_scalar() ||
                     (first->text != "x86_64" && first->text != "arm64")) {
                   const std::string why = v.is_unresolved() || (first && first->is_unresolved())
                                               ? (first ? first->why : v.why)
                                               : "expected [x86_64] or [arm64]";
                   res.warn(p.origin + ": " + why);
                   return {"", p.origin, why + "; lambdasim's default x86_64 applies", false};
                 }
                 return {first->text, p.origin, "", false};
               });
  with_default("timeout", "Timeout", "3s", "Lambda's default 3 s", [&](const Prop& p) {
    return seconds_value(p, 1, 900, "lambdasim's default 3s applies", res);
  });
  with_default("ephemeral_mb", "EphemeralStorage.Size", "512", "Lambda's default 512 MB",
               [&](const Prop& p) {
                 return int_value(p, 512, 10240, "lambdasim's default 512 MB applies", res);
               });
  with_default("reserved_concurrency", "ReservedConcurrentExecutions", "", "", [&](const Prop& p) {
    return int_value(p, 0, 10000000, "the function draws on the unreserved pool", res);
  });
  if (const Prop p = t.prop(r, "SnapStart.ApplyOn"); p.set()) {
    f.notes.push_back(fmt::format(
        "SnapStart ApplyOn {} ({}): the scenario format has no SnapStart key; a snapshot restore "
        "replaces INIT on published versions, so set init to the restore time you measure",
        p.value->text, p.origin));
  }
  for (const char* info : {"Runtime", "Handler", "PackageType"}) {
    if (const Prop p = t.prop(r, info); p.set() && p.value->is_scalar())
      f.notes.push_back(fmt::format("{}: {} ({})", info, p.value->text, p.origin));
  }
  f.init = placeholder_init();
  f.duration = placeholder_duration();
  t.function_of[r.id] = f.name;
  t.result.functions.push_back(std::move(f));
}

// Provisioned concurrency configured on an alias or version (and SAM's
// AutoPublishAlias, which makes the alias `<Function>Alias<Name>`).
void read_alias_pc(Template& t, const Resource& r, const std::string& function,
                   const std::string& via) {
  const Prop p = t.prop(r, "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions");
  if (!p.set()) return;
  const Sourced v = int_value(p, 0, 10000000, "no provisioned concurrency", t.result);
  ImportedFunction* f = t.result.function_named(function);
  if (!v.resolved()) {
    set(f->settings, "provisioned_concurrency", v);
    return;
  }
  auto& [value, origin] = t.alias_pc[function];
  if (!origin.empty()) {
    t.result.warn(
        fmt::format("{}: a second alias or version with provisioned concurrency ({}); "
                    "lambdasim models one level per function, the two are added",
                    function, p.origin));
    origin += " + ";
  }
  value += std::stoi(v.yaml);
  origin += p.origin + via;
  set(f->settings, "provisioned_concurrency", {std::to_string(value), origin, "", false});
}

}  // namespace

bool Template::has_function() const {
  return std::any_of(resources.begin(), resources.end(),
                     [](const Resource& r) { return is_function_type(r.type); });
}

ImportResult build_scenario(Template& t) {
  const ImportOptions& options = *t.options;
  for (const auto& r : t.resources) {
    if (!is_function_type(r.type)) continue;
    read_function(t, r);
    t.consumed.insert(r.id);
  }
  // Aliases and versions: their function, and provisioned concurrency.
  for (const auto& r : t.resources) {
    if (r.type == "AWS::Serverless::Function") {
      const Prop alias = t.prop(r, "AutoPublishAlias");
      const std::string fn = t.function_of[r.id];
      if (alias.set() && alias.value->is_scalar()) {
        t.function_of[r.id + "Alias" + alias.value->text] = fn;
        read_alias_pc(t, r, fn, " (AutoPublishAlias " + alias.value->text + ")");
      } else if (t.prop(r, "ProvisionedConcurrencyConfig").set()) {
        t.result.warn(r.id +
                      ": ProvisionedConcurrencyConfig without AutoPublishAlias is ignored "
                      "by SAM; not imported");
      }
    }
    if (r.type != "AWS::Lambda::Alias" && r.type != "AWS::Lambda::Version") continue;
    const Prop name = t.prop(r, "FunctionName");
    const std::string fn = name.set() ? function_for(t, *name.value, nullptr) : "";
    if (fn.empty()) {
      t.result.unsupported.push_back(
          fmt::format("{}: its FunctionName names no function of this input", r.describe()));
      continue;
    }
    t.function_of[r.id] = fn;
    t.consumed.insert(r.id);
    read_alias_pc(t, r, fn, "");
    if (const Prop routing = t.prop(r, "RoutingConfig"); routing.set()) {
      t.result.function_named(fn)->notes.push_back(
          routing.origin +
          ": weighted alias routing has no scenario key; all traffic goes to one function");
    }
  }
  // Event sources, asynchronous invocation settings.
  for (const auto& r : t.resources) {
    if (is_function_type(r.type)) {
      const std::string fn = t.function_of[r.id];
      if (r.type == "AWS::Serverless::Function") {
        read_sam_events(t, r, fn);
        if (const Prop p = t.prop(r, "EventInvokeConfig"); p.set()) {
          read_event_invoke_config(t, p, fn,
                                   [&](const std::string& key) { return p.origin + "." + key; });
        }
      }
      for (const char* dlq : {"DeadLetterQueue", "DeadLetterConfig.TargetArn"}) {
        if (const Prop p = t.prop(r, dlq); p.set()) {
          set(t.async_settings[fn], "on_failure", {"dlq", p.origin, "", false});
          t.consumed.insert(p.value->refs.begin(), p.value->refs.end());
        }
      }
    } else if (r.type == "AWS::Lambda::EventSourceMapping") {
      read_event_source_mapping(t, r);
    } else if (r.type == "AWS::Lambda::EventInvokeConfig") {
      const Prop name = t.prop(r, "FunctionName");
      std::string qualifier;
      const std::string fn = name.set() ? function_for(t, *name.value, &qualifier) : "";
      if (fn.empty()) {
        t.result.unsupported.push_back(
            fmt::format("{}: its FunctionName names no function of this input", r.describe()));
        continue;
      }
      t.consumed.insert(r.id);
      Prop whole;
      whole.value = &r.properties;
      whole.origin = r.describe() + (r.shown_type.empty() ? " Properties" : "");
      read_event_invoke_config(t, whole, fn, [&](const std::string& key) {
        return r.describe() + " " + r.property(key);
      });
    }
  }
  read_provisioned_scaling(t);

  // Async settings go to the function's async workloads (one is made when
  // the function has none: an invoke config means it is invoked async).
  for (auto& [fn, settings] : t.async_settings) {
    bool any = false;
    for (auto& w : t.result.workloads) {
      if (w.function != fn || w.invocation != "async") continue;
      for (const auto& [k, v] : settings) set(w.async, k, v);
      any = true;
    }
    if (!any) {
      ImportedWorkload w;
      w.function = fn;
      w.invocation = "async";
      w.origin = "asynchronous invocation (" + t.async_origin[fn] + ")";
      w.async = settings;
      w.arrivals = placeholder_arrivals();
      t.result.workloads.push_back(std::move(w));
    }
  }
  for (const auto& f : t.result.functions) {
    const bool has = std::any_of(t.result.workloads.begin(), t.result.workloads.end(),
                                 [&](const ImportedWorkload& w) { return w.function == f.name; });
    if (has) continue;
    ImportedWorkload w;
    w.function = f.name;
    w.invocation = "sync";
    w.origin = "no event source in the template: a placeholder synchronous caller";
    w.arrivals = placeholder_arrivals();
    t.result.workloads.push_back(std::move(w));
  }
  for (const auto& r : t.resources) {
    if (t.consumed.count(r.id)) continue;
    t.result.unsupported.push_back(fmt::format("{}: not part of the capacity model", r.describe()));
  }
  if (!options.region.empty() && !t.result.region.resolved())
    t.result.region = {options.region, "--region", "", false};
  t.result.horizon = {duration_text(static_cast<double>(options.horizon_seconds)),
                      options.horizon_given ? "--horizon" : "",
                      options.horizon_given
                          ? ""
                          : "PLACEHOLDER: a template holds no time window (set --horizon, or "
                            "import metrics)",
                      !options.horizon_given};
  return std::move(t.result);
}

}  // namespace cfn

bool looks_like_cfn(const std::string& text) {
  try {
    const YAML::Node root = YAML::Load(text);
    return root.IsMap() && (present(child(root, {"Resources"})) ||
                            present(child(root, {"AWSTemplateFormatVersion"})) ||
                            present(child(root, {"Transform"})));
  } catch (const YAML::Exception&) {
    return false;
  }
}

ImportResult import_cfn(const std::string& file, const std::string& text,
                        const ImportOptions& options) {
  using namespace cfn;
  const YAML::Node root = load(file, text);
  if (!root.IsMap() || !present(child(root, {"Resources"}))) {
    fail(file, root, "Resources",
         "not a CloudFormation or SAM template: expected a mapping with a Resources section "
         "(see docs/import.md for the inputs import reads)");
  }
  const YAML::Node resources = child(root, {"Resources"});
  if (!resources.IsMap()) fail(file, resources, "Resources", "expected a mapping of resources");
  CfnInputs inputs;
  inputs.parameters = options.parameters;
  if (!options.region.empty()) inputs.pseudo["AWS::Region"] = options.region;
  if (!options.stack_name.empty()) inputs.pseudo["AWS::StackName"] = options.stack_name;
  inputs.pseudo["AWS::Partition"] = "aws";
  inputs.pseudo["AWS::URLSuffix"] = "amazonaws.com";
  const CfnResolver resolver(root, file, inputs);

  Template t;
  t.file = file;
  t.options = &options;
  t.result.inputs.push_back(std::filesystem::path(file).filename().string());
  t.result.scenario_name = options.scenario_name.empty()
                               ? scenario_name_for(std::filesystem::path(file).stem().string(), {})
                               : options.scenario_name;
  for (const auto& name : resolver.parameters_without_value())
    t.result.warn("parameter " + name + " has no Default and no --parameter " + name + "=VALUE");
  if (const YAML::Node g = child(root, {"Globals", "Function"}); present(g))
    t.globals_function = resolver.resolve(g);

  for (const auto& entry : resources) {
    const std::string id = entry.first.Scalar();
    const YAML::Node& node = entry.second;
    if (!child(node, {"Type"}).IsScalar())
      fail(file, node, "Resources." + id, "expected a resource: a mapping with a Type");
    Resource r{id, child(node, {"Type"}).Scalar(), {}, node, {}, {}};
    if (const YAML::Node c = child(node, {"Condition"}); c.IsScalar()) {
      std::string why;
      const auto on = resolver.condition(c.Scalar(), &why);
      if (on && !*on) {
        t.result.unsupported.push_back(
            fmt::format("{} ({}): condition {} is false", id, r.type, c.Scalar()));
        continue;
      }
      if (!on) {
        t.result.warn(
            fmt::format("{}: condition {} cannot be decided ({}); the resource is imported", id,
                        c.Scalar(), why));
      }
    }
    if (const YAML::Node p = child(node, {"Properties"}); present(p)) {
      if (!p.IsMap() && !intrinsic_of(p))
        fail(file, p, "Resources." + id + ".Properties", "expected a mapping of properties");
      r.properties = resolver.resolve(p);
    }
    t.resources.push_back(std::move(r));
  }

  if (!t.has_function()) {
    std::vector<std::string> types;
    for (const auto& r : t.resources)
      if (std::find(types.begin(), types.end(), r.type) == types.end()) types.push_back(r.type);
    std::string list;
    for (const auto& ty : types) list += (list.empty() ? "" : ", ") + ty;
    fail(file, resources, "Resources",
         "no AWS::Serverless::Function or AWS::Lambda::Function to import (found: " +
             (list.empty() ? std::string("no resources") : list) + ")");
  }
  return build_scenario(t);
}

}  // namespace ls::tools::import
