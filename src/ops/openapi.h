#pragma once
// The OpenAPI 3.0.3 document, generated from the route table so the docs cannot drift from the
// code.

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "http/router.h"

namespace plangate::ops {

boost::json::object BuildOpenApi(const std::vector<http::Route>& routes, std::string_view version);

// Component schemas by name; every schema a route names must be here.
const boost::json::object& ComponentSchemas();
// The v1.1 account schemas (Session, the export, the email change bodies), merged into the above.
boost::json::object AccountSchemas();
// Two-factor sign-in's request and response bodies (ops/mfa_schemas.cpp).
boost::json::object MfaSchemas();
// OpenID Connect sign-in's response bodies (ops/oidc_schemas.cpp).
boost::json::object OidcSchemas();

// Routes whose documentation is incomplete (no summary, tag or responses, or a schema name that
// is not a component); empty when the table is fully documented.
std::vector<std::string> UndocumentedRoutes(const std::vector<http::Route>& routes);

}  // namespace plangate::ops
