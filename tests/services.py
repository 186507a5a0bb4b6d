"""
Whether the PostgreSQL and Redis servers a test run wants are answering.

Used by `make test-postgres` (run as a script: exit status 1 and a sentence
saying what is missing) and by the tests that need real shared services.
"""

import os
import sys
from urllib.parse import urlsplit, urlunsplit


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def postgres_problem(url: str) -> str | None:
    """None when a PostgreSQL server answers at ``url``, else why not."""
    import psycopg

    parts = urlsplit(url)
    # The database itself may not exist yet (the test run creates test_<name>):
    # ask the server through its maintenance database.
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    try:
        psycopg.connect(maintenance, connect_timeout=3).close()
    except psycopg.Error as error:
        reason = (str(error).strip().splitlines() or [""])[0]
        return f"PostgreSQL is not answering at {parts.hostname}:{parts.port or 5432} ({reason})"
    return None


def redis_problem(url: str) -> str | None:
    """None when a Redis server answers PING at ``url``, else why not."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as error:
        parts = urlsplit(url)
        return f"Redis is not answering at {parts.hostname}:{parts.port or 6379} ({error})"
    return None


def shared_services_configured() -> bool:
    """Whether this run is set up for PostgreSQL and Redis (`make test-postgres`)."""
    database_url = os.environ.get("DATABASE_URL", "")
    return database_url.startswith(("postgres://", "postgresql://")) and bool(
        os.environ.get("REDIS_URL")
    )


def shared_services_problem() -> str | None:
    """
    None when this run uses PostgreSQL and Redis that answer, else a reason:
    several app processes can only share a server database and a server cache.
    """
    if not shared_services_configured():
        return "need DATABASE_URL=postgres://... and REDIS_URL (they run in `make test-postgres`)"
    return postgres_problem(os.environ["DATABASE_URL"]) or redis_problem(os.environ["REDIS_URL"])


def main(argv: list[str]) -> int:
    database_url, redis_url = argv[1], argv[2]
    problems = [p for p in (postgres_problem(database_url), redis_problem(redis_url)) if p]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
