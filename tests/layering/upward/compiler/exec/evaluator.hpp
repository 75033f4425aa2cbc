// Fixture (tests/layering/expect_caught.cmake): the seam reaching up into one engine.
#include "ir/ir.hpp"
#include "interp/interpreter.hpp"
