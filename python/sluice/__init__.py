"""Sluice from Python: load a deal, run its base case, a Monte Carlo, a sweep or a solve.

    import sluice
    deal = sluice.load("examples/gpu_lease_abs/gpu_lease_abs.deal", set={"drift": "-25%"})
    base = deal.run()                       # the base case: period tables and metrics
    risk = deal.simulate(10_000, seed=7)    # the risk report, each scenario's metrics as arrays
    risk.tranches                           # a DataFrame when pandas is installed

Every run goes through the engine the `sluice` command uses, and each result's
`json` is byte for byte what `sluice run|sweep|solve ... --format json` prints
(docs/python.md).
"""
import os as _os

_here = _os.path.dirname(__file__)
# An installed package (pip install .) carries the standard library and the
# JIT plugin; in the build tree the engine knows where they are.
if _os.path.isdir(_os.path.join(_here, "stdlib", "std")):
    _os.environ.setdefault("SLUICE_STDLIB", _os.path.join(_here, "stdlib"))
if _os.path.isfile(_os.path.join(_here, "sluice-jit.so")):
    _os.environ.setdefault("SLUICE_JIT_PLUGIN", _os.path.join(_here, "sluice-jit.so"))

from ._errors import DealError, Diagnostic, NoBoundary  # noqa: E402
from ._deal import Deal, Param, load  # noqa: E402
from ._results import PathResult, Simulation, Solution, Sweep  # noqa: E402

__all__ = ["load", "Deal", "Param", "DealError", "NoBoundary", "Diagnostic", "PathResult", "Simulation", "Sweep", "Solution"]
