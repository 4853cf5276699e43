// Loader for scenarios/prices/<name>.yaml. The keys, their types, units and
// ranges are the "prices" sections of the configuration key table
// (scenario_keys.cpp); the file is parsed by the same YAML walker as a
// scenario (scenario_doc.hpp), so every node knows its file:line:col. Every
// user error names the file, line and column, the key path and what is
// allowed, because a price table is hand-edited data and a wrong bill is
// worse than no bill.
#include "models/config/price_table_file.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string_view>

#include "models/config/scenario_doc.hpp"
#include "models/config/scenario_fields.hpp"
#include "models/config/scenario_keys.hpp"
#include "models/config/units.hpp"
#include "models/config/yaml_file.hpp"

namespace ls::models {
namespace {

namespace fs = std::filesystem;
using detail::child_path;
using detail::item_path;

constexpr std::string_view kTop = keys::kPriceTable;
constexpr std::string_view kArchitecture = "prices.<arch>";
constexpr std::string_view kTier = "prices.<arch>.duration_tiers[]";
constexpr std::string_view kApiGateway = "prices.api_gateway";
constexpr std::string_view kRequestTier = "prices.api_gateway.<api>_tiers[]";
constexpr std::string_view kUnavailable = "unavailable";

// " (did you mean 'x'?)" for the closest candidate, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  const std::string_view best = keys::closest(word, candidates);
  return best.empty() ? "" : " (did you mean '" + std::string(best) + "'?)";
}

// Nodes an override created on the way to its value have no position in
// any file (an empty location); its value is located where it was written.
bool unplaced(const doc::Node& node) { return node.where.file().empty() && node.where.line == 0; }

// The parsed document plus what error messages need: the overrides (whose
// nodes have no position in the table's file).
class Doc {
 public:
  Doc(std::string file, const std::vector<PriceOverride>& overrides)
      : file_(std::move(file)), overrides_(overrides) {}

  [[noreturn]] void fail(const doc::Node& at, const std::string& path,
                         const std::string& message) const {
    fail_at(at.where, unplaced(at), path, message);
  }
  [[noreturn]] void fail_key(const doc::Entry& e, const std::string& path,
                             const std::string& message) const {
    fail_at(e.where, unplaced(e.value) && e.where.line == 0, path, message);
  }
  const std::string& file() const { return file_; }

 private:
  // Overridden values are reported where the override was written, and so
  // are the keys an override created (e.g. a misspelt section name). The
  // last override that wrote `path` wins (a later one replaces an earlier).
  [[noreturn]] void fail_at(const SourceLocation& where, bool created, const std::string& path,
                            const std::string& message) const {
    const PriceOverride* found = nullptr;
    for (const PriceOverride& o : overrides_) {
      if (path == o.key_path || is_inside(path, o.key_path) ||
          (created && is_inside(o.key_path, path)))
        found = &o;
    }
    if (found == nullptr) {
      // A value of the table itself, refused because of an override of a
      // neighbour in its list (a tier bound moved past the next tier's):
      // the table's line alone would point at a file the user never edited.
      for (const PriceOverride& o : overrides_)
        if (const std::size_t list_end = path.rfind('[');
            list_end != std::string::npos && is_inside(o.key_path, path.substr(0, list_end)))
          found = &o;
      if (found == nullptr) throw Error(where, path, message);
      throw Error(where, path,
                  message + " (after the override of " + found->path_prefix + found->key_path +
                      " at " + located(found->where) + ")");
    }
    // An override whose value is a mapping replaces that whole section, so
    // the table's other keys there go missing: say how to change one key.
    std::string hint;
    if (!found->value.empty() && found->value.front() == '{' && path != found->key_path)
      hint = " (an override replaces all of " + found->key_path +
             "; to change one key in it, name that key's dotted path: \"" + found->key_path +
             ".KEY\": VALUE)";
    throw Error(found->where, found->path_prefix + path, message + hint);
  }

  static std::string located(const SourceLocation& where) {
    if (where.file.empty()) return "--set";
    if (where.line == 0) return where.file;
    return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
  }

  // True when `path` names something below `ancestor` (a.b[1] is inside a.b).
  static bool is_inside(const std::string& path, const std::string& ancestor) {
    if (ancestor.empty()) return !path.empty();
    return path.size() > ancestor.size() && path.compare(0, ancestor.size(), ancestor) == 0 &&
           (path[ancestor.size()] == '.' || path[ancestor.size()] == '[');
  }

