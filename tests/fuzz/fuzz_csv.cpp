// The CSV readers: CsvReader itself, then every scenario reader of CSV
// inputs (timestamp traces, per-minute counts, the Azure invocations file,
// empirical samples) on the same bytes as a file.
#include <sstream>

#include "fuzz_support.hpp"
#include "models/config/csv_reader.hpp"
#include "models/config/scenario_csv.hpp"
#include "models/error.hpp"

namespace {

template <class F>
void expect_only_errors(F read) {
  try {
    read();
  } catch (const ls::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ls::models;
  const std::string_view text = ls::fuzz::as_text(data, size);
  expect_only_errors([&] {
    std::istringstream in{std::string(text)};
    CsvReader reader(in, "fuzz.csv", "", 4096);  // a small limit: reached too
    reader.skip_comment_lines(size > 0 && data[0] % 2 ? '#' : 0);
    while (reader.next()) {
      for (const auto& f : reader.fields()) {
        if (f.line < 1 || f.column < 1) __builtin_trap();
      }
    }
  });
  const std::string file = ls::fuzz::write_input("fuzz.csv", text);
  const detail::CsvRef ref{"workloads[0].arrivals.file", {}, "workloads[0].arrivals.column", {}};
  expect_only_errors([&] { detail::read_timestamp_trace(file, std::nullopt, ref); });
  expect_only_errors([&] { detail::read_samples(file, std::string("duration_ms"), ref); });
  expect_only_errors([&] { detail::read_cloudwatch_counts(file, std::nullopt, ref); });
  expect_only_errors([&] {
    detail::read_azure_counts(file, detail::AzureRow{std::int64_t{1}, "row", {}}, ref);
  });
  expect_only_errors([&] {
    detail::read_azure_counts(file, detail::AzureRow{std::string("a"), "row", {}}, ref);
  });
  return 0;
}
