#include "core/config.h"

namespace plangate::core {

std::string_view AppEnvName(AppEnv env) {
  switch (env) {
    case AppEnv::kLocal:
      return "local";
    case AppEnv::kStaging:
      return "staging";
    case AppEnv::kProd:
      return "prod";
  }
  return "local";
}

}  // namespace plangate::core
