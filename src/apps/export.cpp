#include "apps/export.h"

#include <boost/json/array.hpp>

#include "apps/apps_repo.h"
#include "apps/handlers.h"

namespace plangate::apps {

boost::json::object ExportPart(soci::session& s, std::int64_t user_id) {
  boost::json::array owned;
  boost::json::array collaborations;
  // A page at a time: the list has no upper bound.
  constexpr std::int64_t kPage = 100;
  for (std::int64_t offset = 0;; offset += kPage) {
    AppPage page = repo::ListForMember(s, user_id, kPage, offset);
    for (const auto& a : page.apps) {
      (a.owner_id == user_id ? owned : collaborations).push_back(AppJson(a));
    }
    if (static_cast<std::int64_t>(page.apps.size()) < kPage) break;
  }
  return {{"apps", std::move(owned)}, {"collaborations", std::move(collaborations)}};
}

}  // namespace plangate::apps
