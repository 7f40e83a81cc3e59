#pragma once
// Method + path-pattern routing. Patterns are literal segments and typed parameters: `{id}` matches
// only a positive 64-bit integer and `{name:slug}` only 1 to 64 of [a-z0-9], so a handler never
// sees a parameter it has to re-validate and a malformed one is a plain 404. A trailing slash is
// tolerated on every route.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace plangate::http {

// Who may call a route. Typed, so a typo cannot leave a route unprotected.
enum class AuthRequirement { kNone, kUser, kStaff };

// Where the handler runs: inline on the I/O thread (only for handlers that never block: no
// database, no hashing, no network), on the blocking worker pool, inline when the server's
// prepare step already read, without blocking, everything the route needs (the caller) and on
// the worker pool otherwise, or on the outbound pool: a small pool of its own for handlers that
// call a service outside (Stripe), so that when it is slow they wait for each other and never
// hold the workers every other route needs (a bulkhead).
enum class Execution { kInline, kWorkerPool, kInlineWhenPrepared, kOutboundPool };

struct ResponseDoc {
  int status = 200;
  std::string description;
  std::string schema;  // components/schemas name, or empty for no body
  std::vector<std::string> error_codes;
};

// A query parameter a route reads, as its OpenAPI document declares it (so generated clients
// type it).
struct QueryParamDoc {
  enum class Type { kString, kInteger, kBoolean };
  std::string name;
  Type type = Type::kString;
  std::string description;
  std::vector<std::string> values;  // a string that must be one of these, when not empty
  std::int64_t minimum = 0;         // integer bounds, when maximum > 0
  std::int64_t maximum = 0;
};

struct RouteDoc {
  std::string summary;
  std::string tag;
  std::string request_schema;  // components/schemas name, or empty when the route takes no body
  std::vector<ResponseDoc> responses;
  std::string description;
  std::vector<QueryParamDoc> query;
};

// Who called. The caller's whole row, as authentication read it for this request, is in
// Request::extensions (the layer that reads it names its type).
struct Principal {
  std::int64_t user_id = 0;
  bool is_staff = false;
};

struct Context {
  Request& request;
  const Principal* principal = nullptr;  // set when the route requires a user
};

using Handler = std::function<Response(Context&)>;

struct Route {
  Method method = Method::kGet;
  std::string pattern;
  AuthRequirement auth = AuthRequirement::kNone;
  Execution execution = Execution::kWorkerPool;
  Handler handler;
  RouteDoc doc;
  // What the layers above attach to a route, by type (a read ahead of its handler's query).
  core::Extensions extensions;
  // Answered whatever the Host: liveness and readiness probes address the server by its IP
  // (Docker's HEALTHCHECK, a Kubernetes httpGet), and these answers build no URL.
  bool any_host = false;
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;
  std::vector<PathParam> params;
  std::string allow;  // for kMethodNotAllowed and OPTIONS: "GET, POST, OPTIONS"
};

class Router {
 public:
  explicit Router(std::vector<Route> routes);

  RouteMatch Match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    enum class Kind { kLiteral, kId, kSlug };
    std::string text;  // literal text, or the parameter name
    Kind kind = Kind::kLiteral;
  };
  struct Compiled {
    std::vector<Segment> segments;
  };

  static bool CouldMatchOnePath(const Segment& x, const Segment& y);
  static bool SameShape(const Compiled& a, const Compiled& b);
  bool MatchPattern(const Compiled& c, std::string_view path, std::vector<PathParam>* params) const;

  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

// Parses a strictly positive decimal int64 with no sign, spaces or leading zeros.
bool ParsePositiveId(std::string_view text, std::int64_t* out);

// What a `{name:slug}` parameter accepts: 1 to kMaxSlugLength of [a-z0-9]. kSlugPattern says
// the same to OpenAPI (RouterTest checks that they agree).
inline constexpr std::size_t kMaxSlugLength = 64;
inline constexpr std::string_view kSlugPattern = "^[a-z0-9]{1,64}$";
bool IsSlug(std::string_view text);

// The pattern as an OpenAPI path: parameter types dropped ("/a/{name:slug}" -> "/a/{name}").
std::string OpenApiPath(std::string_view pattern);

}  // namespace plangate::http
