#pragma once
// The error answers many routes document alike, shared by every file of the route table.

#include <string>
#include <vector>

#include "http/router.h"

namespace plangate::app {

inline http::ResponseDoc Error(int status, std::string description,
                               std::vector<std::string> codes) {
  return http::ResponseDoc{status, std::move(description), "Error", std::move(codes)};
}

// Every route with a body also documents 400/413/415 (added by the generator).
inline const http::ResponseDoc kRateLimited =
    Error(429, "Too many attempts; see Retry-After.", {"RATE_LIMITED"});
inline const http::ResponseDoc kUnauthenticated =
    Error(401, "Missing, malformed or expired access token.", {"NOT_AUTHENTICATED"});
inline const http::ResponseDoc kDisabled =
    Error(403, "The account is disabled.", {"ACCOUNT_DISABLED"});
inline const http::ResponseDoc kUnavailable =
    Error(503, "The database is unreachable.", {"SERVICE_UNAVAILABLE"});

}  // namespace plangate::app
