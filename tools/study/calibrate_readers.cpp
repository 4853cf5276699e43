#include "tools/study/calibrate_readers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <queue>

#include "models/config/csv_reader.hpp"
#include "models/config/scenario_csv.hpp"
#include "models/config/text.hpp"
#include "tools/study/calibrate_report_line.hpp"
#include "tools/study/calibrate_text_input.hpp"

namespace ls::tools::calibrate {

using models::trim;

namespace {

std::optional<double> to_number(std::string_view s) {
  s = trim(s);
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// A report's fields into a record whose report was logged at `logged_s`
// (Unix seconds): it arrived one duration (and INIT) earlier.
void fill_from_report(const ReportFields& f, double logged_s, LogRecord& r) {
  r.duration_ms = f.duration_ms;
  r.billed_ms = f.billed_ms;
  r.memory_mb = f.memory_mb;
  r.max_memory_mb = f.max_memory_mb;
  r.cold = f.init_ms.has_value();
  r.init_ms = f.init_ms.value_or(kUnknown);
  r.arrival = logged_s - (f.duration_ms + f.init_ms.value_or(0.0)) / 1000.0;
}

// ---- JSON: CloudWatch Logs events -------------------------------------------

// Finds the event objects of a JSON file without holding the whole document:
// the elements of an "events" (or "logEvents") array of a top-level object,
// the elements of a top-level array, or top-level objects (one per line).
class JsonObjects {
 public:
  explicit JsonObjects(TextInput& in) : in_(in) {}
  // The text of the next object and the line it starts on; false at the end.
  bool next(std::string& text, int& line);

 private:
  static constexpr std::size_t kMaxObject = 64u << 20;
  TextInput& in_;
  std::vector<char> stack_;   // open containers
  int capture_ = -1;          // stack size at which the captured object opened
  bool top_capture_ = false;  // capturing a top-level object (may turn into a container)
  int events_array_ = -1;     // stack size of the events array's content
  std::string last_string_;   // last string at stack size 1 (a key, when ':' follows)
};

bool JsonObjects::next(std::string& text, int& line) {
  text.clear();
  bool in_string = false, escape = false;
  std::string string_text;
  for (int c = in_.get(); c >= 0; c = in_.get()) {
    if (capture_ >= 0) {
      text.push_back(static_cast<char>(c));
      if (text.size() > kMaxObject)
        throw Error(SourceLocation{in_.path(), line, 0}, "",
                    "a JSON object larger than 64 MB: expected CloudWatch Logs events "
                    "({\"events\": [...]} or one event per line)");
    }
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
        if (stack_.size() == 1) last_string_ = string_text;
      } else if (string_text.size() < 32) {
        string_text.push_back(static_cast<char>(c));
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        string_text.clear();
        break;
      case '{':
        if (capture_ < 0 && (stack_.empty() || (stack_.back() == '[' &&
                                                (static_cast<int>(stack_.size()) == events_array_ ||
                                                 stack_.size() == 1)))) {
          top_capture_ = stack_.empty();
          capture_ = static_cast<int>(stack_.size());
          line = in_.line();
          text = "{";
        }
        stack_.push_back('{');
        break;
      case '[':
        stack_.push_back('[');
        if (stack_.size() == 2 && stack_[0] == '{' &&
            (last_string_ == "events" || last_string_ == "logEvents")) {
          // The top-level object is a container: its events are captured one by one.
          events_array_ = 2;
          if (top_capture_) {
            capture_ = -1;
            top_capture_ = false;
            text.clear();
          }
        }
        break;
      case '}':
      case ']': {
        if (stack_.empty() || stack_.back() != (c == '}' ? '{' : '['))
          throw Error(SourceLocation{in_.path(), in_.line(), 0}, "",
                      std::string("unexpected '") + static_cast<char>(c) + "': not valid JSON");
        stack_.pop_back();
        if (c == ']' && static_cast<int>(stack_.size()) + 1 == events_array_) events_array_ = -1;
        if (c == '}' && capture_ >= 0 && static_cast<int>(stack_.size()) == capture_) {
          capture_ = -1;
          top_capture_ = false;
          return true;
        }
        break;
      }
      default: break;
    }
  }
  if (!stack_.empty() || in_string)
    throw Error(SourceLocation{in_.path(), in_.line(), 0}, "",
                "the file ends inside a JSON value (truncated export?)");
  return false;
}

class JsonEventsSource : public LogSource {
 public:
  JsonEventsSource(const std::string& path, const ReadOptions&) : in_(path), objects_(in_) {}
  bool next(LogRecord& r) override;
  std::uint64_t skipped() const override { return skipped_; }
  const char* format() const override { return "CloudWatch Logs JSON"; }

