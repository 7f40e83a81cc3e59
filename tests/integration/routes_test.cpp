// The route table itself: documented, protected where it must be, and matching the contract.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "app/composition.h"
#include "ops/openapi.h"

namespace plangate::app {
namespace {

class RoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("plangate-routes-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    Config config = ParseConfig(
        {{"DATABASE_URL", "sqlite:///" + dir_.string() + "/r.db"}, {"JWT_SIGNING_KEY", "k"}});
    app_ = std::make_unique<Application>(config, logging::Logger::StderrSink());
  }
  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<Application> app_;
};

TEST_F(RoutesTest, EveryRouteIsDocumented) {
  EXPECT_TRUE(ops::UndocumentedRoutes(app_->router().routes()).empty())
      << ops::UndocumentedRoutes(app_->router().routes()).front();
}

TEST_F(RoutesTest, AdminRoutesRequireStaffAndApiRoutesOtherThanPublicOnesRequireAUser) {
  const std::set<std::string> public_routes = {"POST /api/v1/auth/register",
                                               "POST /api/v1/auth/verify-email",
                                               "POST /api/v1/auth/resend-verification",
                                               "POST /api/v1/auth/login",
                                               "POST /api/v1/auth/token/refresh",
                                               "POST /api/v1/auth/logout",
                                               "POST /api/v1/auth/password/forgot",
                                               "POST /api/v1/auth/password/reset",
                                               "GET /api/v1/billing/plans",
                                               "POST /api/v1/billing/webhook",
                                               "POST /api/v1/invitations/lookup",
                                               "POST /api/v1/auth/email/change/confirm",
                                               "POST /api/v1/auth/mfa/verify",
                                               "GET /api/v1/auth/oidc/providers",
                                               "GET /api/v1/auth/oidc/{name:slug}/start",
                                               "GET /api/v1/auth/oidc/{name:slug}/callback"};
  for (const auto& r : app_->router().routes()) {
    std::string id = std::string(http::MethodName(r.method)) + " " + r.pattern;
    if (r.pattern.rfind("/api/v1/admin", 0) == 0) {
      EXPECT_EQ(r.auth, http::AuthRequirement::kStaff) << id;
    } else if (r.pattern.rfind("/api/v1/", 0) == 0 && !public_routes.count(id)) {
      EXPECT_NE(r.auth, http::AuthRequirement::kNone) << id << " is unprotected";
    }
    if (r.execution == http::Execution::kInline) {
      EXPECT_EQ(r.auth, http::AuthRequirement::kNone) << id << ": auth needs the database";
    }
  }
}

TEST_F(RoutesTest, SchemaListsEveryRouteOfTheTable) {
  auto doc = boost::json::parse(app_->openapi_json()).as_object();
  auto& paths = doc["paths"].as_object();
  for (const auto& r : app_->router().routes()) {
    std::string method(http::MethodName(r.method));
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string path = http::OpenApiPath(r.pattern);
    ASSERT_TRUE(paths.contains(path)) << r.pattern;
    EXPECT_TRUE(paths[path].as_object().contains(method)) << method << " " << r.pattern;
  }
}

// Generated clients (the web app's) type query parameters from the document: every one a list
// route reads is declared, with its type and the values it accepts.
TEST_F(RoutesTest, SchemaDeclaresTheQueryParametersOfTheLists) {
  auto doc = boost::json::parse(app_->openapi_json()).as_object();
  auto query = [&](const char* path) {
    std::map<std::string, boost::json::object> out;
    for (const auto& p : doc["paths"].at(path).at("get").at("parameters").as_array()) {
      if (p.at("in") == "query") out[std::string(p.at("name").as_string())] = p.as_object();
    }
    return out;
  };
  auto apps = query("/api/v1/apps");
  ASSERT_EQ(apps.size(), 2u);
  EXPECT_EQ(apps["page"]["schema"].at("type"), "integer");
  EXPECT_EQ(apps["page"]["schema"].at("minimum"), 1);
  EXPECT_EQ(apps["page_size"]["schema"].at("maximum"), 100);
  EXPECT_EQ(apps["page_size"]["required"], false);
  auto users = query("/api/v1/admin/users");
  for (const char* name :
       {"search", "user_type", "is_disabled", "is_verified", "ordering", "page", "page_size"}) {
    EXPECT_TRUE(users.contains(name)) << name;
  }
  EXPECT_EQ(users["is_disabled"]["schema"].at("type"), "boolean");
  EXPECT_EQ(users["user_type"]["schema"].at("enum").as_array().size(), 2u);
  EXPECT_EQ(users["ordering"]["schema"].at("enum").as_array().size(), 6u);
}

// Routes of ../shared/contract-routes.txt that the table has. Grows with every area; it fails
// when a route of the table is missing from the contract or is spelled differently.
TEST_F(RoutesTest, TableRoutesAreContractRoutes) {
  std::ifstream in(std::string(PLANGATE_SOURCE_DIR) + "/../shared/contract-routes.txt");
  if (!in) GTEST_SKIP() << "shared/contract-routes.txt is not beside the repository";
  std::set<std::string> contract;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') contract.insert(line);
  }
  for (const auto& r : app_->router().routes()) {
    std::string id = std::string(http::MethodName(r.method)) + " " + http::OpenApiPath(r.pattern);
    // /api/docs's own static assets come with the contract's /api/docs.
    if (r.pattern.rfind("/api/docs/", 0) == 0) continue;
    EXPECT_TRUE(contract.count(id)) << id << " is not in the contract";
  }
}

}  // namespace
}  // namespace plangate::app
