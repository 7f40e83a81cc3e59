#include "billing/requests.h"

#include <boost/json/parse.hpp>

#include "http/errors.h"
#include "http/fields.h"
#include "http/json_body.h"

namespace plangate::billing {

namespace {

std::optional<std::int64_t> UserIdHint(const boost::json::object& o) {
  std::optional<std::string> text;
  auto metadata = o.find("metadata");
  if (metadata != o.end() && metadata->value().is_object()) {
    text = IdOf(metadata->value().as_object(), "user_id");
  }
  if (!text) text = IdOf(o, "client_reference_id");
  if (!text) return std::nullopt;
  try {
    std::size_t used = 0;
    long long v = std::stoll(*text, &used);
    if (used == text->size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// The subscription an event is about, wherever this event type keeps it.
std::optional<std::string> SubscriptionIdOf(const std::string& type, const boost::json::object& o) {
  if (type.rfind("customer.subscription.", 0) == 0) return IdOf(o, "id");
  if (auto id = IdOf(o, "subscription")) return id;
  // Newer API versions move an invoice's subscription under parent.subscription_details.
  auto parent = o.find("parent");
  if (parent != o.end() && parent->value().is_object()) {
    auto details = parent->value().as_object().find("subscription_details");
    if (details != parent->value().as_object().end() && details->value().is_object()) {
      return IdOf(details->value().as_object(), "subscription");
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> IdOf(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (it->value().is_string()) return std::string(it->value().as_string());
  if (it->value().is_object()) {
    auto id = it->value().as_object().find("id");
    if (id != it->value().as_object().end() && id->value().is_string()) {
      return std::string(id->value().as_string());
    }
  }
  return std::nullopt;
}

CheckoutRequest ReadCheckoutRequest(const http::Request& request) {
  return http::ReadJsonBody<CheckoutRequest>(
      request, [](http::FieldReader& f, CheckoutRequest& out) {
        out.plan_id = f.String("plan_id", {1, kMaxPlanIdLength, true});
      });
}

StripeEvent ReadStripeEvent(std::string_view body) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  const boost::json::object* event = !ec && parsed.is_object() ? &parsed.as_object() : nullptr;
  auto event_id = event ? IdOf(*event, "id") : std::nullopt;
  auto type = event ? IdOf(*event, "type") : std::nullopt;
  const boost::json::object* object = nullptr;
  if (event) {
    auto data = event->find("data");
    if (data != event->end() && data->value().is_object()) {
      auto obj = data->value().as_object().find("object");
      if (obj != data->value().as_object().end() && obj->value().is_object()) {
        object = &obj->value().as_object();
      }
    }
  }
  if (!event_id || !type || !object) throw http::ApiError::BadRequest("Not a Stripe event.");
  StripeEvent out;
  out.id = std::move(*event_id);
  out.type = std::move(*type);
  out.subscription_id = SubscriptionIdOf(out.type, *object);
  out.customer = IdOf(*object, "customer");
  out.user_id_hint = UserIdHint(*object);
  return out;
}

}  // namespace plangate::billing
