#include "models/config/scenario_csv.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string_view>

#include "models/config/civil_time.hpp"
#include "models/config/csv_reader.hpp"
#include "models/config/text.hpp"

namespace ls::models::detail {

namespace {

// Opens `file` for CsvReader (which streams it: memory does not grow with
// the file).
std::ifstream open_csv(const std::string& file, const CsvRef& ref) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw Error(ref.file_where, ref.file_path, "file not found: " + file);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw Error(ref.file_where, ref.file_path, "cannot read " + file + ": " + std::strerror(errno));
  return in;
}

using Field = CsvField;

SourceLocation where(const std::string& file, const Field& f) {
  return SourceLocation{file, f.line, f.column};
}

// Calls on_line(reader) for each record of `file` (RFC 4180, see
// csv_reader.hpp) that is not a blank line; the first is the header.
// Every non-blank record `reader` has left.
void for_each_record(CsvReader& reader, const std::function<void(const CsvReader&)>& on_line) {
  while (reader.next()) {
    if (!reader.blank()) on_line(reader);
  }
}

void for_each_line(const std::string& file, const CsvRef& ref,
                   const std::function<void(const CsvReader&)>& on_line) {
  std::ifstream in = open_csv(file, ref);
  CsvReader reader(in, file, ref.file_path);
  for_each_record(reader, on_line);
}

std::string list_columns(const std::vector<std::string>& names) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(names.size(), 8);
  for (std::size_t i = 0; i < shown; ++i) out += (i > 0 ? ", " : "") + names[i];
  if (shown < names.size()) out += ", ... (" + std::to_string(names.size()) + " columns)";
  return out;
}

// Reads `column` (default: the first) of every data row. Returns its name.
std::string read_column(const std::string& file, const std::optional<std::string>& column,
                        const CsvRef& ref,
                        const std::function<void(std::string_view, const SourceLocation&,
                                                 std::string_view)>& on_value) {
  std::vector<std::string> header;
  std::size_t index = 0;
  std::size_t rows = 0;
  for_each_line(file, ref, [&](const CsvReader& record) {
    const auto& fields = record.fields();
    if (header.empty()) {
      for (const auto& f : fields) header.emplace_back(f.text);
      if (column) {
        const auto it = std::find(header.begin(), header.end(), *column);
        if (it == header.end()) {
          throw Error(ref.column_where, ref.column_path,
                      "no column " + squote(*column) + " in " + file +
                          " (columns: " + list_columns(header) + ")");
        }
        index = static_cast<std::size_t>(it - header.begin());
      }
      return;
    }
    if (index >= fields.size()) {
      throw Error(record.end_of_record(), ref.file_path,
                  "row has " + std::to_string(fields.size()) + " fields; column " +
                      squote(header[index]) + " is field " + std::to_string(index + 1));
    }
    ++rows;
    on_value(fields[index].text, where(file, fields[index]), header[index]);
  });
  if (header.empty()) throw Error(ref.file_where, ref.file_path, file + " is empty");
  if (rows == 0) throw Error(ref.file_where, ref.file_path, file + " has no data rows");
  return header[index];
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

// Seconds with fractions to Time, exactly for plain decimals (so that Unix
// epoch times keep their nanoseconds); numbers with an exponent go through
// a double.
std::optional<sim::Time> parse_seconds(std::string_view s) {
  std::size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) ++i;
  std::int64_t whole = 0;
  std::size_t digits = 0;
  for (; i < s.size() && is_digit(s[i]); ++i, ++digits) {
    whole = whole * 10 + (s[i] - '0');
    // Beyond ±285 years: checked after the digit, so that whole × 10^9 fits
    // (17000000000.5 overflowed when checked before it; found by tests/fuzz).
    if (whole > 9'000'000'000) return std::nullopt;
  }
  std::int64_t frac = 0;
  std::int64_t scale = sim::kSecond;
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && is_digit(s[i]); ++i, ++digits) {
      if (scale > 1) {
        scale /= 10;
        frac += (s[i] - '0') * scale;
      }
    }
  }
  if (digits > 0 && i == s.size()) {
    const sim::Time t = whole * sim::kSecond + frac;
    return negative ? -t : t;
  }
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !(std::abs(v) < 9e9)) {
    return std::nullopt;
  }
  return sim::from_seconds(v);
}

