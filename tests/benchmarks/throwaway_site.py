"""
The settings of a benchmark's throwaway site (a new SQLite database and media
folder under a temporary folder), set in the environment before Django starts.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def configure(tmp: Path, *, testing: bool = True, **extra: str) -> dict[str, str]:
    """
    Point this process at a new site under ``tmp`` and set Django up; return
    the environment, for a process started beside it (a task worker).
    ``testing``: plain static files (no manifest to collect) and the local
    cache; off where the site must run as in production (the newsletter's
    database task queue). ``extra``: more variables.
    """
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "VAR_DIR": str(tmp / "var"),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "SECRET_KEY": "benchmark-only-not-secret",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "PAGE_CACHE": "0",
        "LOG_LEVEL": "ERROR",
        **extra,
    }
    if testing:
        env["TESTING"] = "1"
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    if not testing:
        os.environ.pop("TESTING", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return dict(os.environ)
