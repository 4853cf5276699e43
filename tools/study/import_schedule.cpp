#include "tools/study/import_schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <sstream>

#include "models/config/civil_time.hpp"
#include "models/config/scenario_csv.hpp"
#include "sim/time.hpp"

namespace ls::tools::import {

namespace {

using models::civil_from_days;
using models::days_from_civil;
using models::floor_div;

std::optional<int> to_int(const std::string& s) {
  int v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// A value of a cron field: a number or a name (JAN..DEC, SUN..SAT).
std::optional<int> field_value(std::string s, const std::vector<std::string>& names,
                               int name_base) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return static_cast<int>(i) + name_base;
  return to_int(s);
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// The special forms of the two day fields (EventBridge's cron reference):
// day-of-month L, LW, nW; day-of-week L, nL, n#k. True when `part` is one
// (recorded in `e`); false with `why` empty when it is an ordinary part.
bool parse_special_day(const std::string& part, bool day_of_week,
                       const std::vector<std::string>& names, ScheduleExpression& e,
                       std::string* why) {
  const std::string up = upper(part);
  const auto weekday = [&](const std::string& s) -> std::optional<int> {
    const auto v = field_value(s, names, 1);  // 1-7 = SUN-SAT
    return v && *v >= 1 && *v <= 7 ? std::optional<int>(*v - 1) : std::nullopt;
  };
  if (!day_of_week) {
    if (up == "L") return e.last_day = true;
    if (up == "LW") return e.last_weekday_of_month = true;
    if (up.size() >= 2 && up.back() == 'W') {
      const auto n = to_int(up.substr(0, up.size() - 1));
      if (!n || *n < 1 || *n > 31) {
        *why = "cron day-of-month '" + part + "': nW needs a day n within 1-31";
        return false;
      }
      e.nearest_weekday.push_back(*n);
      return true;
    }
    if (up.find_first_of("LW") != std::string::npos) {
      *why = "cron day-of-month '" + part + "': L, LW and nW are the forms with L or W";
      return false;
    }
    return false;
  }
  if (const auto hash = up.find('#'); hash != std::string::npos) {
    const auto d = weekday(up.substr(0, hash));
    const auto k = to_int(up.substr(hash + 1));
    if (!d || !k || *k < 1 || *k > 5) {
      *why = "cron day-of-week '" + part + "': n#k needs a weekday n (1-7, SUN-SAT) and k in 1-5";
      return false;
    }
    e.nth_of_month.emplace_back(*d, *k);
    return true;
  }
  if (up == "L") return false;  // Saturday: parse_field reads it as SAT
  if (up.size() >= 2 && up.back() == 'L' && up.find('-') == std::string::npos &&
      up.find(',') == std::string::npos) {
    const auto d = weekday(up.substr(0, up.size() - 1));
    if (!d) {
      *why = "cron day-of-week '" + part + "': nL needs a weekday n (1-7, SUN-SAT)";
      return false;
    }
    e.last_of_month.push_back(*d);
    return true;
  }
  return false;
}

// One cron field into a set of allowed values in [lo, hi]; the day fields'
// special forms go to `e` (`special_days`: 0 none, 1 day-of-month, 2
// day-of-week).
bool parse_field(const std::string& text, int lo, int hi, const std::vector<std::string>& names,
                 int name_base, std::vector<bool>& allowed, const char* field, std::string* why,
                 ScheduleExpression* e = nullptr, int special_days = 0) {
  allowed.assign(static_cast<std::size_t>(hi + 1), false);
  std::stringstream parts(text);
  for (std::string part; std::getline(parts, part, ',');) {
    if (special_days != 0) {
      why->clear();
      if (parse_special_day(part, special_days == 2, names, *e, why)) continue;
      if (!why->empty()) return false;
      if (special_days == 2 && upper(part) == "L") part = "SAT";  // the last day of the week
    }
    int step = 1;
    if (const auto slash = part.find('/'); slash != std::string::npos) {
      const auto s = to_int(part.substr(slash + 1));
      if (!s || *s <= 0) {
        *why = std::string("cron ") + field + " '" + part + "': bad step";
        return false;
      }
      step = *s;
      part = part.substr(0, slash);
    }
    int first = lo, last = hi;
    if (part != "*" && part != "?") {
      const auto dash = part.find('-');
      const auto a = field_value(part.substr(0, dash), names, name_base);
      const auto b =
          dash == std::string::npos ? a : field_value(part.substr(dash + 1), names, name_base);
      if (!a || !b || *a < lo || *b > hi || *a > *b) {
        *why = std::string("cron ") + field + " '" + part + "' is not within " +
               std::to_string(lo) + "-" + std::to_string(hi);
        return false;
      }
      first = *a;
      last = (dash == std::string::npos && step > 1) ? hi : *b;
    }
    for (int v = first; v <= last; v += step) allowed[static_cast<std::size_t>(v)] = true;
  }
  return true;
}

// The weekday (Monday to Friday) nearest day `n` of a month of `dim` days
// starting on weekday `first_weekday`, never leaving the month (Quartz's W);
// 0 when the month has no day n.
int nearest_weekday(int n, int dim, int first_weekday) {
  if (n > dim) return 0;
  const int wd = (first_weekday + n - 1) % 7;
  if (wd == 6) return n == 1 ? n + 2 : n - 1;    // Saturday: Friday, or Monday the 3rd
  if (wd == 0) return n == dim ? n - 2 : n + 1;  // Sunday: Monday, or Friday before the last
  return n;
}

// Whether the cron expression's day fields allow a date.
bool day_allowed(const ScheduleExpression& e, std::int64_t year, int month, int day, int weekday) {
  const int dim = models::days_in_month(year, month);
  const int first_weekday = ((weekday - (day - 1)) % 7 + 7) % 7;
  bool dom = e.any_day || e.days[static_cast<std::size_t>(day)];
  dom = dom || (e.last_day && day == dim);
  dom = dom || (e.last_weekday_of_month && day == nearest_weekday(dim, dim, first_weekday));
  for (int n : e.nearest_weekday) dom = dom || day == nearest_weekday(n, dim, first_weekday);
  bool dow = e.any_weekday || e.weekdays[static_cast<std::size_t>(weekday)];
  for (int d : e.last_of_month) dow = dow || (d == weekday && day + 7 > dim);
  for (const auto& [d, k] : e.nth_of_month) dow = dow || (d == weekday && (day - 1) / 7 + 1 == k);
  return dom && dow;
}

}  // namespace

std::optional<std::int64_t> parse_utc(const std::string& s) {
  const auto t = models::detail::parse_iso_time(s);
  if (!t) return std::nullopt;
  return floor_div(*t, sim::kSecond);
}

std::string format_utc(std::int64_t seconds) {
  const std::int64_t days = floor_div(seconds, 86400);
  const std::int64_t rem = seconds - days * 86400;
  const models::CivilDate c = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, rem / 3600,
                     rem / 60 % 60, rem % 60);
}

std::optional<ScheduleExpression> parse_schedule(const std::string& raw, std::string* why) {
  std::string text = raw;
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t") + 1);
  const auto open = text.find('(');
  if (open == std::string::npos || text.back() != ')') {
    *why = "'" + raw + "' is not a schedule expression: at(...), rate(...) or cron(...)";
    return std::nullopt;
  }
  const std::string kind = text.substr(0, open);
  const std::string body = text.substr(open + 1, text.size() - open - 2);
  ScheduleExpression e;
  if (kind == "at") {
    e.kind = ScheduleExpression::Kind::At;
    const auto t = parse_utc(body);
    if (!t) {
      *why = "at(" + body + "): expected yyyy-mm-ddThh:mm:ss";
      return std::nullopt;
    }
    e.at = *t;
    return e;
  }
  if (kind == "rate") {
    e.kind = ScheduleExpression::Kind::Rate;
    std::stringstream ss(body);
    std::string number, unit;
    ss >> number >> unit;
    const auto n = to_int(number);
    std::int64_t seconds = 0;
    if (unit == "minute" || unit == "minutes") seconds = 60;
    if (unit == "hour" || unit == "hours") seconds = 3600;
    if (unit == "day" || unit == "days") seconds = 86400;
    if (!n || *n <= 0 || seconds == 0) {
      *why = "rate(" + body + "): expected a positive number and minute(s), hour(s) or day(s)";
      return std::nullopt;
    }
    e.every_seconds = *n * seconds;
    return e;
  }
  if (kind != "cron") {
    *why = "'" + raw + "' is not a schedule expression: at(...), rate(...) or cron(...)";
    return std::nullopt;
  }
  e.kind = ScheduleExpression::Kind::Cron;
  std::vector<std::string> f;
  std::stringstream ss(body);
  for (std::string part; ss >> part;) f.push_back(part);
  if (f.size() != 6) {
    *why =
        "cron(" + body + "): expected 6 fields (minutes hours day-of-month month day-of-week year)";
    return std::nullopt;
  }
  static const std::vector<std::string> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static const std::vector<std::string> kDays = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  if (!parse_field(f[0], 0, 59, {}, 0, e.minutes, "minutes", why) ||
      !parse_field(f[1], 0, 23, {}, 0, e.hours, "hours", why) ||
      !parse_field(f[2], 1, 31, {}, 0, e.days, "day-of-month", why, &e, 1) ||
      !parse_field(f[3], 1, 12, kMonths, 1, e.months, "month", why))
    return std::nullopt;
  std::vector<bool> weekdays;  // 1-7 = SUN-SAT
  if (!parse_field(f[4], 1, 7, kDays, 1, weekdays, "day-of-week", why, &e, 2)) return std::nullopt;
  e.weekdays.assign(7, false);
  for (int d = 1; d <= 7; ++d)
    e.weekdays[static_cast<std::size_t>(d - 1)] = weekdays[static_cast<std::size_t>(d)];
  e.any_day = f[2] == "*" || f[2] == "?";
  e.any_weekday = f[4] == "*" || f[4] == "?";
  if (f[2] != "?" && f[4] != "?") {
    *why = "cron(" + body + "): one of day-of-month and day-of-week must be '?'";
    return std::nullopt;
  }
  if (f[5] != "*" && f[5] != "?") {
    std::stringstream years(f[5]);
    for (std::string y; std::getline(years, y, ',');) {
      const auto dash = y.find('-');
      const auto a = to_int(y.substr(0, dash));
      const auto b = dash == std::string::npos ? a : to_int(y.substr(dash + 1));
      if (!a || !b || *a > *b || *a < 1970 || *b > 2199) {
        *why = "cron year '" + y + "' is not within 1970-2199";
        return std::nullopt;
      }
      for (int v = *a; v <= *b; ++v) e.years.push_back(v);
    }
  }
  return e;
}

std::vector<std::int64_t> occurrences(const ScheduleExpression& e, std::int64_t from,
                                      std::int64_t to, std::int64_t rate_origin,
                                      const TimeZone& zone, std::size_t limit) {
  std::vector<std::int64_t> out;
  if (to <= from) return out;
  switch (e.kind) {
    case ScheduleExpression::Kind::At:
      if (const std::int64_t at = zone.to_utc(e.at); at >= from && at < to) out.push_back(at);
      return out;
    case ScheduleExpression::Kind::Rate: {
      std::int64_t t = rate_origin;
      if (t < from) t += (from - t + e.every_seconds - 1) / e.every_seconds * e.every_seconds;
      for (; t < to && out.size() < limit; t += e.every_seconds) out.push_back(t);
      return out;
    }
    case ScheduleExpression::Kind::Cron: break;
  }
  // Local days covering [from, to) whatever the zone's offset (within 26 h).
  const std::int64_t last_day = floor_div(to, 86400) + 1;
  for (std::int64_t day = floor_div(from, 86400) - 1; day <= last_day && out.size() < limit;
       ++day) {
    const models::CivilDate c = civil_from_days(day);
    if (!e.years.empty() && std::find(e.years.begin(), e.years.end(), c.year) == e.years.end())
      continue;
    if (!e.months[static_cast<std::size_t>(c.month)]) continue;
    if (!day_allowed(e, c.year, c.month, c.day, models::weekday_from_days(day))) continue;
    for (int h = 0; h < 24; ++h) {
      if (!e.hours[static_cast<std::size_t>(h)]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!e.minutes[static_cast<std::size_t>(m)]) continue;
        const std::int64_t t = zone.to_utc(day * 86400 + h * 3600 + m * 60);
        // A local time skipped by a change to daylight time fires once, at
        // the first instant after it (not twice with the next real time).
        if (t >= from && t < to && (out.empty() || t > out.back()) && out.size() < limit)
          out.push_back(t);
      }
    }
  }
  return out;
}

}  // namespace ls::tools::import
