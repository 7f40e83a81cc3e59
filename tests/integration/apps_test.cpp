// The Apps section of the contract: roles, collaborators, pagination and per-plan limits, on both
// engines, over real HTTP.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/auth_helpers.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

class AppsTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(db_, app::Env{{"RATE_LIMIT_ENABLED", "false"}},
                                           std::vector<http::Route>{}, clock_);
    owner_ = CreateUser(*server_, "owner@example.com");
  }

  HttpClient client() { return server_->client(); }

  HttpResponse Call(const LoggedIn& who, const std::string& method, const std::string& path,
                    const std::string& body = "") {
    Headers h = BearerHeaders(who.access);
    if (!body.empty()) h.emplace_back("Content-Type", "application/json");
    return client().Send(method, path, body, h);
  }

  std::int64_t CreateApp(const LoggedIn& who, const std::string& name) {
    auto r = Call(who, "POST", "/api/v1/apps", JsonString({{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }

  std::string AppPath(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/apps/" + std::to_string(id) + rest;
  }

  void Share(std::int64_t app, const std::string& email, const std::string& role) {
    auto r = Call(owner_, "POST", AppPath(app, "/collaborators"),
                  JsonString({{"email", email}, {"role", role}}));
    ASSERT_EQ(r.status, 201) << r.body;
  }

  TestDatabase db_{GetParam()};
  std::shared_ptr<core::OffsetClock> clock_ = std::make_shared<core::OffsetClock>();
  std::unique_ptr<TestServer> server_;
  LoggedIn owner_;
};

TEST_P(AppsTest, CreateAndReadBack) {
  auto r = Call(owner_, "POST", "/api/v1/apps/",
                R"({"name": "  My App  ", "description": " first ", "extra": 1})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto app = r.Json().as_object();
  EXPECT_EQ(app["name"], "My App");
  EXPECT_EQ(app["description"], "first");
  EXPECT_EQ(app["owner_id"], owner_.user_id);
  EXPECT_EQ(app["role"], "owner");
  EXPECT_EQ(std::string(app["created_at"].as_string()).back(), 'Z');
  auto got = Call(owner_, "GET", AppPath(app["id"].as_int64()));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, r.body);
  auto no_description = Call(owner_, "POST", "/api/v1/apps", R"({"name": "Bare"})");
  EXPECT_EQ(no_description.Json().at("description"), "");
}

TEST_P(AppsTest, PermissionsPerRole) {
  auto editor = CreateUser(*server_, "editor@example.com");
  auto viewer = CreateUser(*server_, "viewer@example.com");
  auto stranger = CreateUser(*server_, "stranger@example.com");
  std::int64_t app = CreateApp(owner_, "Shared");
  Share(app, "editor@example.com", "editor");
  Share(app, "viewer@example.com", "viewer");

  EXPECT_EQ(Call(editor, "GET", AppPath(app)).Json().at("role"), "editor");
  EXPECT_EQ(Call(viewer, "GET", AppPath(app)).Json().at("role"), "viewer");
  auto hidden = Call(stranger, "GET", AppPath(app));
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.Json().at("code"), "NOT_FOUND");

  EXPECT_EQ(Call(editor, "PATCH", AppPath(app), R"({"name":"By editor"})").status, 200);
  auto viewer_patch = Call(viewer, "PATCH", AppPath(app), R"({"name":"By viewer"})");
  EXPECT_EQ(viewer_patch.status, 403);
  EXPECT_EQ(viewer_patch.Json().at("code"), "PERMISSION_DENIED");
  EXPECT_EQ(Call(stranger, "PATCH", AppPath(app), R"({"name":"x"})").status, 404);
  auto patched = Call(owner_, "PATCH", AppPath(app), R"({"description":"d"})");
  EXPECT_EQ(patched.Json().at("name"), "By editor");
  EXPECT_EQ(patched.Json().at("description"), "d");

  auto listed = Call(viewer, "GET", "/api/v1/apps");
  EXPECT_EQ(listed.Json().at("count"), 1);
  EXPECT_EQ(listed.Json().at("results").at(0).at("role"), "viewer");
  EXPECT_EQ(Call(stranger, "GET", "/api/v1/apps").Json().at("count"), 0);

  EXPECT_EQ(Call(editor, "DELETE", AppPath(app)).status, 403);
  EXPECT_EQ(Call(viewer, "DELETE", AppPath(app)).status, 403);
  EXPECT_EQ(Call(stranger, "DELETE", AppPath(app)).status, 404);
  EXPECT_EQ(Call(owner_, "DELETE", AppPath(app)).status, 204);
  EXPECT_EQ(Call(owner_, "GET", AppPath(app)).status, 404);
  EXPECT_EQ(Call(editor, "GET", "/api/v1/apps").Json().at("count"), 0) << "members cascade";
  EXPECT_EQ(client().Get("/api/v1/apps").status, 401);
}

TEST_P(AppsTest, CollaboratorRules) {
  auto editor = CreateUser(*server_, "ed@example.com");
  auto viewer = CreateUser(*server_, "vi@example.com");
  std::int64_t app = CreateApp(owner_, "Team");
  auto path = AppPath(app, "/collaborators");

  auto unknown =
      Call(owner_, "POST", path, JsonString({{"email", "ghost@example.com"}, {"role", "viewer"}}));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(unknown.Json().at("errors").as_object().contains("email"));
  auto self =
      Call(owner_, "POST", path, JsonString({{"email", "OWNER@example.com"}, {"role", "editor"}}));
  EXPECT_EQ(self.status, 400);
  EXPECT_TRUE(self.Json().at("errors").as_object().contains("email"));
  for (std::string role : {"owner", "admin", ""}) {
    auto bad =
        Call(owner_, "POST", path, JsonString({{"email", "ed@example.com"}, {"role", role}}));
    EXPECT_EQ(bad.status, 400) << role;
    EXPECT_TRUE(bad.Json().at("errors").as_object().contains("role")) << role;
  }
  auto added =
      Call(owner_, "POST", path, JsonString({{"email", "Ed@Example.com"}, {"role", "editor"}}));
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.Json().at("user_id"), editor.user_id);
  EXPECT_EQ(added.Json().at("role"), "editor");
  auto dup =
      Call(owner_, "POST", path, JsonString({{"email", "ed@example.com"}, {"role", "viewer"}}));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Json().at("code"), "ALREADY_COLLABORATOR");
  EXPECT_EQ(
      Call(editor, "POST", path, JsonString({{"email", "vi@example.com"}, {"role", "viewer"}}))
          .status,
      403);
  Share(app, "vi@example.com", "viewer");

  auto list = Call(viewer, "GET", path);
  ASSERT_EQ(list.status, 200);
  auto results = list.Json().at("results").as_array();
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].at("role"), "owner");
  EXPECT_EQ(results[0].at("user_id"), owner_.user_id);
  EXPECT_EQ(results[0].at("added_at"), Call(owner_, "GET", AppPath(app)).Json().at("created_at"));
  EXPECT_EQ(results[1].at("email"), "ed@example.com");

  auto promote =
      Call(owner_, "PATCH", AppPath(app, "/collaborators/" + std::to_string(viewer.user_id)),
           R"({"role":"editor"})");
  EXPECT_EQ(promote.status, 200);
  EXPECT_EQ(promote.Json().at("role"), "editor");
  EXPECT_EQ(Call(viewer, "PATCH", AppPath(app), R"({"name":"now allowed"})").status, 200);
  EXPECT_EQ(Call(owner_, "PATCH", AppPath(app, "/collaborators/" + std::to_string(owner_.user_id)),
                 R"({"role":"viewer"})")
                .status,
            400);
  EXPECT_EQ(
      Call(owner_, "PATCH", AppPath(app, "/collaborators/999999"), R"({"role":"viewer"})").status,
      404);

  // A collaborator may leave; may not remove others; the owner cannot be removed.
  EXPECT_EQ(Call(viewer, "DELETE", AppPath(app, "/collaborators/" + std::to_string(editor.user_id)))
                .status,
            403);
  EXPECT_EQ(Call(viewer, "DELETE", AppPath(app, "/collaborators/" + std::to_string(viewer.user_id)))
                .status,
            204);
  EXPECT_EQ(Call(viewer, "GET", AppPath(app)).status, 404);
  EXPECT_EQ(Call(editor, "DELETE", AppPath(app, "/collaborators/" + std::to_string(owner_.user_id)))
                .status,
            403);
  EXPECT_EQ(Call(owner_, "DELETE", AppPath(app, "/collaborators/" + std::to_string(owner_.user_id)))
                .status,
            400);
  EXPECT_EQ(Call(owner_, "DELETE", AppPath(app, "/collaborators/" + std::to_string(editor.user_id)))
                .status,
            204);
  EXPECT_EQ(Call(owner_, "GET", path).Json().at("results").as_array().size(), 1u);
}

