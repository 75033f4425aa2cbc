"""What runs return: the CLI's JSON (byte for byte), parsed, with NumPy arrays and, when pandas is installed, DataFrames."""
import json

import numpy as np

try:
    import pandas as _pd
except ImportError:  # pandas is optional: dicts of arrays instead of DataFrames
    _pd = None


def _frame(rows):
    """A list of flat dicts as a DataFrame (pandas) or as the list itself."""
    return _pd.DataFrame(rows) if _pd is not None else rows


class _Printed:
    """A result prints as the CLI's table; `json` holds the CLI's JSON output."""

    def __str__(self):
        return self.table

    def _repr_pretty_(self, p, cycle):  # IPython
        p.text(self.table)


class PathResult(_Printed):
    """One path: the base case, or one scenario (`deal.path(k)`), as `sluice run --format json` writes it.

    values: the period table, a (periods, columns) array; columns: the column names (units in `units`);
    dates: each period's end; summary: the parsed JSON (tranches, equity, tests, triggers);
    periods: the table as a DataFrame indexed by period (pandas), else a dict of column arrays.
    """

    def __init__(self, r, scenario=None, seed=None):
        self.json = r["json"]
        self.table = r["table"]
        self.engine = r["engine"]
        self.scenario, self.seed = scenario, seed
        self.summary = json.loads(self.json)
        self.values = r["rows"]
        self.init = r["init"]
        self.columns = [c["name"] for c in self.summary["columns"]]
        self.units = {c["name"]: c["unit"] for c in self.summary["columns"]}
        self.dates = [p["date"] for p in self.summary["periods"]]

    def column(self, name):
        """One column over the periods (a view into `values`)."""
        try:
            return self.values[:, self.columns.index(name)]
        except ValueError:
            raise KeyError(f"no column {name!r}; the columns: {', '.join(self.columns)}") from None

    @property
    def periods(self):
        if _pd is None:
            return {name: self.values[:, i] for i, name in enumerate(self.columns)}
        index = _pd.RangeIndex(1, len(self.dates) + 1, name="period")
        frame = _pd.DataFrame(self.values, columns=self.columns, index=index)
        frame.insert(0, "date", _pd.to_datetime(self.dates))
        return frame

    tranches = property(lambda self: _frame(self.summary["tranches"]))
    equity = property(lambda self: _frame(self.summary["equity"]))
    tests = property(lambda self: _frame(self.summary["tests"]))
    triggers = property(lambda self: _frame(self.summary["triggers"]))

    def __repr__(self):
        what = "base case" if self.scenario is None else f"scenario {self.scenario} (seed {self.seed})"
        return f"<sluice.PathResult {what} of {self.summary['deal']!r}: {len(self.dates)} periods x {len(self.columns)} columns>"


class Simulation(_Printed):
    """A Monte Carlo run, as `sluice run -n N --seed S --format json` writes it, with each scenario's metrics.

    report: the parsed JSON (docs/output.md); metrics: {"A.loss_share": array over scenarios, ...}, arrays
    over the engine's own buffers (no copy); scenarios: those metrics as a DataFrame (pandas), one row
    per scenario; series_sample: the report series of the fan-chart sample, (series, periods, scenarios).
    """

    def __init__(self, r):
        self.json = r["json"]
        self.table = r["table"]
        self.engine = r["engine"]
        self.report = json.loads(self.json)
        self.metrics = dict(zip(r["metric_names"], r["metric_values"]))
        self.series_names = list(r["series_names"])
        self.series_sample = r["series_sample"]

    n = property(lambda self: self.report["scenarios"])
    seed = property(lambda self: self.report["seed"])

    @property
    def scenarios(self):
        if _pd is None:
            return self.metrics
        return _pd.DataFrame(self.metrics, index=_pd.RangeIndex(len(next(iter(self.metrics.values()), [])), name="scenario"))

    tranches = property(lambda self: _frame([_flat(t) for t in self.report["tranches"]]))
    equity = property(lambda self: _frame([_flat(e) for e in self.report["equity"]]))
    tests = property(lambda self: _frame([_flat(t) for t in self.report["tests"]]))
    triggers = property(lambda self: _frame([_flat(t) for t in self.report["triggers"]]))

    def fan(self, series):
        """A report series' fan over the periods: mean, p5, p50, p95 (DataFrame with pandas, else a dict of arrays)."""
        for s in self.report["series"]:
            if s["name"] == series:
                cols = {k: np.array([p[k] for p in s["periods"]], dtype=float) for k in ("mean", "p5", "p50", "p95")}
                if _pd is None:
                    return cols
                return _pd.DataFrame(cols, index=_pd.RangeIndex(1, len(s["periods"]) + 1, name="period"))
        names = ", ".join(s["name"] for s in self.report["series"]) or "none (the deal's report names no series)"
        raise KeyError(f"no report series {series!r}; the series: {names}")

    def __repr__(self):
        return f"<sluice.Simulation of {self.report['deal']!r}: {self.n} scenarios, seed {self.seed}, {len(self.metrics)} metrics per scenario>"


def _flat(d, prefix=""):
    """{"irr": {"p5": ..}} -> {"irr.p5": ..}: the report's nested summaries as columns."""
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[prefix + k] = v
    return out


class Sweep:
    """A grid of runs, as `sluice sweep --format json` writes it: `result` parsed; `points` one row per point."""

    def __init__(self, r):
        self.json = r["json"]
        self.result = json.loads(self.json)

    @property
    def points(self):
        return _frame([{**p["at"], **p["metrics"]} for p in self.result["points"]])

    def __repr__(self):
        return f"<sluice.Sweep of {len(self.result['points'])} points ({self.result['mode']})>"


class Solution:
    """A solve, as `sluice solve --format json` writes it: `value` the param's text at the solution, `result` parsed."""

    def __init__(self, r):
        self.json = r["json"]
        self.result = json.loads(self.json)

    value = property(lambda self: self.result["solution"]["value"])
    metric = property(lambda self: self.result["solution"]["metric"])

    @property
    def runs(self):
        return _frame(self.result["runs"])

    def __repr__(self):
        return f"<sluice.Solution {self.value} (metric {self.metric})>"
