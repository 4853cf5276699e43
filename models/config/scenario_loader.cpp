// Loading a scenario: merge preset < file < --set into one document, read it
// section by section against the key table, check the cross-section rules
// (concurrency budget, warm-up), and resolve the price table.
#include "models/config/scenario_loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <regex>
#include <tuple>

#include "models/billing.hpp"
#include "models/config/data_dir.hpp"
#include "models/config/price_table_file.hpp"
#include "models/config/scenario_csv.hpp"
#include "models/config/scenario_sections.hpp"
#include "models/config/yaml_file.hpp"
#include "models/duration_model.hpp"

namespace ls::models {

void detail::ErrorList::add(const Error& e) {
  errors_.push_back(Error(e.where(), e.key_path(), e.message()));  // without its also()
  errors_.insert(errors_.end(), e.also().begin(), e.also().end());
}

void detail::ErrorList::throw_if_any(bool in_file_order) {
  if (errors_.empty()) return;
  if (in_file_order)
    std::stable_sort(errors_.begin(), errors_.end(), [](const Error& a, const Error& b) {
      return std::tie(a.where().line, a.where().column) <
             std::tie(b.where().line, b.where().column);
    });
  throw Error::first_of(std::move(errors_));
}

namespace {

using detail::MapView;
namespace fs = std::filesystem;

// Stems of the *.yaml files in `dir`, sorted (for "choose one of" lists).
std::vector<std::string> yaml_stems(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

[[noreturn]] void unknown_table(const std::string& what, const std::string& name,
                                const fs::path& dir, const SourceLocation& where,
                                const std::string& key_path) {
  const auto stems = yaml_stems(dir);
  // None at all: the data folder is wrong, not the name.
  if (stems.empty()) {
    const char* env = std::getenv("LAMBDASIM_DATA_DIR");
    throw Error(where, key_path,
                "cannot read " + what + " '" + name + "': " + dir.string() +
                    " does not exist or holds no .yaml file; the data folder (" +
                    dir.parent_path().string() + ", " +
                    (env != nullptr ? "from LAMBDASIM_DATA_DIR" : "the installed or built-in one") +
                    ") should be lambdasim's scenarios/ folder, with platforms/ and prices/");
  }
  const std::vector<std::string_view> names(stems.begin(), stems.end());
  std::string message = "unknown " + what + " '" + name + "'";
  if (auto guess = keys::closest(name, names); !guess.empty()) {
    message += " (did you mean '" + std::string(guess) + "'?)";
  }
  throw Error(where, key_path, message + "; available: " + keys::join(names));
}

const doc::Node* at_path(const doc::Node& root, std::initializer_list<std::string_view> keys) {
  const doc::Node* n = &root;
  for (auto k : keys) {
    n = n->is_map() ? n->find(k) : nullptr;
    if (n == nullptr) return nullptr;
  }
  return n;
}

doc::Node load_preset(const std::string& name, const std::string& data_dir,
                      const SourceLocation& where) {
  const fs::path dir = fs::path(data_dir) / "platforms";
  const fs::path file = dir / (name + ".yaml");
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) unknown_table("preset", name, dir, where, "platform.preset");
  doc::Node preset = detail::read_yaml_file(file.string(), where, "platform.preset", "preset");
  // A preset holds one `platform:` mapping with the scenario's platform keys.
  const MapView top(preset, "", "");
  for (const auto& e : preset.entries()) {
    if (e.key != "platform") {
      throw Error(e.where, e.key, "a preset file holds only a platform: mapping");
    }
  }
  const doc::Node& platform = top.need("platform");
  if (platform.is_map() && platform.find("preset") != nullptr) {
    throw Error(platform.find("preset")->where, "platform.preset",
                "a preset cannot name another preset");
  }
  return preset;
}

// Top-level keys in the key table's order, so that the resolved JSON reads
// like a scenario file whatever order the sources came in.
void order_top_level(doc::Node& root) {
  const auto order = keys::keys_of("");
  auto rank = [&](const doc::Entry& e) {
    return std::find(order.begin(), order.end(), e.key) - order.begin();
  };
  std::stable_sort(root.entries().begin(), root.entries().end(),
                   [&](const doc::Entry& a, const doc::Entry& b) { return rank(a) < rank(b); });
}

// `--set prices.<path>=<value>` names a key of the price table, not of the
// scenario: it becomes an entry of platform.billing.price_overrides.
constexpr std::string_view kPricesPrefix = "prices.";

bool is_price_set(const std::string& assignment) { return assignment.starts_with(kPricesPrefix); }

void add_price_set(doc::Node& root, const std::string& assignment, const SourceLocation& where) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) {
    throw Error(where, "", "expected prices.key.path=value, got '" + assignment + "'");
  }
  const std::string key = assignment.substr(kPricesPrefix.size(), eq - kPricesPrefix.size());
  if (key.empty())
    throw Error(where, "prices",
                "name a price table key, e.g. prices.request_usd_per_million=0.25");
  doc::Node value = doc::parse_value(assignment.substr(eq + 1), where);
  doc::Node* table = &root;
  for (std::string_view k : {"platform", "billing", "price_overrides"}) {
    if (table->is_null()) table->make_map();
    doc::Node* next = table->is_map() ? table->find(k) : nullptr;
    if (next == nullptr) {
      if (!table->is_map()) throw Error(where, std::string(k), "is not a mapping");
      table->push_back(doc::Entry{k, where, doc::Node{}});
      next = &table->entries().back().value;
      next->where = where;
    }
    table = next;
  }
  if (table->is_null()) table->make_map();
  // A later value replaces an earlier one, and takes its place in messages.
  table->erase_entries_if([&](const doc::Entry& e) { return e.key == key; });
  table->push_back(doc::Entry{key, where, std::move(value)});
}

