#pragma once
// DRF-style page-number pagination: ?page=1&page_size=20 ->
// {"count", "next", "previous", "results"}.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "http/message.h"

namespace plangate::http {

struct PageRequest {
  std::int64_t page = 1;
  std::int64_t page_size = 20;
  std::int64_t Offset() const { return (page - 1) * page_size; }
};

inline constexpr std::int64_t kMaxPageSize = 100;

// The decoded value of a query parameter (the first one with that name). A value holding a
// control character (U+0000-U+001F, U+007F) is VALIDATION_ERROR on `name`: no filter means
// one, and a NUL cut short by a driver turned `search=%00` into "match everything".
std::optional<std::string> QueryParam(const Request& request, std::string_view name);

// page and page_size from the query; VALIDATION_ERROR when either is not a positive integer in
// range (page_size 1..100).
PageRequest ParsePageRequest(const Request& request);

// The page object. Throws 404 NOT_FOUND for a page past the last (page 1 of nothing is empty).
boost::json::object PageJson(const Request& request, const PageRequest& page, std::int64_t count,
                             boost::json::array results);

}  // namespace plangate::http
