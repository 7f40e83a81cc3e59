#pragma once
// The billing feature's routes (/api/v1/billing/*); app/ joins the lists.

#include <vector>

#include "billing/handlers.h"
#include "http/router.h"

namespace plangate::billing {

std::vector<http::Route> BillingRoutes(BillingHandlers& billing);

}  // namespace plangate::billing
