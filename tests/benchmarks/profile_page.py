"""
`make profile PAGE=...`: where one page's server time goes, in-process (not a test).

Builds the same throwaway site as `make bench` (tests/benchmarks/run.py: the
demo, the long post, posts with 20 and 200 threaded comments) in a temporary
folder with SQLite and the per-process memory cache, then renders each page
with Django's test Client (the full handler and middleware) in three states:

- **cold**: the cache flushed before every request (``cache.clear()`` and the
  process's recent copies, ``core.page_cache._recent``) and the request sent
  with ``X-Page-Cache: bypass-all``, as `make bench` does: nothing read from or
  stored into the page cache, fragments or cached objects. This is the first
  view after a deploy with an empty Redis, or a crawler on an old post.
- **miss**: ``X-Page-Cache: bypass`` after one request that stored the
  fragments: the page is put together again from fresh fragments.
- **editor**: the demo's editor logged in (session cookie): no page cache, no
  fragments, as every page an editor or author views.

Each state is requested a few times to warm the process (imports, template
loader, URL resolver), then RUNS times; it prints the median CPU time per
request (``time.process_time``), the median wall time and the queries. The
numbers include the test Client's own small work (building the request,
reading the response): the "test client" line of a profile shows how much.
With PROFILE=1 each state is also sampled with pyinstrument and the time is
grouped by the innermost frame that says what it is doing: template
rendering, ORM query building (QuerySets, SQL compilation, rows to objects),
database execution, the cache, the test client, and the rest (middleware,
views, URL resolving, the request cycle); then the functions with the most
time of their own.

    make profile                                    # every page below
    make profile PAGE=/blog/a-post-with-20-comments/
    make profile PAGE=demo-post PROFILE=1           # names: home, demo-post, long-post,
    PROFILE_RUNS=50 make profile PAGE=author        #   20-comments, 200-comments, author, feed
    PROFILE_SQL=1 make profile PAGE=demo-post       # and one request's SQL per state
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from run import COMMENTED_POSTS, LONG_POST, demo_post_and_author
from throwaway_site import ROOT, configure

RUNS = int(os.environ.get("PROFILE_RUNS", "30"))
WARMUP = 5
PROFILE = os.environ.get("PROFILE", "") not in ("", "0")
# pyinstrument samples every half millisecond (its default is 1 ms).
INTERVAL = float(os.environ.get("PROFILE_INTERVAL", "0.0005"))
TOP_FUNCTIONS = int(os.environ.get("PROFILE_TOP", "12"))
SHOW_SQL = os.environ.get("PROFILE_SQL", "") not in ("", "0")
STATES = ("cold", "miss", "editor")

# Where a sample's time goes: the innermost frame of its stack whose file
# matches one of these (the first in this order) names it, except that the
# generic ORM group never overrides a more specific ORM group above it (an
# expression compiled by the SQL compiler counts as SQL compilation). Python
# that templates call (model properties, reverse(), filters) counts as
# template rendering; the test client and the page cache, which wrap the
# whole view, pass on only what they do themselves (their C and standard
# library calls): the view they call starts over at "rest".
GROUPS = [
    ("test client", ("/django/test/",)),
    ("DB execution", ("/django/db/backends/", "sqlite3/")),
    ("ORM: SQL compilation", ("/django/db/models/sql/compiler.py",)),
    ("ORM: model instances", ("/django/db/models/base.py",)),
    (
        "ORM: building QuerySets, the rest of the ORM",
        ("/django/db/models/", "/django/db/transaction.py", "/django/db/utils.py"),
    ),
    ("cache", ("/django/core/cache/", "/redis/", "/core/page_cache", "/core/fragments")),
    ("template rendering", ("/django/template/", "/jinja2/", "/templatetags/")),
]
ORM_GENERIC = GROUPS[4][0]
WRAPPERS = {"test client", "cache"}
REST = "rest (request cycle, middleware, views' own Python, feeds' XML)"


@dataclass
class Sample:
    cpu_ms: float
    wall_ms: float
    queries: int
    compile_ms: float
    execute_ms: float


class SqlClock:
    """
    CPU time inside SQL compilation (every compiler's ``as_sql``) and inside
    the database driver's ``execute``, outermost calls only: a profiler-free
    check of the profile's ORM and database shares (a profiler slows the
    ORM's many small calls more than the rest). Rows fetched after
    ``execute`` and turned into objects count in neither.
    """

    def __init__(self) -> None:
        self.seconds = {"compile": 0.0, "execute": 0.0}
        self._inside = {"compile": False, "execute": False}
        # Each outermost compilation's milliseconds, in order: a query's cost (PROFILE_SQL).
        self.compiles: list[float] = []

    def install(self) -> None:
        from django.db.backends.utils import CursorWrapper
        from django.db.models.sql import compiler

        for cls in vars(compiler).values():
            if isinstance(cls, type) and "as_sql" in vars(cls):
                cls.as_sql = self._timed("compile", cls.as_sql)
        CursorWrapper.execute = self._timed("execute", CursorWrapper.execute)
        CursorWrapper.executemany = self._timed("execute", CursorWrapper.executemany)

    def _timed(self, kind: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if self._inside[kind]:
                return function(*args, **kwargs)
            self._inside[kind] = True
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.process_time() - started
                self.seconds[kind] += spent
                if kind == "compile":
                    self.compiles.append(spent * 1000)
                self._inside[kind] = False

        return timed


SQL_CLOCK = SqlClock()


def build_site() -> dict[str, str]:
    """The demo plus run.py's long and commented posts; returns the pages by name."""
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    with redirect_stdout(io.StringIO()) as output:
        call_command("load_demo")
        exec(LONG_POST, {})  # noqa: S102 (run.py's own builders, as `manage.py shell` runs them)
        exec(COMMENTED_POSTS, {})  # noqa: S102
    printed = output.getvalue()
    long_url = next(word for word in printed.split() if word.startswith("/blog/a-long-read"))
    commented = [
        word
        for word in printed.split()
        if word.startswith("/blog/a-post-with-") and "comment" in word
    ]
    home = Client().get("/").content.decode()
    post_url, author_url = demo_post_and_author(home, long_url, commented)
    return {
        "home": "/",
        "demo-post": post_url,
        "long-post": long_url,
        "20-comments": commented[0],
        "200-comments": commented[1],
        "author": author_url,
        "feed": "/feed/",
    }


def flush() -> None:
    """Empty the cache as a deploy with a new Redis would, and this process's recent copies."""
    from django.core.cache import cache

    from core import page_cache

    cache.clear()
    with page_cache._recent_lock:
        page_cache._recent.clear()


def client_for(state: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    if state == "editor":
        client = Client()
        client.force_login(get_user_model().objects.get(username="editor"))
        return client
    header = {"cold": "bypass-all", "miss": "bypass"}[state]
    return Client(headers={"X-Page-Cache": header})


def request_once(client, path: str, state: str, show_sql: bool = False) -> Sample:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if state == "cold":
        flush()
    sql_before = dict(SQL_CLOCK.seconds)
    SQL_CLOCK.compiles.clear()
    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if response.status_code != 200:
        raise RuntimeError(f"{path} ({state}) answered {response.status_code}")
    if show_sql:
        # Compilations and queries pair up in order (a prefetch compiles as it queries).
        compiles = SQL_CLOCK.compiles + [0.0] * len(queries.captured_queries)
        for number, query in enumerate(queries.captured_queries, 1):
            print(f"      {number:2}. {compiles[number - 1]:5.2f} ms  {query['sql'][:300]}")
    compile_s, execute_s = (SQL_CLOCK.seconds[k] - sql_before[k] for k in ("compile", "execute"))
    return Sample(cpu * 1000, wall * 1000, len(queries), compile_s * 1000, execute_s * 1000)


def measure(path: str, state: str) -> list[Sample]:
    client = client_for(state)
    for _ in range(WARMUP):
        request_once(client, path, state)
    if SHOW_SQL:
        print(f"    {path} {state}: the queries of one request")
        request_once(client, path, state, show_sql=True)
    return [request_once(client, path, state) for _ in range(RUNS)]


def group_of(frame, inherited: str, weak: bool) -> str:
    """``weak``: the inherited group (a wrapper's) holds only for C and standard library frames."""
    path = frame.file_path or ""
    for name, markers in GROUPS:
        if any(marker in path for marker in markers):
            if name == ORM_GENERIC and inherited.startswith("ORM"):
                return inherited
            return name
    if weak and ("site-packages" in path or path.startswith(str(ROOT))):
        return REST
    return inherited


def grouped(root) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """Seconds per group (innermost matching frame wins) and per function (own time)."""
    groups: dict[str, float] = {}
    functions: dict[tuple[str, str], float] = {}
    pending = [(root, REST, False)]
    while pending:
        frame, inherited, weak = pending.pop()
        group = group_of(frame, inherited, weak)
        own = frame.total_self_time
        if own:
            groups[group] = groups.get(group, 0.0) + own
            if not frame.is_synthetic:
                key = (frame.function, frame.code_position_short() or "")
                functions[key] = functions.get(key, 0.0) + own
        pending.extend((child, group, group in WRAPPERS) for child in frame.children)
    return groups, functions


def profile(path: str, state: str) -> None:
    from pyinstrument import Profiler

    client = client_for(state)
    for _ in range(WARMUP):
        request_once(client, path, state)
    profiler = Profiler(interval=INTERVAL, async_mode="disabled")
    for _ in range(RUNS):
        if state == "cold":
            flush()  # outside the profile, as outside the timing
        profiler.start()
        client.get(path)
        profiler.stop()
    root = profiler.last_session.root_frame() if profiler.last_session else None
    if root is None:
        return
    groups, functions = grouped(root)
    total = sum(groups.values()) or 1
    print(f"    profile, {state}: {total * 1000 / RUNS:.1f} ms per request sampled (wall)")
    for name, seconds in sorted(groups.items(), key=lambda item: -item[1]):
        print(f"      {seconds / total:5.0%}  {seconds * 1000 / RUNS:6.2f} ms  {name}")
    print("      own time, top functions:")
    for (function, where), seconds in sorted(functions.items(), key=lambda item: -item[1])[
        :TOP_FUNCTIONS
    ]:
        print(f"        {seconds / total:5.1%}  {function}  {where}")
    if folder := os.environ.get("PROFILE_HTML"):
        name = path.strip("/").replace("/", "_") or "home"
        Path(folder, f"{name}.{state}.html").write_text(profiler.output_html())


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="profile-"))
    try:
        configure(tmp, PAGE_CACHE="1", PAGE_CACHE_ALLOW_BYPASS="1")
        print(f"Preparing a throwaway site in {tmp} ...", flush=True)
        pages = build_site()
        SQL_CLOCK.install()
        wanted = [
            part.strip() for part in os.environ.get("PAGE", "").split(",") if part.strip()
        ] or list(pages)
        print(
            f"{RUNS} requests per state after {WARMUP} to warm up; CPU ms per request "
            f"(process_time), median; load average {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} CPUs"
        )
        header = (
            f"{'page':42} {'state':7} {'CPU ms':>7} {'p90':>6} {'wall ms':>8} {'queries':>7} "
            f"{'SQL compile':>11} {'DB execute':>10}"
        )
        print(header)
        print("-" * len(header))
        for name in wanted:
            path = pages.get(name, name)
            for state in STATES:
                samples = measure(path, state)
                cpu = sorted(sample.cpu_ms for sample in samples)
                print(
                    f"{path:42} {state:7} {statistics.median(cpu):7.2f} "
                    f"{cpu[int(len(cpu) * 0.9) - 1]:6.2f} "
                    f"{statistics.median(sample.wall_ms for sample in samples):8.2f} "
                    f"{statistics.median(sample.queries for sample in samples):7.0f} "
                    f"{statistics.median(sample.compile_ms for sample in samples):11.2f} "
                    f"{statistics.median(sample.execute_ms for sample in samples):10.2f}",
                    flush=True,
                )
                if PROFILE:
                    profile(path, state)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
