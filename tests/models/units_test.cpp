// Units in scenario text: every unit, decimals, and the exact messages of
// every rejection (error text is API).
#include "models/config/units.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tests/error_text.hpp"

namespace ls::models {
namespace {

using sim::kDay;
using sim::kHour;
using sim::kMicrosecond;
using sim::kMillisecond;
using sim::kMinute;
using sim::kSecond;

std::string duration_error(const std::string& text) {
  return ls::testing::error_text<UnitError>([&] { parse_duration(text); }, "(no error)");
}

std::string rate_error(const std::string& text) {
  return ls::testing::error_text<UnitError>([&] { parse_rate_per_second(text); }, "(no error)");
}

TEST(Units, ParsesEveryDurationUnit) {
  EXPECT_EQ(parse_duration("250ns"), 250);
  EXPECT_EQ(parse_duration("250us"), 250 * kMicrosecond);
  EXPECT_EQ(parse_duration("250\xC2\xB5s"), 250 * kMicrosecond);  // micro sign
  EXPECT_EQ(parse_duration("250\xCE\xBCs"), 250 * kMicrosecond);  // Greek mu
  EXPECT_EQ(parse_duration("300ms"), 300 * kMillisecond);
  EXPECT_EQ(parse_duration("2s"), 2 * kSecond);
  EXPECT_EQ(parse_duration("5m"), 5 * kMinute);
  EXPECT_EQ(parse_duration("5min"), 5 * kMinute);
  EXPECT_EQ(parse_duration("6h"), 6 * kHour);
  EXPECT_EQ(parse_duration("1d"), kDay);
  EXPECT_EQ(parse_duration("0s"), 0);
}

TEST(Units, DurationDecimalsAreExactToTheNanosecond) {
  EXPECT_EQ(parse_duration("250.4ms"), 250'400'000);
  EXPECT_EQ(parse_duration("0.5s"), 500 * kMillisecond);
  EXPECT_EQ(parse_duration(".5s"), 500 * kMillisecond);
  EXPECT_EQ(parse_duration("1.000000001s"), 1'000'000'001);
  EXPECT_EQ(parse_duration("1.5m"), 90 * kSecond);
  EXPECT_EQ(parse_duration("0.1d"), 8640 * kSecond);
  // Rounded to the nearest nanosecond; digits past the ninth are dropped.
  EXPECT_EQ(parse_duration("1.5ns"), 2);
  EXPECT_EQ(parse_duration("1.0000000009999s"), 1'000'000'000);
}

TEST(Units, DurationAllowsBlanksAroundAndBeforeTheUnit) {
  EXPECT_EQ(parse_duration(" 300 ms "), 300 * kMillisecond);
}

TEST(Units, LargestDurationFitsAndOneDayMoreDoesNot) {
  // int64 ns holds about 292 years: 106,751 days fit, 106,752 do not.
  EXPECT_EQ(parse_duration("106751d"), 106751 * kDay);
  EXPECT_EQ(duration_error("106752d"),
            "'106752d' is too long (durations must stay below about 292 years)");
  EXPECT_EQ(duration_error("99999999999999999999s"),
            "'99999999999999999999s' is too long (durations must stay below about 292 years)");
}

TEST(Units, BareNumberSaysWhichUnitWasProbablyMeant) {
  EXPECT_EQ(duration_error("3"),
            "3 has no unit: did you mean 3s? (durations need one of ns, us, ms, s, m, h, d)");
  EXPECT_EQ(duration_error("120"),
            "120 has no unit: did you mean 120ms? (durations need one of ns, us, ms, s, m, h, d)");
  EXPECT_EQ(duration_error("2.5"),
            "2.5 has no unit: did you mean 2.5s? (durations need one of ns, us, ms, s, m, h, d)");
}

TEST(Units, RejectsMalformedDurations) {
  EXPECT_EQ(duration_error(""), "expected a duration such as 300ms or 2s, got nothing");
  EXPECT_EQ(duration_error("fast"),
            "'fast' is not a duration (write a number and a unit, e.g. 300ms or 2s)");
  EXPECT_EQ(duration_error("nan"),
            "'nan' is not a duration (write a number and a unit, e.g. 300ms or 2s)");
  EXPECT_EQ(duration_error("inf s"),
            "'inf s' is not a duration (write a number and a unit, e.g. 300ms or 2s)");
  EXPECT_EQ(duration_error("5x"), "unknown unit 'x' in '5x' (units: ns, us, ms, s, m, h, d)");
  EXPECT_EQ(duration_error("5 seconds"),
            "unknown unit 'seconds' in '5 seconds' (units: ns, us, ms, s, m, h, d)");
  EXPECT_EQ(duration_error("1e3ms"),
            "unknown unit 'e3ms' in '1e3ms' (units: ns, us, ms, s, m, h, d)");
  EXPECT_EQ(duration_error("-5s"), "-5s is negative: a duration must be >= 0");
  EXPECT_EQ(parse_duration("-0s"), 0);
}

TEST(Units, ParsesEveryRateForm) {
  EXPECT_DOUBLE_EQ(parse_rate_per_second("50/s"), 50.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("0.0019/s"), 0.0019);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("3000/min"), 50.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("10/h"), 10.0 / 3600.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("1.2M/day"), 1.2e6 / 86400.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("2k/s"), 2000.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("1B/day"), 1e9 / 86400.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second(" 20 / s "), 20.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("0/s"), 0.0);
  EXPECT_FALSE(std::signbit(parse_rate_per_second("-0/s")));
}

TEST(Units, RejectsMalformedRates) {
  EXPECT_EQ(rate_error("50"),
            "50 has no unit: did you mean 50/s? (rates need one of /s, /min, /h, /day)");
  EXPECT_EQ(rate_error(""), "expected a rate such as 50/s or 3000/min, got nothing");
  EXPECT_EQ(rate_error("lots"), "'lots' is not a rate (write e.g. 50/s, 3000/min or 1.2M/day)");
  EXPECT_EQ(rate_error("abc/s"), "'abc/s' is not a rate (write e.g. 50/s, 3000/min or 1.2M/day)");
  EXPECT_EQ(rate_error("nan/s"), "'nan/s' is not a rate (write e.g. 50/s, 3000/min or 1.2M/day)");
  EXPECT_EQ(rate_error("5/week"), "unknown unit '/week' in '5/week' (units: /s, /min, /h, /day)");
  EXPECT_EQ(rate_error("-5/s"), "-5/s is negative: a rate must be >= 0");
  EXPECT_EQ(rate_error("1e400/s"), "'1e400/s' is too large");
  EXPECT_EQ(rate_error("inf/s"), "'inf/s' is too large");
}

}  // namespace
}  // namespace ls::models
