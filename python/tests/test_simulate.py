"""deal.simulate: the risk report byte for byte as the CLI writes it, each scenario's metrics as arrays without a copy."""
import csv
import io

import numpy as np
import pytest

N, SEED = 2000, 7


@pytest.fixture(scope="module")
def sim(deal):
    return deal.simulate(N, seed=SEED, threads=2, engine="interp")


def test_the_risk_report_is_the_cli_bytes(sim, cli, flagship, tmp_path):
    scenarios = tmp_path / "scenarios.csv"
    rc, out, _ = cli("run", flagship, "-n", N, "--seed", SEED, "--engine", "interp", "--format", "json", "--scenarios-out", scenarios)
    assert rc == 0 and sim.json == out.decode()
    assert sim.report["scenarios"] == N and sim.report["seed"] == SEED and sim.engine == "interp"
    # Every scenario's metrics: the CLI's --scenarios-out, number for number.
    rows = list(csv.reader(io.StringIO(scenarios.read_text())))
    head, body = rows[0], rows[1:]
    assert len(body) == N
    names = [h for h in head if h in sim.metrics]
    assert len(names) == len(sim.metrics) >= 10
    for name in names:
        col = head.index(name)
        want = np.array([float(r[col]) if r[col] else np.nan for r in body])
        assert np.array_equal(sim.metrics[name], want, equal_nan=True), name


def test_the_table_is_the_cli_table(sim, cli, flagship):
    rc, out, _ = cli("run", flagship, "-n", N, "--seed", SEED, "--engine", "interp")
    assert rc == 0 and sim.table == out.decode()


def test_the_jit_and_any_thread_count_give_the_same_bytes(deal, sim, cli, flagship):
    one = deal.simulate(N, seed=SEED, threads=1, engine="interp", batch=100)
    assert one.json == sim.json
    for name, v in sim.metrics.items():
        assert np.array_equal(one.metrics[name], v, equal_nan=True)
    jit = deal.simulate(N, seed=SEED, threads=2, engine="jit")
    assert jit.engine == "jit" and jit.json == sim.json
    # The default tiers: the interpreter until the JIT has compiled.
    auto = deal.simulate(N, seed=SEED, threads=2)
    assert auto.engine in ("interp", "jit", "interp+jit") and auto.json == sim.json
    rc, out, _ = cli("run", flagship, "-n", N, "--seed", SEED, "--format", "json")
    assert rc == 0 and jit.json == out.decode()


def test_metrics_are_views_of_the_engine_buffers(sim):
    a = sim.metrics["A.loss_share"]
    assert a.dtype == np.float64 and a.shape == (N,)
    assert not a.flags.owndata and a.base is not None  # no copy: the array keeps the simulation alive
    # The report's PD is the share of scenarios with a loss above a millionth of the original.
    loss, original = sim.metrics["A.loss"], sim.metrics["A.original"]
    assert sim.report["tranches"][0]["pd"]["p"] == np.count_nonzero((loss > 1e-6 * original) & (loss > 0)) / N > 0
    assert sim.series_sample.shape[0] == len(sim.series_names)
    assert sim.series_sample.shape[1] == 84 and sim.series_sample.shape[2] == N


def test_dataframes(sim):
    pd = pytest.importorskip("pandas")
    frame = sim.scenarios
    assert isinstance(frame, pd.DataFrame) and frame.shape == (N, len(sim.metrics))
    assert list(sim.tranches["name"]) == ["A", "B"]
    assert sim.tranches["pd.p"][0] == sim.report["tranches"][0]["pd"]["p"]
    if sim.series_names:
        fan = sim.fan(sim.series_names[0])
        assert list(fan.columns) == ["mean", "p5", "p50", "p95"] and len(fan) == 84
        assert (fan["p5"] <= fan["p95"]).all()
    with pytest.raises(KeyError):
        sim.fan("no_such_series")


def test_bad_options(deal):
    with pytest.raises(ValueError):
        deal.simulate(0)
    with pytest.raises(ValueError):
        deal.simulate(10, threads=-1)
