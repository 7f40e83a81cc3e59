#pragma once
// The bodies of the /api/v1/auth/mfa/* requests: parsed and validated with no I/O (the fuzzers
// reach them). A field missing, null, of the wrong type, blank or over 256 characters is a
// VALIDATION_ERROR; what a code string says is the service's to judge (INVALID_MFA_CODE).

#include <optional>
#include <string>

#include "http/message.h"

namespace plangate::http {
class FieldReader;
}

namespace plangate::auth {

inline constexpr std::size_t kMaxMfaFieldLength = 256;

// The second factor a request carries: a TOTP code or a recovery code.
struct SecondFactor {
  std::optional<std::string> code;
  std::optional<std::string> recovery_code;
};

struct MfaPasswordRequest {
  std::string password;
};

struct MfaCodeRequest {
  std::string code;
};

struct MfaVerifyRequest {
  std::string mfa_token;
  SecondFactor factor;  // exactly one of the two
};

struct MfaRecoveryCodesRequest {
  std::string password;
  std::string code;
};

struct MfaDisableRequest {
  std::string password;
  SecondFactor factor;  // exactly one of the two
};

// code and recovery_code, each optional, not both (DELETE /auth/me: needed only when two-factor
// sign-in is on, which the service knows).
SecondFactor ReadOptionalSecondFactor(http::FieldReader& f);

MfaPasswordRequest ReadMfaSetupRequest(const http::Request& request);
MfaCodeRequest ReadMfaConfirmRequest(const http::Request& request);
MfaVerifyRequest ReadMfaVerifyRequest(const http::Request& request);
MfaRecoveryCodesRequest ReadMfaRecoveryCodesRequest(const http::Request& request);
MfaDisableRequest ReadMfaDisableRequest(const http::Request& request);

}  // namespace plangate::auth
