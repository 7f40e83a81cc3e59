#include "http/message.h"

#include <array>
#include <stdexcept>

#include "core/text.h"

namespace plangate::http {

namespace {
constexpr std::array<std::pair<Method, std::string_view>, 7> kMethods = {{
    {Method::kGet, "GET"},
    {Method::kHead, "HEAD"},
    {Method::kPost, "POST"},
    {Method::kPut, "PUT"},
    {Method::kPatch, "PATCH"},
    {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
}};

}  // namespace

std::string_view MethodName(Method m) {
  for (const auto& [method, name] : kMethods) {
    if (method == m) return name;
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (const auto& [method, known] : kMethods) {
    if (known == name) return method;
  }
  return Method::kOther;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (core::LowerAscii(a[i]) != core::LowerAscii(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> Request::HeaderValue(std::string_view name) const {
  for (const auto& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) return h.value;
  }
  return std::nullopt;
}

core::RequestMeta Request::Meta() const {
  return {client_ip, request_id, std::string(HeaderValue("User-Agent").value_or(""))};
}

std::vector<std::string_view> Request::HeaderValues(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) values.push_back(h.value);
  }
  return values;
}

std::int64_t Request::Param(std::string_view name) const {
  for (const auto& p : params) {
    if (p.name == name) return p.value;
  }
  throw std::logic_error("route has no path parameter named " + std::string(name));
}

std::string_view Request::SlugParam(std::string_view name) const {
  for (const auto& p : params) {
    if (p.name == name) return p.text;
  }
  throw std::logic_error("route has no path parameter named " + std::string(name));
}

void Response::SetHeader(std::string name, std::string value) {
  for (auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type = {};
  return r;
}

}  // namespace plangate::http
