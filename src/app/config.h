#pragma once
// Configuration, read once from the environment into a typed, validated struct. Every secret can
// also come from NAME_FILE. Nothing else in the program reads the environment.

#include <chrono>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/logging.h"
#include "core/rate_limit.h"
#include "db/url.h"

namespace plangate::app {

using Env = std::map<std::string, std::string>;

Env ProcessEnv();

enum class AppEnv { kLocal, kStaging, kProd };
enum class EmailBackend { kConsole, kSmtp, kFile };
enum class EmailWorker { kInProcess, kExternal };
enum class CancelDowngradeMode { kPeriodEnd, kImmediate };

// A configuration the program refuses to run with; the message names the variable.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using core::RateLimit;

// One "Sign in with ..." provider (OIDC_PROVIDERS, contract v1.2).
struct OidcProviderConfig {
  std::string name;    // [a-z0-9]+, in the callback path
  std::string label;   // what the sign-in button says
  std::string issuer;  // exactly as the ID token's iss must say it
  std::string client_id;
  std::string client_secret;
  std::string scopes = "openid email profile";
};

struct Config {
  AppEnv app_env = AppEnv::kLocal;
  std::string version;

  // HTTP
  std::string bind_host = "127.0.0.1";
  std::uint16_t bind_port = 8000;
  int io_threads = 0;      // 0 = number of cores
  int worker_threads = 0;  // 0 = 4 x cores
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{15000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds write_timeout{15000};
  std::chrono::milliseconds shutdown_timeout{10000};
  // Abuse bounds (see http::ServerOptions): open connections in total and per TCP peer address
  // (0 = no per-address cap; TRUSTED_PROXIES peers are exempt), memory for request bodies being
  // received, and the minimum rate of a body once its grace period has passed (0 = none).
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_ip = 512;
  std::size_t max_body_memory_bytes = 64 * 1024 * 1024;
  std::size_t min_body_rate = 4096;  // bytes per second
  std::chrono::milliseconds body_rate_grace{3000};
  std::vector<std::string> cors_allowed_origins;
  std::vector<std::string> trusted_proxies;
  // The Host names served (Django's ALLOWED_HOSTS patterns); another Host gets 400.
  std::vector<std::string> allowed_hosts;
  // The API's public origin (https://api.example.com), when set: absolute links use it instead
  // of the request's Host, and it is the "own origin" of the cookie routes' CSRF rule.
  std::string public_url;
  // The built web app served at /; empty = web/dist beside the executable's directory, if built.
  std::string web_dir;

  // Database
  std::string database_url = "sqlite:///var/plangate.db";
  bool auto_migrate = true;
  int db_pool_size = 0;  // 0 = worker_threads
  std::chrono::milliseconds db_acquire_timeout{5000};
  db::Pooler database_pooler = db::Pooler::kNone;  // DATABASE_POOLER
  // How long one unit of database work (a query, or a transaction) may take before it is
  // cancelled, its connection dropped and its request answered 503.
  std::chrono::milliseconds db_query_timeout{10000};

  // Tokens and cookies
  std::string jwt_signing_key;
  bool jwt_signing_key_generated = false;  // local only: kept under var/
  int access_token_ttl = 300;
  int refresh_token_ttl = 7 * 24 * 3600;
  int refresh_reuse_grace_seconds = 10;
  bool cookie_secure = true;
  std::string cookie_samesite = "Lax";
  unsigned long long password_hash_ops = 2;       // argon2id t
  std::size_t password_hash_mem_kib = 19 * 1024;  // argon2id m (KiB)
  int email_verification_ttl = 48 * 3600;
  int password_reset_ttl = 3600;

  // Rate limits
  bool rate_limit_enabled = true;
  RateLimit login_per_email{5, 60};
  RateLimit login_per_ip{30, 60};
  RateLimit register_per_ip{3, 60};
  RateLimit forgot_per_email{3, 60};
  RateLimit forgot_per_ip{10, 60};
  RateLimit resend_per_email{3, 60};
  RateLimit resend_per_ip{10, 60};
  RateLimit verify_per_ip{10, 60};
  RateLimit reset_per_ip{10, 60};
  // password/change: each wrong current_password costs an argon2id hash.
  RateLimit password_change_per_user{5, 60};
  RateLimit password_change_per_ip{30, 60};

  // Invitations (v1.1): their lifetime, creates per owner, public token lookups per client IP.
  int invitation_ttl = 7 * 86400;
  RateLimit invite_per_user{20, 3600};
  RateLimit invitation_lookup_per_ip{10, 60};

  // Email
  EmailBackend email_backend = EmailBackend::kConsole;
  EmailWorker email_worker = EmailWorker::kInProcess;
  std::string email_file_dir = "var/mail";
  std::string smtp_host = "localhost";
  int smtp_port = 587;
  std::string smtp_username;
  std::string smtp_password;
  bool smtp_starttls = true;
  std::string email_from = "plangate <no-reply@localhost>";
  // Where the web app is; by default the server's own origin, which serves it (OwnOrigin).
  std::string frontend_url;
  int email_retry_max_seconds = 300;
  std::chrono::milliseconds email_poll_interval{1000};

  // Billing
  std::string stripe_secret_key;
  std::vector<std::string> stripe_webhook_secrets;
  std::vector<std::pair<std::string, std::string>> stripe_price_ids;  // plan_id -> price id
  std::string stripe_api_base = "https://api.stripe.com";
  int stripe_sync_interval = 6 * 3600;
  std::chrono::milliseconds stripe_timeout{10000};
  int stripe_max_retries = 2;
  int stripe_concurrency =
      0;  // threads for the routes that call Stripe (their own pool); 0 = as many as the workers
  int app_limit_basic = 3;
  int app_limit_pro = 25;
  bool past_due_keeps_pro = true;
  CancelDowngradeMode cancel_downgrade_mode = CancelDowngradeMode::kPeriodEnd;

  // Operations
  logging::Level log_level = logging::Level::kInfo;
  std::string metrics_token;
  bool metrics_public = false;  // staging/prod: /metrics without METRICS_TOKEN (see MetricsAccess)

  // Two-factor sign-in
  std::string mfa_issuer = "plangate";  // the otpauth:// issuer authenticator apps show
  RateLimit mfa_verify_per_ip{10, 60};
  // setup, confirm, recovery-codes, disable: each checks a password or a code.
  RateLimit mfa_per_user{10, 60};

  // Sign in with an OpenID Connect provider, in OIDC_PROVIDERS order.
  std::vector<OidcProviderConfig> oidc_providers;
  // Every call to a provider gives up within this (the contract's bound is 10 s).
  std::chrono::milliseconds oidc_timeout{10000};
  RateLimit oidc_start_per_ip{30, 60};

  // Every secret value, for the logger's redaction.
  std::vector<std::string> Secrets() const;
};

// Parses and validates. Throws ConfigError naming the variable. Reads NAME_FILE files. Does not
// generate the local signing key (see EnsureLocalSigningKey) so that parsing stays side-effect
// free.
Config ParseConfig(const Env& env);

// In APP_ENV=local without JWT_SIGNING_KEY: loads or creates a random key at `path` (mode 0600).
void EnsureLocalSigningKey(Config& config, const std::string& path = "var/jwt_signing_key");

std::string_view AppEnvName(AppEnv env);

}  // namespace plangate::app
