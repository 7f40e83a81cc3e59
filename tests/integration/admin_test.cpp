// The Admin section of the contract on both engines.

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <chrono>
#include <iostream>
#include <map>

#include "admin/admin_repo.h"
#include "support/auth_helpers.h"
#include "support/fake_stripe.h"

namespace plangate::test {
namespace {

class AdminTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(
        db_, app::Env{{"RATE_LIMIT_ENABLED", "false"},
                      {"STRIPE_SECRET_KEY", FakeStripe::kSecretKey},
                      {"STRIPE_API_BASE", stripe_.base_url()},
                      {"STRIPE_PRICE_IDS", "pro_monthly=price_pro_m"}});
    server_->app().auth().CreateSuperuser("admin@example.com", "Admin-Strong-Pass-1");
    admin_ = Login(server_->client(), "admin@example.com", "Admin-Strong-Pass-1");
  }

  HttpResponse As(const LoggedIn& who, const std::string& method, const std::string& path,
                  const std::string& body = "") {
    Headers h = BearerHeaders(who.access);
    if (!body.empty()) h.emplace_back("Content-Type", "application/json");
    return server_->client().Send(method, path, body, h);
  }

  std::vector<std::string> Emails(const std::string& query) {
    auto r = As(admin_, "GET", "/api/v1/admin/users?page_size=100&" + query);
    EXPECT_EQ(r.status, 200) << query << " " << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    auto json = r.Json();
    for (const auto& u : json.at("results").as_array()) {
      out.emplace_back(u.at("email").as_string());
    }
    return out;
  }

  std::string UserPath(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/admin/users/" + std::to_string(id) + rest;
  }

  FakeStripe stripe_;
  TestDatabase db_{GetParam()};
  std::unique_ptr<TestServer> server_;
  LoggedIn admin_;
};

TEST_P(AdminTest, StaffOnly) {
  auto user = CreateUser(*server_, "plain@example.com");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/api/v1/admin/users"},
      {"GET", UserPath(user.user_id)},
      {"PATCH", UserPath(user.user_id)},
      {"POST", UserPath(user.user_id, "/cancel-subscription")}};
  for (const auto& [method, path] : routes) {
    auto anonymous =
        server_->client().Send(method, path, "{}", {{"Content-Type", "application/json"}});
    EXPECT_EQ(anonymous.status, 401) << method << " " << path;
    auto plain = As(user, method, path, "{}");
    EXPECT_EQ(plain.status, 403) << method << " " << path;
    EXPECT_EQ(plain.Json().at("code"), "PERMISSION_DENIED");
  }
  EXPECT_EQ(As(admin_, "GET", UserPath(999999)).status, 404);
}

