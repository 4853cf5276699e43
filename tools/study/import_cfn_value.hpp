// CloudFormation intrinsic functions, resolved statically: a template value
// (YAML short-form tags such as `!Ref`, `!Sub`, `!GetAtt`, `!If`,
// `!FindInMap`, `!Join`, `!Select`, `!Split`, or their JSON long forms
// `{"Ref": ...}`, `{"Fn::Sub": ...}`) becomes plain data where the template
// and the parameters determine it, and an Unresolved value saying why where
// they do not (a parameter without a default, `AWS::AccountId`,
// `Fn::ImportValue`, ...). References to the template's own resources stay
// symbolic: a `Ref` or `Fn::GetAtt` of a resource records its logical ID in
// `refs`, which is how a mapping or alias finds its function.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ls::tools::import {

struct CfnValue {
  enum class Kind { Null, Scalar, List, Map, Unresolved, NoValue };
  Kind kind = Kind::Null;
  std::string text;  // Scalar; Unresolved: the best-effort text (a Sub with ${...} left in)
  std::string why;   // Unresolved: the reason
  std::vector<CfnValue> items;
  std::vector<std::pair<std::string, CfnValue>> entries;
  std::vector<std::string> refs;  // logical IDs of this template's resources it refers to

  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_unresolved() const { return kind == Kind::Unresolved; }
  bool is_absent() const { return kind == Kind::Null || kind == Kind::NoValue; }
  const CfnValue* get(const std::string& key) const;  // Map entry or nullptr
};

// The pseudo parameters a user may pin (AWS::Region, AWS::StackName,
// AWS::AccountId, ...) and parameter overrides (`--parameter Name=Value`).
struct CfnInputs {
  std::map<std::string, std::string> parameters;
  std::map<std::string, std::string> pseudo;
};

class CfnResolver {
 public:
  // `root` is the whole template; throws ls::Error (naming `file`) when an
  // override names no parameter of the template.
  CfnResolver(const YAML::Node& root, std::string file, CfnInputs inputs);

  CfnValue resolve(const YAML::Node& node) const;
  // A named condition of the Conditions section; nullopt when it cannot be
  // decided statically (`why` says why).
  std::optional<bool> condition(const std::string& name, std::string* why) const;

  bool is_resource(const std::string& logical_id) const;
  std::string resource_type(const std::string& logical_id) const;
  // Parameters that had neither an override nor a default.
  const std::set<std::string>& parameters_without_value() const { return no_value_; }

 private:
  CfnValue resolve_intrinsic(const std::string& name, const YAML::Node& arg, bool short_form) const;
  CfnValue resolve_plain(const YAML::Node& node) const;  // ignores the node's own tag
  CfnValue ref(const std::string& name) const;
  CfnValue get_att(const std::string& resource, const std::string& attribute) const;
  CfnValue sub(const std::string& text, const std::map<std::string, CfnValue>& vars) const;
  std::optional<bool> condition_value(const YAML::Node& node, std::string* why, int depth) const;

  YAML::Node root_;
  std::string file_;
  CfnInputs inputs_;
  std::map<std::string, CfnValue> parameter_values_;
  std::set<std::string> no_value_;
  mutable int depth_ = 0;
};

// "name" or "Fn::name" when `node` is an intrinsic function call (a short-form
// tag, or a one-entry mapping whose key is Ref or Fn::...), with its argument.
std::optional<std::pair<std::string, YAML::Node>> intrinsic_of(const YAML::Node& node);

// The node at `keys` below `node` (a chain of mapping keys), or a Null node
// when any is missing; never throws (yaml-cpp's operator[] does on a chain
// through a missing key).
YAML::Node child(const YAML::Node& node, std::initializer_list<std::string> keys);
inline bool present(const YAML::Node& node) { return node && !node.IsNull(); }

// 1-based line and column of a node (0 when unknown).
std::pair<int, int> line_col(const YAML::Node& node);

}  // namespace ls::tools::import
