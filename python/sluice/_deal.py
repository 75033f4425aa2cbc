"""A compiled deal and the runs it offers."""
import os
from collections import namedtuple

from . import _core
from ._errors import Diagnostic, raise_for
from ._results import PathResult, Simulation, Solution, Sweep

Param = namedtuple("Param", "name value type set")
Param.__doc__ = "A param: its value as deal text (the --set value where one was given), its type, and whether it was set."


def _sets(values):
    """{"drift": "-25%", "fleet_size": "8_000 gpu", "advance": 0.55} -> [(name, text)]: the CLI's --set pairs."""
    out = []
    for name, value in (values or {}).items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise TypeError(f"set={{{name!r}: ...}}: give the value as deal text, such as \"55%\" or \"4m USD\", or a number")
        out.append((str(name), value if isinstance(value, str) else repr(value)))
    return out


def _stress(name):
    """stress=None or a stress's name -> the CLI's --stress text ("" for none)."""
    if name is None:
        return ""
    if not isinstance(name, str) or not name:
        raise TypeError("stress: give the name of one of the deal's `stress NAME { ... }` blocks, as a string")
    return name


def load(path, set=None):  # noqa: A002 (the CLI's word)
    """Compiles the deal file at `path` with params overridden as `sluice run --set NAME=VALUE` would.

    Raises DealError (with the rendered diagnostics) when the deal does not compile.
    """
    path = os.fspath(path)
    sets = _sets(set)
    info = _core.load(path, sets)
    diagnostics = [Diagnostic.from_dict(d) for d in info["diagnostics"]]
    raise_for(info, diagnostics)
    return Deal(path, dict(set or {}), sets, info, diagnostics)


class Deal:
    """A deal that compiled: its settings, params, IR summary and warnings, and its runs.

    Each run compiles the deal again from its file with the same params, as the CLI does.
    """

    def __init__(self, path, set_values, sets, info, diagnostics):
        self.file = path
        self.sets = set_values
        self._sets = sets
        self.settings = info["deal"]
        self.params = {p["name"]: Param(p["name"], p["value"], p["type"], p["set"]) for p in info["params"]}
        self.ir = info["ir"]
        self.diagnostics = diagnostics  # warnings (a deal with errors raised)

    name = property(lambda self: self.settings["name"])
    currency = property(lambda self: self.settings["currency"])
    periods = property(lambda self: self.settings["periods"])

    def __repr__(self):
        return f"<sluice.Deal {self.name!r} from {self.file}: {self.periods} {self.settings['period']} periods, {len(self.params)} params>"

    def with_params(self, **values):
        """The same deal with more params set (keyword arguments, values as for load's `set`)."""
        return load(self.file, {**self.sets, **values})

    def run(self, engine="auto", stress=None):
        """The base case (every random factor on its expected path): `sluice run FILE --format json`.

        stress: the name of a `stress NAME { ... }` block of the deal: the base case on the paths,
        draws, params and defaults it fixes (`sluice run FILE --stress NAME`).
        """
        return self._path(_core.run(self.file, self._sets, engine, stress=_stress(stress)))

    def path(self, k, seed=1, engine="auto"):
        """Scenario k of a Monte Carlo run under `seed`, alone: its period table, the same numbers it has in simulate(n > k, seed)."""
        if k < 0:
            raise ValueError("scenarios are numbered from 0")
        return self._path(_core.run(self.file, self._sets, engine, seed=seed, scenario=k), scenario=k, seed=seed)

    def simulate(self, n, seed=1, threads=0, engine="auto", batch=16, check=False, fan_sample=10000):
        """A Monte Carlo run of n scenarios: `sluice run FILE -n N --seed S --format json`, and each scenario's metrics.

        threads=0 uses every hardware thread; the result does not depend on threads or batch.
        Ctrl-C stops the run between batches (KeyboardInterrupt).
        """
        r = _core.simulate(self.file, self._sets, engine, n, seed, threads, batch, check, fan_sample)
        raise_for(r)
        return Simulation(r)

    def sweep(self, vary, n=None, seed=1, threads=0, engine="auto", batch=16, check=False, stress=None):
        """A grid of runs: `sluice sweep FILE --vary ...`.

        vary: {"drift": "-10%..-30%:5", "advance_A": ["50%", "60%"]} (the first axis varies slowest),
        or a list of --vary texts ("drift=-10%..-30%:5"). With n, each point is a Monte Carlo run
        of n scenarios under the same seed (common random numbers); else each point's base case.
        stress: every point's base case under the deal's stress NAME (`--stress NAME`; not with n).
        """
        if isinstance(vary, dict):
            varies = [f"{name}={v if isinstance(v, str) else ','.join(map(str, v))}" for name, v in vary.items()]
        else:
            varies = [vary] if isinstance(vary, str) else list(vary)
        r = _core.sweep(self.file, self._sets, varies, engine, n, seed, threads, batch, check, _stress(stress))
        raise_for(r)
        return Sweep(r)

    def solve(self, vary, target, n=None, seed=1, tol="", max_runs=60, threads=0, engine="auto", batch=16, check=False, stress=None):
        """The param value at which a target stops holding, by bisection: `sluice solve FILE --vary NAME=A..B --target "..."`.

        vary: "advance_A=40%..80%"; target: "A PD <= 1%" (a metric sweep() reports).
        Raises NoBoundary when the target holds at both ends of the range or at neither.
        stress: every run the base case under the deal's stress NAME (`--stress NAME`; not with n).
        """
        r = _core.solve(self.file, self._sets, vary, target, tol, max_runs, engine, n, seed, threads, batch, check, _stress(stress))
        raise_for(r)
        return Solution(r)

    def _path(self, r, scenario=None, seed=None):
        raise_for(r)
        return PathResult(r, scenario=scenario, seed=seed)
