#include "tools/study/import_timezone.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "models/config/civil_time.hpp"

namespace ls::tools::import {

namespace {

using models::civil_from_days;
using models::days_from_civil;
using models::floor_div;

// ---- POSIX TZ strings (RFC 8536 section 3.3, POSIX.1 "TZ") ----

struct Cursor {
  const std::string& s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) { return peek() == c && (++i, true); }
  std::optional<int> number() {
    if (!std::isdigit(static_cast<unsigned char>(peek()))) return std::nullopt;
    int v = 0;
    while (std::isdigit(static_cast<unsigned char>(peek())) && v < 100000)
      v = v * 10 + (s[i++] - '0');
    return v;
  }
};

// A zone abbreviation: three or more letters, or <...> (e.g. <+0330>).
bool skip_name(Cursor& c) {
  if (c.eat('<')) {
    const std::size_t close = c.s.find('>', c.i);
    if (close == std::string::npos) return false;
    c.i = close + 1;
    return true;
  }
  const std::size_t start = c.i;
  while (std::isalpha(static_cast<unsigned char>(c.peek()))) ++c.i;
  return c.i - start >= 3;
}

// [+-]hh[:mm[:ss]] in seconds (hours up to 167, as RFC 8536 allows).
std::optional<std::int64_t> hms(Cursor& c) {
  int sign = 1;
  if (c.eat('-'))
    sign = -1;
  else
    c.eat('+');
  const auto h = c.number();
  if (!h || *h > 167) return std::nullopt;
  std::int64_t v = *h * 3600;
  for (int scale : {60, 1}) {
    if (!c.eat(':')) break;
    const auto part = c.number();
    if (!part || *part > 59) return std::nullopt;
    v += *part * scale;
  }
  return sign * v;
}

std::optional<PosixRule::When> when(Cursor& c) {
  PosixRule::When w;
  if (c.eat('M')) {
    const auto m = c.number();
    if (!m || !c.eat('.')) return std::nullopt;
    const auto wk = c.number();
    if (!wk || !c.eat('.')) return std::nullopt;
    const auto d = c.number();
    if (*m < 1 || *m > 12 || *wk < 1 || *wk > 5 || !d || *d > 6) return std::nullopt;
    w.month = *m;
    w.week = *wk;
    w.weekday = *d;
  } else {
    w.kind = c.eat('J') ? PosixRule::When::Kind::Julian1 : PosixRule::When::Kind::Julian0;
    const auto n = c.number();
    if (!n || *n > 365 || (w.kind == PosixRule::When::Kind::Julian1 && *n < 1)) return std::nullopt;
    w.day = *n;
  }
  if (c.eat('/')) {
    const auto t = hms(c);
    if (!t) return std::nullopt;
    w.time = *t;
  }
  return w;
}

// The UTC second at which a rule's change happens in `year`, the clocks
// showing local time with `offset_before` until then.
std::int64_t change_at(const PosixRule::When& w, std::int64_t year, std::int64_t offset_before) {
  std::int64_t day = 0;
  switch (w.kind) {
    case PosixRule::When::Kind::MonthWeekDay: {
      const std::int64_t first = days_from_civil(year, w.month, 1);
      day = first + (w.weekday - models::weekday_from_days(first) + 7) % 7 + (w.week - 1) * 7;
      const std::int64_t last = first + models::days_in_month(year, w.month) - 1;
      while (day > last) day -= 7;  // week 5: the last such weekday
      break;
    }
    case PosixRule::When::Kind::Julian1:  // 1-365, February 29 never counted
      day = days_from_civil(year, 1, 1) + w.day - 1 +
            (w.day >= 60 && models::days_in_month(year, 2) == 29 ? 1 : 0);
      break;
    case PosixRule::When::Kind::Julian0: day = days_from_civil(year, 1, 1) + w.day; break;
  }
  return day * 86400 + w.time - offset_before;
}

std::int64_t rule_offset_at(const PosixRule& r, std::int64_t utc) {
  if (!r.dst_offset) return r.std_offset;
  const std::int64_t year = civil_from_days(floor_div(utc + r.std_offset, 86400)).year;
  // The changes of the years around `utc`; the last one before it decides.
  std::vector<std::pair<std::int64_t, std::int64_t>> changes;  // (UTC second, offset after)
  for (std::int64_t y = year - 1; y <= year + 1; ++y) {
    changes.emplace_back(change_at(r.start, y, r.std_offset), *r.dst_offset);
    changes.emplace_back(change_at(r.end, y, *r.dst_offset), r.std_offset);
  }
  std::sort(changes.begin(), changes.end());
  std::int64_t offset = changes.front().second == r.std_offset ? *r.dst_offset : r.std_offset;
  for (const auto& [at, after] : changes)
    if (at <= utc) offset = after;
  return offset;
}

// ---- TZif files (RFC 8536) ----

std::int64_t big_endian(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int k = 0; k < bytes; ++k) v = (v << 8) | p[k];
  if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

struct Counts {
  std::int64_t isut, isstd, leap, time, type, chars;
};

std::optional<Counts> header(const std::string& data, std::size_t at) {
  if (data.size() < at + 44 || data.compare(at, 4, "TZif") != 0) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data() + at + 20);
  Counts c{big_endian(p, 4),      big_endian(p + 4, 4),  big_endian(p + 8, 4),
           big_endian(p + 12, 4), big_endian(p + 16, 4), big_endian(p + 20, 4)};
  if (c.isut < 0 || c.isstd < 0 || c.leap < 0 || c.time < 0 || c.type < 1 || c.chars < 0 ||
      c.time > 100000 || c.type > 256)
    return std::nullopt;
  return c;
}

std::size_t block_size(const Counts& c, int time_bytes) {
  return static_cast<std::size_t>(c.time * time_bytes + c.time + c.type * 6 + c.chars +
                                  c.leap * (time_bytes + 4) + c.isstd + c.isut);
}

bool valid_zone_name(const std::string& name) {
  if (name.empty() || name.size() > 100 || name.front() == '/' || name.back() == '/') return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t slash = std::min(name.find('/', start), name.size());
    const std::string part = name.substr(start, slash - start);
    if (part.empty() || part == "." || part == ".." ||
        !std::all_of(part.begin(), part.end(), [](char ch) {
          return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' ||
                 ch == '+' || ch == '.';
        }))
      return false;
    start = slash + 1;
  }
  return true;
}

}  // namespace

std::optional<PosixRule> parse_posix_tz(const std::string& text) {
  Cursor c{text};
  PosixRule r;
  if (!skip_name(c)) return std::nullopt;
  const auto std_west = hms(c);
  if (!std_west) return std::nullopt;
  r.std_offset = -*std_west;  // POSIX counts west of Greenwich as positive
  if (c.done()) return r;
  if (!skip_name(c)) return std::nullopt;
  r.dst_offset = r.std_offset + 3600;
  if (c.peek() != ',' && !c.done()) {
    const auto dst_west = hms(c);
    if (!dst_west) return std::nullopt;
    r.dst_offset = -*dst_west;
  }
  // Without rules POSIX leaves the changes to the implementation: not read.
  if (!c.eat(',')) return std::nullopt;
  const auto start = when(c);
  if (!start || !c.eat(',')) return std::nullopt;
  const auto end = when(c);
  if (!end || !c.done()) return std::nullopt;
  r.start = *start;
  r.end = *end;
  return r;
}

TimeZone TimeZone::utc() { return TimeZone(); }

TimeZone TimeZone::from_rule(const std::string& name, const PosixRule& rule) {
  TimeZone z;
  z.name_ = name;
  z.initial_offset_ = rule.std_offset;
  z.rule_ = rule;
  return z;
}

