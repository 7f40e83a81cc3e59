#include "test_env.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <atomic>
#include <boost/json/parse.hpp>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "db/migrate.h"

namespace plangate::test {

namespace {
std::string RandomSuffix() {
  static std::atomic<int> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rng() % 1000000);
}

std::vector<std::string> EnvStrings(const app::Env& env) {
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}
}  // namespace

std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

std::string PostgresAdminUrl() {
  const char* url = std::getenv("PLANGATE_TEST_PG_URL");
  if (!url || !*url) {
    throw std::runtime_error(
        "PLANGATE_TEST_PG_URL is not set: run the tests with `make test` (or "
        "scripts/pg-test.sh run -- ctest ...), which starts a throwaway PostgreSQL");
  }
  return url;
}

bool ThroughPooler() {
  const char* v = std::getenv("PLANGATE_TEST_THROUGH_POOLER");
  return v && std::string_view(v) == "1";
}

namespace {
// base with its database name replaced by name.
std::string WithDatabase(const std::string& base, const std::string& name) {
  return base.substr(0, base.rfind('/') + 1) + name;
}
}  // namespace

std::string PoolerUrl(const std::string& name) {
  const char* url = std::getenv("PLANGATE_TEST_PGBOUNCER_URL");
  if (!url || !*url) {
    throw std::runtime_error(
        "PLANGATE_TEST_PGBOUNCER_URL is not set: run the tests with `make test` (or "
        "scripts/pg-test.sh run -- ...), which starts PgBouncer in front of PostgreSQL");
  }
  return WithDatabase(url, name);
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "plangate-test.XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestDatabase::TestDatabase(Engine engine) : engine_(engine) {
  if (engine == Engine::kSqlite) {
    url_ = "sqlite:///" + dir_.path() + "/test.db";
    return;
  }
  std::string admin = PostgresAdminUrl();
  name_ = "plangate_t_" + RandomSuffix();
  soci::session s(soci::postgresql, db::ParseDatabaseUrl(admin).postgres_conninfo);
  s << "CREATE DATABASE " + name_;
  url_ = ThroughPooler() ? PoolerUrl(name_) : WithDatabase(admin, name_);
}

TestDatabase::~TestDatabase() {
  if (name_.empty()) return;
  try {
    soci::session s(soci::postgresql, db::ParseDatabaseUrl(PostgresAdminUrl()).postgres_conninfo);
    s << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
  } catch (const std::exception&) {
    // The cluster may be down on purpose in this test; it is deleted with its directory.
  }
}

void LogCapture::sink_it_(const spdlog::details::log_msg& msg) {
  lines_.emplace_back(msg.payload.data(), msg.payload.size());
}

std::vector<std::string> LogCapture::Lines() {
  std::lock_guard lock(mutex_);
  return lines_;
}

std::string LogCapture::All() {
  std::string all;
  for (const auto& l : Lines()) all += l + "\n";
  return all;
}

std::vector<boost::json::object> LogCapture::WaitForEvents(std::string_view event,
                                                           std::size_t count,
                                                           std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto found = Events(event);
  while (found.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    found = Events(event);
  }
  return found;
}

std::vector<boost::json::object> LogCapture::Events(std::string_view event) {
  std::vector<boost::json::object> out;
  for (const auto& line : Lines()) {
    auto value = boost::json::parse(line);
    auto& obj = value.as_object();
    if (obj["event"].as_string() == event) out.push_back(obj);
  }
  return out;
}

app::Env TestEnv(const TestDatabase& db) { return TestEnv(db.url()); }

app::Env TestEnv(const std::string& database_url) {
  app::Env env{
      {"APP_ENV", "local"},
      {"BIND", "127.0.0.1:0"},
      {"DATABASE_URL", database_url},
      {"JWT_SIGNING_KEY", "test-signing-key-0123456789abcdefghijklmnopqrstuvwxyz"},
      {"HTTP_THREADS", "2"},
      {"WORKER_THREADS", "4"},
      {"EMAIL_BACKEND", "console"},
      {"LOG_LEVEL", "debug"},
      // Whether web/dist was built must not change what unknown paths answer in API tests.
      {"WEB_DIR", "none"},
  };
  if (ThroughPooler() && database_url.starts_with("postgres")) {
    env["DATABASE_POOLER"] = "transaction";
  }
  return env;
}

TestServer::TestServer(const TestDatabase& db, const app::Env& overrides,
                       std::vector<http::Route> extra_routes, std::shared_ptr<core::Clock> clock)
    : TestServer(db.url(), overrides, std::move(extra_routes), std::move(clock)) {}

TestServer::TestServer(const std::string& database_url, const app::Env& overrides,
                       std::vector<http::Route> extra_routes, std::shared_ptr<core::Clock> clock)
    : logs_(std::make_shared<LogCapture>()) {
  app::Env env = TestEnv(database_url);
  for (const auto& [k, v] : overrides) env[k] = v;
  app_ = std::make_unique<app::Application>(app::ParseConfig(env), logs_, std::move(extra_routes),
                                            std::move(clock));
  db::Migrate(app_->database());
  app_->Start();
}

void TestServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  app_->RequestStop();
  app_->Wait();
}

TestServer::~TestServer() { Stop(); }

ServerProcess::ServerProcess(std::vector<std::string> args, const app::Env& env,
                             const std::string& cwd, const std::optional<std::string>& stdin_data) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0 ||
      ::pipe2(in_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> env_strings = EnvStrings(env);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    if (stdin_data) {
      ::dup2(in_pipe[0], 0);
    } else {
      int null_fd = ::open("/dev/null", O_RDONLY);
      ::dup2(null_fd, 0);
    }
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(in_pipe[0]);
  if (stdin_data) {
    std::string_view rest = *stdin_data;
    while (!rest.empty()) {
      ssize_t n = ::write(in_pipe[1], rest.data(), rest.size());
      if (n <= 0) break;
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  ::close(in_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
}

ServerProcess::~ServerProcess() {
  if (exit_code_ == -2 && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

void ServerProcess::Pump(int timeout_ms) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (::poll(fds, 2, timeout_ms) <= 0) return;
  char buf[8192];
  for (int i = 0; i < 2; ++i) {
    if (fds[i].revents & (POLLIN | POLLHUP)) {
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(n));
    }
  }
}

std::uint16_t ServerProcess::WaitForPort(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t scanned = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    Pump(50);
    std::size_t nl;
    while ((nl = out_.find('\n', scanned)) != std::string::npos) {
      std::string line = out_.substr(scanned, nl - scanned);
      scanned = nl + 1;
      if (line.find("\"server.started\"") != std::string::npos) {
        auto v = boost::json::parse(line);
        return static_cast<std::uint16_t>(v.at("port").as_int64());
      }
    }
    int status = 0;
    if (exit_code_ == -2 && ::waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      Pump(0);
      return 0;
    }
  }
  return 0;
}

void ServerProcess::Signal(int sig) {
  if (exit_code_ == -2) ::kill(pid_, sig);
}

int ServerProcess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (exit_code_ == -2) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      exit_code_ = -1;
      break;
    }
    Pump(20);
  }
  // The process is gone: read what is left until both pipes report end of file.
  for (int fd : {out_fd_, err_fd_}) {
    char buf[8192];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) {
      (fd == out_fd_ ? out_ : err_).append(buf, static_cast<std::size_t>(n));
    }
  }
  return exit_code_;
}

std::string ServerProcess::Stdout() {
  Pump(0);
  return out_;
}

std::string ServerProcess::Stderr() {
  Pump(0);
  return err_;
}

int RunCommand(const std::vector<std::string>& args, const app::Env& env, const std::string& cwd,
               std::string* output, std::string* error_output,
               const std::optional<std::string>& stdin_data) {
  ServerProcess p(args, env, cwd, stdin_data);
  int code = p.Wait(std::chrono::seconds(60));
  if (output) *output = p.Stdout();
  if (error_output) *error_output = p.Stderr();
  return code;
}

}  // namespace plangate::test

namespace plangate::test {

namespace {
std::string PgScript() { return std::string(PLANGATE_SOURCE_DIR) + "/scripts/pg-test.sh"; }

app::Env InheritedEnv() {
  app::Env env;
  for (const char* name : {"PATH", "HOME", "TMPDIR", "LANG"}) {
    if (const char* v = std::getenv(name)) env[name] = v;
  }
  return env;
}
}  // namespace

OwnPostgres::OwnPostgres() {
  // The server runs as the postgres user, which must be able to reach its data directory.
  std::filesystem::permissions(dir_.path(), std::filesystem::perms::owner_all |
                                                std::filesystem::perms::group_exec |
                                                std::filesystem::perms::others_exec);
  Start();
}

OwnPostgres::~OwnPostgres() { Stop(); }

void OwnPostgres::Start() {
  // A restart can find its port briefly held (a socket still closing): that one failure is
  // tried again (pg-test.sh prints the server log's tail, which names it); any other fails now.
  std::string out, err;
  int code = -1;
  for (int attempt = 0; attempt < 5 && code != 0; ++attempt) {
    if (attempt > 0) {
      const bool port_held = err.find("could not bind") != std::string::npos ||
                             err.find("Address already in use") != std::string::npos;
      if (!port_held) break;
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    code = RunCommand({"/bin/bash", PgScript(), "start", dir_.path() + "/pg"}, InheritedEnv(),
                      dir_.path(), &out, &err);
  }
  if (code != 0) throw std::runtime_error("pg-test.sh start failed: " + err);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  url_ = out;
}

void OwnPostgres::Stop() {
  std::string out;
  RunCommand({"/bin/bash", PgScript(), "stop", dir_.path() + "/pg"}, InheritedEnv(), dir_.path(),
             &out);
}

std::string OwnPostgres::CreateDatabase(const std::string& name) {
  soci::session s(soci::postgresql, db::ParseDatabaseUrl(url_).postgres_conninfo);
  s << "CREATE DATABASE " + name;
  return url_.substr(0, url_.rfind('/') + 1) + name;
}

}  // namespace plangate::test