 private:
  TextInput in_;
  JsonObjects objects_;
  std::string text_;
  std::uint64_t skipped_ = 0;
};

bool JsonEventsSource::next(LogRecord& r) {
  int line = 0;
  while (objects_.next(text_, line)) {
    const SourceLocation where{in_.path(), line, 0};
    const nlohmann::json doc = nlohmann::json::parse(text_, nullptr, false);
    if (doc.is_discarded())
      throw Error(where, "", "not valid JSON: expected a CloudWatch Logs event");
    try {
      r = LogRecord{};
      r.where = where;
      if (const auto stream = doc.find("logStreamName"); stream != doc.end() && stream->is_string())
        r.env = stream->get<std::string>();
      const auto message = doc.find("message");
      if (message == doc.end()) {
        // A raw JSON log record (not wrapped in an event).
        const auto f = parse_platform_report(text_);
        if (!f) {
          ++skipped_;
          continue;
        }
        if (!f->time_ns) throw Error("platform.report record without \"time\"");
        fill_from_report(*f, static_cast<double>(*f->time_ns) / 1e9, r);
        return true;
      }
      if (!message->is_string()) throw Error("event \"message\" is not a string");
      const auto& text = message->get_ref<const std::string&>();
      std::optional<ReportFields> f = parse_report_text(text);
      if (!f && !text.empty() && text.front() == '{') f = parse_platform_report(text);
      if (!f) {
        ++skipped_;
        continue;
      }
      const auto timestamp = doc.find("timestamp");
      double logged_s = 0.0;
      if (timestamp != doc.end() && timestamp->is_number()) {
        logged_s = timestamp->get<double>() / 1000.0;
      } else if (f->time_ns) {
        logged_s = static_cast<double>(*f->time_ns) / 1e9;
      } else {
        throw Error("event without \"timestamp\" (milliseconds since the epoch)");
      }
      fill_from_report(*f, logged_s, r);
      return true;
    } catch (const Error& e) {
      if (!e.where().file.empty()) throw;
      throw Error(where, "", e.message());
    }
  }
  return false;
}

// ---- CSV: Logs Insights export and per-request rows ---------------------------

// Which field of a record a column fills.
enum class Field { Arrival, Logged, Env, Duration, Billed, Init, Memory, MaxMemory, Cold, Ignored };

struct ColumnName {
  const char* name;
  Field field;
};

// Logs Insights' fields for Lambda (docs.aws.amazon.com/AmazonCloudWatch/latest/
// logs/CWL_AnalyzeLogData-discoverable-fields.html); the others it may export
// are accepted and ignored. Memory columns are in bytes there.
constexpr ColumnName kInsightsColumns[] = {
    {"@timestamp", Field::Logged},
    {"@logStream", Field::Env},
    {"@duration", Field::Duration},
    {"@billedDuration", Field::Billed},
    {"@initDuration", Field::Init},
    {"@memorySize", Field::Memory},
    {"@maxMemoryUsed", Field::MaxMemory},
    {"@requestId", Field::Ignored},
    {"@message", Field::Ignored},
    {"@log", Field::Ignored},
    {"@type", Field::Ignored},
    {"@ingestionTime", Field::Ignored},
    {"@xrayTraceId", Field::Ignored},
    {"@xraySegmentId", Field::Ignored},
};

// A per-request CSV: canonical names, then the 2020 logs' names. Other
// columns are ignored (those logs have many).
constexpr ColumnName kRequestColumns[] = {
    {"start", Field::Arrival},
    {"client_start_time", Field::Arrival},
    {"env", Field::Env},
    {"inst_id", Field::Env},
    {"duration_ms", Field::Duration},
    {"aws_duration", Field::Duration},
    {"billed_ms", Field::Billed},
    {"aws_billed_duration", Field::Billed},
    {"init_ms", Field::Init},
    {"memory_mb", Field::Memory},
    {"max_memory_mb", Field::MaxMemory},
    {"aws_max_mem", Field::MaxMemory},
    {"cold", Field::Cold},
    {"is_cold", Field::Cold},
};

class CsvSource : public LogSource {
 public:
  CsvSource(const std::string& path, const ReadOptions& options);
  bool next(LogRecord& r) override;
  std::uint64_t skipped() const override { return skipped_; }
  const char* format() const override {
    return insights_ ? "Logs Insights CSV" : "per-request CSV";
  }

