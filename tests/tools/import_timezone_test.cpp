// Time zones and the cron forms L, W and # of schedule expressions
// (tools/study/import_timezone.hpp, import_schedule.hpp), against the
// calendar and the published daylight-saving rules: the US changes at 02:00
// local time on the second Sunday of March and the first Sunday of November;
// the EU at 01:00 UTC on the last Sundays of March and October; New South
// Wales at 03:00 daylight time on the first Sunday of April and 02:00
// standard time on the first Sunday of October. Days of the week were read
// off a calendar (2025-01-06 was a Monday).
#include "tools/study/import_timezone.hpp"

#include <gtest/gtest.h>

#include "tools/study/import_schedule.hpp"

namespace {

using namespace ls::tools::import;

std::int64_t utc(const std::string& text) {
  const auto t = parse_utc(text);
  EXPECT_TRUE(t) << text;
  return t.value_or(0);
}

TimeZone zone(const std::string& name) {
  std::string why;
  const auto z = TimeZone::load(name, &why);
  EXPECT_TRUE(z) << why;
  return z.value_or(TimeZone::utc());
}

// The offset just before and at a change.
void expect_change(const TimeZone& z, const std::string& at, std::int64_t before,
                   std::int64_t after) {
  EXPECT_EQ(z.offset_at(utc(at) - 1), before) << z.name() << " before " << at;
  EXPECT_EQ(z.offset_at(utc(at)), after) << z.name() << " at " << at;
}

TEST(ImportTimezone, TzifZonesChangeWhenThePublishedRulesSay) {
  const TimeZone ny = zone("America/New_York");
  expect_change(ny, "2025-03-09T07:00:00Z", -5 * 3600, -4 * 3600);  // 02:00 EST
  expect_change(ny, "2025-11-02T06:00:00Z", -4 * 3600, -5 * 3600);  // 02:00 EDT
  const TimeZone berlin = zone("Europe/Berlin");
  expect_change(berlin, "2025-03-30T01:00:00Z", 3600, 7200);
  expect_change(berlin, "2025-10-26T01:00:00Z", 7200, 3600);
  const TimeZone sydney = zone("Australia/Sydney");  // southern: daylight time over new year
  expect_change(sydney, "2025-04-05T16:00:00Z", 11 * 3600, 10 * 3600);
  expect_change(sydney, "2025-10-04T16:00:00Z", 10 * 3600, 11 * 3600);
  EXPECT_EQ(sydney.offset_at(utc("2025-01-15T00:00:00Z")), 11 * 3600);
  EXPECT_EQ(zone("Asia/Kolkata").offset_at(utc("2025-06-01T00:00:00Z")), 5 * 3600 + 1800);
  // Past the transitions a TZif file lists (2037 in "fat" files, the
  // present in "slim" ones) the footer's POSIX rule takes over.
  expect_change(ny, "2040-03-11T07:00:00Z", -5 * 3600, -4 * 3600);  // second Sunday of March
  expect_change(ny, "2040-11-04T06:00:00Z", -4 * 3600, -5 * 3600);
  expect_change(sydney, "2045-04-01T16:00:00Z", 11 * 3600, 10 * 3600);
  // Ireland's rule has negative daylight saving (IST-1GMT0): winter is the
  // "daylight" time; the offsets are still +1 in summer, 0 in winter.
  const TimeZone dublin = zone("Europe/Dublin");
  expect_change(dublin, "2040-03-25T01:00:00Z", 0, 3600);
  expect_change(dublin, "2040-10-28T01:00:00Z", 3600, 0);
  EXPECT_TRUE(zone("Etc/UTC").is_utc());
}

TEST(ImportTimezone, PosixRulesAloneAgreeWithTheCompiledZone) {
  const auto us = parse_posix_tz("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(us);
  const TimeZone rule = TimeZone::from_rule("EST5EDT", *us);
  const TimeZone ny = zone("America/New_York");
  for (const char* t : {"2025-03-09T06:59:59Z", "2025-03-09T07:00:00Z", "2025-07-01T00:00:00Z",
                        "2025-11-02T05:59:59Z", "2025-11-02T06:00:00Z", "2026-01-01T00:00:00Z"})
    EXPECT_EQ(rule.offset_at(utc(t)), ny.offset_at(utc(t))) << t;
  const auto tehran = parse_posix_tz("<+0330>-3:30");  // no daylight time
  ASSERT_TRUE(tehran);
  EXPECT_EQ(tehran->std_offset, 3 * 3600 + 1800);
  EXPECT_FALSE(tehran->dst_offset);
  const auto eu = parse_posix_tz("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(eu);
  EXPECT_EQ(eu->end.time, 3 * 3600);
  const auto julian = parse_posix_tz("XXX3YYY,J60/0,J300");  // March 1, October 27 (no Feb 29)
  ASSERT_TRUE(julian);
  const TimeZone j = TimeZone::from_rule("x", *julian);
  expect_change(j, "2028-03-01T03:00:00Z", -3 * 3600, -2 * 3600);  // 2028 is a leap year
  EXPECT_FALSE(parse_posix_tz("EST5EDT"));  // changes without rules: not guessed
  EXPECT_FALSE(parse_posix_tz("E5"));       // a name has three letters at least
  EXPECT_FALSE(parse_posix_tz("EST5EDT,M13.1.0,M11.1.0"));
}

TEST(ImportTimezone, LocalTimesSkippedOrRepeatedHaveOneUtcTime) {
  const TimeZone ny = zone("America/New_York");
  EXPECT_EQ(ny.to_utc(utc("2025-07-01T08:00:00Z")), utc("2025-07-01T12:00:00Z"));
  EXPECT_EQ(ny.to_utc(utc("2025-01-06T08:00:00Z")), utc("2025-01-06T13:00:00Z"));
  // 02:30 does not happen on 2025-03-09: read with EST, it is 03:30 EDT.
  EXPECT_EQ(ny.to_utc(utc("2025-03-09T02:30:00Z")), utc("2025-03-09T07:30:00Z"));
  // 01:30 happens twice on 2025-11-02: the first, in EDT.
  EXPECT_EQ(ny.to_utc(utc("2025-11-02T01:30:00Z")), utc("2025-11-02T05:30:00Z"));
}

TEST(ImportTimezone, UnknownZonesAreRefusedNeverUtc) {
  std::string why;
  EXPECT_FALSE(TimeZone::load("Mars/Olympus_Mons", &why));
  EXPECT_NE(why.find("no such zone in the tz database"), std::string::npos) << why;
  EXPECT_FALSE(TimeZone::load("../../etc/passwd", &why));
  EXPECT_NE(why.find("not an IANA time zone name"), std::string::npos) << why;
  EXPECT_FALSE(TimeZone::load("iso3166.tab", &why));  // a file there, not a zone
  EXPECT_NE(why.find("not a TZif file"), std::string::npos) << why;
}

std::vector<std::string> fire(const std::string& cron, const std::string& from,
                              const std::string& to, const TimeZone& z = TimeZone::utc()) {
  std::string why;
  const auto e = parse_schedule(cron, &why);
  EXPECT_TRUE(e) << cron << ": " << why;
  std::vector<std::string> out;
  if (!e) return out;
  for (std::int64_t t : occurrences(*e, utc(from), utc(to), utc(from), z))
    out.push_back(format_utc(t).substr(0, 16));
  return out;
}

using Times = std::vector<std::string>;

TEST(ImportSchedule, CronReadOnTheClocksOfItsZone) {
  // Weekdays at 08:00 in Berlin across the change of 2025-03-30: 07:00 UTC
  // in CET, 06:00 UTC in CEST.
  EXPECT_EQ(
      fire("cron(0 8 ? * MON,TUE *)", "2025-03-24T00:00:00Z", "2025-04-02T00:00:00Z",
           zone("Europe/Berlin")),
      (Times{"2025-03-24T07:00", "2025-03-25T07:00", "2025-03-31T06:00", "2025-04-01T06:00"}));
  // Daily at 02:30 in New York: on 2025-03-09 that time is skipped and the
  // action runs at 03:30 EDT; on 2025-11-02 it happens once.
  EXPECT_EQ(fire("cron(30 2 * * ? *)", "2025-03-08T00:00:00Z", "2025-03-11T00:00:00Z",
                 zone("America/New_York")),
            (Times{"2025-03-08T07:30", "2025-03-09T07:30", "2025-03-10T06:30"}));
  // Every 30 minutes through the skipped hour: 01:30 EST then 03:00 EDT.
  EXPECT_EQ(
      fire("cron(0/30 1-3 9 MAR ? 2025)", "2025-03-09T00:00:00Z", "2025-03-10T00:00:00Z",
           zone("America/New_York")),
      (Times{"2025-03-09T06:00", "2025-03-09T06:30", "2025-03-09T07:00", "2025-03-09T07:30"}));
  // at() is local time too.
  std::string why;
  const auto at = parse_schedule("at(2025-07-01T09:00:00)", &why);
  ASSERT_TRUE(at);
  EXPECT_EQ(occurrences(*at, 0, utc("2030-01-01T00:00:00Z"), 0, zone("Asia/Tokyo")),
            std::vector<std::int64_t>{utc("2025-07-01T00:00:00Z")});
}

TEST(ImportSchedule, LastWeekdayAndNthForms) {
  // L: the last day of each month (2028 is a leap year).
  EXPECT_EQ(fire("cron(0 0 L * ? *)", "2028-01-01T00:00:00Z", "2028-04-01T00:00:00Z"),
            (Times{"2028-01-31T00:00", "2028-02-29T00:00", "2028-03-31T00:00"}));
  // LW: the last weekday; 2025-05-31 is a Saturday, 2025-08-31 a Sunday.
  EXPECT_EQ(fire("cron(0 0 LW * ? *)", "2025-05-01T00:00:00Z", "2025-06-01T00:00:00Z"),
            Times{"2025-05-30T00:00"});
  EXPECT_EQ(fire("cron(0 0 LW * ? *)", "2025-08-01T00:00:00Z", "2025-09-01T00:00:00Z"),
            Times{"2025-08-29T00:00"});
  // nW stays in its month: 2025-03-01 (Saturday) -> Monday 3rd; 2025-02-15
  // (Saturday) -> Friday 14th; 2025-06-15 (Sunday) -> Monday 16th; 31W in
  // August 2025 (the 31st a Sunday) -> Friday 29th; February has no 31st.
  EXPECT_EQ(
      fire("cron(0 0 1W,15W * ? *)", "2025-02-01T00:00:00Z", "2025-04-01T00:00:00Z"),
      (Times{"2025-02-03T00:00", "2025-02-14T00:00", "2025-03-03T00:00", "2025-03-14T00:00"}));
  EXPECT_EQ(fire("cron(0 0 15W * ? *)", "2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z"),
            Times{"2025-06-16T00:00"});
  EXPECT_EQ(fire("cron(0 0 31W * ? *)", "2025-08-01T00:00:00Z", "2025-10-01T00:00:00Z"),
            Times{"2025-08-29T00:00"});
  // 6L: the last Friday; 3#2: the second Tuesday.
  EXPECT_EQ(fire("cron(0 0 ? * 6L *)", "2025-01-01T00:00:00Z", "2025-03-01T00:00:00Z"),
            (Times{"2025-01-31T00:00", "2025-02-28T00:00"}));
  EXPECT_EQ(fire("cron(0 0 ? * 3#2 *)", "2025-01-01T00:00:00Z", "2025-03-01T00:00:00Z"),
            (Times{"2025-01-14T00:00", "2025-02-11T00:00"}));
  // MON#5: only the months with five Mondays (March, June, September,
  // December in 2025).
  EXPECT_EQ(
      fire("cron(0 0 ? * MON#5 *)", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
      (Times{"2025-03-31T00:00", "2025-06-30T00:00", "2025-09-29T00:00", "2025-12-29T00:00"}));
  // L alone in day-of-week: Saturday, the last day of the week.
  EXPECT_EQ(fire("cron(0 0 ? * L *)", "2025-01-06T00:00:00Z", "2025-01-13T00:00:00Z"),
            Times{"2025-01-11T00:00"});
  std::string why;
  EXPECT_FALSE(parse_schedule("cron(0 0 ? * 2#6 *)", &why));
  EXPECT_NE(why.find("k in 1-5"), std::string::npos) << why;
  EXPECT_FALSE(parse_schedule("cron(0 0 32W * ? *)", &why));
  EXPECT_FALSE(parse_schedule("cron(0 0 L-2 * ? *)", &why));
  EXPECT_NE(why.find("L, LW and nW"), std::string::npos) << why;
}

}  // namespace
