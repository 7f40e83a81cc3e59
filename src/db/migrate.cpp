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
// The words of `sql` (letters, digits, '_'), upper-cased, outside quoted text; a word right after
// a '.' (a column such as NEW.end) is not a keyword and is left out.
std::vector<std::string> Words(std::string_view sql) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0, previous = 0, before_word = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      previous = c;
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      if (word.empty()) before_word = previous;
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else {
      if (!word.empty() && before_word != '.') words.push_back(std::move(word));
      word.clear();
      if (c == '\'' || c == '"') quote = c;
    }
    previous = c;
  }
  if (!word.empty() && before_word != '.') words.push_back(std::move(word));
  return words;
}

// Whether `statement` (so far) is a CREATE [TEMP] TRIGGER whose BEGIN ... END body is still open
// (a CASE ... END inside it is not its end).
bool InTriggerBody(std::string_view statement) {
  const std::vector<std::string> words = Words(statement);
  std::size_t i = 0;
  if (words.size() < 2 || words[i++] != "CREATE") return false;
  if (words[i] == "TEMP" || words[i] == "TEMPORARY") ++i;
  if (i >= words.size() || words[i] != "TRIGGER") return false;
  while (i < words.size() && words[i] != "BEGIN") ++i;
  if (i == words.size()) return false;
  int depth = 0;
  for (; i < words.size(); ++i) {
    if (words[i] == "BEGIN" || words[i] == "CASE") ++depth;
    if (words[i] == "END") --depth;
  }
  return depth > 0;
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
