#include <boost/json/parse.hpp>

#include "ops/openapi.h"

namespace plangate::ops {

boost::json::object AccountSchemas() {
  return boost::json::parse(R"JSON({
  "Session": {
    "type": "object",
    "required": ["id", "created_at", "last_used_at", "ip", "user_agent", "current"],
    "properties": {
      "id": {"type": "integer", "format": "int64", "minimum": 1,
             "description": "Stable for the session's life (its first refresh row's id); for DELETE sessions/{id}."},
      "created_at": {"type": "string", "format": "date-time", "description": "The sign-in."},
      "last_used_at": {"type": "string", "format": "date-time",
                       "description": "The latest sign-in or token refresh of the session."},
      "ip": {"type": "string", "nullable": true,
             "description": "The client IP at sign-in (TRUSTED_PROXIES applied); null for sessions older than the record."},
      "user_agent": {"type": "string", "maxLength": 256, "nullable": true,
                     "description": "The User-Agent at sign-in, cut to 256 code points; null for sessions older than the record."},
      "current": {"type": "boolean",
                  "description": "The session of the refresh cookie that came with the call."}
    }
  },
  "SessionList": {
    "type": "object",
    "required": ["results"],
    "properties": {
      "results": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}
    }
  },
  "EmailChangeRequest": {
    "type": "object",
    "required": ["new_email", "password"],
    "properties": {
      "new_email": {"type": "string", "format": "email", "maxLength": 254},
      "password": {"type": "string", "format": "password", "description": "The current password."}
    }
  },
  "AccountExport": {
    "type": "object",
    "required": ["user", "apps", "collaborations", "subscription", "sessions", "identities"],
    "properties": {
      "user": {"$ref": "#/components/schemas/User"},
      "apps": {"type": "array", "items": {"$ref": "#/components/schemas/App"},
               "description": "The apps the user owns, newest first."},
      "collaborations": {"type": "array", "items": {"$ref": "#/components/schemas/App"},
                         "description": "The apps the user is a member of without owning them."},
      "subscription": {"allOf": [{"$ref": "#/components/schemas/Subscription"}], "nullable": true},
      "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
      "identities": {"type": "array", "items": {"$ref": "#/components/schemas/Identity"},
                     "description": "The linked sign-in provider identities (beyond contract v1.1, which predates them), as GET /api/v1/auth/identities."}
    }
  }
})JSON")
      .as_object();
}

}  // namespace plangate::ops
