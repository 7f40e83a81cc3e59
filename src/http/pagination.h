#pragma once
// DRF-style page-number pagination: ?page=1&page_size=20 ->
// {"count", "next", "previous", "results"}.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

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

// Keyset links: a list ordered by a unique key can continue from a row rather than skip `page`
// rows, so that following `next` and `previous` costs the same at any depth. Such a list's links
// carry an opaque `cursor` beside `page` (the page number, for display); with a cursor the page
// number comes from it, and `page`, still checked, is not used.
using CursorKey = std::variant<std::monostate, std::int64_t, std::string>;  // monostate: NULL
struct PageCursor {
  std::int64_t page = 1;  // the number of the page it leads to
  bool before = false;    // that page ends just before the position (a previous link)
  std::string ordering;   // the ordering the position belongs to
  CursorKey key;          // the sort key of the row at the position
  std::int64_t id = 0;    // and its id, which breaks ties
};
std::string EncodeCursor(const PageCursor& cursor);
std::optional<PageCursor> DecodeCursor(std::string_view text);
// The `cursor` parameter; VALIDATION_ERROR on `cursor` when it is not one this server made.
std::optional<PageCursor> ParseCursor(const Request& request);

// A page of a keyset-ordered list, read after or before a position (or from an offset).
struct KeysetPage {
  std::int64_t page = 1;
  bool read_backward = false;  // read before a cursor's position (it came from a previous link)
  bool more = false;           // rows lie beyond it in the direction it was read
  // Where its first and last rows stand (ordering and key; page and before are filled in here).
  // Empty when the page is.
  std::optional<PageCursor> first, last;
};
// Throws 404 NOT_FOUND for an empty page past the first, read forwards. `next` continues after
// the last row, `previous` ends before the first; a page read backwards with nothing before it is
// page 1 (the caller reads a whole first page instead when such a page came up short).
boost::json::object KeysetPageJson(const Request& request, const KeysetPage& page,
                                   std::int64_t count, boost::json::array results);

}  // namespace plangate::http
