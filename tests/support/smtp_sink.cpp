#include "smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace plangate::test {

std::string ReceivedMail::Header(std::string_view name) const {
  std::string needle = "\r\n" + std::string(name) + ": ";
  std::string padded = "\r\n" + data;
  auto pos = padded.find(needle);
  if (pos == std::string::npos) return {};
  pos += needle.size();
  return padded.substr(pos, padded.find("\r\n", pos) - pos);
}

std::string TokenFromMail(const ReceivedMail& mail, std::string_view link_path) {
  std::string needle = std::string(link_path) + "?token=";
  auto pos = mail.data.find(needle);
  if (pos == std::string::npos) return {};
  pos += needle.size();
  auto end = pos;
  while (end < mail.data.size() && (std::isalnum(static_cast<unsigned char>(mail.data[end])) ||
                                    mail.data[end] == '-' || mail.data[end] == '_')) {
    ++end;
  }
  return mail.data.substr(pos, end - pos);
}

namespace {
std::string Base64Decode(const std::string& in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    auto pos = kAlphabet.find(c);
    if (pos == std::string::npos) break;
    val = (val << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((val >> bits) & 0xff);
      bits -= 8;
    }
  }
  return out;
}
}  // namespace

SmtpSink::SmtpSink() { Start(); }

SmtpSink::~SmtpSink() { Stop(); }

void SmtpSink::Start() {
  if (listener_) return;
  // Sessions one at a time, as the tests read them; a restart takes the same port back.
  listener_.emplace(
      "smtp sink", [this](int fd) { Handle(fd); }, LoopbackListener::Mode::kOneAtATime, port_);
  port_ = listener_->port();
}

void SmtpSink::Stop() {
  // A client may hold its session open: tell the session to end, or the listener waits for it.
  stopping_ = true;
  listener_.reset();
  stopping_ = false;
}

void SmtpSink::Handle(int fd) {
  auto send = [fd](std::string_view line) {
    std::string out(line);
    out += "\r\n";
    (void)!::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
  };
  std::string buffer;
  // Reads one CRLF-terminated line; false on close, timeout or stop.
  auto read_line = [&](std::string* line) {
    while (true) {
      auto pos = buffer.find("\r\n");
      if (pos != std::string::npos) {
        *line = buffer.substr(0, pos);
        buffer.erase(0, pos + 2);
        return true;
      }
      int ready = 0;
      for (int waited = 0; ready == 0 && waited < 10000 && !stopping_; waited += 50) {
        pollfd p{fd, POLLIN, 0};
        ready = ::poll(&p, 1, 50);
      }
      if (ready <= 0 || stopping_) return false;
      char chunk[4096];
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  };
  send("220 sink.test ESMTP plangate-test-sink");
  ReceivedMail current;
  std::string auth;
  std::string line;
  while (read_line(&line)) {
    std::string upper = line.substr(0, 4);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == "EHLO") {
      send("250-sink.test");
      send("250-AUTH PLAIN");
      send("250 8BITMIME");
    } else if (upper == "AUTH") {
      // AUTH PLAIN <base64>, or AUTH PLAIN then the response on its own line.
      std::string rest = line.size() > 11 ? line.substr(11) : "";
      if (rest.empty()) {
        send("334 ");
        if (!read_line(&rest)) return;
      }
      auth = Base64Decode(rest);
      send("235 2.7.0 Authentication successful");
    } else if (upper == "HELO") {
      send("250 sink.test");
    } else if (upper == "MAIL") {
      current = ReceivedMail{};
      current.auth = auth;
      auto lt = line.find('<'), gt = line.find('>');
      if (lt != std::string::npos && gt != std::string::npos) {
        current.from = line.substr(lt + 1, gt - lt - 1);
      }
      send("250 OK");
    } else if (upper == "RCPT") {
      auto lt = line.find('<'), gt = line.find('>');
      if (lt != std::string::npos && gt != std::string::npos) {
        current.to.push_back(line.substr(lt + 1, gt - lt - 1));
      }
      send("250 OK");
    } else if (upper == "DATA") {
      send("354 End data with <CR><LF>.<CR><LF>");
      std::string data;
      while (read_line(&line)) {
        if (line == ".") break;
        if (!line.empty() && line[0] == '.') line.erase(0, 1);
        data += line + "\r\n";
      }
      current.data = data;
      {
        std::lock_guard lock(mu_);
        messages_.push_back(current);
      }
      send("250 OK queued");
    } else if (upper == "RSET" || upper == "NOOP") {
      send("250 OK");
    } else if (upper == "QUIT") {
      send("221 Bye");
      return;
    } else {
      send("502 Command not implemented");
    }
  }
}

std::vector<ReceivedMail> SmtpSink::Messages() {
  std::lock_guard lock(mu_);
  return messages_;
}

std::size_t SmtpSink::CountTo(const std::string& to) {
  std::size_t n = 0;
  for (const auto& m : Messages()) {
    for (const auto& r : m.to) n += r == to;
  }
  return n;
}

std::optional<ReceivedMail> SmtpSink::WaitFor(const std::string& to, std::string_view subject_part,
                                              std::size_t count,
                                              std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::vector<ReceivedMail> matching;
    for (const auto& m : Messages()) {
      bool addressed = false;
      for (const auto& r : m.to) addressed |= r == to;
      if (addressed && m.Header("Subject").find(subject_part) != std::string::npos) {
        matching.push_back(m);
      }
    }
    if (matching.size() >= count) return matching.back();
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace plangate::test
