"""
The Wagtail peer of `make bench` (issue 19): the same post on a plain Wagtail
site, served and loaded the way run.py serves and loads ours. Not a test.

In a temporary folder it creates a virtual environment, installs the pinned
Wagtail and gunicorn below (and our own Django version, so only the CMS
differs), starts a project with ``wagtail start`` (its default settings, with
the production settings: DEBUG off, manifest static files), adds a ``blog`` app
(a BlogPage with an author snippet whose byline shows credentials and a
booking link, a rich-text body, tags, and three related posts sharing its
tags) and fills it with our demo post: the same title, body HTML, author,
credentials and related posts (run.py's PEER_POST prints them from our site).
Then gunicorn with two sync workers on 127.0.0.1 (``--no-control-socket``, an
access log as ours writes), 20 requests to warm both workers, and the load
of run.py (wrk or its Python load generator) with its CPU-per-request
measurement over the gunicorn master and workers. Everything it started is
stopped by process group; the folder is removed.

"Cold" is all Wagtail has: it keeps no page cache unless one is added, so
every request runs the page's queries and templates (its default per-process
memory cache holds only the site's root paths and the like).

    .venv/bin/python tests/benchmarks/wagtail_peer.py            # our demo built to copy the post
    .venv/bin/python tests/benchmarks/wagtail_peer.py post.json  # run.py's PEER_POST output
    BENCH_PEER_VENV=/tmp/wagtail-venv ...  # keep (or reuse) the virtual environment there
Prints a table row, and, last, one line ``PEER-RESULT {json}`` for run.py.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from html import escape
from importlib.metadata import version
from pathlib import Path

from run import (
    PEER_POST,
    Result,
    fetch,
    free_port,
    measure,
    run_python,
    run_wrk,
    stop_group,
)

WAGTAIL = "8.0.1"  # the newest Wagtail that installs here (December 2026)
GUNICORN = "27.0.1"
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
INSTALL_TIMEOUT = 600
SETTINGS = "peer.settings.production"

MODELS = """
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.snippets.models import register_snippet


