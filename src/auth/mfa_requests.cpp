#include "auth/mfa_requests.h"

#include "http/fields.h"
#include "http/json_body.h"

namespace plangate::auth {

namespace {
constexpr http::StringRule kField{1, kMaxMfaFieldLength, true};

// code or recovery_code, exactly one.
SecondFactor ReadFactor(http::FieldReader& f) {
  SecondFactor out = ReadOptionalSecondFactor(f);
  if (!f.Has("code") && !f.Has("recovery_code")) {
    f.AddError("code", "Send code or recovery_code.");
  }
  return out;
}
}  // namespace

SecondFactor ReadOptionalSecondFactor(http::FieldReader& f) {
  SecondFactor out;
  out.code = f.OptionalString("code", kField);
  out.recovery_code = f.OptionalString("recovery_code", kField);
  // Both is ambiguous about what the call spends.
  if (f.Has("code") && f.Has("recovery_code")) {
    f.AddError("recovery_code", "Send code or recovery_code, not both.");
  }
  return out;
}

MfaPasswordRequest ReadMfaSetupRequest(const http::Request& request) {
  return http::ReadJsonBody<MfaPasswordRequest>(
      request,
      [](http::FieldReader& f, MfaPasswordRequest& out) { out.password = f.Password("password"); });
}

MfaCodeRequest ReadMfaConfirmRequest(const http::Request& request) {
  return http::ReadJsonBody<MfaCodeRequest>(request, [](http::FieldReader& f, MfaCodeRequest& out) {
    out.code = f.String("code", kField);
  });
}

MfaVerifyRequest ReadMfaVerifyRequest(const http::Request& request) {
  return http::ReadJsonBody<MfaVerifyRequest>(request,
                                              [](http::FieldReader& f, MfaVerifyRequest& out) {
                                                out.mfa_token = f.String("mfa_token", kField);
                                                out.factor = ReadFactor(f);
                                              });
}

MfaRecoveryCodesRequest ReadMfaRecoveryCodesRequest(const http::Request& request) {
  return http::ReadJsonBody<MfaRecoveryCodesRequest>(
      request, [](http::FieldReader& f, MfaRecoveryCodesRequest& out) {
        out.password = f.Password("password");
        out.code = f.String("code", kField);
      });
}

MfaDisableRequest ReadMfaDisableRequest(const http::Request& request) {
  return http::ReadJsonBody<MfaDisableRequest>(request,
                                               [](http::FieldReader& f, MfaDisableRequest& out) {
                                                 out.password = f.Password("password");
                                                 out.factor = ReadFactor(f);
                                               });
}

}  // namespace plangate::auth
