// Typed reading of scenario document nodes against the key table: unknown
// keys, missing keys, defaults, ranges and enum choices are all checked
// here, so the section parsers only say which key they want. Internal to the
// scenario loader. Every failure is an ls::Error located at the offending
// node (or, for a missing key, at the mapping that lacks it).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "models/config/scenario_doc.hpp"
#include "models/config/scenario_keys.hpp"
#include "sim/dist.hpp"
#include "sim/time.hpp"

namespace ls::models::detail {

class AzureCountsCache;  // scenario_csv.hpp

struct ReadContext {
  std::string base_dir;  // relative file names (traces, samples) resolve against it
  // Azure invocation files read so far in this load (null: none kept).
  std::shared_ptr<AzureCountsCache> azure_counts;
};

// "a" + "b" → "a.b" ("" + "b" → "b"); "a" + 3 → "a[3]".
std::string child_path(const std::string& path, std::string_view key);
std::string item_path(const std::string& path, std::size_t index);

// The whole of `s` as a number (std::from_chars: no leading '+', no
// hex), or nullopt; parse_number also rejects infinities and NaN.
std::optional<std::int64_t> parse_int(std::string_view s);
std::optional<double> parse_number(std::string_view s);

// `text` with newlines, tabs and other control characters written as
// escapes (\n, \x01): a message about a block scalar stays on one line.
std::string one_line(std::string_view text);

// A key path for messages, joined only when a message is made: reading a
// key of a function (functions.<name>.<key>) then costs no string.
// It refers to its parts: make it for one call.
class KeyPath {
 public:
  KeyPath(const std::string& path) : base_(path) {}  // NOLINT(google-explicit-constructor)
  KeyPath(const char* path) : base_(path) {}         // NOLINT(google-explicit-constructor)
  KeyPath(const std::string& base, std::string_view key) : base_(base), key_(key), child_(true) {}
  std::string str() const {
    return child_ ? child_path(std::string(base_), key_) : std::string(base_);
  }

 private:
  std::string_view base_;
  std::string_view key_;
  bool child_ = false;
};

// Throws ls::Error at `node`; the message is made one_line.
[[noreturn]] void fail(const doc::Node& node, const std::string& path, std::string message);
// `path` resolved against ctx.base_dir unless absolute.
std::string resolve_file(const ReadContext& ctx, const std::string& path);

// Values checked against `spec` (its range or choices); used for map values
// and for the alternative forms of composite keys.
std::int64_t to_int(const doc::Node& node, const KeyPath& path, const keys::KeySpec& spec);
double to_number(const doc::Node& node, const KeyPath& path, const keys::KeySpec& spec);
sim::Time to_duration(const doc::Node& node, const KeyPath& path, const keys::KeySpec& spec);
double to_rate(const doc::Node& node, const KeyPath& path, const keys::KeySpec& spec);
std::string to_choice(const doc::Node& node, const KeyPath& path, const keys::KeySpec& spec);
std::string to_string(const doc::Node& node, const KeyPath& path);

// A mapping read as section `section` of the key table. Construction rejects
// any key the section does not declare, with a did-you-mean suggestion.
class MapView {
 public:
  MapView(const doc::Node& node, std::string path, std::string_view section);

  const doc::Node& node() const { return *node_; }
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const { return child_path(path_, key); }
  const keys::KeySpec& spec(std::string_view key) const;

  // The value of `key`, or nullptr when absent or null (`key: ~` unsets).
  const doc::Node* get(std::string_view key) const;
  // The value of `key`; a missing key fails.
  const doc::Node& need(std::string_view key) const;
  [[noreturn]] void fail_missing(std::string_view key) const;
  [[noreturn]] void fail_at(std::string_view key, std::string message) const;

  // Fails on any present key whose table entry says it applies only to
  // other values of the discriminator (e.g. `mean:` with `dist: uniform`).
  void check_applies(std::string_view discriminator, std::string_view value) const;

  // Typed getters: the table's default when absent (Need::Default), nullopt
  // for an absent optional key, an error for an absent required one.
  std::optional<std::int64_t> get_int(std::string_view key) const;
  std::optional<std::uint64_t> get_uint64(std::string_view key) const;
  std::optional<double> get_number(std::string_view key) const;
  std::optional<bool> get_bool(std::string_view key) const;
  std::optional<std::string> get_string(std::string_view key) const;
  // Duration or DurationOrNever keys; `never` is sim::kNever.
  std::optional<sim::Time> get_duration(std::string_view key) const;
  // The same, checked against `s` (the key's table entry with a narrower
  // range, where another key narrows it).
  std::optional<sim::Time> get_duration(std::string_view key, const keys::KeySpec& s) const;
  std::optional<double> get_rate(std::string_view key) const;
  std::optional<std::string> get_choice(std::string_view key) const;

 private:
  // The node to read for `key`: the present one, a synthetic node holding
  // the table's default, or nullptr (absent optional key).
  // Points at the node in the document (no copy: it is read for every key of
  // every function) or holds the synthetic default.
  struct Value {
    const doc::Node* present = nullptr;
    std::optional<doc::Node> fallback;
    explicit operator bool() const { return present != nullptr || fallback.has_value(); }
    const doc::Node& operator*() const { return present != nullptr ? *present : *fallback; }
    const doc::Node* operator->() const { return &**this; }
  };
  // `s` is key's entry in the table (looked up once per read).
  Value value_or_default(std::string_view key, const keys::KeySpec& s) const;

  const doc::Node* node_;
  std::string path_;
  // The key table's name of the section: static text (every caller passes
  // a literal), so not copied for each of a fleet's ~10 maps per function.
  std::string_view section_;
};

// A Dist: a bare duration (fixed) or a mapping of section "<Dist>".
sim::Dist read_dist(const doc::Node& node, const std::string& path, const ReadContext& ctx);

}  // namespace ls::models::detail
