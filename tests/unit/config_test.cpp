#include "app/config.h"
#include "db/url.h"
#include "ops/metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace plangate::app {
namespace {

const std::string kGoodKey = "k3y-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG";

Env ProdEnv() {
  return {{"APP_ENV", "prod"},
          {"JWT_SIGNING_KEY", kGoodKey},
          {"DATABASE_URL", "postgres://app:pw@db:5432/plangate"},
          {"ALLOWED_HOSTS", "api.example.com"}};
}

// The message of the ConfigError that env provokes, or "" when it parses.
std::string ErrorOf(const Env& env) {
  try {
    ParseConfig(env);
    return "";
  } catch (const ConfigError& e) {
    return e.what();
  }
}

TEST(ConfigTest, LocalDefaults) {
  Config c = ParseConfig({});
  EXPECT_EQ(c.app_env, AppEnv::kLocal);
  EXPECT_EQ(c.bind_host, "127.0.0.1");
  EXPECT_EQ(c.bind_port, 8000);
  EXPECT_EQ(c.database_url, "sqlite:///var/plangate.db");
  EXPECT_TRUE(c.auto_migrate);
  EXPECT_FALSE(c.cookie_secure);
  EXPECT_EQ(c.cookie_samesite, "Lax");
  EXPECT_EQ(c.email_backend, EmailBackend::kConsole);
  EXPECT_EQ(c.access_token_ttl, 300);
  EXPECT_EQ(c.refresh_token_ttl, 7 * 24 * 3600);
  EXPECT_EQ(c.refresh_reuse_grace_seconds, 10);
  EXPECT_EQ(c.app_limit_basic, 3);
  EXPECT_EQ(c.app_limit_pro, 25);
  EXPECT_EQ(c.login_per_email.limit, 5);
  EXPECT_EQ(c.login_per_ip.limit, 30);
  EXPECT_EQ(c.register_per_ip.limit, 3);
  EXPECT_EQ(c.password_change_per_user.limit, 5);
  EXPECT_EQ(c.password_change_per_user.window_seconds, 60);
  EXPECT_EQ(c.password_change_per_ip.limit, 30);
  EXPECT_EQ(c.password_change_per_ip.window_seconds, 60);
  EXPECT_FALSE(c.metrics_public);
  // The server serves the web app itself, so links in emails point at it.
  EXPECT_EQ(c.frontend_url, "http://127.0.0.1:8000");
  EXPECT_EQ(c.web_dir, "");
}

TEST(ConfigTest, TwoFactorSignInSettings) {
  Config c = ParseConfig({});
  EXPECT_EQ(c.mfa_issuer, "plangate");
  EXPECT_EQ(c.mfa_verify_per_ip.limit, 10);
  EXPECT_EQ(c.mfa_per_user.limit, 10);
  c = ParseConfig({{"MFA_ISSUER", " Acme & Co "}, {"RATE_LIMIT_MFA_VERIFY_IP", "3/min"}});
  EXPECT_EQ(c.mfa_issuer, "Acme & Co");
  EXPECT_EQ(c.mfa_verify_per_ip.limit, 3);
  // The otpauth:// label's ':' separates issuer and account.
  for (const std::string& bad : std::vector<std::string>{"", "   ", "a:b", std::string(65, 'x')}) {
    EXPECT_NE(ErrorOf({{"MFA_ISSUER", bad}}).find("MFA_ISSUER"), std::string::npos) << bad;
  }
}

TEST(ConfigTest, FrontendUrlDefaultsToTheServersOwnOrigin) {
  EXPECT_EQ(ParseConfig({{"BIND", "127.0.0.1:9123"}}).frontend_url, "http://127.0.0.1:9123");
  EXPECT_EQ(ParseConfig({{"BIND", "0.0.0.0:8080"}}).frontend_url, "http://127.0.0.1:8080");
  EXPECT_EQ(ParseConfig({{"BIND", "[::]:8080"}}).frontend_url, "http://[::1]:8080");
  EXPECT_EQ(ParseConfig({{"BIND", "localhost:8000"}}).frontend_url, "http://localhost:8000");
  EXPECT_EQ(ParseConfig({{"FRONTEND_URL", "https://app.example.com/"}}).frontend_url,
            "https://app.example.com");
}

TEST(ConfigTest, ProdWithSafeSettingsIsAccepted) {
  Config c = ParseConfig(ProdEnv());
  EXPECT_EQ(c.app_env, AppEnv::kProd);
  EXPECT_TRUE(c.cookie_secure);
  EXPECT_FALSE(c.auto_migrate);
  EXPECT_EQ(c.email_backend, EmailBackend::kSmtp);
}

TEST(ConfigTest, ProdAndStagingRefuseEachUnsafeSetting) {
  for (std::string app_env : {"prod", "staging"}) {
    Env env = ProdEnv();
    env["APP_ENV"] = app_env;

    Env missing = env;
    missing.erase("JWT_SIGNING_KEY");
    EXPECT_NE(ErrorOf(missing).find("JWT_SIGNING_KEY"), std::string::npos) << app_env;

    Env short_key = env;
    short_key["JWT_SIGNING_KEY"] = "0123456789abcdef0123456789abcde";  // 31 bytes
    EXPECT_NE(ErrorOf(short_key).find("JWT_SIGNING_KEY"), std::string::npos) << app_env;

    Env default_key = env;
    default_key["JWT_SIGNING_KEY"] = "change-me-to-a-random-secret-of-at-least-32-bytes";
    EXPECT_NE(ErrorOf(default_key).find("JWT_SIGNING_KEY"), std::string::npos) << app_env;

    Env sqlite = env;
    sqlite["DATABASE_URL"] = "sqlite:////var/lib/plangate.db";
    EXPECT_NE(ErrorOf(sqlite).find("DATABASE_URL"), std::string::npos) << app_env;
    Env default_db = env;
    default_db.erase("DATABASE_URL");
    EXPECT_NE(ErrorOf(default_db).find("DATABASE_URL"), std::string::npos) << app_env;

    Env insecure = env;
    insecure["COOKIE_SECURE"] = "false";
    EXPECT_NE(ErrorOf(insecure).find("COOKIE_SECURE"), std::string::npos) << app_env;

    Env no_hosts = env;
    no_hosts.erase("ALLOWED_HOSTS");
    EXPECT_NE(ErrorOf(no_hosts).find("ALLOWED_HOSTS"), std::string::npos) << app_env;
    Env blank_hosts = env;
    blank_hosts["ALLOWED_HOSTS"] = " , ";
    EXPECT_NE(ErrorOf(blank_hosts).find("ALLOWED_HOSTS"), std::string::npos) << app_env;
    Env any_host = env;
    any_host["ALLOWED_HOSTS"] = "api.example.com,*";
    EXPECT_NE(ErrorOf(any_host).find("ALLOWED_HOSTS"), std::string::npos) << app_env;

    // ...and nothing else: no Stripe, no SMTP settings, no CORS is fine.
    EXPECT_EQ(ErrorOf(env), "") << app_env;
  }
}

TEST(ConfigTest, LocalAcceptsWhatProdRefuses) {
  EXPECT_EQ(ErrorOf({{"COOKIE_SECURE", "false"}, {"JWT_SIGNING_KEY", "short"}}), "");
  EXPECT_EQ(ErrorOf({{"ALLOWED_HOSTS", "*"}}), "");
}

// Local serves what a browser or a test on this machine uses; ALLOWED_HOSTS replaces that list.
TEST(ConfigTest, AllowedHostsAndPublicUrl) {
  using V = std::vector<std::string>;
  EXPECT_EQ(ParseConfig({}).allowed_hosts, (V{"127.0.0.1", "localhost", "[::1]", "127.0.0.1"}));
  EXPECT_EQ(ParseConfig({{"BIND", "[::]:8080"}}).allowed_hosts,
            (V{"127.0.0.1", "localhost", "[::1]", "[::]"}));
  EXPECT_EQ(ParseConfig({{"PUBLIC_URL", "https://api.example.com:8443"}}).allowed_hosts,
            (V{"127.0.0.1", "localhost", "[::1]", "127.0.0.1", "api.example.com:8443"}));
  EXPECT_EQ(ParseConfig({{"ALLOWED_HOSTS", " api.example.com , .example.org:8443 "}}).allowed_hosts,
            (V{"api.example.com", ".example.org:8443"}));
  for (auto bad :
       {"exa mple.com", "a@b.com", "api.example.com:port", "http://api.example.com", "[zz::1]"}) {
    EXPECT_NE(ErrorOf({{"ALLOWED_HOSTS", bad}}).find("ALLOWED_HOSTS"), std::string::npos) << bad;
  }

  EXPECT_EQ(ParseConfig({}).public_url, "");
  Config c = ParseConfig({{"PUBLIC_URL", "https://api.example.com/"}});
  EXPECT_EQ(c.public_url, "https://api.example.com");
  // The web app is served by the API, so its links follow the public origin.
  EXPECT_EQ(c.frontend_url, "https://api.example.com");
  for (auto bad : {"api.example.com", "ftp://api.example.com", "https://api.example.com/v1",
                   "https://", "https://a b.com"}) {
    EXPECT_NE(ErrorOf({{"PUBLIC_URL", bad}}).find("PUBLIC_URL"), std::string::npos) << bad;
  }
}

TEST(ConfigTest, InvalidValuesNameTheVariable) {
  EXPECT_NE(ErrorOf({{"APP_ENV", "production"}}).find("APP_ENV"), std::string::npos);
  EXPECT_NE(ErrorOf({{"ACCESS_TOKEN_TTL", "abc"}}).find("ACCESS_TOKEN_TTL"), std::string::npos);
  EXPECT_NE(ErrorOf({{"ACCESS_TOKEN_TTL", "0"}}).find("ACCESS_TOKEN_TTL"), std::string::npos);
  EXPECT_NE(ErrorOf({{"BIND", "nonsense"}}).find("BIND"), std::string::npos);
  EXPECT_NE(ErrorOf({{"BIND", "127.0.0.1:70000"}}).find("BIND"), std::string::npos);
  EXPECT_NE(ErrorOf({{"COOKIE_SECURE", "maybe"}}).find("COOKIE_SECURE"), std::string::npos);
  EXPECT_NE(ErrorOf({{"COOKIE_SAMESITE", "lax-ish"}}).find("COOKIE_SAMESITE"), std::string::npos);
  EXPECT_NE(ErrorOf({{"DATABASE_URL", "mysql://x"}}).find("DATABASE_URL"), std::string::npos);
  EXPECT_NE(ErrorOf({{"EMAIL_BACKEND", "pigeon"}}).find("EMAIL_BACKEND"), std::string::npos);
  EXPECT_NE(ErrorOf({{"RATE_LIMIT_LOGIN_EMAIL", "5"}}).find("RATE_LIMIT_LOGIN_EMAIL"),
            std::string::npos);
  EXPECT_NE(ErrorOf({{"STRIPE_PRICE_IDS", "pro_monthly"}}).find("STRIPE_PRICE_IDS"),
            std::string::npos);
  EXPECT_NE(ErrorOf({{"CORS_ALLOWED_ORIGINS", "*"}}).find("CORS_ALLOWED_ORIGINS"),
            std::string::npos);
  EXPECT_NE(ErrorOf({{"LOG_LEVEL", "loud"}}).find("LOG_LEVEL"), std::string::npos);
}

TEST(ConfigTest, ParsesListsAndRates) {
  Config c =
      ParseConfig({{"CORS_ALLOWED_ORIGINS", " https://app.example.com/ ,http://localhost:5173"},
                   {"STRIPE_PRICE_IDS", "pro_monthly=price_123, pro_yearly=price_456"},
                   {"STRIPE_WEBHOOK_SECRET", "whsec_a,whsec_b"},
                   {"RATE_LIMIT_LOGIN_EMAIL", "7/hour"},
                   {"RATE_LIMIT_LOGIN_IP", "9/30"},
                   {"BIND", "[::1]:9000"}});
  EXPECT_EQ(c.cors_allowed_origins,
            (std::vector<std::string>{"https://app.example.com", "http://localhost:5173"}));
  ASSERT_EQ(c.stripe_price_ids.size(), 2u);
  EXPECT_EQ(c.stripe_price_ids[1].first, "pro_yearly");
  EXPECT_EQ(c.stripe_price_ids[1].second, "price_456");
  EXPECT_EQ(c.stripe_webhook_secrets, (std::vector<std::string>{"whsec_a", "whsec_b"}));
  EXPECT_EQ(c.login_per_email.limit, 7);
  EXPECT_EQ(c.login_per_email.window_seconds, 3600);
  EXPECT_EQ(c.login_per_ip.window_seconds, 30);
  EXPECT_EQ(c.bind_host, "::1");
  EXPECT_EQ(c.bind_port, 9000);
}

TEST(ConfigTest, SecretsComeFromFiles) {
  std::string path = std::filesystem::temp_directory_path() / "plangate-config-test-key";
  {
    std::ofstream out(path);
    out << kGoodKey << "\n";
  }
  Env env = ProdEnv();
  env.erase("JWT_SIGNING_KEY");
  env["JWT_SIGNING_KEY_FILE"] = path;
  EXPECT_EQ(ParseConfig(env).jwt_signing_key, kGoodKey);  // trailing newline stripped
  env["JWT_SIGNING_KEY"] = kGoodKey;
  EXPECT_NE(ErrorOf(env).find("JWT_SIGNING_KEY"), std::string::npos);  // both set
  env.erase("JWT_SIGNING_KEY");
  env["JWT_SIGNING_KEY_FILE"] = path + ".missing";
  EXPECT_NE(ErrorOf(env).find("JWT_SIGNING_KEY_FILE"), std::string::npos);
  std::remove(path.c_str());
}

TEST(ConfigTest, SecretsListCoversEverySecretValue) {
  Config c = ParseConfig({{"JWT_SIGNING_KEY", kGoodKey},
                          {"STRIPE_SECRET_KEY", "sk_test_123"},
                          {"STRIPE_WEBHOOK_SECRET", "whsec_1,whsec_2"},
                          {"SMTP_PASSWORD", "smtp-pw"},
                          {"DATABASE_URL", "postgres://u:db-pw@h/d"}});
  auto secrets = Secrets(c);
  for (std::string s : {kGoodKey, std::string("sk_test_123"), std::string("whsec_1"),
                        std::string("whsec_2"), std::string("smtp-pw"), std::string("db-pw")}) {
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), s), secrets.end()) << s;
  }
}