namespace {

std::optional<double> parse_double(std::string_view s) {
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// A per-minute count: a non-negative integer (pandas may write "3.0").
std::optional<std::uint32_t> parse_count(std::string_view s) {
  const auto v = parse_double(s);
  if (!v || *v < 0 || *v != std::floor(*v) || *v > std::numeric_limits<std::uint32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*v);
}

}  // namespace

std::optional<sim::Time> parse_iso_time(std::string_view s) {
  std::size_t i = 0;
  auto num = [&](std::size_t n, int& out) {
    if (i + n > s.size()) return false;
    out = 0;
    for (std::size_t k = 0; k < n; ++k, ++i) {
      if (!is_digit(s[i])) return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  auto lit = [&](auto... cs) { return i < s.size() && ((s[i] == cs) || ...) && (++i, true); };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!(num(4, y) && lit('-') && num(2, mo) && lit('-') && num(2, d) && lit('T', ' ') &&
        num(2, h) && lit(':') && num(2, mi))) {
    return std::nullopt;
  }
  if (lit(':') && !num(2, sec)) return std::nullopt;
  sim::Time frac = 0;
  if (lit('.', ',')) {
    for (sim::Time scale = sim::kSecond / 10; i < s.size() && is_digit(s[i]); ++i, scale /= 10)
      frac += (s[i] - '0') * scale;
  }
  int offset = 0;  // minutes east of UTC
  if (!lit('Z', 'z') && i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i++] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!num(2, oh)) return std::nullopt;
    lit(':');
    if (i < s.size() && !num(2, om)) return std::nullopt;
    offset = sign * (oh * 60 + om);
  }
  // Years as nanoseconds since 1970 fit in 64 bits (a fuzzer found 4048
  // overflowing: tests/fuzz).
  if (i != s.size() || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
      y < 1900 || y > 2200)
    return std::nullopt;
  const std::int64_t seconds =
      days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset * 60;
  return seconds * sim::kSecond + frac;
}

TimestampTrace read_timestamp_trace(const std::string& file,
                                    const std::optional<std::string>& column, const CsvRef& ref) {
  std::vector<sim::Time> times;
  read_column(file, column, ref,
              [&](std::string_view text, const SourceLocation& where, std::string_view name) {
                const auto t = parse_seconds(text);
                if (!t) {
                  throw Error(
                      where, ref.file_path,
                      squote(text) + " is not a time in seconds (column " + squote(name) + ")");
                }
                times.push_back(*t);
              });
  std::sort(times.begin(), times.end());
  const sim::Time origin = times.front();
  for (auto& t : times) t -= origin;
  return {std::make_shared<const std::vector<sim::Time>>(std::move(times)), origin};
}

std::vector<double> read_samples(const std::string& file, const std::optional<std::string>& column,
                                 const CsvRef& ref) {
  std::vector<double> values;
  const std::string name = read_column(
      file, column, ref,
      [&](std::string_view text, const SourceLocation& at, std::string_view col) {
        const auto v = parse_double(text);
        if (!v || *v < 0) {
          throw Error(at, ref.file_path,
                      squote(text) + " is not a sample >= 0 (column " + squote(col) + ")");
        }
        values.push_back(*v);
      });
  const bool millis = name.size() >= 3 && name.compare(name.size() - 3, 3, "_ms") == 0;
  if (millis) {
    for (auto& v : values) v /= 1000.0;
  }
  return values;
}

// The columns of an Azure invocations header: HashFunction and the minutes
// (1, 2, ...); throws when either is missing. Outside the anonymous namespace
// because AzureCountsCache::Index holds one.
struct AzureColumns {
  std::size_t hash = std::string::npos;
  std::vector<std::size_t> minutes;  // indices of the minute columns
};

