#include "mail/delivery.h"

#include "core/log_events.h"
#include "mail/outbox_repo.h"

namespace plangate::mail {

Delivery::Delivery(db::Database& db, const core::Clock& clock, const logging::Logger& logger,
                   std::unique_ptr<MailSender> sender, DeliveryOptions options)
    : db_(db),
      clock_(clock),
      logger_(logger),
      sender_(std::move(sender)),
      options_(options),
      loop_([this] { return RunOnce(); }, options.batch, options.poll,
            [this](const std::exception& e) {
              logger_.Warn(logging::events::kEmailDeliveryError, {{"error", e.what()}});
            }) {}

Delivery::~Delivery() { Stop(); }

int Delivery::RunOnce() {
  auto claimed = db_.Transaction([&](soci::session& s) {
    return outbox::Claim(s, clock_.Now(), options_.batch, options_.lease_seconds);
  });
  int sent = 0, dropped = 0;
  for (const auto& row : claimed) {
    if (row.email.discard) {
      db_.Run([&](soci::session& s) { outbox::MarkSent(s, row.id, clock_.Now()); });
      ++dropped;
      logger_.Info(logging::events::kEmailDropped,
                   {{"outbox_id", row.id}, {"subject", row.email.subject}});
      continue;
    }
    try {
      sender_->Send(row.email);
      db_.Run([&](soci::session& s) { outbox::MarkSent(s, row.id, clock_.Now()); });
      ++sent;
      logger_.Info(
          logging::events::kEmailSent,
          {{"outbox_id", row.id}, {"attempts", row.attempts}, {"subject", row.email.subject}});
    } catch (const db::Unavailable&) {
      throw;
    } catch (const std::exception& e) {
      std::int64_t next = clock_.Now() + core::RetryDelay(row.attempts, options_.retry_max_seconds);
      db_.Run([&](soci::session& s) { outbox::MarkFailed(s, row.id, next, e.what()); });
      logger_.Warn(logging::events::kEmailFailed, {{"outbox_id", row.id},
                                                   {"attempts", row.attempts},
                                                   {"retry_at", next},
                                                   {"error", e.what()}});
    }
  }
  // The scrubbed bodies (tokens) must not live on in SQLite's write-ahead log.
  if (sent + dropped > 0 && !db_.ForgetOverwrittenData()) {
    logger_.Warn(logging::events::kEmailScrubCheckpointBusy,
                 {{"detail", "a reader kept the SQLite log from being truncated; next batch"}});
  }
  return sent;
}

void Delivery::Start() { loop_.Start(); }

void Delivery::Stop() { loop_.Stop(); }

void Delivery::Wake() { loop_.Wake(); }

}  // namespace plangate::mail
