// The pure request readers the handlers call, and the query-string bugs the fuzzers found.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "admin/requests.h"
#include "apps/requests.h"
#include "billing/requests.h"
#include "core/crypto.h"
#include "http/errors.h"
#include "http/pagination.h"

namespace plangate {
namespace {

// A GET of `target`, with path and query split as the server splits them.
struct GetRequest {
  explicit GetRequest(std::string t) : target(std::move(t)) {
    request.target = target;
    auto q = request.target.find('?');
    request.path = request.target.substr(0, q);
    request.query = q == std::string_view::npos ? std::string_view() : request.target.substr(q + 1);
    request.headers.push_back({"Host", "api.example.com"});
  }
  std::string target;
  http::Request request;
};

http::Request JsonRequest(std::string body) {
  http::Request r;
  r.method = http::Method::kPost;
  r.body = std::move(body);
  r.headers.push_back({"Content-Type", "application/json"});
  return r;
}

boost::json::object ErrorsOf(const http::ApiError& e) { return e.extra().at("errors").as_object(); }

// Boost.URL 1.81 overflows the stack iterating the params of "?#"; Beast passes such a target on.
TEST(QueryStringTest, EmptyQueryBeforeAFragmentIsNoCrash) {
  for (std::string target : {"/api/v1/apps?#", "/api/v1/apps?#x", "/api/v1/apps?#page=2"}) {
    GetRequest get(target);
    EXPECT_FALSE(http::QueryParam(get.request, "page")) << target;
    auto page = http::ParsePageRequest(get.request);
    EXPECT_EQ(page.page, 1) << target;
    auto body = http::PageJson(get.request, page, 50, {});
    EXPECT_EQ(body.at("next"), "http://api.example.com/api/v1/apps?page=2") << target;
  }
  GetRequest with_fragment("/api/v1/apps?page=2&page_size=5#top");
  EXPECT_EQ(http::ParsePageRequest(with_fragment.request).page, 2);
}

// A link must carry the other parameters so that following it reads them back unchanged.
TEST(QueryStringTest, PageLinksKeepPlusSignsAndBrackets) {
  GetRequest get("/api/v1/admin/users?search=jane%2Btest%40x.com&q=a+b&tag%5B%5D=1&page_size=2");
  auto page = http::ParsePageRequest(get.request);
  auto next = http::PageJson(get.request, page, 10, {}).at("next").as_string();
  EXPECT_EQ(next,
            "http://api.example.com/api/v1/admin/users?search=jane%2Btest@x.com&q=a%20b&"
            "tag%5B%5D=1&page_size=2&page=2");

  GetRequest follow(std::string(next.subview(std::string_view("http://api.example.com").size())));
  EXPECT_EQ(http::QueryParam(follow.request, "search"), "jane+test@x.com");
  EXPECT_EQ(http::QueryParam(follow.request, "q"), "a b");
  EXPECT_EQ(http::ParsePageRequest(follow.request).page, 2);
  EXPECT_EQ(http::ParsePageRequest(follow.request).page_size, 2);
}

TEST(AdminRequestsTest, ListUsersFiltersAndPage) {
  GetRequest get(
      "/api/v1/admin/users?search=%20Jane%40X.com%20&user_type=pro&is_disabled=0&"
      "ordering=-email&page=3&page_size=10");
  auto in = admin::ReadListUsersRequest(get.request);
  EXPECT_EQ(in.query.search, "jane@x.com");
  EXPECT_EQ(in.query.user_type, "pro");
  EXPECT_EQ(in.query.is_disabled, false);
  EXPECT_EQ(in.query.order, admin::repo::OrderField::kEmail);
  EXPECT_TRUE(in.query.descending);
  EXPECT_EQ(in.query.limit, 10);
  EXPECT_EQ(in.query.offset, 20);
}

TEST(CursorTest, RoundTripsEveryKindOfKeyAndRefusesAnythingElse) {
  for (http::CursorKey key : {http::CursorKey{}, http::CursorKey{std::int64_t{-5}},
                              http::CursorKey{std::string("a|b@ex\xc3\xa4mple.com")}}) {
    http::PageCursor c{7, true, "-last_login", key, 42};
    auto back = http::DecodeCursor(http::EncodeCursor(c));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->page, 7);
    EXPECT_TRUE(back->before);
    EXPECT_EQ(back->ordering, "-last_login");
    EXPECT_EQ(back->key, key);
    EXPECT_EQ(back->id, 42);
  }
  auto encoded = [](std::string_view text) { return core::Base64UrlEncode(text); };
  for (std::string bad :
       {std::string(""), std::string("not base64!"), encoded("2|a|1|1|email|sx"),
        encoded("1|c|1|1|email|sx"), encoded("1|a|0|1|email|sx"), encoded("1|a|1|0|email|sx"),
        encoded("1|a|1|1||sx"), encoded("1|a|1|1|email|"), encoded("1|a|1|1|email|x1"),
        encoded("1|a|1|1|date_joined|i1x"), encoded("1|a|1|1|date_joined|i"),
        encoded("1|a|1|1|last_login|nx"), encoded("1|a|1|1|email|s\xff"),
        encoded("1|a|1|1|email|s\x01"), encoded("1|a|99999999999999999999|1|email|sx"),
        std::string(2000, 'A')}) {
    EXPECT_FALSE(http::DecodeCursor(bad)) << bad;
  }
}

TEST(AdminRequestsTest, ACursorPlacesThePageInItsOwnOrderingOnly) {
  auto cursor = http::EncodeCursor(http::PageCursor{9, false, "email", std::string("b@x.com"), 3});
  GetRequest get("/api/v1/admin/users?ordering=email&page=2&cursor=" + cursor);
  auto in = admin::ReadListUsersRequest(get.request);
  EXPECT_EQ(in.page.page, 9) << "the cursor's page number, not page=";
  ASSERT_TRUE(in.query.position);
  EXPECT_EQ(in.query.position->key, (admin::repo::Position{std::string("b@x.com"), 3}.key));
  EXPECT_EQ(in.query.position->id, 3);
  EXPECT_EQ(in.query.offset, 0);
  for (std::string other : {"ordering=-email", "", "ordering=date_joined"}) {
    GetRequest wrong("/api/v1/admin/users?" + other + "&cursor=" + cursor);
    try {
      admin::ReadListUsersRequest(wrong.request);
      ADD_FAILURE() << other;
    } catch (const http::ApiError& e) {
      EXPECT_TRUE(ErrorsOf(e).contains("cursor")) << other;
    }
  }
  // A key of the wrong kind for the ordering named in the cursor.
  auto mismatched = http::EncodeCursor(http::PageCursor{2, false, "date_joined", {}, 3});
  GetRequest wrong_key("/api/v1/admin/users?ordering=date_joined&cursor=" + mismatched);
  EXPECT_THROW(admin::ReadListUsersRequest(wrong_key.request), http::ApiError);
  GetRequest not_utf8("/api/v1/admin/users?search=%FF");
  try {
    admin::ReadListUsersRequest(not_utf8.request);
    ADD_FAILURE();
  } catch (const http::ApiError& e) {
    EXPECT_TRUE(ErrorsOf(e).contains("search"));
  }
}

// 11 % of 1,000,000 users match: page 1 expects to test about 190 rows (budget: at least 1,000)
// where the trigram index would read 110,000 matches; the 2,778th page by number would test half
// the table, so it reads the matches.
TEST(AdminListPlanTest, AWideSearchWalksTheOrderingOnlyNearItsStart) {
  EXPECT_EQ(admin::repo::WalkBudget(110000, 1000000, 0, 21), 1000);
  EXPECT_EQ(admin::repo::WalkBudget(110000, 1000000, 2000, 21), 73490);  // 4 * 2021 * 1e6 / 110000
  EXPECT_EQ(admin::repo::WalkBudget(110000, 1000000, 55540, 21), 0);
  EXPECT_EQ(admin::repo::WalkBudget(50, 1000000, 0, 21), 0) << "a narrow search";
  EXPECT_EQ(admin::repo::WalkBudget(0, 1000000, 0, 21), 0);
  EXPECT_EQ(admin::repo::WalkBudget(110000, 1000000, INT64_MAX / 2, 101), 0) << "no overflow";
}

TEST(AdminRequestsTest, AppLimitOverrideBounds) {
  auto limit = [](std::string value) {
    return admin::ReadUpdateUserRequest(JsonRequest(R"({"app_limit_override":)" + value + "}"));
  };
  EXPECT_EQ(limit("2147483647").app_limit_override, 2147483647);
  EXPECT_TRUE(limit("null").set_override);
  EXPECT_FALSE(limit("null").app_limit_override);
  for (std::string bad : {"2147483648", "-1", "1.5", "\"3\"", "18446744073709551615"}) {
    try {
      limit(bad);
      ADD_FAILURE() << bad;
    } catch (const http::ApiError& e) {
      EXPECT_EQ(ErrorsOf(e).at("app_limit_override").at(0),
                "Must be null or an integer between 0 and 2147483647.")
          << bad;
    }
  }
}

TEST(AppsRequestsTest, OwnerIsNotAssignable) {
  try {
    apps::ReadAddCollaboratorRequest(JsonRequest(R"({"email":"B@X.com","role":"owner"})"));
    FAIL();
  } catch (const http::ApiError& e) {
    EXPECT_EQ(ErrorsOf(e).at("role").at(0),
              "\"owner\" is not a valid choice: use editor or viewer.");
  }
  auto in = apps::ReadAddCollaboratorRequest(JsonRequest(R"({"email":"B@X.com","role":"editor"})"));
  EXPECT_EQ(in.email, "b@x.com");
  EXPECT_EQ(in.role, apps::Role::kEditor);
}

TEST(StripeEventTest, FindsTheSubscriptionWhereverTheEventTypeKeepsIt) {
  auto sub = billing::ReadStripeEvent(
      R"({"id":"evt_1","type":"customer.subscription.updated",
          "data":{"object":{"id":"sub_1","customer":"cus_1","metadata":{"user_id":"42"}}}})");
  EXPECT_EQ(sub.id, "evt_1");
  EXPECT_EQ(sub.subscription_id, "sub_1");
  EXPECT_EQ(sub.customer, "cus_1");
  EXPECT_EQ(sub.user_id_hint, 42);

