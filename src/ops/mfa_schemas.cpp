// The OpenAPI schemas of two-factor sign-in (contract v1.1, /api/v1/auth/mfa/*).

#include <boost/json/parse.hpp>

#include "ops/openapi.h"

namespace plangate::ops {

boost::json::object MfaSchemas() {
  return boost::json::parse(R"JSON({
  "MfaPasswordRequest": {
    "type": "object",
    "required": ["password"],
    "properties": {"password": {"type": "string", "format": "password"}}
  },
  "MfaSetup": {
    "type": "object",
    "required": ["secret", "otpauth_uri"],
    "properties": {
      "secret": {"type": "string", "pattern": "^[A-Z2-7]+$",
                 "description": "Base32 (RFC 4648, no padding). Shown only in this answer."},
      "otpauth_uri": {"type": "string",
                      "description": "otpauth://totp/<issuer>:<email>?secret=...&issuer=<issuer> (issuer MFA_ISSUER, issuer and email percent-encoded): render it as a QR code."}
    }
  },
  "MfaCodeRequest": {
    "type": "object",
    "required": ["code"],
    "properties": {"code": {"type": "string", "maxLength": 256,
                            "description": "The 6-digit code of the authenticator app (spaces ignored)."}}
  },
  "MfaRecoveryCodes": {
    "type": "object",
    "required": ["recovery_codes"],
    "properties": {
      "recovery_codes": {"type": "array", "minItems": 10, "maxItems": 10,
                         "items": {"type": "string", "pattern": "^[0-9a-z]{4}(-[0-9a-z]{4}){3}$"},
                         "description": "Single-use; shown only in this answer (stored hashed). Accepted in any case, with or without dashes."}
    }
  },
  "MfaVerifyRequest": {
    "type": "object",
    "required": ["mfa_token"],
    "properties": {
      "mfa_token": {"type": "string", "maxLength": 256,
                    "description": "From login's 403 MFA_REQUIRED answer."},
      "code": {"type": "string", "maxLength": 256, "description": "A TOTP code; or send recovery_code."},
      "recovery_code": {"type": "string", "maxLength": 256, "description": "A recovery code; or send code."}
    },
    "description": "Exactly one of code and recovery_code (neither or both: VALIDATION_ERROR)."
  },
  "MfaRecoveryCodesRequest": {
    "type": "object",
    "required": ["password", "code"],
    "properties": {
      "password": {"type": "string", "format": "password"},
      "code": {"type": "string", "maxLength": 256, "description": "A TOTP code."}
    }
  },
  "MfaDisableRequest": {
    "type": "object",
    "required": ["password"],
    "properties": {
      "password": {"type": "string", "format": "password"},
      "code": {"type": "string", "maxLength": 256},
      "recovery_code": {"type": "string", "maxLength": 256}
    },
    "description": "Exactly one of code and recovery_code (neither or both: VALIDATION_ERROR)."
  },
  "MfaRequiredError": {
    "type": "object",
    "required": ["code", "detail", "mfa_token", "expires_in"],
    "properties": {
      "code": {"type": "string", "enum": ["MFA_REQUIRED"]},
      "detail": {"type": "string"},
      "mfa_token": {"type": "string",
                    "description": "Single-use; send it to POST /api/v1/auth/mfa/verify with a code."},
      "expires_in": {"type": "integer", "enum": [300], "description": "Seconds the mfa_token lives."}
    }
  }
})JSON")
      .as_object();
}

}  // namespace plangate::ops
