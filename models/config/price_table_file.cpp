// Loader for scenarios/prices/<name>.yaml. Every user error names the file,
// line and column, the key path and what is allowed, because a price table
// is hand-edited data and a wrong bill is worse than no bill.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <span>
#include <string_view>

#include "models/config/units.hpp"
#include "models/price_table.hpp"

namespace ls::models {
namespace {

namespace fs = std::filesystem;

// Keys allowed at each level of a table, in file order (messages list them).
constexpr std::string_view kTopKeys[] = {"region",
                                         "effective_date",
                                         "currency",
                                         "granularity",
                                         "bill_init",
                                         "request_usd_per_million",
                                         "pc_minimum_period",
                                         "ephemeral_free_mb",
                                         "ephemeral_usd_per_gb_s",
                                         "free_tier_requests",
                                         "free_tier_gb_s",
                                         "x86_64",
                                         "arm64"};
constexpr std::string_view kArchitectureKeys[] = {"duration_tiers", "pc_allocated_usd_per_gb_s",
                                                  "pc_duration_usd_per_gb_s"};
constexpr std::string_view kTierKeys[] = {"up_to_gb_s", "usd_per_gb_s"};
constexpr std::string_view kUnavailable = "unavailable";

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

// " (did you mean 'x'?)" for the closest candidate if it looks like a typo
// (at most a third of the word, or 2, edits away) or a truncation (the word
// is a prefix of it, e.g. x86 for x86_64); else "".
template <typename Range>
std::string did_you_mean(std::string_view word, const Range& candidates) {
  std::string_view best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view c : candidates) {
    const bool truncated = word.size() >= 3 && c.substr(0, word.size()) == word;
    const std::size_t d = edit_distance(word, c);
    const bool close = d <= std::max<std::size_t>(2, word.size() / 3) || truncated;
    if (close && d < best_distance) best_distance = d, best = c;
  }
  return best.empty() ? "" : " (did you mean '" + std::string(best) + "'?)";
}

template <typename Range>
std::string join(const Range& items) {
  std::string out;
  for (std::string_view item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// The parsed document plus what error messages need: the file name and the
// overrides (whose nodes have no position in the file).
class Doc {
 public:
  Doc(std::string file, const std::vector<PriceOverride>& overrides)
      : file_(std::move(file)), overrides_(overrides) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& path,
                         const std::string& message) const {
    const PriceOverride* o = override_of(at, path);
    if (o == nullptr) throw Error(location(at), path, message);
    throw Error(o->where, o->path_prefix + path, message);
  }
  const std::string& file() const { return file_; }

 private:
  // Overridden values have no position in the file: they are reported
  // where the override was written. So are the keys an override created
  // (null mark), e.g. a misspelt section name.
  // The last override that wrote `path` (a later one replaces an earlier).
  const PriceOverride* override_of(const YAML::Node& at, const std::string& path) const {
    const PriceOverride* found = nullptr;
    for (const PriceOverride& o : overrides_) {
      if (path == o.key_path || is_inside(path, o.key_path) ||
          (at.Mark().is_null() && is_inside(o.key_path, path)))
        found = &o;
    }
    return found;
  }
  SourceLocation location(const YAML::Node& at) const {
    const YAML::Mark mark = at.Mark();
    if (mark.is_null()) return SourceLocation{file_, 0, 0};
    return SourceLocation{file_, mark.line + 1, mark.column + 1};  // YAML::Mark is 0-based
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

// Fails on any key of `map` not in `allowed`.
void check_keys(const Doc& doc, const YAML::Node& map, const std::string& path,
                std::span<const std::string_view> allowed) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    doc.fail(entry.first, child_path(path, key),
             "unknown key" + did_you_mean(key, allowed) + "; allowed: " + join(allowed));
  }
}

// map[key], failing with "missing field; expected <what>" when absent.
YAML::Node require(const Doc& doc, const YAML::Node& map, const std::string& path,
                   std::string_view key, const std::string& what) {
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined()) doc.fail(map, child_path(path, key), "missing field; expected " + what);
  return node;
}

YAML::Node require_map(const Doc& doc, const YAML::Node& node, const std::string& path,
                       const std::string& what) {
  if (!node.IsMap()) doc.fail(node, path, "expected a mapping of " + what);
  return node;
}

std::string text_of(const YAML::Node& node) {
  return node.IsScalar() ? "'" + node.Scalar() + "'" : node.IsNull() ? "nothing" : "a collection";
}

// A finite number ≥ 0 (> 0 when `positive`). `noun` names it in a range
// error ("negative price -1"); `what` says what is allowed.
double read_number(const Doc& doc, const YAML::Node& map, const std::string& parent,
                   std::string_view key, const std::string& what, bool positive = false,
                   const std::string& noun = "value") {
  const std::string path = child_path(parent, key);
  const std::string allowed = what + (positive ? ", > 0" : ", >= 0");
  const YAML::Node node = require(doc, map, parent, key, allowed);
  double value = 0.0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value))
    doc.fail(node, path, text_of(node) + " is not a number; expected " + allowed);
  if (value < 0.0 || (positive && value == 0.0)) {
    const std::string sign = value < 0.0 ? "negative " : "";
    doc.fail(node, path, sign + noun + " " + node.Scalar() + "; expected " + allowed);
  }
  return value;
}

