#include "http/router.h"

#include <gtest/gtest.h>

#include <regex>

namespace plangate::http {
namespace {

Route MakeRoute(Method m, std::string pattern) {
  Route r;
  r.method = m;
  r.pattern = std::move(pattern);
  r.handler = [](Context&) { return Response::NoContent(); };
  return r;
}

Router TestRouter() {
  return Router({MakeRoute(Method::kGet, "/api/v1/apps"), MakeRoute(Method::kPost, "/api/v1/apps"),
                 MakeRoute(Method::kGet, "/api/v1/apps/{id}"),
                 MakeRoute(Method::kPatch, "/api/v1/apps/{id}"),
                 MakeRoute(Method::kDelete, "/api/v1/apps/{id}/collaborators/{user_id}"),
                 MakeRoute(Method::kGet, "/healthz")});
}

TEST(RouterTest, MatchesLiteralRoutesWithAndWithoutTrailingSlash) {
  Router router = TestRouter();
  for (auto path : {"/api/v1/apps", "/api/v1/apps/"}) {
    RouteMatch m = router.Match(Method::kPost, path);
    ASSERT_EQ(m.kind, RouteMatch::Kind::kFound) << path;
    EXPECT_EQ(m.route->method, Method::kPost);
    EXPECT_EQ(m.route->pattern, "/api/v1/apps");
  }
}

TEST(RouterTest, ExtractsTypedParameters) {
  Router router = TestRouter();
  RouteMatch m =
      router.Match(Method::kDelete, "/api/v1/apps/42/collaborators/9223372036854775807/");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[0].name, "id");
  EXPECT_EQ(m.params[0].value, 42);
  EXPECT_EQ(m.params[1].name, "user_id");
  EXPECT_EQ(m.params[1].value, 9223372036854775807LL);
}

TEST(RouterTest, NonPositiveOrMalformedIdsAreNotFound) {
  Router router = TestRouter();
  for (auto path : {"/api/v1/apps/0", "/api/v1/apps/-1", "/api/v1/apps/abc", "/api/v1/apps/01",
                    "/api/v1/apps/9223372036854775808", "/api/v1/apps/1.5", "/api/v1/apps/%31",
                    "/api/v1/apps/+1", "/api/v1/apps/ 1"}) {
    EXPECT_EQ(router.Match(Method::kGet, path).kind, RouteMatch::Kind::kNotFound) << path;
  }
}

TEST(RouterTest, UnknownPathsAreNotFound) {
  Router router = TestRouter();
  for (auto path : {"/", "", "api/v1/apps", "/api/v1/app", "/api/v1/apps/1/extra", "/api//v1/apps",
                    "/api/v1/apps//", "/healthz/x", "/HEALTHZ"}) {
    EXPECT_EQ(router.Match(Method::kGet, path).kind, RouteMatch::Kind::kNotFound) << path;
  }
}

TEST(RouterTest, KnownPathWithWrongMethodListsAllowedMethods) {
  Router router = TestRouter();
  RouteMatch m = router.Match(Method::kPut, "/api/v1/apps/7");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, PATCH, OPTIONS");
  EXPECT_EQ(m.route, nullptr);
}

TEST(RouterTest, RejectsDuplicateRoutes) {
  EXPECT_THROW(Router({MakeRoute(Method::kGet, "/a"), MakeRoute(Method::kGet, "/a/")}),
               std::invalid_argument);
}

TEST(RouterTest, SlugParametersMatchOnlyLowercaseLettersAndDigits) {
  Router router({MakeRoute(Method::kGet, "/oidc/{name:slug}/start")});
  RouteMatch m = router.Match(Method::kGet, "/oidc/google2/start");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].name, "name");
  EXPECT_EQ(m.params[0].text, "google2");
  for (auto path : {"/oidc//start", "/oidc/Google/start", "/oidc/a-b/start", "/oidc/a%2fb/start",
                    "/oidc/a.b/start", "/oidc/x/start/extra"}) {
    EXPECT_EQ(router.Match(Method::kGet, path).kind, RouteMatch::Kind::kNotFound) << path;
  }
  EXPECT_EQ(router.Match(Method::kGet, "/oidc/" + std::string(65, 'a') + "/start").kind,
            RouteMatch::Kind::kNotFound);
  EXPECT_EQ(OpenApiPath("/a/{name:slug}/b/{id}"), "/a/{name}/b/{id}");
  EXPECT_THROW(Router({MakeRoute(Method::kGet, "/a/{x:float}")}), std::invalid_argument);
  // An id and a slug in the same place are one shape: a path like /a/1 would match both.
  EXPECT_THROW(Router({MakeRoute(Method::kGet, "/a/{id}"), MakeRoute(Method::kGet, "/a/{n:slug}")}),
               std::invalid_argument);
  // A literal that a parameter accepts overlaps it; one the parameter refuses does not.
  EXPECT_THROW(Router({MakeRoute(Method::kGet, "/a/{n:slug}"), MakeRoute(Method::kGet, "/a/list")}),
               std::invalid_argument);
  EXPECT_THROW(Router({MakeRoute(Method::kGet, "/a/7"), MakeRoute(Method::kGet, "/a/{id}")}),
               std::invalid_argument);
  EXPECT_NO_THROW(Router({MakeRoute(Method::kGet, "/a/{id}"), MakeRoute(Method::kGet, "/a/list")}));
  EXPECT_NO_THROW(
      Router({MakeRoute(Method::kGet, "/a/{n:slug}"), MakeRoute(Method::kGet, "/a/my-list")}));
}

TEST(RouterTest, IsSlugAgreesWithTheOpenApiPattern) {
  const std::regex pattern{std::string(kSlugPattern)};
  for (const std::string& text :
       {std::string(), std::string("a"), std::string("google2"), std::string("0"), std::string("A"),
        std::string("a-b"), std::string("a_b"), std::string("a b"), std::string("\xc3\xa9"),
        std::string(kMaxSlugLength, 'z'), std::string(kMaxSlugLength + 1, 'z')}) {
    EXPECT_EQ(IsSlug(text), std::regex_match(text, pattern)) << text;
  }
}

TEST(RouterTest, ParsePositiveId) {
  std::int64_t v = 0;
  EXPECT_TRUE(ParsePositiveId("1", &v));
  EXPECT_EQ(v, 1);
  EXPECT_FALSE(ParsePositiveId("", &v));
  EXPECT_FALSE(ParsePositiveId("0", &v));
  EXPECT_FALSE(ParsePositiveId("-5", &v));
  EXPECT_FALSE(ParsePositiveId("99999999999999999999", &v));
}

}  // namespace
}  // namespace plangate::http
