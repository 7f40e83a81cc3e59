#pragma once
// The contract's password policy, as a pure function. The common-password check is injected: in
// production it is cracklib with Debian's packaged dictionary.

#include <string>
#include <string_view>
#include <vector>

namespace plangate::auth {

class CommonPasswordCheck {
 public:
  virtual ~CommonPasswordCheck() = default;
  // A reason when the password is too common or too easy to guess, else empty.
  virtual std::string Weakness(std::string_view password, std::string_view email) const = 0;
};

constexpr std::size_t kMinPasswordLength = 8;
constexpr std::size_t kMaxPasswordLength = 128;

// Every way the password breaks the policy (empty when it is acceptable). Lengths count code
// points; all 128 are significant.
std::vector<std::string> PasswordProblems(std::string_view password, std::string_view email,
                                          const CommonPasswordCheck& common);

// cracklib's "not enough different characters" and "too simplistic/systematic" rules, done
// again so that a generator's random output passes: a reason when the password has too few
// distinct characters, or when more than half of it is runs of one character, ascending or
// descending sequences, walks along a keyboard row, or repeats of what came before it; else
// empty. cracklib's own version counted every neighbouring pair ("rs", "po") anywhere in the
// password and refused about one 23-character random string in a thousand.
std::string SimplisticPattern(std::string_view password);

// The common-password check: SimplisticPattern, then cracklib (libcrack2)'s dictionary look-up
// with its word mangling (case, reversal, leetspeak, junk around a word), also of the word left
// once up to four digits or symbols are taken off either end and of the unit of a repeated word,
// and of the user's own name (the email's local part), against the dictionary that Debian's
// cracklib-runtime builds. Implemented in cracklib_check.cpp (the dictionary is file I/O).
class CracklibCheck final : public CommonPasswordCheck {
 public:
  CracklibCheck();
  ~CracklibCheck() override;
  CracklibCheck(const CracklibCheck&) = delete;
  CracklibCheck& operator=(const CracklibCheck&) = delete;
  std::string Weakness(std::string_view password, std::string_view email) const override;

 private:
  std::string dictionary_;
};

}  // namespace plangate::auth
