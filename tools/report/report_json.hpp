// The JSON report (schema lambdasim.report/1, ../shared/design/report-format.md).
#pragma once

#include <string>

#include "models/scenario.hpp"
#include "tools/io/text_sink.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools {

// With `include_run` false the run.* block (wall time) is left out, so two
// runs of the same scenario and seed give byte-identical text.
std::string report_json(const models::Scenario& scenario, const RunSet& set,
                        bool include_run = true);

// The same text streamed into `sink` (e.g. an AtomicFile) in chunks, never
// held whole: a fleet's report is ~2.8 KB per function (issue #20).
void write_report_json(TextSink& sink, const models::Scenario& scenario, const RunSet& set,
                       bool include_run = true);

}  // namespace ls::tools
