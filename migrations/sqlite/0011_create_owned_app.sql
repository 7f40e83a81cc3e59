-- Nothing on SQLite: its POST /apps takes the database's write lock (BEGIN IMMEDIATE) and runs
-- the same steps in-process; see migrations/postgres/0011_create_owned_app.sql.
SELECT 1;