// platform.region and platform.billing.prices agree (#17): the one the
// scenario or --set names picks the other. A region alone picks the same
// table as the preset's for that region (aws-us-east-1-2025 ->
// aws-eu-west-1-2025); a table alone sets the region to the table's. When
// both are named, resolve_prices checks that they agree.
void pick_regional_prices(doc::Node& merged, const std::string& preset_file,
                          const std::string& data_dir) {
  doc::Node* platform = merged.find("platform");
  doc::Node* billing =
      platform != nullptr && platform->is_map() ? platform->find("billing") : nullptr;
  doc::Node* region =
      platform != nullptr && platform->is_map() ? platform->find("region") : nullptr;
  doc::Node* prices = billing != nullptr && billing->is_map() ? billing->find("prices") : nullptr;
  if (region == nullptr || prices == nullptr || !region->is_scalar() || !prices->is_scalar())
    return;
  const bool region_named = region->where.file() != preset_file;
  const bool prices_named = prices->where.file() != preset_file;
  const fs::path dir = fs::path(data_dir) / "prices";
  std::error_code ec;
  if (prices_named && !region_named) {
    const fs::path table = dir / (prices->text() + ".yaml");
    if (!fs::is_regular_file(table, ec)) return;  // resolve_prices says it is unknown
    const doc::Node t =
        detail::read_yaml_file(table.string(), prices->where, "platform.billing.prices");
    if (const doc::Node* r = t.is_map() ? t.find("region") : nullptr;
        r != nullptr && r->is_scalar())
      region->set_text(r->text());
    return;
  }
  if (!region_named || prices_named) return;
  // The preset's table is named <vendor>-<its region>-<year>[-<variant>]
  // (aws-us-east-1-2025, aws-us-east-1-2020-100ms): swap the region.
  static const std::regex kTableName(R"(([a-z]+-)(.+?)(-[0-9]{4}(-.*)?))");
  std::smatch parts;
  const std::string table_name = prices->text();
  if (!std::regex_match(table_name, parts, kTableName)) return;
  const std::string prefix = parts[1], year = parts[3];
  if (!fs::is_regular_file(dir / (prefix + region->text() + year + ".yaml"), ec)) {
    const std::vector<std::string> stems = yaml_stems(dir);
    std::vector<std::string_view> regions;
    for (const std::string& stem : stems)
      if (stem.starts_with(prefix) && stem.ends_with(year) &&
          stem.size() > prefix.size() + year.size())
        regions.push_back(std::string_view(stem).substr(prefix.size(),
                                                        stem.size() - prefix.size() - year.size()));
    throw Error(region->where, "platform.region",
                "no price table for region '" + region->text() + "' (looked for " + prefix +
                    region->text() + year + "); regions with one: " +
                    (regions.empty() ? std::string("none") : keys::join(regions)) +
                    "; or name a table with platform.billing.prices");
  }
  prices->set_text(prefix + region->text() + year);
}

