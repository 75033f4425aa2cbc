// Fixture: one back end including its sibling.
#include "exec/evaluator.hpp"
#include "interp/interpreter.hpp"
