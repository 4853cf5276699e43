// The front door of a synchronous workload (workloads[].front_door): Amazon
// API Gateway (a REST or an HTTP API) or a Lambda function URL between the
// client and the function.
//
// API Gateway throttles with token buckets: the account's (10,000
// requests/s, 5,000 burst, shared by every API Gateway workload of the
// scenario: one account, one region) and the workload's stage/method limit.
// A request either refuses is answered 429 without calling Lambda (and is
// not billed). It waits for the function at most its integration timeout,
// then answers 504 while the invocation runs on, billed. A function URL
// adds neither limit. Both add their own latency (the overhead
// distribution) to what the client sees. Lambda's throttles and the
// client's retries work as on the plain sync path (environments.hpp); each
// retry passes the front door again.
#pragma once

#include <cstdint>
#include <vector>

#include "models/account_pool.hpp"
#include "models/components/component.hpp"
#include "models/components/environments.hpp"

namespace ls::models {

class FrontDoor final : public Component, public RequestSink, public ExecutionClient {
 public:
  FrontDoor(SimContext& ctx, Environments& environments);

  bool accepts(const WorkloadConfig& workload) const override;
  void arrive(std::uint32_t workload) override;
  void execution_ended(std::uint32_t slot, bool success) override;
  void execution_outcome(std::uint32_t slot, Outcome outcome) override;
  void finish() override;

 private:
  struct Request {
    sim::Time arrival = 0;
    sim::Time sent = 0;  // when the current attempt went on to Lambda
    double kb = 0;       // request size (0: not given)
    std::uint32_t workload = 0;
    std::uint32_t attempt = 0;  // attempts made
    bool in_use = false;
  };
  struct PerWorkload {
    bool limited = false;  // has a stage/method throttle
    TokenBucket stage;
    sim::Rng rng;  // overhead and retry jitter
  };
  void attempt(std::uint32_t slot);
  // API Gateway's throttle: the account's bucket and the stage's must both
  // hold a token; only then are both spent.
  bool gateway_admits(std::uint32_t workload, sim::Time now);
  // A throttled attempt (429 by the front door, or Lambda's throttle): the
  // client retries while its policy allows, else gives up.
  void retry_or_give_up(std::uint32_t slot, bool by_front_door);
  void on_retry(const sim::Event& event);
  void end(std::uint32_t slot);

  SimContext ctx_;  // a copy: one indirection less on every access
  Environments& environments_;
  std::uint8_t caller_;
  std::uint32_t retry_kind_;
  TokenBucket account_;
  std::vector<PerWorkload> workloads_;
  std::vector<Request> requests_;
  std::vector<std::uint32_t> free_;
};

}  // namespace ls::models
