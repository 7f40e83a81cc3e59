#include "db/migrate.h"

#include <cctype>

#include <soci/soci.h>

#include <ctime>
#include <set>

#include "db/migrations_data.h"
#include "db/prepared.h"

namespace plangate::db {

namespace {
// Any constant works; it only has to be the same for every plangate process.
constexpr long long kMigrationLockKey = 0x706c616e67617465;  // "plangate"

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}
std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Whether `statement` (so far) is a CREATE TRIGGER whose BEGIN ... END body has not ended: it
// holds BEGIN and does not end with the word END.
bool InTriggerBody(std::string_view statement) {
  const std::size_t first = statement.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  const std::string upper = Upper(statement.substr(first));
  if (upper.rfind("CREATE TRIGGER", 0) != 0 || upper.find("BEGIN") == std::string::npos) {
    return false;
  }
  const std::size_t last = upper.find_last_not_of(" \t\r\n");
  const bool ends_with_end =
      last >= 3 && upper.compare(last - 2, 3, "END") == 0 &&
      !(std::isalnum(static_cast<unsigned char>(upper[last - 3])) || upper[last - 3] == '_');
  return !ends_with_end;
}
}  // namespace

std::vector<std::string> SplitSqlStatements(std::string_view script) {
  std::vector<std::string> out;
  std::string current;
  char quote = 0;
  for (std::size_t i = 0; i < script.size(); ++i) {
    char c = script[i];
    if (quote) {
      current += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
      while (i < script.size() && script[i] != '\n') ++i;
      current += '\n';
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    // A dollar-quoted body ($$ ... $$ or $tag$ ... $tag$, e.g. a function's) is one token.
    if (c == '$') {
      std::size_t end = i + 1;
      while (end < script.size() &&
             (std::isalnum(static_cast<unsigned char>(script[end])) || script[end] == '_')) {
        ++end;
      }
      if (end < script.size() && script[end] == '$' &&
          (end == i + 1 || !std::isdigit(static_cast<unsigned char>(script[i + 1])))) {
        const std::string_view tag = script.substr(i, end - i + 1);
        std::size_t close = script.find(tag, end + 1);
        close = close == std::string_view::npos ? script.size() : close + tag.size();
        current.append(script.substr(i, close - i));
        i = close - 1;
        continue;
      }
    }
    // SQLite's CREATE TRIGGER ... BEGIN a; b; END is one statement: it ends at the ';' after END.
    if (c == ';' && InTriggerBody(current)) {
      current += c;
      continue;
    }
    if (c == ';') {
      if (!IsBlank(current)) out.push_back(std::move(current));
      current.clear();
      continue;
    }
    current += c;
  }
  if (!IsBlank(current)) out.push_back(std::move(current));
  return out;
}

std::vector<AppliedMigration> Migrate(Database& db) {
  const std::string_view engine = db.engine() == Engine::kPostgres ? "postgres" : "sqlite";
  // Another process may hold the migration lock, and a migration may build a large index.
  Database::WithoutDeadline unbounded;
  return db.Transaction([&](soci::session& s) {
    if (db.engine() == Engine::kPostgres) {
      s << "SELECT pg_advisory_xact_lock(" << kMigrationLockKey << ")";
    }
    s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
         "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    std::set<int> applied;
    {
      int version = 0;
      soci::statement st =
          (Query(s, "SELECT version FROM schema_migrations"), soci::into(version)).Build();
      st.execute();
      while (st.fetch()) applied.insert(version);
    }
    std::vector<AppliedMigration> done;
    long long now = static_cast<long long>(std::time(nullptr));
    for (const auto& m : EmbeddedMigrations()) {
      if (m.engine != engine || applied.count(m.version)) continue;
      for (const auto& statement : SplitSqlStatements(m.sql)) s << statement;
      std::string name(m.name);
      s << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
          soci::use(m.version), soci::use(name), soci::use(now);
      done.push_back({m.version, name});
    }
    return done;
  });
}

std::int64_t AppliedMigrationCount(soci::session& s) {
  long long applied = 0;
  s << "SELECT COUNT(*) FROM schema_migrations", soci::into(applied);
  return applied;
}

}  // namespace plangate::db
