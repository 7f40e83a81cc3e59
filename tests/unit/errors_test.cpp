#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <set>

#include "http/errors.h"
#include "http/json_body.h"
#include "ops/openapi.h"

namespace plangate::http {
namespace {

boost::json::object BodyOf(const Response& r) { return boost::json::parse(r.body).as_object(); }

TEST(ErrorsTest, RendersCodeDetailAndExtraFields) {
  Response r = RenderError(ApiError(core::errors::kAppLimitReached, "Limit reached.",
                                    {{"limit", 3}, {"current", 3}, {"code", "HIJACK"}}));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  auto body = BodyOf(r);
  EXPECT_EQ(body["code"], "APP_LIMIT_REACHED");
  EXPECT_EQ(body["detail"], "Limit reached.");
  EXPECT_EQ(body["limit"], 3);
  EXPECT_EQ(body["current"], 3);
}

TEST(ErrorsTest, ValidationErrorListsMessagesPerField) {
  Response r = RenderError(ApiError::ValidationField("email", "Enter a valid email address."));
  EXPECT_EQ(r.status, 400);
  auto body = BodyOf(r);
  EXPECT_EQ(body["code"], "VALIDATION_ERROR");
  EXPECT_EQ(body["detail"], "Invalid input.");
  EXPECT_EQ(body["errors"].at("email").at(0), "Enter a valid email address.");
}

TEST(ErrorsTest, HeadersAreCarried) {
  Response r = RenderError(
      ApiError(core::errors::kRateLimited, "Slow down.").WithHeader("Retry-After", "7"));
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Retry-After");
  EXPECT_EQ(r.headers[0].second, "7");
}

Request JsonRequest(std::string body, std::string_view content_type = "application/json") {
  Request r;
  r.body = std::move(body);
  r.headers.push_back({"Content-Type", content_type});
  return r;
}

TEST(JsonBodyTest, ParsesObjects) {
  auto obj = ParseJsonObject(JsonRequest(R"({"email":"a@b.c","n":1})"));
  EXPECT_EQ(obj["email"], "a@b.c");
  auto with_charset = ParseJsonObject(JsonRequest("{}", "application/json; charset=utf-8"));
  EXPECT_TRUE(with_charset.empty());
  EXPECT_TRUE(ParseJsonObject(JsonRequest("{}", "Application/Merge-Patch+JSON")).empty());
}

TEST(JsonBodyTest, InvalidJsonIsBadRequest) {
  for (std::string body : {"{", "not json", "{\"a\":}", "{\"a\":1}x", "\xff\xfe"}) {
    try {
      ParseJsonObject(JsonRequest(body));
      ADD_FAILURE() << "accepted " << body;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status(), 400);
      EXPECT_EQ(e.code(), "BAD_REQUEST");
    }
  }
}

TEST(JsonBodyTest, NonObjectIsBadRequest) {
  for (std::string body : {"[]", "1", "\"s\"", "null", "true"}) {
    try {
      ParseJsonObject(JsonRequest(body));
      ADD_FAILURE() << "accepted " << body;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.code(), "BAD_REQUEST");
    }
  }
}

TEST(JsonBodyTest, DeepNestingIsBadRequestNotACrash) {
  std::string deep = "{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  try {
    ParseJsonObject(JsonRequest(deep));
    ADD_FAILURE() << "accepted 10000 levels";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), "BAD_REQUEST");
  }
}

TEST(JsonBodyTest, NonJsonContentTypeIsUnsupported) {
  for (std::string_view ct : {"text/plain", "application/x-www-form-urlencoded",
                              "multipart/form-data; boundary=x", "application/jsonx"}) {
    try {
      ParseJsonObject(JsonRequest("{}", ct));
      ADD_FAILURE() << "accepted " << ct;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status(), 415);
      EXPECT_EQ(e.code(), "UNSUPPORTED_MEDIA_TYPE");
    }
  }
  Request no_type;
  no_type.body = "{}";
  EXPECT_THROW(ParseJsonObject(no_type), ApiError);
}

}  // namespace
}  // namespace plangate::http

namespace plangate::ops {
namespace {

TEST(ErrorCatalogueTest, EachCodeIsListedOnceWithAnErrorStatus) {
  std::set<std::string_view> seen;
  for (const core::ErrorCode& e : core::kErrorCatalogue) {
    EXPECT_TRUE(seen.insert(e.code).second) << e.code;
    EXPECT_GE(e.status, 400) << e.code;
    EXPECT_LT(e.status, 600) << e.code;
    EXPECT_EQ(core::FindErrorCode(e.code), &e) << e.code;
  }
  EXPECT_EQ(core::FindErrorCode("NO_SUCH_CODE"), nullptr);
}

http::Route DocumentedRoute(int status, std::string code) {
  http::Route r;
  r.method = http::Method::kGet;
  r.pattern = "/x";
  r.handler = [](http::Context&) { return http::Response::NoContent(); };
  r.doc =
      http::RouteDoc{"x", "ops", "", {http::ResponseDoc{status, "d", "Error", {std::move(code)}}}};
  return r;
}

TEST(ErrorCatalogueTest, TheDocumentMayNameOnlyCataloguedCodesUnderTheirStatus) {
  EXPECT_NO_THROW(BuildOpenApi({DocumentedRoute(404, "NOT_FOUND")}, "test"));
  EXPECT_THROW(BuildOpenApi({DocumentedRoute(403, "NOT_FOUND")}, "test"), std::logic_error);
  EXPECT_THROW(BuildOpenApi({DocumentedRoute(404, "NOT_FOND")}, "test"), std::logic_error);
  // The Error schema lists every code of the catalogue.
  const auto& code =
      ComponentSchemas().at("Error").at("properties").at("code").as_object().at("enum").as_array();
  EXPECT_EQ(code.size(), core::kErrorCatalogue.size());
}

}  // namespace
}  // namespace plangate::ops