TEST(ConfigTest, LocalSigningKeyIsGeneratedOnceAndKept) {
  std::string dir = std::filesystem::temp_directory_path() / "plangate-key-test";
  std::filesystem::remove_all(dir);
  Config a = ParseConfig({});
  EnsureLocalSigningKey(a, dir + "/var/jwt_signing_key");
  EXPECT_GE(a.jwt_signing_key.size(), 32u);
  EXPECT_TRUE(a.jwt_signing_key_generated);
  auto perms = std::filesystem::status(dir + "/var/jwt_signing_key").permissions();
  EXPECT_EQ(perms & std::filesystem::perms::group_read, std::filesystem::perms::none);
  Config b = ParseConfig({});
  EnsureLocalSigningKey(b, dir + "/var/jwt_signing_key");
  EXPECT_EQ(a.jwt_signing_key, b.jwt_signing_key);
  std::filesystem::remove_all(dir);
}

// /metrics: the token decides when set; else open only in local or with METRICS_PUBLIC=true.
TEST(ConfigTest, MetricsAccessOutsideLocalIsChosenByTheOperator) {
  using ops::MetricsAccess;
  using ops::MetricsAccessFor;
  EXPECT_EQ(MetricsAccessFor(true, false, false), MetricsAccess::kPublic);
  EXPECT_EQ(MetricsAccessFor(false, false, false), MetricsAccess::kDenied);
  EXPECT_EQ(MetricsAccessFor(false, false, true), MetricsAccess::kPublic);
  EXPECT_EQ(MetricsAccessFor(false, true, false), MetricsAccess::kToken);
  EXPECT_EQ(MetricsAccessFor(false, true, true), MetricsAccess::kToken);
  EXPECT_EQ(MetricsAccessFor(true, true, false), MetricsAccess::kToken);
  Env env = ProdEnv();
  EXPECT_FALSE(ParseConfig(env).metrics_public);
  env["METRICS_PUBLIC"] = "true";
  EXPECT_TRUE(ParseConfig(env).metrics_public);
}

