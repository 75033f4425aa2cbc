"""deal.run() and deal.path(k): period tables, byte for byte what `sluice run --format json` writes."""
import json

import numpy as np
import pytest

import sluice


def test_base_case_is_the_cli_bytes(deal, cli, flagship):
    base = deal.run()
    rc, out, _ = cli("run", flagship, "--format", "json")
    assert rc == 0 and base.json == out.decode()
    rc, out, _ = cli("run", flagship)
    assert rc == 0 and base.table == out.decode() and str(base) == base.table
    assert base.engine == "interp"


def test_the_period_table_is_the_json_values(deal):
    base = deal.run()
    periods = base.summary["periods"]
    assert base.values.shape == (84, len(base.columns)) and len(periods) == 84
    for t in (0, 47, 83):
        want = [np.nan if v is None else v for v in periods[t]["values"]]
        assert np.array_equal(base.values[t], np.array(want), equal_nan=True)
    assert base.dates[0] == "2025-04-30" and base.dates[-1] == "2032-03-31"
    # A's balance: 60% of 10,000 GPUs at 30,000 USD, fully repaid by the end (level over 48 months).
    assert base.summary["tranches"][0]["original"] == 180_000_000
    assert base.column("A.end_balance")[-1] == 0
    assert np.array_equal(base.column("A.principal_paid"), base.values[:, base.columns.index("A.principal_paid")])
    with pytest.raises(KeyError):
        base.column("no_such_column")


def test_dataframes(deal):
    pd = pytest.importorskip("pandas")
    base = deal.run()
    frame = base.periods
    assert isinstance(frame, pd.DataFrame) and frame.shape == (84, len(base.columns) + 1)
    assert frame.index[0] == 1 and str(frame["date"].iloc[-1].date()) == "2032-03-31"
    assert list(base.tranches["name"]) == ["A", "B"]


def test_the_jit_gives_the_same_base_case(deal):
    assert deal.run(engine="jit").json == deal.run(engine="interp").json
    with pytest.raises(ValueError):
        deal.run(engine="gpu")


def test_a_scenario_alone_is_the_scenario_in_the_run(deal):
    # Draws are keyed by (seed, scenario): scenario k replayed alone has the
    # metrics it has inside a whole Monte Carlo run, on either engine.
    sim = deal.simulate(64, seed=7, threads=2, engine="interp")
    loss = sim.metrics["A.loss_share"]
    for k in (0, 5, 63):
        path = deal.path(k, seed=7)
        assert path.scenario == k and path.engine == "interp"
        tranches = {t["name"]: t for t in path.summary["tranches"]}
        assert tranches["A"]["loss_share"] == loss[k]
        assert tranches["B"]["loss_share"] == sim.metrics["B.loss_share"][k]
        assert path.json == deal.path(k, seed=7, engine="jit").json
    # Another scenario, another path; the base case is neither.
    assert deal.path(0, seed=7).json != deal.path(1, seed=7).json
    assert deal.path(0, seed=7).json != deal.path(0, seed=8).json
    assert deal.path(0, seed=7).json != deal.run().json
    with pytest.raises(ValueError):
        deal.path(-1)


def test_a_run_that_breaks_raises_where_the_cli_does(cli):
    from conftest import SOURCE

    deal_file = SOURCE / "tests" / "golden" / "montecarlo" / "fail_mc_nonfinite.deal"
    d = sluice.load(deal_file)
    with pytest.raises(sluice.DealError) as e:
        d.simulate(50, seed=1, threads=2, batch=4)
    err = e.value
    assert err.code == "E0901" and (err.line, err.column) == (18, 19) and err.exit_code == 65
    assert "scenario 1 (seed 1)" in err.message
    rc, _, stderr = cli("run", deal_file, "-n", 50, "--seed", 1, "--threads", 2, "--batch", 4)
    assert rc == 65 and err.rendered == stderr.decode()
    # The same scenario alone fails at the same place.
    with pytest.raises(sluice.DealError) as e:
        d.path(1, seed=1)
    assert e.value.code == "E0901" and "scenario 1 (seed 1)" in e.value.message
    assert json.loads(d.path(0, seed=1).json)["schema"] == "sluice.base_case.v1"


def test_without_pandas_tables_are_lists_and_dicts():
    from conftest import FLAGSHIP, run_python

    code = f"""
import sys
sys.modules["pandas"] = None  # as if pandas were not installed
import numpy as np, sluice
d = sluice.load({str(FLAGSHIP)!r})
base = d.run()
assert isinstance(base.tranches, list) and base.tranches[0]["name"] == "A"
assert isinstance(base.periods, dict) and np.array_equal(base.periods["A.end_balance"], base.column("A.end_balance"))
sim = d.simulate(50, seed=2, threads=1, engine="interp")
assert sim.scenarios is sim.metrics and isinstance(sim.tranches, list)
assert set(sim.fan("ltv")) == {{"mean", "p5", "p50", "p95"}}
print("ok")
"""
    p = run_python(code)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0 and out.strip() == "ok", err
