#include "models/config/scenario_fields.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>

#include "models/config/scenario_csv.hpp"
#include "models/config/text.hpp"
#include "models/config/units.hpp"

namespace ls::models::detail {

namespace {

using keys::KeySpec;
using keys::Need;
using keys::Type;

const doc::Node& scalar(const doc::Node& node, const KeyPath& path, std::string_view what) {
  if (!node.is_scalar()) {
    fail(node, path.str(), "expected " + std::string(what) + ", got " + doc::describe(node));
  }
  return node;
}

// Whether `value` is within spec.range ("lo..hi", '>' before lo: exclusive);
// the bounds are written in the key's own syntax and parsed with `parse`.
template <class T, class Parse>
bool within(const KeySpec& spec, T value, Parse parse) {
  const auto dots = spec.range.find("..");
  if (dots == std::string_view::npos) return true;
  std::string_view lo = spec.range.substr(0, dots);
  const std::string_view hi = spec.range.substr(dots + 2);
  const bool open = !lo.empty() && lo.front() == '>';
  if (open) lo.remove_prefix(1);
  const bool below = !lo.empty() && (open ? !(value > parse(lo)) : value < parse(lo));
  return !below && (hi.empty() || !(value > parse(hi)));
}

template <class T, class Parse>
void check_range(const doc::Node& node, const KeyPath& path, const KeySpec& spec, T value,
                 Parse parse) {
  if (!within(spec, value, parse)) {
    fail(node, path.str(),
         node.text() + " is out of range (allowed: " + keys::allowed_text(spec) + ")");
  }
}

// The unit a key's default is written in ("1h" → "h"), or "".
std::string_view default_unit(const KeySpec& spec) {
  if (spec.need != Need::Default) return "";
  const auto at = spec.value.find_first_not_of("0123456789.");
  return at == std::string_view::npos ? "" : spec.value.substr(at);
}

// A bare number where a duration belongs: suggest the first unit that makes
// it valid for this key, the unit of its default first (horizon: 10 → 10h,
// timeout: 30 → 30s), so the file and --horizon/--set say the same.
[[noreturn]] void fail_missing_unit(const doc::Node& node, const KeyPath& path, const KeySpec& spec,
                                    const UnitError& original) {
  const auto number = parse_number(node.text());
  if (number && *number >= 0) {
    const bool small = *number < 10.0;
    const std::string_view first = small ? "s" : "ms", second = small ? "ms" : "s";
    for (std::string_view unit :
         {default_unit(spec), first, second, std::string_view("m"), std::string_view("h")}) {
      if (unit.empty()) continue;
      sim::Time t = 0;
      try {
        t = parse_duration(node.text() + std::string(unit));
      } catch (const UnitError&) {
        continue;  // e.g. too long in this unit
      }
      if (within(spec, t, parse_duration))
        fail(node, path.str(), missing_unit_message(node.text(), unit));
    }
  }
  fail(node, path.str(), original.what());
}

template <class F>
auto with_unit_errors(const doc::Node& node, const KeyPath& path, F parse) {
  try {
    return parse(node.text());
  } catch (const UnitError& e) {
    fail(node, path.str(), e.what());
  }
}

// The table entry of `key`, which must be of `type` (looked up once per
// key read: it is read for every key of every function).
const KeySpec& checked_spec(const MapView& m, std::string_view key, Type type) {
  const KeySpec& s = m.spec(key);
  if (s.type != type) {
    throw std::logic_error("scenario key table: " + m.path_of(key) + " has the wrong type");
  }
  return s;
}

}  // namespace

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_number(std::string_view s) {
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[(c >> 4) & 0xF];
      out += hex[c & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

void fail(const doc::Node& node, const std::string& path, std::string message) {
  throw Error(node.where, path, one_line(message));
}

std::string resolve_file(const ReadContext& ctx, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || ctx.base_dir.empty()) return p.lexically_normal().string();
  return (std::filesystem::path(ctx.base_dir) / p).lexically_normal().string();
}

std::int64_t to_int(const doc::Node& node, const KeyPath& path, const KeySpec& spec) {
  scalar(node, path, "an integer");
  const auto v = parse_int(node.text());
  if (!v) {
    // All digits but beyond 64 bits: out of range, as a smaller one would be.
    const std::string_view t = node.text();
    const std::string_view digits = t.substr(!t.empty() && t[0] == '-' ? 1 : 0);
    const std::string allowed = keys::allowed_text(spec);
    if (!digits.empty() && !allowed.empty() &&
        digits.find_first_not_of("0123456789") == std::string_view::npos)
      fail(node, path.str(), node.text() + " is out of range (allowed: " + allowed + ")");
    fail(node, path.str(), "expected an integer, got " + squote(node.text()));
  }
  check_range(node, path, spec, *v, [](std::string_view s) { return *parse_int(s); });
  return *v;
}

double to_number(const doc::Node& node, const KeyPath& path, const KeySpec& spec) {
  scalar(node, path, "a number");
  const auto v = parse_number(node.text());
  if (!v) fail(node, path.str(), "expected a number, got " + squote(node.text()));
  check_range(node, path, spec, *v, [](std::string_view s) { return *parse_number(s); });
  return *v;
}

sim::Time to_duration(const doc::Node& node, const KeyPath& path, const KeySpec& spec) {
  const bool never_ok = spec.type == Type::DurationOrNever;
  scalar(node, path, never_ok ? "a duration (e.g. 2h) or never" : "a duration (e.g. 300ms)");
  if (never_ok && node.text() == "never") return sim::kNever;
  sim::Time t = 0;
  try {
    t = parse_duration(node.text());
  } catch (const UnitError& e) {
    fail_missing_unit(node, path, spec, e);
  }
  check_range(node, path, spec, t, parse_duration);
  return t;
}

double to_rate(const doc::Node& node, const KeyPath& path, const KeySpec& spec) {
  scalar(node, path, "a rate (e.g. 50/s)");
  const double r = with_unit_errors(node, path, parse_rate_per_second);
  check_range(node, path, spec, r, parse_rate_per_second);
  return r;
}

std::string to_choice(const doc::Node& node, const KeyPath& path, const KeySpec& spec) {
  // The message's list of choices is made only when it is needed (a choice
  // is read for every function's distributions).
  if (node.is_scalar() && keys::contains_choice(spec.range, node.text())) return node.text();
  const auto choices = keys::split_choices(spec.range);
  scalar(node, path, "one of: " + keys::join(choices));
  std::string message = "unknown value " + squote(node.text());
  if (auto guess = keys::closest(node.text(), choices); !guess.empty()) {
    message += " (did you mean " + squote(guess) + "?)";
  }
  fail(node, path.str(), message + "; choose one of: " + keys::join(choices));
}

std::string to_string(const doc::Node& node, const KeyPath& path) {
  return scalar(node, path, "a string").text();
}

namespace {
std::string empty_value_message(const KeySpec& s) {
  const std::string allowed = keys::allowed_text(s);
  return "is empty, but it needs a value (" + std::string(keys::type_name(s.type)) +
         (allowed.empty() ? "" : ", " + allowed) + "); only optional keys can be left empty";
}
}  // namespace

MapView::MapView(const doc::Node& node, std::string path, std::string_view section)
    : node_(&node), path_(std::move(path)), section_(section) {
  if (!node.is_map()) {
    fail(node, path_,
         "expected a mapping (keys: " + keys::join(keys::keys_of(section_)) + "), got " +
             doc::describe(node));
  }
  for (const auto& e : node.entries()) {
    if (const KeySpec* s = keys::find(section_, e.key)) {
      // `key: ~` (or an empty --set value) unsets an optional key; any other
      // key would be echoed as null into the resolved scenario.
      if (e.value.is_null() && s->need != Need::Optional)
        fail(e.value, path_of(e.key), empty_value_message(*s));
      continue;
    }
    if (e.key == "<<") {
      throw Error(e.where, path_of(e.key),
                  "YAML merge keys (<<: *defaults) are not supported: write the keys out, or "
                  "anchor a value and alias it where it repeats (init: &init {...}, then "
                  "init: *init)");
    }
    const auto& allowed = keys::keys_of(section_);
    std::string message = "unknown key " + squote(one_line(e.key));
    if (auto guess = keys::closest(e.key, allowed); !guess.empty()) {
      message += "; did you mean " + squote(guess) + "?";
    } else {
      message += "; allowed here: " + keys::join(allowed);
    }
    throw Error(e.where, path_of(e.key), message);
  }
}

const KeySpec& MapView::spec(std::string_view key) const {
  const KeySpec* s = keys::find(section_, key);
  // A parser asking for an undeclared key is a bug in the loader, not input.
  if (s == nullptr) throw std::logic_error("scenario key table lacks " + path_of(key));
  return *s;
}

const doc::Node* MapView::get(std::string_view key) const {
  const doc::Node* n = node_->find(key);
  return n == nullptr || n->is_null() ? nullptr : n;
}

const doc::Node& MapView::need(std::string_view key) const {
  const doc::Node* n = get(key);
  if (n == nullptr) fail_missing(key);
  return *n;
}

void MapView::fail_missing(std::string_view key) const {
  const KeySpec& s = spec(key);
  // Written but left empty (`rate:`), where this section needs it: said as
  // such, at the key, rather than as a key that is missing.
  if (const doc::Node* written = node_->find(key); written != nullptr && written->is_null())
    throw Error(written->where, path_of(key), empty_value_message(s));
  std::string message = "missing required key " + squote(key);
  if (s.need == Need::Preset) {
    message = "missing key " + squote(key) + " (the platform preset should set it)";
  }
  throw Error(node_->where, path_of(key), message);
}

void MapView::fail_at(std::string_view key, std::string message) const {
  const doc::Node* n = node_->find(key);
  throw Error(n != nullptr && !n->is_null() ? n->where : node_->where, path_of(key),
              one_line(message));
}

void MapView::check_applies(std::string_view discriminator, std::string_view value) const {
  for (const auto& e : node_->entries()) {
    const KeySpec& s = spec(e.key);
    if (e.value.is_null() || s.when.empty() || keys::contains_choice(s.when, value)) continue;
    std::vector<std::string_view> usable;
    for (const auto& k : keys::table()) {
      if (k.section != section_ || k.key == discriminator) continue;
      if (k.when.empty() || keys::contains_choice(k.when, value)) usable.push_back(k.key);
    }
    throw Error(e.where, path_of(e.key),
                "key " + squote(e.key) + " is not used by " + std::string(discriminator) + ": " +
                    std::string(value) + " (its keys: " + keys::join(usable) + ")");
  }
}

MapView::Value MapView::value_or_default(std::string_view key, const KeySpec& s) const {
  if (const doc::Node* n = get(key)) return Value{n, std::nullopt};
  switch (s.need) {
    case Need::Optional: return Value{};
    case Need::Required:
    case Need::Preset: fail_missing(key);
    case Need::Default: break;
  }
  doc::Node d;
  d.set_text(s.value);
  d.where = node_->where;
  return Value{nullptr, std::move(d)};
}

std::optional<std::int64_t> MapView::get_int(std::string_view key) const {
  const KeySpec& s = checked_spec(*this, key, Type::Int);
  const auto n = value_or_default(key, s);
  return n ? std::optional(to_int(*n, KeyPath(path_, key), s)) : std::nullopt;
}

std::optional<std::uint64_t> MapView::get_uint64(std::string_view key) const {
  const auto n = value_or_default(key, checked_spec(*this, key, Type::Int));
  if (!n) return std::nullopt;
  scalar(*n, KeyPath(path_, key), "an integer");
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(n->text().data(), n->text().data() + n->text().size(), v);
  if (n->text().empty() || ec != std::errc() || ptr != n->text().data() + n->text().size()) {
    fail(*n, path_of(key),
         "expected an integer from 0 to 18446744073709551615, got " + squote(n->text()));
  }
  return v;
}

std::optional<double> MapView::get_number(std::string_view key) const {
  const KeySpec& s = checked_spec(*this, key, Type::Number);
  const auto n = value_or_default(key, s);
  return n ? std::optional(to_number(*n, KeyPath(path_, key), s)) : std::nullopt;
}

std::optional<bool> MapView::get_bool(std::string_view key) const {
  const auto n = value_or_default(key, checked_spec(*this, key, Type::Bool));
  if (!n) return std::nullopt;
  scalar(*n, KeyPath(path_, key), "true or false");
  if (n->text() == "true" || n->text() == "false") return n->text() == "true";
  fail(*n, path_of(key), "expected true or false, got " + squote(n->text()));
}

std::optional<std::string> MapView::get_string(std::string_view key) const {
  const auto n = value_or_default(key, checked_spec(*this, key, Type::String));
  return n ? std::optional(to_string(*n, KeyPath(path_, key))) : std::nullopt;
}

std::optional<sim::Time> MapView::get_duration(std::string_view key) const {
  const KeySpec& s = spec(key);
  if (s.type != Type::DurationOrNever && s.type != Type::Duration)
    checked_spec(*this, key, Type::Duration);  // fails: the table's type is wrong
  return get_duration(key, s);
}

std::optional<sim::Time> MapView::get_duration(std::string_view key, const KeySpec& s) const {
  const auto n = value_or_default(key, s);
  return n ? std::optional(to_duration(*n, KeyPath(path_, key), s)) : std::nullopt;
}

std::optional<double> MapView::get_rate(std::string_view key) const {
  const KeySpec& s = checked_spec(*this, key, Type::Rate);
  const auto n = value_or_default(key, s);
  return n ? std::optional(to_rate(*n, KeyPath(path_, key), s)) : std::nullopt;
}

std::optional<std::string> MapView::get_choice(std::string_view key) const {
  const KeySpec& s = checked_spec(*this, key, Type::Choice);
  const auto n = value_or_default(key, s);
  return n ? std::optional(to_choice(*n, KeyPath(path_, key), s)) : std::nullopt;
}

namespace {

sim::Dist read_lognormal(const MapView& m) {
  const bool by_percentiles = m.get("median") != nullptr || m.get("p99") != nullptr;
  const bool by_log = m.get("mu") != nullptr || m.get("sigma") != nullptr;
  if (by_percentiles && by_log) {
    m.fail_at(m.get("mu") != nullptr ? "mu" : "sigma",
              "give either median and p99 or mu and sigma, not both");
  }
  if (by_log) {
    m.need("mu");
    m.need("sigma");
    return sim::Dist::lognormal(*m.get_number("mu"), *m.get_number("sigma"));
  }
  m.need("median");
  m.need("p99");
  const sim::Time median = *m.get_duration("median");
  const sim::Time p99 = *m.get_duration("p99");
  if (p99 <= median) {
    m.fail_at("p99", "p99 (" + m.get("p99")->text() + ") must be greater than median (" +
                         m.get("median")->text() + ")");
  }
  return sim::Dist::lognormal_median_p99(sim::to_seconds(median), sim::to_seconds(p99));
}

}  // namespace

sim::Dist read_dist(const doc::Node& node, const std::string& path, const ReadContext& ctx) {
  if (node.is_scalar()) {
    return sim::Dist::fixed(
        sim::to_seconds(to_duration(node, path, *keys::find("<Dist>", "value"))));
  }
  if (!node.is_map()) {
    fail(node, path,
         "expected a duration (e.g. 120ms) or a mapping such as {dist: lognormal, median: 120ms, "
         "p99: 600ms}, got " +
             doc::describe(node));
  }
  const MapView m(node, path, "<Dist>");
  const std::string kind = *m.get_choice("dist");
  m.check_applies("dist", kind);
  auto seconds = [&](std::string_view key) {
    m.need(key);
    return sim::to_seconds(*m.get_duration(key));
  };
  if (kind == "fixed") return sim::Dist::fixed(seconds("value"));
  if (kind == "exponential") return sim::Dist::exponential(seconds("mean"));
  if (kind == "uniform") {
    const double lo = seconds("min");
    const double hi = seconds("max");
    if (hi < lo) {
      m.fail_at("max",
                "max (" + m.get("max")->text() + ") must be >= min (" + m.get("min")->text() + ")");
    }
    return sim::Dist::uniform(lo, hi);
  }
  if (kind == "lognormal") return read_lognormal(m);
  if (kind == "gamma") {
    const double mean = seconds("mean");
    m.need("cv");
    return sim::Dist::gamma_mean_cv(mean, *m.get_number("cv"));
  }
  // empirical
  const doc::Node& file = m.need("file");
  const doc::Node* column = m.get("column");
  const CsvRef ref{m.path_of("file"), file.where, m.path_of("column"),
                   column != nullptr ? column->where : file.where};
  return sim::Dist::empirical(read_samples(resolve_file(ctx, to_string(file, m.path_of("file"))),
                                           m.get_string("column"), ref));
}

}  // namespace ls::models::detail
