"""
Reading the environment for ``config.settings``: small functions that turn
environment variables into the values settings need. No settings live here;
``config/settings.py`` stays the one list of them and calls these.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key(var_dir: Path) -> str:
    """The key from SECRET_KEY, else one generated once and kept in var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database(var_dir: Path) -> dict:
    """The default database from DATABASE_URL, else an SQLite file in var/."""
    config = dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{var_dir / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A web server writes from several threads and processes: WAL lets readers
        # go on while one writes, IMMEDIATE takes the write lock at BEGIN so two
        # writers queue instead of failing with "database is locked", and the
        # timeout is how long they queue.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("SQLITE_TIMEOUT", "20")),
        }
    return config


def redis_url_for_test_worker(url: str, worker: str) -> str:
    """
    pytest-xdist workers clear the cache around every test: each gets a Redis
    database of its own (gw0 the one named, gw1 the one below it, ...).
    """
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    index = int(worker.removeprefix("gw") or 0)
    return urlunsplit(parts._replace(path=f"/{(database - index) % 16}"))


def cache(testing: bool) -> dict:
    """The default cache: Redis at REDIS_URL (shared by every worker), else per process."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if testing and (worker := os.environ.get("PYTEST_XDIST_WORKER")):
        redis_url = redis_url_for_test_worker(redis_url, worker)
    return {
        "BACKEND": "config.redis_cache.PooledRedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "site"),
    }


def smtp_options() -> dict:
    """The SMTP backend's connection, from the EMAIL_* variables."""
    return {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "timeout": 10,
    }


TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}


def task_backend(testing: bool) -> dict:
    """
    The task queue from TASKS_BACKEND: "database" (django-tasks-db, the default),
    "immediate" (runs each task at once in the process that enqueues it: the
    default under tests), or the dotted path of any other django.tasks backend.
    """
    name = os.environ.get("TASKS_BACKEND") or ("immediate" if testing else "database")
    return {"BACKEND": TASK_BACKENDS.get(name, name)}


def admins(name: str) -> list[str]:
    """The ``name`` variable's "Name:address" or "address" items as Django 6's address strings."""
    return [
        "{} <{}>".format(*item.split(":", 1)) if ":" in item else item for item in env_list(name)
    ]


def s3_media_origins(
    bucket: str, endpoint_url: str | None, custom_domain: str | None, region: str | None
) -> list[str]:
    """Where pages load images from a media bucket: the origins its CSP must allow."""
    if custom_domain:
        return [f"https://{custom_domain}"]
    if endpoint_url:
        endpoint = urlsplit(endpoint_url)
        return [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{bucket}.{endpoint.netloc}",
        ]
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region:
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins
