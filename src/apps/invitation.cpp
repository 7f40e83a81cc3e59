#include "apps/invitation.h"

#include "core/text.h"

namespace plangate::apps {

bool SameAddress(std::string_view a, std::string_view b) {
  return core::LowerAscii(a) == core::LowerAscii(b);
}

InviteRefusal CheckInvite(std::string_view owner_email, std::string_view invited_email,
                          bool already_member, bool already_invited, std::int64_t pending_count) {
  if (SameAddress(owner_email, invited_email)) return InviteRefusal::kOwnAddress;
  if (already_member) return InviteRefusal::kAlreadyMember;
  if (already_invited) return InviteRefusal::kAlreadyInvited;
  if (pending_count >= kMaxPendingInvitationsPerApp) return InviteRefusal::kTooMany;
  return InviteRefusal::kNone;
}

}  // namespace plangate::apps
