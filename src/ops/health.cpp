#include "ops/health.h"

#include <soci/soci.h>

#include <boost/json/serialize.hpp>

#include "db/migrate.h"

namespace plangate::ops {

http::Response Healthz(std::string_view version) {
  boost::json::object body{{"status", "ok"}, {"version", version}};
  return http::Response::Json(200, boost::json::serialize(body));
}

http::Response Readyz(db::Database& db) {
  bool ok = false;
  try {
    // Reading schema_migrations proves both a live connection and a migrated schema.
    db.Run([](soci::session& s) {
      if (db::AppliedMigrationCount(s) <= 0) throw std::runtime_error("no migrations applied");
    });
    ok = true;
  } catch (const std::exception&) {
  }
  if (ok) {
    return http::Response::Json(200, R"({"status":"ok","checks":{"database":"ok"}})");
  }
  return http::Response::Json(
      503,
      R"({"code":"SERVICE_UNAVAILABLE","detail":"The database is not reachable.","status":"error","checks":{"database":"error"}})");
}

}  // namespace plangate::ops