TEST(ConfigTest, AbuseBoundsDefaultsAndRanges) {
  Config c = ParseConfig({});
  EXPECT_EQ(c.max_connections, 10000u);
  EXPECT_EQ(c.max_connections_per_ip, 512u);
  EXPECT_EQ(c.max_body_memory_bytes, 64u << 20);
  EXPECT_EQ(c.min_body_rate, 4096u);
  EXPECT_EQ(c.body_rate_grace, std::chrono::milliseconds(3000));
  EXPECT_EQ(ParseConfig({{"MAX_CONNECTIONS_PER_IP", "0"}}).max_connections_per_ip, 0u);
  EXPECT_EQ(ParseConfig({{"HTTP_MIN_BODY_RATE", "0"}}).min_body_rate, 0u);
  EXPECT_NE(ErrorOf({{"MAX_CONNECTIONS", "0"}}).find("MAX_CONNECTIONS"), std::string::npos);
  // The budget must hold at least one largest body.
  EXPECT_NE(ErrorOf({{"MAX_BODY_MEMORY_BYTES", "1048575"}}).find("MAX_BODY_MEMORY_BYTES"),
            std::string::npos);
  EXPECT_EQ(ErrorOf({{"MAX_BODY_MEMORY_BYTES", "1048576"}}), "");
}

}  // namespace
}  // namespace plangate::app

