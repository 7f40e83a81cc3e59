#include "auth/requests.h"

#include "http/fields.h"
#include "http/json_body.h"

namespace plangate::auth {

namespace {
constexpr http::StringRule kToken{1, kMaxTokenLength, true};

Credentials ReadCredentials(const http::Request& request) {
  return http::ReadJsonBody<Credentials>(request, [](http::FieldReader& f, Credentials& out) {
    out.email = f.Email("email");
    out.password = f.Password("password");
  });
}

EmailRequest ReadEmail(const http::Request& request) {
  return http::ReadJsonBody<EmailRequest>(
      request, [](http::FieldReader& f, EmailRequest& out) { out.email = f.Email("email"); });
}
}  // namespace

Credentials ReadRegisterRequest(const http::Request& request) { return ReadCredentials(request); }

Credentials ReadLoginRequest(const http::Request& request) { return ReadCredentials(request); }

TokenRequest ReadVerifyEmailRequest(const http::Request& request) {
  return http::ReadJsonBody<TokenRequest>(request, [](http::FieldReader& f, TokenRequest& out) {
    out.token = f.String("token", kToken);
  });
}

EmailRequest ReadResendVerificationRequest(const http::Request& request) {
  return ReadEmail(request);
}

EmailRequest ReadForgotPasswordRequest(const http::Request& request) { return ReadEmail(request); }

ResetPasswordRequest ReadResetPasswordRequest(const http::Request& request) {
  return http::ReadJsonBody<ResetPasswordRequest>(
      request, [](http::FieldReader& f, ResetPasswordRequest& out) {
        out.token = f.String("token", kToken);
        out.new_password = f.Password("new_password");
      });
}

ChangePasswordRequest ReadChangePasswordRequest(const http::Request& request) {
  return http::ReadJsonBody<ChangePasswordRequest>(
      request, [](http::FieldReader& f, ChangePasswordRequest& out) {
        out.current_password = f.Password("current_password");
        out.new_password = f.Password("new_password");
      });
}

LogoutRequest ReadLogoutRequest(const http::Request& request) {
  return http::ReadJsonBody<LogoutRequest>(request, [](http::FieldReader& f, LogoutRequest& out) {
    out.all = f.OptionalBool("all").value_or(false);
  });
}

DeleteAccountRequest ReadDeleteAccountRequest(const http::Request& request) {
  return http::ReadJsonBody<DeleteAccountRequest>(
      request, [](http::FieldReader& f, DeleteAccountRequest& out) {
        if (f.Has("password")) out.password = f.Password("password");
        out.factor = ReadOptionalSecondFactor(f);
      });
}

}  // namespace plangate::auth
