// Fixture: the runtime reaching into the compiler.
#include "calendar/day_count.hpp"
#include "base/source.hpp"
