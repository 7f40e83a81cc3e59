// The Stripe-Signature header: the input as a header must parse to something well-formed or be
// refused, and must verify only with a v1 that really is the HMAC. Then a header signed over
// input-derived payload, secret and clock skew must verify exactly when the skew is within
// tolerance, and never with another secret or another payload.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "billing/signature.h"
#include "core/crypto.h"
#include "fuzz_check.h"

namespace plangate::fuzz {
namespace {

constexpr std::string_view kPayload = R"({"id":"evt_1","type":"invoice.paid"})";
constexpr std::string_view kSecret = "whsec_fuzz";
constexpr std::int64_t kNow = 1700000000;
constexpr std::int64_t kTolerance = 300;

void HeaderAsInput(std::string_view header) {
  billing::SignatureHeader parsed;
  bool ok = billing::ParseSignatureHeader(header, &parsed);
  if (ok) {
    FUZZ_CHECK(parsed.timestamp > 0 && !parsed.v1.empty());
    for (const auto& v : parsed.v1) FUZZ_CHECK(v.size() == 64);
  }
  // At the header's own time, so the MAC check is what decides.
  std::int64_t now = ok ? parsed.timestamp : kNow;
  std::vector<std::string> secrets{std::string(kSecret)};
  if (billing::VerifyStripeSignature(header, kPayload, secrets, now, kTolerance)) {
    FUZZ_CHECK(ok);
    std::string expected =
        core::HmacSha256(kSecret, std::to_string(parsed.timestamp) + "." + std::string(kPayload));
    bool found = false;
    for (const auto& v : parsed.v1) found |= core::FromHex(v) == expected;
    FUZZ_CHECK(found);
  }
}

void SignedRoundTrip(FuzzedDataProvider& in) {
  std::int64_t t = in.ConsumeIntegralInRange<std::int64_t>(1, std::int64_t{1} << 40);
  std::int64_t skew = in.ConsumeIntegralInRange<std::int64_t>(-2 * kTolerance, 2 * kTolerance);
  std::string secret = in.ConsumeRandomLengthString(64);
  std::string payload = in.ConsumeRemainingBytesAsString();
  std::string header = billing::SignStripePayload(payload, secret, t);

  billing::SignatureHeader parsed;
  FUZZ_CHECK(billing::ParseSignatureHeader(header, &parsed));
  FUZZ_CHECK(parsed.timestamp == t && parsed.v1.size() == 1);

  bool in_time = skew <= kTolerance && skew >= -kTolerance;
  std::vector<std::string> secrets{"whsec_rotated_out", secret};
  FUZZ_CHECK(billing::VerifyStripeSignature(header, payload, secrets, t + skew, kTolerance) ==
             in_time);
  // Stripe adds signatures (v0, a second v1) while rotating; extra entries must not hurt.
  std::string extended = header + ",v0=" + std::string(64, '0') + ",v1=" + std::string(64, 'f');
  FUZZ_CHECK(billing::VerifyStripeSignature(extended, payload, secrets, t + skew, kTolerance) ==
             in_time);
  FUZZ_CHECK(!billing::VerifyStripeSignature(header, payload, {secret + "x"}, t, kTolerance));
  FUZZ_CHECK(!billing::VerifyStripeSignature(header, payload + " ", {secret}, t, kTolerance));
}

}  // namespace
}  // namespace plangate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plangate;
  try {
    fuzz::HeaderAsInput(std::string_view(reinterpret_cast<const char*>(data), size));
    FuzzedDataProvider provider(data, size);
    fuzz::SignedRoundTrip(provider);
  } catch (const std::exception& e) {
    fuzz::Unexpected(e.what());
  }
  return 0;
}