TEST_P(AppsTest, PaginationShapeAndBounds) {
  ExecSql(*server_,
          "UPDATE users SET app_limit_override = 10 WHERE id = " + std::to_string(owner_.user_id));
  for (int i = 1; i <= 5; ++i) CreateApp(owner_, "App " + std::to_string(i));
  auto first = Call(owner_, "GET", "/api/v1/apps?page_size=2");
  ASSERT_EQ(first.status, 200) << first.body;
  auto page1 = first.Json().as_object();
  EXPECT_EQ(page1["count"], 5);
  EXPECT_TRUE(page1["previous"].is_null());
  std::string next(page1["next"].as_string());
  EXPECT_NE(next.find("/api/v1/apps?"), std::string::npos) << next;
  EXPECT_NE(next.find("page_size=2"), std::string::npos) << next;
  EXPECT_NE(next.find("page=2"), std::string::npos) << next;
  EXPECT_EQ(next.rfind("http://", 0), 0u) << next;
  EXPECT_EQ(page1["results"].at(0).at("name"), "App 5") << "newest first";
  EXPECT_EQ(page1["results"].at(1).at("name"), "App 4");

  auto last = Call(owner_, "GET", "/api/v1/apps?page=3&page_size=2").Json().as_object();
  EXPECT_TRUE(last["next"].is_null());
  EXPECT_EQ(last["results"].as_array().size(), 1u);
  EXPECT_EQ(last["results"].at(0).at("name"), "App 1");
  EXPECT_NE(std::string(last["previous"].as_string()).find("page=2"), std::string::npos);
  auto second = Call(owner_, "GET", "/api/v1/apps?page=2&page_size=2").Json().as_object();
  EXPECT_EQ(std::string(second["previous"].as_string()).find("page="), std::string::npos)
      << "previous of page 2 is page 1, written without page=";

  EXPECT_EQ(Call(owner_, "GET", "/api/v1/apps?page=4&page_size=2").status, 404);
  for (std::string q : {"page=0", "page=-1", "page=abc", "page_size=0", "page_size=101",
                        "page_size=x", "page=1.5"}) {
    auto r = Call(owner_, "GET", "/api/v1/apps?" + q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.Json().at("code"), "VALIDATION_ERROR") << q;
  }
  EXPECT_EQ(
      Call(owner_, "GET", "/api/v1/apps?page_size=100").Json().at("results").as_array().size(), 5u);
  auto empty = CreateUser(*server_, "empty@example.com");
  auto none = Call(empty, "GET", "/api/v1/apps").Json().as_object();
  EXPECT_EQ(none["count"], 0);
  EXPECT_TRUE(none["results"].as_array().empty());
}

