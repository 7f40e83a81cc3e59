#pragma once
// Two-factor sign-in's pure rules: RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s steps, the current
// step +-1) on liboath, the no-replay rule, the otpauth:// URI authenticator apps read, and the
// recovery codes' format. No I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plangate::auth::totp {

inline constexpr unsigned kStepSeconds = 30;
inline constexpr unsigned kDigits = 6;
inline constexpr unsigned kWindow = 1;           // steps either side of the current one
inline constexpr std::size_t kSecretBytes = 20;  // RFC 4226's recommended 160 bits
inline constexpr int kRecoveryCodeCount = 10;

// Base32 (RFC 4648, upper case, no padding) of the secret's bytes, as authenticator apps take
// it, and back (case-insensitive; spaces and padding ignored). nullopt when not base32.
std::string Base32Encode(std::string_view bytes);
std::optional<std::string> Base32Decode(std::string_view text);

// A fresh random secret, base32.
std::string NewSecret();

// A code is exactly six ASCII digits.
bool IsWellFormedCode(std::string_view code);

// The step (Unix time / 30) whose code `code` is, among now's step +-kWindow, by
// oath_totp_validate4; nullopt when none matches or the code or secret is malformed.
std::optional<std::int64_t> MatchingStep(std::string_view secret_base32, std::int64_t now,
                                         std::string_view code);

// The no-replay rule: a step is accepted only if it is newer than the newest one accepted for
// the user before.
bool StepIsFresh(std::int64_t step, std::optional<std::int64_t> last_accepted);

// The code of `secret_base32` at Unix time `at` (for tests and tools); "" on a bad secret.
std::string CodeAt(std::string_view secret_base32, std::int64_t at);
// The same for raw secret bytes and an explicit digit count (the RFC's test vectors use 8).
std::string CodeAtRaw(std::string_view secret, std::int64_t at, unsigned digits);

// otpauth://totp/<issuer>:<email>?secret=<secret>&issuer=<issuer>, issuer and email
// percent-encoded (RFC 3986 unreserved characters kept, so ':' '@' '&' '?' '#' ' ' are escaped).
std::string OtpauthUri(std::string_view issuer, std::string_view email,
                       std::string_view secret_base32);

// Recovery codes: 16 characters of a 32-letter alphabet without look-alikes (80 bits), shown as
// four groups of four: "k7pq-2mzx-...". Users type them back in any case, with or without
// dashes or spaces.
std::string FormatRecoveryCode(std::string_view random_bytes);  // needs >= 10 bytes
std::vector<std::string> NewRecoveryCodes();
// The canonical form (lower case, no separators) of a typed code; nullopt when it cannot be one.
std::optional<std::string> NormalizeRecoveryCode(std::string_view typed);

}  // namespace plangate::auth::totp
