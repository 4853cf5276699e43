// The AWS Cost and Usage Report's Lambda lines: a CUR 2.0 / Data Exports CSV
// (gzip accepted; the legacy CUR's lineItem/UsageType header names are read
// too), read with the RFC 4180 reader (models/config/csv_reader.hpp).
// line_item_usage_type is matched by what follows its region prefix
// (USE1-, EUW1-, APN1-, ... or none), so every region reads the same:
//   Request[-ARM]                          requests
//   Lambda-GB-Second[-ARM]                 on-demand duration (and INIT), GB-s
//   Lambda-Provisioned-Concurrency[-ARM]   provisioned concurrency allocated, GB-s
//   Lambda-Provisioned-GB-Second[-ARM]     duration on provisioned concurrency, GB-s
//   Lambda-Ephemeral-Storage* / Lambda-Storage*  ephemeral storage above 512 MB, GB-s
// Other Lambda usage types (Lambda@Edge, SnapStart, data transfer, ...) are
// kept as "other" lines: shown, not compared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ls::tools::import {

enum class BillItem {
  Requests,
  Duration,
  ProvisionedAllocated,
  ProvisionedDuration,
  Ephemeral,
  Other
};
const char* bill_item_name(BillItem item);  // "requests", "duration", ...
const char* bill_item_unit(BillItem item);  // "requests" or "GB-s"

// A usage type's item and architecture; `region` gets its prefix ("USE1", "" when none).
BillItem classify_usage_type(const std::string& usage_type, bool* arm, std::string* region);

// One usage type of one function, summed over the rows of the window.
struct CurLine {
  std::string function;    // from line_item_resource_id (…:function:NAME[:qualifier]); "" = none
  std::string usage_type;  // as written
  BillItem item = BillItem::Other;
  bool arm = false;
  double usage = 0;  // line_item_usage_amount
  double cost = 0;   // line_item_unblended_cost
  std::size_t rows = 0;
};

struct CurData {
  std::string file;
  std::vector<CurLine> lines;       // sorted by function, then usage type
  std::int64_t start = 0, end = 0;  // UTC s: earliest usage start, latest usage end
  std::string currency = "USD";
  std::string region;  // of the first Lambda ARN in line_item_resource_id ("" none)
  std::size_t rows = 0, lambda_rows = 0, skipped_rows = 0;
  std::vector<std::string> warnings;
};

// Reads a CUR CSV (a ".gz" file, or any file starting with gzip's magic
// bytes, is decompressed as it is read). Rows of other services
// (line_item_product_code other than AWSLambda, when that column exists) and
// of line item types other than Usage (Tax, Credit, ..., when
// line_item_line_item_type exists) are skipped and counted. Throws ls::Error
// at file:line:col when a needed column is missing or a value is malformed.
CurData read_cur(const std::string& file);

}  // namespace ls::tools::import
