// Fuzz target: `sluice merge` on a part that anyone could have written.
// The checksum is FNV-1a, a guard against damage, not forgery; so the
// target re-seals every input (it writes the checksum its bytes would
// carry) and the fuzzer reaches the field checks behind it. A part that
// decodes must merge, aggregate and print in every format without a
// crash; the same part given twice must be refused (its scenarios would
// count twice).
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "montecarlo/partial.hpp"
#include "montecarlo/risk.hpp"

namespace {

constexpr std::string_view kEnd = "SLUICEND";

// The bytes with the checksum that decode_part computes written in place.
std::string sealed(std::string bytes) {
  const std::size_t trailer = sizeof(std::uint64_t) + kEnd.size();
  if (bytes.size() < trailer || bytes.compare(bytes.size() - kEnd.size(), kEnd.size(), kEnd) != 0) return bytes;
  const std::uint64_t sum = sluice::mc::fnv64(std::string_view(bytes).substr(0, bytes.size() - trailer));
  std::memcpy(bytes.data() + bytes.size() - trailer, &sum, sizeof sum);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sluice;
  const std::string bytes = sealed(fuzz::text_of(data, size));
  std::string why;
  auto part = mc::decode_part(bytes, why);
  if (!part) {
    if (why.empty()) fuzz::broken("a part was refused without a reason");
    return 0;
  }
  auto twice = mc::merge_parts({*part, *part}, {"a.part", "b.part"}, why);
  if (twice && part->sim.count > 0) fuzz::broken("a part merged with itself counts its scenarios twice");
  why.clear();
  auto whole = mc::merge_parts({std::move(*part)}, {"a.part"}, why);
  if (!whole) {
    if (why.empty()) fuzz::broken("parts were refused without a reason");
    return 0;  // one shard of several: the others are missing
  }
  auto risk = mc::aggregate(whole->shape, whole->sim);
  for (const char* format : {"table", "csv", "json"}) (void)mc::format_risk(risk, format, false);
  (void)mc::format_scenarios_csv(whole->sim);
  return 0;
}