// A shared app takes its place in the list by when it was created, not by when it was shared,
// on every page, and the count includes it.
TEST_P(AppsTest, SharedAppsListByTheirCreationNotTheirSharing) {
  auto member = CreateUser(*server_, "member@example.com");
  clock_->Freeze();
  std::int64_t old_app = CreateApp(owner_, "Owner's old app");
  clock_->Advance(10);
  CreateApp(member, "Member's app");
  clock_->Advance(10);
  std::int64_t new_app = CreateApp(owner_, "Owner's new app");
  clock_->Advance(10);
  Share(new_app, "member@example.com", "viewer");
  clock_->Advance(10);
  Share(old_app, "member@example.com", "editor");

  auto names = [&](const std::string& query) {
    auto r = Call(member, "GET", "/api/v1/apps" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json().at("count"), 3) << query;
    std::vector<std::string> out;
    const auto page = r.Json();
    for (const auto& app : page.at("results").as_array()) {
      out.emplace_back(app.at("name").as_string());
    }
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names(""), (Names{"Owner's new app", "Member's app", "Owner's old app"}));
  EXPECT_EQ(names("?page_size=2"), (Names{"Owner's new app", "Member's app"}));
  EXPECT_EQ(names("?page=2&page_size=2"), (Names{"Owner's old app"}));
  auto shared = Call(member, "GET", "/api/v1/apps?page=2&page_size=2").Json().at("results").at(0);
  EXPECT_EQ(shared.at("role"), "editor");
  EXPECT_EQ(shared.at("created_at"), Call(owner_, "GET", AppPath(old_app)).Json().at("created_at"));

  // Apps created in the same second come newest id first.
  std::int64_t twin = CreateApp(member, "Twin A");
  std::int64_t twin_b = CreateApp(member, "Twin B");
  ASSERT_LT(twin, twin_b);
  auto r = Call(member, "GET", "/api/v1/apps?page_size=2").Json();
  EXPECT_EQ(r.at("count"), 5);
  EXPECT_EQ(r.at("results").at(0).at("name"), "Twin B");
  EXPECT_EQ(r.at("results").at(1).at("name"), "Twin A");
}

