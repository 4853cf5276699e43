// IANA time zones for schedule expressions (Application Auto Scaling's
// scheduled action `Timezone`, EventBridge Scheduler's
// `ScheduleExpressionTimezone`). GCC 12's libstdc++ has no C++20
// std::chrono::tzdb, so the zone is read from the system's tz database: the
// compiled TZif file (RFC 8536) under $TZDIR, else /usr/share/zoneinfo
// (Debian's tzdata package), and, past its last transition, the POSIX TZ rule
// in its footer. A zone that is not there is an error, never UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ls::tools::import {

// A POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30",
// "IST-1GMT0,M10.5.0,M3.5.0/1"): a standard offset and, optionally, a
// daylight offset with the local times it starts and ends each year.
struct PosixRule {
  struct When {
    enum class Kind { MonthWeekDay, Julian1, Julian0 } kind = Kind::MonthWeekDay;
    int month = 0, week = 0, weekday = 0;  // Mm.w.d
    int day = 0;                           // Jn (1-365, no Feb 29) or n (0-365)
    std::int64_t time = 7200;              // local seconds after midnight (may be < 0 or > 24 h)
  };
  std::int64_t std_offset = 0;  // seconds east of UTC
  std::optional<std::int64_t> dst_offset;
  When start, end;
};

// nullopt when `text` is not a POSIX TZ string this reader knows.
std::optional<PosixRule> parse_posix_tz(const std::string& text);

class TimeZone {
 public:
  static TimeZone utc();
  // The zone `name` ("Europe/Berlin"); nullopt with `why` when there is no
  // such zone in the tz database or its file is not TZif.
  static std::optional<TimeZone> load(const std::string& name, std::string* why);
  // A zone of a POSIX rule only (tests; TZif files without transitions).
  static TimeZone from_rule(const std::string& name, const PosixRule& rule);

  const std::string& name() const { return name_; }
  bool is_utc() const { return name_ == "UTC"; }
  // Seconds east of UTC in effect at UTC second `utc`.
  std::int64_t offset_at(std::int64_t utc) const;
  // The UTC second at which the clocks of the zone show `local` (wall-clock
  // seconds counted like UTC ones). A local time skipped by a change to
  // daylight time is read with the offset before the change (02:30 on the
  // day New York springs forward is 07:30 UTC, 03:30 EDT); a local time that
  // happens twice is its first occurrence.
  std::int64_t to_utc(std::int64_t local) const;

 private:
  std::string name_ = "UTC";
  std::vector<std::int64_t> transitions_;  // UTC seconds, ascending
  std::vector<std::int64_t> offsets_;      // in effect from the transition of the same index
  std::int64_t initial_offset_ = 0;        // before the first transition
  std::optional<PosixRule> rule_;          // after the last transition
};

}  // namespace ls::tools::import