  std::string file_;
  const std::vector<PriceOverride>& overrides_;
};

const keys::KeySpec& spec(std::string_view section, std::string_view key) {
  const keys::KeySpec* s = keys::find(section, key);
  if (s == nullptr) throw std::logic_error("key table lacks " + std::string(key));
  return *s;
}

// Fails on any key of `map` that section `section` does not declare.
void check_keys(const Doc& doc, const doc::Node& map, const std::string& path,
                std::string_view section) {
  const std::vector<std::string_view>& allowed = keys::keys_of(section);
  for (const auto& e : map.entries()) {
    if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
    doc.fail_key(
        e, child_path(path, e.key),
        "unknown key" + did_you_mean(e.key, allowed) + "; allowed: " + keys::join(allowed));
  }
}

// What a numeric key allows, for messages: "a price in USD per GB-s, >= 0".
std::string expected_number(const keys::KeySpec& s) {
  const std::string unit(s.unit);
  const bool price = unit.starts_with("USD");
  return (price ? "a price in " + unit : unit) + (s.range.starts_with(">") ? ", > 0" : ", >= 0");
}

// map[key], failing with "missing field; expected <what>" when absent.
const doc::Node& require(const Doc& doc, const doc::Node& map, const std::string& path,
                         std::string_view key, const std::string& what) {
  const doc::Node* node = map.find(key);
  if (node == nullptr) doc.fail(map, child_path(path, key), "missing field; expected " + what);
  return *node;
}

std::string text_of(const doc::Node& node) {
  return node.is_scalar() ? "'" + node.text() + "'" : node.is_null() ? "nothing" : "a collection";
}

// A finite number within the key's range (">0.." or "0.."); a price says
// "negative price -1", anything else "negative value -1".
double read_number(const Doc& doc, const doc::Node& map, const std::string& parent,
                   std::string_view section, std::string_view key) {
  const keys::KeySpec& s = spec(section, key);
  const std::string path = child_path(parent, key);
  const std::string allowed = expected_number(s);
  const doc::Node& node = require(doc, map, parent, key, allowed);
  const auto value = node.is_scalar() ? detail::parse_number(node.text()) : std::nullopt;
  if (!value) doc.fail(node, path, text_of(node) + " is not a number; expected " + allowed);
  const bool positive = s.range.starts_with(">");
  if (*value < 0.0 || (positive && *value == 0.0)) {
    const std::string sign = *value < 0.0 ? "negative " : "";
    const std::string noun = s.unit.starts_with("USD") ? "price" : "value";
    doc.fail(node, path, sign + noun + " " + node.text() + "; expected " + allowed);
  }
  return *value;
}

// An optional price: nullopt when the key is absent.
std::optional<double> read_optional_number(const Doc& doc, const doc::Node& map,
                                           const std::string& parent, std::string_view section,
                                           std::string_view key) {
  if (map.find(key) == nullptr) return std::nullopt;
  return read_number(doc, map, parent, section, key);
}

sim::Time read_duration(const Doc& doc, const doc::Node& map, std::string_view key) {
  const std::string path(key);
  const bool allow_zero = !spec(kTop, key).range.starts_with(">");
  const std::string bound = allow_zero ? ">= 0" : "> 0";
  const doc::Node& node =
      require(doc, map, "", key, "a duration with a unit, " + bound + ", e.g. 1ms or 5m");
  sim::Time t = 0;
  try {
    t = parse_duration(node.is_scalar() ? node.text() : std::string());
  } catch (const UnitError& e) {
    doc.fail(node, path, e.what());
  }
  if (t == 0 && !allow_zero) doc.fail(node, path, "must be " + bound + ", e.g. 1ms");
  return t;
}

std::string read_text(const Doc& doc, const doc::Node& map, std::string_view key) {
  const std::string what(spec(kTop, key).unit);
  const doc::Node& node = require(doc, map, "", key, what);
  if (!node.is_scalar() || node.text().empty())
    doc.fail(node, std::string(key), text_of(node) + " is not " + what);
  return node.text();
}

std::string read_date(const Doc& doc, const doc::Node& map, std::string_view key) {
  const std::string date = read_text(doc, map, key);
  const auto digit = [&](std::size_t i) {
    return std::isdigit(static_cast<unsigned char>(date[i]));
  };
  bool ok = date.size() == 10 && date[4] == '-' && date[7] == '-';
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) ok = ok && digit(i);
  if (ok) {
    const int month = std::stoi(date.substr(5, 2)), day = std::stoi(date.substr(8, 2));
    ok = month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  if (!ok)
    doc.fail(*map.find(key), std::string(key),
             "'" + date + "' is not " + std::string(spec(kTop, key).unit));
  return date;
}

bool read_flag(const Doc& doc, const doc::Node& map, std::string_view key) {
  const doc::Node& node = require(doc, map, "", key, "true or false");
  if (!node.is_scalar() || (node.text() != "true" && node.text() != "false"))
    doc.fail(node, std::string(key), text_of(node) + " is not true or false");
  return node.text() == "true";
}

// One tier of a ladder: where it ends (infinity for the last) and its price.
struct Rung {
  double up_to = 0.0;
  double price = 0.0;
};

// A tier ladder `parent.key`: a list of {bound, price} mappings of section
// `section`, ascending, the last without `bound` (it covers the rest).
std::vector<Rung> read_ladder(const Doc& doc, const doc::Node& parent,
                              const std::string& parent_path, std::string_view key,
                              std::string_view section, std::string_view bound,
                              std::string_view price) {
  const std::string path = child_path(parent_path, key);
  const std::string b(bound), p(price);
  const std::string what = "a list of tiers {" + b + ", " + p + "}, the last without " + b;
  const doc::Node& list = require(doc, parent, parent_path, key, what);
  if (!list.is_list() || list.items().empty()) doc.fail(list, path, "expected " + what);
  std::vector<Rung> rungs;
  for (std::size_t i = 0; i < list.items().size(); ++i) {
    const std::string tier_path = item_path(path, i);
    const doc::Node& tier = list.items()[i];
    if (!tier.is_map()) doc.fail(tier, tier_path, "expected a mapping of " + b + " and " + p);
    check_keys(doc, tier, tier_path, section);
    Rung r;
    r.price = read_number(doc, tier, tier_path, section, price);
    const doc::Node* up_to = tier.find(bound);
    if (i + 1 == list.items().size()) {
      if (up_to != nullptr)
        doc.fail(*up_to, tier_path + "." + b,
                 "the last tier covers all remaining volume; remove " + b);
      r.up_to = std::numeric_limits<double>::infinity();
    } else {
      const double floor = rungs.empty() ? 0.0 : rungs.back().up_to;
      r.up_to = read_number(doc, tier, tier_path, section, bound);
      if (r.up_to <= floor)
        doc.fail(*up_to, tier_path + "." + b,
                 up_to->text() + " is not above the previous tier's " + item_path(path, i - 1) +
                     "." + b + "; tiers must ascend");
    }
    rungs.push_back(r);
  }
  return rungs;
}

std::vector<DurationTier> read_tiers(const Doc& doc, const doc::Node& arch,
                                     const std::string& arch_path) {
  std::vector<DurationTier> tiers;
  for (const Rung& r :
       read_ladder(doc, arch, arch_path, "duration_tiers", kTier, "up_to_gb_s", "usd_per_gb_s"))
    tiers.push_back(DurationTier{r.up_to, r.price});
  return tiers;
}

// The optional api_gateway section: REST and HTTP API request tiers.
std::optional<ApiGatewayPrices> read_api_gateway(const Doc& doc, const doc::Node& root) {
  const doc::Node* node = root.find("api_gateway");
  if (node == nullptr) return std::nullopt;
  const std::string path = "api_gateway";
  if (!node->is_map())
    doc.fail(*node, path,
             text_of(*node) + " is not a mapping of " + keys::join(keys::keys_of(kApiGateway)));
  check_keys(doc, *node, path, kApiGateway);
  ApiGatewayPrices prices;
  prices.free_tier_requests =
      read_optional_number(doc, *node, path, kApiGateway, "free_tier_requests").value_or(0.0);
  for (auto [key, tiers] : {std::pair{"rest_api_tiers", &prices.rest_api},
                            std::pair{"http_api_tiers", &prices.http_api}})
    for (const Rung& r :
         read_ladder(doc, *node, path, key, kRequestTier, "up_to_requests", "usd_per_million"))
      tiers->push_back(RequestTier{r.up_to, r.price});
  return prices;
}

ArchitecturePrices read_architecture(const Doc& doc, const doc::Node& root, std::string_view key) {
  const std::string path(key);
  const std::string what =
      "a mapping of " + keys::join(keys::keys_of(kArchitecture)) + ", or 'unavailable'";
  const doc::Node& node = require(doc, root, "", key, what);
  ArchitecturePrices prices;
  if (node.is_scalar() && node.text() == kUnavailable) {
    prices.available = false;
    return prices;
  }
  if (!node.is_map()) doc.fail(node, path, text_of(node) + " is not " + what);
  check_keys(doc, node, path, kArchitecture);
  prices.duration_tiers = read_tiers(doc, node, path);
  prices.pc_allocated_usd_per_gb_s =
      read_number(doc, node, path, kArchitecture, "pc_allocated_usd_per_gb_s");
  prices.pc_duration_usd_per_gb_s =
      read_number(doc, node, path, kArchitecture, "pc_duration_usd_per_gb_s");
  prices.tenant_isolation_usd_per_gb =
      read_optional_number(doc, node, path, kArchitecture, "tenant_isolation_usd_per_gb");
  return prices;
}

PriceTable read_table(const Doc& doc, const doc::Node& root) {
  if (!root.is_map())
    doc.fail(root, "", "expected a mapping of prices (" + keys::join(keys::keys_of(kTop)) + ")");
  check_keys(doc, root, "", kTop);
  PriceTable t;
  t.file = doc.file();
  t.region = read_text(doc, root, "region");
  t.effective_date = read_date(doc, root, "effective_date");
  t.currency = read_text(doc, root, "currency");
  t.granularity = read_duration(doc, root, "granularity");
  t.bill_init = read_flag(doc, root, "bill_init");
  t.request_usd_per_million = read_number(doc, root, "", kTop, "request_usd_per_million");
  t.pc_minimum_period = read_duration(doc, root, "pc_minimum_period");
  const double free_mb = read_number(doc, root, "", kTop, "ephemeral_free_mb");
  if (free_mb != std::floor(free_mb) || free_mb > 10240)
    doc.fail(*root.find("ephemeral_free_mb"), "ephemeral_free_mb",
             root.find("ephemeral_free_mb")->text() + " is not a whole number of MB in [0, 10240]");
  t.ephemeral_free_mb = static_cast<int>(free_mb);
  t.ephemeral_usd_per_gb_s = read_number(doc, root, "", kTop, "ephemeral_usd_per_gb_s");
  t.free_tier_requests = read_number(doc, root, "", kTop, "free_tier_requests");
  t.free_tier_gb_s = read_number(doc, root, "", kTop, "free_tier_gb_s");
  t.x86_64 = read_architecture(doc, root, "x86_64");
  t.arm64 = read_architecture(doc, root, "arm64");
  // Rates AWS publishes for some regions only, or that only the features
  // using them need.
  const auto optional = [&](std::string_view key) {
    return read_optional_number(doc, root, "", kTop, key);
  };
  t.snapstart_cache_usd_per_gb_s = optional("snapstart_cache_usd_per_gb_s");
  t.snapstart_restore_usd_per_gb = optional("snapstart_restore_usd_per_gb");
  t.savings_plan_discount = optional("savings_plan_discount");
  if (t.savings_plan_discount && *t.savings_plan_discount >= 1.0)
    doc.fail(*root.find("savings_plan_discount"), "savings_plan_discount",
             root.find("savings_plan_discount")->text() +
                 " is not a fraction below 1 (0.12 is 12 % off on-demand)");
  t.api_gateway = read_api_gateway(doc, root);
  t.response_streaming_usd_per_gb = optional("response_streaming_usd_per_gb");
  t.free_tier_streamed_gb = optional("free_tier_streamed_gb").value_or(0.0);
  t.sqs_poller_usd_per_hour = optional("sqs_poller_usd_per_hour");
  t.kafka_poller_usd_per_hour = optional("kafka_poller_usd_per_hour");
  t.durable_operation_usd_per_million = optional("durable_operation_usd_per_million");
  t.durable_written_usd_per_gb = optional("durable_written_usd_per_gb");
  t.durable_retained_usd_per_gb_month = optional("durable_retained_usd_per_gb_month");
  return t;
}

// Writes one override into the parsed tree. Intermediate keys that do not
// exist become empty, unplaced mappings, so a misspelt one is then reported
// by check_keys, with a suggestion, at the override's location.
void apply_override(doc::Node& root, const PriceOverride& o) {
  if (o.key_path.empty()) throw Error(o.where, "", "an override needs a key path");
  doc::Node value;
  try {
    value = doc::parse_value(o.value, o.where);
  } catch (const Error& e) {
    throw Error(o.where, o.path_prefix + o.key_path,
                "cannot read value '" + o.value + "': " + e.message());
  }
  doc::Node* cur = &root;
  doc::Node* parent = nullptr;  // the mapping `cur` is a key of
  std::string last_key;         // that key
  bool created = false;         // `cur` was made by this override (not in the table)
  std::string path;
  std::size_t i = 0;
  const std::string& k = o.key_path;
  while (i < k.size()) {
    if (k[i] == '[') {
      const std::size_t close = k.find(']', i);
      const std::string digits = k.substr(i + 1, close == std::string::npos ? 0 : close - i - 1);
      const bool numeric = !digits.empty() && digits.size() < 10 &&
                           digits.find_first_not_of("0123456789") == std::string::npos;
      const std::size_t index = numeric ? std::stoul(digits) : 0;
      const std::string element =
          o.path_prefix + path + k.substr(i, close == std::string::npos ? close : close - i + 1);
      if (created && parent != nullptr) {  // a misspelt list's name: say which exist
        std::vector<std::string_view> keys;
        for (const auto& e : parent->entries())
          if (e.key != last_key) keys.push_back(e.key);
        throw Error(o.where, element,
                    "the table has no list '" + last_key + "'" + did_you_mean(last_key, keys));
      }
      if (numeric && cur->is_list() && index >= cur->items().size())
        throw Error(o.where, element,
                    "no such list element: " + path + " has " +
                        std::to_string(cur->items().size()) + " item(s), 0 to " +
                        std::to_string(cur->items().size() - 1));
      if (!numeric || !cur->is_list() || index >= cur->items().size())
        throw Error(o.where, element, "no such list element in the table");
      path += "[" + digits + "]";
      cur = &cur->items()[index];
      i = close + 1;
      continue;
    }
    if (k[i] == '.') ++i;
    const std::size_t end = std::min(k.find('.', i), k.find('[', i));
    const std::string key = k.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (key.empty() || !(cur->is_map() || cur->is_null()))
      throw Error(
          o.where, path,
          "cannot set '" + k + "': " + (path.empty() ? "table" : path) + " is not a mapping");
    path = child_path(path, key);
    i = end == std::string::npos ? k.size() : end;
    cur->make_map();
    doc::Node* next = cur->find(key);
    created = next == nullptr;
    if (created) {
      cur->push_back(doc::Entry{key, SourceLocation{}, doc::Node{}});
      next = &cur->entries().back().value;
      next->make_map();
    }
    parent = cur;
    last_key = key;
    cur = next;
  }
  *cur = std::move(value);
}

}  // namespace

std::vector<std::string> list_price_tables(const std::string& data_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(data_dir) / "prices", ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

PriceTable load_price_table(const std::string& name, const std::string& data_dir,
                            const std::vector<PriceOverride>& overrides,
                            const SourceLocation& referenced_at) {
  const std::vector<std::string> names = list_price_tables(data_dir);
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    const std::vector<std::string_view> views(names.begin(), names.end());
    const std::string available =
        names.empty() ? "none found under " + data_dir + "/prices" : keys::join(views);
    throw Error(referenced_at, "platform.billing.prices",
                "unknown price table '" + name + "'" + did_you_mean(name, views) +
                    "; available: " + available);
  }
  const std::string file = data_dir + "/prices/" + name + ".yaml";
  const Doc doc(file, overrides);
  doc::Node root = detail::read_yaml_file(file, referenced_at, "platform.billing.prices");
  for (const PriceOverride& o : overrides) apply_override(root, o);
  PriceTable table = read_table(doc, root);
  table.name = name;
  return table;
}

}  // namespace ls::models
