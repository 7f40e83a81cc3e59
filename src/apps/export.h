#pragma once
// The apps part of GET /auth/me/export: the apps the user owns and those they collaborate on,
// as GET /apps shows each. Read in the export's snapshot transaction.

#include <boost/json/object.hpp>
#include <cstdint>

namespace soci {
class session;
}

namespace plangate::apps {

// {"apps": [...], "collaborations": [...]}
boost::json::object ExportPart(soci::session& s, std::int64_t user_id);

}  // namespace plangate::apps
