#include "db/pg_pipeline.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <deque>
#include <set>
#include <thread>

namespace plangate::db {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

int PgResult::rows() const { return PQntuples(result_); }
int PgRow::columns() const { return PQnfields(result_); }
bool PgRow::IsNull(int column) const { return PQgetisnull(result_, row_, column) != 0; }
std::string_view PgRow::Text(int column) const {
  return {PQgetvalue(result_, row_, column),
          static_cast<std::size_t>(PQgetlength(result_, row_, column))};
}

std::optional<std::int64_t> PgRow::Int(int column) const {
  if (IsNull(column)) return std::nullopt;
  const std::string_view text = Text(column);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

PgParam::PgParam(std::int64_t value) {
  auto [end, ec] = std::to_chars(std::begin(digits_), std::end(digits_), value);
  text_ = std::string_view(digits_, static_cast<std::size_t>(end - digits_));
}

namespace {
constexpr auto kRetryAfter = std::chrono::seconds(1);

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnCloser>;
}  // namespace

struct PgPipeline::Impl : std::enable_shared_from_this<Impl> {
  enum class State { kIdle, kConnecting, kReady, kBroken };
  // What an answer is awaited for: a Prepare, a query, or the sync point that ends a batch (the
  // commands given while no batch was out go out together, closed by one sync; a failed command
  // aborts the rest of its batch, whose requests then go to the pool).
  enum class Kind { kPrepare, kQuery, kSync };
  struct Pending {
    Kind kind = Kind::kQuery;
    Callback done;                           // for a query
    const PgStatement* statement = nullptr;  // for a Prepare
    SteadyClock::time_point sent;
    PGresult* result = nullptr;
    bool failed = false;
    bool ended = false;  // its result arrived; the null that ends it is next
  };

  Impl(asio::io_context& io, std::string conninfo, std::chrono::milliseconds query_timeout)
      : io(io),
        conninfo(std::move(conninfo)),
        query_timeout(query_timeout),
        socket(io),
        watchdog(io) {}

  asio::io_context& io;
  const std::string conninfo;
  // A query unanswered for this long means a stuck connection (half-open, a blocked backend):
  // its requests go to the pool instead of waiting on TCP's own timeouts.
  const std::chrono::milliseconds query_timeout;
  PGconn* conn = nullptr;
  State state = State::kIdle;
  // A dup of libpq's socket, so that the reactor's registration is ours to end.
  asio::posix::stream_descriptor socket;
  asio::steady_timer watchdog;
  // Connects with blocking libpq calls (name resolution included) off the I/O thread.
  std::thread connector;
  SteadyClock::time_point retry_at{};
  // Bumped whenever the connection is dropped, so handlers of an older connection do nothing.
  std::uint64_t generation = 0;
  bool reading = false, writing = false, watching = false, sync_posted = false;
  // A batch is out (its sync not yet answered): commands given meanwhile wait in libpq's buffer
  // and go out together, closed by one sync, when its answers are in. Batches then grow with the
  // load instead of each turn of the loop sending its own, and the server and this thread wake
  // each other once a batch rather than once a request or two: on 2 cores, GET /apps with two
  // event loops went from about 9,000 to 11,500 pages/s.
  bool batch_out = false, sync_wanted = false;
  std::deque<Pending> pending;
  std::set<const PgStatement*> prepared;

  // A handler that keeps this alive and calls fn(*this, ec) only while the connection it was
  // started for is still the current one.
  template <typename Fn>
  auto WhileCurrent(Fn fn) {
    return [self = shared_from_this(), gen = generation,
            fn = std::move(fn)](const boost::system::error_code& ec = {}) mutable {
      if (self->generation == gen) fn(*self, ec);
    };
  }

  bool Query(const PgStatement& statement, std::initializer_list<PgParam> params, Callback done) {
    if (state != State::kReady) {
      if (state == State::kBroken && SteadyClock::now() >= retry_at) StartConnect();
      return false;
    }
    if (static_cast<int>(params.size()) != statement.params || params.size() > 8) return false;
    // Text parameters must be NUL-terminated; ids and similar keys are short.
    std::array<std::array<char, 64>, 8> storage;
    std::array<const char*, 8> values{};
    int i = 0;
    for (const PgParam& param : params) {
      const std::string_view p = param.text();
      if (p.size() >= storage[i].size()) return false;
      p.copy(storage[i].data(), p.size());
      storage[i][p.size()] = '\0';
      values[i] = storage[i].data();
      ++i;
    }
    const auto now = SteadyClock::now();
    if (!prepared.contains(&statement)) {
      if (!PQsendPrepare(conn, statement.name.c_str(), statement.sql.c_str(), statement.params,
                         nullptr)) {
        Break();
        return false;
      }
      pending.push_back(Pending{Kind::kPrepare, {}, &statement, now});
      prepared.insert(&statement);
    }
    if (!PQsendQueryPrepared(conn, statement.name.c_str(), statement.params, values.data(), nullptr,
                             nullptr, 0)) {
      Break();
      return false;
    }
    pending.push_back(Pending{Kind::kQuery, std::move(done), nullptr, now});
    PostSync();
    return true;
  }

  // The sync (and the send) once the loop has run what is ready now: queries from requests that
  // arrived together go out in one write and are answered in one.
  void PostSync() {
    if (sync_posted) return;
    sync_posted = true;
    asio::post(io, WhileCurrent([](Impl& self, const boost::system::error_code&) {
                 self.sync_posted = false;
                 if (!self.batch_out) return self.SendSync();
                 self.sync_wanted = true;
                 // libpq may have sent part of its buffer, and read answers while at it.
                 self.Drain();
                 if (self.state == State::kReady) self.WaitReadable();
               }));
  }

  void SendSync() {
    if (!PQpipelineSync(conn)) return Break();
    pending.push_back(Pending{Kind::kSync, {}, nullptr, SteadyClock::now()});
    batch_out = true;
    Flush();
    if (state != State::kReady) return;
    // While sending, libpq reads whatever the server sent meanwhile (so that neither side waits
    // on a full buffer); answers it read that way would never make the socket readable again.
    Drain();
    if (state != State::kReady) return;
    WaitReadable();
    WatchOldest();
  }

  void StartConnect() {
    Drop();
    state = State::kConnecting;
    if (connector.joinable()) connector.join();  // the last attempt already handed its result
    auto self = shared_from_this();
    const std::uint64_t gen = generation;
    connector = std::thread([self, gen] {
      // Keywords before "dbname" are defaults that the URI's own parameters override.
      const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
      const char* values[] = {"5", "plangate-pipeline", self->conninfo.c_str(), nullptr};
      ConnPtr c(PQconnectdbParams(keys, values, 1));
      asio::post(self->io,
                 [self, gen, c = std::move(c)]() mutable { self->Adopt(gen, std::move(c)); });
    });
  }

  void Adopt(std::uint64_t gen, ConnPtr c) {
    if (gen != generation || state != State::kConnecting) return;
    if (!c || PQstatus(c.get()) != CONNECTION_OK || PQsetnonblocking(c.get(), 1) != 0 ||
        !PQenterPipelineMode(c.get())) {
      return Break();
    }
    // Notices would otherwise go to stderr, outside the structured log.
    PQsetNoticeProcessor(
        c.get(), [](void*, const char*) {}, nullptr);
    const int copy = ::dup(PQsocket(c.get()));
    boost::system::error_code ec;
    if (copy >= 0) socket.assign(copy, ec);
    if (copy < 0 || ec) {
      if (copy >= 0) ::close(copy);
      return Break();
    }
    conn = c.release();
    state = State::kReady;
  }

  void Flush() {
    const int r = PQflush(conn);
    if (r < 0) return Break();
    if (r == 0 || writing) return;
    // The kernel buffer is full: finish when the socket can take more (reads go on meanwhile, so
    // a server that waits for us to read cannot deadlock us).
    writing = true;
    socket.async_wait(asio::posix::descriptor_base::wait_write,
                      WhileCurrent([](Impl& self, const boost::system::error_code& ec) {
                        self.writing = false;
                        if (ec) return self.Break();
                        self.Flush();
                        if (self.state != State::kReady) return;
                        self.Drain();  // what libpq read while flushing
                        if (self.state == State::kReady) self.WaitReadable();
                      }));
  }

  void WaitReadable() {
    if (reading || pending.empty()) return;
    reading = true;
    socket.async_wait(asio::posix::descriptor_base::wait_read,
                      WhileCurrent([](Impl& self, const boost::system::error_code& ec) {
                        self.reading = false;
                        if (ec || !PQconsumeInput(self.conn)) return self.Break();
                        self.Drain();
                        if (self.state == State::kReady) self.WaitReadable();
                      }));
  }

  // Breaks the connection when its oldest query waited too long.
  void WatchOldest() {
    if (watching || pending.empty()) return;
    watching = true;
    watchdog.expires_after(query_timeout / 4);
    watchdog.async_wait(WhileCurrent([](Impl& self, const boost::system::error_code& ec) {
      self.watching = false;
      if (ec || self.pending.empty()) return;
      if (SteadyClock::now() - self.pending.front().sent >= self.query_timeout) return self.Break();
      self.WatchOldest();
    }));
  }

  // Hands out every answer that is complete.
  void Drain() {
    while (state == State::kReady && !pending.empty() && !PQisBusy(conn)) {
      Pending& p = pending.front();
      PGresult* r = PQgetResult(conn);
      if (p.kind == Kind::kSync) {
        const bool sync = r && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (!sync) return Break();
        pending.pop_front();
        batch_out = false;
        if (sync_wanted) {
          sync_wanted = false;
          PostSync();
        }
      } else if (!p.ended) {
        if (!r) return Break();
        const ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
          p.result = r;
        } else if (status == PGRES_FATAL_ERROR || status == PGRES_PIPELINE_ABORTED) {
          PQclear(r);
          if (p.kind == Kind::kPrepare) {
            // Aborted by an earlier failure in its batch: prepare it again with the next query.
            // Refused by the server: the statement itself is wrong; start over (a second later).
            if (status == PGRES_FATAL_ERROR) return Break();
            prepared.erase(p.statement);
          }
          p.failed = true;
        } else {
          PQclear(r);
          return Break();
        }
        p.ended = true;
      } else {
        if (r) {
          PQclear(r);
          return Break();
        }
        Pending done = std::move(p);
        pending.pop_front();
        Complete(done);
      }
    }
  }

  // May resume a request, which may send another query (or break the connection) from here.
  static void Complete(Pending& p) {
    if (p.done) {
      const PgResult result(p.result);
      p.done(p.failed || !p.result ? nullptr : &result);
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
    reading = writing = watching = sync_posted = batch_out = sync_wanted = false;
    boost::system::error_code ec;
    watchdog.cancel();
    socket.close(ec);
    if (conn) PQfinish(conn);
    conn = nullptr;
    prepared.clear();
    std::deque<Pending> orphans;
    orphans.swap(pending);
    for (Pending& p : orphans) {
      PQclear(p.result);
      if (p.done) asio::post(io, [done = std::move(p.done)] { done(nullptr); });
    }
  }

  // At the end of the I/O thread: waiting requests are dropped with the loop.
  void Close() {
    ++generation;
    state = State::kBroken;
    retry_at = SteadyClock::time_point::max();
    boost::system::error_code ec;
    watchdog.cancel();
    socket.close(ec);
    if (conn) PQfinish(conn);
    conn = nullptr;
    for (Pending& p : pending) PQclear(p.result);
    pending.clear();
    if (connector.joinable()) connector.join();
  }
};

PgPipeline::PgPipeline(asio::io_context& io, std::string conninfo,
                       std::chrono::milliseconds query_timeout)
    : impl_(std::make_shared<Impl>(io, std::move(conninfo), query_timeout)) {
  impl_->StartConnect();
}

PgPipeline::~PgPipeline() { impl_->Close(); }

bool PgPipeline::Query(const PgStatement& statement, std::initializer_list<PgParam> params,
                       Callback done) {
  return impl_->Query(statement, params, std::move(done));
}

bool PgPipeline::ready() const { return impl_->state == Impl::State::kReady; }

}  // namespace plangate::db