// preset < file < --set < --seed/--horizon, as one document.
doc::Node merge_sources(doc::Node file, const LoadOptions& opts, const std::string& data_dir) {
  const SourceLocation set_where{"--set", 0, 0};
  // The preset may itself be chosen by --set: apply the sets to `platform`
  // alone once to find it (not to a copy of every function; any other set
  // fails, if at all, the same way below).
  doc::Node probe;
  probe.make_map();
  probe.where = file.where;
  if (const doc::Node* p = file.find("platform")) {
    probe.push_back(doc::Entry{"platform", file.where, *p});
  }
  for (const auto& s : opts.sets) {
    const bool names_platform =
        s.starts_with("platform") && s.size() > 8 && (s[8] == '.' || s[8] == '=' || s[8] == '[');
    if (names_platform) detail::apply_set(probe, s, set_where);
  }
  std::string preset_name(keys::find("platform", "preset")->value);
  SourceLocation preset_where;
  if (const doc::Node* p = at_path(probe, {"platform", "preset"}); p != nullptr && !p->is_null()) {
    preset_name = detail::to_string(*p, "platform.preset");
    preset_where = p->where;
  }
  doc::Node merged = load_preset(preset_name, data_dir, preset_where);
  const std::string preset_file = merged.where.file();
  // A missing top-level key is reported in the user's file, not the preset.
  merged.where = file.where;
  detail::merge_over(merged, std::move(file), "");
  for (const auto& s : opts.sets) {
    if (is_price_set(s)) {
      add_price_set(merged, s, set_where);
    } else {
      detail::apply_set(merged, s, set_where);
    }
  }
  if (opts.seed) detail::apply_set(merged, "seed=" + std::to_string(*opts.seed), {"--seed", 0, 0});
  if (opts.horizon) detail::apply_set(merged, "horizon=" + *opts.horizon, {"--horizon", 0, 0});
  pick_regional_prices(merged, preset_file, data_dir);
  // Name the preset first in the resolved platform, even when it was the
  // default.
  doc::Node& platform = *merged.find("platform");
  if (platform.is_map()) {
    const auto entries = platform.entries();
    auto it = std::find_if(entries.begin(), entries.end(),
                           [](const doc::Entry& e) { return e.key == "preset"; });
    if (it == entries.end()) {
      platform.insert_front(
          doc::Entry{"preset", platform.where, doc::Node::scalar(preset_name, platform.where)});
    } else {
      std::rotate(entries.begin(), it, it + 1);
    }
  }
  order_top_level(merged);
  return merged;
}

ScalingConfig read_scaling(const MapView& m, const std::string& region) {
  ScalingConfig s;
  const std::string model = *m.get_choice("model");
  s.model = model == "per-function"   ? ScalingModel::PerFunction
            : model == "legacy-burst" ? ScalingModel::LegacyBurst
                                      : ScalingModel::None;
  s.step = static_cast<int>(*m.get_int("step"));
  s.every = *m.get_duration("every");
  s.per_minute = static_cast<int>(*m.get_int("per_minute"));
  // The legacy burst depends on the region: an explicit burst wins, else the
  // region's entry in burst_by_region, else its `default` entry.
  std::optional<std::int64_t> burst = m.get_int("burst");
  if (const doc::Node* table = m.get("burst_by_region")) {
    const std::string path = m.path_of("burst_by_region");
    if (!table->is_map()) {
      detail::fail(*table, path,
                   "expected a mapping of region to burst, got " + doc::describe(*table));
    }
    std::optional<std::int64_t> fallback;
    for (const auto& e : table->entries()) {
      const auto v =
          detail::to_int(e.value, detail::child_path(path, e.key), m.spec("burst_by_region"));
      if (e.key == region && !burst) burst = v;
      if (e.key == "default") fallback = v;
    }
    if (!burst) burst = fallback;
  }
  if (burst) s.burst = static_cast<int>(*burst);
  if (!burst && s.model == ScalingModel::LegacyBurst) {
    m.fail_at("burst",
              "legacy-burst needs a burst: none given, and burst_by_region has no entry "
              "for region '" +
                  region + "' and no default");
  }
  return s;
}

