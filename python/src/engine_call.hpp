// How the binding calls the engine: one call at a time, with the GIL
// released, its diagnostics captured instead of printed, and Ctrl-C asked
// about between batches. The engine's entry points (driver::run_deal and
// the sweep and solve on top of it) report errors on std::cerr, as the CLI
// prints them; here that text becomes the Python exception's message.
#pragma once
#include <functional>
#include <pybind11/pybind11.h>
#include <string>

#include "montecarlo/simulate.hpp"

namespace sluice::python {

struct CallResult {
  int exit = 0;        // the command's exit code (diagnostics/exit.hpp)
  std::string errors;  // what it wrote to stderr, without colour
};

// Runs `work` with the GIL released and std::cerr captured. Calls from
// several Python threads take turns: std::cerr is one per process.
CallResult call_engine(const std::function<int()>& work);

// A cancellation hook for mc::Options::cancel: it takes the GIL and asks
// Python whether a signal is pending (PyErr_CheckSignals, which runs the
// handler: Ctrl-C's KeyboardInterrupt is then the error set).
std::function<bool()> python_cancel();

// Raises the error the hook saw (Ctrl-C's KeyboardInterrupt), if any,
// once the GIL is back. Other failures go back to the package as an exit
// code and the rendered diagnostics, which it raises as sluice.DealError.
void raise_if_interrupted();

}  // namespace sluice::python
