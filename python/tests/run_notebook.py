"""Executes a notebook with nbclient on the Python running this script, and fails on the first cell that raises.

    python3 python/tests/run_notebook.py examples/notebooks/gpu_lease_abs.ipynb [EXECUTED.ipynb]

The kernel is this interpreter (a kernelspec written to a temporary folder), so that it sees
the same `sluice` (PYTHONPATH) and packages; cells run in the notebook's own folder.
"""
import json
import os
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main(path, save=None):
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as home:
        spec = os.path.join(home, "kernels", "sluice-python")
        os.makedirs(spec)
        with open(os.path.join(spec, "kernel.json"), "w") as f:
            json.dump({"argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "sluice",
                       "language": "python"}, f)
        os.environ["JUPYTER_PATH"] = home
        # The kernel's own inline backend draws the figures into the cells' outputs.
        os.environ.pop("MPLBACKEND", None)
        os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        client = NotebookClient(nb, timeout=600, kernel_name="sluice-python",
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        start = time.monotonic()
        try:
            client.execute()
        except CellExecutionError as e:
            print(f"{path}: a cell failed:\n{e}", file=sys.stderr)
            return 1
    if save:  # the executed notebook, to look at its figures
        nbformat.write(nb, save)
    code = [c for c in nb.cells if c.cell_type == "code"]
    images = sum(1 for c in code for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    print(f"{path}: {len(code)} code cells ran in {time.monotonic() - start:.1f} s, {images} figures")
    # Each plot the notebook promises was drawn.
    if images < 3:
        print(f"{path}: expected at least 3 figures (loss distribution, fan chart, sweep), got {images}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
