#pragma once
// argon2id password hashing (libsodium's PHC string format, which records its own parameters, so
// raising the cost later keeps old hashes verifiable).

#include <cstdint>
#include <semaphore>
#include <string>
#include <string_view>

namespace plangate::auth {

struct HashCost {
  unsigned long long ops_limit = 2;          // t
  std::size_t mem_limit = 19 * 1024 * 1024;  // m, bytes (OWASP's 19 MiB)
};

class PasswordHasher {
 public:
  // At most `parallelism` hashes run at once (the others wait their turn): more would not finish
  // sooner on that many cores, but each would hold its mem_limit of RAM meanwhile.
  PasswordHasher(HashCost cost, int parallelism);

  std::string Hash(std::string_view password) const;
  // Constant-time in the password; false for a malformed hash.
  bool Verify(std::string_view hash, std::string_view password) const;
  // Spends the same time as Verify against a real hash, for unknown accounts, so that response
  // time does not reveal whether an email is registered.
  void VerifyDummy(std::string_view password) const;

 private:
  HashCost cost_;
  std::string dummy_hash_;
  mutable std::counting_semaphore<1024> slots_;
};

}  // namespace plangate::auth