TEST_P(AdminTest, FiltersSearchAndOrdering) {
  auto a = CreateUser(*server_, "alice@example.com");
  auto b = CreateUser(*server_, "bob@example.org");
  auto c = CreateUser(*server_, "carol@example.com");
  ExecSql(*server_, "UPDATE users SET user_type = 'pro', is_disabled_by_admin = 1 WHERE id = " +
                        std::to_string(b.user_id));
  ExecSql(*server_, "UPDATE users SET is_verified = 0, last_login = NULL WHERE id = " +
                        std::to_string(c.user_id));
  ExecSql(*server_, "UPDATE users SET date_joined = 1000 WHERE id = " + std::to_string(a.user_id));
  ExecSql(*server_, "UPDATE users SET date_joined = 3000 WHERE id = " + std::to_string(b.user_id));
  ExecSql(*server_, "UPDATE users SET date_joined = 2000 WHERE id = " + std::to_string(c.user_id));
  ExecSql(*server_,
          "UPDATE users SET date_joined = 500, last_login = 10 WHERE email = 'admin@example.com'");
  ExecSql(*server_, "UPDATE users SET last_login = 50 WHERE id = " + std::to_string(a.user_id));
  ExecSql(*server_, "UPDATE users SET last_login = 20 WHERE id = " + std::to_string(b.user_id));

  EXPECT_EQ(Emails("search=ALICE"), (std::vector<std::string>{"alice@example.com"}));
  EXPECT_EQ(Emails("search=example.org"), (std::vector<std::string>{"bob@example.org"}));
  EXPECT_EQ(Emails("user_type=pro"), (std::vector<std::string>{"bob@example.org"}));
  EXPECT_EQ(Emails("is_disabled=true"), (std::vector<std::string>{"bob@example.org"}));
  EXPECT_EQ(Emails("is_verified=false"), (std::vector<std::string>{"carol@example.com"}));
  EXPECT_EQ(
      Emails("is_disabled=false&user_type=basic&search=example.com&ordering=email"),
      (std::vector<std::string>{"admin@example.com", "alice@example.com", "carol@example.com"}));

  EXPECT_EQ(Emails(""), (std::vector<std::string>{"bob@example.org", "carol@example.com",
                                                  "alice@example.com", "admin@example.com"}))
      << "default: newest first";
  EXPECT_EQ(Emails("ordering=date_joined"),
            (std::vector<std::string>{"admin@example.com", "alice@example.com", "carol@example.com",
                                      "bob@example.org"}));
  EXPECT_EQ(Emails("ordering=-email"),
            (std::vector<std::string>{"carol@example.com", "bob@example.org", "alice@example.com",
                                      "admin@example.com"}));
  EXPECT_EQ(Emails("ordering=last_login"),
            (std::vector<std::string>{"admin@example.com", "bob@example.org", "alice@example.com",
                                      "carol@example.com"}))
      << "never logged in goes last";
  EXPECT_EQ(Emails("ordering=-last_login"),
            (std::vector<std::string>{"alice@example.com", "bob@example.org", "admin@example.com",
                                      "carol@example.com"}));

  // Counts of enabled or verified users are everyone minus the flagged ones (admin_repo.cpp).
  for (const auto& [query, n] : std::vector<std::pair<std::string, int>>{
           {"is_disabled=false", 3},
           {"is_verified=true", 3},
           {"is_disabled=false&is_verified=true", 2},
           {"is_disabled=true&is_verified=true", 1},
           {"is_disabled=false&user_type=basic&search=example.com", 3},
           {"is_verified=true&user_type=pro&search=example.org", 1},
           {"is_verified=false&is_disabled=false", 1}}) {
    auto r = As(admin_, "GET", "/api/v1/admin/users?" + query);
    ASSERT_EQ(r.status, 200) << query << " " << r.body;
    EXPECT_EQ(r.Json().at("count"), n) << query;
  }

  for (std::string bad :
       {"ordering=password_hash", "ordering=-id", "ordering=email%3BDROP%20TABLE%20users",
        "user_type=gold", "is_disabled=maybe", "is_verified=2"}) {
    auto r = As(admin_, "GET", "/api/v1/admin/users?" + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.Json().at("code"), "VALIDATION_ERROR") << bad;
  }
  auto page = As(admin_, "GET", "/api/v1/admin/users?page_size=3&page=2").Json().as_object();
  EXPECT_EQ(page["count"], 4);
  EXPECT_EQ(page["results"].as_array().size(), 1u);
  EXPECT_TRUE(page["next"].is_null());
  EXPECT_EQ(As(admin_, "GET", "/api/v1/admin/users?page_size=3&page=3").status, 404);
  auto first = page["results"].at(0).as_object();
  for (const char* key :
       {"id", "email", "user_type", "is_verified", "is_staff", "date_joined", "app_count",
        "app_limit", "is_disabled_by_admin", "last_login", "app_limit_override", "mfa_enabled"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
}

// Without a search the count is read from the user_counts ledger (migration 0014), which every
// sign-up, plan or flag change and deletion appends to, and which a list folds once it has grown:
// the counts equal the users' own before and after the fold, under every filter.
TEST_P(AdminTest, CountsFollowEveryWriteOfTheUsersAndSurviveTheFold) {
  std::string values;
  for (int i = 0; i < 200; ++i) {
    values += std::string(i ? ", " : "") + "('c" + std::to_string(i) +
              "@example.com', 'x', 'basic', 1, " + std::to_string(1000 + i) + ", 1)";
  }
  ExecSql(*server_,
          "INSERT INTO users (email, password_hash, user_type, is_verified, "
          "date_joined, updated_at) VALUES " +
              values);
  for (int i = 0; i < 150; ++i) {
    ExecSql(*server_, "UPDATE users SET user_type = 'pro' WHERE email = 'c" + std::to_string(i) +
                          "@example.com'");
  }
  ExecSql(*server_, "UPDATE users SET user_type = 'pro' WHERE email = 'c0@example.com'");  // no-op
  ExecSql(*server_, "UPDATE users SET last_login = 5 WHERE email LIKE 'c1%'");  // not counted
  ExecSql(*server_, "UPDATE users SET is_disabled_by_admin = 1 WHERE email LIKE 'c2%'");
  ExecSql(*server_, "UPDATE users SET is_verified = 0 WHERE email LIKE 'c3%'");
  ExecSql(*server_, "DELETE FROM users WHERE email LIKE 'c4%'");
  auto scalar = [&](const std::string& sql) {
    long long n = 0;
    server_->app().database().Run([&](soci::session& s) { s << sql, soci::into(n); });
    return n;
  };
  struct Filter {
    std::string query, where;
    admin::repo::UserQuery q;
  };
  auto with = [](std::optional<std::string> type, std::optional<bool> disabled,
                 std::optional<bool> verified) {
    admin::repo::UserQuery q;
    q.user_type = std::move(type);
    q.is_disabled = disabled;
    q.is_verified = verified;
    return q;
  };
  const std::vector<Filter> filters = {
      {"", "1 = 1", with({}, {}, {})},
      {"user_type=pro", "user_type = 'pro'", with("pro", {}, {})},
      {"user_type=basic&is_verified=true", "user_type = 'basic' AND is_verified = 1",
       with("basic", {}, true)},
      {"is_disabled=true", "is_disabled_by_admin = 1", with({}, true, {})},
      {"is_disabled=false&is_verified=false", "is_disabled_by_admin = 0 AND is_verified = 0",
       with({}, false, false)},
      {"user_type=pro&is_disabled=false&is_verified=true",
       "user_type = 'pro' AND is_disabled_by_admin = 0 AND is_verified = 1",
       with("pro", false, true)}};
  auto expect_counts = [&](const std::string& when) {
    for (const auto& f : filters) {
      auto r = As(admin_, "GET", "/api/v1/admin/users?" + f.query);
      ASSERT_EQ(r.status, 200) << f.query << " " << r.body;
      EXPECT_EQ(r.Json().at("count").as_int64(),
                scalar("SELECT COUNT(*) FROM users WHERE " + f.where))
          << f.query << " " << when;
    }
  };
  // Every filter on the long ledger, read as the list reads it (the list itself folds it).
  for (const auto& f : filters) {
    admin::repo::UserCount count;
    server_->app().database().Run(
        [&](soci::session& s) { count = admin::repo::CountUsers(s, f.q); });
    EXPECT_EQ(count.users, scalar("SELECT COUNT(*) FROM users WHERE " + f.where)) << f.query;
    EXPECT_GT(count.ledger_rows, 256) << f.query;
  }
  expect_counts("through the list");
  // The first list above found the ledger long and folded it: one row per key is left.
  EXPECT_LE(scalar("SELECT COUNT(*) FROM user_counts"), 8);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM user_counts WHERE n = 0"), 0);
  ExecSql(*server_,
          "UPDATE users SET user_type = 'basic', is_disabled_by_admin = 1 "
          "WHERE email = 'c5@example.com'");
  CreateUser(*server_, "late@example.com");
  expect_counts("after the fold");
}

// Pages are slices of one total order: ties (same date_joined, same last_login, never logged in)
// are broken by id in the ordering's direction, a page boundary neither repeats nor drops a row,
// and each row's app_count is its own, on any page (admin_repo.cpp reads the page's ids first).
TEST_P(AdminTest, PagesSliceOneOrderAcrossTiesWithEachRowsAppCount) {
  auto d = CreateUser(*server_, "dora@example.com");
  auto b = CreateUser(*server_, "bea@example.com");
  auto e = CreateUser(*server_, "eve@example.com");
  auto c = CreateUser(*server_, "cid@example.com");
  ExecSql(*server_, "UPDATE users SET date_joined = 1000, last_login = NULL");
  ExecSql(*server_, "UPDATE users SET last_login = 50 WHERE id IN (" + std::to_string(d.user_id) +
                        ", " + std::to_string(b.user_id) + ")");
  ExecSql(*server_, "UPDATE users SET last_login = 10 WHERE id = " + std::to_string(c.user_id));
  for (const char* name : {"One", "Two"}) {
    ASSERT_EQ(As(b, "POST", "/api/v1/apps", JsonString({{"name", name}})).status, 201);
  }
  ASSERT_EQ(As(e, "POST", "/api/v1/apps", R"({"name":"Three"})").status, 201);

  // In id order: admin, dora, bea, eve, cid.
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"date_joined", {"admin", "dora", "bea", "eve", "cid"}},
      {"-date_joined", {"cid", "eve", "bea", "dora", "admin"}},
      {"last_login", {"cid", "dora", "bea", "admin", "eve"}},
      {"-last_login", {"bea", "dora", "cid", "eve", "admin"}},
      {"email", {"admin", "bea", "cid", "dora", "eve"}},
      {"-email", {"eve", "dora", "cid", "bea", "admin"}},
  };
  const std::map<std::string, std::int64_t> apps = {
      {"admin", 0}, {"dora", 0}, {"bea", 2}, {"eve", 1}, {"cid", 0}};
  for (const auto& [ordering, expected] : cases) {
    std::vector<std::string> seen;
    for (int page = 1; page <= 3; ++page) {
      auto r = As(
          admin_, "GET",
          "/api/v1/admin/users?page_size=2&ordering=" + ordering + "&page=" + std::to_string(page));
      ASSERT_EQ(r.status, 200) << ordering << " " << r.body;
      auto json = r.Json().as_object();
      EXPECT_EQ(json["count"], 5) << ordering;
      for (const auto& u : json["results"].as_array()) {
        std::string email(u.at("email").as_string());
        std::string name = email.substr(0, email.find('@'));
        seen.push_back(name);
        EXPECT_EQ(u.at("app_count"), apps.at(name)) << ordering << " " << name;
      }
    }
    EXPECT_EQ(seen, expected) << ordering;
  }
  EXPECT_EQ(Emails("ordering=-last_login&search=e"),
            (std::vector<std::string>{"bea@example.com", "dora@example.com", "cid@example.com",
                                      "eve@example.com", "admin@example.com"}))
      << "a search keeps the order";
}