BillingConfig read_billing(const MapView& m) {
  BillingConfig b;
  b.prices = *m.get_string("prices");
  if (const auto g = m.get_duration("granularity")) {
    b.granularity = *g;
    b.granularity_set = true;
  }
  b.bill_init = m.get_bool("bill_init");
  if (const doc::Node* overrides = m.get("price_overrides")) {
    // Checked against the price table when it is loaded (resolve_prices),
    // where the table's own key names and ranges are known.
    for (const auto& e : overrides->entries()) {
      // Entries added by --set name themselves as they were written.
      const bool from_set = e.where.file() == "--set";
      b.price_overrides.push_back(
          PriceOverride{e.key, e.value.is_scalar() ? e.value.text() : doc::to_json(e.value),
                        e.value.where, from_set ? "prices." : m.path_of("price_overrides") + "."});
    }
  }
  b.savings_plan = detail::read_savings_plan(m);
  b.free_tier = *m.get_bool("free_tier");
  b.first_12_months = *m.get_bool("first_12_months");
  b.project_to_month = *m.get_choice("project_to") == "month";
  return b;
}

AsyncConfig read_async_platform(const MapView& m, const detail::ReadContext& ctx) {
  AsyncConfig a;
  a.max_retries = static_cast<int>(*m.get_int("max_retries"));
  a.max_event_age = *m.get_duration("max_event_age");
  a.first_retry_delay =
      detail::read_dist(m.need("first_retry_delay"), m.path_of("first_retry_delay"), ctx);
  a.second_retry_delay =
      detail::read_dist(m.need("second_retry_delay"), m.path_of("second_retry_delay"), ctx);
  a.backoff_initial = *m.get_duration("backoff_initial");
  a.backoff_max = *m.get_duration("backoff_max");
  return a;
}

// A Dist or `never` (keep_alive, function_keep_alive, max_environment_lifetime).
KeepAlive read_dist_or_never(const MapView& m, const doc::Node& node, std::string_view key,
                             const detail::ReadContext& ctx) {
  KeepAlive out;
  out.never = node.is_scalar() && node.text() == "never";
  if (node.is_scalar() && !out.never && node.text().find_first_of("0123456789") != 0 &&
      node.text().front() != '.') {
    detail::fail(node, m.path_of(key),
                 "expected a duration (e.g. 10m), a {dist: ...} mapping or never, got '" +
                     node.text() + "'");
  }
  if (!out.never) out.dist = detail::read_dist(node, m.path_of(key), ctx);
  return out;
}

PlatformConfig read_platform(const MapView& m, const detail::ReadContext& ctx) {
  PlatformConfig p;
  p.preset = *m.get_string("preset");
  p.region = *m.get_string("region");
  p.account_concurrency = static_cast<int>(*m.get_int("account_concurrency"));
  p.unreserved_minimum = static_cast<int>(*m.get_int("unreserved_minimum"));
  p.rps_per_concurrency = *m.get_number("rps_per_concurrency");
  p.mb_per_vcpu = *m.get_number("mb_per_vcpu");
  p.max_vcpu = *m.get_number("max_vcpu");
  p.init_timeout = *m.get_duration("init_timeout");
  const std::string reuse = *m.get_choice("reuse");
  p.reuse = reuse == "most-recent"    ? ReusePolicy::MostRecent
            : reuse == "least-recent" ? ReusePolicy::LeastRecent
                                      : ReusePolicy::Random;
  p.keep_alive = read_dist_or_never(m, m.need("keep_alive"), "keep_alive", ctx);
  p.max_environment_lifetime =
      read_dist_or_never(m, m.need("max_environment_lifetime"), "max_environment_lifetime", ctx);
  if (const doc::Node* f = m.get("function_keep_alive"))
    p.function_keep_alive = read_dist_or_never(m, *f, "function_keep_alive", ctx);
  p.scaling =
      read_scaling(MapView(m.need("scaling"), m.path_of("scaling"), "platform.scaling"), p.region);
  p.billing = read_billing(MapView(m.need("billing"), m.path_of("billing"), "platform.billing"));
  p.async =
      read_async_platform(MapView(m.need("async"), m.path_of("async"), "platform.async"), ctx);
  const MapView sqs(m.need("sqs"), m.path_of("sqs"), "platform.sqs");
  p.sqs.initial_concurrency = static_cast<int>(*sqs.get_int("initial_concurrency"));
  p.sqs.ramp_per_minute = *sqs.get_number("ramp_per_minute");
  p.sqs.max_concurrency = static_cast<int>(*sqs.get_int("max_concurrency"));
  if (const doc::Node* gateway = m.get("api_gateway"))
    p.api_gateway = detail::read_api_gateway(
        MapView(*gateway, m.path_of("api_gateway"), "platform.api_gateway"));
  if (const doc::Node* payload = m.get("payload"))
    p.payload =
        detail::read_payload_limits(MapView(*payload, m.path_of("payload"), "platform.payload"));
  p.sqs.invokes_per_poller = static_cast<int>(*sqs.get_int("invokes_per_poller"));
  p.sqs.provisioned_ramp_per_minute = *sqs.get_number("provisioned_ramp_per_minute");
  p.max_batch_payload_kb = static_cast<int>(*m.get_int("max_batch_payload_kb"));
  p.stream_retry_delay = *m.get_duration("stream_retry_delay");
  p.poller_backoff = *m.get_duration("poller_backoff");
  p.kafka_invokes_per_poller = static_cast<int>(*m.get_int("kafka_invokes_per_poller"));
  p.kafka_pollers_per_unit = static_cast<int>(*m.get_int("kafka_pollers_per_unit"));
  p.recursion_limit = static_cast<int>(*m.get_int("recursion_limit"));
  return p;
}

