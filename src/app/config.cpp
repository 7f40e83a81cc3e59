#include "app/config.h"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/env_reader.h"
#include "core/text.h"
#include "db/url.h"
#include "http/client_ip.h"
#include "http/hosts.h"

extern char** environ;

namespace plangate::app {

namespace {

// Placeholders shipped in .env.example and docs; never acceptable outside local.
constexpr std::string_view kDefaultKeyMarkers[] = {"change-me", "changeme", "insecure", "dev-only",
                                                   "example"};
constexpr std::size_t kMinProdKeyBytes = 32;

void ParseBind(const std::string& bind, Config& c) {
  auto colon = bind.rfind(':');
  if (colon == std::string::npos || colon == 0) throw ConfigError("BIND must be host:port");
  std::string host = bind.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port_text = bind.substr(colon + 1);
  int port = -1;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535 ||
      host.empty()) {
    throw ConfigError("BIND must be host:port with a port between 0 and 65535");
  }
  c.bind_host = host;
  c.bind_port = static_cast<std::uint16_t>(port);
}

// http://<BIND>, with a wildcard address replaced by loopback: the origin a browser on this
// machine reaches the server (and so the web app it serves) at.
std::string OwnOrigin(const Config& c) {
  std::string host = c.bind_host;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(c.bind_port);
}

// PUBLIC_URL is an origin: http(s)://host[:port], nothing after it.
void ValidatePublicUrl(const std::string& url) {
  auto scheme_end = url.find("://");
  std::string scheme = core::LowerAscii(
      std::string_view(url).substr(0, scheme_end == std::string::npos ? 0 : scheme_end));
  if ((scheme != "http" && scheme != "https") || !http::SplitHostPort(url.substr(scheme_end + 3))) {
    throw ConfigError(
        "PUBLIC_URL must be the API's origin, like https://api.example.com (no path)");
  }
}

// Without ALLOWED_HOSTS, local serves the loopback names, the BIND host and PUBLIC_URL's host:
// what a browser or a test on this machine uses.
std::vector<std::string> LocalAllowedHosts(const Config& c) {
  std::vector<std::string> hosts = {"127.0.0.1", "localhost", "[::1]"};
  hosts.push_back(c.bind_host.find(':') != std::string::npos ? "[" + c.bind_host + "]"
                                                             : c.bind_host);
  if (!c.public_url.empty()) hosts.push_back(c.public_url.substr(c.public_url.find("://") + 3));
  return hosts;
}

// OIDC_PROVIDERS and each provider's OIDC_<NAME>_* settings.
std::vector<OidcProviderConfig> ParseOidcProviders(const EnvReader& r, bool local) {
  std::vector<OidcProviderConfig> providers;
  for (const auto& name : SplitList(r.String("OIDC_PROVIDERS", ""))) {
    if (name.size() > 32 || !std::all_of(name.begin(), name.end(), [](char ch) {
          return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        })) {
      throw ConfigError("OIDC_PROVIDERS must be comma-separated names of 1-32 characters a-z0-9");
    }
    for (const auto& earlier : providers) {
      if (earlier.name == name) throw ConfigError("OIDC_PROVIDERS names " + name + " twice");
    }
    std::string upper = name;  // a-z0-9 only, checked above
    for (auto& ch : upper) ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    const std::string prefix = "OIDC_" + upper + "_";
    OidcProviderConfig p;
    p.name = name;
    auto required = [&](const std::string& suffix, std::string value) {
      value = std::string(core::Trim(value));
      if (value.empty()) {
        throw ConfigError(prefix + suffix + " is required for the provider " + name +
                          " listed in OIDC_PROVIDERS");
      }
      return value;
    };
    p.issuer = required("ISSUER", r.String(prefix + "ISSUER", ""));
    p.client_id = required("CLIENT_ID", r.String(prefix + "CLIENT_ID", ""));
    p.client_secret = required("CLIENT_SECRET", r.Secret(prefix + "CLIENT_SECRET"));
    p.label = std::string(core::Trim(r.String(prefix + "LABEL", name)));
    if (p.label.empty() || p.label.size() > 64) {
      throw ConfigError(prefix + "LABEL must be 1-64 characters");
    }
    p.scopes = std::string(core::Trim(r.String(prefix + "SCOPES", p.scopes)));
    if (p.scopes.find("openid") == std::string::npos) {
      throw ConfigError(prefix + "SCOPES must include openid");
    }
    const std::string lowered = core::LowerAscii(p.issuer);
    const bool https = lowered.starts_with("https://");
    if (!https && !lowered.starts_with("http://")) {
      throw ConfigError(prefix + "ISSUER must be an https:// URL");
    }
    if (!https && !local) {
      throw ConfigError(prefix + "ISSUER must be https:// when APP_ENV is staging or prod");
    }
    providers.push_back(std::move(p));
  }
  return providers;
}

bool LooksLikeDefaultKey(const std::string& key) {
  std::string lowered = core::LowerAscii(key);
  for (auto marker : kDefaultKeyMarkers) {
    if (lowered.find(marker) != std::string::npos) return true;
  }
  return false;
}

std::string StripTrailingSlash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// Staging and prod refuse these settings; everything else has a safe default.
void RefuseUnsafeOutsideLocal(const Config& c, const db::DatabaseUrl& url) {
  if (!c.oidc_providers.empty() && c.public_url.empty()) {
    throw ConfigError(
        "PUBLIC_URL is required when APP_ENV is staging or prod and OIDC_PROVIDERS is set: the "
        "redirect URI registered at each provider is {PUBLIC_URL}/api/v1/auth/oidc/<name>/"
        "callback");
  }
  if (c.jwt_signing_key.empty()) {
    throw ConfigError("JWT_SIGNING_KEY is required when APP_ENV is staging or prod");
  }
  if (LooksLikeDefaultKey(c.jwt_signing_key)) {
    throw ConfigError("JWT_SIGNING_KEY is a placeholder value; generate a random key");
  }
  if (c.jwt_signing_key.size() < kMinProdKeyBytes) {
    throw ConfigError("JWT_SIGNING_KEY must be at least 32 bytes when APP_ENV is staging or prod");
  }
  if (url.engine == db::Engine::kSqlite) {
    throw ConfigError("DATABASE_URL must be PostgreSQL when APP_ENV is staging or prod");
  }
  if (!c.cookie_secure) {
    throw ConfigError("COOKIE_SECURE=false is not allowed when APP_ENV is staging or prod");
  }
  if (c.allowed_hosts.empty()) {
    throw ConfigError(
        "ALLOWED_HOSTS is required when APP_ENV is staging or prod: the host names this "
        "server answers for, comma-separated (api.example.com,.example.org)");
  }
  for (const auto& host : c.allowed_hosts) {
    if (host == "*") {
      throw ConfigError("ALLOWED_HOSTS cannot be * when APP_ENV is staging or prod; list hosts");
    }
  }
}

}  // namespace

