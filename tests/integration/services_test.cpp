// Service-level tests: the domain rules called directly, on a real database of each engine, where
// an HTTP round trip is not the point (the services take typed inputs and a RequestMeta, never a
// request).

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <memory>
#include <string>

#include "apps/export.h"
#include "apps/service.h"
#include "auth/export_service.h"
#include "billing/export.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "db/database.h"
#include "db/migrate.h"
#include "http/errors.h"
#include "support/test_env.h"
#include "users/users_repo.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

class ServicesTest : public ::testing::TestWithParam<Engine> {
 protected:
  ServicesTest() {
    config_.app_limit_basic = 2;
    config_.app_limit_pro = 5;
    db::Migrate(db_);
  }

  std::int64_t AddUser(const std::string& email, const std::string& user_type = "basic") {
    users::User u;
    u.email = email;
    u.password_hash = "x";
    u.user_type = user_type;
    u.is_verified = true;
    return db_.Transaction([&](soci::session& s) { return users::Insert(s, u, clock_.Now()); });
  }

  long long Count(const std::string& sql) {
    return db_.Run([&](soci::session& s) {
      long long n = 0;
      s << sql, soci::into(n);
      return n;
    });
  }

  TestDatabase tdb_{GetParam()};
  db::Database db_{db::ParseDatabaseUrl(tdb_.url()), 2, 2000ms};
  core::Config config_;
  core::SystemClock clock_;
  std::shared_ptr<LogCapture> logs_ = std::make_shared<LogCapture>();
  logging::Logger logger_{logs_, logging::Level::kDebug};
  apps::AppsService apps_{config_, db_, clock_, logger_};
  const core::RequestMeta meta_{"203.0.113.7", "req-services", "test"};
};

template <typename Fn>
http::ApiError Refusal(Fn&& fn) {
  try {
    fn();
  } catch (const http::ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "no ApiError";
  return http::ApiError::NotFound();
}

TEST_P(ServicesTest, CreateStopsAtThePlansLimitAndSaysWhere) {
  const std::int64_t owner = AddUser("owner@example.com");
  apps_.Create(meta_, owner, "one", "");
  apps_.Create(meta_, owner, "two", "");
  const http::ApiError e = Refusal([&] { apps_.Create(meta_, owner, "three", ""); });
  EXPECT_EQ(e.status(), 403);
  EXPECT_EQ(e.code(), "APP_LIMIT_REACHED");
  EXPECT_EQ(e.extra().at("limit"), 2);
  EXPECT_EQ(e.extra().at("current"), 2);
  EXPECT_EQ(e.extra().at("user_type"), "basic");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM apps"), 2);
  auto events = logs_->Events("apps.limit_reached");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("user_id"), owner);
  EXPECT_EQ(events[0].at("ip"), "203.0.113.7");
  EXPECT_EQ(events[0].at("request_id"), "req-services");

  // A pro user's limit is the pro one.
  const std::int64_t pro = AddUser("pro@example.com", "pro");
  for (int i = 0; i < 5; ++i) apps_.Create(meta_, pro, "p" + std::to_string(i), "");
  EXPECT_EQ(Refusal([&] { apps_.Create(meta_, pro, "p5", ""); }).extra().at("limit"), 5);
}

TEST_P(ServicesTest, RolesDecideWhatAMemberMayDoAndStrangersSeeNothing) {
  const std::int64_t owner = AddUser("owner@example.com");
  const std::int64_t editor = AddUser("editor@example.com");
  const std::int64_t viewer = AddUser("viewer@example.com");
  const std::int64_t stranger = AddUser("stranger@example.com");
  const apps::MemberApp app = apps_.Create(meta_, owner, "shared", "");
  apps_.AddCollaborator(owner, app.id, "editor@example.com", apps::Role::kEditor);
  apps_.AddCollaborator(owner, app.id, "viewer@example.com", apps::Role::kViewer);

  EXPECT_EQ(apps_.Update(editor, app.id, std::string("renamed"), std::nullopt).name, "renamed");
  EXPECT_EQ(apps_.Get(viewer, app.id).role, apps::Role::kViewer);
  EXPECT_EQ(Refusal([&] { apps_.Update(viewer, app.id, std::string("x"), std::nullopt); }).code(),
            "PERMISSION_DENIED");
  EXPECT_EQ(Refusal([&] { apps_.Delete(editor, app.id); }).code(), "PERMISSION_DENIED");
  EXPECT_EQ(Refusal([&] { apps_.Get(stranger, app.id); }).status(), 404);
  EXPECT_EQ(Refusal([&] { apps_.Delete(stranger, app.id); }).status(), 404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM apps WHERE name = 'renamed'"), 1);
  apps_.Delete(owner, app.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM apps"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM app_members"), 0);
}

// The export is auth's, its apps and subscription parts are apps' and billing's: the composition
// root hands them over, and they are read in the export's one transaction.
TEST_P(ServicesTest, TheExportHoldsThePartsOtherFeaturesContribute) {
  const std::int64_t owner = AddUser("owner@example.com");
  const std::int64_t member = AddUser("member@example.com");
  const apps::MemberApp own = apps_.Create(meta_, owner, "mine", "");
  const apps::MemberApp theirs = apps_.Create(meta_, member, "theirs", "");
  apps_.AddCollaborator(member, theirs.id, "owner@example.com", apps::Role::kViewer);
  int third_part_calls = 0;
  users::AppQuota quota{[](soci::session&, std::int64_t) { return std::int64_t{0}; },
                        [](const users::User&) { return std::int64_t{2}; }};
  auth::ExportService exports(
      config_, db_, clock_, quota,
      {apps::ExportPart, billing::ExportPart,
       [&](soci::session& s, std::int64_t user_id) {
         ++third_part_calls;
         long long n = 0;
         long long uid = user_id;
         s << "SELECT COUNT(*) FROM app_members WHERE user_id = :u", soci::use(uid),
             soci::into(n);
         return boost::json::object{{"memberships", n}};
       }});
  auto out = exports.Export(owner, std::nullopt);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->user.user.email, "owner@example.com");
  EXPECT_EQ(out->user.app_limit, 2);
  ASSERT_EQ(out->parts.at("apps").as_array().size(), 1u);
  EXPECT_EQ(out->parts.at("apps").as_array()[0].at("id"), own.id);
  ASSERT_EQ(out->parts.at("collaborations").as_array().size(), 1u);
  EXPECT_EQ(out->parts.at("collaborations").as_array()[0].at("role"), "viewer");
  EXPECT_TRUE(out->parts.at("subscription").is_null());
  EXPECT_EQ(out->parts.at("memberships"), 2);
  EXPECT_EQ(third_part_calls, 1);
  EXPECT_FALSE(exports.Export(999999, std::nullopt).has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, ServicesTest, kEngines, EngineName);

}  // namespace
}  // namespace plangate::test
