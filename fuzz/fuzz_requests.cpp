// Every JSON request body the API reads. The first byte picks the request type (a letter from
// kTypes keeps seeds stable when types are added; any other byte picks by modulo), the rest is
// the body, sent as application/json. Each reader must return a value within its declared rules
// or throw http::ApiError with a 4xx status; anything else is a bug.

#include <cstddef>
#include <cstdint>
#include <string>

#include "admin/requests.h"
#include "apps/invitation_requests.h"
#include "apps/requests.h"
#include "auth/account_requests.h"
#include "auth/mfa_requests.h"
#include "auth/requests.h"
#include "billing/requests.h"
#include "core/text.h"
#include "fuzz_check.h"
#include "http/fields.h"

namespace plangate::fuzz {
namespace {

void CheckEmail(const std::string& email) {
  FUZZ_CHECK(!email.empty() && email.size() <= 254);
  FUZZ_CHECK(http::IsValidEmail(email));
  FUZZ_CHECK(!HasUpperAscii(email));
  FUZZ_CHECK(core::Trim(email) == email);
}

// Passwords keep their whitespace; the policy judges them later.
void CheckPassword(const std::string& password) {
  std::size_t n = http::CodePointCount(password);
  FUZZ_CHECK(n >= 1 && n <= 4096);
  FUZZ_CHECK(password.find('\0') == std::string::npos);
}

void CheckText(const std::string& text, std::size_t min, std::size_t max) {
  std::size_t n = http::CodePointCount(text);
  FUZZ_CHECK(n >= min && n <= max);
  FUZZ_CHECK(text.find('\0') == std::string::npos);
  FUZZ_CHECK(core::Trim(text) == text);
}

void CheckAssignable(apps::Role role) {
  FUZZ_CHECK(role == apps::Role::kEditor || role == apps::Role::kViewer);
}

void Register(const http::Request& r) {
  auto in = auth::ReadRegisterRequest(r);
  CheckEmail(in.email);
  CheckPassword(in.password);
}

void Login(const http::Request& r) {
  auto in = auth::ReadLoginRequest(r);
  CheckEmail(in.email);
  CheckPassword(in.password);
}

void VerifyEmail(const http::Request& r) {
  CheckText(auth::ReadVerifyEmailRequest(r).token, 1, auth::kMaxTokenLength);
}

void ResendVerification(const http::Request& r) {
  CheckEmail(auth::ReadResendVerificationRequest(r).email);
}

void ForgotPassword(const http::Request& r) {
  CheckEmail(auth::ReadForgotPasswordRequest(r).email);
}

void ResetPassword(const http::Request& r) {
  auto in = auth::ReadResetPasswordRequest(r);
  CheckText(in.token, 1, auth::kMaxTokenLength);
  CheckPassword(in.new_password);
}

void ChangePassword(const http::Request& r) {
  auto in = auth::ReadChangePasswordRequest(r);
  CheckPassword(in.current_password);
  CheckPassword(in.new_password);
}

void Logout(const http::Request& r) { auth::ReadLogoutRequest(r); }

void DeleteAccount(const http::Request& r) {
  // Optional: a user without a password sends none.
  if (auto password = auth::ReadDeleteAccountRequest(r).password) CheckPassword(*password);
}

void CreateApp(const http::Request& r) {
  auto in = apps::ReadCreateAppRequest(r);
  CheckText(in.name, 1, apps::kMaxNameLength);
  CheckText(in.description, 0, apps::kMaxDescriptionLength);
}

void UpdateApp(const http::Request& r) {
  auto in = apps::ReadUpdateAppRequest(r);
  if (in.name) CheckText(*in.name, 1, apps::kMaxNameLength);
  if (in.description) CheckText(*in.description, 0, apps::kMaxDescriptionLength);
}

void AddCollaborator(const http::Request& r) {
  auto in = apps::ReadAddCollaboratorRequest(r);
  CheckEmail(in.email);
  CheckAssignable(in.role);
}

void UpdateCollaborator(const http::Request& r) {
  CheckAssignable(apps::ReadUpdateCollaboratorRequest(r).role);
}

void UpdateUser(const http::Request& r) {
  auto in = admin::ReadUpdateUserRequest(r);
  if (in.app_limit_override) {
    FUZZ_CHECK(in.set_override);
    FUZZ_CHECK(*in.app_limit_override >= 0 &&
               *in.app_limit_override <= admin::kMaxAppLimitOverride);
  }
  FUZZ_CHECK(!in.mfa_enabled.value_or(false));  // only false is ever accepted
}

void CheckMfaField(const std::string& value) { CheckText(value, 1, auth::kMaxMfaFieldLength); }

// Exactly one of code and recovery_code, each a trimmed, bounded string.
void CheckFactor(const auth::SecondFactor& f) {
  FUZZ_CHECK(f.code.has_value() != f.recovery_code.has_value());
  if (f.code) CheckMfaField(*f.code);
  if (f.recovery_code) CheckMfaField(*f.recovery_code);
}

void MfaSetup(const http::Request& r) { CheckPassword(auth::ReadMfaSetupRequest(r).password); }

void MfaConfirm(const http::Request& r) { CheckMfaField(auth::ReadMfaConfirmRequest(r).code); }

void MfaVerify(const http::Request& r) {
  auto in = auth::ReadMfaVerifyRequest(r);
  CheckMfaField(in.mfa_token);
  CheckFactor(in.factor);
}

void MfaRecoveryCodes(const http::Request& r) {
  auto in = auth::ReadMfaRecoveryCodesRequest(r);
  CheckPassword(in.password);
  CheckMfaField(in.code);
}

void MfaDisable(const http::Request& r) {
  auto in = auth::ReadMfaDisableRequest(r);
  CheckPassword(in.password);
  CheckFactor(in.factor);
}

void CancelSubscription(const http::Request& r) { admin::ReadCancelSubscriptionRequest(r); }

void Checkout(const http::Request& r) {
  CheckText(billing::ReadCheckoutRequest(r).plan_id, 1, billing::kMaxPlanIdLength);
}

void StripeWebhook(const http::Request& r) {
  auto event = billing::ReadStripeEvent(r.body);
  if (event.user_id_hint) FUZZ_CHECK(*event.user_id_hint > 0);
}

void CreateInvitation(const http::Request& r) {
  auto in = apps::ReadCreateInvitationRequest(r);
  CheckEmail(in.email);
  CheckAssignable(in.role);
}

void InvitationToken(const http::Request& r) {
  CheckText(apps::ReadInvitationTokenRequest(r).token, 1, apps::kMaxInvitationTokenLength);
}

void EmailChange(const http::Request& r) {
  auto in = auth::ReadEmailChangeRequest(r);
  CheckEmail(in.new_email);
  CheckPassword(in.password);
}

void ConfirmEmailChange(const http::Request& r) {
  CheckText(auth::ReadEmailChangeConfirmRequest(r).token, 1, auth::kMaxTokenLength);
}

struct RequestType {
  char key;
  void (*read)(const http::Request&);
};

constexpr RequestType kTypes[] = {
    {'R', Register},           {'L', Login},
    {'V', VerifyEmail},        {'S', ResendVerification},
    {'F', ForgotPassword},     {'P', ResetPassword},
    {'C', ChangePassword},     {'O', Logout},
    {'A', CreateApp},          {'U', UpdateApp},
    {'B', AddCollaborator},    {'D', UpdateCollaborator},
    {'M', UpdateUser},         {'X', CancelSubscription},
    {'K', Checkout},           {'W', StripeWebhook},
    {'I', CreateInvitation},   {'J', InvitationToken},
    {'Z', DeleteAccount},      {'E', EmailChange},
    {'Y', ConfirmEmailChange}, {'T', MfaSetup},
    {'Q', MfaConfirm},         {'N', MfaVerify},
    {'G', MfaRecoveryCodes},   {'H', MfaDisable},
};
constexpr std::size_t kTypeCount = sizeof kTypes / sizeof kTypes[0];

const RequestType& Pick(std::uint8_t selector) {
  for (const auto& t : kTypes) {
    if (static_cast<std::uint8_t>(t.key) == selector) return t;
  }
  return kTypes[selector % kTypeCount];
}

}  // namespace
}  // namespace plangate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plangate;
  if (size == 0) return 0;
  const auto& type = fuzz::Pick(data[0]);
  http::Request request;
  request.method = http::Method::kPost;
  request.headers.push_back({"Content-Type", "application/json"});
  request.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    type.read(request);
  } catch (const http::ApiError& e) {
    fuzz::CheckClientError(e);
  } catch (const std::exception& e) {
    fuzz::Unexpected(e.what());
  }
  return 0;
}
