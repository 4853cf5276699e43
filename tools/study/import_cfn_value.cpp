#include "tools/study/import_cfn_value.hpp"

#include <charconv>

#include "models/error.hpp"

namespace ls::tools::import {

namespace {

CfnValue scalar(std::string text, std::vector<std::string> refs = {}) {
  CfnValue v;
  v.kind = CfnValue::Kind::Scalar;
  v.text = std::move(text);
  v.refs = std::move(refs);
  return v;
}

CfnValue unresolved(std::string why, std::string text = "", std::vector<std::string> refs = {}) {
  CfnValue v;
  v.kind = CfnValue::Kind::Unresolved;
  v.why = std::move(why);
  v.text = std::move(text);
  v.refs = std::move(refs);
  return v;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// Templates nest intrinsics a few levels deep; a cycle (a condition naming
// itself) must end in an error, not a stack overflow.
constexpr int kMaxDepth = 64;

std::vector<std::string> split(const std::string& text, const std::string& delimiter) {
  std::vector<std::string> parts;
  if (delimiter.empty()) return {text};
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(delimiter, start)) != std::string::npos;) {
    parts.push_back(text.substr(start, at - start));
    start = at + delimiter.size();
  }
  parts.push_back(text.substr(start));
  return parts;
}

CfnValue list_of(const std::vector<std::string>& texts) {
  CfnValue v;
  v.kind = CfnValue::Kind::List;
  for (const auto& t : texts) v.items.push_back(scalar(t));
  return v;
}

}  // namespace

