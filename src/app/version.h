#pragma once

#include <string_view>

namespace plangate::app {

std::string_view Version();

}  // namespace plangate::app
