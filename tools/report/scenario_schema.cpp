#include "tools/report/scenario_schema.hpp"

#include <charconv>
#include <optional>
#include <set>
#include <string_view>

#include "models/config/scenario_keys.hpp"
#include "tools/io/json_writer.hpp"

namespace ls::tools {
namespace {

namespace keys = models::keys;
using keys::KeySpec;
using keys::Type;

// The forms the unit parser accepts (models/config/units.cpp): a number and
// a unit; rates with an optional k/M/B multiplier.
constexpr std::string_view kDurationPattern =
    "^\\s*[0-9]+(\\.[0-9]+)?\\s*(ns|us|\u00b5s|\u03bcs|ms|s|m|min|h|d|day)\\s*$";
constexpr std::string_view kRatePattern =
    "^\\s*[0-9]+(\\.[0-9]+)?\\s*[kMB]?\\s*/\\s*(s|min|h|day|d)\\s*$";

std::set<std::string_view> section_ids() {
  std::set<std::string_view> out;
  for (const KeySpec& k : keys::table()) out.insert(k.section);
  return out;
}

std::string child(std::string_view section, std::string_view key) {
  return section.empty() ? std::string(key) : std::string(section) + "." + std::string(key);
}

// "lo..hi" with an optional '>' before lo (exclusive); either side may be
// empty. Only numbers are read (durations and rates are strings here).
struct Bounds {
  std::optional<double> lo, hi;
  bool lo_exclusive = false;
};

std::optional<double> number(std::string_view text) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

Bounds bounds(std::string_view range) {
  Bounds b;
  const auto dots = range.find("..");
  if (dots == std::string_view::npos) return b;
  std::string_view lo = range.substr(0, dots);
  if (!lo.empty() && lo.front() == '>') {
    b.lo_exclusive = true;
    lo.remove_prefix(1);
  }
  b.lo = number(lo);
  b.hi = number(range.substr(dots + 2));
  return b;
}

void ref(JsonWriter& w, std::string_view id) {
  w.key("$ref");
  w.value("#/definitions/" + std::string(id));
}

void scalar(JsonWriter& w, Type type, std::string_view range);

// The members of a scalar's schema (type, bounds, pattern, enum), written
// into an open object.
void scalar_members(JsonWriter& w, Type type, std::string_view range) {
  switch (type) {
    case Type::String: w.key("type"), w.value("string"); break;
    case Type::Bool: w.key("type"), w.value("boolean"); break;
    case Type::Int:
    case Type::Number: {
      w.key("type");
      w.value(type == Type::Int ? "integer" : "number");
      const Bounds b = bounds(range);
      if (b.lo) {
        w.key(b.lo_exclusive ? "exclusiveMinimum" : "minimum");
        w.value(*b.lo);
      }
      if (b.hi) {
        w.key("maximum");
        w.value(*b.hi);
      }
      break;
    }
    case Type::Duration:
      w.key("type"), w.value("string");
      w.key("pattern"), w.value(kDurationPattern);
      break;
    case Type::DurationOrNever:
      w.key("anyOf");
      w.begin_array();
      scalar(w, Type::Duration, range);
      w.begin_object(), w.key("const"), w.value("never"), w.end_object();
      w.end_array();
      break;
    case Type::Rate:
      w.key("type"), w.value("string");
      w.key("pattern"), w.value(kRatePattern);
      break;
    case Type::Choice:
      w.key("enum");
      w.begin_array();
      for (auto c : keys::split_choices(range)) w.value(c);
      w.end_array();
      break;
    default: break;  // any value
  }
}

// The schema of a scalar of type `type` with `range` (no description).
void scalar(JsonWriter& w, Type type, std::string_view range) {
  w.begin_object();
  scalar_members(w, type, range);
  w.end_object();
}

// The value schema of one key (with its description and default).
void key_schema(JsonWriter& w, const KeySpec& k, const std::set<std::string_view>& sections) {
  const std::string sub = child(k.section, k.key);
  auto describe = [&] {
    std::string doc(k.doc);
    if (k.need == keys::Need::Preset) doc += " (default: the platform preset's)";
    if (!doc.empty()) w.key("description"), w.value(doc);
    if (k.need == keys::Need::Default && !k.value.empty()) {
      w.key("default");
      const auto n = number(k.value);
      if ((k.type == Type::Int || k.type == Type::Number) && n)
        w.value(*n);
      else if (k.type == Type::Bool)
        w.value(k.value == "true");
      else
        w.value(k.value);
    }
  };
  w.begin_object();
  describe();
  switch (k.type) {
    case Type::Section:
    case Type::Variant: ref(w, sub); break;
    case Type::Table:
      w.key("type"), w.value("object");
      w.key("additionalProperties");
      if (sections.count(sub + ".<name>")) {
        w.begin_object(), ref(w, sub + ".<name>"), w.end_object();
      } else if (!k.range.empty()) {
        scalar(w, Type::Int, k.range);
      } else {
        w.begin_object(), w.end_object();  // any value
      }
      break;
    case Type::List:
      if (sections.count(sub + "[]")) {
        w.key("type"), w.value("array");
        w.key("items");
        w.begin_object(), ref(w, sub + "[]"), w.end_object();
        break;
      }
      // A list of values; plan's decision variables may also be a range
      // written as a string ("0..200") or inside a list ("[0..200 step 10]").
      w.key("anyOf");
      w.begin_array();
      w.begin_object();
      w.key("type"), w.value("array");
      w.key("items");
      if (k.range.empty()) {
        scalar(w, Type::String, "");
      } else {
        w.begin_object();
        w.key("anyOf");
        w.begin_array();
        scalar(w, k.range.find("..") != std::string_view::npos ? Type::Int : Type::Choice, k.range);
        scalar(w, Type::String, "");
        w.end_array();
        w.end_object();
      }
      w.end_object();
      if (!k.range.empty()) scalar(w, Type::String, "");
      w.end_array();
      break;
    case Type::Dist:
    case Type::DistOrNever:
    case Type::FunctionDuration:
      w.key("anyOf");
      w.begin_array();
      scalar(w, Type::Duration, "");
      w.begin_object(), ref(w, "<Dist>"), w.end_object();
      if (k.type == Type::DistOrNever)
        w.begin_object(), w.key("const"), w.value("never"), w.end_object();
      if (k.type == Type::FunctionDuration && sections.count(sub))
        w.begin_object(), ref(w, sub), w.end_object();
      w.end_array();
      break;
    case Type::Provisioned:
      w.key("anyOf");
      w.begin_array();
      scalar(w, Type::Int, k.range);
      if (sections.count(sub)) w.begin_object(), ref(w, sub), w.end_object();
      w.end_array();
      break;
    case Type::SizeDist:
      w.key("anyOf");
      w.begin_array();
      scalar(w, Type::Number, k.range);
      w.begin_object(), ref(w, "<SizeDist>"), w.end_object();
      w.end_array();
      break;
    case Type::Count:
      w.key("anyOf");
      w.begin_array();
      scalar(w, Type::Int, k.range);
      w.begin_object();
      w.key("type");
      w.value("array");
      w.key("minItems");
      w.value(1);
      w.key("items");
      scalar(w, Type::Int, k.range);
      w.end_object();
      w.end_array();
      break;
    case Type::RowRef:
      w.key("anyOf");
      w.begin_array();
      scalar(w, Type::Int, k.range);
      scalar(w, Type::String, "");
      w.end_array();
      break;
    case Type::Unsupported:
      w.key("not");
      w.begin_object(), w.end_object();
      break;
    default: scalar_members(w, k.type, k.range); break;  // next to the description
  }
  w.end_object();
}

void section_schema(JsonWriter& w, std::string_view section,
                    const std::set<std::string_view>& sections) {
  w.key("type");
  w.value("object");
  w.key("properties");
  w.begin_object();
  std::vector<std::string_view> required;
  for (const KeySpec& k : keys::table()) {
    if (k.section != section) continue;
    w.key(k.key);
    key_schema(w, k, sections);
    if (k.need == keys::Need::Required) required.push_back(k.key);
  }
  w.end_object();
  if (!required.empty()) {
    w.key("required");
    w.begin_array();
    for (auto r : required) w.value(r);
    w.end_array();
  }
  w.key("additionalProperties");
  w.value(false);
}

}  // namespace

std::string scenario_json_schema() {
  const std::set<std::string_view> sections = section_ids();
  JsonWriter w;
  w.begin_object();
  w.key("$schema");
  w.value("http://json-schema.org/draft-07/schema#");
  w.key("$id");
  w.value("https://lambdasim.invalid/scenario.schema.json");
  w.key("title");
  w.value("lambdasim scenario");
  w.key("description");
  w.value(
      "Generated by `lambdasim keys --json-schema` from the key table the loader validates "
      "against (docs/keys.md); `lambdasim validate` checks more (cross-key rules).");
  section_schema(w, "", sections);
  w.key("definitions");
  w.begin_object();
  for (std::string_view id : sections) {
    if (id.empty()) continue;
    w.key(id);
    w.begin_object();
    section_schema(w, id, sections);
    w.end_object();
  }
  w.end_object();
  w.end_object();
  return w.str() + "\n";
}

std::string scenario_key_paths() {
  const std::set<std::string_view> sections = section_ids();
  std::string out;
  for (const KeySpec& k : keys::table()) {
    // A map or list of sections (functions, workloads) is set key by key.
    const std::string sub = child(k.section, k.key);
    if (sections.count(sub + ".<name>") || sections.count(sub + "[]")) continue;
    // Distribution fields sit under every Dist-valued key; the key itself
    // is listed (a bare duration is a fixed distribution).
    if (k.section.rfind("<", 0) == 0) continue;
    if (k.type == Type::Section || k.type == Type::Variant || k.type == Type::Unsupported)
      continue;
    out += sub + "\n";
  }
  return out;
}

}  // namespace ls::tools
