#include "tools/study/tune_grid.hpp"

#include <algorithm>
#include <charconv>

#include "models/error.hpp"

namespace ls::tools {
namespace {

constexpr int kMinMemory = 128;
constexpr int kMaxMemory = 10240;

[[noreturn]] void fail(const char* option, const std::string& message) {
  throw Error(SourceLocation{}, option, message);
}

// Comma-separated items, trimmed. An empty list is the caller's to refuse;
// an empty item inside one ("128,,256") is a typo, refused here.
std::vector<std::string> split_list(const char* option, const std::string& text) {
  std::vector<std::string> out;
  if (text.find_first_not_of(" \t,") == std::string::npos) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    if (first == std::string::npos) fail(option, "an empty item in '" + text + "'");
    out.push_back(item.substr(first, last - first + 1));
    start = end + 1;
  }
  return out;
}

long long to_whole(const char* option, const std::string& item, const char* what) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
  if (ec != std::errc() || end != item.data() + item.size())
    fail(option, "'" + item + "' is not " + what);
  return v;
}

template <typename T>
void drop_duplicates(std::vector<T>& items) {
  std::vector<T> seen;
  for (const T& x : items)
    if (std::find(seen.begin(), seen.end(), x) == seen.end()) seen.push_back(x);
  items = std::move(seen);
}

}  // namespace

std::vector<int> parse_memory_list(const std::string& text) {
  std::vector<int> out;
  if (text == "all") {
    for (int m = kMinMemory; m <= kMaxMemory; m += 64) out.push_back(m);
    return out;
  }
  for (const auto& item : split_list("--memory", text)) {
    const long long m = to_whole("--memory", item, "a whole number of MB");
    if (m < kMinMemory || m > kMaxMemory) {
      fail("--memory", std::to_string(m) + " is out of range (allowed: " +
                           std::to_string(kMinMemory) + " to " + std::to_string(kMaxMemory) + ")");
    }
    out.push_back(static_cast<int>(m));
  }
  if (out.empty()) fail("--memory", "empty list; give sizes in MB, e.g. 128,256,512,1024, or all");
  drop_duplicates(out);
  return out;
}

std::vector<models::Architecture> parse_architecture_list(const std::string& text) {
  std::vector<models::Architecture> out;
  for (const auto& item : split_list("--arch", text)) {
    if (item == "x86_64") {
      out.push_back(models::Architecture::X86_64);
    } else if (item == "arm64") {
      out.push_back(models::Architecture::Arm64);
    } else {
      fail("--arch", "unknown architecture '" + item + "'; choose from: x86_64, arm64");
    }
  }
  if (out.empty()) fail("--arch", "empty list; give x86_64, arm64 or x86_64,arm64");
  drop_duplicates(out);
  return out;
}

std::vector<int> parse_provisioned_list(const std::string& text) {
  std::vector<int> out;
  for (const auto& item : split_list("--provisioned", text)) {
    const long long v = to_whole("--provisioned", item, "a whole number");
    if (v < 0 || v > 10000000)
      fail("--provisioned", std::to_string(v) + " is out of range (allowed: 0 to 10000000)");
    out.push_back(static_cast<int>(v));
  }
  if (out.empty()) fail("--provisioned", "empty list; give levels, e.g. 0,10,50");
  drop_duplicates(out);
  return out;
}

std::string architecture_name(models::Architecture architecture) {
  return architecture == models::Architecture::Arm64 ? "arm64" : "x86_64";
}

std::vector<TuneVariant> build_variants(const std::string& function, const TuneGrid& grid) {
  const std::string prefix = "functions." + function + ".";
  std::vector<std::optional<int>> levels;
  for (int p : grid.provisioned) levels.emplace_back(p);
  if (levels.empty()) levels.emplace_back(std::nullopt);
  std::vector<TuneVariant> out;
  for (const auto arch : grid.architectures) {
    for (const auto& pc : levels) {
      for (const int memory : grid.memory) {
        TuneVariant v;
        v.memory_mb = memory;
        v.architecture = arch;
        v.provisioned = pc;
        v.sets.push_back(prefix + "memory_mb=" + std::to_string(memory));
        v.sets.push_back(prefix + "architecture=" + architecture_name(arch));
        if (pc) v.sets.push_back(prefix + "provisioned_concurrency=" + std::to_string(*pc));
        out.push_back(std::move(v));
      }
    }
  }
  return out;
}

}  // namespace ls::tools
