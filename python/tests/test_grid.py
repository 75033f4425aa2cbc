"""deal.sweep and deal.solve: the CLI's sweep and solve, byte for byte."""
import pytest

import sluice


def test_a_base_case_sweep(deal, cli, flagship):
    sw = deal.sweep({"drift": "-10%..-30%:3"})
    rc, out, _ = cli("sweep", flagship, "--vary", "drift=-10%..-30%:3", "--format", "json")
    assert rc == 0 and sw.json == out.decode()
    assert [p["at"]["drift"] for p in sw.result["points"]] == ["-10%", "-20%", "-30%"]
    # The middle point is the deal as written (drift = -20%): the base case's A IRR.
    irr = deal.run().summary["tranches"][0]["irr"]
    assert sw.result["points"][1]["metrics"]["A IRR"] == irr


def test_a_monte_carlo_grid(deal, cli, flagship):
    sw = deal.sweep({"drift": ["-10%", "-30%"], "advance_A": "55%,60%"}, n=300, seed=3, threads=2, engine="interp")
    rc, out, _ = cli("sweep", flagship, "--vary", "drift=-10%,-30%", "--vary", "advance_A=55%,60%", "-n", 300,
                     "--seed", 3, "--engine", "interp", "--format", "json")
    assert rc == 0 and sw.json == out.decode()
    assert sw.result["mode"] == "monte_carlo" and len(sw.result["points"]) == 4
    pd = pytest.importorskip("pandas")
    frame = sw.points
    assert isinstance(frame, pd.DataFrame) and list(frame["drift"]) == ["-10%", "-10%", "-30%", "-30%"]
    assert "A PD" in frame.columns


def test_solve(deal, cli, flagship):
    # The drift at which B's expected loss passes 5%, each run 300 scenarios under one seed.
    args = ["--vary", "drift=-5%..-15%", "--target", "B EL <= 5%", "-n", 300, "--seed", 7, "--tol", "1%", "--engine", "interp"]
    s = deal.solve("drift=-5%..-15%", "B EL <= 5%", n=300, seed=7, tol="1%", engine="interp")
    rc, out, _ = cli("solve", flagship, *args, "--format", "json")
    assert rc == 0 and s.json == out.decode()
    assert s.result["converged"] and s.value == s.result["solution"]["value"]
    # The boundary: at the solution the target holds, across the bracket it fails.
    assert s.metric <= 0.05 < s.result["fails_at"]["metric"]
    assert len(s.runs) == len(s.result["runs"]) >= 3


def test_no_boundary_and_bad_axes(deal):
    with pytest.raises(sluice.NoBoundary) as e:
        deal.solve("drift=-1%..-2%", "A loss > 50%")
    assert e.value.exit_code == 1 and "no boundary" in str(e.value)
    with pytest.raises(ValueError):
        deal.sweep({"drift": "-10%..-30%"})  # a range needs its steps
    with pytest.raises(sluice.DealError) as e:
        deal.sweep({"drift": "1 USD,2 USD"})
    assert e.value.code is not None and "drift=1 USD" in str(e.value)
