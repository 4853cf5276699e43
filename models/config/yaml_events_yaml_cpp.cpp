// yaml-cpp's events, forwarded to the builder (yaml_events.hpp).
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "models/config/yaml_events.hpp"

namespace ls::models::doc::detail {
namespace {

Mark mark_of(const YAML::Mark& m) { return Mark{m.line, m.column, m.pos}; }

std::string anchor_name(YAML::anchor_t anchor) {
  return anchor == 0 ? std::string() : std::to_string(anchor);
}

class Forward : public YAML::EventHandler {
 public:
  explicit Forward(Builder& builder) : b_(builder) {}

  void OnDocumentStart(const YAML::Mark& mark) override { b_.document_start(mark_of(mark)); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    b_.null(mark_of(mark), anchor_name(anchor));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    b_.alias(mark_of(mark), anchor_name(anchor));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // "?" is yaml-cpp's tag for a plain scalar; quoted ones get "!" and
    // explicitly tagged ones their tag: all of those stay strings.
    b_.scalar(mark_of(mark), anchor_name(anchor), tag != "?", value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    b_.start(Node::Kind::List, mark_of(mark), anchor_name(anchor));
  }
  void OnSequenceEnd() override { b_.finish(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    b_.start(Node::Kind::Map, mark_of(mark), anchor_name(anchor));
  }
  void OnMapEnd() override { b_.finish(); }

 private:
  Builder& b_;
};

}  // namespace

void read_with_yaml_cpp(const std::string& text, Builder& builder) {
  std::istringstream in(text);
  Forward forward(builder);
  YAML::Parser parser(in);
  while (parser.HandleNextDocument(forward)) {
  }
}

}  // namespace ls::models::doc::detail
