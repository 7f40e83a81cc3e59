#pragma once
// A fake OpenID Connect provider on 127.0.0.1: discovery, an authorization endpoint that
// approves at once as the configured user (302 to redirect_uri with code and state) or denies,
// a token endpoint that checks the client secret (client_secret_basic or _post) and the PKCE S256
// verifier, and a JWK set with an RS256 and an ES256 key that can be rotated. Switches make it
// misbehave the ways a test needs: wrong iss, aud or nonce, an expired token, email unverified,
// an unknown kid, or no answer at all.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/jose_signer.h"
#include "support/loopback_server.h"

namespace plangate::test {

struct OidcRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names
  std::map<std::string, std::string> params;   // query and form, decoded
};

class FakeOidc {
 public:
  static constexpr const char* kClientId = "plangate-test-client";
  static constexpr const char* kClientSecret = "oidc-test-secret-0123456789";

  FakeOidc();
  ~FakeOidc();

  std::uint16_t port() const { return server_.port(); }
  std::string issuer() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  // Server settings for a provider named `name` at this fake.
  std::map<std::string, std::string> Env(const std::string& name = "fake") const;

  // Who the authorization endpoint signs in as.
  struct Account {
    std::string sub = "fake-sub-1";
    std::string email = "oidc-user@example.com";
    bool email_verified = true;
    bool has_email = true;
  };
  void SetAccount(Account account);

  struct Switches {
    bool deny = false;          // the authorization endpoint answers error=access_denied
    bool wrong_issuer = false;  // iss of another provider
    bool wrong_audience = false;
    bool wrong_nonce = false;
    bool expired = false;
    bool unknown_kid = false;     // signed with a key the JWK set never publishes
    bool sign_with_ec = false;    // ES256 instead of RS256
    bool token_error = false;     // the token endpoint answers 400 invalid_grant
    bool post_auth_only = false;  // token_endpoint_auth_methods_supported: client_secret_post
  };
  void Set(Switches switches);
  // The next `count` requests to `path` (e.g. "/token") get no answer for `delay`.
  void HangNext(const std::string& path, int count, std::chrono::milliseconds delay);
  // New RS256 and ES256 keys replace the published ones; tokens are signed with the new ones.
  void RotateKeys();

  std::size_t Count(const std::string& path);
  std::vector<OidcRequest> Requests();

 private:
  void Handle(int fd);
  std::pair<int, std::string> Route(const OidcRequest& r, std::string* location);

  struct Grant {
    std::string nonce, challenge, redirect_uri;
    Account account;
  };

  std::mutex mu_;
  std::vector<OidcRequest> requests_;
  Account account_;
  Switches switches_;
  std::shared_ptr<testing::SigningKey> rsa_, ec_, stranger_;
  int generation_ = 1;
  std::map<std::string, Grant> grants_;
  std::map<std::string, std::pair<int, std::chrono::milliseconds>> hangs_;
  int next_code_ = 1;
  LoopbackListener server_;  // last: it serves from the other members
};

}  // namespace plangate::test
