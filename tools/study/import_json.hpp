// JSON inputs of `lambdasim import` (Terraform, CloudWatch): parsed with
// nlohmann::json, a syntax error reported at its line and column. Internal
// to tools/study.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ls::tools::import {

// Throws ls::Error "file:line:col: not JSON: ..." on a syntax error.
nlohmann::json parse_json(const std::string& file, const std::string& text);

// A scalar as text: strings as they are, integers without a fraction, other
// numbers shortest-round-trip, booleans true/false; "" for null and
// containers.
std::string json_text(const nlohmann::json& value);

}  // namespace ls::tools::import
