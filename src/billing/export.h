#pragma once
// What other features show of billing, read in their transaction: the newest subscription as GET
// /billing/subscription shows it (null for none), for the export and the admin's user detail.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>

namespace soci {
class session;
}

namespace plangate::billing {

boost::json::value NewestSubscriptionJson(soci::session& s, std::int64_t user_id);
// The export's part: {"subscription": {...} | null}
boost::json::object ExportPart(soci::session& s, std::int64_t user_id);

}  // namespace plangate::billing