// next and previous carry a cursor: following them walks every ordering (ties on date_joined,
// users who never logged in, a page straddling the two parts of last_login's order) forwards and
// back, with filters, and the pages are the ones page=N gives.
TEST_P(AdminTest, NextAndPreviousLinksWalkEveryOrderingBothWays) {
  std::vector<LoggedIn> users;
  for (const char* name : {"dora", "bea", "eve", "cid", "fay", "gus", "hal"}) {
    users.push_back(CreateUser(*server_, std::string(name) + "@example.com"));
  }
  ExecSql(*server_, "UPDATE users SET date_joined = 1000, last_login = NULL");
  ExecSql(*server_,
          "UPDATE users SET date_joined = 900 WHERE id = " + std::to_string(users[5].user_id));
  for (auto [who, when] : std::vector<std::pair<int, int>>{{0, 50}, {1, 50}, {3, 10}, {6, 70}}) {
    ExecSql(*server_, "UPDATE users SET last_login = " + std::to_string(when) +
                          " WHERE id = " + std::to_string(users[who].user_id));
  }
  auto path_of = [](const boost::json::value& link) {
    std::string url(link.as_string());
    return url.substr(url.find("/api/v1/"));
  };
  auto names_of = [](const boost::json::object& page) {
    std::vector<std::string> names;
    for (const auto& u : page.at("results").as_array()) {
      std::string email(u.at("email").as_string());
      names.push_back(email.substr(0, email.find('@')));
    }
    return names;
  };
  for (std::string ordering :
       {"date_joined", "-date_joined", "last_login", "-last_login", "email", "-email"}) {
    for (std::string filter : {"", "&search=e", "&is_verified=true"}) {
      for (int size : {1, 2, 3}) {
        const std::string query =
            "ordering=" + ordering + filter + "&page_size=" + std::to_string(size);
        SCOPED_TRACE(query);
        // What page=N gives, page after page.
        std::vector<std::vector<std::string>> by_number;
        for (int n = 1;; ++n) {
          auto r = As(admin_, "GET", "/api/v1/admin/users?" + query + "&page=" + std::to_string(n));
          if (r.status == 404) break;
          ASSERT_EQ(r.status, 200) << r.body;
          by_number.push_back(names_of(r.Json().as_object()));
        }
        ASSERT_FALSE(by_number.empty());
        // Forwards by next, from page 1 to the end.
        std::vector<std::vector<std::string>> forwards;
        std::string path = "/api/v1/admin/users?" + query;
        boost::json::object page;
        for (;;) {
          auto r = As(admin_, "GET", path);
          ASSERT_EQ(r.status, 200) << path << " " << r.body;
          page = r.Json().as_object();
          forwards.push_back(names_of(page));
          const auto n = static_cast<int>(forwards.size());
          if (n > 1) {
            EXPECT_NE(path.find("cursor="), std::string::npos) << path;
            EXPECT_NE(path.find("page=" + std::to_string(n)), std::string::npos) << path;
          }
          if (page["next"].is_null()) break;
          ASSERT_LT(forwards.size(), by_number.size() + 1);
          path = path_of(page["next"]);
        }
        EXPECT_EQ(forwards, by_number);
        // Back by previous, from the last page to the first.
        std::vector<std::vector<std::string>> backwards{forwards.back()};
        while (!page["previous"].is_null()) {
          path = path_of(page["previous"]);
          auto r = As(admin_, "GET", path);
          ASSERT_EQ(r.status, 200) << path << " " << r.body;
          page = r.Json().as_object();
          backwards.insert(backwards.begin(), names_of(page));
          ASSERT_LE(backwards.size(), by_number.size());
        }
        EXPECT_EQ(backwards, by_number);
      }
    }
  }
}

