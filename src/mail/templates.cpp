#include "mail/templates.h"

namespace plangate::mail {

std::string Html(const std::string& title, const std::string& paragraph_html,
                 const std::string& link, const std::string& button, const std::string& footer) {
  std::string out =
      "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">"
      "<h2>" +
      HtmlEscape(title) + "</h2><p>" + paragraph_html + "</p>";
  if (!link.empty()) {
    out += "<p><a href=\"" + HtmlEscape(link) + "\">" + HtmlEscape(button) + "</a></p>" +
           "<p style=\"color:#666\">Or paste this link into your browser:<br>" + HtmlEscape(link) +
           "</p>";
  }
  out += "<p style=\"color:#666\">" + HtmlEscape(footer) + "</p></body></html>";
  return out;
}

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

OutgoingEmail VerifyEmail(const std::string& to, const std::string& frontend_url,
                          const std::string& token, int ttl_hours) {
  std::string link = frontend_url + "/verify-email?token=" + token;
  std::string hours = std::to_string(ttl_hours);
  return {to, "Confirm your email address",
          "Welcome!\n\nConfirm your email address to finish creating your account:\n\n" + link +
              "\n\nThe link works once and expires in " + hours +
              " hours. If you did not sign up, ignore this email.\n",
          Html("Confirm your email address",
               "Welcome! Confirm your email address to finish creating your account.", link,
               "Confirm email",
               "The link works once and expires in " + hours +
                   " hours. If you did not sign up, ignore this email.")};
}

OutgoingEmail AlreadyRegistered(const std::string& to, const std::string& frontend_url) {
  std::string login = frontend_url + "/login";
  std::string reset = frontend_url + "/forgot-password";
  return {to, "You already have an account",
          "Someone (hopefully you) tried to sign up with this email address, but you already "
          "have an account.\n\nLog in: " +
              login + "\nForgot your password? " + reset +
              "\n\nIf this was not you, you can ignore this email.\n",
          Html("You already have an account",
               "Someone (hopefully you) tried to sign up with this email address, but you "
               "already have an account. Forgot your password? <a href=\"" +
                   HtmlEscape(reset) + "\">Reset it</a>.",
               login, "Log in", "If this was not you, you can ignore this email.")};
}

OutgoingEmail PasswordReset(const std::string& to, const std::string& frontend_url,
                            const std::string& token, int ttl_minutes) {
  std::string link = frontend_url + "/reset-password?token=" + token;
  std::string minutes = std::to_string(ttl_minutes);
  return {to, "Reset your password",
          "Someone asked to reset the password of your account.\n\nChoose a new password:\n\n" +
              link + "\n\nThe link works once and expires in " + minutes +
              " minutes. If you did not ask for this, ignore this email; your password stays "
              "the same.\n",
          Html("Reset your password", "Someone asked to reset the password of your account.", link,
               "Choose a new password",
               "The link works once and expires in " + minutes +
                   " minutes. If you did not ask for this, ignore this email.")};
}

OutgoingEmail PasswordChanged(const std::string& to, const std::string& frontend_url) {
  std::string reset = frontend_url + "/forgot-password";
  return {to, "Your password was changed",
          "The password of your account was just changed, and every other signed-in session "
          "was signed out.\n\nIf this was not you, reset your password now: " +
              reset + "\n",
          Html("Your password was changed",
               "The password of your account was just changed, and every other signed-in "
               "session was signed out.",
               reset, "Reset your password", "If this was you, there is nothing to do.")};
}

OutgoingEmail AccountDeleted(const std::string& to, const std::string& frontend_url) {
  std::string again = frontend_url + "/register";
  return {to, "Your account was deleted",
          "Your account and everything stored with it (your apps, their collaborators, your "
          "sessions) were deleted, and any subscription was cancelled.\n\nThis address can sign "
          "up again at any time: " +
              again + "\n\nIf this was not you, reply to this email at once.\n",
          Html("Your account was deleted",
               "Your account and everything stored with it (your apps, their collaborators, your "
               "sessions) were deleted, and any subscription was cancelled.",
               again, "Sign up again", "If this was not you, reply to this email at once.")};
}

OutgoingEmail MfaEnabled(const std::string& to, const std::string& frontend_url) {
  std::string reset = frontend_url + "/forgot-password";
  return {to, "Two-factor sign-in is on",
          "Two-factor sign-in was just turned on for your account: signing in now also takes a "
          "code from your authenticator app (or one of your recovery codes). Every other "
          "signed-in session was signed out.\n\nKeep your recovery codes somewhere safe.\n\n"
          "If this was not you, reset your password now: " +
              reset + "\n",
          Html("Two-factor sign-in is on",
               "Two-factor sign-in was just turned on for your account: signing in now also "
               "takes a code from your authenticator app (or one of your recovery codes). Every "
               "other signed-in session was signed out. Keep your recovery codes somewhere safe.",
               reset, "Reset your password", "If this was you, there is nothing to do.")};
}

OutgoingEmail MfaDisabled(const std::string& to, const std::string& frontend_url, bool by_admin) {
  std::string reset = frontend_url + "/forgot-password";
  const std::string what = by_admin ? "An administrator turned two-factor sign-in off for your "
                                      "account (as asked for a lost device): signing in takes only "
                                      "your password now."
                                    : "Two-factor sign-in was just turned off for your account: "
                                      "signing in takes only your password now. Every other "
                                      "signed-in session was signed out.";
  return {to, "Two-factor sign-in is off",
          what +
              "\n\nIf this was not you, reset your password now and turn two-factor "
              "sign-in back on: " +
              reset + "\n",
          Html("Two-factor sign-in is off", HtmlEscape(what), reset, "Reset your password",
               "If this was you, there is nothing to do.")};
}

}  // namespace plangate::mail
