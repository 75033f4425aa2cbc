// Fixture: includes that are in order (Monte Carlo reads path metrics from analysis/, below it).
#include <vector>
#include "analysis/path_metrics.hpp"
#include "exec/evaluator.hpp"
#include "montecarlo/risk.hpp"
