"""
`make demo` and `make serve` run the task worker beside the web server with
the Makefile's WITH_WORKER recipe: Ctrl-C stops both, a server that stops by
itself takes the worker with it, and the recipe never ends with the worker
still running. The recipe is run as written, through GNU make in a process
group of its own, sent SIGINT as a terminal sends it on Ctrl-C, with small
stand-ins for the worker and the server that log the signals they get.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")

WORKER = """
import os, signal, sys, time
log = open(sys.argv[0] + ".log", "a", buffering=1)
stopping = []
def stop(signum, frame):
    log.write(signal.Signals(signum).name + "\\n")
    stopping.append(signum)
signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
open(sys.argv[0] + ".pid", "w").write(str(os.getpid()))
log.write("started\\n")
while not stopping:
    time.sleep(0.05)
time.sleep(0.5)  # finishing the task in hand: a second signal now would be logged
"""

RESTORE_CTRL_C = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])
"""

SERVER = """
import sys, time
try:
    time.sleep(float(sys.argv[1]))
except KeyboardInterrupt:
    pass
"""


def run_recipe(tmp_path: Path, server_seconds: float, ctrl_c: bool) -> tuple[str, float]:
    """Run WITH_WORKER + the stand-in server under make; the worker's log, and how long it took."""
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER)
    (tmp_path / "server.py").write_text(SERVER)
    recipe = f"probe:; $(WITH_WORKER) {sys.executable} {tmp_path / 'server.py'} {server_seconds}"
    # PY stands in for the project's Python: "$(PY) manage.py task_worker" runs the stand-in.
    make = ["make", "-s", "-C", str(ROOT), f"--eval={recipe}", "probe"]
    make.append(f"PY={sys.executable} {worker}")
    # make in a process group of its own, as a terminal's foreground job, with
    # Ctrl-C's default action (a test runner may have it ignored).
    process = subprocess.Popen(
        [sys.executable, "-c", RESTORE_CTRL_C, *make],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = Path(f"{worker}.log")
    started = time.monotonic()
    try:
        while "started" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() - started < 20, "the worker did not start"
            time.sleep(0.05)
        if ctrl_c:
            time.sleep(0.2)
            os.killpg(process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
        stopped = time.monotonic()
        process.wait(20)
        took = time.monotonic() - stopped
        worker_pid = int(Path(f"{worker}.pid").read_text())
        assert not Path(f"/proc/{worker_pid}").exists(), "the worker was left running"
        return log.read_text(), took
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def test_ctrl_c_stops_the_server_and_the_worker_with_one_signal(tmp_path):
    log, took = run_recipe(tmp_path, server_seconds=30, ctrl_c=True)
    # One signal: a second one would cut short the task in hand.
    assert log.splitlines() == ["started", "SIGINT"]
    assert took < 5


def test_a_server_that_stops_by_itself_takes_the_worker_with_it(tmp_path):
    log, _took = run_recipe(tmp_path, server_seconds=1, ctrl_c=False)
    assert log.splitlines() == ["started", "SIGTERM"]
