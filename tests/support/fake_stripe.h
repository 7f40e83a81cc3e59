#pragma once
// A fake Stripe API on 127.0.0.1 that speaks Stripe's wire format: form-encoded requests with
// nested keys, Bearer secret key, Idempotency-Key replay, Stripe-shaped objects and error
// bodies. It records every request and can be told to fail, so tests check what plangate sends.

#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "loopback_server.h"

namespace plangate::test {

struct StripeRequest {
  std::string method;
  std::string path;  // without the query
  std::string query;
  std::map<std::string, std::string> headers;             // lower-case names
  std::vector<std::pair<std::string, std::string>> form;  // decoded, in order

  std::string Form(const std::string& key) const;
};

class FakeStripe {
 public:
  static constexpr const char* kSecretKey = "sk_test_fake_0123456789";

  FakeStripe();
  ~FakeStripe();

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  std::vector<StripeRequest> Requests();
  std::size_t Count(const std::string& method, const std::string& path_prefix);

  // Stored subscriptions, as GET /v1/subscriptions/{id} returns them.
  void PutSubscription(const boost::json::object& subscription);
  boost::json::object Subscription(const std::string& id);
  // A subscription object with sensible defaults.
  static boost::json::object MakeSubscription(const std::string& id, const std::string& customer,
                                              const std::string& price, const std::string& status,
                                              std::int64_t user_id = 0);

  // The next `count` requests answer with `status` and a Stripe error body.
  void FailNext(int count, int status, const std::string& type = "api_error");
  // The next `count` requests get no answer for `delay`, then the connection is closed.
  void HangNext(int count, std::chrono::milliseconds delay);
  std::size_t customers_created() const { return customers_created_; }

 private:
  void Handle(int fd);
  std::pair<int, std::string> Route(const StripeRequest& r);

  std::mutex mu_;
  std::vector<StripeRequest> requests_;
  std::map<std::string, boost::json::object> subscriptions_;
  std::map<std::string, std::pair<int, std::string>> idempotent_;
  std::map<std::string, std::string> customers_by_email_;
  int fail_count_ = 0, fail_status_ = 500;
  std::string fail_type_;
  int hang_count_ = 0;
  std::chrono::milliseconds hang_delay_{0};
  std::atomic<std::size_t> customers_created_{0};
  int next_id_ = 1;
  LoopbackListener server_;  // last: it serves from the other members
};

}  // namespace plangate::test
