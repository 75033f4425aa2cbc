// The coefficients of AS241 (Wichura, "The Percentage Points of the Normal
// Distribution", Algorithm AS 241, Applied Statistics 37(3), 1988: PPND16),
// the standard normal quantile: each polynomial's constant term first.
// One copy for every form of the quantile: rng::inverse_normal, the JIT's
// inlined-or-called draw (codegen/emit_random.cpp) and the bench's
// hand-written lanes, which must all give the same bits.
#pragma once

namespace sluice::rng::as241 {

// |p - 0.5| <= 0.425: q a(r) / b(r), r = 0.180625 - q^2.
inline constexpr double kA[8] = {3.3871328727963666080e0,  1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
                                 4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3};
inline constexpr double kB[8] = {1.0,                      4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                                 2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3};
// The tails, r = sqrt(-log(min(p, 1 - p))) <= 5: c(r - 1.6) / d(r - 1.6).
inline constexpr double kC[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,  5.76949722146069140550e0,  3.64784832476320460504e0,
                                 1.27045825245236838258e0,  2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4};
inline constexpr double kD[8] = {1.0,                       2.05319162663775882187e0,  1.67638483018380384940e0,  6.89767334985100004550e-1,
                                 1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9};
// r > 5: e(r - 5) / f(r - 5).
inline constexpr double kE[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,  1.78482653991729133580e0,  2.96560571828504891230e-1,
                                 2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7};
inline constexpr double kF[8] = {1.0,                       5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                                 7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15};

}  // namespace sluice::rng::as241