std::optional<TimeZone> TimeZone::load(const std::string& name, std::string* why) {
  if (name == "UTC" || name == "Etc/UTC") return utc();
  if (!valid_zone_name(name)) {
    *why = "'" + name + "' is not an IANA time zone name (such as America/New_York)";
    return std::nullopt;
  }
  const char* env = std::getenv("TZDIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : "/usr/share/zoneinfo";
  const std::string file = dir + "/" + name;
  std::ifstream in(file, std::ios::binary);
  std::string data;
  if (in) data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  const auto v1 = header(data, 0);
  if (!in || data.size() > (1u << 20) || !v1) {
    *why = "time zone " + name + ": no such zone in the tz database (" + file +
           (in ? " is not a TZif file" : " not found") + "; set TZDIR or install tzdata)";
    return std::nullopt;
  }
  auto bad = [&](const std::string& what) {
    *why = "time zone " + name + ": " + file + " " + what;
    return std::nullopt;
  };
  // Version 2+ files repeat the data with 64-bit times after the 32-bit block.
  std::size_t at = 0;
  Counts c = *v1;
  int time_bytes = 4;
  if (data[4] >= '2') {
    at = 44 + block_size(*v1, 4);
    const auto v2 = header(data, at);
    if (!v2) return bad("has a broken version-2 header");
    c = *v2;
    time_bytes = 8;
  }
  if (c.leap > 0) return bad("counts leap seconds (a right/ zone): use the zone without them");
  const std::size_t body = at + 44;
  if (data.size() < body + block_size(c, time_bytes)) return bad("is truncated");
  const auto* p = reinterpret_cast<const unsigned char*>(data.data() + body);
  const auto* idx = p + c.time * time_bytes;
  const auto* types = idx + c.time;
  std::vector<std::int64_t> type_offsets;
  for (std::int64_t k = 0; k < c.type; ++k) type_offsets.push_back(big_endian(types + 6 * k, 4));
  TimeZone z;
  z.name_ = name;
  z.initial_offset_ = type_offsets[0];
  for (std::int64_t k = 0; k < c.time; ++k) {
    const unsigned type = idx[k];
    if (type >= type_offsets.size()) return bad("has a transition to an unknown type");
    z.transitions_.push_back(big_endian(p + k * time_bytes, time_bytes));
    z.offsets_.push_back(type_offsets[type]);
  }
  if (!std::is_sorted(z.transitions_.begin(), z.transitions_.end()))
    return bad("has transitions out of order");
  if (time_bytes == 8) {  // the footer: "\n<POSIX TZ>\n"
    const std::size_t footer = body + block_size(c, 8);
    const std::size_t end = data.find('\n', footer + 1);
    if (footer < data.size() && data[footer] == '\n' && end != std::string::npos &&
        end > footer + 1) {
      const std::string tz = data.substr(footer + 1, end - footer - 1);
      z.rule_ = parse_posix_tz(tz);
      if (!z.rule_) return bad("ends with a rule this reader does not know: " + tz);
    }
  }
  return z;
}

std::int64_t TimeZone::offset_at(std::int64_t utc) const {
  if (transitions_.empty() || utc < transitions_.front())
    return rule_ && transitions_.empty() ? rule_offset_at(*rule_, utc) : initial_offset_;
  if (rule_ && utc >= transitions_.back()) return rule_offset_at(*rule_, utc);
  const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
  return offsets_[static_cast<std::size_t>(after - transitions_.begin()) - 1];
}

std::int64_t TimeZone::to_utc(std::int64_t local) const {
  // Offsets change at most once within a day of any time in the tz database.
  const std::int64_t before = offset_at(local - 86400);
  const std::int64_t after = offset_at(local + 86400);
  std::optional<std::int64_t> best;
  for (std::int64_t o : {before, after}) {
    const std::int64_t u = local - o;
    if (offset_at(u) == o && (!best || u < *best)) best = u;
  }
  return best ? *best : local - before;  // in a gap: the offset before it
}

}  // namespace ls::tools::import
