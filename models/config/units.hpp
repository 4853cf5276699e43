// Units in scenario text: durations ("300ms", "2s", "1d") and rates
// ("50/s", "1.2M/day").
//
// A number without a unit is an error, never a guess: "timeout: 3" could be
// seconds or milliseconds, and silently picking one gives wrong results that
// look right. The error says which unit was probably meant instead.
//
// These functions know nothing of YAML or locations: they throw UnitError
// with a short message, and the scenario loader wraps it in an ls::Error that
// names the file, line, column and key path.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/time.hpp"

namespace ls::models {

class UnitError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// "<number><unit>", the number decimal (no exponent), >= 0, the unit one of
// ns, us (or µs), ms, s, m (or min), h, d; one space before the unit is
// allowed. Exact to the nanosecond ("250.4ms" is 250,400,000 ns; fraction
// digits beyond the ninth are dropped). Throws UnitError on anything else,
// including values that do not fit in sim::Time (about 292 years).
sim::Time parse_duration(std::string_view text);

// The message for a duration written without a unit, suggesting
// `number` + `unit` ("3 has no unit: did you mean 3s? ..."). parse_duration
// guesses the unit from the size of the number; the loader, which knows the
// key's allowed range, picks one that fits it.
std::string missing_unit_message(std::string_view number, std::string_view unit);

// "<number>[k|M|B]/<unit>" with unit s, min, h or day, e.g. "50/s",
// "0.0019/s", "3000/min", "1.2M/day"; returns arrivals per second (>= 0,
// finite). Throws UnitError otherwise.
double parse_rate_per_second(std::string_view text);

}  // namespace ls::models
