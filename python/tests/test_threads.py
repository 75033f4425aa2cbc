"""The engine runs without the GIL, and Ctrl-C stops a long run between batches."""
import signal
import threading
import time

from conftest import FLAGSHIP, run_python


def test_other_threads_run_while_the_engine_does(deal):
    gaps, done = [], threading.Event()
    result = {}

    def work():
        result["sim"] = deal.simulate(6000, seed=1, threads=1, engine="interp")
        done.set()

    worker = threading.Thread(target=work)
    start = last = time.monotonic()
    worker.start()
    while not done.is_set():
        time.sleep(0.01)
        now = time.monotonic()
        gaps.append(now - last)
        last = now
    worker.join()
    took = time.monotonic() - start
    assert result["sim"].report["scenarios"] == 6000
    # Had the engine held the GIL, this loop would have stalled for the whole run.
    assert took > 0.5, f"the run took {took:.2f} s: too short to tell"
    assert len(gaps) > 20 and max(gaps) < 0.25 * took, (max(gaps), took)


CHILD = f"""
import sys, time, sluice
d = sluice.load({str(FLAGSHIP)!r})
print("ready", flush=True)
start = time.monotonic()
try:
    d.simulate(300_000, seed=1, threads=1, engine="interp")
    print("finished", flush=True)
except KeyboardInterrupt:
    print(f"interrupted after {{time.monotonic() - start:.2f}} s", flush=True)
# The engine is usable again, and its errors are reported again.
assert d.run().summary["tranches"][0]["name"] == "A"
try:
    sluice.load({str(FLAGSHIP)!r}, set={{"nothing": "1"}})
except sluice.DealError as e:
    assert "no param `nothing`" in str(e), str(e)
print("ok", flush=True)
"""


def test_ctrl_c_stops_a_long_run_cleanly():
    p = run_python(CHILD)
    assert p.stdout.readline().strip() == "ready"
    time.sleep(1.5)
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    stopped = time.monotonic() - sent
    assert p.returncode == 0, err
    lines = out.split("\n")
    assert lines[0].startswith("interrupted after "), out
    assert lines[1] == "ok"
    assert stopped < 10, f"the run went on {stopped:.1f} s after Ctrl-C"
