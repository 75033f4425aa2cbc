// Fixture (tests/layering/expect_upward.cmake): the seam reaching up into one engine.
#include "ir/ir.hpp"
#include "interp/interpreter.hpp"
