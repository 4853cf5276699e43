// AWS schedule expressions, as Application Auto Scaling scheduled actions
// and EventBridge schedules write them: `at(2025-01-06T08:00:00)`,
// `rate(5 minutes)` and `cron(Minutes Hours Day-of-month Month Day-of-week
// Year)` (fields: numbers, names JAN-DEC and SUN-SAT, `*`, `?`, ranges,
// lists and `/` steps; day-of-week 1-7 is SUN-SAT). The `L`, `W` and `#`
// forms are rejected with a message rather than guessed. Times are UTC
// seconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ls::tools::import {

struct ScheduleExpression {
  enum class Kind { At, Rate, Cron };
  Kind kind = Kind::At;
  std::int64_t at = 0;             // At
  std::int64_t every_seconds = 0;  // Rate
  // Cron: allowed values of each field (minute 0-59, hour 0-23, day 1-31,
  // month 1-12, weekday 0-6 with 0 = Sunday); empty year = every year.
  std::vector<bool> minutes, hours, days, months, weekdays;
  bool any_day = true, any_weekday = true;
  std::vector<int> years;
};

// Parses an expression; nullopt with `why` set when it is malformed or uses
// a form this reader does not support.
std::optional<ScheduleExpression> parse_schedule(const std::string& text, std::string* why);

// Times in [from, to) at which the expression fires. A rate fires at
// `rate_origin`, then every period. Stops after `limit` times.
std::vector<std::int64_t> occurrences(const ScheduleExpression& e, std::int64_t from,
                                      std::int64_t to, std::int64_t rate_origin,
                                      std::size_t limit = 100000);

// "2025-01-06T08:00:00Z" (seconds, an offset or Z optional: UTC) to UTC
// seconds; nullopt when malformed.
std::optional<std::int64_t> parse_utc(const std::string& text);
// UTC seconds as "2025-01-06T08:00:00Z".
std::string format_utc(std::int64_t seconds);

}  // namespace ls::tools::import
