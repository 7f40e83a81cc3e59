#pragma once
// SQL for the email outbox: rows are written in the transaction of the change that causes them
// and claimed by delivery loops with a lease, so several workers never take the same row.

#include <cstdint>
#include <string>
#include <vector>

#include "mail/message.h"

namespace soci {
class session;
}

namespace plangate::mail::outbox {

void Enqueue(soci::session& s, const OutgoingEmail& email, std::int64_t now);

struct Claimed {
  std::int64_t id = 0;
  int attempts = 0;  // including this one
  OutgoingEmail email;
};

// Takes up to `limit` due rows and leases them until now + lease_seconds.
std::vector<Claimed> Claim(soci::session& s, std::int64_t now, int limit, int lease_seconds);
// Marks a row sent (or, for a discard row, dropped) and scrubs its bodies, which may carry
// single-use tokens.
void MarkSent(soci::session& s, std::int64_t id, std::int64_t now);
void MarkFailed(soci::session& s, std::int64_t id, std::int64_t next_attempt_at,
                const std::string& error);
std::int64_t PendingCount(soci::session& s);

}  // namespace plangate::mail::outbox