// A cursor holds a place, not a count of rows: users who sign up or leave while an admin pages
// never make a row go missing, as page=N would, forwards or back.
TEST_P(AdminTest, ACursorKeepsItsPlaceWhileUsersComeAndGo) {
  std::vector<LoggedIn> users;
  for (int i = 0; i < 5; ++i) {
    users.push_back(CreateUser(*server_, "u" + std::to_string(i) + "@example.com"));
  }
  auto get = [&](const boost::json::value& link) {
    std::string url(link.as_string());
    auto r = As(admin_, "GET", url.substr(url.find("/api/v1/")));
    EXPECT_EQ(r.status, 200) << url << " " << r.body;
    return r.Json().as_object();
  };
  auto emails = [](const boost::json::object& page) {
    std::vector<std::string> out;
    for (const auto& u : page.at("results").as_array()) {
      std::string e(u.at("email").as_string());
      out.push_back(e.substr(0, e.find('@')));
    }
    return out;
  };
  using Names = std::vector<std::string>;
  // Newest first: u4 u3 u2 u1 u0 admin.
  auto first = As(admin_, "GET", "/api/v1/admin/users?page_size=2").Json().as_object();
  EXPECT_EQ(emails(first), (Names{"u4", "u3"}));
  CreateUser(*server_, "late@example.com");  // comes first: page=2 would show u3 again
  auto second = get(first["next"]);
  EXPECT_EQ(emails(second), (Names{"u2", "u1"}));
  EXPECT_EQ(second["count"], 7);
  // Back: the page before u2 is u4 u3 still, and it has a previous page now (late).
  auto back = get(second["previous"]);
  EXPECT_EQ(emails(back), (Names{"u4", "u3"}));
  ASSERT_TRUE(back["previous"].is_string()) << "late comes before it";
  EXPECT_NE(std::string(back["previous"].as_string()).find("cursor="), std::string::npos);
  // Before u4 there is only late: the head, short of a page, is the first page whole.
  auto head = get(back["previous"]);
  EXPECT_EQ(emails(head), (Names{"late", "u4"}));
  EXPECT_TRUE(head["previous"].is_null());
  // u1 leaves: the page after u3 follows on from it.
  ExecSql(*server_, "DELETE FROM users WHERE id = " + std::to_string(users[1].user_id));
  auto again = get(back["next"]);
  EXPECT_EQ(emails(again), (Names{"u2", "u0"}));
  auto last = get(again["next"]);
  EXPECT_EQ(emails(last), (Names{"admin"}));
  EXPECT_TRUE(last["next"].is_null());
  EXPECT_EQ(last["count"], 6);
}

