// lambdasim's itemised bill beside the real one (the Cost and Usage Report's
// Lambda lines, import_cur.hpp): per function and bill item, usage and cost
// on both sides and the difference.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "models/billing.hpp"
#include "models/scenario.hpp"
#include "tools/study/import_cur.hpp"

namespace ls::tools::import {

struct BillCompareRow {
  std::string function;      // scenario function ("" for a CUR function not in the scenario)
  std::string cur_function;  // FunctionName in the CUR ("" when none matched)
  BillItem item = BillItem::Other;
  std::string usage_types;  // the CUR usage types summed here
  double cur_usage = 0, cur_cost = 0;
  double sim_usage = 0, sim_cost = 0;
  bool in_cur = false, in_sim = false;
};

struct BillComparison {
  std::vector<BillCompareRow> rows;     // by function, then item
  double cur_total = 0, sim_total = 0;  // compared items only
  double other_cost = 0;                // CUR lines of no compared item
  double cur_hours = 0, sim_hours = 0;  // the two windows
  std::string currency = "USD";
  std::vector<std::string> notes;
};

// `bills` are a run's (one per replication; their mean is compared).
// `aws_names` maps scenario functions to deployed names where known (import
// knows them); otherwise a CUR function matches a scenario function of the
// same name, or a CloudFormation-made "<stack>-<Name>-<suffix>".
BillComparison compare_bill(const models::Scenario& scenario,
                            const std::vector<models::Bill>& bills, const CurData& cur,
                            const std::map<std::string, std::string>& aws_names = {});

}  // namespace ls::tools::import