const CfnValue* CfnValue::get(const std::string& key) const {
  for (const auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

// Node::reset rebinds a handle; operator= would write through it into the
// document (yaml-cpp nodes are references).
YAML::Node child(const YAML::Node& node, std::initializer_list<std::string> keys) {
  YAML::Node at;
  at.reset(node);
  for (const auto& key : keys) {
    if (!at || !at.IsMap()) return YAML::Node();
    YAML::Node next;
    for (const auto& e : at) {
      if (e.first.IsScalar() && e.first.Scalar() == key) {
        next.reset(e.second);
        break;
      }
    }
    at.reset(next);
  }
  return at;
}

std::pair<int, int> line_col(const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return {0, 0};
  return {m.line + 1, m.column + 1};
}

std::optional<std::pair<std::string, YAML::Node>> intrinsic_of(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  if (tag.size() > 1 && tag[0] == '!' && tag != "!" && tag.rfind("tag:", 0) != 0) {
    const std::string name = tag.substr(1);
    if (name == "Ref" || name == "Condition") return std::make_pair(name, node);
    return std::make_pair("Fn::" + name, node);
  }
  if (node.IsMap() && node.size() == 1) {
    const auto it = node.begin();
    const std::string key = it->first.Scalar();
    if (key == "Ref" || key.rfind("Fn::", 0) == 0) return std::make_pair(key, it->second);
  }
  return std::nullopt;
}

CfnResolver::CfnResolver(const YAML::Node& root, std::string file, CfnInputs inputs)
    : root_(root), file_(std::move(file)), inputs_(std::move(inputs)) {
  const YAML::Node params = child(root_, {"Parameters"});
  std::vector<std::string> names;
  if (params.IsMap()) {
    for (const auto& p : params) {
      const std::string name = p.first.Scalar();
      names.push_back(name);
      const YAML::Node type = child(p.second, {"Type"});
      const std::string type_text = type.IsScalar() ? type.Scalar() : "String";
      std::optional<std::string> value;
      std::string from;
      if (auto it = inputs_.parameters.find(name); it != inputs_.parameters.end()) {
        value = it->second;
      } else if (const YAML::Node d = child(p.second, {"Default"}); present(d)) {
        if (d.IsScalar()) value = d.Scalar();
        if (d.IsSequence()) {
          std::string joined;
          for (std::size_t i = 0; i < d.size(); ++i) joined += (i ? "," : "") + d[i].Scalar();
          value = joined;
        }
      }
      if (type_text.rfind("AWS::SSM::Parameter::Value", 0) == 0 &&
          !inputs_.parameters.count(name)) {
        parameter_values_[name] =
            unresolved("parameter " + name +
                       " is read from SSM Parameter Store at deploy time; pass "
                       "--parameter " +
                       name + "=VALUE");
        continue;
      }
      if (!value) {
        no_value_.insert(name);
        parameter_values_[name] = unresolved(
            "parameter " + name + " has no Default; pass --parameter " + name + "=VALUE");
        continue;
      }
      const bool is_list = type_text == "CommaDelimitedList" || type_text.rfind("List<", 0) == 0;
      parameter_values_[name] = is_list ? list_of(split(*value, ",")) : scalar(*value);
    }
  }
  for (const auto& [name, value] : inputs_.parameters) {
    (void)value;
    if (!parameter_values_.count(name)) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      throw Error(SourceLocation{file_, 0, 0}, "--parameter " + name,
                  "the template has no parameter " + name +
                      (list.empty() ? " (it declares none)" : "; its parameters: " + list));
    }
  }
}

bool CfnResolver::is_resource(const std::string& id) const {
  return present(child(root_, {"Resources", id}));
}

std::string CfnResolver::resource_type(const std::string& id) const {
  if (!is_resource(id)) return "";
  const YAML::Node t = child(root_, {"Resources", id, "Type"});
  return t.IsScalar() ? t.Scalar() : "";
}

CfnValue CfnResolver::ref(const std::string& name) const {
  if (auto it = parameter_values_.find(name); it != parameter_values_.end()) return it->second;
  if (name == "AWS::NoValue") {
    CfnValue v;
    v.kind = CfnValue::Kind::NoValue;
    return v;
  }
  if (name.rfind("AWS::", 0) == 0) {
    if (auto it = inputs_.pseudo.find(name); it != inputs_.pseudo.end()) return scalar(it->second);
    std::string option = name == "AWS::Region"      ? " (pass --region)"
                         : name == "AWS::StackName" ? " (pass --stack-name)"
                                                    : "";
    return unresolved("pseudo parameter " + name + " is known only at deploy time" + option,
                      "${" + name + "}");
  }
  // SAM's `!Ref Fn.Alias` / `Fn.Version` name the function's alias or version.
  const std::string id = name.substr(0, name.find('.'));
  if (is_resource(id)) {
    // A function's Ref is its name: the FunctionName property when it is
    // static, else the logical ID stands in (the refs say which resource).
    const YAML::Node fname = child(root_, {"Resources", id, "Properties", "FunctionName"});
    if (present(fname) && depth_ < kMaxDepth) {
      const CfnValue v = resolve(fname);
      if (v.is_scalar()) return scalar(v.text, {id});
    }
    return scalar(id, {id});
  }
  return unresolved("Ref " + name + ": no parameter or resource of that name");
}

CfnValue CfnResolver::get_att(const std::string& resource, const std::string& attribute) const {
  if (!is_resource(resource))
    return unresolved("GetAtt " + resource + "." + attribute + ": no resource " + resource);
  // Attributes are ARNs and names made at deploy time: kept symbolic, with
  // the resource in refs (its type says what kind of ARN it is).
  return scalar("{{" + resource + "." + attribute + "}}", {resource});
}

CfnValue CfnResolver::sub(const std::string& text,
                          const std::map<std::string, CfnValue>& vars) const {
  std::string out;
  std::vector<std::string> refs;
  std::string why;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "${!") == 0) {  // a literal ${...}
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    const std::size_t end = text.find('}', i);
    if (end == std::string::npos) return unresolved("Fn::Sub: '${' without a closing '}'", text);
    const std::string name = text.substr(i + 2, end - i - 2);
    i = end + 1;
    CfnValue v;
    if (auto it = vars.find(name); it != vars.end()) {
      v = it->second;
    } else if (const auto dot = name.find('.'); dot != std::string::npos &&
                                                name.rfind("AWS::", 0) != 0 &&
                                                is_resource(name.substr(0, dot))) {
      v = get_att(name.substr(0, dot), name.substr(dot + 1));
    } else {
      v = ref(name);
    }
    append(refs, v.refs);
    if (v.is_scalar()) {
      out += v.text;
    } else {
      out += "${" + name + "}";
      if (why.empty()) why = v.is_unresolved() ? v.why : "${" + name + "} is not a single value";
    }
  }
  if (!why.empty()) return unresolved(why, out, refs);
  return scalar(out, refs);
}

CfnValue CfnResolver::resolve(const YAML::Node& node) const {
  if (!node || node.IsNull()) return {};
  if (depth_ > kMaxDepth) return unresolved("intrinsic functions nested too deep (a cycle?)");
  ++depth_;
  CfnValue v;
  if (auto f = intrinsic_of(node)) {
    v = resolve_intrinsic(f->first, f->second, f->second.is(node));
  } else {
    v = resolve_plain(node);
  }
  --depth_;
  return v;
}