double read_price(const Doc& doc, const YAML::Node& map, const std::string& parent,
                  std::string_view key, const std::string& per) {
  return read_number(doc, map, parent, key, "a price in USD " + per, false, "price");
}

sim::Time read_duration(const Doc& doc, const YAML::Node& map, std::string_view key,
                        bool allow_zero) {
  const std::string path(key);
  const std::string bound = allow_zero ? ">= 0" : "> 0";
  const YAML::Node node =
      require(doc, map, "", key, "a duration with a unit, " + bound + ", e.g. 1ms or 5m");
  sim::Time t = 0;
  try {
    t = parse_duration(node.IsScalar() ? node.Scalar() : std::string());
  } catch (const UnitError& e) {
    doc.fail(node, path, e.what());
  }
  if (t == 0 && !allow_zero) doc.fail(node, path, "must be " + bound + ", e.g. 1ms");
  return t;
}

std::string read_text(const Doc& doc, const YAML::Node& map, std::string_view key,
                      const std::string& what) {
  const YAML::Node node = require(doc, map, "", key, what);
  if (!node.IsScalar() || node.Scalar().empty())
    doc.fail(node, std::string(key), text_of(node) + " is not " + what);
  return node.Scalar();
}

std::string read_date(const Doc& doc, const YAML::Node& map, std::string_view key) {
  const std::string what = "a date YYYY-MM-DD";
  const std::string date = read_text(doc, map, key, what);
  const auto digit = [&](std::size_t i) {
    return std::isdigit(static_cast<unsigned char>(date[i]));
  };
  bool ok = date.size() == 10 && date[4] == '-' && date[7] == '-';
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) ok = ok && digit(i);
  if (ok) {
    const int month = std::stoi(date.substr(5, 2)), day = std::stoi(date.substr(8, 2));
    ok = month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  if (!ok) doc.fail(map[std::string(key)], std::string(key), "'" + date + "' is not " + what);
  return date;
}

bool read_flag(const Doc& doc, const YAML::Node& map, std::string_view key) {
  const YAML::Node node = require(doc, map, "", key, "true or false");
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
    doc.fail(node, std::string(key), text_of(node) + " is not true or false");
  return value;
}

std::vector<DurationTier> read_tiers(const Doc& doc, const YAML::Node& arch,
                                     const std::string& arch_path) {
  const std::string path = arch_path + ".duration_tiers";
  const std::string what =
      "a list of tiers {up_to_gb_s, usd_per_gb_s}, the last without up_to_gb_s";
  const YAML::Node list = require(doc, arch, arch_path, "duration_tiers", what);
  if (!list.IsSequence() || list.size() == 0) doc.fail(list, path, "expected " + what);
  std::vector<DurationTier> tiers;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string tier_path = path + "[" + std::to_string(i) + "]";
    const YAML::Node tier = require_map(doc, list[i], tier_path, "up_to_gb_s and usd_per_gb_s");
    check_keys(doc, tier, tier_path, kTierKeys);
    DurationTier t;
    t.usd_per_gb_s = read_price(doc, tier, tier_path, "usd_per_gb_s", "per GB-s");
    const bool last = i + 1 == list.size();
    if (last) {
      if (tier["up_to_gb_s"].IsDefined())
        doc.fail(tier["up_to_gb_s"], tier_path + ".up_to_gb_s",
                 "the last tier covers all remaining volume; remove up_to_gb_s");
      t.up_to_gb_s = std::numeric_limits<double>::infinity();
    } else {
      const double floor = tiers.empty() ? 0.0 : tiers.back().up_to_gb_s;
      t.up_to_gb_s = read_number(doc, tier, tier_path, "up_to_gb_s",
                                 "the monthly GB-s where the tier ends", true);
      if (t.up_to_gb_s <= floor)
        doc.fail(tier["up_to_gb_s"], tier_path + ".up_to_gb_s",
                 tier["up_to_gb_s"].Scalar() + " is not above the previous tier's " +
                     tier_path.substr(0, tier_path.rfind('[')) + "[" + std::to_string(i - 1) +
                     "].up_to_gb_s; tiers must ascend");
    }
    tiers.push_back(t);
  }
  return tiers;
}

