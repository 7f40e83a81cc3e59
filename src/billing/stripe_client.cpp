#include "billing/stripe_client.h"

#include <curl/curl.h>

#include <boost/json/parse.hpp>
#include <random>
#include <thread>

#include "core/text.h"

namespace plangate::billing {

StripeError::StripeError(int status, std::string type, std::string code, std::string message)
    : std::runtime_error("stripe error " + std::to_string(status) + ": " + message),
      status_(status),
      type_(std::move(type)),
      code_(std::move(code)),
      message_(std::move(message)) {}

namespace {

std::size_t Collect(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  // Stripe's answers are small; refuse to buffer something absurd.
  if (out->size() + size * n > 8 * 1024 * 1024) return 0;
  out->append(data, size * n);
  return size * n;
}

class CurlStripeClient final : public StripeClient {
 public:
  explicit CurlStripeClient(StripeClientOptions options) : o_(std::move(options)) {}

  boost::json::object Post(const std::string& path, const Form& form,
                           const std::string& idempotency_key) override {
    return Call("POST", path, EncodeForm(form), idempotency_key);
  }

  boost::json::object Get(const std::string& path, const Form& query) override {
    std::string target = path;
    if (!query.empty()) target += "?" + EncodeForm(query);
    return Call("GET", target, "", "");
  }

  boost::json::object Delete(const std::string& path, const std::string& idempotency_key) override {
    return Call("DELETE", path, "", idempotency_key);
  }

 private:
  struct Attempt {
    CURLcode curl = CURLE_OK;
    long status = 0;
    std::string body;
  };

  Attempt Once(const std::string& method, const std::string& target, const std::string& body,
               const std::string& idempotency_key, std::chrono::milliseconds time_left) const {
    Attempt a;
    CURL* curl = ThreadHandle();
    if (!curl) {
      a.curl = CURLE_FAILED_INIT;
      return a;
    }
    std::string url = o_.api_base + target;
    std::string auth = "Authorization: Bearer " + o_.secret_key;
    std::string version = "Stripe-Version: " + o_.api_version;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, auth.c_str());
    headers = curl_slist_append(headers, version.c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    std::string idem;
    if (!idempotency_key.empty()) {
      idem = "Idempotency-Key: " + idempotency_key;
      headers = curl_slist_append(headers, idem.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a.body);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min(o_.connect_timeout, time_left).count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(time_left.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "plangate");
    if (method == "POST") {
      curl_easy_setopt(curl, CURLOPT_POST, 1L);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    } else if (method == "DELETE") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
    }
    a.curl = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
    curl_slist_free_all(headers);
    return a;
  }

  // One handle per thread, reset between calls but kept: libcurl then reuses its connection to
  // Stripe (TCP and TLS) instead of a handshake per call. A connection the peer closed is
  // noticed and replaced by libcurl itself.
  static CURL* ThreadHandle() {
    struct Handle {
      CURL* curl = nullptr;
      ~Handle() {
        if (curl) curl_easy_cleanup(curl);
      }
    };
    thread_local Handle handle;
    if (handle.curl) {
      curl_easy_reset(handle.curl);
    } else {
      handle.curl = curl_easy_init();
    }
    return handle.curl;
  }

  static bool Retryable(const Attempt& a) {
    if (a.curl != CURLE_OK) return true;  // network: refused, reset, timed out
    return a.status == 409 || a.status == 429 || a.status >= 500;
  }

  boost::json::object Call(const std::string& method, const std::string& target,
                           const std::string& body, const std::string& idempotency_key) const {
    thread_local std::mt19937 rng{std::random_device{}()};
    Attempt a;
    using std::chrono::milliseconds;
    const auto deadline = std::min(std::chrono::steady_clock::now() + o_.total_timeout,
                                   StripeCallDeadline::Current());
    auto time_left = [&] {
      return std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    };
    if (time_left() <= milliseconds(0)) {
      throw StripeError(0, "api_connection_error", "",
                        "The request ran out of time before Stripe could be called.");
    }
    for (int attempt = 0;; ++attempt) {
      a = Once(method, target, body, idempotency_key, std::max(time_left(), milliseconds(1)));
      if (!Retryable(a) || attempt >= o_.max_retries) break;
      // Exponential backoff with full jitter; no retry that could not finish before the deadline.
      auto cap = o_.backoff.count() << attempt;
      std::uniform_int_distribution<long long> jitter(cap / 2, cap);
      const milliseconds pause(jitter(rng));
      if (time_left() <= pause + milliseconds(50)) break;
      std::this_thread::sleep_for(pause);
    }
    if (a.curl != CURLE_OK) {
      throw StripeError(0, "api_connection_error", "", curl_easy_strerror(a.curl));
    }
    boost::system::error_code ec;
    auto parsed = boost::json::parse(a.body, ec);
    if (a.status >= 200 && a.status < 300) {
      if (ec || !parsed.is_object()) {
        throw StripeError(static_cast<int>(a.status), "api_error", "",
                          "Stripe sent a non-JSON answer.");
      }
      return std::move(parsed.as_object());
    }
    std::string type = "api_error", code,
                message = "Stripe answered " + std::to_string(a.status) + ".";
    if (!ec && parsed.is_object()) {
      auto error = parsed.as_object().find("error");
      if (error != parsed.as_object().end() && error->value().is_object()) {
        const auto& e = error->value().as_object();
        auto str = [&](std::string_view key) -> std::string {
          auto it = e.find(key);
          return it != e.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                          : "";
        };
        if (!str("type").empty()) type = str("type");
        code = str("code");
        if (!str("message").empty()) message = str("message");
      }
    }
    throw StripeError(static_cast<int>(a.status), type, code, message);
  }

  StripeClientOptions o_;
};

}  // namespace

std::string EncodeForm(const Form& form) {
  std::string out;
  for (const auto& [k, v] : form) {
    if (!out.empty()) out += '&';
    out += core::PercentEncode(k);
    out += '=';
    out += core::PercentEncode(v);
  }
  return out;
}

namespace {
thread_local std::chrono::steady_clock::time_point current_call_deadline =
    std::chrono::steady_clock::time_point::max();
}  // namespace

StripeCallDeadline::StripeCallDeadline(std::chrono::steady_clock::time_point at)
    : previous_(current_call_deadline) {
  current_call_deadline = std::min(at, previous_);
}

StripeCallDeadline::~StripeCallDeadline() { current_call_deadline = previous_; }

std::chrono::steady_clock::time_point StripeCallDeadline::Current() {
  return current_call_deadline;
}

std::unique_ptr<StripeClient> MakeCurlStripeClient(StripeClientOptions options) {
  return std::make_unique<CurlStripeClient>(std::move(options));
}

}  // namespace plangate::billing
