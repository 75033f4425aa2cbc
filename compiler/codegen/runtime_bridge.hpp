// What JIT-compiled code calls: the generator, the transforms, curve reads
// and invariant checks, as C functions. They call the very functions the
// interpreter calls, so both back ends compute the same bits. The JIT binds
// these names (and runtime/math's, emit_math.cpp, and round) and nothing else.
#pragma once
#include <cstdint>
#include <optional>

#include "exec/evaluator.hpp"
#include "ir/ir.hpp"

namespace sluice::codegen {

// Per lane: what curve and check instructions need, and the first broken
// invariant of the lane's scenario. Generated code gets an array of them.
struct RuntimeContext {
  const ir::Module* module = nullptr;
  std::optional<exec::Violation> violation;
};

}  // namespace sluice::codegen

extern "C" {
double sluice_rt_uniform(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period);
double sluice_rt_normal(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period);
double sluice_rt_poisson(double mean, double u);
double sluice_rt_mod(double a, double b);  // ir::spreadsheet_mod
double sluice_rt_curve(void* rt, std::uint32_t curve, double x);
// A check over all `lanes` lanes at once, its operands' lanes stored in a
// row each (a[l], b[l]; lo[l], v[l], hi[l]): a cold block makes one call
// however many lanes, so it stays small for the code generator.
void sluice_rt_check(void* rt, std::uint32_t lanes, std::uint32_t check, std::int64_t period, const double* a, const double* b);
void sluice_rt_range(void* rt, std::uint32_t lanes, std::uint32_t check, std::int64_t period, const double* lo, const double* v,
                     const double* hi);
}
