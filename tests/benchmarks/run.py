"""
`make bench`: how fast the site answers, measured, not asserted (not a test).

Builds a throwaway site (SQLite, media and static files in a temporary
folder; Redis as the shared cache when it answers on REDIS_URL or
127.0.0.1:6379), loads the demo plus one post with a long body and posts with
20 and 200 threaded comments, starts `make serve` (collectstatic, migrate,
gunicorn with two workers) on 127.0.0.1 and loads each page with 16
connections for a few seconds: wrk when it is installed, else the small load
generator below. For each page it prints requests/s, p50 and p99
latency, the rate as a fraction of a static file's through the same server,
and the server CPU time per request (utime + stime of the gunicorn processes
from /proc, steadier than requests/s on a shared machine), then the workers'
peak RSS. Every process it started is stopped (make's process group), whatever happens.

    make bench                     # 4 s per page
    BENCH_SECONDS=2 make bench     # quicker
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CONNECTIONS = 16
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

LONG_POST = """
from blog.models import Post, Category, Tag
from authors.models import Author
body = "\\n\\n".join(
    f"## Part {i}\\n\\n" + "Trust is rebuilt in small, repeated acts. " * 40
    + f"\\n\\n- a point {i}\\n- another point\\n\\n> A quote to think about, number {i}."
    for i in range(30)
)
post, _ = Post.objects.update_or_create(
    slug="a-long-read",
    defaults=dict(
        title="A long read about rebuilding trust",
        author=Author.objects.active().first(),
        body=body,
        status="published",
        published_at=Post.objects.published().first().published_at,
    ),
)
post.categories.set(Category.objects.all()[:2])
post.tags.set(Tag.objects.all()[:3])
print(post.get_absolute_url(), len(post.body_html))
"""


# Posts with N approved comments in threads (a third of them replies), the
# issue's "post page with 20 / 200 comments".
COMMENTED_POSTS = """
from django.utils import timezone
from blog.models import Post
from comments.models import Comment
source = Post.objects.published().exclude(slug="a-long-read").order_by("pk")
for count, base in ((20, source[0]), (200, source[1])):
    post, _ = Post.objects.update_or_create(
        slug=f"a-post-with-{count}-comments",
        defaults=dict(title=f"A post with {count} comments", author=base.author, body=base.body,
                      status="published", published_at=base.published_at),
    )
    post.categories.set(base.categories.all())
    post.tags.set(base.tags.all())
    Comment.objects.filter(post=post).delete()
    parents = []
    for n in range(count):
        parent = parents[n // 3] if n % 3 == 2 and parents else None
        comment = Comment(post=post, name=f"Reader {n}", email=f"r{n}@example.org",
                          body=f"Comment {n}: thank you, this helped us talk again. " * 3,
                          status="approved")
        comment.attach_to(parent)
        comment.save()
        if parent is None:
            parents.append(comment)
    print(post.get_absolute_url())
"""


# What the Wagtail peer (tests/benchmarks/wagtail_peer.py) rebuilds of the
# demo post: its body, its author's byline with credentials and booking link,
# and the three related posts the page shows. SLUG is set before this runs.
PEER_POST = """
import json
from blog.models import Post
post = Post.objects.published().select_related("author").get(slug=SLUG)
author = post.author

def page(p):
    return dict(title=p.title, slug=p.slug, lead=p.summary, body_html=p.body_html,
                published_at=p.published_at.isoformat(), tags=[t.name for t in post.tags.all()])

print("PEER-POST " + json.dumps(dict(
    post=page(post),
    related=[page(p) for p in post.related()],
    author=dict(name=author.name, slug=author.slug, short_bio=author.short_bio,
                booking_url=author.booking_url, booking_label=author.booking_label,
                credentials=[dict(abbreviation=c.abbreviation, title=c.title, issuer=c.issuer,
                                  verified=c.verified) for c in author.public_credentials]),
)))
"""


# A session of the demo's editor, as a login would store it: the "editor"
# rows load a post the way an editor or author sees every page (no page cache,
# no fragments).
EDITOR_SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
editor = get_user_model().objects.get(username="editor")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(editor.pk)
# The backend a password login records: the last (the first only throttles).
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
session[HASH_SESSION_KEY] = editor.get_session_auth_hash()
session.save()
print("SESSION", settings.SESSION_COOKIE_NAME, session.session_key)
"""


@dataclass
class Result:
    name: str
    url: str
    requests: int
    rate: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url() -> str | None:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    match = re.match(r"redis://([^:/]+):?(\d+)?", url)
    if not match:
        return None
    try:
        with socket.create_connection((match[1], int(match[2] or 6379)), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return url if sock.recv(16).startswith(b"+PONG") else None
    except OSError:
        return None


def manage(env: dict, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (after pid and comm)
    return total / CLOCK_TICKS


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited; see its output above")
        try:
            fetch(port, "/static/favicon.svg")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def run_wrk(port: int, path: str, headers: dict) -> tuple[int, float, float, float, int]:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(SECONDS))}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout

    def millis(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    requests = int(re.search(r"(\d+) requests in", out)[1])
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    errors_match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(errors_match[1]) if errors_match else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return requests, rate, millis("50%"), millis("99%"), errors


def run_python(port: int, path: str, headers: dict) -> tuple[int, float, float, float, int]:
    """A bounded keep-alive load generator: 16 threads, one connection each."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return (
        len(latencies),
        len(latencies) / elapsed,
        quantiles[49] * 1000,
        quantiles[98] * 1000,
        errors[0],
    )


def measure(name, port, path, headers, master, load) -> Result:
    for _ in range(20):  # warm both workers (imports, connections, the page cache)
        fetch(port, path, headers)
    pids = [master, *children(master)]
    before = cpu_seconds(pids)
    requests, rate, p50, p99, errors = load(port, path, headers)
    cpu = cpu_seconds(pids) - before
    return Result(name, path, requests, rate, p50, p99, cpu * 1000 / max(requests, 1), errors)


def gunicorn_master(pid: int) -> int:
    """The gunicorn master below ``make serve`` (make, maybe a shell, then gunicorn)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pending = [pid]
        while pending:
            current = pending.pop()
            try:
                command = Path(f"/proc/{current}/cmdline").read_bytes()
            except OSError:
                continue
            # gunicorn itself (python .../bin/gunicorn ...), not the shell of
            # `make serve` whose one long argument also names gunicorn: taking
            # that shell measured the task worker and the master, no worker.
            if any(arg.endswith(b"/gunicorn") for arg in command.split(b"\0")[:2]):
                return current
            pending.extend(children(current))
        time.sleep(0.1)
    raise RuntimeError("no gunicorn process found under make serve")


def stop_group(process: subprocess.Popen) -> None:
    """Stop make, gunicorn and its workers: SIGTERM to the group, SIGKILL if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    # make may exit before gunicorn's workers: wait until the group is gone.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)


@dataclass
class Site:
    port: int
    process: subprocess.Popen
    master: int
    long_url: str
    commented_urls: list[str]
    css_url: str
    redis: str | None
    env: dict
    tmp: Path


@contextmanager
def served_demo(workers: int = WORKERS) -> Iterator[Site]:
    """A throwaway demo site under gunicorn on 127.0.0.1, stopped and removed on exit."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    redis = redis_url()
    env = {
        **os.environ,
        "DEBUG": "0",
        "TESTING": "0",
        "VAR_DIR": str(tmp / "var"),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),
        "SECRET_KEY": "benchmark-only-not-secret",
        "DEMO_PASSWORD": "benchmark-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PAGE_CACHE": "1",
        "PAGE_CACHE_ALLOW_BYPASS": "1",
        "SERVE_MEDIA": "1",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    if redis:
        env["REDIS_URL"] = redis
        env["CACHE_KEY_PREFIX"] = f"bench-{os.getpid()}"
    else:
        env.pop("REDIS_URL", None)
    process = None
    log = None
    try:
        print(f"Preparing a throwaway site in {tmp} ...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        long_url = re.search(r"/blog/\S+/", manage(env, "shell", stdin=LONG_POST))[0]
        commented_urls = re.findall(r"/blog/\S+/", manage(env, "shell", stdin=COMMENTED_POSTS))
        manage(env, "collectstatic", "--noinput")
        manifest = (tmp / "static" / "staticfiles.json").read_text()
        css = re.search(r'"css/site.css":\s*"([^"]+)"', manifest)[1]
        port = free_port()
        # `make serve`, as in production: collectstatic, migrate, renditions,
        # then gunicorn with gunicorn.conf.py. In its own session, so that the
        # whole group (make, gunicorn and its workers) can be stopped at once.
        log = open(tmp / "serve.log", "w")  # noqa: SIM115 (closed in the finally)
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"PY={PYTHON}"],
            cwd=ROOT,
            env={
                **env,
                "BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": str(workers),
                "GUNICORN_LOG_LEVEL": "warning",
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_up(port, process, timeout=90)
        except RuntimeError:
            print((tmp / "serve.log").read_text()[-3000:])
            raise
        master = gunicorn_master(process.pid)
        yield Site(
            port, process, master, long_url, commented_urls, f"/static/{css}", redis, env, tmp
        )
    finally:
        if process is not None:
            stop_group(process)
        if log is not None:
            log.close()
        if redis:
            _forget_keys(redis, env["CACHE_KEY_PREFIX"])
        shutil.rmtree(tmp, ignore_errors=True)


def demo_post_and_author(
    home_html: str, long_url: str, commented_urls: list[str]
) -> tuple[str, str]:
    """The demo post (the first post the home page links, not one added above) and author."""
    post_url = next(
        url
        for url in re.findall(r'href="(/blog/(?!category/|tag/)[^"/]+/)"', home_html)
        if url != long_url and url not in commented_urls
    )
    return post_url, re.findall(r'href="(/authors/[^"/]+/)"', home_html)[0]


def wagtail_peer(site: Site, post_url: str) -> Result | None:
    """
    The demo post on Wagtail (tests/benchmarks/wagtail_peer.py, its own process
    and virtual environment), loaded the same way; None, said so, if it fails.
    """
    slug = post_url.strip("/").rsplit("/", 1)[-1]
    printed = manage(site.env, "shell", stdin=f"SLUG = {slug!r}\n{PEER_POST}")
    post_file = site.tmp / "peer-post.json"
    post_file.write_text(printed.split("PEER-POST ", 1)[1])
    try:
        completed = subprocess.run(
            [PYTHON, str(Path(__file__).with_name("wagtail_peer.py")), str(post_file)],
            capture_output=True,
            text=True,
            timeout=1200,
        )
    except subprocess.TimeoutExpired:
        print("(the Wagtail peer timed out: no peer row)")
        return None
    for line in completed.stdout.splitlines():
        if line.startswith("PEER-RESULT "):
            return Result(**json.loads(line.removeprefix("PEER-RESULT ")))
        if line.startswith(("Installing", "Wagtail page")):
            print(line)  # what was installed, and what the peer page shows
    print(completed.stdout[-2000:], completed.stderr[-3000:], sep="\n")
    print("(the Wagtail peer failed, see above: no peer row)")
    return None


# Issue 19's targets: our page / the Wagtail post, both measured in this run.
PEER_TARGETS = [
    ("demo post, cold", 0.75),
    ("post, 20 comments, cold", 1),
    ("post, 200 comments, cold", 3),
    ("RSS feed, cold", 1),
    ("demo post, editor", 1.5),
]


def print_peer_ratios(results: list[Result], peer: Result) -> None:
    by_name = {r.name: r for r in results}
    print(
        f"\nAgainst {peer.name} ({peer.cpu_ms:.2f} CPU ms/req; Wagtail has no page cache, "
        "so every request is cold):"
    )
    for name, target in PEER_TARGETS:
        if (ours := by_name.get(name)) is not None:
            ratio = ours.cpu_ms / peer.cpu_ms
            verdict = "met" if ratio <= target else "not met"
            print(f"  {name:30} {ratio:5.2f} x Wagtail   (target <= {target:g} x: {verdict})")


def main() -> int:
    load = run_python
    generator = "bundled Python load generator"
    if shutil.which("wrk"):
        load, generator = run_wrk, "wrk"
    with served_demo() as site:
        port, master, long_url = site.port, site.master, site.long_url
        post_url, author_url = demo_post_and_author(
            fetch(port, "/")[1].decode(), long_url, site.commented_urls
        )
        # "cold": rendered with nothing cached (X-Page-Cache: bypass-all);
        # "page miss": the page is rendered but reuses its cached fragments,
        # which is what a reader meets right after one thing on it changed.
        miss = {"X-Page-Cache": "bypass"}
        cold = {"X-Page-Cache": "bypass-all"}
        _, cookie, key = manage(site.env, "shell", stdin=EDITOR_SESSION).split()[-3:]
        editor = {"Cookie": f"{cookie}={key}"}
        twenty, two_hundred = site.commented_urls
        pages = [
            ("static file (whitenoise)", site.css_url, {}),
            ("home, warm", "/", {}),
            ("home, page miss", "/", miss),
            ("home, cold", "/", cold),
            ("long post, warm", long_url, {}),
            ("long post, page miss", long_url, miss),
            ("long post, cold", long_url, cold),
            ("demo post, page miss", post_url, miss),
            ("demo post, cold", post_url, cold),
            ("demo post, editor", post_url, editor),
            ("post, 20 comments, warm", twenty, {}),
            ("post, 20 comments, page miss", twenty, miss),
            ("post, 20 comments, cold", twenty, cold),
            ("post, 20 comments, editor", twenty, editor),
            ("post, 200 comments, warm", two_hundred, {}),
            ("post, 200 comments, page miss", two_hundred, miss),
            ("post, 200 comments, cold", two_hundred, cold),
            ("author page, warm", author_url, {}),
            ("author page, page miss", author_url, miss),
            ("author page, cold", author_url, cold),
        ]
        if fetch(port, "/feed/")[0] == 200:
            pages += [("RSS feed, warm", "/feed/", {}), ("RSS feed, cold", "/feed/", cold)]
        else:
            print("(no /feed/ on this branch: RSS feed skipped)")
        results = [
            measure(name, port, path, headers, master, load) for name, path, headers in pages
        ]
        workers = children(master)
        rss = [peak_rss_mb(pid) for pid in workers]
        load_ours = os.getloadavg()[0]
        peer = wagtail_peer(site, post_url) if os.environ.get("BENCH_PEER", "1") != "0" else None
        if peer is not None:
            results.append(peer)
        print()
        print(
            f"{len(workers)} gunicorn workers, {CONNECTIONS} connections, {SECONDS:g} s per page, "
            f"{generator}, cache: {'Redis' if site.redis else 'per-process memory'}, "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
        )
        static_rate = results[0].rate
        header = (
            f"{'page':30} {'req/s':>8} {'of static':>9} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'CPU ms/req':>10} {'errors':>6}"
        )
        print(header)
        print("-" * len(header))
        for r in results:
            print(
                f"{r.name:30} {r.rate:8.0f} {r.rate / static_rate:9.0%} {r.p50_ms:8.2f} "
                f"{r.p99_ms:8.2f} {r.cpu_ms:10.2f} {r.errors:6d}"
            )
        print(f"\nWorkers' peak RSS (VmHWM): {', '.join(f'{mb:.0f} MB' for mb in rss)}")
        print(
            f"Load average after our pages {load_ours:.1f}, after the peer {os.getloadavg()[0]:.1f}"
        )
        if peer is not None:
            print_peer_ratios(results, peer)
        print(f"Long post: {long_url}; demo post: {post_url}; author: {author_url}")
    return 0


def _forget_keys(url: str, prefix: str) -> None:
    """Remove the benchmark's keys from the shared Redis."""
    try:
        import redis as redis_client

        client = redis_client.Redis.from_url(url)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    except Exception as error:  # a leftover key is harmless; say so and go on
        print(f"(could not remove benchmark keys from Redis: {error})")


if __name__ == "__main__":
    sys.exit(main())
