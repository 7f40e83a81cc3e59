#include <boost/json/parse.hpp>

#include "ops/openapi.h"

namespace plangate::ops {

// Reusable component schemas. Kept as JSON text: it reads like the OpenAPI it becomes.
const boost::json::object& ComponentSchemas() {
  static const boost::json::object kSchemas = boost::json::parse(R"JSON({
  "Error": {
    "type": "object",
    "required": ["code", "detail"],
    "properties": {
      "code": {"type": "string", "description": "Stable machine-readable error code."},
      "detail": {"type": "string", "description": "Human readable sentence."}
    },
    "additionalProperties": true
  },
  "ValidationError": {
    "type": "object",
    "required": ["code", "detail", "errors"],
    "properties": {
      "code": {"type": "string", "enum": ["VALIDATION_ERROR"]},
      "detail": {"type": "string"},
      "errors": {
        "type": "object",
        "description": "Field name to the list of problems with it.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}}
      }
    }
  },
  "Health": {
    "type": "object",
    "required": ["status", "version"],
    "properties": {
      "status": {"type": "string", "enum": ["ok"]},
      "version": {"type": "string"}
    }
  },
  "Readiness": {
    "type": "object",
    "required": ["status", "checks"],
    "properties": {
      "status": {"type": "string", "enum": ["ok", "error"]},
      "checks": {
        "type": "object",
        "required": ["database"],
        "properties": {"database": {"type": "string", "enum": ["ok", "error"]}}
      },
      "code": {"type": "string"},
      "detail": {"type": "string"}
    }
  },
  "OpenApiDocument": {
    "type": "object",
    "description": "This document.",
    "additionalProperties": true
  }
})JSON")
                                                  .as_object();
  return kSchemas;
}

}  // namespace plangate::ops
