// The OpenAPI schemas of OpenID Connect sign-in (contract v1.2).

#include <boost/json/parse.hpp>

#include "ops/openapi.h"

namespace plangate::ops {

boost::json::object OidcSchemas() {
  return boost::json::parse(R"JSON({
  "OidcProviderList": {
    "type": "object",
    "required": ["results"],
    "properties": {"results": {"type": "array", "items": {
      "type": "object",
      "required": ["name", "label"],
      "properties": {
        "name": {"type": "string", "pattern": "^[a-z0-9]+$",
                 "description": "Start at /api/v1/auth/oidc/{name}/start."},
        "label": {"type": "string"}
      }
    }}}
  },
  "Identity": {
    "type": "object",
    "required": ["id", "provider", "email", "created_at"],
    "properties": {
      "id": {"type": "integer", "format": "int64", "minimum": 1},
      "provider": {"type": "string"},
      "email": {"type": "string", "nullable": true, "description": "The address the provider gave when the identity was linked."},
      "created_at": {"type": "string", "format": "date-time"}
    }
  },
  "IdentityList": {
    "type": "object",
    "required": ["results"],
    "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Identity"}}}
  }
})JSON")
      .as_object();
}

}  // namespace plangate::ops
