#pragma once
// Transport-neutral request and response. Handlers and domain code see only these types, never
// Beast's; the server fills a Request with views into the Beast message it owns for the whole
// exchange, so building one copies no header bytes.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/extensions.h"
#include "core/request_meta.h"

namespace plangate::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method m);
Method ParseMethod(std::string_view name);

// Case-insensitive ASCII comparison, as header names require.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

struct Header {
  std::string_view name;
  std::string_view value;
};

struct PathParam {
  std::string_view name;
  std::int64_t value = 0;  // an `{id}`
  std::string_view text;   // a `{name:slug}`, a view into the request's target
};

struct Request {
  Method method = Method::kGet;
  std::string_view target;  // raw request-target, path + query
  std::string_view path;
  std::string_view query;  // without '?'
  std::vector<Header> headers;
  std::string body;
  std::string client_ip;
  // scheme://host[:port] this API was reached at, for absolute links: PUBLIC_URL when set, else
  // the Host (X-Forwarded-Host and -Proto only from a trusted proxy) once ALLOWED_HOSTS allowed
  // it. Set by the dispatcher before a handler runs; empty outside it.
  std::string origin;
  std::string request_id;
  std::vector<PathParam> params;
  std::int64_t user_id = 0;  // the authenticated caller, once known (for the request log)
  // When the whole request had arrived; deadlines that include waiting for a thread count from
  // here.
  std::chrono::steady_clock::time_point received{};
  // What the layers above attach, by type: the caller's row as authentication (or a read ahead
  // of it) found it, what a route's read-ahead read.
  core::Extensions extensions;

  // First header with this name, if any.
  std::optional<std::string_view> HeaderValue(std::string_view name) const;
  // Every line of a header with this name, in the order received. A list-valued header (RFC 9110
  // section 5.3) may come on several lines and means their values joined by commas, so reading
  // only the first line would miss what a proxy appended after the client's own line.
  std::vector<std::string_view> HeaderValues(std::string_view name) const;
  // The typed path parameter the route pattern declared; the router guarantees it exists.
  std::int64_t Param(std::string_view name) const;
  std::string_view SlugParam(std::string_view name) const;
  // What a service may know of this request (it never sees the request itself).
  core::RequestMeta Meta() const;
};

struct Response {
  int status = 200;
  // Always a literal (static storage): a std::string here was an allocation per response.
  std::string_view content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void SetHeader(std::string name, std::string value);

  static Response Json(int status, std::string body);
  static Response NoContent();
};

}  // namespace plangate::http