namespace plangate::db {
namespace {

// An empty query followed by a fragment once made Boost.URL read past the end of the string
// (found by the query-string fuzzer in the request path; the same parser reads DATABASE_URL).
TEST(DatabaseUrlTest, FragmentAfterAnEmptyQueryIsIgnored) {
  DatabaseUrl url = ParseDatabaseUrl("postgres://app@db.internal:5433/plangate?#x");
  EXPECT_EQ(url.engine, Engine::kPostgres);
  EXPECT_EQ(url.postgres_conninfo,
            "host='db.internal' port='5433' user='app' dbname='plangate' connect_timeout='3' "
            "keepalives='1' keepalives_idle='30' keepalives_interval='10' keepalives_count='3' "
            "tcp_user_timeout='30000'");
}

// Keepalives and timeouts are defaults: the URL's own values win, and none is given twice.
TEST(DatabaseUrlTest, KeepalivesAreDefaultsTheUrlOverrides) {
  DatabaseUrl url =
      ParseDatabaseUrl("postgres://app@db/plangate?keepalives_idle=5&tcp_user_timeout=9000");
  EXPECT_EQ(url.postgres_conninfo,
            "host='db' user='app' dbname='plangate' keepalives_idle='5' tcp_user_timeout='9000' "
            "connect_timeout='3' keepalives='1' keepalives_interval='10' keepalives_count='3'");
}

}  // namespace
}  // namespace plangate::db

