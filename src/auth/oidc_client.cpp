#include "auth/oidc_client.h"

#include <curl/curl.h>
#include <sodium.h>

#include <boost/json/parse.hpp>

#include "core/text.h"

namespace plangate::auth::oidc {

namespace {

constexpr std::int64_t kMetadataTtlSeconds = 3600;
constexpr std::int64_t kKeysTtlSeconds = 3600;
constexpr std::int64_t kKeysRefetchSeconds = 60;
constexpr std::size_t kMaxAnswerBytes = 1024 * 1024;

std::size_t Collect(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxAnswerBytes) return 0;  // curl then fails the transfer
  out->append(data, size * n);
  return size * n;
}

struct Answer {
  long status = 0;
  std::string body;
};

// One HTTP exchange, done by `deadline`; ProviderError when it could not be completed.
Answer Call(const std::string& url, const std::string* form, const std::string& basic_auth,
            Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left <= std::chrono::milliseconds(0)) throw ProviderError("out of time");
  CURL* curl = curl_easy_init();
  if (!curl) throw ProviderError("curl_easy_init failed");
  Answer a;
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  std::string auth;
  if (!basic_auth.empty()) {
    auth = "Authorization: Basic " + basic_auth;
    headers = curl_slist_append(headers, auth.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(left.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(left.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "plangate");
  // Redirects would send the client secret elsewhere; providers answer these calls directly.
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  if (form) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form->c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) throw ProviderError(curl_easy_strerror(rc));
  return a;
}

boost::json::object JsonObject(const Answer& a, const char* what) {
  if (a.status != 200) {
    throw ProviderError(std::string(what) + " answered " + std::to_string(a.status));
  }
  boost::system::error_code ec;
  auto v = boost::json::parse(a.body, ec);
  if (ec || !v.is_object()) throw ProviderError(std::string(what) + " is not a JSON object");
  return std::move(v.as_object());
}

std::string UrlField(const boost::json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end() || !it->value().is_string()) {
    throw ProviderError("the discovery document has no " + std::string(name));
  }
  std::string url(it->value().as_string());
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    throw ProviderError("the discovery document's " + std::string(name) + " is not a URL");
  }
  return url;
}

std::string Base64(std::string_view raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace

ProviderClient::ProviderClient(ProviderSettings settings) : settings_(std::move(settings)) {}

ProviderMetadata ProviderClient::Metadata(std::int64_t now, Deadline deadline) {
  {
    std::lock_guard lock(mu_);
    if (metadata_ && now - metadata_fetched_at_ < kMetadataTtlSeconds) return *metadata_;
  }
  std::string base = settings_.issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto doc = JsonObject(Call(base + "/.well-known/openid-configuration", nullptr, "", deadline),
                        "the discovery document");
  // OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it is for.
  auto issuer = doc.find("issuer");
  if (issuer == doc.end() || !issuer->value().is_string() ||
      issuer->value().as_string() != settings_.issuer) {
    throw ProviderError("the discovery document names another issuer");
  }
  ProviderMetadata m;
  m.authorization_endpoint = UrlField(doc, "authorization_endpoint");
  m.token_endpoint = UrlField(doc, "token_endpoint");
  m.jwks_uri = UrlField(doc, "jwks_uri");
  // client_secret_basic is the default (and what is used when it is listed).
  bool basic = true, post = false;
  if (auto methods = doc.find("token_endpoint_auth_methods_supported");
      methods != doc.end() && methods->value().is_array()) {
    basic = false;
    for (const auto& v : methods->value().as_array()) {
      if (v == "client_secret_basic") basic = true;
      if (v == "client_secret_post") post = true;
    }
  }
  m.client_secret_post = post && !basic;
  std::lock_guard lock(mu_);
  metadata_ = m;
  metadata_fetched_at_ = now;
  return m;
}

void ProviderClient::FetchKeys(const ProviderMetadata& metadata, std::int64_t now,
                               Deadline deadline) {
  Answer a = Call(metadata.jwks_uri, nullptr, "", deadline);
  if (a.status != 200) throw ProviderError("the key set answered " + std::to_string(a.status));
  auto keys = ParseJwks(a.body);
  if (!keys) throw ProviderError("the key set is not a JWK set");
  std::lock_guard lock(mu_);
  keys_ = std::move(*keys);
  keys_fetched_at_ = now;
}

std::vector<Jwk> ProviderClient::Keys(std::int64_t now, Deadline deadline) {
  {
    std::lock_guard lock(mu_);
    if (keys_ && now - keys_fetched_at_ < kKeysTtlSeconds) return *keys_;
  }
  FetchKeys(Metadata(now, deadline), now, deadline);
  std::lock_guard lock(mu_);
  return *keys_;
}

bool ProviderClient::RefreshKeys(std::int64_t now, Deadline deadline) {
  {
    std::lock_guard lock(mu_);
    if (keys_ && now - keys_fetched_at_ < kKeysRefetchSeconds) return false;
    // Claimed before the fetch, so that a burst of tokens with an unknown kid fetches once.
    keys_fetched_at_ = now;
  }
  FetchKeys(Metadata(now, deadline), now, deadline);
  return true;
}

std::string ProviderClient::ExchangeCode(const std::string& code, const std::string& code_verifier,
                                         const std::string& redirect_uri, std::int64_t now,
                                         Deadline deadline) {
  ProviderMetadata m = Metadata(now, deadline);
  std::string form = "grant_type=authorization_code&code=" + core::PercentEncode(code) +
                     "&redirect_uri=" + core::PercentEncode(redirect_uri) +
                     "&code_verifier=" + core::PercentEncode(code_verifier);
  std::string basic;
  if (m.client_secret_post) {
    form += "&client_id=" + core::PercentEncode(settings_.client_id) +
            "&client_secret=" + core::PercentEncode(settings_.client_secret);
  } else {
    // RFC 6749, section 2.3.1: both parts form-encoded before the Base64.
    basic = Base64(core::PercentEncode(settings_.client_id) + ":" +
                   core::PercentEncode(settings_.client_secret));
  }
  auto answer = JsonObject(Call(m.token_endpoint, &form, basic, deadline), "the token endpoint");
  auto id_token = answer.find("id_token");
  if (id_token == answer.end() || !id_token->value().is_string()) {
    throw ProviderError("the token endpoint sent no id_token");
  }
  return std::string(id_token->value().as_string());
}

}  // namespace plangate::auth::oidc
