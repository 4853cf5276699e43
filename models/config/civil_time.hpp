// Proleptic Gregorian calendar arithmetic on UTC seconds, and the one
// ISO 8601 time parser (parse_iso_time, models/config/scenario_csv.hpp) is
// built on it: trace timestamps, CloudWatch and CUR times and schedule
// expressions (tools/study/import_schedule.hpp) all count days the same way.
#pragma once

#include <cstdint>

namespace ls::models {

struct CivilDate {
  std::int64_t year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
};

// Days since 1970-01-01 of a date, and back (H. Hinnant's algorithms,
// http://howardhinnant.github.io/date_algorithms.html).
std::int64_t days_from_civil(std::int64_t year, int month, int day);
CivilDate civil_from_days(std::int64_t days);

// Day of the week of a day since 1970-01-01: 0 = Sunday ... 6 = Saturday.
int weekday_from_days(std::int64_t days);

// Days in a month of a year (February 29 in leap years).
int days_in_month(std::int64_t year, int month);

// a / b rounded towards minus infinity (b > 0).
std::int64_t floor_div(std::int64_t a, std::int64_t b);

}  // namespace ls::models