namespace {

AzureColumns read_azure_header(const CsvReader& record, const std::string& file,
                               const CsvRef& ref) {
  AzureColumns c;
  const auto& fields = record.fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i].text;
    if (f == "HashFunction") c.hash = i;
    if (!f.empty() && std::all_of(f.begin(), f.end(), is_digit)) c.minutes.push_back(i);
  }
  if (c.hash == std::string::npos || c.minutes.empty()) {
    throw Error(SourceLocation{file, record.line(), 1}, ref.file_path,
                "not an Azure Functions 2019 invocations file: the header needs HashFunction "
                "and minute columns (1, 2, ...)");
  }
  return c;
}

std::shared_ptr<const std::vector<std::uint32_t>> read_azure_row(
    const CsvReader& record, const std::vector<std::size_t>& minutes, const std::string& file,
    const CsvRef& ref) {
  const auto& fields = record.fields();
  std::vector<std::uint32_t> counts;
  counts.reserve(minutes.size());
  // A short row is named as such (every minute column needs a count), not
  // as an empty count at its end.
  if (!minutes.empty() && minutes.back() >= fields.size()) {
    throw Error(record.end_of_record(), ref.file_path,
                "row has " + std::to_string(fields.size()) + " field(s), the header " +
                    std::to_string(minutes.back() + 1) +
                    ": every minute column needs an invocation count");
  }
  for (std::size_t i : minutes) {
    const auto c = parse_count(fields[i].text);
    if (!c) {
      throw Error(where(file, fields[i]), ref.file_path,
                  "expected an invocation count (an integer from 0 to " +
                      std::to_string(std::numeric_limits<std::uint32_t>::max()) + "), got " +
                      squote(fields[i].text));
    }
    counts.push_back(*c);
  }
  return std::make_shared<const std::vector<std::uint32_t>>(std::move(counts));
}

// The errors when `row` names no single row; `matches` are the first two
// data rows (0-based) whose HashFunction starts with the prefix.
void check_azure_row(const AzureRow& row, const std::string& file, std::int64_t rows,
                     const std::vector<std::int64_t>& matches, bool found) {
  if (const auto* prefix = std::get_if<std::string>(&row.which)) {
    if (matches.empty()) {
      throw Error(row.where, row.path,
                  "no row of " + file + " has a HashFunction starting with " + squote(*prefix));
    }
    if (matches.size() > 1) {
      throw Error(row.where, row.path,
                  squote(*prefix) + " matches several rows (" + std::to_string(matches[0]) + ", " +
                      std::to_string(matches[1]) + ", ...); give a longer prefix");
    }
  } else if (!found && rows == 0) {
    throw Error(row.where, row.path, file + " has no data rows");
  } else if (!found) {
    throw Error(row.where, row.path,
                "row " + std::to_string(std::get<std::int64_t>(row.which)) +
                    " is out of range: " + file + " has " + std::to_string(rows) +
                    " data rows (0 to " + std::to_string(rows - 1) + ")");
  }
}

}  // namespace

std::shared_ptr<const std::vector<std::uint32_t>> read_azure_counts(const std::string& file,
                                                                    const AzureRow& row,
                                                                    const CsvRef& ref) {
  AzureColumns columns;
  std::int64_t data_row = -1;
  std::vector<std::int64_t> matches;
  std::shared_ptr<const std::vector<std::uint32_t>> counts;
  for_each_line(file, ref, [&](const CsvReader& record) {
    if (data_row++ < 0) {
      columns = read_azure_header(record, file, ref);
      return;
    }
    const std::int64_t index = data_row - 1;
    if (const auto* prefix = std::get_if<std::string>(&row.which)) {
      const auto& fields = record.fields();
      if (columns.hash >= fields.size() || !fields[columns.hash].text.starts_with(*prefix)) return;
      matches.push_back(index);
      if (matches.size() > 1) return;
    } else if (std::get<std::int64_t>(row.which) != index) {
      return;
    }
    counts = read_azure_row(record, columns.minutes, file, ref);
  });
  check_azure_row(row, file, std::max<std::int64_t>(data_row, 0), matches, counts != nullptr);
  return counts;
}

