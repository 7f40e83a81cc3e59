#include "app/version.h"

namespace plangate::app {

std::string_view Version() { return PLANGATE_VERSION; }

}  // namespace plangate::app
