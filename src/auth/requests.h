#pragma once
// The bodies of the /api/v1/auth/* requests: parsed and validated with no I/O, so the handlers
// stay thin and the fuzzers can reach every rule. Each Read* throws http::ApiError (415, or 400
// BAD_REQUEST / VALIDATION_ERROR) exactly as the route answers.

#include <string>

#include "auth/mfa_requests.h"
#include "http/message.h"

namespace plangate::auth {

// Register and login take the same two fields.
struct Credentials {
  std::string email;  // trimmed, lower-cased, valid
  std::string password;
};

struct EmailRequest {
  std::string email;
};

struct TokenRequest {
  std::string token;
};

struct ResetPasswordRequest {
  std::string token;
  std::string new_password;
};

struct ChangePasswordRequest {
  std::string current_password;
  std::string new_password;
};

struct DeleteAccountRequest {
  std::optional<std::string> password;  // required of a user who has one
  SecondFactor factor;                  // when two-factor sign-in is on
  std::optional<std::string>
      refresh_token;  // the cookie: a recent sign-in stands in for a password
};

struct LogoutRequest {
  bool all = false;
};

// Emailed tokens are 43 characters; the limit only keeps nonsense out of the hash.
inline constexpr std::size_t kMaxTokenLength = 256;

Credentials ReadRegisterRequest(const http::Request& request);
Credentials ReadLoginRequest(const http::Request& request);
TokenRequest ReadVerifyEmailRequest(const http::Request& request);
EmailRequest ReadResendVerificationRequest(const http::Request& request);
EmailRequest ReadForgotPasswordRequest(const http::Request& request);
ResetPasswordRequest ReadResetPasswordRequest(const http::Request& request);
ChangePasswordRequest ReadChangePasswordRequest(const http::Request& request);
LogoutRequest ReadLogoutRequest(const http::Request& request);
DeleteAccountRequest ReadDeleteAccountRequest(const http::Request& request);

}  // namespace plangate::auth