struct AzureCountsCache::Index {
  struct Row {
    std::uint64_t offset = 0;  // CsvReader::record_offset
    int line = 0;
  };
  struct Hash {
    std::string text;
    std::int64_t row = 0;
  };
  AzureColumns columns;
  std::vector<Row> rows;     // the data rows, in file order
  std::vector<Hash> hashes;  // of the rows that have a HashFunction field, by (text, row)
};

AzureCountsCache::AzureCountsCache() = default;
AzureCountsCache::~AzureCountsCache() = default;

void AzureCountsCache::open(const std::string& file, const CsvRef& ref) {
  close();
  open_in_ = open_csv(file, ref);
  open_reader_ = std::make_unique<CsvReader>(open_in_, file, ref.file_path);
  open_file_ = file;
}

void AzureCountsCache::close() {
  open_reader_.reset();
  open_in_ = std::ifstream();
  open_file_.clear();
}

std::shared_ptr<const std::vector<std::uint32_t>> AzureCountsCache::counts(const std::string& file,
                                                                           const AzureRow& row,
                                                                           const CsvRef& ref) {
  auto it = files_.find(file);
  if (it == files_.end()) {
    auto index = std::make_unique<Index>();
    try {
      open(file, ref);
      bool header = true;
      for_each_record(*open_reader_, [&](const CsvReader& record) {
        if (header) {
          index->columns = read_azure_header(record, file, ref);
          header = false;
          return;
        }
        const auto data_row = static_cast<std::int64_t>(index->rows.size());
        index->rows.push_back({record.record_offset(), record.line()});
        const auto& fields = record.fields();
        if (index->columns.hash < fields.size())
          index->hashes.push_back({std::string(fields[index->columns.hash].text), data_row});
      });
    } catch (const Error&) {
      // Reported as read_azure_counts reports it (it stops at the first
      // problem of the row asked for, which may come before this one).
      close();
      return read_azure_counts(file, row, ref);
    }
    std::sort(index->hashes.begin(), index->hashes.end(),
              [](const Index::Hash& a, const Index::Hash& b) {
                return a.text != b.text ? a.text < b.text : a.row < b.row;
              });
    it = files_.emplace(file, std::move(index)).first;
  }
  Index& index = *it->second;
  const auto rows = static_cast<std::int64_t>(index.rows.size());
  std::int64_t chosen = -1;
  std::vector<std::int64_t> matches;  // the first two in file order
  if (const auto* prefix = std::get_if<std::string>(&row.which)) {
    auto h =
        std::lower_bound(index.hashes.begin(), index.hashes.end(), *prefix,
                         [](const Index::Hash& a, const std::string& p) { return a.text < p; });
    for (; h != index.hashes.end() && h->text.starts_with(*prefix); ++h) {
      matches.push_back(h->row);
      std::sort(matches.begin(), matches.end());
      if (matches.size() > 2) matches.pop_back();
    }
    if (!matches.empty()) chosen = matches.front();
  } else if (const std::int64_t r = std::get<std::int64_t>(row.which); r >= 0 && r < rows) {
    chosen = r;
  }
  std::shared_ptr<const std::vector<std::uint32_t>> counts;
  if (chosen >= 0) {
    const Index::Row& at = index.rows[static_cast<std::size_t>(chosen)];
    if (open_file_ != file) open(file, ref);
    open_reader_->seek(at.offset, at.line);
    open_reader_->next();
    counts = read_azure_row(*open_reader_, index.columns.minutes, file, ref);
  }
  check_azure_row(row, file, rows, matches, counts != nullptr);
  return counts;
}

