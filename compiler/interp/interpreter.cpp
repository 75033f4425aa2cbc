#include "interp/interpreter.hpp"

#include "exec/semantics.hpp"
#include "math/math.hpp"
#include "random/random.hpp"

#include <algorithm>
#include <cmath>

namespace sluice::interp {

using exec::Schedule;
using exec::Trace;
using exec::Violation;
using ir::ContextField;
using ir::Op;

namespace {

// Runs one program. `next` receives stores; `out` the outputs. `key` is
// null for the base case.
void run_program(const ir::Module& m, const ir::Program& p, std::vector<double>& regs, const std::vector<double>& state,
                 std::vector<double>& next, double* out, const double* ctx, int period, const ScenarioKey* key,
                 std::optional<Violation>& violation) {
  auto uniform = [&](std::uint32_t stream) {
    return rng::uniform(key->seed, key->scenario, m.streams[stream].key, static_cast<std::uint32_t>(period));
  };
  regs.resize(p.code.size());
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const ir::Instr& in = p.code[i];
    auto A = [&] { return regs[static_cast<std::size_t>(in.a)]; };
    auto B = [&] { return regs[static_cast<std::size_t>(in.b)]; };
    double r = 0;
    switch (in.op) {
      case Op::Const: r = in.imm; break;
      case Op::Add: r = A() + B(); break;
      case Op::Sub: r = A() - B(); break;
      case Op::Mul: r = A() * B(); break;
      case Op::Div: r = A() / B(); break;
      case Op::Neg: r = -A(); break;
      case Op::Min: r = std::min(A(), B()); break;
      case Op::Max: r = std::max(A(), B()); break;
      case Op::Abs: r = std::fabs(A()); break;
      // runtime/math's scalar forms: the bits of the JIT's vector forms.
      case Op::Pow: r = math::pow(A(), B()); break;
      case Op::Exp: r = math::exp(A()); break;
      case Op::Log: r = math::log(A()); break;
      case Op::Sqrt: r = math::sqrt(A()); break;
      case Op::NormCdf: r = rng::normal_cdf(A()); break;
      case Op::NormInv: r = rng::inverse_normal(A()); break;
      case Op::Floor: r = std::floor(A()); break;
      case Op::Ceil: r = std::ceil(A()); break;
      case Op::Round: r = std::round(A()); break;
      case Op::Mod: r = ir::spreadsheet_mod(A(), B()); break;
      case Op::Lt: r = A() < B(); break;
      case Op::Le: r = A() <= B(); break;
      case Op::Gt: r = A() > B(); break;
      case Op::Ge: r = A() >= B(); break;
      case Op::Eq: r = A() == B(); break;
      case Op::Ne: r = A() < B() || A() > B(); break;  // ordered: false with a NaN, like every comparison
      case Op::And: r = (A() != 0) && (B() != 0); break;
      case Op::Or: r = (A() != 0) || (B() != 0); break;
      case Op::Not: r = A() == 0; break;
      case Op::Select: r = A() != 0 ? B() : regs[static_cast<std::size_t>(in.c)]; break;
      case Op::Load: r = state[in.aux]; break;
      case Op::Store: next[in.aux] = A(); break;
      case Op::Context: r = ctx ? ctx[in.aux] : 0.0; break;
      case Op::Curve: r = exec::curve_at(m.curves[in.aux], A()); break;
      // The base case has every shock at its mean; a scenario draws.
      case Op::Normal: r = key ? rng::inverse_normal(uniform(in.aux)) : 0; break;
      case Op::Uniform: r = key ? uniform(in.aux) : 0.5; break;
      case Op::Scenario: r = key ? 1 : 0; break;
      case Op::Poisson: r = key ? rng::poisson(A(), uniform(in.aux)) : 0; break;
      case Op::Output: out[in.aux] = A(); break;
      case Op::Check:
        if (!violation && !(A() <= B()) && !exec::within_tolerance(A(), B())) violation = Violation{period, in.aux, A(), B()};
        break;
      case Op::CheckRange: {
        const double lo = A(), v = B(), hi = regs[static_cast<std::size_t>(in.c)];
        if (!violation && !exec::in_range(lo, v, hi)) violation = exec::range_violation(period, in.aux, lo, v, hi);
        break;
      }
    }
    regs[i] = r;
  }
}

}  // namespace