// Where a function's provisioned concurrency peaks: the node and its path.
std::pair<const doc::Node*, std::string> pc_peak_node(const doc::Node& pc,
                                                      const std::string& path) {
  if (!pc.is_map()) return {&pc, path};
  if (const doc::Node* max = pc.find("max")) return {max, path + ".max"};
  const doc::Node& steps = *pc.find("schedule");
  std::size_t best = 0;
  for (std::size_t i = 1; i < steps.items().size(); ++i) {
    if (std::stoll(steps.items()[i].find("value")->text()) >
        std::stoll(steps.items()[best].find("value")->text())) {
      best = i;
    }
  }
  return {steps.items()[best].find("value"),
          detail::item_path(path + ".schedule", best) + ".value"};
}

// The scenario's time 0 is the earliest time of all its timestamp traces:
// each was read from its own earliest, and one starting later is moved by
// the difference, so that the captures of several functions from the same
// period keep their relative timing (their peaks, and what they share of
// the account, fall together).
void align_timestamp_traces(Scenario& s) {
  std::optional<sim::Time> earliest;
  for (const WorkloadConfig& w : s.workloads)
    if (w.arrivals.shape->trace)
      earliest = std::min(earliest.value_or(w.arrivals.shape->trace_origin),
                          w.arrivals.shape->trace_origin);
  if (!earliest) return;
  for (WorkloadConfig& w : s.workloads) {
    if (!w.arrivals.shape->trace) continue;
    const sim::Time shift = w.arrivals.shape->trace_origin - *earliest;
    if (shift == 0) continue;
    std::vector<sim::Time> moved(*w.arrivals.shape->trace);
    for (sim::Time& t : moved) t += shift;
    w.arrivals.shape.edit().trace =
        std::make_shared<const std::vector<sim::Time>>(std::move(moved));
  }
}

// The most provisioned concurrency `f` is ever configured with.
int pc_peak(const FunctionConfig& f) {
  int peak = f.provisioned->tracking ? f.provisioned->max : 0;
  for (const auto& step : f.provisioned->schedule) peak = std::max(peak, step.value);
  return peak;
}

