#pragma once
// Part of the server (included by server.cpp and session.cpp only, which keeps Asio in those two
// translation units).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <optional>
#include <vector>

namespace plangate::http {

// The I/O deadlines of one I/O thread's connections, enforced by one periodic sweep instead of a
// timer operation armed and cancelled around every read and write (which, with Beast's
// tcp_stream, was a visible share of a small request's cost). Touched only by its thread.
class Deadlines {
 public:
  struct Entry {
    boost::asio::ip::tcp::socket* socket = nullptr;
    std::chrono::steady_clock::time_point at =
        std::chrono::steady_clock::time_point::max();  // max: not waiting on the peer
    std::size_t index = 0;
  };

  Deadlines(boost::asio::io_context& io, std::chrono::steady_clock::duration tick)
      : timer_(std::in_place, io), tick_(tick) {}

  void Add(Entry& e) {
    e.index = entries_.size();
    entries_.push_back(&e);
    if (!sweeping_ && timer_) Sweep();
  }
  void Remove(Entry& e) {
    entries_.back()->index = e.index;
    entries_[e.index] = entries_.back();
    entries_.pop_back();
  }
  // The timer must go before its io_context; the entries may be removed after.
  void StopTimer() { timer_.reset(); }

 private:
  void Sweep() {
    const auto now = std::chrono::steady_clock::now();
    for (Entry* e : entries_) {
      if (e->at <= now) {
        // Ends the pending read or write with operation_aborted; the session then closes.
        e->at = std::chrono::steady_clock::time_point::max();
        boost::system::error_code ec;
        e->socket->cancel(ec);
      }
    }
    sweeping_ = !entries_.empty();
    if (!sweeping_) return;  // an idle thread does not wake up
    timer_->expires_after(tick_);
    timer_->async_wait([this](boost::system::error_code ec) {
      sweeping_ = false;
      if (!ec && timer_) Sweep();
    });
  }

  std::vector<Entry*> entries_;
  std::optional<boost::asio::steady_timer> timer_;
  std::chrono::steady_clock::duration tick_;
  bool sweeping_ = false;
};

// Registers a session's deadline for the session's lifetime.
struct DeadlineScope {
  Deadlines& deadlines;
  Deadlines::Entry& entry;
  DeadlineScope(Deadlines& d, Deadlines::Entry& e) : deadlines(d), entry(e) {
    deadlines.Add(entry);
  }
  ~DeadlineScope() { deadlines.Remove(entry); }
};

}  // namespace plangate::http
