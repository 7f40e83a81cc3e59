#include "fake_oidc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <ctime>
#include <stdexcept>

namespace plangate::test {

namespace {

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

void DecodeInto(std::string_view body, std::map<std::string, std::string>& out) {
  while (!body.empty()) {
    auto amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    out[PercentDecode(pair.substr(0, eq))] = PercentDecode(pair.substr(eq + 1));
  }
}

std::string PercentEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string Error(const std::string& error) {
  return boost::json::serialize(boost::json::object{{"error", error}});
}

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

FakeOidc::FakeOidc() {
  rsa_ = std::make_shared<testing::SigningKey>(testing::SigningKey::Type::kRsa, "rsa-1");
  ec_ = std::make_shared<testing::SigningKey>(testing::SigningKey::Type::kP256, "ec-1");
  stranger_ = std::make_shared<testing::SigningKey>(testing::SigningKey::Type::kRsa, "never-seen");
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("fake oidc: cannot listen");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

FakeOidc::~FakeOidc() {
  running_ = false;
  thread_.join();
  ::close(listen_fd_);
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    workers.swap(workers_);
  }
  for (auto& w : workers) w.join();
}

std::map<std::string, std::string> FakeOidc::Env(const std::string& name) const {
  std::string upper = name;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string prefix = "OIDC_" + upper + "_";
  return {{"OIDC_PROVIDERS", name},
          {prefix + "ISSUER", issuer()},
          {prefix + "CLIENT_ID", kClientId},
          {prefix + "CLIENT_SECRET", kClientSecret},
          {prefix + "LABEL", "Fake " + name}};
}

void FakeOidc::SetAccount(Account account) {
  std::lock_guard lock(mu_);
  account_ = std::move(account);
}

void FakeOidc::Set(Switches switches) {
  std::lock_guard lock(mu_);
  switches_ = switches;
}

void FakeOidc::HangNext(const std::string& path, int count, std::chrono::milliseconds delay) {
  std::lock_guard lock(mu_);
  hangs_[path] = {count, delay};
}

void FakeOidc::RotateKeys() {
  std::lock_guard lock(mu_);
  ++generation_;
  rsa_ = std::make_shared<testing::SigningKey>(testing::SigningKey::Type::kRsa,
                                               "rsa-" + std::to_string(generation_));
  ec_ = std::make_shared<testing::SigningKey>(testing::SigningKey::Type::kP256,
                                              "ec-" + std::to_string(generation_));
}

std::size_t FakeOidc::Count(const std::string& path) {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (const auto& r : requests_) n += r.path == path;
  return n;
}

std::vector<OidcRequest> FakeOidc::Requests() {
  std::lock_guard lock(mu_);
  return requests_;
}

void FakeOidc::Serve() {
  while (running_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(mu_);
    workers_.emplace_back([this, fd] {
      Handle(fd);
      ::close(fd);
    });
  }
}

void FakeOidc::Handle(int fd) {
  std::string buffer;
  auto fill = [&]() {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return false;
    char chunk[8192];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t header_end;
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return;
  }
  OidcRequest r;
  std::string head = buffer.substr(0, header_end);
  auto line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  auto sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
  r.method = request_line.substr(0, sp1);
  std::string target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) DecodeInto(target.substr(q + 1), r.params);
  std::size_t content_length = 0;
  std::size_t pos = line_end + 2;
  while (pos < head.size()) {
    auto end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (name == "content-length") content_length = std::stoul(value);
      r.headers[name] = value;
    }
    pos = end + 2;
  }
  while (buffer.size() < header_end + 4 + content_length) {
    if (!fill()) return;
  }
  DecodeInto(std::string_view(buffer).substr(header_end + 4, content_length), r.params);

  std::chrono::milliseconds hang{0};
  {
    std::lock_guard lock(mu_);
    requests_.push_back(r);
    if (auto it = hangs_.find(r.path); it != hangs_.end() && it->second.first > 0) {
      --it->second.first;
      hang = it->second.second;
    }
  }
  if (hang.count() > 0) {
    std::this_thread::sleep_for(hang);
    return;
  }
  std::string location;
  auto [status, body] = Route(r, &location);
  std::string response = "HTTP/1.1 " + std::to_string(status) + " X\r\n";
  if (!location.empty()) response += "Location: " + location + "\r\n";
  response += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\nConnection: close\r\n\r\n" + body;
  (void)!::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
}

