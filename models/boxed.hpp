// Boxed<T>: a block of configuration most scenarios leave out, held behind
// a pointer so that leaving it out costs 8 bytes instead of sizeof(T).
//
// Why (#20): a FunctionConfig held its Managed Instances, Web, SnapStart,
// durable, ... blocks inline, 1,128 bytes per function of which a plain
// function used a fifth; at 100,000 functions that was most of a loaded
// Scenario, and `validate` spent its time on first-touched pages.
//
// Semantics: a value, like T itself. Empty means "T's default values":
// reading an empty box gives a shared default T (so `*box` and `box->field`
// never fail), and a copy of a box is a deep copy (scenarios are copied by
// plan, sweep and tune variants and by split runs, and each copy must be
// independent). Writing goes through edit(), which allocates the block the
// first time; there is no writing operator->, so a read can never allocate.
#pragma once

#include <memory>
#include <utility>

namespace ls::models {

template <class T>
class Boxed {
 public:
  Boxed() noexcept = default;
  Boxed(const Boxed& other) : block_(other.block_ ? std::make_unique<T>(*other.block_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) block_ = other.block_ ? std::make_unique<T>(*other.block_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;

  // The block's values: T's defaults while nothing was set.
  const T& operator*() const { return block_ ? *block_ : defaults(); }
  const T* operator->() const { return &**this; }

  // Whether a block was set (memory_aware reads it as "given"; for the
  // others it is only a fact about memory: a set block may hold defaults).
  bool has_value() const { return block_ != nullptr; }

  // The block, for writing: allocated (holding T's defaults) on first use.
  T& edit() {
    if (!block_) block_ = std::make_unique<T>();
    return *block_;
  }
  // The block for writing when it exists, else nullptr (never allocates:
  // for counters that must not pay edit()'s check on every count).
  T* existing() noexcept { return block_.get(); }
  // Replaces the block with `value`.
  T& set(T value) { return edit() = std::move(value); }
  // Back to T's defaults, freeing the block.
  void reset() noexcept { block_.reset(); }

  // The values an empty box reads as (one per T, built on first use).
  // T() rather than T{}: value-initialised, so members whose default
  // constructor is explicit (sim::LogHistogram in the statistics parts)
  // are default-constructed rather than copy-list-initialised.
  static const T& defaults() {
    static const T value = T();
    return value;
  }

 private:
  std::unique_ptr<T> block_;
};

}  // namespace ls::models