CfnValue CfnResolver::resolve_plain(const YAML::Node& node) const {
  CfnValue v;
  if (node.IsScalar()) return scalar(node.Scalar());
  if (node.IsSequence()) {
    v.kind = CfnValue::Kind::List;
    for (const auto& item : node) {
      CfnValue r = resolve(item);
      if (r.kind == CfnValue::Kind::NoValue) continue;  // AWS::NoValue drops a list item
      append(v.refs, r.refs);
      v.items.push_back(std::move(r));
    }
    return v;
  }
  if (node.IsMap()) {
    v.kind = CfnValue::Kind::Map;
    for (const auto& e : node) {
      CfnValue r = resolve(e.second);
      if (r.kind == CfnValue::Kind::NoValue) continue;  // AWS::NoValue removes the property
      append(v.refs, r.refs);
      v.entries.emplace_back(e.first.Scalar(), std::move(r));
    }
  }
  return v;
}

CfnValue CfnResolver::resolve_intrinsic(const std::string& name, const YAML::Node& arg,
                                        bool short_form) const {
  // A short-form tag's argument is the tagged node itself: its own tag must
  // not be read again.
  auto whole = [&]() { return short_form ? resolve_plain(arg) : resolve(arg); };
  auto args = [&]() {  // the argument as a list of resolved values
    std::vector<CfnValue> out;
    if (arg.IsSequence())
      for (const auto& a : arg) out.push_back(resolve(a));
    return out;
  };
  if (name == "Ref") {
    const CfnValue target = resolve_plain(arg);
    if (!target.is_scalar()) return unresolved("Ref needs a name");
    return ref(target.text);
  }
  if (name == "Fn::GetAtt") {
    std::string resource, attribute;
    if (arg.IsScalar()) {
      const std::string t = arg.Scalar();
      const auto dot = t.find('.');
      if (dot == std::string::npos)
        return unresolved("Fn::GetAtt " + t + ": expected Resource.Attribute");
      resource = t.substr(0, dot);
      attribute = t.substr(dot + 1);
    } else {
      const auto a = args();
      if (a.size() != 2 || !a[0].is_scalar() || !a[1].is_scalar())
        return unresolved("Fn::GetAtt: expected [Resource, Attribute]");
      resource = a[0].text;
      attribute = a[1].text;
    }
    return get_att(resource, attribute);
  }
  if (name == "Fn::Sub") {
    if (arg.IsScalar()) return sub(arg.Scalar(), {});
    const auto a = args();
    if (a.size() != 2 || !a[0].is_scalar() || a[1].kind != CfnValue::Kind::Map)
      return unresolved("Fn::Sub: expected a string or [string, {variables}]");
    std::map<std::string, CfnValue> vars;
    for (const auto& [k, val] : a[1].entries) vars[k] = val;
    return sub(a[0].text, vars);
  }
  if (name == "Fn::Join") {
    const auto a = args();
    if (a.size() != 2 || !a[0].is_scalar() || a[1].kind != CfnValue::Kind::List)
      return unresolved("Fn::Join: expected [delimiter, [values]]");
    std::string out, why;
    std::vector<std::string> refs;
    for (std::size_t i = 0; i < a[1].items.size(); ++i) {
      const CfnValue& item = a[1].items[i];
      out += (i ? a[0].text : "") + item.text;
      append(refs, item.refs);
      if (!item.is_scalar() && why.empty())
        why = item.is_unresolved() ? item.why : "a value is not a string";
    }
    return why.empty() ? scalar(out, refs) : unresolved(why, out, refs);
  }
  if (name == "Fn::Select") {
    const auto a = args();
    if (a.size() != 2) return unresolved("Fn::Select: expected [index, [values]]");
    if (a[0].is_unresolved()) return a[0];
    if (a[1].is_unresolved()) return a[1];
    std::size_t index = 0;
    const auto [p, ec] =
        std::from_chars(a[0].text.data(), a[0].text.data() + a[0].text.size(), index);
    if (!a[0].is_scalar() || ec != std::errc() || p != a[0].text.data() + a[0].text.size() ||
        a[1].kind != CfnValue::Kind::List || index >= a[1].items.size())
      return unresolved("Fn::Select: index '" + a[0].text + "' is not an index into the list");
    return a[1].items[index];
  }
  if (name == "Fn::Split") {
    const auto a = args();
    if (a.size() != 2 || !a[0].is_scalar())
      return unresolved("Fn::Split: expected [delimiter, string]");
    if (!a[1].is_scalar())
      return unresolved(a[1].is_unresolved() ? a[1].why : "Fn::Split: not a string");
    CfnValue v = list_of(split(a[1].text, a[0].text));
    v.refs = a[1].refs;
    return v;
  }
  if (name == "Fn::FindInMap") {
    const auto a = args();
    if (a.size() < 3) return unresolved("Fn::FindInMap: expected [MapName, TopKey, SecondKey]");
    for (std::size_t i = 0; i < 3; ++i)
      if (!a[i].is_scalar())
        return unresolved(a[i].is_unresolved() ? a[i].why : "Fn::FindInMap: a key is not a string");
    const YAML::Node m = child(root_, {"Mappings", a[0].text, a[1].text, a[2].text});
    if (present(m)) return resolve(m);
    if (a.size() == 4 && a[3].get("DefaultValue")) return *a[3].get("DefaultValue");
    return unresolved("Fn::FindInMap: Mappings." + a[0].text + "." + a[1].text + "." + a[2].text +
                      " does not exist");
  }
  if (name == "Fn::If") {
    if (!arg.IsSequence() || arg.size() != 3)
      return unresolved("Fn::If: expected [condition, then, else]");
    std::string why;
    const auto c = condition(arg[0].Scalar(), &why);
    if (!c) return unresolved("Fn::If " + arg[0].Scalar() + ": " + why);
    return resolve(*c ? arg[1] : arg[2]);
  }
  if (name == "Fn::Base64") return whole();
  if (name == "Fn::Length") {
    const CfnValue l = whole();
    if (l.kind != CfnValue::Kind::List) return unresolved("Fn::Length: not a list");
    return scalar(std::to_string(l.items.size()));
  }
  if (name == "Fn::Equals" || name == "Fn::And" || name == "Fn::Or" || name == "Fn::Not" ||
      name == "Condition") {
    std::string why;
    YAML::Node call;
    call[name] = arg;
    const auto c = condition_value(call, &why, 0);
    if (!c) return unresolved(why);
    return scalar(*c ? "true" : "false");
  }
  return unresolved(name + " cannot be resolved without deploying the template");
}

