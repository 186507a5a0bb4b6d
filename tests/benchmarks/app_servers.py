"""
`make bench-servers`: gunicorn (what `make serve` runs) against granian's WSGI
server, on the same throwaway site, in the same run (issue 19: switch only if
granian wins on CPU per request). Measured, not asserted (not a test).

The site is run.py's (the demo under `make serve`, SQLite, Redis when it
answers). gunicorn serves it first; then granian, installed into a folder of
its own (``pip install --target``, never into the project's venv), serves the
same app and database with the same number of workers. Each loads the static
file, the warm home page and the warm demo post, with wrk (or run.py's Python
load generator), and the CPU per request of the server's whole process tree.

    make bench-servers
    BENCH_GRANIAN=granian==2.6.0 make bench-servers   # another version
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import (
    PYTHON,
    ROOT,
    WORKERS,
    Result,
    demo_post_and_author,
    fetch,
    free_port,
    measure,
    run_python,
    run_wrk,
    served_demo,
    stop_group,
    wait_until_up,
)

GRANIAN = os.environ.get("BENCH_GRANIAN", "granian")


def install_granian(folder: Path) -> str:
    subprocess.run(
        [
            PYTHON,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
            str(folder),
            GRANIAN,
        ],
        check=True,
    )
    version = next(folder.glob("granian-*.dist-info")).name.split("-")[1].removesuffix(".dist")
    return version


def granian_server(env: dict, folder: Path, port: int, log: Path) -> subprocess.Popen:
    """granian's WSGI server on the site gunicorn served: its access log on, as gunicorn's."""
    return subprocess.Popen(
        [
            PYTHON,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
            "--access-log",
            "--workers-kill-timeout",
            "20",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env={**env, "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}"},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def main() -> int:
    load = run_wrk if shutil.which("wrk") else run_python
    results: list[tuple[str, Result]] = []
    with served_demo() as site:
        post_url, _ = demo_post_and_author(
            fetch(site.port, "/")[1].decode(), site.long_url, site.commented_urls
        )
        pages = [
            ("static file", site.css_url),
            ("home, warm", "/"),
            ("demo post, warm", post_url),
        ]
        for name, path in pages:
            results.append(("gunicorn", measure(name, site.port, path, {}, site.master, load)))
        folder = Path(tempfile.mkdtemp(prefix="granian-"))
        try:
            version = install_granian(folder)
            port = free_port()
            server = granian_server(site.env, folder, port, site.tmp / "granian.log")
            try:
                wait_until_up(port, server, timeout=60)
                time.sleep(1)  # its workers: started after the first answers
                for name, path in pages:
                    results.append(
                        (f"granian {version}", measure(name, port, path, {}, server.pid, load))
                    )
            finally:
                stop_group(server)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\n{WORKERS} workers each, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}; CPU per request of the server's process tree"
    )
    print(
        f"{'server':16} {'page':18} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'CPU ms/req':>10} {'errors':>6}"
    )
    for server_name, r in results:
        print(
            f"{server_name:16} {r.name:18} {r.rate:8.0f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} "
            f"{r.cpu_ms:10.3f} {r.errors:6d}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
