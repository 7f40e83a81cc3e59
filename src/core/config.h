#pragma once
// The program's configuration as one typed struct, read once at start-up (app/config.h parses it
// from the environment and validates it). It lives here, at the bottom, so that every layer can
// take the settings it needs without knowing where they came from.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/logging.h"
#include "core/rate_limit.h"

namespace plangate::core {

enum class AppEnv { kLocal, kStaging, kProd };
enum class EmailBackend { kConsole, kSmtp, kFile };
enum class EmailWorker { kInProcess, kExternal };
enum class CancelDowngradeMode { kPeriodEnd, kImmediate };

// What stands between plangate and PostgreSQL (DATABASE_POOLER). Behind a pooler that hands out a
// server session per transaction (PgBouncer's pool_mode = transaction), a statement prepared by
// name on one transaction's server session is missing, or another client's, in the next.
enum class Pooler {
  kNone,         // a direct connection, or a pooler in session mode
  kTransaction,  // transaction pooling: nothing may outlive a transaction on the server session
};

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
  Pooler database_pooler = Pooler::kNone;  // DATABASE_POOLER
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
};

std::string_view AppEnvName(AppEnv env);

}  // namespace plangate::core
