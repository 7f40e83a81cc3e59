#include "apps/routes.h"

#include "db/read_ahead.h"
#include "http/route_docs.h"

namespace plangate::apps {

using namespace http::route_names;

std::vector<Route> AppsRoutes(AppsHandlers& apps, InvitationHandlers& invitations) {
  std::vector<Route> routes;
  const ResponseDoc kNotMember =
      Error(404, "No such app, or the caller is not a member of it.", {"NOT_FOUND"});
  const ResponseDoc kForbidden =
      Error(403, "The caller's role does not allow this, or the account is disabled.",
            {"PERMISSION_DENIED", "ACCOUNT_DISABLED"});
  routes.push_back(Route{
      Method::kGet,
      "/api/v1/apps",
      AuthRequirement::kUser,
      Execution::kInlineWhenPrepared,
      Bind(apps, &apps::AppsHandlers::ListApps),
      RouteDoc{"Apps the caller owns or collaborates on, newest first",
               "apps",
               "",
               {ResponseDoc{200,
                            "A page of apps (?page=1&page_size=20, page_size 1..100).",
                            "PaginatedAppList",
                            {}},
                Error(400, "page or page_size is not a positive integer in range.",
                      {"VALIDATION_ERROR"}),
                Error(404, "A page past the last.", {"NOT_FOUND"}), http::kUnauthenticated,
                http::kDisabled, http::kUnavailable},
               "",
               http::PageQuery()},
  });
  routes.back().extensions.Put(std::make_shared<const db::ReadAhead<http::Request>>(
      db::ReadAhead<http::Request>{[&apps](db::PgPipeline& pg, std::int64_t caller,
                                           http::Request& r, std::function<void(bool)> done) {
        return apps.ReadListAhead(pg, caller, r, std::move(done));
      }}));
  routes.push_back(Route{
      Method::kPost, "/api/v1/apps", AuthRequirement::kUser, Execution::kWorkerPool,
      Bind(apps, &apps::AppsHandlers::CreateApp),
      RouteDoc{"Create an app (counts against the plan's app limit)",
               "apps",
               "AppCreateRequest",
               {ResponseDoc{201, "The new app; the caller is its owner.", "App", {}},
                ResponseDoc{403,
                            "Over the plan's limit (body adds limit, current, user_type), or the "
                            "account is disabled.",
                            "AppLimitError",
                            {"APP_LIMIT_REACHED", "ACCOUNT_DISABLED"}},
                http::kUnauthenticated, http::kUnavailable}}});
  routes.push_back(Route{Method::kGet, "/api/v1/apps/{id}", AuthRequirement::kUser,
                         Execution::kWorkerPool, Bind(apps, &apps::AppsHandlers::GetApp),
                         RouteDoc{"One app, with the caller's role",
                                  "apps",
                                  "",
                                  {ResponseDoc{200, "The app.", "App", {}}, kNotMember,
                                   http::kUnauthenticated, http::kDisabled, http::kUnavailable}}});
  routes.push_back(Route{Method::kPatch, "/api/v1/apps/{id}", AuthRequirement::kUser,
                         Execution::kWorkerPool, Bind(apps, &apps::AppsHandlers::UpdateApp),
                         RouteDoc{"Rename or describe an app (owner, editor)",
                                  "apps",
                                  "AppUpdateRequest",
                                  {ResponseDoc{200, "The updated app.", "App", {}}, kForbidden,
                                   kNotMember, http::kUnauthenticated, http::kUnavailable}}});
  routes.push_back(Route{Method::kDelete, "/api/v1/apps/{id}", AuthRequirement::kUser,
                         Execution::kWorkerPool, Bind(apps, &apps::AppsHandlers::DeleteApp),
                         RouteDoc{"Delete an app and its memberships (owner)",
                                  "apps",
                                  "",
                                  {ResponseDoc{204, "Deleted.", "", {}}, kForbidden, kNotMember,
                                   http::kUnauthenticated, http::kUnavailable}}});
  routes.push_back(
      Route{Method::kGet, "/api/v1/apps/{id}/collaborators", AuthRequirement::kUser,
            Execution::kWorkerPool, Bind(apps, &apps::AppsHandlers::ListCollaborators),
            RouteDoc{"The app's members, the owner first",
                     "apps",
                     "",
                     {ResponseDoc{200,
                                  "Members; the owner has role owner and added_at = created_at.",
                                  "CollaboratorList",
                                  {}},
                      kNotMember, http::kUnauthenticated, http::kDisabled, http::kUnavailable}}});
  routes.push_back(
      Route{Method::kPost, "/api/v1/apps/{id}/collaborators", AuthRequirement::kUser,
            Execution::kWorkerPool, Bind(apps, &apps::AppsHandlers::AddCollaborator),
            RouteDoc{"Share the app with a registered user (owner)",
                     "apps",
                     "CollaboratorCreateRequest",
                     {ResponseDoc{201, "The new collaborator.", "Collaborator", {}},
                      Error(409, "Already a collaborator.", {"ALREADY_COLLABORATOR"}), kForbidden,
                      kNotMember, http::kUnauthenticated, http::kUnavailable},
                     "An unknown email, or the owner's own, is a VALIDATION_ERROR on email."}});
  routes.push_back(
      Route{Method::kPatch, "/api/v1/apps/{id}/collaborators/{user_id}", AuthRequirement::kUser,
            Execution::kWorkerPool, Bind(apps, &apps::AppsHandlers::UpdateCollaborator),
            RouteDoc{"Change a collaborator's role (owner)",
                     "apps",
                     "CollaboratorUpdateRequest",
                     {ResponseDoc{200, "The collaborator.", "Collaborator", {}}, kForbidden,
                      Error(404, "No such app or collaborator for the caller.", {"NOT_FOUND"}),
                      http::kUnauthenticated, http::kUnavailable}}});
  routes.push_back(
      Route{Method::kDelete, "/api/v1/apps/{id}/collaborators/{user_id}", AuthRequirement::kUser,
            Execution::kWorkerPool, Bind(apps, &apps::AppsHandlers::RemoveCollaborator),
            RouteDoc{"Remove a collaborator (the owner, or the collaborator themself)",
                     "apps",
                     "",
                     {ResponseDoc{204, "Removed.", "", {}}, kForbidden,
                      Error(400, "The owner cannot be removed.", {"VALIDATION_ERROR"}),
                      Error(404, "No such app or collaborator for the caller.", {"NOT_FOUND"}),
                      http::kUnauthenticated, http::kUnavailable}}});

  // --- Invitations (v1.1) -------------------------------------------------------------------
  const ResponseDoc kBadToken =
      Error(400, "Unknown, used, revoked or expired token; or a malformed body.",
            {"INVALID_TOKEN", "VALIDATION_ERROR", "BAD_REQUEST"});
  routes.push_back(Route{
      Method::kPost, "/api/v1/apps/{id}/invitations", AuthRequirement::kUser,
      Execution::kWorkerPool, Bind(invitations, &apps::InvitationHandlers::CreateInvitation),
      RouteDoc{
          "Invite an email address to the app, with a role (owner)",
          "apps",
          "InvitationCreateRequest",
          {ResponseDoc{201,
                       "The invitation; its link is mailed to the address, whether or not "
                       "the address has an account.",
                       "Invitation",
                       {}},
           Error(409,
                 "A member already; a pending invitation for that address on this app; or "
                 "50 pending invitations on the app (body adds limit).",
                 {"ALREADY_COLLABORATOR", "ALREADY_INVITED", "TOO_MANY_INVITATIONS"}),
           kForbidden, kNotMember, http::kUnauthenticated, http::kRateLimited, http::kUnavailable},
          "Owner only, like the collaborator routes: another member gets 403 "
          "PERMISSION_DENIED, a non-member 404. The email is trimmed and lower-cased; the "
          "owner's own address is a VALIDATION_ERROR on email; role is editor or viewer. The "
          "mailed link, {FRONTEND_URL}/invitations/accept?token=..., works once and for "
          "INVITATION_TTL seconds (default 604800); only the token's hash is stored. An "
          "expired invitation does not block a new one for the same address. Rate limited "
          "per owner (RATE_LIMIT_INVITE_USER, default 20/hour), every attempt counting. "
          "Invitations never count toward app limits."}});
  routes.push_back(Route{
      Method::kGet, "/api/v1/apps/{id}/invitations", AuthRequirement::kUser, Execution::kWorkerPool,
      Bind(invitations, &apps::InvitationHandlers::ListInvitations),
      RouteDoc{"The app's pending invitations, newest first (owner)",
               "apps",
               "",
               {ResponseDoc{200,
                            "Pending invitations: neither accepted, nor revoked, nor expired.",
                            "InvitationList",
                            {}},
                kForbidden, kNotMember, http::kUnauthenticated, http::kUnavailable},
               "Another member gets 403 PERMISSION_DENIED, a non-member 404."}});
  routes.push_back(Route{
      Method::kDelete, "/api/v1/apps/{id}/invitations/{invitation_id}", AuthRequirement::kUser,
      Execution::kWorkerPool, Bind(invitations, &apps::InvitationHandlers::RevokeInvitation),
      RouteDoc{"Revoke a pending invitation; its token dies (owner)",
               "apps",
               "",
               {ResponseDoc{204, "Revoked.", "", {}}, kForbidden,
                Error(404,
                      "No such app for the caller, or invitation_id is not a pending invitation "
                      "of it (also when accepted, revoked or expired).",
                      {"NOT_FOUND"}),
                http::kUnauthenticated, http::kUnavailable},
               "Another member gets 403 PERMISSION_DENIED."}});
  routes.push_back(
      Route{Method::kPost, "/api/v1/invitations/lookup", AuthRequirement::kNone,
            Execution::kWorkerPool, Bind(invitations, &apps::InvitationHandlers::LookupInvitation),
            RouteDoc{"What an invitation token offers (anyone holding it)",
                     "apps",
                     "TokenRequest",
                     {ResponseDoc{200, "The pending invitation.", "InvitationLookup", {}},
                      kBadToken, http::kRateLimited, http::kUnavailable},
                     "No sign-in needed, so the accept page can say what is on offer first. Rate "
                     "limited per client IP (RATE_LIMIT_INVITATION_LOOKUP_IP, default 10/min)."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/invitations/accept", AuthRequirement::kUser, Execution::kWorkerPool,
      Bind(invitations, &apps::InvitationHandlers::AcceptInvitation),
      RouteDoc{"Accept an invitation: join the app with its role",
               "apps",
               "TokenRequest",
               {ResponseDoc{200, "The app, with the caller's new role.", "App", {}}, kBadToken,
                Error(403,
                      "The caller's email is not the invited address (case-insensitive; the "
                      "invitation stays pending), the caller's email is unverified, or the "
                      "account is disabled.",
                      {"INVITATION_EMAIL_MISMATCH", "EMAIL_NOT_VERIFIED", "ACCOUNT_DISABLED"}),
                Error(409, "The caller is a member already; the invitation is used up.",
                      {"ALREADY_COLLABORATOR"}),
                http::kUnauthenticated, http::kUnavailable},
               "Single use: of two concurrent accepts of one token, one joins and the other gets "
               "INVALID_TOKEN. Joining never counts toward the caller's app limit."}});
  return routes;
}

}  // namespace plangate::apps