TEST_P(AppsTest, ValidationAndIds) {
  for (std::string body : {R"({})", R"({"name": ""})", R"({"name": "   "})", R"({"name": null})",
                           R"({"name": 5})", R"({"name": ["x"]})"}) {
    auto r = Call(owner_, "POST", "/api/v1/apps", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_TRUE(r.Json().at("errors").as_object().contains("name")) << body;
  }
  EXPECT_EQ(
      Call(owner_, "POST", "/api/v1/apps", JsonString({{"name", std::string(101, 'n')}})).status,
      400);
  std::string hundred_accents;
  for (int i = 0; i < 100; ++i) hundred_accents += "\xc3\xa9";
  EXPECT_EQ(Call(owner_, "POST", "/api/v1/apps", JsonString({{"name", hundred_accents}})).status,
            201);
  EXPECT_EQ(Call(owner_, "POST", "/api/v1/apps",
                 JsonString({{"name", "ok"}, {"description", std::string(1001, 'd')}}))
                .status,
            400);
  for (std::string id : {"0", "-1", "abc", "99999999999999999999", "1.0", "007"}) {
    EXPECT_EQ(Call(owner_, "GET", "/api/v1/apps/" + id).status, 404) << id;
  }
  EXPECT_EQ(Call(owner_, "GET", "/api/v1/apps/9223372036854775807").status, 404);
}

TEST_P(AppsTest, PlanLimitsAndOverride) {
  for (int i = 0; i < 3; ++i) CreateApp(owner_, "Basic " + std::to_string(i));
  auto over = Call(owner_, "POST", "/api/v1/apps", R"({"name":"one too many"})");
  ASSERT_EQ(over.status, 403);
  auto body = over.Json().as_object();
  EXPECT_EQ(body["code"], "APP_LIMIT_REACHED");
  EXPECT_EQ(body["limit"], 3);
  EXPECT_EQ(body["current"], 3);
  EXPECT_EQ(body["user_type"], "basic");
  auto logged = server_->logs().Events("apps.limit_reached");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0]["user_id"], owner_.user_id);
  auto me = Call(owner_, "GET", "/api/v1/auth/me").Json().as_object();
  EXPECT_EQ(me["app_count"], 3);
  EXPECT_EQ(me["app_limit"], 3);

  // Shared apps do not count against the collaborator's own limit.
  auto friend_user = CreateUser(*server_, "friend@example.com");
  auto list = Call(owner_, "GET", "/api/v1/apps").Json().at("results").as_array();
  Share(list[0].at("id").as_int64(), "friend@example.com", "editor");
  for (int i = 0; i < 3; ++i) CreateApp(friend_user, "Friend " + std::to_string(i));

  const std::string id = std::to_string(owner_.user_id);
  ExecSql(*server_, "UPDATE users SET user_type = 'pro' WHERE id = " + id);
  CreateApp(owner_, "Pro app");
  EXPECT_EQ(Call(owner_, "GET", "/api/v1/auth/me").Json().at("app_limit"), 25);

  ExecSql(*server_, "UPDATE users SET app_limit_override = 4 WHERE id = " + id);
  auto capped = Call(owner_, "POST", "/api/v1/apps", R"({"name":"past override"})");
  EXPECT_EQ(capped.status, 403);
  EXPECT_EQ(capped.Json().at("limit"), 4);
  EXPECT_EQ(capped.Json().at("user_type"), "pro");
  ExecSql(*server_, "UPDATE users SET app_limit_override = 0 WHERE id = " +
                        std::to_string(friend_user.user_id));
  EXPECT_EQ(Call(friend_user, "POST", "/api/v1/apps", R"({"name":"zero"})").status, 403);
}

