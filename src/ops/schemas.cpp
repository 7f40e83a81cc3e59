#include <boost/json/parse.hpp>

#include "core/error_codes.h"
#include "ops/openapi.h"

namespace plangate::ops {

namespace {
// DRF's page object (http/pagination.h) around a list of `item`.
boost::json::object PageOf(std::string_view item) {
  return {{"type", "object"},
          {"required", {"count", "next", "previous", "results"}},
          {"properties",
           {{"count", {{"type", "integer"}, {"minimum", 0}}},
            {"next", {{"type", "string"}, {"format", "uri"}, {"nullable", true}}},
            {"previous", {{"type", "string"}, {"format", "uri"}, {"nullable", true}}},
            {"results",
             {{"type", "array"},
              {"items", {{"$ref", "#/components/schemas/" + std::string(item)}}}}}}}};
}

// The schemas written out by hand, below.
boost::json::object Written();
}  // namespace

const boost::json::object& ComponentSchemas() {
  static const boost::json::object kSchemas = [] {
    boost::json::object schemas = Written();
    for (auto& [name, schema] : MfaSchemas()) schemas[name] = schema;
    for (auto& [name, schema] : OidcSchemas()) schemas[name] = schema;
    schemas["PaginatedAppList"] = PageOf("App");
    schemas["PaginatedAdminUserList"] = PageOf("AdminUser");
    for (auto& [name, schema] : AccountSchemas()) schemas[name] = schema;
    // Every code the API answers with, from the error catalogue.
    boost::json::array codes;
    std::string meanings = "Stable machine-readable error code:";
    for (const core::ErrorCode& e : core::kErrorCatalogue) {
      codes.emplace_back(e.code);
      meanings += " " + std::string(e.code) + " (" + std::to_string(e.status) + ") " +
                  std::string(e.meaning);
    }
    auto& code = schemas["Error"].as_object()["properties"].as_object()["code"].as_object();
    code["enum"] = std::move(codes);
    code["description"] = meanings;
    return schemas;
  }();
  return kSchemas;
}

namespace {
// Kept as JSON text: it reads like the OpenAPI it becomes.
boost::json::object Written() {
  return boost::json::parse(R"JSON({
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
  "Detail": {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}}
  },
  "User": {
    "type": "object",
    "required": ["id", "email", "user_type", "is_verified", "is_staff", "date_joined",
                 "app_count", "app_limit", "mfa_enabled", "has_password"],
    "properties": {
      "id": {"type": "integer", "format": "int64", "minimum": 1},
      "email": {"type": "string", "format": "email", "maxLength": 254},
      "user_type": {"type": "string", "enum": ["basic", "pro"]},
      "is_verified": {"type": "boolean"},
      "is_staff": {"type": "boolean"},
      "date_joined": {"type": "string", "format": "date-time"},
      "app_count": {"type": "integer", "minimum": 0, "description": "Apps the user owns."},
      "app_limit": {"type": "integer", "minimum": 0,
                    "description": "The admin override if set, else the plan's limit."},
      "mfa_enabled": {"type": "boolean", "description": "Two-factor sign-in (TOTP) is on."},
      "has_password": {"type": "boolean",
                       "description": "The user can sign in with a password. False for an account made by a sign-in with an OpenID Connect provider until password/forgot sets one."}
    }
  },
  "TokenResponse": {
    "type": "object",
    "required": ["access", "token_type", "expires_in", "user"],
    "properties": {
      "access": {"type": "string", "description": "HS256 JWT; send as Authorization: Bearer."},
      "token_type": {"type": "string", "enum": ["Bearer"]},
      "expires_in": {"type": "integer", "description": "Seconds until the access token expires."},
      "user": {"$ref": "#/components/schemas/User"}
    }
  },
  "RegisterRequest": {
    "type": "object",
    "required": ["email", "password"],
    "properties": {
      "email": {"type": "string", "format": "email", "maxLength": 254},
      "password": {"type": "string", "minLength": 8, "maxLength": 128, "format": "password"}
    }
  },
  "LoginRequest": {
    "type": "object",
    "required": ["email", "password"],
    "properties": {
      "email": {"type": "string", "format": "email", "maxLength": 254},
      "password": {"type": "string", "format": "password"}
    }
  },
  "EmailRequest": {
    "type": "object",
    "required": ["email"],
    "properties": {"email": {"type": "string", "format": "email", "maxLength": 254}}
  },
  "TokenRequest": {
    "type": "object",
    "required": ["token"],
    "properties": {"token": {"type": "string", "maxLength": 256}}
  },
  "LogoutRequest": {
    "type": "object",
    "properties": {"all": {"type": "boolean", "default": false,
                           "description": "Revoke every session of the user."}}
  },
  "ResetPasswordRequest": {
    "type": "object",
    "required": ["token", "new_password"],
    "properties": {
      "token": {"type": "string", "maxLength": 256},
      "new_password": {"type": "string", "minLength": 8, "maxLength": 128, "format": "password"}
    }
  },
  "ChangePasswordRequest": {
    "type": "object",
    "required": ["current_password", "new_password"],
    "properties": {
      "current_password": {"type": "string", "format": "password"},
      "new_password": {"type": "string", "minLength": 8, "maxLength": 128, "format": "password"}
    }
  },
  "DeleteAccountRequest": {
    "type": "object",
    "description": "A user without a password (has_password false) sends no password; the call must then carry the refresh_token cookie of a recent sign-in (DELETE /api/v1/auth/me's 403 says how recent), else 403 REAUTHENTICATION_REQUIRED.",
    "properties": {
      "password": {"type": "string", "format": "password",
                   "description": "Required when the user has a password (has_password)."},
      "code": {"type": "string", "maxLength": 256,
               "description": "A TOTP code; needed (or recovery_code) when two-factor sign-in is on."},
      "recovery_code": {"type": "string", "maxLength": 256,
                        "description": "A recovery code, instead of code; not both."}
    }
  },
  "App": {
    "type": "object",
    "required": ["id", "name", "description", "owner_id", "role", "created_at", "updated_at"],
    "properties": {
      "id": {"type": "integer", "format": "int64", "minimum": 1},
      "name": {"type": "string", "minLength": 1, "maxLength": 100},
      "description": {"type": "string", "maxLength": 1000},
      "owner_id": {"type": "integer", "format": "int64"},
      "role": {"type": "string", "enum": ["owner", "editor", "viewer"],
               "description": "The caller's role on this app."},
      "created_at": {"type": "string", "format": "date-time"},
      "updated_at": {"type": "string", "format": "date-time"}
    }
  },
  "AppCreateRequest": {
    "type": "object",
    "required": ["name"],
    "properties": {
      "name": {"type": "string", "minLength": 1, "maxLength": 100,
               "description": "Trimmed; 1-100 characters after trimming."},
      "description": {"type": "string", "maxLength": 1000, "default": ""}
    }
  },
  "AppUpdateRequest": {
    "type": "object",
    "properties": {
      "name": {"type": "string", "minLength": 1, "maxLength": 100},
      "description": {"type": "string", "maxLength": 1000}
    }
  },
  "AppLimitError": {
    "type": "object",
    "required": ["code", "detail"],
    "properties": {
      "code": {"type": "string", "enum": ["APP_LIMIT_REACHED", "ACCOUNT_DISABLED"]},
      "detail": {"type": "string"},
      "limit": {"type": "integer"},
      "current": {"type": "integer"},
      "user_type": {"type": "string", "enum": ["basic", "pro"]}
    }
  },
  "Collaborator": {
    "type": "object",
    "required": ["user_id", "email", "role", "added_at"],
    "properties": {
      "user_id": {"type": "integer", "format": "int64"},
      "email": {"type": "string", "format": "email"},
      "role": {"type": "string", "enum": ["owner", "editor", "viewer"]},
      "added_at": {"type": "string", "format": "date-time"}
    }
  },
  "CollaboratorList": {
    "type": "object",
    "required": ["results"],
    "properties": {
      "results": {"type": "array", "items": {"$ref": "#/components/schemas/Collaborator"}}
    }
  },
  "CollaboratorCreateRequest": {
    "type": "object",
    "required": ["email", "role"],
    "properties": {
      "email": {"type": "string", "format": "email"},
      "role": {"type": "string", "enum": ["editor", "viewer"]}
    }
  },
  "CollaboratorUpdateRequest": {
    "type": "object",
    "required": ["role"],
    "properties": {"role": {"type": "string", "enum": ["editor", "viewer"]}}
  },
  "Invitation": {
    "type": "object",
    "required": ["id", "app_id", "email", "role", "invited_by", "created_at", "expires_at"],
    "properties": {
      "id": {"type": "integer", "format": "int64"},
      "app_id": {"type": "integer", "format": "int64"},
      "email": {"type": "string", "format": "email", "description": "Lower-cased."},
      "role": {"type": "string", "enum": ["editor", "viewer"]},
      "invited_by": {"type": "integer", "format": "int64",
                     "description": "The inviting user's id."},
      "created_at": {"type": "string", "format": "date-time"},
      "expires_at": {"type": "string", "format": "date-time"}
    }
  },
  "InvitationList": {
    "type": "object",
    "required": ["results"],
    "properties": {
      "results": {"type": "array", "items": {"$ref": "#/components/schemas/Invitation"}}
    }
  },
  "InvitationCreateRequest": {
    "type": "object",
    "required": ["email", "role"],
    "properties": {
      "email": {"type": "string", "format": "email", "maxLength": 254},
      "role": {"type": "string", "enum": ["editor", "viewer"]}
    }
  },
  "InvitationLookup": {
    "type": "object",
    "required": ["app_id", "app_name", "invited_by_email", "role", "email", "expires_at"],
    "properties": {
      "app_id": {"type": "integer", "description": "Beyond the contract: lets a member already be taken to the app."},
      "app_name": {"type": "string"},
      "invited_by_email": {"type": "string", "format": "email"},
      "role": {"type": "string", "enum": ["editor", "viewer"]},
      "email": {"type": "string", "format": "email", "description": "The invited address."},
      "expires_at": {"type": "string", "format": "date-time"}
    }
  },
  "Plan": {
    "type": "object",
    "required": ["plan_id", "user_type", "app_limit", "price_id"],
    "properties": {
      "plan_id": {"type": "string"},
      "user_type": {"type": "string", "enum": ["basic", "pro"]},
      "app_limit": {"type": "integer"},
      "price_id": {"type": "string", "nullable": true}
    }
  },
  "PlanList": {
    "type": "object",
    "required": ["results"],
    "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Plan"}}}
  },
  "CheckoutRequest": {
    "type": "object",
    "required": ["plan_id"],
    "properties": {"plan_id": {"type": "string", "description": "A paid plan (not basic)."}}
  },
  "CheckoutSession": {
    "type": "object",
    "required": ["session_id", "url"],
    "properties": {"session_id": {"type": "string"}, "url": {"type": "string", "format": "uri"}}
  },
  "PortalSession": {
    "type": "object",
    "required": ["url"],
    "properties": {"url": {"type": "string", "format": "uri"}}
  },
  "Subscription": {
    "type": "object",
    "required": ["plan_id", "status", "current_period_end", "cancel_at_period_end", "trial_end",
                 "canceled_at"],
    "properties": {
      "plan_id": {"type": "string", "nullable": true},
      "status": {"type": "string", "enum": ["incomplete", "incomplete_expired", "trialing",
                                             "active", "past_due", "canceled", "unpaid", "paused"]},
      "current_period_end": {"type": "string", "format": "date-time", "nullable": true},
      "cancel_at_period_end": {"type": "boolean"},
      "trial_end": {"type": "string", "format": "date-time", "nullable": true},
      "canceled_at": {"type": "string", "format": "date-time", "nullable": true}
    }
  },
  "SubscriptionStatus": {
    "type": "object",
    "required": ["user_type", "subscription"],
    "properties": {
      "user_type": {"type": "string", "enum": ["basic", "pro"]},
      "subscription": {"allOf": [{"$ref": "#/components/schemas/Subscription"}], "nullable": true}
    }
  },
  "StripeEvent": {
    "type": "object",
    "required": ["id", "type", "data"],
    "description": "A Stripe event, verified against the raw body's Stripe-Signature.",
    "properties": {
      "id": {"type": "string"},
      "type": {"type": "string"},
      "data": {"type": "object", "properties": {"object": {"type": "object"}}}
    }
  },
  "WebhookReceived": {
    "type": "object",
    "required": ["received"],
    "properties": {"received": {"type": "boolean", "enum": [true]}}
  },
  "AdminUser": {
    "allOf": [
      {"$ref": "#/components/schemas/User"},
      {
        "type": "object",
        "required": ["is_disabled_by_admin", "last_login", "app_limit_override"],
        "properties": {
          "is_disabled_by_admin": {"type": "boolean"},
          "last_login": {"type": "string", "format": "date-time", "nullable": true},
          "app_limit_override": {"type": "integer", "minimum": 0, "maximum": 2147483647,
                                 "nullable": true}
        }
      }
    ]
  },
  "AdminUserDetail": {
    "allOf": [
      {"$ref": "#/components/schemas/AdminUser"},
      {
        "type": "object",
        "required": ["subscription", "collaboration_count", "stripe_customer_id"],
        "properties": {
          "subscription": {"allOf": [{"$ref": "#/components/schemas/Subscription"}],
                           "nullable": true},
          "collaboration_count": {"type": "integer",
                                  "description": "Apps the user is a member of without owning."},
          "stripe_customer_id": {"type": "string", "nullable": true}
        }
      }
    ]
  },
  "AdminUserUpdateRequest": {
    "type": "object",
    "properties": {
      "is_disabled_by_admin": {"type": "boolean"},
      "app_limit_override": {"type": "integer", "minimum": 0, "maximum": 2147483647,
                             "nullable": true, "description": "null clears the override."},
      "mfa_enabled": {"type": "boolean", "enum": [false],
                      "description": "false turns the user's two-factor sign-in off (a lost device); true is a VALIDATION_ERROR."}
    }
  },
  "CancelRequest": {
    "type": "object",
    "properties": {"immediately": {"type": "boolean", "default": false}}
  },
  "OpenApiDocument": {
    "type": "object",
    "description": "This document.",
    "additionalProperties": true
  }
})JSON")
      .as_object();
}
}  // namespace

}  // namespace plangate::ops
