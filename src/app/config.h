#pragma once
// Configuration, read once from the environment into the typed struct of core/config.h and
// validated. Every secret can also come from NAME_FILE. Nothing else in the program reads the
// environment.

#include <chrono>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/config.h"

namespace plangate::app {

using Env = std::map<std::string, std::string>;

Env ProcessEnv();

using core::AppEnv;
using core::AppEnvName;
using core::CancelDowngradeMode;
using core::Config;
using core::EmailBackend;
using core::EmailWorker;
using core::OidcProviderConfig;
using core::RateLimit;

// A configuration the program refuses to run with; the message names the variable.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses and validates. Throws ConfigError naming the variable. Reads NAME_FILE files. Does not
// generate the local signing key (see EnsureLocalSigningKey) so that parsing stays side-effect
// free.
Config ParseConfig(const Env& env);

// In APP_ENV=local without JWT_SIGNING_KEY: loads or creates a random key at `path` (mode 0600).
void EnsureLocalSigningKey(Config& config, const std::string& path = "var/jwt_signing_key");

// Every secret value of the configuration, for the logger's redaction.
std::vector<std::string> Secrets(const Config& config);

}  // namespace plangate::app
