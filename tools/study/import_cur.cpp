#include "tools/study/import_cur.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <streambuf>

#include "models/config/csv_reader.hpp"
#include "models/error.hpp"
#include "tools/study/import_schedule.hpp"

namespace ls::tools::import {

namespace {

// An istream buffer over zlib's gzread: a .gz CUR is decompressed as it is
// read, so memory stays at one record whatever the file's size.
class GzipBuffer : public std::streambuf {
 public:
  explicit GzipBuffer(const std::string& file) : gz_(gzopen(file.c_str(), "rb")) {}
  ~GzipBuffer() override {
    if (gz_ != nullptr) gzclose(gz_);
  }
  GzipBuffer(const GzipBuffer&) = delete;
  GzipBuffer& operator=(const GzipBuffer&) = delete;
  bool ok() const { return gz_ != nullptr; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const int n = gzread(gz_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
    if (n <= 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  gzFile gz_;
  std::array<char, 1 << 16> buffer_{};
};

// "lineItem/UsageType" (legacy CUR) and "line_item_usage_type" (CUR 2.0) alike.
std::string column_key(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '/' || c == ' ' || c == '-') {
      out += '_';
    } else if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != '_') out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<double> to_number(std::string_view s) {
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

bool equals_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && starts_with_ci(a, b);
}

}  // namespace

const char* bill_item_name(BillItem item) {
  switch (item) {
    case BillItem::Requests: return "requests";
    case BillItem::Duration: return "duration";
    case BillItem::ProvisionedAllocated: return "provisioned_allocated";
    case BillItem::ProvisionedDuration: return "provisioned_duration";
    case BillItem::Ephemeral: return "ephemeral";
    case BillItem::Other: break;
  }
  return "other";
}

const char* bill_item_unit(BillItem item) {
  return item == BillItem::Requests ? "requests" : "GB-s";
}

BillItem classify_usage_type(const std::string& usage_type, bool* arm, std::string* region) {
  std::string rest = usage_type;
  region->clear();
  // A region prefix: capitals and digits (USE1, EUW2, APN1, UGW1, ...) and a dash.
  if (const auto dash = rest.find('-'); dash != std::string::npos && dash >= 2 && dash <= 5) {
    const std::string head = rest.substr(0, dash);
    const bool code = std::all_of(head.begin(), head.end(),
                                  [](char c) {
                                    return std::isupper(static_cast<unsigned char>(c)) ||
                                           std::isdigit(static_cast<unsigned char>(c));
                                  }) &&
                      std::isdigit(static_cast<unsigned char>(head.back()));
    if (code) {
      *region = head;
      rest = rest.substr(dash + 1);
    }
  }
  *arm = false;
  for (const char* suffix : {"-ARM", "-Arm", "-arm"}) {
    const std::string s(suffix);
    if (rest.size() > s.size() && rest.compare(rest.size() - s.size(), s.size(), s) == 0) {
      *arm = true;
      rest.resize(rest.size() - s.size());
    }
  }
  if (equals_ci(rest, "Request") || equals_ci(rest, "Requests")) return BillItem::Requests;
  if (equals_ci(rest, "Lambda-GB-Second")) return BillItem::Duration;
  if (equals_ci(rest, "Lambda-Provisioned-Concurrency")) return BillItem::ProvisionedAllocated;
  if (equals_ci(rest, "Lambda-Provisioned-GB-Second")) return BillItem::ProvisionedDuration;
  // Ephemeral storage: the AWS price list's usage type (AWS-Lambda-Storage-Duration).
  if (equals_ci(rest, "Lambda-Storage-GB-Second")) return BillItem::Ephemeral;
  return BillItem::Other;
}

CurData read_cur(const std::string& file) {
  CurData data;
  data.file = file;
  std::ifstream probe(file, std::ios::binary);
  if (!probe) throw Error(SourceLocation{file, 0, 0}, "", "cannot read the file");
  unsigned char magic[2] = {0, 0};
  probe.read(reinterpret_cast<char*>(magic), 2);
  const bool gzip = magic[0] == 0x1f && magic[1] == 0x8b;
  probe.seekg(0);
  std::unique_ptr<GzipBuffer> gz;
  std::unique_ptr<std::istream> gz_stream;
  std::istream* in = &probe;
  if (gzip) {
    gz = std::make_unique<GzipBuffer>(file);
    if (!gz->ok()) throw Error(SourceLocation{file, 0, 0}, "", "cannot open the gzip file");
    gz_stream = std::make_unique<std::istream>(gz.get());
    in = gz_stream.get();
  }
  models::CsvReader reader(*in, file);
  if (!reader.next())
    throw Error(SourceLocation{file, 1, 1}, "", "empty: expected a CUR CSV with a header row");
  std::map<std::string, std::size_t> index;
  std::vector<std::string> header;
  for (std::size_t i = 0; i < reader.fields().size(); ++i) {
    header.emplace_back(reader.fields()[i].text);
    index.emplace(column_key(reader.fields()[i].text), i);
  }
  const char* needed[] = {"line_item_usage_type", "line_item_usage_amount",
                          "line_item_unblended_cost", "line_item_resource_id",
                          "line_item_usage_start_date"};
  std::vector<std::string> missing;
  for (const char* n : needed)
    if (!index.count(n)) missing.push_back(n);
  if (!missing.empty()) {
    std::string m, found;
    for (const auto& x : missing) m += (m.empty() ? "" : ", ") + x;
    for (std::size_t i = 0; i < header.size() && i < 12; ++i) found += (i ? ", " : "") + header[i];
    if (header.size() > 12) found += ", ...";
    throw Error(SourceLocation{file, 1, 1}, "header",
                "missing column(s) " + m +
                    ": expected a Cost and Usage Report (CUR 2.0 / Data Exports) with "
                    "line_item_usage_type, line_item_usage_amount, line_item_unblended_cost, "
                    "line_item_resource_id and line_item_usage_start_date (found: " +
                    found + ")");
  }
  auto col = [&](const char* name) -> std::optional<std::size_t> {
    const auto it = index.find(name);
    return it == index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  };
  const std::size_t c_type = *col("line_item_usage_type"),
                    c_amount = *col("line_item_usage_amount"),
                    c_cost = *col("line_item_unblended_cost"),
                    c_resource = *col("line_item_resource_id"),
                    c_start = *col("line_item_usage_start_date");
  const auto c_end = col("line_item_usage_end_date");
  const auto c_product = col("line_item_product_code");
  const auto c_kind = col("line_item_line_item_type");
  const auto c_currency = col("line_item_currency_code");
  std::map<std::pair<std::string, std::string>, CurLine> lines;
  bool first = true;
  while (reader.next()) {
    if (reader.blank()) continue;
    ++data.rows;
    const auto& f = reader.fields();
    const std::size_t need = std::max({c_type, c_amount, c_cost, c_resource, c_start}) + 1;
    if (f.size() < need) {
      throw Error(reader.end_of_record(), "",
                  fmt::format("row has {} field(s); the header has {}", f.size(), header.size()));
    }
    auto text = [&](std::optional<std::size_t> c) {
      return c && *c < f.size() ? std::string(f[*c].text) : std::string();
    };
    if (c_product && text(c_product) != "AWSLambda") {
      ++data.skipped_rows;
      continue;
    }
    if (c_kind) {
      const std::string kind = text(c_kind);
      if (kind != "Usage" && kind != "DiscountedUsage" && kind != "SavingsPlanCoveredUsage") {
        ++data.skipped_rows;  // Tax, Credit, Refund, Fee, ...
        continue;
      }
    }
    ++data.lambda_rows;
    auto number = [&](std::size_t c, const char* what) {
      const auto v = to_number(f[c].text);
      if (!v) {
        throw Error(SourceLocation{file, f[c].line, f[c].column}, header[c],
                    fmt::format("expected {} (a number), got '{}'", what, f[c].text));
      }
      return *v;
    };
    auto when = [&](std::size_t c) {
      const auto t = parse_utc(std::string(f[c].text));
      if (!t) {
        throw Error(
            SourceLocation{file, f[c].line, f[c].column}, header[c],
            fmt::format("expected a time such as 2025-01-06T07:00:00Z, got '{}'", f[c].text));
      }
      return *t;
    };
    const std::int64_t start = when(c_start);
    const std::int64_t end =
        c_end && *c_end < f.size() && !f[*c_end].text.empty() ? when(*c_end) : start + 3600;
    data.start = first ? start : std::min(data.start, start);
    data.end = first ? end : std::max(data.end, end);
    first = false;
    if (c_currency && !text(c_currency).empty()) data.currency = text(c_currency);
    std::string function;
    const std::string resource = std::string(f[c_resource].text);
    if (data.region.empty() && resource.rfind("arn:aws:lambda:", 0) == 0) {
      data.region = resource.substr(15, resource.find(':', 15) - 15);
    }
    if (const auto at = resource.find(":function:"); at != std::string::npos) {
      function = resource.substr(at + 10);
      function = function.substr(0, function.find(':'));
    }
    const std::string type = std::string(f[c_type].text);
    CurLine& line = lines[{function, type}];
    line.function = function;
    line.usage_type = type;
    std::string region;
    line.item = classify_usage_type(type, &line.arm, &region);
    line.usage += number(c_amount, "line_item_usage_amount");
    line.cost += number(c_cost, "line_item_unblended_cost");
    ++line.rows;
  }
  for (auto& [key, line] : lines) data.lines.push_back(line);
  if (data.lambda_rows == 0) {
    data.warnings.push_back(file + ": no AWS Lambda usage rows (" + std::to_string(data.rows) +
                            " rows read)");
  }
  return data;
}

}  // namespace ls::tools::import
