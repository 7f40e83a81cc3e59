// Hostile input against every route: each answer is a 4xx in the contract's shape (or a success
// the route allows, or a closed connection), never a 500, a crash or a hang.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "support/auth_helpers.h"
#include "support/fake_stripe.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

class HostileTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    // Billing configured (against the fake Stripe), so its routes parse their input too.
    server_ = std::make_unique<TestServer>(
        db_, app::Env{{"RATE_LIMIT_ENABLED", "false"},
                      {"STRIPE_SECRET_KEY", FakeStripe::kSecretKey},
                      {"STRIPE_API_BASE", stripe_.base_url()},
                      {"STRIPE_WEBHOOK_SECRET", "whsec_hostile"},
                      {"STRIPE_PRICE_IDS", "pro_monthly=price_pro_m"}});
    user_ = CreateUser(*server_, "hostile@example.com");
  }

  // A path for the route's pattern with every {param} set to `id`.
  static std::string Fill(const std::string& pattern, const std::string& id) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] == '{') {
        out += id;
        i = pattern.find('}', i);
      } else {
        out += pattern[i];
      }
    }
    return out;
  }

  void ExpectSane(const HttpResponse& r, const std::string& what) {
    EXPECT_LT(r.status, 500) << what << ": " << r.body.substr(0, 200);
    if (r.status >= 400) {
      try {
        auto body = r.Json().as_object();
        EXPECT_TRUE(body["code"].is_string()) << what;
        EXPECT_TRUE(body["detail"].is_string()) << what;
      } catch (const std::exception&) {
        ADD_FAILURE() << what << ": error body is not JSON: " << r.body.substr(0, 200);
      }
    }
  }

  FakeStripe stripe_;
  TestDatabase db_{GetParam()};
  std::unique_ptr<TestServer> server_;
  LoggedIn user_;
};

TEST_P(HostileTest, EveryRouteSurvivesHostileBodies) {
  std::string deep = std::string(10000, '[') + std::string(10000, ']');
  std::string big(100 * 1024, 'x');
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"malformed", "{\"name\": "},
      {"deep nesting", "{\"a\":" + deep + "}"},
      {"array for object", "[1,2,3]"},
      {"huge number", R"({"name": 1e400, "email": 99999999999999999999999, "all": 1e400})"},
      {"wrong types",
       R"({"name": {}, "email": [], "password": true, "role": 5, "plan_id": null, "all": "yes", "token": 1, "code": 123456, "mfa_token": [], "recovery_code": {}, "mfa_enabled": "no"})"},
      {"nulls",
       R"({"name": null, "email": null, "password": null, "token": null, "role": null, "code": null, "mfa_token": null, "recovery_code": null, "mfa_enabled": null})"},
      {"invalid utf-8", "{\"name\": \"\xff\xfe\xc3\", \"email\": \"\xc0\xaf@example.com\"}"},
      {"nul bytes",
       R"({"name": "a\u0000b", "email": "a\u0000@example.com", "password": "pw\u0000pw"})"},
      {"100 KB strings",
       "{\"name\": \"" + big + "\", \"email\": \"" + big + "@x.com\", \"password\": \"" + big +
           "\", \"token\": \"" + big + "\", \"description\": \"" + big + "\", \"code\": \"" + big +
           "\", \"mfa_token\": \"" + big + "\", \"recovery_code\": \"" + big + "\"}"},
      {"unknown fields", R"({"is_staff": true, "user_type": "pro", "owner_id": 1, "id": 7})"},
      {"v1.1 account fields",
       "{\"new_email\": \"" + big + "@x.com\", \"password\": [], \"token\": {}}"},
      {"v1.1 account nulls", R"({"new_email": null, "password": null, "token": null})"},
      {"v1.1 account invalid utf-8",
       "{\"new_email\": \"\xc0\xaf@example.com\", \"password\": \"\xff\", \"token\": \"\xfe\"}"},
      {"hostile codes",
       R"({"password": "x", "code": "1e6\u0000", "mfa_token": "\u202e..", "recovery_code": "----------------------------------------------------------------"})"},
  };
  Headers auth = BearerHeaders(user_.access);
  auth.emplace_back("Content-Type", "application/json");
  for (const auto& route : server_->app().router().routes()) {
    const std::string method(http::MethodName(route.method));
    const std::string path = Fill(route.pattern, "1");
    for (const auto& [name, body] : bodies) {
      auto r = server_->client().Send(method, path, body, auth);
      ExpectSane(r, method + " " + route.pattern + " with " + name);
    }
  }
  // Nothing was created or escalated by all that.
  auto me =
      server_->client().Get("/api/v1/auth/me", BearerHeaders(user_.access)).Json().as_object();
  EXPECT_EQ(me["is_staff"], false);
  EXPECT_EQ(me["user_type"], "basic");
}

TEST_P(HostileTest, PathIdsThatAreNotPositive64BitIntegersAre404) {
  Headers auth = BearerHeaders(user_.access);
  for (const auto& route : server_->app().router().routes()) {
    if (route.pattern.find('{') == std::string::npos) continue;
    for (std::string id : {"-1", "0", "99999999999999999999", "abc", "1e3", "%00", "1;2"}) {
      auto r = server_->client().Send(std::string(http::MethodName(route.method)),
                                      Fill(route.pattern, id), "{}", auth);
      EXPECT_EQ(r.status, 404) << route.pattern << " with id " << id;
    }
  }
}

// Beast passes a fragment through in the request-target; Boost.URL 1.81 read past the end of an
// empty query before one ("?#") and echoed stack memory into the page links, or crashed.
TEST_P(HostileTest, QueryStringsWithAFragmentAreReadSafely) {
  Headers auth = BearerHeaders(user_.access);
  for (std::string query : {"?#", "?#x", "?#page=2", "?page_size=1#"}) {
    auto r = server_->client().Get("/api/v1/apps" + query, auth);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body.substr(0, 200);
    auto page = r.Json().as_object();
    EXPECT_EQ(page["count"], 0) << query;
    EXPECT_TRUE(page["next"].is_null()) << query;
  }
  EXPECT_EQ(server_->client().Get("/healthz").status, 200);
}

TEST_P(HostileTest, MalformedHttpIsRefusedOrClosed) {
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"CL + TE (smuggling)",
       "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
       "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n"},
      {"two different Content-Lengths",
       "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: "
       "5\r\n\r\n{}"},
      {"bad chunk size",
       "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
       "chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"},
      {"negative Content-Length",
       "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"},
      {"NUL in header", std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 44)},
      {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
      {"bare LF garbage", "\n\n\n\n"},
  };
  for (const auto& [name, raw] : requests) {
    RawConnection conn(server_->port());
    conn.Write(raw);
    auto r = conn.ReadResponse(5s);
    if (r) {
      EXPECT_GE(r->status, 400) << name;
      EXPECT_LT(r->status, 500) << name;
    } else {
      EXPECT_TRUE(conn.WaitClosed(5s)) << name << ": neither answered nor closed";
    }
  }
  // The server is still fine.
  EXPECT_EQ(server_->client().Get("/healthz").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, HostileTest, kEngines, EngineName);

}  // namespace
}  // namespace plangate::test
