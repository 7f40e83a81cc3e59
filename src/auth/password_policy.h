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

// cracklib (libcrack2) against the dictionary that Debian's cracklib-runtime builds.
class CracklibCheck final : public CommonPasswordCheck {
 public:
  CracklibCheck();
  std::string Weakness(std::string_view password, std::string_view email) const override;

 private:
  std::string dictionary_;
};

}  // namespace plangate::auth
