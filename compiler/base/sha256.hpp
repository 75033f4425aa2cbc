// SHA-256 (FIPS 180-4), for the lock file that pins each library file a
// deal imports (pipeline/lock.hpp). Written here because Debian's crypto
// libraries are not among Sluice's dependencies; it hashes a few small
// source files per compile, so it favours plainness over speed.
// tests/unit/sha256_test.cpp checks it against NIST's test vectors.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // The digest; the object is spent afterwards (call nothing else on it).
  std::array<std::uint8_t, 32> finish();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t used_ = 0;        // bytes waiting in buf_
  std::uint64_t length_ = 0;    // message length in bytes
};

// The digest of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace sluice
