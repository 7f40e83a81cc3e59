#pragma once
// Who may do what to an app: pure rules, no I/O.

#include <cstdint>
#include <optional>
#include <string_view>

namespace plangate::apps {

enum class Role { kOwner, kEditor, kViewer };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
// The roles a collaborator can be given (the owner is never "given").
inline bool IsAssignable(Role role) { return role != Role::kOwner; }

inline bool CanEdit(Role role) { return role == Role::kOwner || role == Role::kEditor; }
inline bool CanDelete(Role role) { return role == Role::kOwner; }
inline bool CanManageCollaborators(Role role) { return role == Role::kOwner; }
// The owner removes anyone but themself; a collaborator removes only themself.
inline bool CanRemoveMember(Role actor_role, std::int64_t actor_id, std::int64_t target_id) {
  return actor_role == Role::kOwner ? actor_id != target_id : actor_id == target_id;
}

}  // namespace plangate::apps
