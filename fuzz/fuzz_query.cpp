// Query strings: QueryParam, ParsePageRequest, the admin listing's filters and cursors, and the
// page links.
// The input is the query (after '?'); an optional "\n<host>" suffix sets the Host header the
// links are built from. Parsers return in-range values or throw ApiError 4xx; the next/previous
// links must be safe to echo and, for a sane Host, must parse back to the neighbouring page with
// the same page size.

#include <boost/url/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "admin/requests.h"
#include "core/crypto.h"
#include "core/text.h"
#include "fuzz_check.h"
#include "http/fields.h"
#include "http/pagination.h"

namespace plangate::fuzz {
namespace {

constexpr std::string_view kPath = "/api/v1/admin/users";
constexpr std::string_view kSaneHost = "api.example.com";

http::Request MakeRequest(const std::string& target, std::string_view host) {
  http::Request r;
  r.target = target;
  auto q = r.target.find('?');
  r.path = r.target.substr(0, q);
  r.query = q == std::string_view::npos ? std::string_view() : r.target.substr(q + 1);
  r.headers.push_back({"Host", host});
  // Outside the pipeline (which vouches for the origin) this is ignored: links stay http://.
  r.headers.push_back({"X-Forwarded-Proto", "https"});
  return r;
}

void CheckPage(const http::PageRequest& page) {
  FUZZ_CHECK(page.page >= 1 && page.page <= INT64_MAX / http::kMaxPageSize);
  FUZZ_CHECK(page.page_size >= 1 && page.page_size <= http::kMaxPageSize);
  FUZZ_CHECK(page.Offset() >= 0);
}

void CheckUserQuery(const admin::ListUsersRequest& in) {
  CheckPage(in.page);
  const auto& q = in.query;
  if (q.search) {
    FUZZ_CHECK(!q.search->empty() && http::CodePointCount(*q.search) <= 254);
    FUZZ_CHECK(!HasUpperAscii(*q.search) && core::Trim(*q.search) == *q.search);
  }
  if (q.user_type) FUZZ_CHECK(*q.user_type == "basic" || *q.user_type == "pro");
  FUZZ_CHECK(q.limit == in.page.page_size);
  // A cursor places the page by a row, not an offset; it must name the request's ordering.
  FUZZ_CHECK(q.position ? q.offset == 0 : q.offset == in.page.Offset());
  FUZZ_CHECK(q.before == in.read_backward && (!q.before || q.position));
}

// Any text either is no cursor or decodes to one that encodes back to the same fields.
void CheckCursor(std::string_view text) {
  auto cursor = http::DecodeCursor(text);
  if (!cursor) return;
  FUZZ_CHECK(cursor->page >= 1 && cursor->page <= INT64_MAX / http::kMaxPageSize);
  FUZZ_CHECK(cursor->id >= 1 && !cursor->ordering.empty());
  if (const auto* key = std::get_if<std::string>(&cursor->key)) FUZZ_CHECK(core::IsUtf8(*key));
  auto again = http::DecodeCursor(http::EncodeCursor(*cursor));
  FUZZ_CHECK(again && again->page == cursor->page && again->before == cursor->before &&
             again->ordering == cursor->ordering && again->key == cursor->key &&
             again->id == cursor->id);
}

// A link goes into a JSON body and may be followed by a browser: no space, quote, angle
// bracket or control character may come through from the request.
void CheckLinkIsSafe(std::string_view link) {
  FUZZ_CHECK(link.starts_with("http://"));
  for (char c : link) {
    auto u = static_cast<unsigned char>(c);
    FUZZ_CHECK(u > 0x20 && u < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\');
  }
}

// Following the link lands on `page` with the same page size.
void CheckLinkLeadsTo(std::string_view link, std::int64_t page, std::int64_t page_size) {
  auto url = boost::urls::parse_absolute_uri(link);
  FUZZ_CHECK(url.has_value());
  FUZZ_CHECK(url->encoded_host() == kSaneHost);
  std::string target(url->encoded_path());
  if (url->has_query()) target += "?" + std::string(url->encoded_query());
  try {
    auto next = http::ParsePageRequest(MakeRequest(target, kSaneHost));
    FUZZ_CHECK(next.page == page && next.page_size == page_size);
  } catch (const http::ApiError& e) {
    std::fprintf(stderr, "link %.*s: %s\n", static_cast<int>(link.size()), link.data(),
                 e.code().c_str());
    FUZZ_CHECK(!"a page link must parse");
  }
}

void Links(const http::Request& request, const http::PageRequest& page, bool sane_host) {
  // Enough rows that this page has neighbours; a count the database could really return.
  std::int64_t count = page.page < 1000000 ? page.Offset() + page.page_size + 1 : 0;
  boost::json::object body;
  try {
    body = http::PageJson(request, page, count, {});
  } catch (const http::ApiError& e) {
    FUZZ_CHECK(e.status() == 404 && count == 0);
    return;
  }
  FUZZ_CHECK(body.at("count").as_int64() == count);
  const auto& next = body.at("next");
  FUZZ_CHECK(next.is_string());
  CheckLinkIsSafe(next.as_string());
  if (sane_host) CheckLinkLeadsTo(next.as_string(), page.page + 1, page.page_size);
  const auto& previous = body.at("previous");
  FUZZ_CHECK(previous.is_null() == (page.page == 1));
  if (previous.is_string()) {
    CheckLinkIsSafe(previous.as_string());
    if (sane_host) CheckLinkLeadsTo(previous.as_string(), page.page - 1, page.page_size);
  }
}

// A keyset page's links: safe to echo, and for a sane Host they carry a cursor that reads back to
// the neighbouring page, after the last row or before the first.
void KeysetLinks(const http::Request& request, const http::PageRequest& page, bool sane_host) {
  if (page.page >= 1000000) return;  // as Links: pages a database could really have
  http::PageCursor first{0, false, "email", std::string("first@example.com"), 1};
  http::PageCursor last{0, false, "email", std::string("last@example.com"), 2};
  boost::json::array rows{nullptr};
  auto body = http::KeysetPageJson(request, http::KeysetPage{page.page, false, true, first, last},
                                   1, std::move(rows));
  auto check = [&](const boost::json::value& link, std::int64_t to, bool before) {
    FUZZ_CHECK(link.is_string());
    CheckLinkIsSafe(link.as_string());
    if (!sane_host) return;
    auto url = boost::urls::parse_absolute_uri(link.as_string());
    FUZZ_CHECK(url.has_value());
    std::string target(url->encoded_path());
    if (url->has_query()) target += "?" + std::string(url->encoded_query());
    auto cursor = http::ParseCursor(MakeRequest(target, kSaneHost));
    FUZZ_CHECK(cursor && cursor->page == to && cursor->before == before);
    FUZZ_CHECK(cursor->key == (before ? first.key : last.key));
  };
  check(body.at("next"), page.page + 1, false);
  FUZZ_CHECK(body.at("previous").is_null() == (page.page == 1));
  if (page.page > 1) check(body.at("previous"), page.page - 1, true);
}

}  // namespace
}  // namespace plangate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plangate;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view query = input;
  std::string_view host = fuzz::kSaneHost;
  if (auto nl = input.find('\n'); nl != std::string_view::npos) {
    query = input.substr(0, nl);
    host = input.substr(nl + 1);
  }
  std::string target = std::string(fuzz::kPath) + "?" + std::string(query);
  http::Request request = fuzz::MakeRequest(target, host);
  fuzz::CheckCursor(query);
  fuzz::CheckCursor(core::Base64UrlEncode(query));
  try {
    for (auto name : {"page", "page_size", "search", "ordering", "user_type", "cursor"}) {
      try {
        auto value = http::QueryParam(request, name);
        // Decoded values are shorter than their encoding, and hold no control character.
        if (value) FUZZ_CHECK(value->size() <= query.size());
        if (value) {
          for (char c : *value) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
        }
      } catch (const http::ApiError& e) {
        fuzz::CheckClientError(e);
      }
    }
    try {
      auto page = http::ParsePageRequest(request);
      fuzz::CheckPage(page);
      fuzz::Links(request, page, host == fuzz::kSaneHost);
      fuzz::KeysetLinks(request, page, host == fuzz::kSaneHost);
    } catch (const http::ApiError& e) {
      fuzz::CheckClientError(e);
    }
    try {
      fuzz::CheckUserQuery(admin::ReadListUsersRequest(request));
    } catch (const http::ApiError& e) {
      fuzz::CheckClientError(e);
    }
  } catch (const std::exception& e) {
    fuzz::Unexpected(e.what());
  }
  return 0;
}
