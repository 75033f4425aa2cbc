"""sluice.load: a deal's settings, params, IR summary and diagnostics; a bad deal raises DealError as the CLI reports it."""
import os

import pytest

import sluice


def test_settings_params_and_ir(deal):
    assert deal.name == "GPU Fleet ABS 2025-1"
    assert deal.currency == "USD"
    assert deal.periods == 84 and deal.settings["period"] == "monthly" and deal.settings["start"] == "2025-03-31"
    fleet = deal.params["fleet_size"]
    assert (fleet.name, fleet.value, fleet.set) == ("fleet_size", "10_000 gpu", False) and "gpu" in fleet.type
    assert deal.params["drift"].value == "-20%" and not deal.params["drift"].set
    assert deal.ir["tranches"] == ["A", "B"] and deal.ir["equities"] == ["E"]
    assert {"dscr", "ltv"} <= set(deal.ir["tests"])
    assert "early_amortization" in deal.ir["triggers"] and "event_of_default" in deal.ir["triggers"]
    names = [c["name"] for c in deal.ir["columns"]]
    assert "A.interest_paid" in names and "A.end_balance" in names
    assert deal.ir["step_instructions"] > 0 and deal.ir["streams"] > 0
    assert deal.diagnostics == []


def test_ir_text_is_what_sluice_ir_prints(deal, cli, flagship):
    rc, out, _ = cli("ir", flagship)
    assert rc == 0
    assert deal.ir["text"] == out.decode()


def test_set_overrides_a_param(flagship):
    d = sluice.load(flagship, set={"fleet_size": "8_000 gpu", "drift": "-25%"})
    assert d.params["fleet_size"].value == "8_000 gpu" and d.params["fleet_size"].set
    assert d.params["drift"].value == "-25%"
    assert d.with_params(drift="-30%").params["drift"].value == "-30%"
    assert d.with_params(drift="-30%").params["fleet_size"].value == "8_000 gpu"


def test_a_unit_error_raises_the_cli_diagnostic(tmp_path, flagship, cli):
    text = open(flagship).read()
    assert "coupon       9.50%" in text
    bad = tmp_path / "gpu_lease_abs.deal"
    bad.write_text(text.replace("coupon       9.50%", "coupon       9.50 USD"))
    (tmp_path / "lessees.csv").write_text(open(os.path.join(os.path.dirname(flagship), "lessees.csv")).read())  # its lease tape
    with pytest.raises(sluice.DealError) as e:
        sluice.load(bad)
    err = e.value
    assert err.code == "E0301" and err.exit_code == 65
    assert (err.file, err.line, err.column) == (str(bad), 84, 18)
    assert "annual rate" in err.message
    rc, _, stderr = cli("check", bad)
    assert rc == 65
    assert err.rendered == stderr.decode()  # the same bytes as the CLI
    assert "^^^^^^^^" in str(err)
    assert [d.code for d in err.diagnostics] == ["E0301"] and err.diagnostics[0].line == 84


def test_a_missing_file_and_a_bad_set(tmp_path, flagship):
    with pytest.raises(sluice.DealError) as e:
        sluice.load(tmp_path / "nothing.deal")
    assert e.value.exit_code == 66 and e.value.code == "E0800"
    with pytest.raises(sluice.DealError) as e:
        sluice.load(flagship, set={"fleet_sise": "8_000 gpu"})
    assert e.value.exit_code == 64 and "did you mean `fleet_size`" in str(e.value)
    with pytest.raises(sluice.DealError) as e:
        sluice.load(flagship, set={"drift": "9.5 USD"})
    assert e.value.code is not None and e.value.exit_code in (64, 65)
    with pytest.raises(TypeError):
        sluice.load(flagship, set={"drift": None})