namespace {

struct MinuteCount {
  sim::Time at = 0;
  std::uint32_t count = 0;
  SourceLocation where;  // of the timestamp
};

// The rows of a CloudWatch export, unsorted.
std::vector<MinuteCount> read_minute_rows(const std::string& file,
                                          const std::optional<std::string>& column,
                                          const CsvRef& ref) {
  std::vector<std::string> header;
  std::size_t index = 1;
  std::vector<MinuteCount> rows;
  for_each_line(file, ref, [&](const CsvReader& record) {
    const auto& fields = record.fields();
    if (header.empty()) {
      for (const auto& f : fields) header.emplace_back(f.text);
      if (column) {
        const auto it = std::find(header.begin() + 1, header.end(), *column);
        if (it == header.end()) {
          throw Error(ref.column_where, ref.column_path,
                      "no count column " + squote(*column) + " in " + file +
                          " (columns after the timestamp: " +
                          list_columns({header.begin() + 1, header.end()}) + ")");
        }
        index = static_cast<std::size_t>(it - header.begin());
      } else if (header.size() < 2) {
        throw Error(SourceLocation{file, record.line(), 1}, ref.file_path,
                    "expected a header with two columns: timestamp,count");
      }
      return;
    }
    if (index >= fields.size()) {
      throw Error(record.end_of_record(), ref.file_path,
                  "row has " + std::to_string(fields.size()) +
                      " field(s); expected a timestamp "
                      "and a count in column " +
                      squote(header[index]));
    }
    const SourceLocation at = where(file, fields[0]);
    auto t = parse_iso_time(fields[0].text);
    if (!t) t = parse_seconds(fields[0].text);
    if (!t) {
      throw Error(at, ref.file_path,
                  squote(fields[0].text) +
                      " is not a timestamp (ISO 8601 such as 2024-05-01T12:00:00Z, or Unix "
                      "seconds)");
    }
    const auto n = parse_count(fields[index].text);
    if (!n) {
      throw Error(where(file, fields[index]), ref.file_path,
                  "expected an invocation count (an integer from 0 to " +
                      std::to_string(std::numeric_limits<std::uint32_t>::max()) + "), got " +
                      squote(fields[index].text));
    }
    rows.push_back({*t, *n, at});
  });
  if (header.empty()) throw Error(ref.file_where, ref.file_path, file + " is empty");
  if (rows.empty()) throw Error(ref.file_where, ref.file_path, file + " has no data rows");
  return rows;
}

}  // namespace

std::shared_ptr<const std::vector<std::uint32_t>> read_cloudwatch_counts(
    const std::string& file, const std::optional<std::string>& column, const CsvRef& ref) {
  std::vector<MinuteCount> rows = read_minute_rows(file, column, ref);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const MinuteCount& a, const MinuteCount& b) { return a.at < b.at; });
  constexpr sim::Time kMaxSpan = 366 * sim::kDay;
  const sim::Time origin = rows.front().at;
  std::vector<std::uint32_t> counts;
  std::vector<int> line_of;  // of each minute's row (0: none)
  for (const auto& r : rows) {
    const sim::Time offset = r.at - origin;
    if (offset % sim::kMinute != 0) {
      throw Error(r.where, ref.file_path,
                  "timestamp is not a whole number of minutes after the earliest one (line " +
                      std::to_string(rows.front().where.line) + "); per-minute counts expected");
    }
    if (offset > kMaxSpan)
      throw Error(r.where, ref.file_path, "the counts span more than 366 days");
    const auto minute = static_cast<std::size_t>(offset / sim::kMinute);
    if (minute >= counts.size()) {
      counts.resize(minute + 1, 0);
      line_of.resize(minute + 1, 0);
    }
    if (line_of[minute] != 0) {
      throw Error(r.where, ref.file_path,
                  "a second row for the same minute (the first is line " +
                      std::to_string(line_of[minute]) + ")");
    }
    line_of[minute] = r.where.line;
    counts[minute] = r.count;
  }
  return std::make_shared<const std::vector<std::uint32_t>>(std::move(counts));
}

}  // namespace ls::models::detail
