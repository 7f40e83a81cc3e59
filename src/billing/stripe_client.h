#pragma once
// Stripe's REST API as the billing area uses it. The production implementation speaks HTTPS via
// libcurl to STRIPE_API_BASE; tests point that base at a fake Stripe on loopback.

#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace plangate::billing {

using Form = std::vector<std::pair<std::string, std::string>>;

// Stripe answered with an error, or could not be reached (status 0).
class StripeError : public std::runtime_error {
 public:
  StripeError(int status, std::string type, std::string code, std::string message);
  int status() const { return status_; }
  const std::string& type() const { return type_; }
  const std::string& code() const { return code_; }
  // Stripe's own message: for the log, never a response (a request error echoes what we sent).
  const std::string& stripe_message() const { return message_; }

 private:
  int status_;
  std::string type_, code_, message_;
};

class StripeClient {
 public:
  virtual ~StripeClient() = default;
  // The Idempotency-Key is the same for every retry of this call.
  virtual boost::json::object Post(const std::string& path, const Form& form,
                                   const std::string& idempotency_key) = 0;
  virtual boost::json::object Get(const std::string& path, const Form& query = {}) = 0;
  virtual boost::json::object Delete(const std::string& path,
                                     const std::string& idempotency_key) = 0;
};

struct StripeClientOptions {
  std::string api_base = "https://api.stripe.com";
  std::string secret_key;
  std::string api_version = "2024-06-20";
  std::chrono::milliseconds connect_timeout{3000};
  // One deadline for a whole call, its retries and their backoff included.
  std::chrono::milliseconds total_timeout{10000};
  int max_retries = 2;  // after the first attempt
  std::chrono::milliseconds backoff{250};
};

std::unique_ptr<StripeClient> MakeCurlStripeClient(StripeClientOptions options);

// While one exists on a thread, the Stripe calls made there end by `at` (the deadline of the
// request they serve, which counts its wait for a thread) or by their own total_timeout,
// whichever comes first; a call whose request is already out of time fails at once.
class StripeCallDeadline {
 public:
  explicit StripeCallDeadline(std::chrono::steady_clock::time_point at);
  ~StripeCallDeadline();
  StripeCallDeadline(const StripeCallDeadline&) = delete;
  StripeCallDeadline& operator=(const StripeCallDeadline&) = delete;

  static std::chrono::steady_clock::time_point Current();  // time_point::max() when none

 private:
  std::chrono::steady_clock::time_point previous_;
};

// application/x-www-form-urlencoded, Stripe's nested keys (line_items[0][price]) already flat.
std::string EncodeForm(const Form& form);

}  // namespace plangate::billing
