// The market block's joint law: correlated factor shocks (a Cholesky factor
// of the declared correlations, computed when lowering), and the constant
// evaluation that needs.
#include <cmath>
#include <fmt/format.h>

#include "ir/lowerer.hpp"
#include "math/math.hpp"

namespace sluice::ir {

// Lowers `e` into a scratch program and evaluates it there; a value that
// needs state, the calendar or a draw is not a constant.
std::optional<double> Lowerer::constant(const ast::Expr& e) {
  Program scratch;
  Program* saved_prog = prog_;
  auto saved_memo = std::move(memo_);
  auto saved_consts = std::move(consts_);
  bool saved_init = in_init_;
  prog_ = &scratch;
  memo_.clear();
  consts_.clear();
  in_init_ = true;
  int r = expr(e);
  prog_ = saved_prog;
  memo_ = std::move(saved_memo);
  consts_ = std::move(saved_consts);
  in_init_ = saved_init;

  std::vector<double> v(scratch.code.size());
  for (std::size_t i = 0; i < scratch.code.size(); ++i) {
    const Instr& in = scratch.code[i];
    auto A = [&] { return v[static_cast<std::size_t>(in.a)]; };
    auto B = [&] { return v[static_cast<std::size_t>(in.b)]; };
    switch (in.op) {
      case Op::Const: v[i] = in.imm; break;
      case Op::Add: v[i] = A() + B(); break;
      case Op::Sub: v[i] = A() - B(); break;
      case Op::Mul: v[i] = A() * B(); break;
      case Op::Div: v[i] = A() / B(); break;
      case Op::Neg: v[i] = -A(); break;
      case Op::Min: v[i] = std::min(A(), B()); break;
      case Op::Max: v[i] = std::max(A(), B()); break;
      case Op::Abs: v[i] = std::fabs(A()); break;
      // As the engines compute them (runtime/math), not the C library.
      case Op::Pow: v[i] = math::pow(A(), B()); break;
      case Op::Exp: v[i] = math::exp(A()); break;
      case Op::Log: v[i] = math::log(A()); break;
      case Op::Sqrt: v[i] = math::sqrt(A()); break;
      case Op::Floor: v[i] = std::floor(A()); break;
      case Op::Ceil: v[i] = std::ceil(A()); break;
      case Op::Round: v[i] = std::round(A()); break;
      case Op::Mod: v[i] = spreadsheet_mod(A(), B()); break;
      case Op::Select: v[i] = A() != 0 ? B() : v[static_cast<std::size_t>(in.c)]; break;
      case Op::Store:
      case Op::Output: break;
      default: return std::nullopt;  // state, context, curves, draws
    }
  }
  return r >= 0 ? std::optional<double>(v[static_cast<std::size_t>(r)]) : std::nullopt;
}

// The correlation matrix over the factors named in `correlate` lines, in
// declaration order, factored as L L^T. A zero pivot is allowed (a perfect
// correlation makes the matrix semi-definite) as long as the rest of its
// column is zero too; anything else is not a correlation matrix.
void Lowerer::correlate_factors() {
  correlated_ = true;
  if (m_.correlations.empty()) return;
  std::vector<int> factors;
  auto index_of = [&](int f) {
    for (std::size_t i = 0; i < factors.size(); ++i)
      if (factors[i] == f) return i;
    factors.push_back(f);
    return factors.size() - 1;
  };
  for (int id : m_.order)
    if (ent(id).kind == EntityKind::Factor)
      for (const auto& c : m_.correlations)
        if (c.first == id || c.second == id) {
          index_of(id);
          break;
        }
  const std::size_t n = factors.size();
  std::vector<std::vector<double>> C(n, std::vector<double>(n, 0.0)), L = C;
  for (std::size_t i = 0; i < n; ++i) C[i][i] = 1;
  for (const auto& c : m_.correlations) {
    auto rho = constant(*c.decl->value);
    if (!rho) fail(DiagCode::NotConstant, c.decl->value->span, "a correlation is fixed for the whole run: use numbers and params, not factors or draws");
    std::size_t i = index_of(c.first), j = index_of(c.second);
    C[i][j] = C[j][i] = *rho;
  }
  const double tol = 1e-12;
  for (std::size_t j = 0; j < n; ++j) {
    double d = C[j][j];
    for (std::size_t k = 0; k < j; ++k) d -= L[j][k] * L[j][k];
    bool bad = d < -tol;
    L[j][j] = d > tol ? std::sqrt(d) : 0.0;
    for (std::size_t i = j + 1; i < n && !bad; ++i) {
      double s = C[i][j];
      for (std::size_t k = 0; k < j; ++k) s -= L[i][k] * L[j][k];
      if (L[j][j] > 0) L[i][j] = s / L[j][j];
      else if (std::fabs(s) > 1e-9) bad = true;
    }
    if (bad) {
      // Name the factors involved so far: the block that cannot be correlated this way.
      std::string names;
      for (std::size_t k = 0; k <= j; ++k) names += (k ? ", " : "") + ent(factors[k]).name;
      Span at = m_.correlations.front().decl->span;
      for (const auto& c : m_.correlations)
        if (c.first == factors[j] || c.second == factors[j]) at = c.decl->span;
      fail(DiagCode::NotCorrelationMatrix, at,
           fmt::format("the correlations among {} are not a valid correlation matrix (not positive semi-definite)", names));
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k <= i; ++k)
      if (L[i][k] != 0) shock_mix_[factors[i]].emplace_back(factors[k], L[i][k]);
}

// Z_f = sum_k L[f][k] e_k over the factors' own independent streams e_k; a
// factor in no correlation reads its own stream directly.
int Lowerer::factor_shock(int factor) {
  if (!correlated_) correlate_factors();
  auto own = [&](int f) { return emit(Op::Normal, -1, -1, -1, static_cast<std::uint32_t>(stream(ent(f).name))); };
  auto it = shock_mix_.find(factor);
  if (it == shock_mix_.end()) return own(factor);
  int z = -1;
  for (const auto& [f, w] : it->second) {
    int term = w == 1.0 ? own(f) : mul(k(w), own(f));
    z = z < 0 ? term : add(z, term);
  }
  return z < 0 ? k(0) : z;
}

}  // namespace sluice::ir
