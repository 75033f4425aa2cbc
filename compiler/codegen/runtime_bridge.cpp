#include "codegen/runtime_bridge.hpp"

#include "exec/semantics.hpp"
#include "random/random.hpp"

using sluice::codegen::RuntimeContext;

extern "C" {

double sluice_rt_uniform(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period) {
  return sluice::rng::uniform(seed, scenario, stream, period);
}

double sluice_rt_normal(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period) {
  return sluice::rng::inverse_normal(sluice::rng::uniform(seed, scenario, stream, period));
}

double sluice_rt_poisson(double mean, double u) { return sluice::rng::poisson(mean, u); }

double sluice_rt_mod(double a, double b) { return sluice::ir::spreadsheet_mod(a, b); }

double sluice_rt_curve(void* rt, std::uint32_t curve, double x) {
  auto* c = static_cast<RuntimeContext*>(rt);
  return sluice::exec::curve_at(c->module->curves[curve], x);
}

void sluice_rt_check(void* rt, std::uint32_t lanes, std::uint32_t check, std::int64_t period, const double* a, const double* b) {
  auto* c = static_cast<RuntimeContext*>(rt);
  for (std::uint32_t l = 0; l < lanes; ++l)
    if (!c[l].violation && !sluice::exec::within_tolerance(a[l], b[l]))
      c[l].violation = sluice::exec::Violation{static_cast<int>(period), check, a[l], b[l]};
}

void sluice_rt_range(void* rt, std::uint32_t lanes, std::uint32_t check, std::int64_t period, const double* lo, const double* v,
                     const double* hi) {
  auto* c = static_cast<RuntimeContext*>(rt);
  for (std::uint32_t l = 0; l < lanes; ++l)
    if (!c[l].violation && !sluice::exec::in_range(lo[l], v[l], hi[l]))
      c[l].violation = sluice::exec::range_violation(static_cast<int>(period), check, lo[l], v[l], hi[l]);
}

}  // extern "C"