TEST_P(AdminTest, BadCursorsAreValidationErrors) {
  CreateUser(*server_, "zed@example.com");
  auto page = As(admin_, "GET", "/api/v1/admin/users?page_size=1&ordering=email").Json();
  std::string next(page.at("next").as_string());
  std::string cursor = next.substr(next.find("cursor=") + 7);
  for (const std::string& query : std::vector<std::string>{
           "ordering=-email&cursor=" + cursor, "cursor=" + cursor, "ordering=email&cursor=x",
           "ordering=email&cursor=" + std::string(1500, 'A'), "ordering=email&cursor=%FF"}) {
    auto r = As(admin_, "GET", "/api/v1/admin/users?" + query);
    EXPECT_EQ(r.status, 400) << query << " " << r.body;
    if (r.status != 400) continue;
    EXPECT_EQ(r.Json().at("code"), "VALIDATION_ERROR");
    EXPECT_TRUE(r.Json().at("errors").as_object().contains("cursor")) << query << " " << r.body;
  }
  auto ok = As(admin_, "GET", "/api/v1/admin/users?page_size=1&ordering=email&cursor=" + cursor);
  EXPECT_EQ(ok.status, 200) << ok.body;
  // Text that is not UTF-8 is refused in any parameter, before PostgreSQL would fail on it.
  auto r = As(admin_, "GET", "/api/v1/admin/users?search=%FF");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(r.Json().at("errors").as_object().contains("search")) << r.body;
}

TEST_P(AdminTest, SearchEscapesLikeWildcards) {
  for (std::string email :
       {"100%_off@example.com", "a_b@example.com", "axb@example.com", "back\\slash@example.com"}) {
    ExecSql(*server_,
            "INSERT INTO users (email, password_hash, date_joined, updated_at) VALUES ('" + email +
                "', 'x', 1, 1)");
  }
  EXPECT_EQ(Emails("search=_&ordering=email"),
            (std::vector<std::string>{"100%_off@example.com", "a_b@example.com"}));
  EXPECT_EQ(Emails("search=%25"), (std::vector<std::string>{"100%_off@example.com"}));
  EXPECT_EQ(Emails("search=a_b"), (std::vector<std::string>{"a_b@example.com"}));
  EXPECT_EQ(Emails("search=%5C"), (std::vector<std::string>{"back\\slash@example.com"}));
  EXPECT_TRUE(Emails("search=nobody-here").empty());
}

// search=%00 once matched every user (the NUL cut the pattern short). A control character in any
// query parameter a route reads is a validation error on that parameter, on every route.
TEST_P(AdminTest, ControlCharactersInQueryParametersAreRefused) {
  for (auto [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"search=%00", "search"},
                                                        {"search=a%01b", "search"},
                                                        {"search=admin%0A", "search"},
                                                        {"search=%7F", "search"},
                                                        {"user_type=basic%00", "user_type"},
                                                        {"ordering=email%1F", "ordering"},
                                                        {"is_verified=true%00", "is_verified"},
                                                        {"page=1%00", "page"},
                                                        {"page_size=%0910", "page_size"}}) {
    for (std::string path : {"/api/v1/admin/users?", "/api/v1/apps?"}) {
      if (path == "/api/v1/apps?" && field != "page" && field != "page_size") continue;
      auto r = As(admin_, "GET", path + query);
      EXPECT_EQ(r.status, 400) << path << query << " " << r.body;
      if (r.status != 400) continue;
      EXPECT_EQ(r.Json().at("code"), "VALIDATION_ERROR") << query;
      EXPECT_TRUE(r.Json().at("errors").as_object().contains(field)) << query << " " << r.body;
    }
  }
  // Printable text, spaces and non-ASCII letters still search.
  EXPECT_EQ(Emails("search=ADMIN%40"), (std::vector<std::string>{"admin@example.com"}));
  EXPECT_TRUE(Emails("search=%C3%A9t%C3%A9").empty());
}

TEST_P(AdminTest, DetailCountsAndSubscription) {
  auto owner = CreateUser(*server_, "owner@example.com");
  auto member = CreateUser(*server_, "member@example.com");
  auto app = As(owner, "POST", "/api/v1/apps", R"({"name":"Shared"})").Json().at("id").as_int64();
  As(owner, "POST", "/api/v1/apps", R"({"name":"Mine"})");
  As(owner, "POST", "/api/v1/apps/" + std::to_string(app) + "/collaborators",
     JsonString({{"email", "member@example.com"}, {"role", "viewer"}}));
  auto detail = As(admin_, "GET", UserPath(owner.user_id)).Json().as_object();
  EXPECT_EQ(detail["app_count"], 2);
  EXPECT_EQ(detail["collaboration_count"], 0);
  EXPECT_TRUE(detail["subscription"].is_null());
  EXPECT_TRUE(detail["stripe_customer_id"].is_null());
  auto m = As(admin_, "GET", UserPath(member.user_id)).Json().as_object();
  EXPECT_EQ(m["app_count"], 0);
  EXPECT_EQ(m["collaboration_count"], 1);
  EXPECT_EQ(m["has_password"], true);
  // A user who signed up with a provider has no password: the detail and the list say so.
  ExecSql(*server_,
          "UPDATE users SET password_hash = '' WHERE id = " + std::to_string(member.user_id));
  EXPECT_EQ(As(admin_, "GET", UserPath(member.user_id)).Json().at("has_password"), false);
  auto listed = As(admin_, "GET", "/api/v1/admin/users?search=member%40").Json();
  ASSERT_EQ(listed.at("results").as_array().size(), 1u);
  EXPECT_EQ(listed.at("results").at(0).at("has_password"), false);
  listed = As(admin_, "GET", "/api/v1/admin/users?search=owner%40").Json();
  EXPECT_EQ(listed.at("results").at(0).at("has_password"), true);
}