namespace plangate::app {
namespace {
TEST(ConfigTest, DatabasePoolerIsForPostgres) {
  EXPECT_EQ(ParseConfig({}).database_pooler, db::Pooler::kNone);
  const Env pg{{"DATABASE_URL", "postgres://u@127.0.0.1:6432/db"}};
  Env pooled = pg;
  pooled["DATABASE_POOLER"] = "transaction";
  EXPECT_EQ(ParseConfig(pooled).database_pooler, db::Pooler::kTransaction);
  pooled["DATABASE_POOLER"] = "session";
  EXPECT_EQ(ParseConfig(pooled).database_pooler, db::Pooler::kNone);
  pooled["DATABASE_POOLER"] = "statement";
  EXPECT_NE(ErrorOf(pooled).find("DATABASE_POOLER"), std::string::npos);
  EXPECT_NE(ErrorOf({{"DATABASE_POOLER", "transaction"}}).find("PostgreSQL"), std::string::npos);
}
}  // namespace
}  // namespace plangate::app

namespace plangate::app {
namespace {

Env OidcEnv() {
  return {
      {"OIDC_PROVIDERS", "google, corp2"},   {"OIDC_GOOGLE_ISSUER", "https://accounts.google.com"},
      {"OIDC_GOOGLE_CLIENT_ID", "g-client"}, {"OIDC_GOOGLE_CLIENT_SECRET", "g-secret"},
      {"OIDC_GOOGLE_LABEL", "Google"},       {"OIDC_CORP2_ISSUER", "http://127.0.0.1:9999/realm"},
      {"OIDC_CORP2_CLIENT_ID", "c-client"},  {"OIDC_CORP2_CLIENT_SECRET", "c-secret"},
      {"OIDC_CORP2_SCOPES", "openid email"}};
}

TEST(ConfigOidcTest, ProvidersInOrderWithDefaults) {
  Config c = ParseConfig(OidcEnv());
  ASSERT_EQ(c.oidc_providers.size(), 2u);
  EXPECT_EQ(c.oidc_providers[0].name, "google");
  EXPECT_EQ(c.oidc_providers[0].label, "Google");
  EXPECT_EQ(c.oidc_providers[0].scopes, "openid email profile");
  EXPECT_EQ(c.oidc_providers[1].name, "corp2");
  EXPECT_EQ(c.oidc_providers[1].label, "corp2");
  EXPECT_EQ(c.oidc_providers[1].issuer, "http://127.0.0.1:9999/realm");
  EXPECT_EQ(c.oidc_providers[1].scopes, "openid email");
  EXPECT_EQ(c.oidc_timeout, std::chrono::milliseconds(10000));
  EXPECT_EQ(c.oidc_start_per_ip.limit, 30);
  // Client secrets are redacted from logs.
  auto secrets = Secrets(c);
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "c-secret"), secrets.end());
  EXPECT_TRUE(ParseConfig({}).oidc_providers.empty());
}

