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
    sw = deal.sweep({"drift": ["-10%", "-30%"], "fleet_size": "9_000 gpu,10_000 gpu"}, n=300, seed=3, threads=2)
    rc, out, _ = cli("sweep", flagship, "--vary", "drift=-10%,-30%", "--vary", "fleet_size=9_000 gpu,10_000 gpu", "-n", 300,
                     "--seed", 3, "--format", "json")
    assert rc == 0 and sw.json == out.decode()
    assert sw.result["mode"] == "monte_carlo" and len(sw.result["points"]) == 4
    pd = pytest.importorskip("pandas")
    frame = sw.points
    assert isinstance(frame, pd.DataFrame) and list(frame["drift"]) == ["-10%", "-10%", "-30%", "-30%"]
    assert "A PD" in frame.columns


def test_solve(deal, cli, flagship):
    args = ["--vary", "drift=0%..-40%", "--target", "B loss > 0%", "--tol", "1%"]
    s = deal.solve("drift=0%..-40%", "B loss > 0%", tol="1%")
    rc, out, _ = cli("solve", flagship, *args, "--format", "json")
    assert rc == 0 and s.json == out.decode()
    assert s.result["converged"] and s.value == s.result["solution"]["value"]
    # The boundary: at the solution B loses, at the other side of the bracket it does not.
    assert s.metric > 0 and s.result["fails_at"]["metric"] == 0


def test_no_boundary_and_bad_axes(deal):
    with pytest.raises(sluice.NoBoundary) as e:
        deal.solve("drift=-1%..-2%", "A loss > 50%")
    assert e.value.exit_code == 1 and "no boundary" in str(e.value)
    with pytest.raises(ValueError):
        deal.sweep({"drift": "-10%..-30%"})  # a range needs its steps
    with pytest.raises(sluice.DealError) as e:
        deal.sweep({"drift": "1 USD,2 USD"})
    assert e.value.code is not None and "drift=1 USD" in str(e.value)
