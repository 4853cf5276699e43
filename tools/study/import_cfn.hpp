// `lambdasim import` of AWS SAM and CloudFormation templates (YAML with the
// short-form tags, or JSON): functions with their settings, provisioned
// concurrency (aliases, versions, SAM AutoPublishAlias, Application Auto
// Scaling scheduled actions and target tracking), event source mappings and
// SAM events, asynchronous invocation settings. docs/import.md lists every
// property read and what it becomes.
#pragma once

#include <string>

#include "tools/study/import_options.hpp"
#include "tools/study/import_scenario.hpp"

namespace ls::tools::import {

// Reads the template `text` of `file`. Throws ls::Error (file:line:col, key
// path, what was expected) when it is not YAML/JSON, not a template, or has
// no Lambda function; unresolvable values are warnings and placeholders in
// the result, not errors.
ImportResult import_cfn(const std::string& file, const std::string& text,
                        const ImportOptions& options);

// Whether `text` looks like a CloudFormation or SAM template (a mapping with
// Resources, AWSTemplateFormatVersion or Transform) rather than another input.
bool looks_like_cfn(const std::string& text);

}  // namespace ls::tools::import
