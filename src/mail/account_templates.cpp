#include "mail/account_templates.h"

#include "mail/templates.h"

namespace plangate::mail {

OutgoingEmail EmailChangeConfirm(const std::string& to, const std::string& frontend_url,
                                 const std::string& token, int ttl_hours) {
  std::string link = frontend_url + "/confirm-email-change?token=" + token;
  std::string hours = std::to_string(ttl_hours);
  return {to, "Confirm your new email address",
          "Someone (hopefully you) asked to use this address for their account.\n\nConfirm the "
          "change:\n\n" +
              link + "\n\nThe link works once and expires in " + hours +
              " hours. Confirming signs out every other session of the account. If you did not "
              "ask for this, ignore this email; nothing changes.\n",
          Html("Confirm your new email address",
               "Someone (hopefully you) asked to use this address for their account. "
               "Confirming signs out every other session of the account.",
               link, "Confirm the new address",
               "The link works once and expires in " + hours +
                   " hours. If you did not ask for this, ignore this email; nothing "
                   "changes.")};
}

OutgoingEmail EmailChangeRequested(const std::string& to, const std::string& new_email,
                                   const std::string& frontend_url) {
  std::string reset = frontend_url + "/forgot-password";
  return {to, "A change of your email address was requested",
          "Someone signed in to your account asked to change its email address to " + new_email +
              ". The change happens only once the link sent to that address is opened.\n\nIf "
              "this was not you, reset your password now; that also cancels the change:\n\n" +
              reset + "\n",
          Html("A change of your email address was requested",
               "Someone signed in to your account asked to change its email address to <b>" +
                   HtmlEscape(new_email) +
                   "</b>. The change happens only once the link sent to that address is "
                   "opened. If this was not you, reset your password now; that also "
                   "cancels the change.",
               reset, "Reset your password", "If this was you, there is nothing to do.")};
}

OutgoingEmail EmailChangeAddressTaken(const std::string& to, const std::string& frontend_url) {
  std::string login = frontend_url + "/login";
  return {to, "Someone tried to use your email address",
          "Someone tried to change the email address of another account to this one. This "
          "address already belongs to your account, so nothing was changed.\n\nYour account: " +
              login +
              "\n\nIf this was you, sign in with this address instead. Otherwise you "
              "can ignore this email.\n",
          Html("Someone tried to use your email address",
               "Someone tried to change the email address of another account to this one. "
               "This address already belongs to your account, so nothing was changed.",
               login, "Sign in",
               "If this was you, sign in with this address instead. Otherwise you can "
               "ignore this email.")};
}

}  // namespace plangate::mail
