#include "db/dialect.h"

#include <soci/soci.h>

namespace plangate::db {

bool IsPostgres(soci::session& s) { return s.get_backend_name() == "postgresql"; }

std::string_view LockClause(soci::session& s, RowLock lock) {
  if (lock == RowLock::kNone || !IsPostgres(s)) return "";
  return lock == RowLock::kForUpdate ? " FOR UPDATE" : " FOR NO KEY UPDATE";
}

}  // namespace plangate::db
