// Fixture: the known exception (allowed) beside includes that are in order.
#include <vector>
#include "driver/report.hpp"
#include "exec/evaluator.hpp"
#include "montecarlo/risk.hpp"
