// Numbers as people read them in tables, axes and progress lines: never
// scientific notation. Durations in the largest sensible unit (1.8e6 s →
// "20.8 d"), counts with thousands separators (1240 → "1,240").
#pragma once

#include <string>

namespace ls::tools {

// "420 ms", "4.2 s", "42 s", "2 min 05 s", "3 h 20 min", "20.8 d"; "-" when not finite
// or negative.
std::string duration_text(double seconds);

// Thousands separators and a fixed number of decimals: (1234567.8, 0) →
// "1,234,568"; (1240.25, 1) → "1,240.3".
std::string grouped_number(double value, int decimals = 0);

// A measured quantity with about `significant` digits and never an
// exponent, thousands grouped, no trailing zeros: 1062.4 → "1,062",
// 21.06 → "21.1", 2.5 → "2.5", 0.01234 → "0.0123", 2.5e7 → "25,000,000".
std::string plain_number(double value, int significant = 3);

// A fraction as a percentage: 0.056 → "5.6%", 0.00003 → "0.003%", 0 → "0%".
std::string percent_text(double fraction);

// A mean and its 95 % CI half-width in a column whose ± signs line up from
// row to row: the mean right-aligned in 8, " ±", the half-width left-aligned
// in 7 ("  1234.5 ±12.3   "), both with `decimals`. The column's header is
// plus_minus_header(label), 17 wide, its label over the means.
std::string plus_minus_cell(double mean, double ci95, int decimals = 1);
std::string plus_minus_header(const std::string& label);
// The same for a latency percentile, which comes from a log-bucketed
// histogram (each value within 1 % of the true one): a half-width under
// 1 % of the mean (replications whose percentiles fell in one bucket, so
// the computed spread is 0 or a rounding residue) reads "<1%", not "0.0".
std::string percentile_cell(double mean, double ci95, int decimals = 1);
inline constexpr int kPlusMinusWidth = 17;

}  // namespace ls::tools
