#include "tools/study/tune_select.hpp"

#include <algorithm>
#include <array>

#include "models/config/units.hpp"
#include "models/error.hpp"

namespace ls::tools {
namespace {

constexpr std::array<std::string_view, 7> kSloMetrics = {"mean", "p50",  "p90", "p95",
                                                         "p99",  "p999", "max"};

// Is `a` better than the current best `b` under the strategy's rule?
bool better(const Candidate& a, const Candidate& b, TuneStrategy strategy) {
  if (strategy == TuneStrategy::Cost)
    return a.cost < b.cost || (a.cost == b.cost && a.duration < b.duration);
  return a.duration < b.duration || (a.duration == b.duration && a.cost < b.cost);
}

}  // namespace

std::string_view strategy_name(TuneStrategy strategy) {
  switch (strategy) {
    case TuneStrategy::Cost: return "cost";
    case TuneStrategy::Speed: return "speed";
    case TuneStrategy::Balanced: return "balanced";
  }
  return "cost";
}

TuneStrategy parse_strategy(const std::string& text) {
  if (text == "cost") return TuneStrategy::Cost;
  if (text == "speed") return TuneStrategy::Speed;
  if (text == "balanced") return TuneStrategy::Balanced;
  throw Error(SourceLocation{}, "--strategy",
              "unknown strategy '" + text + "'; choose one of: cost, speed, balanced");
}

std::optional<std::size_t> pick_winner(const std::vector<Candidate>& candidates,
                                       TuneStrategy strategy, double weight) {
  std::optional<std::size_t> best;
  if (strategy != TuneStrategy::Balanced) {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (!candidates[i].eligible) continue;
      if (!best || better(candidates[i], candidates[*best], strategy)) best = i;
    }
    return best;
  }
  const double w = std::clamp(weight, 0.0, 1.0);
  double max_cost = 0.0, max_duration = 0.0;
  for (const auto& c : candidates) {
    if (!c.eligible) continue;
    max_cost = std::max(max_cost, c.cost);
    max_duration = std::max(max_duration, c.duration);
  }
  auto score = [&](const Candidate& c) {
    return (max_cost > 0 ? w * c.cost / max_cost : 0.0) +
           (max_duration > 0 ? (1 - w) * c.duration / max_duration : 0.0);
  };
  double best_score = 0.0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!candidates[i].eligible) continue;
    const double s = score(candidates[i]);
    if (!best || s < best_score) {
      best = i;
      best_score = s;
    }
  }
  return best;
}

std::vector<bool> pareto_front(const std::vector<Candidate>& candidates) {
  std::vector<bool> front(candidates.size(), false);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& a = candidates[i];
    if (!a.eligible) continue;
    bool dominated = false;
    for (const auto& b : candidates) {
      if (!b.eligible) continue;
      if (b.cost <= a.cost && b.duration <= a.duration &&
          (b.cost < a.cost || b.duration < a.duration)) {
        dominated = true;
        break;
      }
    }
    front[i] = !dominated;
  }
  return front;
}

Slo parse_slo(const std::string& text) {
  const auto fail = [&](const std::string& why) -> Slo {
    throw Error(SourceLocation{}, "--slo",
                "'" + text + "': " + why +
                    "; write METRIC<=LIMIT or METRIC<LIMIT, e.g. p99<=800ms (metrics: mean, p50, "
                    "p90, p95, p99, p999, max)");
  };
  const std::size_t op = text.find('<');
  if (op == std::string::npos) return fail("no '<=' or '<'");
  Slo slo;
  slo.text = text;
  slo.metric = text.substr(0, op);
  slo.strict = op + 1 >= text.size() || text[op + 1] != '=';
  const std::string limit = text.substr(op + (slo.strict ? 1 : 2));
  if (std::find(kSloMetrics.begin(), kSloMetrics.end(), slo.metric) == kSloMetrics.end())
    return fail("unknown metric '" + slo.metric + "'");
  try {
    slo.limit_ms = sim::to_millis(models::parse_duration(limit));
  } catch (const models::UnitError& e) {
    return fail(std::string("bad limit: ") + e.what());
  }
  if (!(slo.limit_ms > 0)) return fail("the limit must be > 0");
  return slo;
}

bool slo_met(const Slo& slo, double value_ms) {
  return slo.strict ? value_ms < slo.limit_ms : value_ms <= slo.limit_ms;
}

}  // namespace ls::tools
