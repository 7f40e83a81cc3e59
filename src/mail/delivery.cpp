#include "mail/delivery.h"

#include "mail/outbox_repo.h"

namespace plangate::mail {

Delivery::Delivery(db::Database& db, const app::Clock& clock, const logging::Logger& logger,
                   std::unique_ptr<MailSender> sender, DeliveryOptions options)
    : db_(db), clock_(clock), logger_(logger), sender_(std::move(sender)), options_(options) {}

Delivery::~Delivery() { Stop(); }

std::int64_t Delivery::RetryDelay(int attempts, int cap_seconds) {
  std::int64_t delay = 5;
  for (int i = 1; i < attempts && delay < cap_seconds; ++i) delay *= 2;
  return std::min<std::int64_t>(delay, std::max(1, cap_seconds));
}

int Delivery::RunOnce() {
  const bool postgres = db_.engine() == db::Engine::kPostgres;
  auto claimed = db_.Transaction([&](soci::session& s) {
    return outbox::Claim(s, clock_.Now(), options_.batch, options_.lease_seconds, postgres);
  });
  int sent = 0, dropped = 0;
  for (const auto& row : claimed) {
    if (row.email.discard) {
      db_.Run([&](soci::session& s) { outbox::MarkSent(s, row.id, clock_.Now()); });
      ++dropped;
      logger_.Info("email.dropped", {{"outbox_id", row.id}, {"subject", row.email.subject}});
      continue;
    }
    try {
      sender_->Send(row.email);
      db_.Run([&](soci::session& s) { outbox::MarkSent(s, row.id, clock_.Now()); });
      ++sent;
      logger_.Info(
          "email.sent",
          {{"outbox_id", row.id}, {"attempts", row.attempts}, {"subject", row.email.subject}});
    } catch (const db::Unavailable&) {
      throw;
    } catch (const std::exception& e) {
      std::int64_t next = clock_.Now() + RetryDelay(row.attempts, options_.retry_max_seconds);
      db_.Run([&](soci::session& s) { outbox::MarkFailed(s, row.id, next, e.what()); });
      logger_.Warn("email.failed", {{"outbox_id", row.id},
                                    {"attempts", row.attempts},
                                    {"retry_at", next},
                                    {"error", e.what()}});
    }
  }
  // The scrubbed bodies (tokens) must not live on in SQLite's write-ahead log.
  if (sent + dropped > 0 && !db_.ForgetOverwrittenData()) {
    logger_.Warn("email.scrub_checkpoint_busy",
                 {{"detail", "a reader kept the SQLite log from being truncated; next batch"}});
  }
  return sent;
}

void Delivery::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      int sent = 0;
      try {
        sent = RunOnce();
      } catch (const std::exception& e) {
        logger_.Warn("email.delivery_error", {{"error", e.what()}});
      }
      lock.lock();
      // A full batch means more may be due: go again at once.
      if (sent >= options_.batch) continue;
      cv_.wait_for(lock, options_.poll, [this] { return stop_ || woken_; });
      woken_ = false;
    }
  });
}

void Delivery::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Delivery::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

}  // namespace plangate::mail
