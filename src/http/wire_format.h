#pragma once
// The server's side of the wire: a Beast request as a Request, a Response's status line and
// headers, the answers for what the parser refused. Part of the server (included by server.cpp
// and session.cpp only, which keeps Beast in those two translation units).

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/errors.h"
#include "http/message.h"
#include "http/server.h"

namespace plangate::http {

namespace wire {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// Status and error for a request the parser rejected, or nullopt when the connection should just
// close (the peer went away or was too slow).
inline std::optional<ApiError> TransportError(const boost::system::error_code& ec) {
  if (ec == bhttp::error::body_limit) return ApiError::PayloadTooLarge();
  if (ec == bhttp::error::header_limit) {
    return ApiError(core::errors::kRequestHeadersTooLarge, "Request headers are too large.");
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == beast::error::timeout || ec == asio::error::eof ||
      ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
      ec == asio::error::broken_pipe) {
    return std::nullopt;
  }
  return ApiError::BadRequest("Malformed HTTP request.");
}

inline void FillRequest(const bhttp::request<bhttp::string_body>& msg, Request& req) {
  req.method = ParseMethod(msg.method_string());
  req.target = msg.target();
  auto q = req.target.find('?');
  req.path = req.target.substr(0, q);
  req.query = q == std::string_view::npos ? std::string_view() : req.target.substr(q + 1);
  req.headers.reserve(16);
  for (const auto& field : msg) req.headers.push_back({field.name_string(), field.value()});
}

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

inline void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  // Values come from our own code, but a CR or LF in one would split the response: drop it.
  if (value.find_first_of("\r\n") != std::string_view::npos) return;
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

// The status line and headers, written by hand: Beast's serializer walked a chain of buffer
// views per response and was a visible share of a /healthz.
inline std::string ResponseHead(const Response& res, std::string_view request_id, unsigned version,
                                bool keep_alive) {
  std::string out;
  out.reserve(160 + res.content_type.size() + res.headers.size() * 64);
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  out += bhttp::obsolete_reason(static_cast<bhttp::status>(res.status));
  out += "\r\n";
  if (!res.content_type.empty()) AppendHeader(out, "Content-Type", res.content_type);
  AppendHeader(out, "X-Request-ID", request_id);
  for (const auto& [name, value] : res.headers) AppendHeader(out, name, value);
  // RFC 9110: no Content-Length on a 1xx, 204 or 304.
  if (res.status >= 200 && res.status != 204 && res.status != 304) {
    AppendHeader(out, "Content-Length", std::to_string(res.body.size()));
  }
  if (version == 10 && keep_alive) AppendHeader(out, "Connection", "keep-alive");
  if (version != 10 && !keep_alive) AppendHeader(out, "Connection", "close");
  out += "\r\n";
  return out;
}

// A connection over a cap: a tiny 503 if the socket takes it at once, then closed. Nothing is
// read and nothing waits, so a flood of them costs the accept loop little.
template <typename Socket>
inline void RefuseConnection(Socket& socket, std::string detail) {
  const Response res =
      RenderError(ApiError::ServiceUnavailable(std::move(detail)).WithHeader("Retry-After", "1"));
  const std::string head = ResponseHead(res, ResolveRequestId({}), 11, false);
  std::array<asio::const_buffer, 2> wire{asio::buffer(head), asio::buffer(res.body)};
  boost::system::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(wire, ec);
  socket.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  socket.close(ec);
}

}  // namespace wire
}  // namespace plangate::http
