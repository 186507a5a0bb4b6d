"""
Real app servers for tests: N gunicorn processes sharing one database and one
cache, the way production runs several app servers behind a proxy.

The ``app_servers`` fixture (tests/conftest.py) starts them against the test
database of the current run (so data a ``transactional_db`` test commits is
what they serve) and the run's REDIS_URL, waits until each answers /healthz,
and stops them by PID afterwards. Each server is one gunicorn master with
``workers`` sync workers; ``AppServer.worker_pids()`` names the workers for
tests that kill one.

``HttpSession`` is a small cookie-keeping HTTP client (the standard library's
urllib) that logs into the admin and posts forms with their CSRF token.
"""

import http.cookiejar
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
# libpq tags the servers' PostgreSQL sessions with this, so a test can find
# (and terminate) exactly their connections in pg_stat_activity.
SERVER_APPLICATION_NAME = "blog-test-app-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def current_database_url() -> str:
    """A URL for the database this test run uses (the test database, once set up)."""
    db = connections["default"].settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise RuntimeError("an in-memory SQLite test database cannot be shared")
        return f"sqlite:///{name}"
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen
    log_path: Path

    def get(self, path: str, timeout: float = 10) -> Response:
        return HttpSession(self.url).get(path, timeout=timeout)

    def worker_pids(self) -> list[int]:
        """The gunicorn workers of this server (children of its master process)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # Field 4 (after the parenthesised command name) is the parent PID.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                pids.append(int(entry.name))
        return pids

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def server_environment(database_url: str, **extra: str) -> dict[str, str]:
    """What a server process needs to be the same site as the test process."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        # The test settings: same password hasher as the users tests create,
        # static files from the finders (no collectstatic), mail kept in memory.
        "TESTING": "1",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PGAPPNAME": SERVER_APPLICATION_NAME,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("HTTPS", None)
    # The Redis URL below is already this worker's own database; a server that
    # also saw the worker's name would move it again (config/settings.py).
    env.pop("PYTEST_XDIST_WORKER", None)
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("RedisCache"):
        env["REDIS_URL"] = cache["LOCATION"]
        env["CACHE_KEY_PREFIX"] = cache.get("KEY_PREFIX", "")
    else:
        env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def migrate_sqlite_template(template: Path) -> None:
    """
    ``manage.py migrate`` into the SQLite file ``template``, unless done: a
    migrate takes seconds, a copy of its result (``copy_sqlite``) none.
    """
    if template.exists():
        return
    building = template.with_suffix(".building")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env=server_environment(f"sqlite:///{building}"),
        check=True,
        capture_output=True,
        timeout=300,
    )
    building.rename(template)  # only a whole migrate becomes the template


def copy_sqlite(template: Path, path: Path) -> str:
    """A copy of the migrated ``template`` at ``path``; returns its DATABASE_URL."""
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def start_app_server(
    log_dir: Path, database_url: str, workers: int = 1, timeout: float = 30, **env: str
) -> AppServer:
    port = free_port()
    log_path = log_dir / f"gunicorn-{port}.log"
    command = [
        str(GUNICORN),
        "config.wsgi",
        "--no-control-socket",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "30",
        "--graceful-timeout",
        "5",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=server_environment(database_url, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = AppServer(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{server.log()}")
        try:
            if server.get("/healthz", timeout=2).status == 200:
                return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"gunicorn did not answer /healthz in {timeout}s:\n{server.log()}")
        time.sleep(0.2)


@dataclass
class HttpSession:
    """A browser-like HTTP client for one server: cookies, CSRF, no redirects followed."""

    base_url: str
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def for_server(self, server: "AppServer") -> "HttpSession":
        """The same cookies (session, CSRF), sent to another server."""
        clone = HttpSession(server.url)
        for cookie in self.cookies:
            clone.cookies.set_cookie(cookie)
        return clone

    def request(
        self, method: str, path: str, data: dict | None = None, timeout: float = 10
    ) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method)
        request.add_header("Referer", self.base_url + path)
        try:
            with self._opener.open(request, timeout=timeout) as response:
                return Response(
                    response.status, dict(response.headers), response.read().decode("utf-8")
                )
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read().decode("utf-8"))

    def get(self, path: str, timeout: float = 10) -> Response:
        return self.request("GET", path, timeout=timeout)

    def csrf_token(self) -> str:
        for cookie in self.cookies:
            if cookie.name == settings.CSRF_COOKIE_NAME:
                return cookie.value
        raise LookupError("no CSRF cookie yet: GET a page with a form first")

    def post_form(self, path: str, data: dict, timeout: float = 10) -> Response:
        """GET the page (for the CSRF cookie), then POST the form to it."""
        self.get(path, timeout=timeout)
        return self.request(
            "POST", path, {"csrfmiddlewaretoken": self.csrf_token(), **data}, timeout=timeout
        )

    def login_admin(self, username: str, password: str) -> None:
        response = self.post_form(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        if response.status != 302:
            raise AssertionError(f"admin login as {username} failed: {response.status}")
