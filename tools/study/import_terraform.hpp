// `lambdasim import` of Terraform: the JSON of `terraform show -json`, of a
// state (`values`) or a plan (`planned_values`, with `resource_changes`'
// after_unknown and `configuration`'s references). aws_lambda_function,
// aws_lambda_alias, aws_lambda_provisioned_concurrency_config,
// aws_lambda_event_source_mapping, aws_lambda_function_event_invoke_config,
// aws_appautoscaling_target / _policy / _scheduled_action, and the queues and
// streams they read (aws_sqs_queue, aws_kinesis_stream, aws_dynamodb_table)
// are translated into their CloudFormation equivalents and mapped by the
// same reader (import_cfn.hpp), with Terraform's attribute names in the
// comments. docs/import.md lists every attribute.
#pragma once

#include <string>

#include "tools/study/import_options.hpp"
#include "tools/study/import_scenario.hpp"

namespace ls::tools::import {

// Throws ls::Error (file:line:col for malformed JSON, else the key path and
// what was expected) when `text` is not such a JSON or has no Lambda function.
ImportResult import_terraform(const std::string& file, const std::string& text,
                              const ImportOptions& options);

// Whether `text` is JSON with Terraform's format_version and values /
// planned_values.
bool looks_like_terraform(const std::string& text);

}  // namespace ls::tools::import
