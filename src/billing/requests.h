#pragma once
// The bodies of the /api/v1/billing/* requests, the Stripe webhook's included: parsed and
// validated with no I/O. Each Read* throws http::ApiError exactly as the route answers.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace plangate::billing {

inline constexpr std::size_t kMaxPlanIdLength = 100;  // code points

struct CheckoutRequest {
  std::string plan_id;
};

// What the webhook handler needs from an event, wherever this event type keeps it.
struct StripeEvent {
  std::string id;
  std::string type;
  std::optional<std::string> subscription_id;
  std::optional<std::string> customer;
  std::optional<std::int64_t> user_id_hint;  // > 0: metadata.user_id or client_reference_id
};

CheckoutRequest ReadCheckoutRequest(const http::Request& request);

// An event envelope ({"id", "type", "data": {"object": {...}}}) from a webhook body whose
// signature has already been verified; 400 BAD_REQUEST "Not a Stripe event." otherwise.
StripeEvent ReadStripeEvent(std::string_view body);

// A Stripe reference: the string itself, or the "id" of an expanded object.
std::optional<std::string> IdOf(const boost::json::object& o, std::string_view key);

}  // namespace plangate::billing
