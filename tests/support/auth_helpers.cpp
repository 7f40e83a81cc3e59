#include "auth_helpers.h"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <boost/json/serialize.hpp>

#include "auth/service.h"

#include <mutex>

namespace plangate::test {

namespace {
std::mutex secrets_mu;
std::vector<std::string>& Secrets() {
  static std::vector<std::string> secrets;
  return secrets;
}
}  // namespace

void RememberSecret(const std::string& secret) {
  if (secret.size() < 8) return;
  std::lock_guard lock(secrets_mu);
  Secrets().push_back(secret);
}

std::vector<std::string> RememberedSecrets() {
  std::lock_guard lock(secrets_mu);
  return Secrets();
}

void ExpectNoSecretsIn(const std::string& logs) {
  for (const auto& secret : RememberedSecrets()) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << "a credential leaked into the logs";
  }
}

std::string SetCookieOf(const HttpResponse& response) {
  return response.Header("Set-Cookie").value_or("");
}

std::optional<std::string> RefreshCookieOf(const HttpResponse& response) {
  auto header = response.Header("Set-Cookie");
  if (!header || header->rfind("refresh_token=", 0) != 0) return std::nullopt;
  auto start = std::string("refresh_token=").size();
  return header->substr(start, header->find(';') - start);
}

Headers CookieHeaders(const std::string& refresh_token) {
  return {{"Cookie", "refresh_token=" + refresh_token}, {"X-Requested-With", "XMLHttpRequest"}};
}

Headers BearerHeaders(const std::string& access_token) {
  return {{"Authorization", "Bearer " + access_token}};
}

app::Env SmtpEnv(const SmtpSink& sink) {
  return {{"EMAIL_BACKEND", "smtp"},
          {"SMTP_HOST", "127.0.0.1"},
          {"SMTP_PORT", std::to_string(sink.port())},
          {"SMTP_STARTTLS", "false"},
          {"EMAIL_POLL_INTERVAL_MS", "100"},
          {"EMAIL_RETRY_MAX_SECONDS", "1"},
          {"FRONTEND_URL", "http://app.test"},
          {"EMAIL_FROM", "plangate <no-reply@plangate.test>"},
          {"RATE_LIMIT_ENABLED", "false"}};
}

std::string JsonString(std::initializer_list<std::pair<std::string, std::string>> fields) {
  boost::json::object o;
  for (const auto& [k, v] : fields) o[k] = v;
  return boost::json::serialize(o);
}

LoggedIn Login(const HttpClient& client, const std::string& email, const std::string& password) {
  auto r =
      client.PostJson("/api/v1/auth/login", JsonString({{"email", email}, {"password", password}}));
  EXPECT_EQ(r.status, 200) << r.body;
  LoggedIn out;
  if (r.status != 200) return out;
  auto body = r.Json().as_object();
  out.access = std::string(body["access"].as_string());
  out.user_id = body["user"].at("id").as_int64();
  out.refresh = RefreshCookieOf(r).value_or("");
  RememberSecret(password);
  RememberSecret(out.access);
  RememberSecret(out.refresh);
  return out;
}

LoggedIn SignUp(const HttpClient& client, SmtpSink& sink, const std::string& email,
                const std::string& password) {
  auto r = client.PostJson("/api/v1/auth/register",
                           JsonString({{"email", email}, {"password", password}}));
  EXPECT_EQ(r.status, 201) << r.body;
  auto mail = sink.WaitFor(email, "Confirm your email");
  EXPECT_TRUE(mail.has_value()) << "no verification mail for " << email;
  if (!mail) return {};
  std::string token = TokenFromMail(*mail, "/verify-email");
  RememberSecret(token);
  auto v = client.PostJson("/api/v1/auth/verify-email", JsonString({{"token", token}}));
  EXPECT_EQ(v.status, 200) << v.body;
  return Login(client, email, password);
}

}  // namespace plangate::test

namespace plangate::test {

void ExecSql(TestServer& server, const std::string& sql) {
  server.app().database().Run([&](soci::session& s) { s << sql; });
}

long long QueryInt(TestServer& server, const std::string& sql) {
  long long n = -1;
  server.app().database().Run([&](soci::session& s) { s << sql, soci::into(n); });
  return n;
}

LoggedIn CreateUser(TestServer& server, const std::string& email, const std::string& password) {
  std::int64_t id = server.app().auth().CreateSuperuser(email, password);
  ExecSql(server, "UPDATE users SET is_staff = 0 WHERE id = " + std::to_string(id));
  return Login(server.client(), email, password);
}

}  // namespace plangate::test
