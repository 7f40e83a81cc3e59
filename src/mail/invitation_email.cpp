#include "mail/invitation_email.h"

#include "mail/templates.h"

namespace plangate::mail {

std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += ' ';
    } else if (c == 0xc2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x85) {
      out += ' ';  // U+0085 NEXT LINE
      ++i;
    } else if (c == 0xe2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xa8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
      out += ' ';  // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string DurationText(int seconds) {
  struct Unit {
    int seconds;
    const char* name;
  };
  for (Unit u : {Unit{86400, "day"}, Unit{3600, "hour"}, Unit{60, "minute"}, Unit{1, "second"}}) {
    if (seconds >= u.seconds && seconds % u.seconds == 0) {
      int n = seconds / u.seconds;
      return std::to_string(n) + " " + u.name + (n == 1 ? "" : "s");
    }
  }
  return std::to_string(seconds) + " seconds";
}

OutgoingEmail Invitation(const std::string& to, const std::string& frontend_url,
                         const std::string& token, const std::string& app_name,
                         const std::string& inviter_email, std::string_view role, int ttl_seconds) {
  const std::string link = frontend_url + "/invitations/accept?token=" + token;
  const std::string app = OneLine(app_name);
  const std::string inviter = OneLine(inviter_email);
  const std::string as = std::string(role);
  const std::string lifetime = DurationText(ttl_seconds);
  const std::string footer =
      "The link works once and expires in " + lifetime +
      ". No account yet? You can create one with this address from that page. If you did not "
      "expect this invitation, ignore this email: nothing happens until you accept it.";
  return {to, "You are invited to join \"" + app + "\"",
          inviter + " invited you to join \"" + app + "\" as " + as +
              ".\n\nSee the invitation and accept it:\n\n" + link + "\n\n" + footer + "\n",
          Html("You are invited to join \"" + app + "\"",
               HtmlEscape(inviter) + " invited you to join <strong>" + HtmlEscape(app) +
                   "</strong> as " + HtmlEscape(as) + ".",
               link, "See the invitation", footer)};
}

}  // namespace plangate::mail
