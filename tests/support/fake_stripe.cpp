#include "fake_stripe.h"

#include <boost/json/serialize.hpp>
#include <ctime>
#include <stdexcept>

#include "http_client.h"

namespace plangate::test {

namespace {

std::string ErrorBody(const std::string& type, const std::string& code,
                      const std::string& message) {
  return boost::json::serialize(
      boost::json::object{{"error", {{"type", type}, {"code", code}, {"message", message}}}});
}

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

std::string StripeRequest::Form(const std::string& key) const {
  for (const auto& [k, v] : form) {
    if (k == key) return v;
  }
  return {};
}

FakeStripe::FakeStripe() : server_("fake stripe", [this](int fd) { Handle(fd); }) {}

FakeStripe::~FakeStripe() = default;

void FakeStripe::Handle(int fd) {
  auto http = ReadHttpRequest(fd);
  if (!http) return;
  StripeRequest r;
  r.method = http->method;
  r.path = http->path;
  r.query = http->query;
  r.headers = http->headers;
  r.form = FormPairs(http->body);
  for (auto& kv : FormPairs(r.query)) r.form.push_back(std::move(kv));

  std::chrono::milliseconds hang{0};
  {
    std::lock_guard lock(mu_);
    requests_.push_back(r);
    if (hang_count_ > 0) {
      --hang_count_;
      hang = hang_delay_;
    }
  }
  if (hang.count() > 0) {
    std::this_thread::sleep_for(hang);
    return;
  }
  auto [status, body] = Route(r);
  WriteHttpResponse(fd, status, body);
}

std::pair<int, std::string> FakeStripe::Route(const StripeRequest& r) {
  std::lock_guard lock(mu_);
  auto auth = r.headers.find("authorization");
  if (auth == r.headers.end() || auth->second != std::string("Bearer ") + kSecretKey) {
    return {401, ErrorBody("invalid_request_error", "", "Invalid API Key provided.")};
  }
  if (fail_count_ > 0) {
    --fail_count_;
    // Like Stripe's own request errors, the message echoes what was sent.
    std::string sent;
    for (const auto& [k, v] : r.form) sent += (sent.empty() ? "" : "&") + k + "=" + v;
    return {fail_status_, ErrorBody(fail_type_, "", "Injected failure. Received: " + sent)};
  }
  std::string key;
  if (auto idem = r.headers.find("idempotency-key"); idem != r.headers.end()) {
    key = r.method + " " + r.path + " " + idem->second;
    if (auto hit = idempotent_.find(key); hit != idempotent_.end()) return hit->second;
  }
  auto remember = [&](std::pair<int, std::string> answer) {
    if (!key.empty()) idempotent_[key] = answer;
    return answer;
  };
  const std::string n = std::to_string(next_id_++);
  if (r.method == "POST" && r.path == "/v1/customers") {
    ++customers_created_;
    return remember({200, boost::json::serialize(boost::json::object{
                              {"id", "cus_" + n},
                              {"object", "customer"},
                              {"email", r.Form("email")},
                              {"metadata", {{"user_id", r.Form("metadata[user_id]")}}}})});
  }
  if (r.method == "POST" && r.path == "/v1/checkout/sessions") {
    if (r.Form("customer").empty()) {
      return {400, ErrorBody("invalid_request_error", "parameter_missing", "Missing customer.")};
    }
    return remember({200, boost::json::serialize(boost::json::object{
                              {"id", "cs_test_" + n},
                              {"object", "checkout.session"},
                              {"mode", r.Form("mode")},
                              {"customer", r.Form("customer")},
                              {"url", "https://checkout.stripe.test/c/pay/cs_test_" + n}})});
  }
  if (r.method == "POST" && r.path == "/v1/billing_portal/sessions") {
    return remember({200, boost::json::serialize(boost::json::object{
                              {"id", "bps_" + n},
                              {"object", "billing_portal.session"},
                              {"url", "https://billing.stripe.test/p/session/" + n}})});
  }
  if (r.method == "POST" && r.path.rfind("/v1/customers/", 0) == 0) {
    // An update of an existing customer (plangate sends only email).
    std::string id = r.path.substr(std::string("/v1/customers/").size());
    return remember({200, boost::json::serialize(boost::json::object{
                              {"id", id}, {"object", "customer"}, {"email", r.Form("email")}})});
  }
  const std::string prefix = "/v1/subscriptions";
  if (r.path == prefix && r.method == "GET") {
    boost::json::array data;
    for (const auto& [id, sub] : subscriptions_) {
      if (sub.at("customer").as_string() == r.Form("customer")) data.push_back(sub);
    }
    return {200, boost::json::serialize(
                     boost::json::object{{"object", "list"}, {"data", data}, {"has_more", false}})};
  }
  if (r.path.rfind(prefix + "/", 0) == 0) {
    std::string id = r.path.substr(prefix.size() + 1);
    auto it = subscriptions_.find(id);
    if (it == subscriptions_.end()) {
      return {404, ErrorBody("invalid_request_error", "resource_missing",
                             "No such subscription: '" + id + "'")};
    }
    if (r.method == "POST") {
      if (r.Form("cancel_at_period_end") == "true") it->second["cancel_at_period_end"] = true;
    } else if (r.method == "DELETE") {
      it->second["status"] = "canceled";
      it->second["canceled_at"] = Now();
    }
    return remember({200, boost::json::serialize(it->second)});
  }
  return {404, ErrorBody("invalid_request_error", "", "Unrecognized request URL.")};
}

std::vector<StripeRequest> FakeStripe::Requests() {
  std::lock_guard lock(mu_);
  return requests_;
}

std::size_t FakeStripe::Count(const std::string& method, const std::string& path_prefix) {
  std::size_t n = 0;
  for (const auto& r : Requests()) n += r.method == method && r.path.rfind(path_prefix, 0) == 0;
  return n;
}

void FakeStripe::PutSubscription(const boost::json::object& subscription) {
  std::lock_guard lock(mu_);
  subscriptions_[std::string(subscription.at("id").as_string())] = subscription;
}

boost::json::object FakeStripe::Subscription(const std::string& id) {
  std::lock_guard lock(mu_);
  return subscriptions_.at(id);
}

boost::json::object FakeStripe::MakeSubscription(const std::string& id, const std::string& customer,
                                                 const std::string& price,
                                                 const std::string& status, std::int64_t user_id) {
  std::int64_t now = Now();
  boost::json::object metadata;
  if (user_id > 0) metadata["user_id"] = std::to_string(user_id);
  return {{"id", id},
          {"object", "subscription"},
          {"customer", customer},
          {"status", status},
          {"created", now},
          {"current_period_end", now + 30 * 86400},
          {"cancel_at_period_end", false},
          {"trial_end", nullptr},
          {"canceled_at", nullptr},
          {"metadata", metadata},
          {"items",
           {{"object", "list"},
            {"data", boost::json::array{boost::json::object{
                         {"id", "si_" + id}, {"price", {{"id", price}, {"object", "price"}}}}}}}}};
}

void FakeStripe::FailNext(int count, int status, const std::string& type) {
  std::lock_guard lock(mu_);
  fail_count_ = count;
  fail_status_ = status;
  fail_type_ = type;
}

void FakeStripe::HangNext(int count, std::chrono::milliseconds delay) {
  std::lock_guard lock(mu_);
  hang_count_ = count;
  hang_delay_ = delay;
}

}  // namespace plangate::test
