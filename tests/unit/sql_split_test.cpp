#include <gtest/gtest.h>

#include "db/migrate.h"
#include "db/migrations_data.h"

namespace plangate::db {
namespace {

TEST(SqlSplitTest, SplitsOnTopLevelSemicolonsOnly) {
  auto parts = SplitSqlStatements(
      "-- a comment; with a semicolon\nCREATE TABLE a (x TEXT DEFAULT 'a;b');\n\n"
      "INSERT INTO a VALUES ('it''s; fine');  \n-- trailing comment\n");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_NE(parts[0].find("'a;b'"), std::string::npos);
  EXPECT_NE(parts[1].find("'it''s; fine'"), std::string::npos);
}

TEST(SqlSplitTest, DollarQuotedBodiesAreOneToken) {
  auto parts = SplitSqlStatements(
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM 1; RETURN 2;\n"
      "END $$;\nCREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;$$;b' "
      "$body$;\nSELECT $1, $2;");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_NE(parts[0].find("RETURN 2;\nEND $$"), std::string::npos);
  EXPECT_NE(parts[1].find("'a;$$;b' $body$"), std::string::npos);
  EXPECT_NE(parts[2].find("$1, $2"), std::string::npos);
}

TEST(SqlSplitTest, SqliteTriggerBodiesAreOneStatement) {
  auto parts = SplitSqlStatements(
      "CREATE TABLE t (x INT);\ncreate trigger t_added AFTER INSERT ON t BEGIN\n"
      "  INSERT INTO log VALUES (1); INSERT INTO log VALUES (2);\nend;\n"
      "CREATE TRIGGER t_gone AFTER DELETE ON t WHEN OLD.x > 0 BEGIN DELETE FROM log; END;\n"
      "SELECT 'backend';");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_NE(parts[1].find("VALUES (1); INSERT INTO log VALUES (2);\nend"), std::string::npos);
  EXPECT_NE(parts[2].find("DELETE FROM log; END"), std::string::npos);
  EXPECT_NE(parts[3].find("'backend'"), std::string::npos);
  // A CASE ... END inside the body, a quoted 'END', a TEMP trigger; words that only contain
  // BEGIN or END; a PostgreSQL trigger, which has no body of its own.
  parts = SplitSqlStatements(
      "CREATE TEMP TRIGGER t1 AFTER UPDATE ON t BEGIN\n"
      "  INSERT INTO log VALUES (CASE WHEN NEW.x > 0 THEN 'END' ELSE NEW.end END);\n"
      "  DELETE FROM log;\nEND;\n"
      "CREATE TRIGGER beginning AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION ended();\n"
      "CREATE TABLE legend (x INT);");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_NE(parts[0].find("DELETE FROM log;\nEND"), std::string::npos);
  EXPECT_NE(parts[1].find("EXECUTE FUNCTION ended()"), std::string::npos);
  EXPECT_NE(parts[2].find("legend"), std::string::npos);
}

TEST(SqlSplitTest, EveryEngineHasTheSameMigrationVersions) {
  std::vector<int> pg, lite;
  for (const auto& m : EmbeddedMigrations())
    (m.engine == "postgres" ? pg : lite).push_back(m.version);
  EXPECT_FALSE(pg.empty());
  EXPECT_EQ(pg, lite);
  for (std::size_t i = 0; i < pg.size(); ++i) EXPECT_EQ(pg[i], static_cast<int>(i + 1));
}

}  // namespace
}  // namespace plangate::db
