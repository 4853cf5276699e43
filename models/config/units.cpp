#include "models/config/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "models/config/text.hpp"

namespace ls::models {

namespace {

constexpr std::string_view kDurationUnits = "ns, us, ms, s, m, h, d";
constexpr std::string_view kRateUnits = "/s, /min, /h, /day";

struct UnitScale {
  std::string_view name;
  std::int64_t ns;
};

// "µs" in both Unicode spellings (micro sign and Greek mu).
constexpr std::array<UnitScale, 11> kDurationScales{{{"ns", sim::kNanosecond},
                                                     {"us", sim::kMicrosecond},
                                                     {"\xC2\xB5s", sim::kMicrosecond},
                                                     {"\xCE\xBCs", sim::kMicrosecond},
                                                     {"ms", sim::kMillisecond},
                                                     {"s", sim::kSecond},
                                                     {"m", sim::kMinute},
                                                     {"min", sim::kMinute},
                                                     {"h", sim::kHour},
                                                     {"d", sim::kDay},
                                                     {"day", sim::kDay}}};

struct PerUnit {
  std::string_view name;
  double seconds;
};
constexpr std::array<PerUnit, 5> kRateScales{
    {{"s", 1.0}, {"min", 60.0}, {"h", 3600.0}, {"day", 86400.0}, {"d", 86400.0}}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A decimal number at the start of `s`: [-]digits[.digits]. Kept as its
// integer part and (at most nine) fraction digits so that durations convert
// to nanoseconds exactly, without going through a double.
struct Decimal {
  bool negative = false;
  std::string_view integer;   // digits, may be empty (".5")
  std::string_view fraction;  // digits after '.', may be empty
  std::size_t length = 0;     // characters consumed; 0 if no number
};

Decimal scan_decimal(std::string_view s) {
  Decimal d;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) d.negative = s[i++] == '-';
  const std::size_t int_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  d.integer = s.substr(int_start, i - int_start);
  if (i < s.size() && s[i] == '.') {
    const std::size_t frac_start = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    d.fraction = s.substr(frac_start, i - frac_start);
  }
  if (d.integer.empty() && d.fraction.empty()) return Decimal{};
  d.length = i;
  return d;
}

// The number as a double, for hints only.
double approximate(const Decimal& d) {
  double v = 0.0;
  for (char c : d.integer) v = v * 10.0 + (c - '0');
  double scale = 0.1;
  for (char c : d.fraction) {
    v += (c - '0') * scale;
    scale /= 10.0;
  }
  return v;
}

[[noreturn]] void too_long(std::string_view text) {
  throw UnitError(squote(text) + " is too long (durations must stay below about 292 years)");
}

// integer.fraction × unit in nanoseconds, exactly, or throws on overflow.
sim::Time scale_exact(const Decimal& d, std::int64_t unit, std::string_view text) {
  std::int64_t whole = 0;
  for (char c : d.integer) {
    if (whole > (sim::kNever - 9) / 10) too_long(text);
    whole = whole * 10 + (c - '0');
  }
  if (whole > sim::kNever / unit) too_long(text);
  // Fraction F / 10^k times unit, split as F·(unit / 10^k) + F·(unit % 10^k) / 10^k
  // so that no product overflows (k ≤ 9 keeps F·(unit % 10^k) below 10^18).
  const std::string_view digits = d.fraction.substr(0, 9);
  std::int64_t f = 0;
  std::int64_t pow10 = 1;
  for (char c : digits) {
    f = f * 10 + (c - '0');
    pow10 *= 10;
  }
  const std::int64_t frac_ns = f * (unit / pow10) + (f * (unit % pow10) + pow10 / 2) / pow10;
  const std::int64_t base = whole * unit;
  if (base > sim::kNever - 1 - frac_ns) too_long(text);
  return base + frac_ns;
}

}  // namespace

std::string missing_unit_message(std::string_view number, std::string_view unit) {
  std::string out(number);
  out += " has no unit: did you mean ";
  out += number;
  out += unit;
  return out + "? (durations need one of " + std::string(kDurationUnits) + ")";
}

sim::Time parse_duration(std::string_view raw) {
  const std::string_view text = trim(raw);
  if (text.empty()) throw UnitError("expected a duration such as 300ms or 2s, got nothing");
  const Decimal d = scan_decimal(text);
  if (d.length == 0) {
    throw UnitError(squote(text) +
                    " is not a duration (write a number and a unit, e.g. 300ms or 2s)");
  }
  const std::string_view unit = trim(text.substr(d.length));
  if (unit.empty()) {
    // Small numbers are usually seconds, larger ones milliseconds.
    throw UnitError(missing_unit_message(text, approximate(d) < 10.0 ? "s" : "ms"));
  }
  std::int64_t scale = 0;
  for (const auto& u : kDurationScales) {
    if (u.name == unit) scale = u.ns;
  }
  if (scale == 0) {
    throw UnitError("unknown unit " + squote(unit) + " in " + squote(text) +
                    " (units: " + std::string(kDurationUnits) + ")");
  }
  if (d.negative && approximate(d) != 0.0) {
    throw UnitError(std::string(text) + " is negative: a duration must be >= 0");
  }
  return scale_exact(d, scale, text);
}

double parse_rate_per_second(std::string_view raw) {
  const std::string_view text = trim(raw);
  if (text.empty()) throw UnitError("expected a rate such as 50/s or 3000/min, got nothing");
  const auto slash = text.find('/');
  std::string_view number = trim(text.substr(0, slash));
  double multiplier = 1.0;
  if (!number.empty()) {
    switch (number.back()) {
      case 'k': multiplier = 1e3; break;
      case 'M': multiplier = 1e6; break;
      case 'B': multiplier = 1e9; break;
      default: break;
    }
    if (multiplier != 1.0) number = trim(number.substr(0, number.size() - 1));
  }
  double value = 0.0;
  const char* end = number.data() + number.size();
  const auto [ptr, ec] = std::from_chars(number.data(), end, value);
  const bool numeric = !number.empty() && ec == std::errc() && ptr == end && !std::isnan(value);
  if (slash == std::string_view::npos) {
    if (numeric) {
      throw UnitError(std::string(text) + " has no unit: did you mean " + std::string(text) +
                      "/s? (rates need one of " + std::string(kRateUnits) + ")");
    }
    throw UnitError(squote(text) + " is not a rate (write e.g. 50/s, 3000/min or 1.2M/day)");
  }
  if (!numeric && ec != std::errc::result_out_of_range) {
    throw UnitError(squote(text) + " is not a rate (write e.g. 50/s, 3000/min or 1.2M/day)");
  }
  const std::string_view unit = trim(text.substr(slash + 1));
  double per = 0.0;
  for (const auto& u : kRateScales) {
    if (u.name == unit) per = u.seconds;
  }
  if (per == 0.0) {
    throw UnitError("unknown unit '/" + std::string(unit) + "' in " + squote(text) +
                    " (units: " + std::string(kRateUnits) + ")");
  }
  if (std::signbit(value) && value != 0.0) {
    throw UnitError(std::string(text) + " is negative: a rate must be >= 0");
  }
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves the value unset: strtod says which way it fell out.
    const double magnitude = std::abs(std::strtod(std::string(number).c_str(), nullptr));
    if (magnitude < 1.0) {
      throw UnitError(squote(text) +
                      " is too small: it underflows to 0 (write 0/s for no traffic)");
    }
    throw UnitError(squote(text) + " is too large");
  }
  const double rate = value == 0.0 ? 0.0 : value * multiplier / per;  // no -0
  if (!std::isfinite(rate)) throw UnitError(squote(text) + " is too large");
  if (rate == 0.0 && value != 0.0) {
    throw UnitError(squote(text) + " is too small: it underflows to 0 (write 0/s for no traffic)");
  }
  return rate;
}

}  // namespace ls::models
