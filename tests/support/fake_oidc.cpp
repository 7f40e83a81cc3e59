#include "fake_oidc.h"

#include <sodium.h>

#include <boost/json/serialize.hpp>
#include <ctime>
#include <stdexcept>

#include "core/text.h"
#include "http_client.h"

namespace plangate::test {

namespace {

void DecodeInto(std::string_view form, std::map<std::string, std::string>& out) {
  for (auto& [k, v] : FormPairs(form)) out[k] = std::move(v);
}

std::string Error(const std::string& error) {
  return boost::json::serialize(boost::json::object{{"error", error}});
}

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

FakeOidc::FakeOidc()
    : rsa_(std::make_shared<testing::SigningKey>(testing::SigningKey::Type::kRsa, "rsa-1")),
      ec_(std::make_shared<testing::SigningKey>(testing::SigningKey::Type::kP256, "ec-1")),
      stranger_(
          std::make_shared<testing::SigningKey>(testing::SigningKey::Type::kRsa, "never-seen")),
      server_("fake oidc", [this](int fd) { Handle(fd); }) {}

FakeOidc::~FakeOidc() = default;

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

void FakeOidc::Handle(int fd) {
  auto http = ReadHttpRequest(fd);
  if (!http) return;
  OidcRequest r;
  r.method = http->method;
  r.path = http->path;
  r.headers = http->headers;
  DecodeInto(http->query, r.params);
  DecodeInto(http->body, r.params);
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
  std::vector<std::pair<std::string, std::string>> headers;
  if (!location.empty()) headers.emplace_back("Location", location);
  WriteHttpResponse(fd, status, body, headers);
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
      *location =
          redirect + sep + "error=access_denied&state=" + core::PercentEncode(param("state"));
      return {302, ""};
    }
    if (param("response_type") != "code" || param("client_id") != kClientId ||
        param("code_challenge_method") != "S256" || param("code_challenge").empty() ||
        param("nonce").empty() || param("state").empty()) {
      return {400, Error("invalid_request")};
    }
    std::string code = "code-" + std::to_string(next_code_++);
    grants_[code] = Grant{param("nonce"), param("code_challenge"), redirect, account_};
    *location = redirect + sep + "code=" + core::PercentEncode(code) +
                "&state=" + core::PercentEncode(param("state"));
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
      id = FormDecode(raw.substr(0, colon));
      secret = FormDecode(raw.substr(colon + 1));
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
