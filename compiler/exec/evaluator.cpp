#include "exec/evaluator.hpp"

namespace sluice::exec {

void hand_over(RowSink& sink, int i, const double* init, std::size_t init_columns, const double* rows, std::size_t columns, int periods) {
  sink.open(i, 1, init, init_columns);
  for (int t = 0; t < periods; ++t) sink.period(t, rows + static_cast<std::size_t>(t) * columns, 1);
  sink.close();
}

void replay(const Batch& batch, int i, RowSink& sink) {
  const auto u = static_cast<std::size_t>(i), C = batch.columns;
  hand_over(sink, i, batch.init.data() + u * batch.init_columns, batch.init_columns,
            batch.rows.data() + u * static_cast<std::size_t>(batch.periods) * C, C, batch.periods);
}

void Evaluator::stream(Batch& batch, RowSink& sink) const {
  evaluate(batch);
  for (int i = 0; i < batch.count; ++i) replay(batch, i, sink);
}

}  // namespace sluice::exec