 private:
  double number(Field field, std::string_view text, std::string_view what) const;
  TextInput in_;
  TextInputStream stream_;
  models::CsvReader csv_;
  ReadOptions options_;
  bool insights_ = false;
  std::vector<std::string> header_;
  std::vector<Field> fields_;  // per column
  std::map<Field, std::size_t> column_of_;
  std::uint64_t skipped_ = 0;
};

std::string names_of(const ColumnName* begin, const ColumnName* end) {
  std::string out;
  for (auto* c = begin; c != end; ++c) {
    if (c->field == Field::Ignored) continue;
    out += (out.empty() ? "" : ", ") + std::string(c->name);
  }
  return out;
}

CsvSource::CsvSource(const std::string& path, const ReadOptions& options)
    : in_(path), stream_(in_), csv_(stream_, path), options_(options) {
  do {
    if (!csv_.next()) throw Error(SourceLocation{path, 1, 0}, "", "the file is empty");
  } while (csv_.blank());
  const SourceLocation where{path, csv_.line(), 0};
  for (const auto& f : csv_.fields()) header_.emplace_back(trim(f.text));
  insights_ = std::any_of(header_.begin(), header_.end(),
                          [](const std::string& h) { return h.starts_with("@"); });
  const ColumnName* begin = insights_ ? std::begin(kInsightsColumns) : std::begin(kRequestColumns);
  const ColumnName* end = insights_ ? std::end(kInsightsColumns) : std::end(kRequestColumns);
  for (std::size_t i = 0; i < header_.size(); ++i) {
    const auto* known =
        std::find_if(begin, end, [&](const ColumnName& c) { return header_[i] == c.name; });
    if (known == end && insights_) {
      throw Error(SourceLocation{path, where.line, 0}, "",
                  "unknown column '" + header_[i] + "' in a Logs Insights export: expected " +
                      names_of(begin, end) + " (and @requestId, @message, @log, @type)");
    }
    const Field f = known == end ? Field::Ignored : known->field;
    fields_.push_back(f);
    if (f != Field::Ignored) column_of_.emplace(f, i);  // the first of two synonyms wins
  }
  const Field time = insights_ ? Field::Logged : Field::Arrival;
  if (!column_of_.count(time) || !column_of_.count(Field::Duration)) {
    throw Error(SourceLocation{path, where.line, 0}, "",
                std::string("unknown columns: ") +
                    (insights_ ? "a Logs Insights export needs @timestamp and @duration"
                               : "a per-request CSV needs a start column (start or "
                                 "client_start_time, Unix seconds) and a duration column "
                                 "(duration_ms or aws_duration)") +
                    "; columns understood: " + names_of(begin, end));
  }
}

double CsvSource::number(Field field, std::string_view text, std::string_view what) const {
  const auto v = to_number(text);
  if (!v || *v < 0)
    throw Error(std::string(what) + " '" + std::string(trim(text)) + "' is not a number >= 0");
  // Logs Insights reports memory in bytes: AWS's sample queries divide by
  // 10^6, others by 2^20; a whole number of MiB is taken as the latter.
  if (insights_ && (field == Field::Memory || field == Field::MaxMemory))
    return std::fmod(*v, 1048576.0) == 0.0 && *v > 0 ? *v / 1048576.0 : *v / 1e6;
  return *v;
}

bool CsvSource::next(LogRecord& r) {
  while (csv_.next()) {
    if (csv_.blank()) continue;
    const auto& row = csv_.fields();
    const SourceLocation where{in_.path(), csv_.line(), 0};
    SourceLocation at = where;  // of the field being read, for messages
    if (row.size() != header_.size()) {
      throw Error(csv_.end_of_record(), "",
                  fmt::format("{} fields where the header has {}", row.size(), header_.size()));
    }
    auto cell = [&](Field f) -> std::optional<std::string_view> {
      const auto it = column_of_.find(f);
      if (it == column_of_.end()) return std::nullopt;
      at = {in_.path(), row[it->second].line, row[it->second].column};
      const std::string_view v = trim(row[it->second].text);
      if (v.empty()) return std::nullopt;
      return v;
    };
    try {
      const auto duration = cell(Field::Duration);
      if (!duration) {  // a log line that is not a report (Insights with all messages)
        ++skipped_;
        continue;
      }
      r = LogRecord{};
      r.where = where;
      r.duration_ms = number(Field::Duration, *duration, header_[column_of_[Field::Duration]]);
      if (auto v = cell(Field::Billed)) r.billed_ms = number(Field::Billed, *v, "billed duration");
      if (auto v = cell(Field::Init)) r.init_ms = number(Field::Init, *v, "init duration");
      if (auto v = cell(Field::Memory)) r.memory_mb = number(Field::Memory, *v, "memory size");
      if (auto v = cell(Field::MaxMemory))
        r.max_memory_mb = number(Field::MaxMemory, *v, "max memory used");
      if (std::isnan(r.memory_mb)) {
        if (!options_.memory_mb)
          throw Error("no memory size: the file has no memory column; give --memory-mb");
        r.memory_mb = *options_.memory_mb;
      }
      if (auto v = cell(Field::Env)) r.env = std::string(*v);
      if (auto v = cell(Field::Cold)) {
        const std::string_view c = *v;
        if (c == "True" || c == "true" || c == "1" || c == "TRUE") {
          r.cold = true;
        } else if (c == "False" || c == "false" || c == "0" || c == "FALSE") {
          r.cold = false;
        } else {
          throw Error("cold flag '" + std::string(c) + "' is not true/false (or 1/0)");
        }
      } else {
        r.cold = !std::isnan(r.init_ms) && r.init_ms > 0;
      }
      if (insights_) {
        const auto text = cell(Field::Logged);
        const auto t = text ? models::detail::parse_iso_time(*text) : std::nullopt;
        if (!t)
          throw Error("@timestamp '" + std::string(text.value_or("")) +
                      "' is not a time such as 2024-05-01 12:00:00.000");
        const double init = std::isnan(r.init_ms) ? 0.0 : r.init_ms;
        r.arrival = static_cast<double>(*t) / 1e9 - (r.duration_ms + init) / 1000.0;
      } else {
        const auto text = cell(Field::Arrival);
        const auto t = text ? models::detail::parse_seconds(*text) : std::nullopt;
        if (!t || *t < 0)
          throw Error("start '" + std::string(text.value_or("")) +
                      "' is not a Unix time in seconds");
        r.arrival = static_cast<double>(*t) / 1e9;
      }
      return true;
    } catch (const Error& e) {
      if (!e.where().file.empty()) throw;
      throw Error(at, "", e.message());
    }
  }
  return false;
}

}  // namespace

std::unique_ptr<LogSource> open_log(const std::string& path, const ReadOptions& options) {
  int first = -1;
  {
    TextInput probe(path);
    for (int c = probe.get(); c >= 0; c = probe.get()) {
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0xEF && c != 0xBB && c != 0xBF) {
        first = c;
        break;
      }
    }
  }
  if (first < 0) throw Error(SourceLocation{path, 1, 0}, "", "the file is empty");
  if (first == '{' || first == '[') return std::make_unique<JsonEventsSource>(path, options);
  return std::make_unique<CsvSource>(path, options);
}