// Reservations must fit the account and leave unreserved_minimum to the
// pool; provisioned concurrency must fit the reservation (or the account),
// and that of functions without a reservation the unreserved pool.
void check_concurrency(const Scenario& s, const doc::Node& root) {
  const PlatformConfig& p = s.platform;
  const std::string limit =
      "platform.account_concurrency (" + std::to_string(p.account_concurrency) + ")";
  long long reserved_total = 0;  // up to the function being checked
  long long reserved_in_all = 0;
  for (const FunctionConfig& f : s.functions) reserved_in_all += f.reserved_concurrency.value_or(0);
  const doc::Node& functions = *root.find("functions");  // entries in s.functions' order
  for (std::size_t i = 0; i < s.functions.size(); ++i) {
    const FunctionConfig& f = s.functions[i];
    const std::string path = "functions." + f.name;
    const doc::Node& node = functions.entries()[i].value;
    if (f.reserved_concurrency) {
      const int r = *f.reserved_concurrency;
      const doc::Node& where = *node.find("reserved_concurrency");
      if (r > p.account_concurrency) {
        detail::fail(where, path + ".reserved_concurrency",
                     std::to_string(r) + " exceeds " + limit);
      }
      reserved_total += r;
      const long long left = p.account_concurrency - reserved_total;
      if (left < p.unreserved_minimum) {
        detail::fail(where, path + ".reserved_concurrency",
                     "the reservations up to this one total " + std::to_string(reserved_total) +
                         " (" + std::to_string(reserved_in_all) + " in all), leaving " +
                         std::to_string(left) + " of " + limit +
                         " unreserved; platform.unreserved_minimum (" +
                         std::to_string(p.unreserved_minimum) + ") must stay unreserved");
      }
    }
    const int peak = pc_peak(f);
    const int cap = f.reserved_concurrency.value_or(p.account_concurrency);
    if (peak > cap) {
      const auto [where, pc_path] =
          pc_peak_node(*node.find("provisioned_concurrency"), path + ".provisioned_concurrency");
      detail::fail(
          *where, pc_path,
          std::to_string(peak) + " exceeds " +
              (f.reserved_concurrency ? "reserved_concurrency (" + std::to_string(cap) + ")"
                                      : limit));
    }
  }
  // PC of functions without a reservation comes out of the unreserved pool,
  // which must keep its minimum: AWS allows "up to the Unreserved account
  // concurrency in your account, minus 100" (provisioned-concurrency.html;
  // platform.unreserved_minimum is the 100). Without this check PC and
  // reservations together ran past the account limit (250 of 200).
  const long long unreserved = p.account_concurrency - reserved_total;
  long long provisioned = 0;
  for (std::size_t i = 0; i < s.functions.size(); ++i) {
    const FunctionConfig& f = s.functions[i];
    if (f.reserved_concurrency) continue;
    const int peak = pc_peak(f);
    if (peak == 0) continue;
    provisioned += peak;
    if (unreserved - provisioned >= p.unreserved_minimum) continue;
    const std::string path = "functions." + f.name + ".provisioned_concurrency";
    const auto [where, pc_path] =
        pc_peak_node(*functions.entries()[i].value.find("provisioned_concurrency"), path);
    detail::fail(*where, pc_path,
                 std::to_string(peak) + " leaves the unreserved pool " +
                     std::to_string(unreserved - provisioned) + " (" + limit + " - " +
                     std::to_string(reserved_total) + " reserved - " + std::to_string(provisioned) +
                     " provisioned by functions without a reservation); AWS allows provisioned "
                     "concurrency up to the unreserved concurrency minus "
                     "platform.unreserved_minimum (" +
                     std::to_string(p.unreserved_minimum) + ")");
  }
}

bool same_overrides(const std::vector<PriceOverride>& a, const std::vector<PriceOverride>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.key_path == y.key_path && x.value == y.value && x.path_prefix == y.path_prefix;
  });
}

// `reusable`: a table already loaded for a scenario of the same source
// (with_variant), used again when its name and overrides are the same.
void resolve_prices(Scenario& s, const doc::Node& root, const std::string& data_dir,
                    const Scenario* reusable) {
  BillingConfig& b = s.platform.billing;
  if (reusable != nullptr && reusable->prices != nullptr &&
      reusable->platform.billing.prices == b.prices &&
      same_overrides(reusable->platform.billing.price_overrides, b.price_overrides)) {
    if (!b.granularity_set) b.granularity = reusable->prices->granularity;
    if (!b.bill_init) b.bill_init = reusable->prices->bill_init;
    s.prices = reusable->prices;
    return;
  }
  const fs::path dir = fs::path(data_dir) / "prices";
  std::error_code ec;
  if (!fs::is_regular_file(dir / (b.prices + ".yaml"), ec)) {
    unknown_table("price table", b.prices, dir,
                  at_path(root, {"platform", "billing", "prices"})->where,
                  "platform.billing.prices");
  }
  auto table = std::make_shared<const PriceTable>(
      load_price_table(b.prices, data_dir, b.price_overrides,
                       at_path(root, {"platform", "billing", "prices"})->where));
  if (table->region != s.platform.region) {
    throw Error(at_path(root, {"platform", "billing", "prices"})->where, "platform.billing.prices",
                "price table '" + b.prices + "' is for " + table->region +
                    ", but platform.region is " + s.platform.region +
                    "; name that region's table (scenarios/prices/) or set platform.region: " +
                    table->region);
  }
  if (!b.granularity_set) b.granularity = table->granularity;
  if (!b.bill_init) b.bill_init = table->bill_init;
  s.prices = std::move(table);
}