Env ProcessEnv() {
  Env env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

Config ParseConfig(const Env& env) {
  EnvReader r(env);
  Config c;
  c.version = PLANGATE_VERSION;
  c.app_env = r.Choice<AppEnv>(
      "APP_ENV", AppEnv::kLocal,
      {{"local", AppEnv::kLocal}, {"staging", AppEnv::kStaging}, {"prod", AppEnv::kProd}});
  const bool local = c.app_env == AppEnv::kLocal;

  ParseBind(r.String("BIND", "127.0.0.1:8000"), c);
  c.io_threads = static_cast<int>(r.Int("HTTP_THREADS", 0, 0, 256));
  c.worker_threads = static_cast<int>(r.Int("WORKER_THREADS", 0, 0, 1024));
  c.read_timeout = std::chrono::milliseconds(r.Int("HTTP_READ_TIMEOUT_MS", 15000, 10, 3600000));
  c.idle_timeout = std::chrono::milliseconds(r.Int("HTTP_IDLE_TIMEOUT_MS", 60000, 10, 3600000));
  c.write_timeout = std::chrono::milliseconds(r.Int("HTTP_WRITE_TIMEOUT_MS", 15000, 10, 3600000));
  c.shutdown_timeout = std::chrono::milliseconds(r.Int("SHUTDOWN_TIMEOUT_MS", 10000, 0, 3600000));
  c.max_connections = static_cast<std::size_t>(r.Int("MAX_CONNECTIONS", 10000, 1, 10000000));
  c.max_connections_per_ip =
      static_cast<std::size_t>(r.Int("MAX_CONNECTIONS_PER_IP", 512, 0, 10000000));
  // At least one largest body must fit, or large requests could never be served.
  c.max_body_memory_bytes = static_cast<std::size_t>(r.Int(
      "MAX_BODY_MEMORY_BYTES", 64 << 20, static_cast<long long>(c.max_body_bytes), 1LL << 40));
  c.min_body_rate = static_cast<std::size_t>(r.Int("HTTP_MIN_BODY_RATE", 4096, 0, 1LL << 30));
  c.body_rate_grace = std::chrono::milliseconds(r.Int("HTTP_BODY_RATE_GRACE_MS", 3000, 0, 3600000));
  c.cors_allowed_origins = SplitList(r.String("CORS_ALLOWED_ORIGINS", ""));
  for (auto& origin : c.cors_allowed_origins) {
    if (origin == "*") {
      throw ConfigError("CORS_ALLOWED_ORIGINS cannot be * (credentials are allowed); list origins");
    }
    origin = StripTrailingSlash(origin);
  }
  c.public_url = StripTrailingSlash(std::string(core::Trim(r.String("PUBLIC_URL", ""))));
  if (!c.public_url.empty()) ValidatePublicUrl(c.public_url);
  c.allowed_hosts = SplitList(r.String("ALLOWED_HOSTS", ""));
  if (c.allowed_hosts.empty() && local) c.allowed_hosts = LocalAllowedHosts(c);
  try {
    http::AllowedHosts validated(c.allowed_hosts);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(e.what());
  }
  c.web_dir = r.String("WEB_DIR", "");
  c.trusted_proxies = SplitList(r.String("TRUSTED_PROXIES", ""));
  try {
    http::TrustedProxies validated(c.trusted_proxies);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(e.what());
  }

  c.database_url = r.Secret("DATABASE_URL");
  if (c.database_url.empty()) c.database_url = "sqlite:///var/plangate.db";
  db::DatabaseUrl url;
  try {
    url = db::ParseDatabaseUrl(c.database_url);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(e.what());
  }
  c.auto_migrate = r.Bool("AUTO_MIGRATE", local);
  c.db_pool_size = static_cast<int>(r.Int("DB_POOL_SIZE", 0, 0, 1024));
  c.db_acquire_timeout = std::chrono::milliseconds(r.Int("DB_ACQUIRE_TIMEOUT_MS", 5000, 1, 600000));
  c.database_pooler = r.Choice<db::Pooler>("DATABASE_POOLER", db::Pooler::kNone,
                                           {{"none", db::Pooler::kNone},
                                            {"session", db::Pooler::kNone},
                                            {"transaction", db::Pooler::kTransaction}});
  if (c.database_pooler != db::Pooler::kNone && url.engine != db::Engine::kPostgres) {
    throw ConfigError("DATABASE_POOLER applies to a PostgreSQL DATABASE_URL only");
  }
  c.db_query_timeout = std::chrono::milliseconds(r.Int("DB_QUERY_TIMEOUT_MS", 10000, 100, 3600000));

  c.jwt_signing_key = r.Secret("JWT_SIGNING_KEY");
  c.access_token_ttl = static_cast<int>(r.Int("ACCESS_TOKEN_TTL", 300, 1, 86400));
  c.refresh_token_ttl = static_cast<int>(r.Int("REFRESH_TOKEN_TTL", 7 * 86400, 60, 366 * 86400));
  c.refresh_reuse_grace_seconds =
      static_cast<int>(r.Int("REFRESH_REUSE_GRACE_SECONDS", 10, 0, 3600));
  c.cookie_secure = r.Bool("COOKIE_SECURE", !local);
  c.cookie_samesite = r.Choice<std::string>(
      "COOKIE_SAMESITE", "Lax", {{"Lax", "Lax"}, {"Strict", "Strict"}, {"None", "None"}});
  if (c.cookie_samesite == "None" && !c.cookie_secure) {
    throw ConfigError("COOKIE_SAMESITE=None requires COOKIE_SECURE=true (browsers reject it)");
  }
  c.password_hash_ops = static_cast<unsigned long long>(r.Int("PASSWORD_HASH_OPSLIMIT", 2, 1, 20));
  c.password_hash_mem_kib =
      static_cast<std::size_t>(r.Int("PASSWORD_HASH_MEMLIMIT_KIB", 19 * 1024, 8, 4 * 1024 * 1024));
  c.email_verification_ttl =
      static_cast<int>(r.Int("EMAIL_VERIFICATION_TTL", 48 * 3600, 60, 30 * 86400));
  c.password_reset_ttl = static_cast<int>(r.Int("PASSWORD_RESET_TTL", 3600, 60, 7 * 86400));

  c.rate_limit_enabled = r.Bool("RATE_LIMIT_ENABLED", true);
  c.login_per_email = r.Rate("RATE_LIMIT_LOGIN_EMAIL", c.login_per_email);
  c.login_per_ip = r.Rate("RATE_LIMIT_LOGIN_IP", c.login_per_ip);
  c.register_per_ip = r.Rate("RATE_LIMIT_REGISTER_IP", c.register_per_ip);
  c.forgot_per_email = r.Rate("RATE_LIMIT_FORGOT_EMAIL", c.forgot_per_email);
  c.forgot_per_ip = r.Rate("RATE_LIMIT_FORGOT_IP", c.forgot_per_ip);
  c.resend_per_email = r.Rate("RATE_LIMIT_RESEND_EMAIL", c.resend_per_email);
  c.resend_per_ip = r.Rate("RATE_LIMIT_RESEND_IP", c.resend_per_ip);
  c.verify_per_ip = r.Rate("RATE_LIMIT_VERIFY_EMAIL_IP", c.verify_per_ip);
  c.reset_per_ip = r.Rate("RATE_LIMIT_PASSWORD_RESET_IP", c.reset_per_ip);
  c.password_change_per_user =
      r.Rate("RATE_LIMIT_PASSWORD_CHANGE_USER", c.password_change_per_user);
  c.password_change_per_ip = r.Rate("RATE_LIMIT_PASSWORD_CHANGE_IP", c.password_change_per_ip);
  c.invitation_ttl = static_cast<int>(r.Int("INVITATION_TTL", 7 * 86400, 60, 90 * 86400));
  c.invite_per_user = r.Rate("RATE_LIMIT_INVITE_USER", c.invite_per_user);
  c.invitation_lookup_per_ip =
      r.Rate("RATE_LIMIT_INVITATION_LOOKUP_IP", c.invitation_lookup_per_ip);

  c.email_backend =
      r.Choice<EmailBackend>("EMAIL_BACKEND", local ? EmailBackend::kConsole : EmailBackend::kSmtp,
                             {{"console", EmailBackend::kConsole},
                              {"smtp", EmailBackend::kSmtp},
                              {"file", EmailBackend::kFile}});
  c.email_worker = r.Choice<EmailWorker>("EMAIL_WORKER", EmailWorker::kInProcess,
                                         {{"inprocess", EmailWorker::kInProcess},
                                          {"in-process", EmailWorker::kInProcess},
                                          {"external", EmailWorker::kExternal}});
  c.email_file_dir = r.String("EMAIL_FILE_DIR", c.email_file_dir);
  c.smtp_host = r.String("SMTP_HOST", c.smtp_host);
  c.smtp_starttls = r.Bool("SMTP_STARTTLS", true);
  c.smtp_port = static_cast<int>(r.Int("SMTP_PORT", c.smtp_starttls ? 587 : 25, 1, 65535));
  c.smtp_username = r.String("SMTP_USERNAME", "");
  c.smtp_password = r.Secret("SMTP_PASSWORD");
  c.email_from = r.String("EMAIL_FROM", c.email_from);
  // The server serves the web app, so by default it lives at the server's own public origin.
  c.frontend_url = StripTrailingSlash(
      r.String("FRONTEND_URL", c.public_url.empty() ? OwnOrigin(c) : c.public_url));
  c.email_retry_max_seconds = static_cast<int>(r.Int("EMAIL_RETRY_MAX_SECONDS", 300, 1, 86400));
  c.email_poll_interval =
      std::chrono::milliseconds(r.Int("EMAIL_POLL_INTERVAL_MS", 1000, 10, 60000));

  c.stripe_secret_key = r.Secret("STRIPE_SECRET_KEY");
  c.stripe_webhook_secrets = SplitList(r.Secret("STRIPE_WEBHOOK_SECRET"));
  for (const auto& entry : SplitList(r.String("STRIPE_PRICE_IDS", ""))) {
    auto eq = entry.find('=');
    std::string_view whole = entry;
    std::string plan(eq == std::string::npos ? std::string_view()
                                             : core::Trim(whole.substr(0, eq)));
    std::string price(eq == std::string::npos ? std::string_view()
                                              : core::Trim(whole.substr(eq + 1)));
    if (plan.empty() || price.empty() || plan == "basic") {
      throw ConfigError(
          "STRIPE_PRICE_IDS must look like pro_monthly=price_123,pro_yearly=price_456");
    }
    c.stripe_price_ids.emplace_back(plan, price);
  }
  c.stripe_api_base = StripTrailingSlash(r.String("STRIPE_API_BASE", c.stripe_api_base));
  c.stripe_sync_interval = static_cast<int>(r.Int("STRIPE_SYNC_INTERVAL", 6 * 3600, 0, 30 * 86400));
  c.stripe_timeout = std::chrono::milliseconds(r.Int("STRIPE_TIMEOUT_MS", 10000, 100, 120000));
  c.stripe_max_retries = static_cast<int>(r.Int("STRIPE_MAX_RETRIES", 2, 0, 10));
  c.stripe_concurrency = static_cast<int>(r.Int("STRIPE_CONCURRENCY", 0, 0, 256));
  c.app_limit_basic = static_cast<int>(r.Int("APP_LIMIT_BASIC", 3, 0, 2147483647));
  c.app_limit_pro = static_cast<int>(r.Int("APP_LIMIT_PRO", 25, 0, 2147483647));
  c.past_due_keeps_pro = r.Bool("PAST_DUE_KEEPS_PRO", true);
  c.cancel_downgrade_mode =
      r.Choice<CancelDowngradeMode>("CANCEL_DOWNGRADE_MODE", CancelDowngradeMode::kPeriodEnd,
                                    {{"period_end", CancelDowngradeMode::kPeriodEnd},
                                     {"immediate", CancelDowngradeMode::kImmediate}});

  std::string level = r.String("LOG_LEVEL", "info");
  if (!logging::ParseLevel(level, &c.log_level)) {
    throw ConfigError("LOG_LEVEL must be one of: debug, info, warn, error");
  }
  c.metrics_token = r.Secret("METRICS_TOKEN");
  c.metrics_public = r.Bool("METRICS_PUBLIC", false);

  c.mfa_issuer = std::string(core::Trim(r.String("MFA_ISSUER", c.mfa_issuer)));
  // The label's ':' separates issuer and account, so an issuer must not contain one.
  if (c.mfa_issuer.empty() || c.mfa_issuer.size() > 64 ||
      c.mfa_issuer.find(':') != std::string::npos) {
    throw ConfigError("MFA_ISSUER must be 1-64 characters without ':'");
  }
  c.mfa_verify_per_ip = r.Rate("RATE_LIMIT_MFA_VERIFY_IP", c.mfa_verify_per_ip);
  c.mfa_per_user = r.Rate("RATE_LIMIT_MFA_USER", c.mfa_per_user);

  c.oidc_providers = ParseOidcProviders(r, local);
  c.oidc_timeout = std::chrono::milliseconds(r.Int("OIDC_TIMEOUT_MS", 10000, 100, 10000));
  c.oidc_start_per_ip = r.Rate("RATE_LIMIT_OIDC_START_IP", c.oidc_start_per_ip);

  if (!local) RefuseUnsafeOutsideLocal(c, url);
  return c;
}

void EnsureLocalSigningKey(Config& config, const std::string& path) {
  if (!config.jwt_signing_key.empty() || config.app_env != AppEnv::kLocal) return;
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::getline(in, config.jwt_signing_key);
    if (config.jwt_signing_key.size() >= kMinProdKeyBytes) {
      config.jwt_signing_key_generated = true;
      return;
    }
  }
  unsigned char raw[48];
  randombytes_buf(raw, sizeof raw);
  char b64[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw ConfigError("JWT_SIGNING_KEY: cannot write a local key to " + path);
    out << b64 << '\n';
  }
  ::chmod(tmp.c_str(), 0600);
  std::filesystem::rename(tmp, path);
  config.jwt_signing_key = b64;
  config.jwt_signing_key_generated = true;
}

std::vector<std::string> Secrets(const Config& c) {
  std::vector<std::string> out = {c.jwt_signing_key, c.smtp_password, c.stripe_secret_key,
                                  c.metrics_token, db::DatabasePassword(c.database_url)};
  out.insert(out.end(), c.stripe_webhook_secrets.begin(), c.stripe_webhook_secrets.end());
  for (const auto& p : c.oidc_providers) out.push_back(p.client_secret);
  std::erase_if(out, [](const std::string& s) { return s.empty(); });
  return out;
}

}  // namespace plangate::app