std::optional<bool> CfnResolver::condition(const std::string& name, std::string* why) const {
  const YAML::Node c = child(root_, {"Conditions", name});
  if (!present(c)) {
    *why = "no condition named " + name;
    return std::nullopt;
  }
  return condition_value(c, why, 0);
}

std::optional<bool> CfnResolver::condition_value(const YAML::Node& node, std::string* why,
                                                 int depth) const {
  if (depth > kMaxDepth) {
    *why = "conditions nested too deep (a cycle?)";
    return std::nullopt;
  }
  std::optional<std::pair<std::string, YAML::Node>> f = intrinsic_of(node);
  if (!f && node.IsMap() && node.size() == 1 && node.begin()->first.Scalar() == "Condition")
    f = std::make_pair(std::string("Condition"), node.begin()->second);
  if (!f) {
    const CfnValue v = resolve(node);
    if (v.is_scalar() && (v.text == "true" || v.text == "false")) return v.text == "true";
    *why = v.is_unresolved() ? v.why : "not a condition";
    return std::nullopt;
  }
  const auto& [name, arg] = *f;
  if (name == "Condition") {
    const YAML::Node c = child(root_, {"Conditions", arg.Scalar()});
    if (!present(c)) {
      *why = "no condition named " + arg.Scalar();
      return std::nullopt;
    }
    return condition_value(c, why, depth + 1);
  }
  if (name == "Fn::Equals") {
    if (!arg.IsSequence() || arg.size() != 2) {
      *why = "Fn::Equals: expected [a, b]";
      return std::nullopt;
    }
    const CfnValue a = resolve(arg[0]);
    const CfnValue b = resolve(arg[1]);
    for (const CfnValue* v : {&a, &b}) {
      if (!v->is_scalar()) {
        *why = v->is_unresolved() ? v->why : "Fn::Equals compares a value that is not a string";
        return std::nullopt;
      }
    }
    return a.text == b.text;
  }
  if (name == "Fn::Not" || name == "Fn::And" || name == "Fn::Or") {
    if (!arg.IsSequence() || arg.size() == 0) {
      *why = name + ": expected a list of conditions";
      return std::nullopt;
    }
    std::vector<bool> values;
    for (const auto& item : arg) {
      const auto v = condition_value(item, why, depth + 1);
      if (!v) return std::nullopt;
      values.push_back(*v);
    }
    if (name == "Fn::Not") return !values[0];
    bool all = true, any = false;
    for (bool b : values) {
      all = all && b;
      any = any || b;
    }
    return name == "Fn::And" ? all : any;
  }
  const CfnValue v = resolve(node);
  if (v.is_scalar() && (v.text == "true" || v.text == "false")) return v.text == "true";
  *why = v.is_unresolved() ? v.why : name + " is not a condition";
  return std::nullopt;
}

}  // namespace ls::tools::import
