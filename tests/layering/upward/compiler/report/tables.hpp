// Fixture: the known exception (allowed).
#include "driver/report.hpp"
#include "montecarlo/risk.hpp"