// ---- LogStream ----------------------------------------------------------------

struct LogStream::File {
  std::string path;
  std::unique_ptr<LogSource> source;
  struct Later {  // min-heap on (arrival, order read)
    bool operator()(const std::pair<LogRecord, std::uint64_t>& a,
                    const std::pair<LogRecord, std::uint64_t>& b) const {
      return a.first.arrival != b.first.arrival ? a.first.arrival > b.first.arrival
                                                : a.second > b.second;
    }
  };
  std::priority_queue<std::pair<LogRecord, std::uint64_t>,
                      std::vector<std::pair<LogRecord, std::uint64_t>>, Later>
      buffer;
  std::uint64_t read = 0;
  double latest = -1e300;  // latest arrival read
  SourceLocation latest_where;
  bool done = false;
};

LogStream::LogStream(const std::vector<std::string>& files, const ReadOptions& options)
    : options_(options) {
  if (files.empty()) throw Error("no log FILE given (see --help)");
  for (const auto& path : files) {
    auto f = std::make_unique<File>();
    f->path = path;
    f->source = open_log(path, options);
    files_.push_back(std::move(f));
  }
  counts_.files = files.size();
}

LogStream::~LogStream() = default;

std::string LogStream::formats() const {
  std::vector<std::string> seen;
  for (const auto& f : files_) {
    const std::string name = f->source->format();
    if (std::find(seen.begin(), seen.end(), name) == seen.end()) seen.push_back(name);
  }
  std::string out;
  for (const auto& s : seen) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Reads until the earliest buffered arrival can no longer be preceded by a
// record still unread (it is max_disorder_s older than the latest), or the
// file ends. False when the file has nothing left.
bool LogStream::fill(File& f) {
  while (!f.done &&
         (f.buffer.empty() || f.buffer.top().first.arrival > f.latest - options_.max_disorder_s)) {
    LogRecord r;
    if (!f.source->next(r)) {
      f.done = true;
      counts_.skipped += f.source->skipped();
      if (f.read == 0) {
        throw Error(SourceLocation{f.path, 0, 0}, "",
                    fmt::format("no request report in the file ({} lines skipped): expected "
                                "REPORT lines (or platform.report records) in CloudWatch Logs "
                                "JSON, a Logs Insights CSV with @duration, or per-request rows",
                                f.source->skipped()));
      }
      break;
    }
    if (r.arrival < f.latest - options_.max_disorder_s) {
      throw Error(r.where, "",
                  fmt::format("the request arrives {:.3f} s before one read earlier ({}:{}): "
                              "timestamps may go back by at most {:g} s (the longest request); "
                              "expected a log in time order",
                              f.latest - r.arrival, f.latest_where.file, f.latest_where.line,
                              options_.max_disorder_s));
    }
    if (r.arrival > f.latest) {
      f.latest = r.arrival;
      f.latest_where = r.where;
    }
    f.buffer.emplace(std::move(r), f.read++);
  }
  return !f.buffer.empty();
}

bool LogStream::next(LogRecord& record) {
  File* best = nullptr;
  for (auto& f : files_) {
    if (!fill(*f)) continue;
    if (best == nullptr || f->buffer.top().first.arrival < best->buffer.top().first.arrival)
      best = f.get();
  }
  if (best == nullptr) return false;
  record = best->buffer.top().first;
  best->buffer.pop();
  ++counts_.records;
  return true;
}

}  // namespace ls::tools::calibrate
