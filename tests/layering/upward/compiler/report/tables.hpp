// Fixture: includes that are in order (the report reads the base case's summary from analysis/).
#include "analysis/base_report.hpp"
#include "montecarlo/risk.hpp"
