#include "auth/mfa_handlers.h"

#include <boost/json/serialize.hpp>

#include "auth/mfa_requests.h"
#include "http/cookies.h"

namespace plangate::auth {

using http::Response;

namespace {

// The refresh cookie sent with the call (its path, /api/v1/auth, covers these routes): the
// session that confirm and disable keep.
std::optional<std::string> RefreshFromCookie(const http::Request& req) {
  auto header = req.HeaderValue("Cookie");
  if (!header) return std::nullopt;
  return http::CookieValue(*header, "refresh_token");
}

// Secrets and recovery codes are never cached on the way.
Response NoStore(boost::json::object body) {
  Response r = Response::Json(200, boost::json::serialize(body));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

boost::json::array Codes(const std::vector<std::string>& codes) {
  boost::json::array out;
  for (const auto& code : codes) out.push_back(boost::json::string(code));
  return out;
}

}  // namespace

Response MfaHandlers::SetupTotp(http::Context& c) {
  MfaPasswordRequest in = ReadMfaSetupRequest(c.request);
  TotpSetup setup = service_.StartSetup(c.request.Meta(), c.principal->user_id, in.password);
  return NoStore({{"secret", setup.secret}, {"otpauth_uri", setup.otpauth_uri}});
}

Response MfaHandlers::ConfirmTotp(http::Context& c) {
  MfaCodeRequest in = ReadMfaConfirmRequest(c.request);
  auto codes = service_.Confirm(c.request.Meta(), c.principal->user_id, in.code,
                                RefreshFromCookie(c.request));
  return NoStore({{"recovery_codes", Codes(codes)}});
}

Response MfaHandlers::Verify(http::Context& c) {
  MfaVerifyRequest in = ReadMfaVerifyRequest(c.request);
  return auth_.TokenResponse(service_.Verify(c.request.Meta(), in.mfa_token, in.factor));
}

Response MfaHandlers::RegenerateRecoveryCodes(http::Context& c) {
  MfaRecoveryCodesRequest in = ReadMfaRecoveryCodesRequest(c.request);
  auto codes = service_.RegenerateRecoveryCodes(c.request.Meta(), c.principal->user_id, in.password,
                                                in.code);
  return NoStore({{"recovery_codes", Codes(codes)}});
}

Response MfaHandlers::DisableTotp(http::Context& c) {
  MfaDisableRequest in = ReadMfaDisableRequest(c.request);
  service_.Disable(c.request.Meta(), c.principal->user_id, in.password, in.factor,
                   RefreshFromCookie(c.request));
  return NoStore({{"detail", "Two-factor sign-in is off."}});
}

}  // namespace plangate::auth