// A feature used without a rate in the price table fails at load, where
// the feature is written, not after the run.
void check_prices_cover(const Scenario& s, const doc::Node& root) {
  const auto missing = missing_price(s, *s.prices);
  if (!missing) return;
  const doc::Node* at = &root;
  const std::string& path = missing->key_path;
  if (path.starts_with("functions.")) {
    // functions.<name>.<feature>: the feature's section.
    const std::size_t dot = path.rfind('.');
    at = at_path(root, {"functions", path.substr(10, dot - 10), path.substr(dot + 1)});
  } else if (const doc::Node* workloads = root.find("workloads"); workloads != nullptr) {
    const std::size_t i = std::stoul(path.substr(path.find('[') + 1));
    const doc::Node& source = *workloads->items()[i].find("source");
    at = source.find("provisioned") != nullptr ? source.find("provisioned") : &source;
  }
  detail::fail(at != nullptr ? *at : root, path, missing->message);
}

// The scenario file's document, which must be a mapping.
doc::Node parse_scenario(const std::string& text, const std::string& display_name) {
  doc::Node file = doc::parse_yaml(text, display_name);
  if (!file.is_map()) {
    detail::fail(file, "",
                 "a scenario is a mapping of sections (scenario, horizon, platform, functions, "
                 "workloads), got " +
                     doc::describe(file));
  }
  return file;
}

std::string data_dir_of(const LoadOptions& opts) {
  return opts.data_dir.empty() ? default_data_dir() : opts.data_dir;
}

