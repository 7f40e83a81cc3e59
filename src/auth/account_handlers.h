#pragma once
// HTTP handlers for the v1.1 account routes under /api/v1/auth: sessions (devices), email
// change, the data export and deletion. Parse, call the service, render.

#include <boost/json/object.hpp>

#include "auth/account_deletion.h"
#include "auth/devices_service.h"
#include "auth/email_change_service.h"
#include "auth/export_service.h"
#include "http/router.h"

namespace plangate::auth {

class AccountHandlers {
 public:
  AccountHandlers(DevicesService& devices, EmailChangeService& email_change, ExportService& exports,
                  AccountDeletion& deletion)
      : devices_(devices), email_change_(email_change), exports_(exports), deletion_(deletion) {}

  http::Response ListSessions(http::Context& c);
  http::Response RevokeSession(http::Context& c);
  http::Response ChangeEmail(http::Context& c);
  http::Response ConfirmEmailChange(http::Context& c);
  http::Response Export(http::Context& c);
  http::Response DeleteMe(http::Context& c);

 private:
  DevicesService& devices_;
  EmailChangeService& email_change_;
  ExportService& exports_;
  AccountDeletion& deletion_;
};

boost::json::object SessionJson(const SessionView& session);

}  // namespace plangate::auth