std::pair<int, std::string> FakeOidc::Route(const OidcRequest& r, std::string* location) {
  std::lock_guard lock(mu_);
  if (r.method == "GET" && r.path == "/.well-known/openid-configuration") {
    boost::json::array methods;
    if (!switches_.post_auth_only) methods.push_back("client_secret_basic");
    methods.push_back("client_secret_post");
    return {200,
            boost::json::serialize(boost::json::object{
                {"issuer", issuer()},
                {"authorization_endpoint", issuer() + "/authorize"},
                {"token_endpoint", issuer() + "/token"},
                {"jwks_uri", issuer() + "/jwks"},
                {"response_types_supported", boost::json::array{"code"}},
                {"subject_types_supported", boost::json::array{"public"}},
                {"id_token_signing_alg_values_supported", boost::json::array{"RS256", "ES256"}},
                {"code_challenge_methods_supported", boost::json::array{"S256"}},
                {"token_endpoint_auth_methods_supported", methods}})};
  }
  if (r.method == "GET" && r.path == "/jwks") {
    return {200, boost::json::serialize(
                     boost::json::object{{"keys", boost::json::array{rsa_->Jwk(), ec_->Jwk()}}})};
  }
  auto param = [&](const std::string& k) {
    auto it = r.params.find(k);
    return it == r.params.end() ? std::string() : it->second;
  };
  if (r.method == "GET" && r.path == "/authorize") {
    const std::string redirect = param("redirect_uri");
    const std::string sep = redirect.find('?') == std::string::npos ? "?" : "&";
    if (switches_.deny) {
      *location = redirect + sep + "error=access_denied&state=" + PercentEncode(param("state"));
      return {302, ""};
    }
    if (param("response_type") != "code" || param("client_id") != kClientId ||
        param("code_challenge_method") != "S256" || param("code_challenge").empty() ||
        param("nonce").empty() || param("state").empty()) {
      return {400, Error("invalid_request")};
    }
    std::string code = "code-" + std::to_string(next_code_++);
    grants_[code] = Grant{param("nonce"), param("code_challenge"), redirect, account_};
    *location =
        redirect + sep + "code=" + PercentEncode(code) + "&state=" + PercentEncode(param("state"));
    return {302, ""};
  }
  if (r.method == "POST" && r.path == "/token") {
    // Client authentication: exactly one of Basic and the form's client_secret.
    std::string id, secret;
    auto auth = r.headers.find("authorization");
    const bool basic = auth != r.headers.end();
    if (basic) {
      if (switches_.post_auth_only || auth->second.rfind("Basic ", 0) != 0) {
        return {401, Error("invalid_client")};
      }
      std::string b64 = auth->second.substr(6);
      std::string raw(b64.size(), '\0');
      std::size_t len = 0;
      if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), b64.data(),
                            b64.size(), nullptr, &len, nullptr,
                            sodium_base64_VARIANT_ORIGINAL) != 0) {
        return {401, Error("invalid_client")};
      }
      raw.resize(len);
      auto colon = raw.find(':');
      if (colon == std::string::npos) return {401, Error("invalid_client")};
      id = PercentDecode(raw.substr(0, colon));
      secret = PercentDecode(raw.substr(colon + 1));
      if (r.params.count("client_secret")) return {400, Error("invalid_request")};
    } else {
      id = param("client_id");
      secret = param("client_secret");
    }
    if (id != kClientId || secret != kClientSecret) return {401, Error("invalid_client")};
    if (switches_.token_error || param("grant_type") != "authorization_code") {
      return {400, Error("invalid_grant")};
    }
    auto grant = grants_.find(param("code"));
    if (grant == grants_.end()) return {400, Error("invalid_grant")};
    Grant g = grant->second;
    grants_.erase(grant);  // a code works once
    unsigned char digest[crypto_hash_sha256_BYTES];
    const std::string verifier = param("code_verifier");
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()),
                       verifier.size());
    if (verifier.size() < 43 || verifier.size() > 128 ||
        testing::B64Url(std::string(reinterpret_cast<char*>(digest), sizeof digest)) !=
            g.challenge ||
        param("redirect_uri") != g.redirect_uri) {
      return {400, Error("invalid_grant")};
    }
    const std::int64_t now = Now();
    boost::json::object claims{
        {"iss", switches_.wrong_issuer ? issuer() + "/other" : issuer()},
        {"aud", switches_.wrong_audience ? boost::json::value("someone-else")
                                         : boost::json::value(boost::json::array{kClientId})},
        {"sub", g.account.sub},
        {"iat", switches_.expired ? now - 7200 : now},
        {"exp", switches_.expired ? now - 3600 : now + 600},
        {"nonce", switches_.wrong_nonce ? g.nonce + "x" : g.nonce}};
    if (g.account.has_email) {
      claims["email"] = g.account.email;
      claims["email_verified"] = g.account.email_verified;
    }
    const testing::SigningKey& key =
        switches_.unknown_kid ? *stranger_ : (switches_.sign_with_ec ? *ec_ : *rsa_);
    return {200, boost::json::serialize(boost::json::object{{"access_token", "at-" + g.nonce},
                                                            {"token_type", "Bearer"},
                                                            {"expires_in", 600},
                                                            {"id_token", key.Sign(claims)}})};
  }
  return {404, Error("not_found")};
}

}  // namespace plangate::test
