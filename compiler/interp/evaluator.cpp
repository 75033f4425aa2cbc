#include "interp/evaluator.hpp"

namespace sluice::interp {

namespace {

class InterpreterEvaluator final : public Evaluator {
 public:
  InterpreterEvaluator(const ir::Module& m, const Schedule& s) : m_(m), s_(s) {}
  const char* name() const override { return "interp"; }

  void evaluate(Batch& b) const override {
    const std::size_t ic = m_.init_columns.size(), rc = static_cast<std::size_t>(s_.periods()) * m_.columns.size();
    const auto n = static_cast<std::size_t>(b.count);
    b.init.assign(n * ic, 0.0);
    b.rows.assign(n * rc, 0.0);
    b.violation.reset();
    Machine machine(m_, s_);
    for (std::size_t i = 0; i < n; ++i) {
      ScenarioKey key{b.seed, b.first + i};
      std::optional<Violation> v;
      machine.run(&key, b.init.data() + i * ic, b.rows.data() + i * rc, v);
      if (v && !b.violation) {
        b.violation = v;
        b.violation_scenario = key.scenario;
      }
    }
  }

 private:
  const ir::Module& m_;
  const Schedule& s_;
};

}  // namespace

std::unique_ptr<Evaluator> make_interpreter(const ir::Module& m, const Schedule& s) {
  return std::make_unique<InterpreterEvaluator>(m, s);
}

}  // namespace sluice::interp
