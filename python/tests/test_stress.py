"""stress= of deal.run, deal.sweep and deal.solve: the CLI's `--stress NAME`, byte for byte."""
import pytest

import sluice

from conftest import SOURCE

# The collateral-illusion example declares three stresses; early_default
# moves the lab's last paying month from 24 to 12 months.
ILLUSION = str(SOURCE / "examples" / "collateral_illusion" / "collateral_illusion.deal")


@pytest.fixture(scope="module")
def illusion():
    return sluice.load(ILLUSION)


def test_run_under_a_stress(illusion, cli):
    stressed = illusion.run(stress="early_default")
    rc, out, _ = cli("run", ILLUSION, "--stress", "early_default", "--format", "json")
    assert rc == 0 and stressed.json == out.decode()
    assert stressed.summary["stress"] == "early_default" and "stress" not in illusion.run().summary
    # The stress is `set default_at = 12 months`: the same run as that --set.
    assert stressed.values.tolist() == illusion.with_params(default_at="12 months").run().values.tolist()


def test_sweep_under_a_stress(illusion, cli):
    sw = illusion.sweep({"advance": "50%,60%,70%"}, stress="early_default")
    rc, out, _ = cli("sweep", ILLUSION, "--vary", "advance=50%,60%,70%", "--stress", "early_default", "--format", "json")
    assert rc == 0 and sw.json == out.decode()
    assert sw.result["stress"] == "early_default" and len(sw.result["points"]) == 3
    # Each point is the stressed base case: the same metrics as the deal run with both params set.
    point = sw.result["points"][2]["metrics"]
    stressed = illusion.with_params(advance="70%", default_at="12 months").run().summary["tranches"][0]
    assert point["A loss"] == stressed["loss_share"]  # a sweep's loss is the share of what was lent
    # And the stress matters here: the lab paying a year less costs A more than the deal as written.
    plain = illusion.sweep({"advance": "50%,60%,70%"})
    assert "stress" not in plain.result and plain.result["points"][2]["metrics"]["A loss"] < point["A loss"]


def test_solve_under_a_stress(illusion, cli):
    args = ["--vary", "advance=30%..90%", "--target", "A loss <= 0", "--tol", "0.5%", "--stress", "early_default"]
    s = illusion.solve("advance=30%..90%", "A loss <= 0", tol="0.5%", stress="early_default")
    rc, out, _ = cli("solve", ILLUSION, *args, "--format", "json")
    assert rc == 0 and s.json == out.decode()
    assert s.result["stress"] == "early_default" and s.result["converged"]
    # The boundary under the stress lies below the unstressed one: an earlier default leaves less for A.
    plain = illusion.solve("advance=30%..90%", "A loss <= 0", tol="0.5%")
    assert float(s.value.rstrip("%")) < float(plain.value.rstrip("%"))


def test_stress_refusals(illusion):
    with pytest.raises(ValueError, match="table of runs"):
        illusion.sweep({"advance": "50%,60%"}, stress="all")
    with pytest.raises(ValueError, match="deterministically"):
        illusion.sweep({"advance": "50%,60%"}, n=10, stress="early_default")
    with pytest.raises(ValueError, match="deterministically"):
        illusion.solve("advance=30%..90%", "A loss <= 0", n=10, stress="early_default")
    with pytest.raises(TypeError):
        illusion.run(stress=3)
    # A name the deal does not declare is the deal's error, with the command's code.
    with pytest.raises(sluice.DealError) as e:
        illusion.solve("advance=30%..90%", "A loss <= 0", stress="no_such_stress")
    assert e.value.code is not None and "no_such_stress" in str(e.value)