TEST_P(AdminTest, DisableLocksOutAtOnceAndEnableRestores) {
  auto user = CreateUser(*server_, "target@example.com", "Target-Pass-123");
  auto r = As(admin_, "PATCH", UserPath(user.user_id), R"({"is_disabled_by_admin": true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json().at("is_disabled_by_admin"), true);
  auto me = As(user, "GET", "/api/v1/auth/me");
  EXPECT_EQ(me.status, 403);
  EXPECT_EQ(me.Json().at("code"), "ACCOUNT_DISABLED");
  auto refresh =
      server_->client().PostJson("/api/v1/auth/token/refresh", "", CookieHeaders(user.refresh));
  EXPECT_EQ(refresh.status, 403);
  EXPECT_EQ(refresh.Json().at("code"), "ACCOUNT_DISABLED");
  long long live = -1;
  server_->app().database().Run([&](soci::session& s) {
    s << "SELECT COUNT(*) FROM refresh_sessions WHERE revoked_at IS NULL AND user_id = " +
             std::to_string(user.user_id),
        soci::into(live);
  });
  EXPECT_EQ(live, 0) << "disabling revokes every session";
  auto logged = server_->logs().Events("admin.user.updated");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0]["admin_id"], admin_.user_id);
  EXPECT_EQ(logged[0]["target_user_id"], user.user_id);
  EXPECT_EQ(logged[0]["changes"].at("is_disabled_by_admin").at("new"), true);
  long long audited = 0;
  server_->app().database().Run([&](soci::session& s) {
    s << "SELECT COUNT(*) FROM audit_log WHERE action = 'user.updated' AND target_user_id = " +
             std::to_string(user.user_id),
        soci::into(audited);
  });
  EXPECT_EQ(audited, 1);

  ASSERT_EQ(
      As(admin_, "PATCH", UserPath(user.user_id), R"({"is_disabled_by_admin": false})").status,
      200);
  Login(server_->client(), "target@example.com", "Target-Pass-123");

  auto self = As(admin_, "PATCH", UserPath(admin_.user_id), R"({"is_disabled_by_admin": true})");
  EXPECT_EQ(self.status, 400);
  EXPECT_TRUE(self.Json().at("errors").as_object().contains("is_disabled_by_admin"));
}

TEST_P(AdminTest, AppLimitOverrideRaisesAndLowersTheLimit) {
  auto user = CreateUser(*server_, "limits@example.com");
  auto patch = [&](const std::string& body) {
    return As(admin_, "PATCH", UserPath(user.user_id), body);
  };
  ASSERT_EQ(patch(R"({"app_limit_override": 5})").status, 200);
  EXPECT_EQ(As(user, "GET", "/api/v1/auth/me").Json().at("app_limit"), 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        As(user, "POST", "/api/v1/apps", JsonString({{"name", "a" + std::to_string(i)}})).status,
        201);
  }
  ASSERT_EQ(patch(R"({"app_limit_override": 1})").status, 200);
  auto blocked = As(user, "POST", "/api/v1/apps", R"({"name":"x"})");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.Json().at("limit"), 1);
  auto cleared = patch(R"({"app_limit_override": null})");
  EXPECT_TRUE(cleared.Json().at("app_limit_override").is_null());
  EXPECT_EQ(cleared.Json().at("app_limit"), 3);
  for (std::string bad : {R"({"app_limit_override": -1})", R"({"app_limit_override": "5"})",
                          R"({"app_limit_override": 2147483648})", R"({"app_limit_override": 1.5})",
                          R"({"is_disabled_by_admin": "yes"})"}) {
    auto r = patch(bad);
    EXPECT_EQ(r.status, 400) << bad;
  }
  EXPECT_EQ(patch(R"({"app_limit_override": 2147483647})").status, 200);
}

