#include "db/pg_pipeline.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <deque>
#include <set>

namespace plangate::db {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

int PgRow::columns() const { return PQnfields(result_); }
bool PgRow::IsNull(int column) const { return PQgetisnull(result_, row_, column) != 0; }
std::string_view PgRow::Text(int column) const {
  return {PQgetvalue(result_, row_, column),
          static_cast<std::size_t>(PQgetlength(result_, row_, column))};
}

namespace {
constexpr auto kConnectTimeout = std::chrono::seconds(5);
constexpr auto kRetryAfter = std::chrono::seconds(1);
}  // namespace

struct PgPipeline::Impl : std::enable_shared_from_this<Impl> {
  enum class State { kIdle, kConnecting, kReady, kBroken };
  // Where a sent command is in its answer: its result, the null that ends it, then the sync
  // point that follows every command (one sync per command, so a failed one aborts no other).
  enum class Phase { kResult, kEnd, kSync };
  struct Pending {
    Callback done;  // empty for a Prepare
    Phase phase = Phase::kResult;
    PGresult* result = nullptr;
    bool failed = false;
  };

  Impl(asio::io_context& io, std::string conninfo)
      : io(io), conninfo(std::move(conninfo)), socket(io), connect_timer(io) {}

  ~Impl() { Close(); }

  asio::io_context& io;
  std::string conninfo;
  PGconn* conn = nullptr;
  State state = State::kIdle;
  // A dup of libpq's socket: libpq may close and replace its own descriptor while connecting,
  // and the reactor must never be left watching a number that was closed under it.
  asio::posix::stream_descriptor socket;
  int watched_fd = -1;
  asio::steady_timer connect_timer;
  SteadyClock::time_point retry_at{};
  // Bumped whenever the connection is dropped, so handlers of an older connection do nothing.
  std::uint64_t generation = 0;
  bool reading = false, writing = false;
  std::deque<Pending> pending;
  std::set<const PgStatement*> prepared;

  bool Query(const PgStatement& statement, std::initializer_list<std::string_view> params,
             Callback done) {
    if (state != State::kReady) {
      if (state == State::kIdle || (state == State::kBroken && SteadyClock::now() >= retry_at)) {
        StartConnect();
      }
      return false;
    }
    if (static_cast<int>(params.size()) != statement.params || params.size() > 8) return false;
    if (!prepared.contains(&statement)) {
      if (!PQsendPrepare(conn, statement.name.c_str(), statement.sql.c_str(), statement.params,
                         nullptr) ||
          !PQpipelineSync(conn)) {
        Break();
        return false;
      }
      pending.push_back(Pending{});
      prepared.insert(&statement);
    }
    // Text parameters must be NUL-terminated; ids and similar keys are short.
    std::array<std::array<char, 64>, 8> storage;
    std::array<const char*, 8> values{};
    int i = 0;
    for (std::string_view p : params) {
      if (p.size() >= storage[i].size()) return false;
      p.copy(storage[i].data(), p.size());
      storage[i][p.size()] = '\0';
      values[i] = storage[i].data();
      ++i;
    }
    if (!PQsendQueryPrepared(conn, statement.name.c_str(), statement.params, values.data(), nullptr,
                             nullptr, 0) ||
        !PQpipelineSync(conn)) {
      Break();
      return false;
    }
    pending.push_back(Pending{std::move(done)});
    Flush();
    if (state == State::kReady) WaitReadable();
    return true;
  }

  void StartConnect() {
    Drop();
    state = State::kConnecting;
    // The URI goes in as "dbname" with expansion, so the pipeline's backends carry a name of
    // their own in pg_stat_activity.
    const char* keys[] = {"dbname", "fallback_application_name", nullptr};
    const char* values[] = {conninfo.c_str(), "plangate-pipeline", nullptr};
    conn = PQconnectStartParams(keys, values, 1);
    if (!conn || PQstatus(conn) == CONNECTION_BAD) {
      Break();
      return;
    }
    auto self = shared_from_this();
    const std::uint64_t gen = generation;
    connect_timer.expires_after(kConnectTimeout);
    connect_timer.async_wait([self, gen](const boost::system::error_code& ec) {
      if (!ec && self->generation == gen && self->state == State::kConnecting) self->Break();
    });
    // As the libpq manual says: behave as if PQconnectPoll had last asked to write.
    ContinueConnect(PGRES_POLLING_WRITING);
  }

  void ContinueConnect(PostgresPollingStatusType want) {
    if (want == PGRES_POLLING_OK) {
      connect_timer.cancel();
      if (PQsetnonblocking(conn, 1) != 0 || !PQenterPipelineMode(conn)) {
        Break();
        return;
      }
      state = State::kReady;
      return;
    }
    if (want == PGRES_POLLING_FAILED || !Watch()) {
      Break();
      return;
    }
    auto self = shared_from_this();
    const std::uint64_t gen = generation;
    socket.async_wait(want == PGRES_POLLING_READING ? asio::posix::descriptor_base::wait_read
                                                    : asio::posix::descriptor_base::wait_write,
                      [self, gen](const boost::system::error_code& ec) {
                        if (ec || self->generation != gen) return;
                        self->ContinueConnect(PQconnectPoll(self->conn));
                      });
  }

