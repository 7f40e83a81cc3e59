#include "auth/totp.h"

#include <liboath/oath.h>
#include <sodium.h>

#include <mutex>

#include "core/text.h"

namespace plangate::auth::totp {

namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// Crockford's base32: no I, L, O or U, so a code read aloud or off paper is not misread.
constexpr std::string_view kRecoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr std::size_t kRecoveryChars = 16;

void InitOath() {
  // liboath's global state (its crypto backend) is set up once per process.
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == ' ' || c == '=') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    auto pos = kBase32.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | static_cast<unsigned>(pos);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string NewSecret() {
  std::string raw(kSecretBytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string encoded = Base32Encode(raw);
  sodium_memzero(raw.data(), raw.size());
  return encoded;
}

bool IsWellFormedCode(std::string_view code) {
  if (code.size() != kDigits) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<std::int64_t> MatchingStep(std::string_view secret_base32, std::int64_t now,
                                         std::string_view code) {
  if (!IsWellFormedCode(code) || now < 0) return std::nullopt;
  auto secret = Base32Decode(secret_base32);
  if (!secret || secret->empty()) return std::nullopt;
  InitOath();
  const std::string otp(code);  // liboath wants a NUL-terminated string
  int position = 0;
  std::uint64_t counter = 0;
  int rc = oath_totp_validate4(secret->data(), secret->size(), static_cast<time_t>(now),
                               kStepSeconds, OATH_TOTP_DEFAULT_START_TIME, kWindow, &position,
                               &counter, 0 /* HMAC-SHA1 */, otp.c_str());
  sodium_memzero(secret->data(), secret->size());
  if (rc < 0) return std::nullopt;
  return static_cast<std::int64_t>(counter);
}

bool StepIsFresh(std::int64_t step, std::optional<std::int64_t> last_accepted) {
  return !last_accepted || step > *last_accepted;
}

std::string CodeAtRaw(std::string_view secret, std::int64_t at, unsigned digits) {
  InitOath();
  char out[16] = {};
  int rc = oath_totp_generate2(secret.data(), secret.size(), static_cast<time_t>(at), kStepSeconds,
                               OATH_TOTP_DEFAULT_START_TIME, digits, 0, out);
  return rc == OATH_OK ? std::string(out) : std::string();
}

std::string CodeAt(std::string_view secret_base32, std::int64_t at) {
  auto secret = Base32Decode(secret_base32);
  if (!secret || secret->empty()) return {};
  return CodeAtRaw(*secret, at, kDigits);
}

std::string OtpauthUri(std::string_view issuer, std::string_view email,
                       std::string_view secret_base32) {
  // The label's ':' separates issuer and account: it stays literal, everything else is escaped.
  const std::string enc_issuer = core::PercentEncode(issuer);
  return "otpauth://totp/" + enc_issuer + ":" + core::PercentEncode(email) +
         "?secret=" + std::string(secret_base32) + "&issuer=" + enc_issuer;
}

std::string FormatRecoveryCode(std::string_view random_bytes) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  std::size_t chars = 0;
  for (unsigned char c : random_bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5 && chars < kRecoveryChars) {
      if (chars > 0 && chars % 4 == 0) out += '-';
      out += kRecoveryAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
      ++chars;
    }
    if (chars == kRecoveryChars) break;
  }
  return out;
}

std::vector<std::string> NewRecoveryCodes() {
  std::vector<std::string> codes;
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    unsigned char raw[10];
    randombytes_buf(raw, sizeof raw);
    codes.push_back(
        FormatRecoveryCode(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw)));
    sodium_memzero(raw, sizeof raw);
  }
  return codes;
}

std::optional<std::string> NormalizeRecoveryCode(std::string_view typed) {
  if (typed.size() > 64) return std::nullopt;
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    // Crockford's reading of look-alikes.
    if (c == 'o') c = '0';
    if (c == 'i' || c == 'l') c = '1';
    if (kRecoveryAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    out += c;
  }
  if (out.size() != kRecoveryChars) return std::nullopt;
  return out;
}

}  // namespace plangate::auth::totp
