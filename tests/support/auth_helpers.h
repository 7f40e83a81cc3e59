#pragma once
// Account journeys over real HTTP, shared by the tests of every area that needs a user.

#include <optional>
#include <string>

#include "http_client.h"
#include "smtp_sink.h"
#include "test_env.h"

namespace plangate::test {

// The refresh_token value set by a response, if any ("" when it clears the cookie).
std::optional<std::string> RefreshCookieOf(const HttpResponse& response);
std::string SetCookieOf(const HttpResponse& response);

// Headers for a cookie-authenticated call (refresh, logout).
Headers CookieHeaders(const std::string& refresh_token);
Headers BearerHeaders(const std::string& access_token);

struct LoggedIn {
  std::string access;
  std::string refresh;
  std::int64_t user_id = 0;
};

// Server environment that delivers mail to the sink.
app::Env SmtpEnv(const SmtpSink& sink);

// register -> verification mail -> verify -> login. Fails the test on any unexpected answer.
LoggedIn SignUp(const HttpClient& client, SmtpSink& sink, const std::string& email,
                const std::string& password);
LoggedIn Login(const HttpClient& client, const std::string& email, const std::string& password);

// Every credential the helpers saw (passwords, tokens); tests scan logs for them.
void RememberSecret(const std::string& secret);
std::vector<std::string> RememberedSecrets();
// Fails the test when any remembered secret appears in `logs`.
void ExpectNoSecretsIn(const std::string& logs);

// A verified, non-staff user made directly through the service (no mail round trip), logged in
// over HTTP.
LoggedIn CreateUser(TestServer& server, const std::string& email,
                    const std::string& password = "Sturdy-Test-Pass-42");
// Runs one SQL statement against the server's database.
void ExecSql(TestServer& server, const std::string& sql);
// The one integer a query answers (a COUNT(*)), through the server's own pool.
long long QueryInt(TestServer& server, const std::string& sql);

std::string JsonString(std::initializer_list<std::pair<std::string, std::string>> fields);

}  // namespace plangate::test
