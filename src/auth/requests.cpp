#include "auth/requests.h"

#include "http/fields.h"
#include "http/json_body.h"

namespace plangate::auth {

namespace {
constexpr http::StringRule kToken{1, kMaxTokenLength, true};

Credentials ReadCredentials(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  Credentials out;
  out.email = f.Email("email");
  out.password = f.Password("password");
  f.Finish();
  return out;
}

EmailRequest ReadEmail(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  EmailRequest out;
  out.email = f.Email("email");
  f.Finish();
  return out;
}
}  // namespace

Credentials ReadRegisterRequest(const http::Request& request) { return ReadCredentials(request); }

Credentials ReadLoginRequest(const http::Request& request) { return ReadCredentials(request); }

TokenRequest ReadVerifyEmailRequest(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  TokenRequest out;
  out.token = f.String("token", kToken);
  f.Finish();
  return out;
}

EmailRequest ReadResendVerificationRequest(const http::Request& request) {
  return ReadEmail(request);
}

EmailRequest ReadForgotPasswordRequest(const http::Request& request) { return ReadEmail(request); }

ResetPasswordRequest ReadResetPasswordRequest(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  ResetPasswordRequest out;
  out.token = f.String("token", kToken);
  out.new_password = f.Password("new_password");
  f.Finish();
  return out;
}

ChangePasswordRequest ReadChangePasswordRequest(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  ChangePasswordRequest out;
  out.current_password = f.Password("current_password");
  out.new_password = f.Password("new_password");
  f.Finish();
  return out;
}

LogoutRequest ReadLogoutRequest(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  LogoutRequest out;
  out.all = f.OptionalBool("all").value_or(false);
  f.Finish();
  return out;
}

}  // namespace plangate::auth
