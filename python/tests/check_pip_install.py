"""`pip install .` into a fresh virtual environment, offline, then a run from outside the source tree.

    python3 python/tests/check_pip_install.py BUILD_DIR SOURCE_DIR

The wheel reuses BUILD_DIR's CMake build (--config-settings build-dir=), so this checks the packaging
(the build backend, the wheel, the JIT plugin and standard library inside it), not a second build.
"""
import os
import subprocess
import sys
import tempfile

CHECK = r"""
import os, sys, sluice
here = os.path.dirname(sluice.__file__)
assert here.startswith(sys.prefix), (here, sys.prefix)                  # the installed copy, not the build tree
assert os.environ["SLUICE_STDLIB"] == os.path.join(here, "stdlib")        # its own standard library
assert os.environ["SLUICE_JIT_PLUGIN"] == os.path.join(here, "sluice-jit.so")
deal = sluice.load(sys.argv[1])
base = deal.run()
assert base.summary["tranches"][0]["name"] == "A"
risk = deal.simulate(200, seed=7, threads=2, engine="jit")             # the packaged JIT plugin
with open(sys.argv[2], "w") as f:
    f.write(base.json + risk.json)
print("installed sluice ran", deal.name)
"""


def main(build, source):
    with tempfile.TemporaryDirectory() as tmp:
        env_dir = os.path.join(tmp, "env")
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", env_dir], check=True)
        python = os.path.join(env_dir, "bin", "python")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SLUICE_STDLIB", "SLUICE_JIT_PLUGIN")}
        env["PIP_NO_INPUT"] = "1"
        subprocess.run([python, "-m", "pip", "install", "--no-index", "--disable-pip-version-check", "-q", "--config-settings", f"build-dir={build}", source],
                       check=True, env=env, cwd=tmp)
        out = os.path.join(tmp, "out.json")
        flagship = os.path.join(source, "examples", "gpu_lease_abs", "gpu_lease_abs.deal")
        subprocess.run([python, "-c", CHECK, flagship, out], check=True, env=env, cwd=tmp)
        # The same bytes as the command for the same deal and seed.
        cli = os.path.join(build, "sluice")
        want = subprocess.run([cli, "run", flagship, "--format", "json"], check=True, capture_output=True, text=True).stdout
        want += subprocess.run([cli, "run", flagship, "-n", "200", "--seed", "7", "--threads", "2", "--format", "json"], check=True,
                               capture_output=True, text=True).stdout
        got = open(out).read()
        if got != want:
            print("the installed package's JSON differs from the command's", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])))
