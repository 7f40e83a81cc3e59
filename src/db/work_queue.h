#pragma once
// Tables used as work queues (the mail outbox, the Stripe customer updates) share their columns:
// id, attempts, next_attempt_at, last_error and a "finished at" column. Claiming takes a lease by
// moving next_attempt_at forward, so a worker that dies leaves its rows to be claimed again once
// the lease runs out; on PostgreSQL, SKIP LOCKED keeps two instances from claiming one row.

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace plangate::db::work_queue {

// The statement that claims up to `limit` due rows: it binds :lease (now + lease seconds) and
// :now in that order, bumps attempts and returns `returning` (a column list) for each row.
// On PostgreSQL, FOR UPDATE SKIP LOCKED.
std::string ClaimDueSql(soci::session& s, std::string_view table, std::string_view finished_column,
                        int limit, std::string_view returning);

// A failed attempt: retried at next_attempt_at; the error (cut to 500 bytes) kept for operators.
void Reschedule(soci::session& s, std::string_view table, std::int64_t id,
                std::int64_t next_attempt_at, const std::string& error);

}  // namespace plangate::db::work_queue