ArchitecturePrices read_architecture(const Doc& doc, const YAML::Node& root, std::string_view key) {
  const std::string path(key);
  const std::string what = "a mapping of " + join(kArchitectureKeys) + ", or 'unavailable'";
  const YAML::Node node = require(doc, root, "", key, what);
  ArchitecturePrices prices;
  if (node.IsScalar() && node.Scalar() == kUnavailable) {
    prices.available = false;
    return prices;
  }
  if (!node.IsMap()) doc.fail(node, path, text_of(node) + " is not " + what);
  check_keys(doc, node, path, kArchitectureKeys);
  prices.duration_tiers = read_tiers(doc, node, path);
  prices.pc_allocated_usd_per_gb_s =
      read_price(doc, node, path, "pc_allocated_usd_per_gb_s", "per GB-s");
  prices.pc_duration_usd_per_gb_s =
      read_price(doc, node, path, "pc_duration_usd_per_gb_s", "per GB-s");
  return prices;
}

PriceTable read_table(const Doc& doc, const YAML::Node& root) {
  require_map(doc, root, "", "prices (" + join(kTopKeys) + ")");
  check_keys(doc, root, "", kTopKeys);
  PriceTable t;
  t.file = doc.file();
  t.region = read_text(doc, root, "region", "a region name, e.g. us-east-1");
  t.effective_date = read_date(doc, root, "effective_date");
  t.currency = read_text(doc, root, "currency", "a currency code, e.g. USD");
  t.granularity = read_duration(doc, root, "granularity", false);
  t.bill_init = read_flag(doc, root, "bill_init");
  t.request_usd_per_million = read_price(doc, root, "", "request_usd_per_million", "per million");
  t.pc_minimum_period = read_duration(doc, root, "pc_minimum_period", true);
  const double free_mb = read_number(doc, root, "", "ephemeral_free_mb", "whole MB");
  if (free_mb != std::floor(free_mb) || free_mb > 10240)
    doc.fail(root["ephemeral_free_mb"], "ephemeral_free_mb",
             root["ephemeral_free_mb"].Scalar() + " is not a whole number of MB in [0, 10240]");
  t.ephemeral_free_mb = static_cast<int>(free_mb);
  t.ephemeral_usd_per_gb_s = read_price(doc, root, "", "ephemeral_usd_per_gb_s", "per GB-s");
  t.free_tier_requests = read_number(doc, root, "", "free_tier_requests", "requests per month");
  t.free_tier_gb_s = read_number(doc, root, "", "free_tier_gb_s", "GB-s per month");
  t.x86_64 = read_architecture(doc, root, "x86_64");
  t.arm64 = read_architecture(doc, root, "arm64");
  return t;
}

// Writes one override into the parsed tree. Intermediate keys that do not
// exist become empty mappings, so a misspelt one is then reported by
// check_keys, with a suggestion, at the override's location.
void apply_override(YAML::Node root, const PriceOverride& o) {
  if (o.key_path.empty()) throw Error(o.where, "", "an override needs a key path");
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    throw Error(o.where, o.path_prefix + o.key_path,
                "cannot read value '" + o.value + "': " + e.msg);
  }
  YAML::Node cur = root;
  std::string path;
  std::size_t i = 0;
  const std::string& k = o.key_path;
  while (i < k.size()) {
    if (k[i] == '[') {
      const std::size_t close = k.find(']', i);
      const std::string digits = k.substr(i + 1, close == std::string::npos ? 0 : close - i - 1);
      const bool numeric =
          !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos;
      const std::size_t index = numeric ? std::stoul(digits) : 0;
      if (!numeric || !cur.IsSequence() || index >= cur.size())
        throw Error(
            o.where,
            o.path_prefix + path + k.substr(i, close == std::string::npos ? close : close - i + 1),
            "no such list element in the table");
      path += "[" + digits + "]";
      i = close + 1;
      if (i == k.size())
        cur[index] = value;
      else
        cur.reset(cur[index]);
      continue;
    }
    if (k[i] == '.') ++i;
    const std::size_t end = std::min(k.find('.', i), k.find('[', i));
    const std::string key = k.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (key.empty() || !(cur.IsMap() || cur.IsNull()))
      throw Error(
          o.where, path,
          "cannot set '" + k + "': " + (path.empty() ? "table" : path) + " is not a mapping");
    path = child_path(path, key);
    i = end == std::string::npos ? k.size() : end;
    if (i == k.size()) {
      cur[key] = value;
    } else {
      if (!cur[key].IsDefined()) cur[key] = YAML::Node(YAML::NodeType::Map);
      cur.reset(cur[key]);
    }
  }
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
    const std::string available =
        names.empty() ? "none found under " + data_dir + "/prices" : join(names);
    throw Error(referenced_at, "platform.billing.prices",
                "unknown price table '" + name + "'" + did_you_mean(name, names) +
                    "; available: " + available);
  }
  const std::string file = data_dir + "/prices/" + name + ".yaml";
  const Doc doc(file, overrides);
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::Exception& e) {  // syntax errors carry their position
    if (e.mark.is_null()) throw Error(SourceLocation{file, 0, 0}, "", e.msg);
    throw Error(SourceLocation{file, e.mark.line + 1, e.mark.column + 1}, "", e.msg);
  }
  for (const PriceOverride& o : overrides) apply_override(root, o);
  PriceTable table = read_table(doc, root);
  table.name = name;
  return table;
}

}  // namespace ls::models