  // Points the reactor at libpq's current socket.
  bool Watch() {
    const int fd = PQsocket(conn);
    if (fd < 0) return false;
    if (fd == watched_fd && socket.is_open()) return true;
    boost::system::error_code ec;
    socket.close(ec);
    int copy = ::dup(fd);
    if (copy < 0) return false;
    socket.assign(copy, ec);
    if (ec) {
      ::close(copy);
      return false;
    }
    watched_fd = fd;
    return true;
  }

  void Flush() {
    const int r = PQflush(conn);
    if (r < 0) {
      Break();
      return;
    }
    if (r == 0 || writing) return;
    // The kernel buffer is full: finish when the socket can take more (reads go on meanwhile, so
    // a server that waits for us to read cannot deadlock us).
    writing = true;
    auto self = shared_from_this();
    const std::uint64_t gen = generation;
    socket.async_wait(asio::posix::descriptor_base::wait_write,
                      [self, gen](const boost::system::error_code& ec) {
                        if (self->generation != gen) return;
                        self->writing = false;
                        if (ec) return self->Break();
                        self->Flush();
                      });
  }

  void WaitReadable() {
    if (reading || pending.empty()) return;
    reading = true;
    auto self = shared_from_this();
    const std::uint64_t gen = generation;
    socket.async_wait(asio::posix::descriptor_base::wait_read,
                      [self, gen](const boost::system::error_code& ec) {
                        if (self->generation != gen) return;
                        self->reading = false;
                        if (ec || !PQconsumeInput(self->conn)) return self->Break();
                        self->Drain();
                        if (self->state == State::kReady) self->WaitReadable();
                      });
  }

  // Hands out every answer that is complete.
  void Drain() {
    while (state == State::kReady && !pending.empty() && !PQisBusy(conn)) {
      Pending& p = pending.front();
      PGresult* r = PQgetResult(conn);
      switch (p.phase) {
        case Phase::kResult: {
          if (!r) return Break();
          const ExecStatusType status = PQresultStatus(r);
          if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            p.result = r;
          } else if (status == PGRES_FATAL_ERROR || status == PGRES_PIPELINE_ABORTED) {
            PQclear(r);
            // A Prepare that failed leaves the statement unknown to this connection: start over
            // rather than track it.
            if (!p.done) return Break();
            p.failed = true;
          } else {
            PQclear(r);
            return Break();
          }
          p.phase = Phase::kEnd;
          break;
        }
        case Phase::kEnd:
          if (r) {
            PQclear(r);
            return Break();
          }
          p.phase = Phase::kSync;
          break;
        case Phase::kSync: {
          const bool sync = r && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
          PQclear(r);
          if (!sync) return Break();
          Pending done = std::move(p);
          pending.pop_front();
          Complete(done);
          break;
        }
      }
    }
  }

  // May resume a request, which may send another query (or break the connection) from here.
  static void Complete(Pending& p) {
    if (p.done) {
      const bool has_row = p.result && !p.failed && PQntuples(p.result) > 0;
      PgRow row(p.result, 0);
      p.done(!p.failed && p.result != nullptr, has_row ? &row : nullptr);
    }
    PQclear(p.result);
  }

  // Closes the connection; the requests waiting on it go to the pool (never called back from
  // inside this call: one of them may be the caller).
  void Break() {
    Drop();
    state = State::kBroken;
    retry_at = SteadyClock::now() + kRetryAfter;
  }

  void Drop() {
    ++generation;
    reading = writing = false;
    boost::system::error_code ec;
    connect_timer.cancel();
    socket.close(ec);
    watched_fd = -1;
    if (conn) PQfinish(conn);
    conn = nullptr;
    prepared.clear();
    std::deque<Pending> orphans;
    orphans.swap(pending);
    for (Pending& p : orphans) {
      PQclear(p.result);
      if (p.done) asio::post(io, [done = std::move(p.done)] { done(false, nullptr); });
    }
  }

  void Close() {
    ++generation;
    boost::system::error_code ec;
    connect_timer.cancel();
    socket.close(ec);
    if (conn) PQfinish(conn);
    conn = nullptr;
    for (Pending& p : pending) PQclear(p.result);
    pending.clear();
  }
};

PgPipeline::PgPipeline(asio::io_context& io, std::string conninfo)
    : impl_(std::make_shared<Impl>(io, std::move(conninfo))) {
  impl_->StartConnect();
}

PgPipeline::~PgPipeline() { impl_->Close(); }

bool PgPipeline::Query(const PgStatement& statement, std::initializer_list<std::string_view> params,
                       Callback done) {
  return impl_->Query(statement, params, std::move(done));
}

bool PgPipeline::ready() const { return impl_->state == Impl::State::kReady; }

}  // namespace plangate::db
