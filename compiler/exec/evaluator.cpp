#include "exec/evaluator.hpp"

namespace sluice::exec {

void replay(const Batch& batch, int i, RowSink& sink) {
  const auto u = static_cast<std::size_t>(i), C = batch.columns;
  const double* rows = batch.rows.data() + u * static_cast<std::size_t>(batch.periods) * C;
  sink.open(i, 1, batch.init.data() + u * batch.init_columns, batch.init_columns);
  for (int t = 0; t < batch.periods; ++t) sink.period(t, rows + static_cast<std::size_t>(t) * C, 1);
  sink.close();
}

void Evaluator::stream(Batch& batch, RowSink& sink) const {
  evaluate(batch);
  for (int i = 0; i < batch.count; ++i) replay(batch, i, sink);
}

}  // namespace sluice::exec
