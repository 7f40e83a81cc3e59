#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "apps/roles.h"

namespace plangate::apps {

// An app as one member sees it: with that member's role.
struct MemberApp {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::int64_t owner_id = 0;
  Role role = Role::kViewer;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// One page of a member's apps, with how many they have in all.
struct AppPage {
  std::vector<MemberApp> apps;
  std::int64_t count = 0;
};

struct Collaborator {
  std::int64_t user_id = 0;
  std::string email;
  Role role = Role::kViewer;
  std::int64_t added_at = 0;
};

}  // namespace plangate::apps
