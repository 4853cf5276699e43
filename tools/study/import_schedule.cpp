#include "tools/study/import_schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <sstream>

#include "models/config/scenario_csv.hpp"

namespace ls::tools::import {

namespace {

// The date of a day number since 1970-01-01, the inverse of
// models::detail::days_from_civil (H. Hinnant's algorithms,
// http://howardhinnant.github.io/date_algorithms.html).
struct Civil {
  std::int64_t year;
  int month, day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

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

// One cron field into a set of allowed values in [lo, hi].
bool parse_field(const std::string& text, int lo, int hi, const std::vector<std::string>& names,
                 int name_base, std::vector<bool>& allowed, const char* field, std::string* why) {
  allowed.assign(static_cast<std::size_t>(hi + 1), false);
  std::stringstream parts(text);
  for (std::string part; std::getline(parts, part, ',');) {
    if (part.find('#') != std::string::npos ||
        (part.find_first_of("LW") != std::string::npos &&
         !std::any_of(names.begin(), names.end(), [&](const std::string& n) {
           std::string up = part;
           std::transform(up.begin(), up.end(), up.begin(),
                          [](unsigned char c) { return std::toupper(c); });
           return up.find(n) != std::string::npos;
         }))) {
      *why = std::string("cron ") + field + " '" + part +
             "': the L, W and # forms are not supported by lambdasim import";
      return false;
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

}  // namespace

std::optional<std::int64_t> parse_utc(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  char t = 0;
  int used = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &t, &h, &mi, &used) < 6 ||
      (t != 'T' && t != ' '))
    return std::nullopt;
  std::string rest = s.substr(static_cast<std::size_t>(used));
  if (rest.size() >= 3 && rest[0] == ':') {
    const auto v = to_int(rest.substr(1, 2));
    if (!v) return std::nullopt;
    sec = *v;
    rest = rest.substr(3);
  }
  if (!rest.empty() && rest[0] == '.') {  // fractions of a second: dropped
    std::size_t i = 1;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
    rest = rest.substr(i);
  }
  int offset = 0;
  if (rest == "Z" || rest == "z" || rest.empty()) {
  } else if ((rest[0] == '+' || rest[0] == '-') &&
             (rest.size() == 6 || rest.size() == 5 || rest.size() == 3)) {
    const auto oh = to_int(rest.substr(1, 2));
    const auto om = rest.size() > 3 ? to_int(rest.substr(rest.size() - 2)) : std::optional<int>(0);
    if (!oh || !om) return std::nullopt;
    offset = (rest[0] == '-' ? -1 : 1) * (*oh * 60 + *om);
  } else {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return models::detail::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset * 60;
}

std::string format_utc(std::int64_t seconds) {
  const std::int64_t days = floor_div(seconds, 86400);
  const std::int64_t rem = seconds - days * 86400;
  const Civil c = civil_from_days(days);
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
      !parse_field(f[2], 1, 31, {}, 0, e.days, "day-of-month", why) ||
      !parse_field(f[3], 1, 12, kMonths, 1, e.months, "month", why))
    return std::nullopt;
  std::vector<bool> weekdays;  // 1-7 = SUN-SAT
  if (!parse_field(f[4], 1, 7, kDays, 1, weekdays, "day-of-week", why)) return std::nullopt;
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
                                      std::size_t limit) {
  std::vector<std::int64_t> out;
  if (to <= from) return out;
  switch (e.kind) {
    case ScheduleExpression::Kind::At:
      if (e.at >= from && e.at < to) out.push_back(e.at);
      return out;
    case ScheduleExpression::Kind::Rate: {
      std::int64_t t = rate_origin;
      if (t < from) t += (from - t + e.every_seconds - 1) / e.every_seconds * e.every_seconds;
      for (; t < to && out.size() < limit; t += e.every_seconds) out.push_back(t);
      return out;
    }
    case ScheduleExpression::Kind::Cron: break;
  }
  for (std::int64_t day = floor_div(from, 86400); day * 86400 < to && out.size() < limit; ++day) {
    const Civil c = civil_from_days(day);
    if (!e.years.empty() && std::find(e.years.begin(), e.years.end(), c.year) == e.years.end())
      continue;
    const int weekday = static_cast<int>(((day % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
    if (!e.months[static_cast<std::size_t>(c.month)]) continue;
    if (!e.any_day && !e.days[static_cast<std::size_t>(c.day)]) continue;
    if (!e.any_weekday && !e.weekdays[static_cast<std::size_t>(weekday)]) continue;
    for (int h = 0; h < 24; ++h) {
      if (!e.hours[static_cast<std::size_t>(h)]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!e.minutes[static_cast<std::size_t>(m)]) continue;
        const std::int64_t t = day * 86400 + h * 3600 + m * 60;
        if (t >= from && t < to && out.size() < limit) out.push_back(t);
      }
    }
  }
  return out;
}

}  // namespace ls::tools::import