// The scenario `source` describes; `reusable` as in resolve_prices.
Scenario read_source(std::shared_ptr<const ScenarioSource> source, const Scenario* reusable) {
  const LoadOptions& opts = source->opts;
  const std::string& display_name = source->display_name;
  const std::string data_dir = data_dir_of(opts);
  // Declared before every tree of the load, so that it closes after them.
  const doc::TreeArena arena;
  doc::Node merged = merge_sources(parse_scenario(*source->text, display_name), opts, data_dir);
  const detail::ReadContext ctx{source->base_dir, std::make_shared<detail::AzureCountsCache>()};
  const MapView root(merged, "", "");
  Scenario s;
  s.file = display_name;
  // Each section, function and workload is read on its own, so that one pass
  // reports the errors of all of them (the first error of each); checks that
  // need the whole scenario run only once every part has been read.
  detail::ErrorList errors;
  errors.read([&] {
    s.name = root.get_string("scenario").value_or(fs::path(display_name).stem().string());
  });
  errors.read([&] { s.seed = *root.get_uint64("seed"); });
  errors.read([&] {
    s.horizon = *root.get_duration("horizon");
    s.warmup = *root.get_duration("warmup");
    if (s.warmup >= s.horizon) {
      const doc::Node* horizon = root.get("horizon");
      root.fail_at("warmup",
                   root.need("warmup").text() + " must be shorter than horizon (" +
                       (horizon != nullptr ? horizon->text()
                                           : std::string(keys::find("", "horizon")->value)) +
                       ")");
    }
  });
  errors.read([&] { s.replications = static_cast<int>(*root.get_int("replications")); });
  errors.read([&] {
    s.platform = read_platform(MapView(root.need("platform"), "platform", "platform"), ctx);
  });
  const doc::Node& functions = root.need("functions");
  if (!functions.is_map() || functions.entries().empty()) {
    detail::fail(functions, "functions",
                 "expected a mapping of function names to functions (at least one), got " +
                     doc::describe(functions));
  }
  s.functions.reserve(functions.entries().size());  // a FunctionConfig is large to move
  doc::advise_huge_pages(s.functions.data(), s.functions.capacity() * sizeof(FunctionConfig));
  std::vector<bool> function_read(functions.entries().size(), false);
  for (std::size_t f = 0; f < functions.entries().size(); ++f) {
    errors.read([&] {
      s.functions.push_back(detail::read_function(functions.entries()[f], ctx));
      function_read[f] = true;
    });
    // A function with an error keeps its place (by name) so that workloads
    // naming it are still read and checked.
    if (!function_read[f]) s.functions.emplace_back().name = functions.entries()[f].key;
  }
  for (auto& f : s.functions) apply_memory_model(s.platform, f);  // INIT at this memory
  if (const doc::Node* workloads = root.get("workloads")) {
    if (!workloads->is_list()) {
      detail::fail(*workloads, "workloads",
                   "expected a list of workloads, got " + doc::describe(*workloads));
    }
    detail::FunctionIndex index;
    index.reserve(s.functions.size());
    for (std::size_t f = 0; f < s.functions.size(); ++f) index.emplace(s.functions[f].name, f);
    s.workloads.reserve(workloads->items().size());
    doc::advise_huge_pages(s.workloads.data(), s.workloads.capacity() * sizeof(WorkloadConfig));
    for (std::size_t i = 0; i < workloads->items().size(); ++i) {
      errors.read([&] {
        s.workloads.push_back(detail::read_workload(workloads->items()[i], i, s.functions, index,
                                                    s.platform.async, s.platform.api_gateway, ctx));
      });
    }
  }
  align_timestamp_traces(s);
  if (const doc::Node* plan = root.get("plan")) {
    errors.read([&] { s.plan = detail::read_plan(*plan, s.functions); });
  }
  errors.throw_if_any();
  check_concurrency(s, merged);
  detail::resolve_compute(s, merged, data_dir);  // scenario_compute.cpp
  detail::check_front_doors(s, merged);
  detail::check_durable_workloads(s, merged);
  detail::read_emits(s, merged, ctx);
  resolve_prices(s, merged, data_dir, reusable);
  detail::check_price_needs(s, merged);
  check_prices_cover(s, merged);
  detail::drop_unused_feature_sections(merged, s);  // last use of `merged`: the echo
  if (opts.echo) s.resolved_json = doc::to_json(merged);
  s.source = std::move(source);
  return s;
}

}  // namespace

Scenario load_scenario_text(const std::string& yaml_text, const std::string& display_name,
                            const std::string& base_dir, const LoadOptions& opts) {
  return read_source(
      std::make_shared<const ScenarioSource>(ScenarioSource{
          std::make_shared<const std::string>(yaml_text), display_name, base_dir, opts}),
      nullptr);
}

Scenario with_variant(const Scenario& base, const std::vector<std::string>& assignments) {
  if (base.source == nullptr)
    throw std::logic_error("with_variant: the scenario was not read by the loader");
  auto source = std::make_shared<ScenarioSource>(*base.source);
  source->opts.sets.insert(source->opts.sets.end(), assignments.begin(), assignments.end());
  return read_source(std::move(source), &base);
}

PlatformConfig load_preset_platform(const std::string& name, const LoadOptions& opts) {
  LoadOptions with_preset = opts;
  with_preset.sets.push_back("platform.preset=" + name);
  // The smallest valid scenario: the preset supplies everything else.
  try {
    return load_scenario_text("functions: {f: {init: 0s, duration: 1ms}}\n", "--preset", ".",
                              with_preset)
        .platform;
  } catch (const Error& e) {  // name the option, not the --set it became
    if (e.key_path() != "platform.preset") throw;
    throw Error(SourceLocation{"--preset", 0, 0}, "", e.message());
  }
}

Scenario load_scenario(const std::string& path, const LoadOptions& opts) {
  // The text is kept by the scenario (with_variant parses it again): moved
  // there, not copied (22 MB at 100,000 functions).
  auto text = std::make_shared<const std::string>(
      detail::read_file_text(path, SourceLocation{}, "", "scenario file"));
  const fs::path parent = fs::path(path).parent_path();
  return read_source(std::make_shared<const ScenarioSource>(ScenarioSource{
                         std::move(text), path, parent.empty() ? "." : parent.string(), opts}),
                     nullptr);
}

}  // namespace ls::models
