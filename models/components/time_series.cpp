#include "models/components/time_series.hpp"

#include "models/components/meters.hpp"

namespace ls::models {

TimeSeries::TimeSeries(sim::Engine& engine, RunResult& result, const Meters& meters,
                       std::size_t functions, sim::Time interval)
    : engine_(engine),
      result_(result),
      meters_(meters),
      interval_(interval),
      tick_kind_(engine.add_kind<&TimeSeries::on_tick>(this)),
      functions_(interval > 0 ? functions : 0) {
  result_.series_interval = interval;
}

void TimeSeries::start() {
  if (enabled()) engine_.schedule(interval_, tick_kind_, 0);
}

// The interval ending now is closed here unless something recorded at this
// instant closed it first (catch_up); either way the next tick is set.
void TimeSeries::on_tick(const sim::Event&) {
  catch_up();
  const sim::Time next = engine_.now() + interval_;
  if (next < engine_.horizon()) engine_.schedule(next, tick_kind_, 0);
}

void TimeSeries::close(sim::Time now) {
  // Interval k covers [k·interval, (k+1)·interval); the last may be partial.
  const auto index = static_cast<std::uint32_t>((now - 1) / interval_);
  for (std::size_t f = 0; f < functions_.size(); ++f) {
    PerFunction& p = functions_[f];
    SeriesRow row = p.row;
    row.interval = index;
    row.function = static_cast<std::uint32_t>(f);
    row.concurrency_mean = p.busy.mean(now);
    row.environments_mean = p.environments.mean(now);
    row.provisioned_mean = p.provisioned.mean(now);
    row.provisioned_busy_mean = p.provisioned_busy.mean(now);
    row.queue_depth_mean = p.async_queue.mean(now);
    result_.series.push_back(row);
    p.row = SeriesRow{};
    p.row.concurrency_max = meters_.busy(f);
    p.busy.reset(now, meters_.busy(f));
    p.environments.reset(now, meters_.alive(f));
    p.provisioned.reset(now, meters_.provisioned(f));
    p.provisioned_busy.reset(now, meters_.busy_provisioned(f));
    p.async_queue.reset(now, meters_.async_waiting(f));
  }
  last_tick_ = now;
}

void TimeSeries::finish() {
  if (enabled() && engine_.now() > last_tick_) close(engine_.now());
}

}  // namespace ls::models