@register_snippet
class Person(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    short_bio = models.TextField(blank=True)
    booking_url = models.URLField(blank=True)
    booking_label = models.CharField(max_length=80, default="Book a session")

    def __str__(self):
        return self.name


class Credential(models.Model):
    person = models.ForeignKey(Person, related_name="credentials", on_delete=models.CASCADE)
    abbreviation = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    issuer = models.CharField(max_length=200, blank=True)
    verified = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("BlogPage", related_name="tagged_items", on_delete=models.CASCADE)


class BlogPage(Page):
    date = models.DateTimeField()
    intro = models.TextField(blank=True)
    body = RichTextField()
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["credentials"] = list(self.author.credentials.all()) if self.author else []
        context["related_posts"] = (
            BlogPage.objects.live()
            .exclude(pk=self.pk)
            .filter(tags__in=self.tags.all())
            .distinct()
            .order_by("-date")[:3]
        )
        return context
"""

TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block body_class %}template-blogpage{% endblock %}
{% block content %}
<main>
  <article>
    <h1>{{ page.title }}</h1>
    {% with author=page.author %}{% if author %}
    <div class="byline">
      <p>By {{ author.name }}{% for credential in credentials %}
        {% if forloop.first %}, {% endif %}
        <abbr title="{{ credential.title }}">{{ credential.abbreviation }}</abbr>
        {% if not forloop.last %}, {% endif %}{% endfor %}</p>
      <ul class="credentials">{% for credential in credentials %}
        <li>{{ credential.abbreviation }}: {{ credential.title }}
          {% if credential.issuer %}, {{ credential.issuer }}{% endif %}
          {% if credential.verified %}<span class="verified">✓ Verified</span>{% endif %}</li>
      {% endfor %}</ul>
      {% if author.booking_url %}<p class="booking">
        <a href="{{ author.booking_url }}" rel="nofollow">{{ author.booking_label }}</a></p>
      {% endif %}
      <p class="bio">{{ author.short_bio }}</p>
    </div>
    {% endif %}{% endwith %}
    <p class="meta">
      <time datetime="{{ page.date|date:'c' }}">{{ page.date|date:"F j, Y" }}</time></p>
    <div class="body">{{ page.body|richtext }}</div>
    <ul class="tags">{% for tag in page.tags.all %}<li>#{{ tag }}</li>{% endfor %}</ul>
  </article>
  {% if related_posts %}
  <section class="related">
    <h2>Related posts</h2>
    <ul>{% for related in related_posts %}
      <li><a href="{% pageurl related %}">{{ related.title }}</a> {{ related.intro }}</li>
    {% endfor %}</ul>
  </section>
  {% endif %}
</main>
{% endblock %}
"""

LOCAL_SETTINGS = """
from .base import INSTALLED_APPS

INSTALLED_APPS = ["blog", *INSTALLED_APPS]
SECRET_KEY = "benchmark-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
LOGGING = {"version": 1, "root": {"level": "ERROR"}}
"""

BUILD = """
import json
from django.utils.dateparse import parse_datetime
from blog.models import BlogPage, Credential, Person
from home.models import HomePage

data = json.loads(open(POST_FILE).read())
home = HomePage.objects.first()
author = data["author"]
person = Person.objects.create(**{k: v for k, v in author.items() if k != "credentials"})
for credential in author["credentials"]:
    Credential.objects.create(person=person, **credential)

def add(post):
    page = BlogPage(title=post["title"], slug=post["slug"], intro=post["lead"],
                    body=post["body_html"], date=parse_datetime(post["published_at"]),
                    author=person)
    home.add_child(instance=page)
    page.tags.add(*post["tags"])
    page.save_revision().publish()
    return page

for related in data["related"]:
    add(related)
print("PEER-URL " + add(data["post"]).url)
"""


def run_in(folder: Path, command: list[str], env: dict, **kwargs) -> str:
    return subprocess.run(
        command,
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=kwargs.pop("timeout", 300),
        **kwargs,
    ).stdout


def check_page(html: str, data: dict) -> None:
    """The peer page shows what ours does: byline, credentials, booking link, related posts."""
    expected = [
        data["author"]["name"],
        data["author"]["booking_label"],
        *(credential["abbreviation"] for credential in data["author"]["credentials"]),
        *(related["title"] for related in data["related"]),
    ]
    missing = [text for text in expected if text not in html and escape(text) not in html]
    if missing or html.count("<h2") < 2:
        raise RuntimeError(f"The Wagtail page lacks {missing or 'its body headings'}")
    print(
        f"Wagtail page: {len(html.encode()) // 1024} KB, {len(data['related'])} related posts, "
        f"{len(data['author']['credentials'])} credentials",
        flush=True,
    )


@contextmanager
def served_wagtail(post_file: Path) -> Iterator[tuple[int, int, str]]:
    """(port, gunicorn master pid, post path) of a throwaway Wagtail site, removed on exit."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-wagtail-"))
    process = None
    log = None
    try:
        venv, site = Path(os.environ.get("BENCH_PEER_VENV") or tmp / "venv"), tmp / "site"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "VIRTUAL_ENV", "PYTHON"))
        }
        if not (venv / "bin" / "python").exists():
            # From this interpreter's base Python: the same Python as ours.
            print(f"Installing Wagtail {WAGTAIL} into {venv} ...", flush=True)
            run_in(tmp, [sys.executable, "-m", "venv", str(venv)], env)
        run_in(
            tmp,
            [
                str(venv / "bin" / "pip"),
                "install",
                "--quiet",
                "--disable-pip-version-check",
                f"wagtail=={WAGTAIL}",
                f"gunicorn=={GUNICORN}",
                f"Django=={version('django')}",
            ],
            env,
            timeout=INSTALL_TIMEOUT,
        )
        site.mkdir()
        run_in(site, [str(venv / "bin" / "wagtail"), "start", "peer", "."], env)
        app = site / "blog"
        (app / "templates" / "blog").mkdir(parents=True)
        (app / "migrations").mkdir()
        (app / "__init__.py").write_text("")
        (app / "migrations" / "__init__.py").write_text("")
        (app / "models.py").write_text(MODELS)
        (app / "templates" / "blog" / "blog_page.html").write_text(TEMPLATE)
        (site / "peer" / "settings" / "local.py").write_text(LOCAL_SETTINGS)
        env["DJANGO_SETTINGS_MODULE"] = SETTINGS
        python = str(venv / "bin" / "python")
        run_in(site, [python, "manage.py", "makemigrations", "blog"], env)
        run_in(site, [python, "manage.py", "migrate", "--noinput"], env)
        run_in(site, [python, "manage.py", "collectstatic", "--noinput"], env)
        built = run_in(
            site,
            [python, "manage.py", "shell"],
            env,
            input=f"POST_FILE = {str(post_file)!r}\n{BUILD}",
        )
        path = built.split("PEER-URL ", 1)[1].split()[0]
        port = free_port()
        log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 (closed in the finally)
        process = subprocess.Popen(
            [
                str(venv / "bin" / "gunicorn"),
                "peer.wsgi:application",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
                "--timeout",
                "30",
                "--access-logfile",
                str(tmp / "access.log"),
                "--log-level",
                "warning",
            ],
            cwd=site,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                print((tmp / "gunicorn.log").read_text()[-3000:])
                raise RuntimeError("Wagtail's gunicorn did not start")
            try:
                if fetch(port, path)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        check_page(fetch(port, path)[1].decode(), json.loads(post_file.read_text()))
        yield port, process.pid, path
    except subprocess.CalledProcessError as error:
        print(error.stdout[-2000:], error.stderr[-3000:], sep="\n")
        raise
    finally:
        if process is not None:
            stop_group(process)
        if log is not None:
            log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def measure_peer(post_file: Path) -> Result:
    load = run_wrk if shutil.which("wrk") else run_python
    with served_wagtail(post_file) as (port, master, path):
        return measure(f"Wagtail {WAGTAIL} post, cold", port, path, {}, master, load)


def post_from_a_throwaway_demo(folder: Path) -> Path:
    """Our demo (profile_page's in-process build), and its demo post as PEER_POST prints it."""
    from profile_page import build_site
    from throwaway_site import configure

    configure(folder / "ours")
    pages = build_site()
    slug = pages["demo-post"].strip("/").rsplit("/", 1)[-1]
    with redirect_stdout(io.StringIO()) as output:
        exec(f"SLUG = {slug!r}\n{PEER_POST}", {})  # noqa: S102 (run.py's own snippet)
    post_file = folder / "post.json"
    post_file.write_text(output.getvalue().split("PEER-POST ", 1)[1])
    return post_file


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="bench-peer-post-"))
    try:
        post_file = Path(sys.argv[1]) if len(sys.argv) > 1 else post_from_a_throwaway_demo(folder)
        result = measure_peer(post_file)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"{result.name:30} {result.rate:8.0f} req/s  p50 {result.p50_ms:.2f} ms  "
        f"p99 {result.p99_ms:.2f} ms  CPU {result.cpu_ms:.2f} ms/req  errors {result.errors}  "
        f"(load average {os.getloadavg()[0]:.1f})"
    )
    print("PEER-RESULT " + json.dumps(result.__dict__), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