TEST_P(AppsTest, DowngradeKeepsAppsButBlocksCreation) {
  const std::string id = std::to_string(owner_.user_id);
  ExecSql(*server_, "UPDATE users SET user_type = 'pro' WHERE id = " + id);
  for (int i = 0; i < 5; ++i) CreateApp(owner_, "Pro " + std::to_string(i));
  ExecSql(*server_, "UPDATE users SET user_type = 'basic' WHERE id = " + id);
  EXPECT_EQ(Call(owner_, "GET", "/api/v1/apps").Json().at("count"), 5);
  auto blocked = Call(owner_, "POST", "/api/v1/apps", R"({"name":"no more"})");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.Json().at("current"), 5);
  EXPECT_EQ(blocked.Json().at("limit"), 3);
  auto first = Call(owner_, "GET", "/api/v1/apps").Json().at("results").at(0).at("id").as_int64();
  EXPECT_EQ(Call(owner_, "PATCH", AppPath(first), R"({"name":"still editable"})").status, 200);
  EXPECT_EQ(Call(owner_, "DELETE", AppPath(first)).status, 204);
}

// 20 creates at once, one below the limit: exactly the limit is reached, never passed.
void RaceCreates(const std::vector<HttpClient>& clients, const std::string& access, int* created,
                 int* refused) {
  std::atomic<int> ok{0}, limited{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      auto r = clients[i % clients.size()].Send(
          "POST", "/api/v1/apps", JsonString({{"name", "race " + std::to_string(i)}}),
          {{"Authorization", "Bearer " + access}, {"Content-Type", "application/json"}});
      if (r.status == 201) ++ok;
      if (r.status == 403) ++limited;
    });
  }
  for (auto& t : threads) t.join();
  *created = ok;
  *refused = limited;
}

TEST_P(AppsTest, ConcurrentCreatesNeverPassTheLimit) {
  CreateApp(owner_, "one");
  CreateApp(owner_, "two");
  int created = 0, refused = 0;
  RaceCreates({client()}, owner_.access, &created, &refused);
  EXPECT_EQ(created, 1);
  EXPECT_EQ(refused, 19);
  EXPECT_EQ(Call(owner_, "GET", "/api/v1/apps").Json().at("count"), 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, AppsTest, kEngines, EngineName);

TEST(AppsScaleOutTest, TwoInstancesShareTheLimit) {
  TestDatabase db(Engine::kPostgres);
  TestServer a(db, {{"RATE_LIMIT_ENABLED", "false"}});
  TestServer b(db, {{"RATE_LIMIT_ENABLED", "false"}});
  auto user = CreateUser(a, "racer@example.com");
  ExecSql(a, "UPDATE users SET app_limit_override = 5 WHERE id = " + std::to_string(user.user_id));
  int created = 0, refused = 0;
  RaceCreates({a.client(), b.client()}, user.access, &created, &refused);
  EXPECT_EQ(created, 5);
  EXPECT_EQ(refused, 15);
  auto me = a.client().Get("/api/v1/auth/me", BearerHeaders(user.access)).Json().as_object();
  EXPECT_EQ(me["app_count"], 5);
}

}  // namespace
}  // namespace plangate::test
