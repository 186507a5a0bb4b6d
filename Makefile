# Setup and everyday commands. `make demo` and `make test` do everything on a
# fresh clone; both install into .venv first.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
BIND ?= 127.0.0.1:8000

# The first Python 3.12+ found: on PATH, then in pyenv (whose shims refuse
# versions the .python-version file does not select).
PYTHON ?= $(shell for c in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	command -v $$c; break; fi; done)

.PHONY: install demo serve test test-postgres lint format check clean help

help:
	@echo "make demo     install, migrate, load demo content, serve on http://$(HOST):$(PORT) with a task worker"
	@echo "make test     install and run the whole test suite"
	@echo "make test-postgres  the whole suite again on PostgreSQL with the Redis cache"
	@echo "make serve    collectstatic, migrate, gunicorn with DEBUG off on $(BIND), and a task worker"
	@echo "make install  create .venv and install the project with its dev tools"
	@echo "make lint     ruff check and format check, the import-linter contracts, mypy"

# The project installs with uv (itself installed by pip into the venv): it
# resolves and downloads in parallel, 14 s on a fresh machine against pip's 29.
$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 or newer is needed (Django 6.1 requires it), and none was found."; \
		echo "Install one, e.g. 'pyenv install 3.12' or 'apt-get install python3.12', or run 'make PYTHON=/path/to/python3.12 ...'."; \
		exit 1; fi
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then rm -rf $(VENV); fi
	@[ -x $(PY) ] || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

# The task worker (it sends the mail) beside the web server, in the same
# recipe line: started first, and stopped with the server, never left behind.
# Ctrl-C reaches both; the worker finishes the task in hand and exits, and is
# sent TERM only if it has not after 10 s (one still starting up ignores
# Ctrl-C, as background jobs do). When the server stops any other way, TERM
# at once. Either way the recipe waits for it.
WITH_WORKER = trap 'interrupted=1' INT; \
	trap 'if [ -n "$$interrupted" ]; then for i in $$(seq 100); do \
		kill -0 $$worker 2>/dev/null || break; sleep 0.1; done; fi; \
		kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(PY) manage.py task_worker --no-reload & worker=$$!;

demo: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo
	@echo
	@echo "  Site:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/"
	@echo
	export DEBUG=$${DEBUG:-1}; $(WITH_WORKER) $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist: a database, a Redis database and
# live servers per worker) and ends with the slowest tests.
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --durations=15 --durations-min=2

test: install
	$(PYTEST) $(PYTEST_ARGS)

# The same suite on PostgreSQL and Redis. Without the servers it says so and
# skips, except under CI=true, where that is a failure.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/blog
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

test-postgres: install
	@if $(PY) tests/services.py "$(PG_TEST_URL)" "$(REDIS_TEST_URL)"; then \
		echo "DATABASE_URL=$(PG_TEST_URL) REDIS_URL=$(REDIS_TEST_URL) pytest $(PYTEST_ARGS)"; \
		DATABASE_URL=$(PG_TEST_URL) REDIS_URL=$(REDIS_TEST_URL) $(PYTEST) $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "CI=true: the PostgreSQL run cannot be skipped."; exit 1; \
	else \
		echo "Skipping the PostgreSQL run (start PostgreSQL and Redis, or set PG_TEST_URL/REDIS_TEST_URL)."; \
	fi

# Production-like: DEBUG off, fingerprinted static files, gunicorn
# (gunicorn.conf.py reads WEB_CONCURRENCY and BIND).
serve: install
	DEBUG=0 $(PY) manage.py collectstatic --noinput
	DEBUG=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(PY) manage.py make_renditions
	export DEBUG=0; $(WITH_WORKER) \
		BIND=$(BIND) $(VENV)/bin/gunicorn --config gunicorn.conf.py --no-control-socket config.wsgi

# mypy checks core/ with django-stubs (pyproject.toml [tool.mypy] says what
# it leaves out and why).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/djhtml --tabwidth 2 --check templates

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache

# --- Performance (issue 8) -------------------------------------------------

.PHONY: bench
# A benchmark, not a test: a throwaway demo site under gunicorn on 127.0.0.1,
# a few seconds of load per page; prints requests/s, latency, CPU per request.
# Then the peer (issue 19): the demo post on a pinned Wagtail, installed into a
# throwaway virtual environment and served the same way (tests/benchmarks/
# wagtail_peer.py), with our pages' ratios to it; BENCH_PEER=0 skips it.
# Then the admin's front page with 10,000 posts and 1,000,000 booking clicks
# (tests/benchmarks/dashboard.py; `make bench-dashboard` alone). Then one post
# mailed to 10,000 subscribers by a worker through a local SMTP sink
# (tests/benchmarks/newsletter.py; `make bench-newsletter` alone).
bench: install
	$(PY) tests/benchmarks/run.py
	$(PY) tests/benchmarks/dashboard.py
	$(PY) tests/benchmarks/newsletter.py

.PHONY: bench-servers
# gunicorn against granian's WSGI server on warm pages and the static file (issue 19).
bench-servers: install
	$(PY) tests/benchmarks/app_servers.py

.PHONY: bench-dashboard
bench-dashboard: install
	$(PY) tests/benchmarks/dashboard.py

.PHONY: bench-newsletter
bench-newsletter: install
	$(PY) tests/benchmarks/newsletter.py

.PHONY: profile
# Where one page's server time goes (issue 19), in-process on the bench's
# throwaway site: CPU ms per request cold, on a page miss and for a logged-in
# editor; PROFILE=1 adds pyinstrument's breakdown (templates, ORM, database,
# the rest). PAGE: a path or home, demo-post, long-post, 20-comments,
# 200-comments, author, feed (comma-separated; all when empty).
#   make profile PAGE=/blog/a-post-with-20-comments/ PROFILE=1
profile: install
	PAGE="$(PAGE)" PROFILE="$(PROFILE)" nice $(PY) tests/benchmarks/profile_page.py

.PHONY: lighthouse
# Lighthouse 12 (npx) with Debian's Chromium on a throwaway demo site.
lighthouse: install
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) tests/benchmarks/lighthouse.py

.PHONY: bench-import
# import_wordpress on generated exports of 1,000 and 10,000 posts (10 comments
# each) into throwaway SQLite databases: time and peak memory per size
# (tests/benchmarks/wordpress_import.py; BENCH_IMPORT_SIZES=200,2000 for a quick look).
bench-import: install
	nice $(PY) tests/benchmarks/wordpress_import.py
