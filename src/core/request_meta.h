#pragma once
// What the domain may know of the request it serves: who sent it (for rate limits, sessions and
// events) and its id (for the log). Handlers build it from http::Request; services take this and
// typed inputs, never the request itself, so they can be called without a transport.

#include <string>

namespace plangate::core {

struct RequestMeta {
  std::string client_ip;   // under the TRUSTED_PROXIES rule
  std::string request_id;  // the X-Request-ID this request is logged under
  std::string user_agent;  // raw, possibly empty; cut where it is stored
};

}  // namespace plangate::core
