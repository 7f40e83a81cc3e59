#include "db/work_queue.h"

#include "db/dialect.h"

namespace plangate::db::work_queue {

std::string ClaimDueSql(soci::session& s, std::string_view table, std::string_view finished_column,
                        int limit, std::string_view returning) {
  std::string t(table), f(finished_column);
  return "UPDATE " + t + " SET next_attempt_at = :lease, attempts = attempts + 1 WHERE id IN " +
         "(SELECT id FROM " + t + " WHERE " + f + " IS NULL AND next_attempt_at <= :now " +
         "ORDER BY next_attempt_at, id LIMIT " + std::to_string(limit) +
         (IsPostgres(s) ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " + std::string(returning);
}

void Reschedule(soci::session& s, std::string_view table, std::int64_t id,
                std::int64_t next_attempt_at, const std::string& error) {
  long long key = id, next = next_attempt_at;
  std::string trimmed = error.substr(0, 500);
  s << "UPDATE " + std::string(table) +
           " SET next_attempt_at = :next, last_error = :err WHERE id = :id",
      soci::use(next), soci::use(trimmed), soci::use(key);
}

}  // namespace plangate::db::work_queue
