"""Shared fixtures: the package from the build tree (PYTHONPATH), the CLI beside it, the flagship deal."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("SLUICE_SOURCE_DIR", Path(__file__).resolve().parents[2]))
FLAGSHIP = SOURCE / "examples" / "gpu_lease_abs" / "gpu_lease_abs.deal"


def _binary():
    if os.environ.get("SLUICE_BIN"):
        return os.environ["SLUICE_BIN"]
    import sluice

    return str(Path(sluice.__file__).resolve().parents[2] / "sluice")  # build/python/sluice -> build/sluice


@pytest.fixture(scope="session")
def cli():
    """Runs `sluice ARGS...` and returns (exit code, stdout bytes, stderr bytes), without colour."""
    binary = _binary()
    env = {**os.environ, "NO_COLOR": "1"}

    def run(*args):
        p = subprocess.run([binary, *map(str, args)], capture_output=True, env=env, cwd=SOURCE)
        return p.returncode, p.stdout, p.stderr

    return run


@pytest.fixture(scope="session")
def flagship():
    return str(FLAGSHIP)


@pytest.fixture(scope="session")
def deal(flagship):
    import sluice

    return sluice.load(flagship)


def run_python(code, **kw):
    """Runs `code` in a fresh interpreter (the one running the tests) with this environment."""
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=SOURCE, **kw)