void Machine::run(const ScenarioKey* key, double* init_out, double* rows_out, std::optional<Violation>& violation) {
  state_.assign(m_.state.size(), 0.0);
  next_.assign(m_.state.size(), 0.0);
  run_program(m_, m_.init, regs_, state_, next_, init_out, nullptr, 0, key, violation);
  state_.swap(next_);
  const auto n = static_cast<std::size_t>(ContextField::kCount);
  const std::size_t cols = m_.columns.size();
  for (int t = 1; t <= s_.periods(); ++t) {
    double* row = rows_out + static_cast<std::size_t>(t - 1) * cols;
    std::fill(row, row + cols, 0.0);
    next_ = state_;
    run_program(m_, m_.step, regs_, state_, next_, row, &s_.context[static_cast<std::size_t>(t - 1) * n], t, key, violation);
    state_.swap(next_);
  }
}

namespace {
Trace run_path(const ir::Module& m, const Schedule& s, const ScenarioKey* key) {
  Trace tr;
  tr.init.assign(m.init_columns.size(), 0.0);
  std::vector<double> flat(static_cast<std::size_t>(s.periods()) * m.columns.size());
  Machine(m, s).run(key, tr.init.data(), flat.data(), tr.violation);
  if (!tr.violation) tr.violation = exec::audit(m, flat.data(), s.periods());
  for (int t = 0; t < s.periods(); ++t) {
    auto from = flat.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(t) * m.columns.size());
    tr.rows.emplace_back(from, from + static_cast<std::ptrdiff_t>(m.columns.size()));
  }
  return tr;
}
}  // namespace

Trace run_base_case(const ir::Module& m, const Schedule& s) { return run_path(m, s, nullptr); }
Trace run_scenario(const ir::Module& m, const Schedule& s, ScenarioKey key) { return run_path(m, s, &key); }

namespace {

class InterpreterEvaluator final : public exec::Evaluator {
 public:
  InterpreterEvaluator(const ir::Module& m, const Schedule& s) : m_(m), s_(s) {}
  const char* name() const override { return "interp"; }

  void evaluate(exec::Batch& b) const override { run(b, nullptr); }
  // A scenario at a time into one path's rows (no batch table), each then
  // handed over as one lane: the violation is known before the lane closes.
  void stream(exec::Batch& b, exec::RowSink& sink) const override { run(b, &sink); }

 private:
  void run(exec::Batch& b, exec::RowSink* sink) const {
    const std::size_t ic = m_.init_columns.size(), C = m_.columns.size(), rc = static_cast<std::size_t>(s_.periods()) * C;
    b.prepare(m_, s_, sink == nullptr);
    Machine machine(m_, s_);
    std::vector<double> path(sink ? rc : 0);
    for (int i = 0; i < b.count; ++i) {
      const auto u = static_cast<std::size_t>(i);
      ScenarioKey key{b.seed, b.first + u};
      std::optional<Violation> v;
      double* rows = sink ? path.data() : b.rows.data() + u * rc;
      machine.run(&key, b.init.data() + u * ic, rows, v);
      if (v && !b.violation) {
        b.violation = v;
        b.violation_scenario = key.scenario;
      }
      if (sink) exec::hand_over(*sink, i, b.init.data() + u * ic, ic, rows, C, s_.periods());
    }
  }

  const ir::Module& m_;
  const Schedule& s_;
};

}  // namespace

std::unique_ptr<exec::Evaluator> make_interpreter(const ir::Module& m, const Schedule& s) {
  return std::make_unique<InterpreterEvaluator>(m, s);
}

}  // namespace sluice::interp