TEST(ConfigOidcTest, SecretFromFile) {
  std::string path = std::filesystem::temp_directory_path() / "plangate-oidc-secret-test";
  { std::ofstream(path) << "from-file\n"; }
  Env env = OidcEnv();
  env.erase("OIDC_GOOGLE_CLIENT_SECRET");
  env["OIDC_GOOGLE_CLIENT_SECRET_FILE"] = path;
  EXPECT_EQ(ParseConfig(env).oidc_providers[0].client_secret, "from-file");
  std::remove(path.c_str());
}

TEST(ConfigOidcTest, IncompleteProviderNamesTheVariable) {
  for (std::string missing :
       {"OIDC_CORP2_ISSUER", "OIDC_CORP2_CLIENT_ID", "OIDC_CORP2_CLIENT_SECRET"}) {
    Env env = OidcEnv();
    env.erase(missing);
    EXPECT_NE(ErrorOf(env).find(missing), std::string::npos) << missing << ": " << ErrorOf(env);
  }
  Env blank = OidcEnv();
  blank["OIDC_GOOGLE_CLIENT_ID"] = "  ";
  EXPECT_NE(ErrorOf(blank).find("OIDC_GOOGLE_CLIENT_ID"), std::string::npos);
  for (std::string names : {"Google", "goo-gle", "google,google"}) {
    Env env = OidcEnv();
    env["OIDC_PROVIDERS"] = names;
    EXPECT_NE(ErrorOf(env).find("OIDC_PROVIDERS"), std::string::npos) << names;
  }
  Env no_openid = OidcEnv();
  no_openid["OIDC_GOOGLE_SCOPES"] = "email";
  EXPECT_NE(ErrorOf(no_openid).find("OIDC_GOOGLE_SCOPES"), std::string::npos);
  Env ftp = OidcEnv();
  ftp["OIDC_GOOGLE_ISSUER"] = "ftp://idp";
  EXPECT_NE(ErrorOf(ftp).find("OIDC_GOOGLE_ISSUER"), std::string::npos);
}

TEST(ConfigOidcTest, StagingAndProdRefuseHttpIssuerAndNeedPublicUrl) {
  Env env = ProdEnv();
  for (const auto& [k, v] : OidcEnv()) env[k] = v;
  env["PUBLIC_URL"] = "https://api.example.com";
  EXPECT_NE(ErrorOf(env).find("OIDC_CORP2_ISSUER"), std::string::npos) << ErrorOf(env);
  env["OIDC_CORP2_ISSUER"] = "https://idp.corp.example";
  EXPECT_EQ(ErrorOf(env), "");
  env.erase("PUBLIC_URL");
  EXPECT_NE(ErrorOf(env).find("PUBLIC_URL"), std::string::npos) << ErrorOf(env);
}

}  // namespace
}  // namespace plangate::app
