#pragma once
// HTTP handlers for /api/v1/auth/mfa/*: parse the body, call MfaService, render.

#include "auth/handlers.h"
#include "auth/mfa_service.h"
#include "http/router.h"

namespace plangate::auth {

class MfaHandlers {
 public:
  // auth renders mfa/verify's answer exactly as login's.
  MfaHandlers(MfaService& service, const AuthHandlers& auth) : service_(service), auth_(auth) {}

  http::Response SetupTotp(http::Context& c);
  http::Response ConfirmTotp(http::Context& c);
  http::Response Verify(http::Context& c);
  http::Response RegenerateRecoveryCodes(http::Context& c);
  http::Response DisableTotp(http::Context& c);

 private:
  MfaService& service_;
  const AuthHandlers& auth_;
};

}  // namespace plangate::auth