  auto checkout = billing::ReadStripeEvent(
      R"({"id":"evt_2","type":"checkout.session.completed","data":{"object":
          {"id":"cs_1","customer":{"id":"cus_2"},"client_reference_id":"7","subscription":"sub_2"}}})");
  EXPECT_EQ(checkout.subscription_id, "sub_2");
  EXPECT_EQ(checkout.customer, "cus_2");
  EXPECT_EQ(checkout.user_id_hint, 7);

  auto invoice = billing::ReadStripeEvent(
      R"({"id":"evt_3","type":"invoice.paid","data":{"object":{"id":"in_1",
          "parent":{"subscription_details":{"subscription":"sub_3"}},
          "metadata":{"user_id":"-4"}}}})");
  EXPECT_EQ(invoice.subscription_id, "sub_3");
  EXPECT_FALSE(invoice.customer);
  EXPECT_FALSE(invoice.user_id_hint);
}

TEST(StripeEventTest, AnythingElseIsBadRequest) {
  for (std::string body : {"", "[]", "{\"id\":\"evt\",\"type\":\"x\"}",
                           R"({"id":"evt","type":"x","data":{"object":[]}})",
                           R"({"id":1,"type":"x","data":{"object":{}}})"}) {
    try {
      billing::ReadStripeEvent(body);
      ADD_FAILURE() << body;
    } catch (const http::ApiError& e) {
      EXPECT_EQ(e.status(), 400) << body;
      EXPECT_EQ(e.detail(), "Not a Stripe event.") << body;
    }
  }
}

}  // namespace
}  // namespace plangate
