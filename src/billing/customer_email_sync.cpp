#include "billing/customer_email_sync.h"

#include <algorithm>

#include "billing/customer_updates_repo.h"
#include "core/log_events.h"

namespace plangate::billing {

bool QueueCustomerEmailUpdate(soci::session& s, const users::User& user, std::int64_t now) {
  if (!user.stripe_customer_id) return false;
  customer_updates::Enqueue(s, user.id, *user.stripe_customer_id, now);
  return true;
}

namespace {
// Stripe's ids are [A-Za-z0-9_]; anything else would change the path it is put in.
bool PlainId(const std::string& id) {
  return !id.empty() && id.size() <= 255 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}
}  // namespace

CustomerEmailSync::CustomerEmailSync(db::Database& db, const core::Clock& clock,
                                     const logging::Logger& logger,
                                     std::unique_ptr<StripeClient> stripe,
                                     CustomerEmailSyncOptions options)
    : db_(db),
      clock_(clock),
      logger_(logger),
      stripe_(std::move(stripe)),
      options_(options),
      loop_([this] { return RunOnce(); }, options.batch, options.poll,
            [this](const std::exception& e) {
              logger_.Warn(logging::events::kBillingCustomerEmailLoopError, {{"error", e.what()}});
            }) {}

CustomerEmailSync::~CustomerEmailSync() { Stop(); }

int CustomerEmailSync::RunOnce() {
  if (!stripe_) return 0;
  auto claimed = db_.Transaction([&](soci::session& s) {
    return customer_updates::Claim(s, clock_.Now(), options_.batch, options_.lease_seconds);
  });
  int synced = 0;
  for (const auto& row : claimed) {
    // The address now, not the one of the change that queued the row: an older update retried
    // late never puts back an address the user has left since.
    auto email = db_.Run([&](soci::session& s) {
      return customer_updates::CurrentEmail(s, row.user_id, row.customer_id);
    });
    if (!email || !PlainId(row.customer_id)) {
      db_.Run([&](soci::session& s) { customer_updates::MarkDone(s, row.id, clock_.Now()); });
      logger_.Info(logging::events::kBillingCustomerEmailSkipped,
                   {{"update_id", row.id}, {"user_id", row.user_id}});
      continue;
    }
    try {
      // One key per attempt: a retry may carry a newer address than the try before it.
      stripe_->Post(
          "/v1/customers/" + row.customer_id, {{"email", *email}},
          "customer-email-" + std::to_string(row.id) + "-" + std::to_string(row.attempts));
      db_.Run([&](soci::session& s) { customer_updates::MarkDone(s, row.id, clock_.Now()); });
      ++synced;
      logger_.Info(logging::events::kBillingCustomerEmailSynced,
                   {{"update_id", row.id}, {"user_id", row.user_id}, {"attempts", row.attempts}});
    } catch (const db::Unavailable&) {
      throw;
    } catch (const StripeError& e) {
      // Stripe's message echoes the form (the address): only its status and codes are kept.
      std::int64_t next = clock_.Now() + core::RetryDelay(row.attempts, options_.retry_max_seconds);
      std::string error = "stripe status " + std::to_string(e.status()) + " " + e.type();
      db_.Run([&](soci::session& s) { customer_updates::MarkFailed(s, row.id, next, error); });
      logger_.Warn(logging::events::kBillingCustomerEmailFailed, {{"update_id", row.id},
                                                                  {"user_id", row.user_id},
                                                                  {"attempts", row.attempts},
                                                                  {"stripe_status", e.status()},
                                                                  {"stripe_type", e.type()},
                                                                  {"retry_at", next}});
    }
  }
  return synced;
}

void CustomerEmailSync::Start() {
  if (stripe_) loop_.Start();
}

void CustomerEmailSync::Stop() { loop_.Stop(); }

void CustomerEmailSync::Wake() { loop_.Wake(); }

}  // namespace plangate::billing
