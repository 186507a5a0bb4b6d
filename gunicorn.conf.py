"""
gunicorn settings for `make serve`, read from the environment.

BIND             where to listen (default 127.0.0.1:8000; a reverse proxy
                 in front terminates HTTPS)
WEB_CONCURRENCY  worker processes (default 2 x CPU cores)
GUNICORN_TIMEOUT seconds before a stuck worker is killed and replaced (30)

Logs go to stdout: one line per request, plus errors.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Each worker loads the app itself, so a worker replaced after a crash gets
# fresh database connections rather than copies of its parent's sockets.
preload_app = False
# Behind nginx on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
