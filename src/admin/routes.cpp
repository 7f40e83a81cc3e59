#include "admin/routes.h"

#include "http/route_docs.h"

namespace plangate::admin {

using namespace http::route_names;

namespace {

std::vector<http::QueryParamDoc> AdminUsersQuery() {
  using Q = http::QueryParamDoc;
  std::vector<Q> query{
      Q{"search", Q::Type::kString, "A substring of the email, case-insensitive."},
      Q{"user_type", Q::Type::kString, "Only users of this plan.", {"basic", "pro"}},
      Q{"is_disabled", Q::Type::kBoolean, "Only users disabled (true) or not (false) by an admin."},
      Q{"is_verified", Q::Type::kBoolean, "Only users whose email is verified (true) or not."},
      Q{"ordering",
        Q::Type::kString,
        "Sort order; a leading - reverses it (default -date_joined).",
        {"email", "-email", "date_joined", "-date_joined", "last_login", "-last_login"}}};
  for (auto& q : http::PageQuery()) query.push_back(std::move(q));
  query.push_back(Q{"cursor", Q::Type::kString,
                    "Opaque; only as found in a next or previous link. The page continues right "
                    "after (or ends right before) the row it was made at, at the same cost at any "
                    "depth; page is then checked but not used. Another ordering's cursor is a "
                    "VALIDATION_ERROR on cursor. A cursor holds the sort key of a row (an email "
                    "for ordering=email), readable by whoever sees the URL."});
  return query;
}

}  // namespace

std::vector<Route> AdminRoutes(AdminHandlers& admin) {
  std::vector<Route> routes;
  const ResponseDoc kStaffOnly = Error(403, "The caller is not staff, or is disabled.",
                                       {"PERMISSION_DENIED", "ACCOUNT_DISABLED"});
  const ResponseDoc kNoUser = Error(404, "No such user.", {"NOT_FOUND"});
  routes.push_back(Route{
      Method::kGet, "/api/v1/admin/users", AuthRequirement::kStaff, Execution::kWorkerPool,
      Bind(admin, &admin::AdminHandlers::ListUsers),
      RouteDoc{
          "Users, filtered and ordered",
          "admin",
          "",
          {ResponseDoc{200,
                       "A page of users. Query: search (email substring, case-insensitive), "
                       "user_type, is_disabled, is_verified, ordering ((-)email, "
                       "(-)date_joined (default -date_joined), (-)last_login), page, page_size, "
                       "cursor. next and previous carry a cursor beside the page number: "
                       "following them never skips a row while users sign up or leave (a "
                       "previous page that reaches the head is page 1, filled from the start "
                       "when users before it left) and costs the same at any depth; page=N "
                       "alone skips (N-1)*page_size rows. count is exact either way.",
                       "PaginatedAdminUserList",
                       {}},
           Error(400, "A filter, ordering or page parameter is invalid.", {"VALIDATION_ERROR"}),
           http::kUnauthenticated, kStaffOnly, http::kUnavailable},
          "",
          AdminUsersQuery()}});
  routes.push_back(Route{Method::kGet, "/api/v1/admin/users/{id}", AuthRequirement::kStaff,
                         Execution::kWorkerPool, Bind(admin, &admin::AdminHandlers::GetUser),
                         RouteDoc{"One user with subscription and counts",
                                  "admin",
                                  "",
                                  {ResponseDoc{200, "The user.", "AdminUserDetail", {}}, kNoUser,
                                   http::kUnauthenticated, kStaffOnly, http::kUnavailable}}});
  routes.push_back(Route{
      Method::kPatch, "/api/v1/admin/users/{id}", AuthRequirement::kStaff, Execution::kWorkerPool,
      Bind(admin, &admin::AdminHandlers::UpdateUser),
      RouteDoc{"Disable/enable a user or set their app-limit override",
               "admin",
               "AdminUserUpdateRequest",
               {ResponseDoc{200, "The user after the change (audited).", "AdminUserDetail", {}},
                kNoUser, http::kUnauthenticated, kStaffOnly, http::kUnavailable},
               "Disabling revokes every session of the user at once. An admin cannot disable "
               "themself (VALIDATION_ERROR). mfa_enabled: false turns the user's two-factor "
               "sign-in off (a lost device; the user is mailed a notice); true is a "
               "VALIDATION_ERROR on mfa_enabled."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/admin/users/{id}/cancel-subscription", AuthRequirement::kStaff,
      Execution::kOutboundPool, Bind(admin, &admin::AdminHandlers::CancelSubscription),
      RouteDoc{"Cancel the user's live subscription through Stripe",
               "admin",
               "CancelRequest",
               {ResponseDoc{200, "The subscription as Stripe now reports it.", "Subscription", {}},
                Error(404, "No such user, or no live subscription.", {"NOT_FOUND"}),
                Error(502, "Stripe answered with an error or could not be reached.",
                      {"BILLING_PROVIDER_ERROR"}),
                Error(503, "Billing is not configured.", {"BILLING_NOT_CONFIGURED"}),
                http::kUnauthenticated, kStaffOnly},
               "immediately=true cancels now; otherwise at the end of the period. The webhook "
               "then keeps the user's plan in sync."}});
  return routes;
}

}  // namespace plangate::admin
