#pragma once
// Liveness and readiness.

#include <string>

#include "db/database.h"
#include "http/message.h"

namespace plangate::ops {

// GET /healthz: the process is up. Touches nothing else, so it can run on an I/O thread.
http::Response Healthz(std::string_view version);

// GET /readyz: the database answers and is migrated.
http::Response Readyz(db::Database& db);

}  // namespace plangate::ops
