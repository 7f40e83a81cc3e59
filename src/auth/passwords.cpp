#include "auth/passwords.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace plangate::auth {

namespace {
class Slot {
 public:
  explicit Slot(std::counting_semaphore<1024>& slots) : slots_(slots) { slots_.acquire(); }
  ~Slot() { slots_.release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  std::counting_semaphore<1024>& slots_;
};
}  // namespace

PasswordHasher::PasswordHasher(HashCost cost, int parallelism)
    : cost_(cost), slots_(std::clamp(parallelism, 1, 1024)) {
  dummy_hash_ = Hash("plangate-dummy-password-for-timing");
}

std::string PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  Slot slot(slots_);
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost_.ops_limit, cost_.mem_limit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id hashing failed (out of memory?)");
  }
  return out;
}

bool PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(hash);
  Slot slot(slots_);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::VerifyDummy(std::string_view password) const {
  (void)Verify(dummy_hash_, password);
}

}  // namespace plangate::auth