TEST_P(AdminTest, CancelSubscriptionCallsStripe) {
  auto user = CreateUser(*server_, "sub@example.com");
  auto none = As(admin_, "POST", UserPath(user.user_id, "/cancel-subscription"),
                 R"({"immediately": false})");
  EXPECT_EQ(none.status, 404);
  stripe_.PutSubscription(
      FakeStripe::MakeSubscription("sub_adm", "cus_adm", "price_pro_m", "active"));
  ExecSql(*server_,
          "UPDATE users SET stripe_customer_id = 'cus_adm', user_type = 'pro' WHERE id = " +
              std::to_string(user.user_id));
  ExecSql(
      *server_,
      "INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, plan_id, "
      "price_id, status, cancel_at_period_end, stripe_created, created_at, updated_at) VALUES (" +
          std::to_string(user.user_id) +
          ", 'sub_adm', 'cus_adm', 'pro_monthly', 'price_pro_m', 'active', 0, 1, 1, 1)");

  auto later = As(admin_, "POST", UserPath(user.user_id, "/cancel-subscription"),
                  R"({"immediately": false})");
  ASSERT_EQ(later.status, 200) << later.body;
  EXPECT_EQ(later.Json().at("cancel_at_period_end"), true);
  auto request = stripe_.Requests().back();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/v1/subscriptions/sub_adm");
  EXPECT_EQ(request.Form("cancel_at_period_end"), "true");
  EXPECT_FALSE(request.headers.at("idempotency-key").empty());

  auto now = As(admin_, "POST", UserPath(user.user_id, "/cancel-subscription"),
                R"({"immediately": true})");
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(now.Json().at("status"), "canceled");
  EXPECT_EQ(stripe_.Requests().back().method, "DELETE");
  EXPECT_EQ(As(user, "GET", "/api/v1/auth/me").Json().at("user_type"), "basic");
  EXPECT_EQ(As(admin_, "POST", UserPath(user.user_id, "/cancel-subscription"), "{}").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, AdminTest, kEngines, EngineName);

// The listing stays index-backed at 100,000 users: the planner uses the trigram index for search
// (the query shape of admin_repo.cpp's PageIds), and every other filter and ordering finds the
// page's ids by an index-only scan of an index of migration 0013, so that OFFSET skips index
// entries, not rows; their counts are the ledger's (migration 0014). (Speed itself is measured by
// make bench-scale.)
TEST(AdminScaleTest, ListingIsIndexBackedAt100kUsers) {
  TestDatabase db(Engine::kPostgres);
  TestServer server(db, {{"RATE_LIMIT_ENABLED", "false"}});
  ExecSql(
      server,
      "INSERT INTO users (email, password_hash, user_type, is_verified, date_joined, last_login, "
      "updated_at) "
      "SELECT 'user' || g || '@example' || (g % 97) || '.com', 'x', "
      "CASE WHEN g % 10 = 0 THEN 'pro' ELSE 'basic' END, 1, 1600000000 + g, "
      "CASE WHEN g % 2 = 0 THEN 1700000000 + g END, 1 "
      "FROM generate_series(1, 100000) AS g");
  // As autovacuum would have: statistics, and the visibility map index-only scans rely on (the
  // test cluster commits asynchronously, and VACUUM marks a page all-visible only once the
  // commit is flushed: CHECKPOINT).
  ExecSql(server, "CHECKPOINT");
  ExecSql(server, "VACUUM ANALYZE users");
  auto plan = [&](const std::string& sql) {
    std::string out;
    server.app().database().Run([&](soci::session& s) {
      std::string line;
      soci::statement st = (s.prepare << "EXPLAIN " + sql, soci::into(line));
      st.execute();
      while (st.fetch()) out += line + "\n";
    });
    return out;
  };
  std::string search = plan(
      "SELECT u.id FROM (SELECT u.id, u.email, u.date_joined, u.last_login FROM users u "
      "WHERE u.email LIKE '%user4242%' ESCAPE '\\' OFFSET 0) u "
      "ORDER BY u.date_joined DESC, u.id DESC LIMIT 20 OFFSET 0");
  EXPECT_NE(search.find("users_email_trgm_idx"), std::string::npos) << search;
  // Each filter and ordering, at a deep page: the index that must give the page's ids.
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"ORDER BY u.date_joined DESC, u.id DESC", "users_date_joined_cover_idx"},
      {"WHERE u.is_disabled_by_admin = 0 ORDER BY u.date_joined ASC, u.id ASC",
       "users_date_joined_cover_idx"},
      {"WHERE u.user_type = 'pro' ORDER BY u.date_joined DESC, u.id DESC", "users_type_joined_idx"},
      // 90 % of the users: the planner may as well filter the ordering's index.
      {"WHERE u.user_type = 'basic' AND u.is_verified = 1 ORDER BY u.date_joined ASC, u.id ASC",
       "_idx"},
      {"ORDER BY u.email ASC", "users_email_key"},
      {"WHERE u.user_type = 'basic' ORDER BY u.email DESC", "users_email_key"},
      {"ORDER BY u.last_login ASC NULLS LAST, u.id ASC", "users_last_login_cover_idx"},
      {"WHERE u.is_verified = 1 ORDER BY u.last_login DESC NULLS LAST, u.id DESC",
       "users_last_login_desc_idx"},
  };
  for (const auto& [rest, index] : pages) {
    std::string p = plan("SELECT u.id FROM users u " + rest + " LIMIT 20 OFFSET 4000");
    EXPECT_NE(p.find("Index Only Scan"), std::string::npos) << rest << "\n" << p;
    EXPECT_NE(p.find(index), std::string::npos) << rest << "\n" << p;
    EXPECT_EQ(p.find("Sort"), std::string::npos) << rest << "\n" << p;
  }
  // A next or previous link's page (admin_repo.cpp Reads) seeks its start in the same indexes:
  // the row-value comparison is an index condition, so nothing before the page is read at all.
  const std::vector<std::pair<std::string, std::string>> seeks = {
      {"WHERE (u.date_joined, u.id) < (1600050000, 50000) ORDER BY u.date_joined DESC, u.id DESC",
       "users_date_joined_cover_idx"},
      {"WHERE u.user_type = 'pro' AND (u.date_joined, u.id) > (1600050000, 50000) "
       "ORDER BY u.date_joined ASC, u.id ASC",
       "users_type_joined_idx"},
      {"WHERE u.email > 'user5@example5.com' ORDER BY u.email ASC", "users_email_key"},
      {"WHERE u.email < 'user5@example5.com' ORDER BY u.email DESC", "users_email_key"},
      {"WHERE u.last_login IS NOT NULL AND (u.last_login, u.id) < (1700050000, 50000) "
       "ORDER BY u.last_login DESC, u.id DESC",
       "users_last_login"},
      {"WHERE u.last_login IS NULL AND u.id > 50001 ORDER BY u.last_login ASC, u.id ASC",
       "users_last_login"},
      {"WHERE u.last_login IS NULL AND u.id < 50001 ORDER BY u.last_login DESC, u.id DESC",
       "users_last_login"},
  };
  for (const auto& [rest, index] : seeks) {
    std::string p = plan("SELECT u.id FROM users u " + rest + " LIMIT 21 OFFSET 0");
    EXPECT_NE(p.find("Index Cond"), std::string::npos) << rest << "\n" << p;
    EXPECT_NE(p.find(index), std::string::npos) << rest << "\n" << p;
    EXPECT_EQ(p.find("Sort"), std::string::npos) << rest << "\n" << p;
  }
  // A wide search near its start walks a budget of rows in order and tests each, never the
  // trigram index (which would read every match to sort them).
  std::string walk = plan(
      "SELECT u.id FROM (SELECT u.id, u.email, u.date_joined, u.last_login FROM users u "
      "ORDER BY u.date_joined DESC, u.id DESC LIMIT 1000) u WHERE strpos(u.email, 'user1') > 0 "
      "ORDER BY u.date_joined DESC, u.id DESC LIMIT 21 OFFSET 0");
  EXPECT_NE(walk.find("users_date_joined_cover_idx"), std::string::npos) << walk;
  EXPECT_EQ(walk.find("Seq Scan"), std::string::npos) << walk;
  EXPECT_EQ(walk.find("trgm"), std::string::npos) << walk;
  // The app count is computed for the page's rows only: the subquery runs above the LIMIT.
  std::string list = plan(
      "SELECT u.id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id) FROM (SELECT u.id "
      "FROM users u ORDER BY u.email ASC LIMIT 20 OFFSET 50000) p JOIN users u ON u.id = p.id "
      "ORDER BY u.email ASC");
  EXPECT_EQ(list.find("Seq Scan on users"), std::string::npos) << list;
  auto staff = CreateUser(server, "boss@example.com");
  ExecSql(server, "UPDATE users SET is_staff = 1 WHERE id = " + std::to_string(staff.user_id));
  auto r = server.client().Get("/api/v1/admin/users?search=user42424%40&page_size=5",
                               BearerHeaders(staff.access));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json().at("count"), 1);
  // A wide search (11 % of the users) whose matches lie far down the order (80,000 newer users
  // do not match): the walk's budget runs out and the page is read from the matches. The newest
  // matches first, exact count.
  auto wide = server.client().Get("/api/v1/admin/users?search=USER1&page_size=2",
                                  BearerHeaders(staff.access));
  ASSERT_EQ(wide.status, 200) << wide.body;
  EXPECT_EQ(wide.Json().at("count"), 11112);  // user1, user10-19, ... user19999, user100000
  EXPECT_EQ(wide.Json().at("results").at(0).at("email"), "user100000@example90.com");
  EXPECT_EQ(wide.Json().at("results").at(1).at("email"), "user19999@example17.com");
  // Counts without a search come from the ledger the bulk insert above added to (migration 0014).
  auto pro = server.client().Get("/api/v1/admin/users?user_type=pro&page_size=5",
                                 BearerHeaders(staff.access));
  ASSERT_EQ(pro.status, 200);
  EXPECT_EQ(pro.Json().at("count"), 10000);
}

