#pragma once

#include <string_view>
#include <vector>

namespace plangate::db {

struct EmbeddedMigration {
  std::string_view engine;  // "postgres" or "sqlite"
  int version;
  std::string_view name;
  std::string_view sql;
};

// Every migration under migrations/, compiled in, in version order per engine.
const std::vector<EmbeddedMigration>& EmbeddedMigrations();

}  // namespace plangate::db
