// AWS schedule expressions, as Application Auto Scaling scheduled actions
// and EventBridge schedules write them: `at(2025-01-06T08:00:00)`,
// `rate(5 minutes)` and `cron(Minutes Hours Day-of-month Month Day-of-week
// Year)` (fields: numbers, names JAN-DEC and SUN-SAT, `*`, `?`, ranges,
// lists and `/` steps; day-of-week 1-7 is SUN-SAT; day-of-month `L` (last
// day), `nW` (the weekday nearest day n, within its month) and `LW` (last
// weekday); day-of-week `L` (Saturday, the last day of the week), `nL` (the
// last weekday n of the month) and `n#k` (the k-th weekday n), as
// EventBridge's cron reference and Quartz, which it follows, define them).
// Times are UTC seconds since the Unix epoch; `at` and `cron` are read on the
// clocks of a time zone (import_timezone.hpp), `rate` is a fixed period.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/study/import_timezone.hpp"

namespace ls::tools::import {

struct ScheduleExpression {
  enum class Kind { At, Rate, Cron };
  Kind kind = Kind::At;
  std::int64_t at = 0;             // At: local wall-clock seconds
  std::int64_t every_seconds = 0;  // Rate
  // Cron: allowed values of each field (minute 0-59, hour 0-23, day 1-31,
  // month 1-12, weekday 0-6 with 0 = Sunday); empty year = every year.
  std::vector<bool> minutes, hours, days, months, weekdays;
  bool any_day = true, any_weekday = true;
  bool last_day = false;                          // day-of-month L
  bool last_weekday_of_month = false;             // day-of-month LW
  std::vector<int> nearest_weekday;               // day-of-month nW: the n's
  std::vector<int> last_of_month;                 // day-of-week nL: weekdays 0-6
  std::vector<std::pair<int, int>> nth_of_month;  // day-of-week n#k: (weekday 0-6, k)
  std::vector<int> years;
};

// Parses an expression; nullopt with `why` set when it is malformed or uses
// a form this reader does not support.
std::optional<ScheduleExpression> parse_schedule(const std::string& text, std::string* why);

// Times in [from, to) at which the expression fires, ascending, `at` and
// `cron` on the clocks of `zone`. A rate fires at `rate_origin`, then every
// period. Stops after `limit` times.
std::vector<std::int64_t> occurrences(const ScheduleExpression& e, std::int64_t from,
                                      std::int64_t to, std::int64_t rate_origin,
                                      const TimeZone& zone = TimeZone::utc(),
                                      std::size_t limit = 100000);

// "2025-01-06T08:00:00Z" to UTC seconds (fractions dropped), read by
// models/config/scenario_csv.hpp's parse_iso_time (no offset: UTC);
// nullopt when malformed.
std::optional<std::int64_t> parse_utc(const std::string& text);
// UTC seconds as "2025-01-06T08:00:00Z".
std::string format_utc(std::int64_t seconds);

}  // namespace ls::tools::import
