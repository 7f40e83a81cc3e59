#pragma once
// SQL for the Stripe customer updates queue (the customer's email follows the user's): rows are
// written in the transaction that changes the address and claimed with a lease, like the mail
// outbox, so several workers never send the same row at once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace plangate::billing::customer_updates {

void Enqueue(soci::session& s, std::int64_t user_id, const std::string& customer_id,
             std::int64_t now);

struct Claimed {
  std::int64_t id = 0;
  int attempts = 0;  // including this one
  std::int64_t user_id = 0;
  std::string customer_id;
};

// Takes up to `limit` due rows and leases them until now + lease_seconds.
std::vector<Claimed> Claim(soci::session& s, std::int64_t now, int limit, int lease_seconds);
// The user's address now, if the user still has this customer.
std::optional<std::string> CurrentEmail(soci::session& s, std::int64_t user_id,
                                        const std::string& customer_id);
void MarkDone(soci::session& s, std::int64_t id, std::int64_t now);
void MarkFailed(soci::session& s, std::int64_t id, std::int64_t next_attempt_at,
                const std::string& error);

}  // namespace plangate::billing::customer_updates