// A wide search's walk (PostgreSQL) tests the first 1,000 users in date order. Here it finds just
// a page of matches there, and the rest lie past it: the page must still link on to them, which
// only reading the matches can tell.
TEST(AdminWalkTest, AWalkThatFindsOnlyAPageStillLinksToTheMatchesPastItsBudget) {
  TestDatabase db(Engine::kPostgres);
  TestServer server(db, {{"RATE_LIMIT_ENABLED", "false"}});
  ExecSql(server,
          "INSERT INTO users (email, password_hash, date_joined, updated_at) "
          "SELECT CASE WHEN g > 1498 OR g <= 200 THEN 'match' ELSE 'other' END || g || "
          "'@example.com', 'x', 1600000000 + g, 1 FROM generate_series(1, 1500) AS g");
  auto staff = CreateUser(server, "boss@example.com");
  ExecSql(server, "UPDATE users SET is_staff = 1, date_joined = 1 WHERE id = " +
                      std::to_string(staff.user_id));
  auto r = server.client().Get("/api/v1/admin/users?search=match&page_size=2",
                               BearerHeaders(staff.access));
  ASSERT_EQ(r.status, 200) << r.body;
  auto page = r.Json().as_object();
  EXPECT_EQ(page["count"], 202);
  ASSERT_EQ(page["results"].as_array().size(), 2u);
  EXPECT_EQ(page["results"].at(0).at("email"), "match1500@example.com");
  EXPECT_EQ(page["results"].at(1).at("email"), "match1499@example.com");
  ASSERT_TRUE(page["next"].is_string()) << r.body;
  std::string next(page["next"].as_string());
  auto second =
      server.client().Get(next.substr(next.find("/api/v1/")), BearerHeaders(staff.access));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json().at("results").at(0).at("email"), "match200@example.com");
  EXPECT_EQ(second.Json().at("results").at(1).at("email"), "match199@example.com");
}

}  // namespace
}  // namespace plangate::test
