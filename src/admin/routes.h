#pragma once
// The staff-only routes (/api/v1/admin/*); app/ joins the lists.

#include <vector>

#include "admin/handlers.h"
#include "http/router.h"

namespace plangate::admin {

std::vector<http::Route> AdminRoutes(AdminHandlers& admin);

}  // namespace plangate::admin
