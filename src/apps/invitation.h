#pragma once
// Invitations to an app by email (contract v1.1), and their pure rules: no I/O.

#include <cstdint>
#include <string>
#include <string_view>

#include "apps/roles.h"

namespace plangate::apps {

// More pending invitations than this on one app → 409 TOO_MANY_INVITATIONS.
inline constexpr std::int64_t kMaxPendingInvitationsPerApp = 50;

struct Invitation {
  std::int64_t id = 0;
  std::int64_t app_id = 0;
  std::string email;  // lower-cased, as registration stores addresses
  Role role = Role::kViewer;
  std::int64_t invited_by = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  bool accepted = false;
  bool revoked = false;
};

// What POST /invitations/lookup shows to whoever holds the token.
struct InvitationPreview {
  std::int64_t app_id = 0;  // lets a member already be taken to the app
  std::string app_name;
  std::string invited_by_email;
  Role role = Role::kViewer;
  std::string email;
  std::int64_t expires_at = 0;
};

// Pending = neither accepted, nor revoked, nor expired. An invitation is expired from the second
// of its expires_at on.
inline bool IsPending(const Invitation& i, std::int64_t now) {
  return !i.accepted && !i.revoked && now < i.expires_at;
}

// Addresses compare case-insensitively (ASCII; registration lower-cases them the same way).
bool SameAddress(std::string_view a, std::string_view b);

// Why a create is refused, in the order the checks apply; kNone when it may go ahead.
enum class InviteRefusal { kNone, kOwnAddress, kAlreadyMember, kAlreadyInvited, kTooMany };
InviteRefusal CheckInvite(std::string_view owner_email, std::string_view invited_email,
                          bool already_member, bool already_invited, std::int64_t pending_count);

}  // namespace plangate::apps
