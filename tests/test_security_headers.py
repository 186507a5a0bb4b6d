"""Security headers on every kind of response, and a clean `check --deploy` in production."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def pages(post, author):
    return {
        "home": "/",
        "post": post.get_absolute_url(),
        "author": author.get_absolute_url(),
        "not found": "/no-such-page/",
        "admin login": "/admin/login/",
    }


def script_src(csp: str) -> str:
    match = re.search(r"script-src ([^;]*)", csp)
    assert match, csp
    return match.group(1)


@pytest.mark.parametrize("name", ["home", "post", "author", "not found", "admin login"])
def test_every_response_carries_the_security_headers(client, pages, name):
    response = client.get(pages[name])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "base-uri 'self'" in csp and "form-action 'self'" in csp
    scripts = script_src(csp)
    # Django adds the nonce only to responses whose page used it.
    assert re.fullmatch(r"'self'( 'nonce-[A-Za-z0-9+/_=-]+')?", scripts), scripts
    assert "unsafe-inline" not in scripts and "unsafe-eval" not in scripts


def test_the_nonce_changes_with_every_response(client, editor, post):
    client.force_login(editor)
    url = f"/admin/blog/post/{post.pk}/change/"
    first = script_src(client.get(url)["Content-Security-Policy"])
    second = script_src(client.get(url)["Content-Security-Policy"])
    assert "'nonce-" in first and first != second


def test_admin_pages_carry_the_csp_too(client, editor, post):
    client.force_login(editor)
    response = client.get(f"/admin/blog/post/{post.pk}/change/")
    assert "'nonce-" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_lockout_page_carries_the_headers(client, editor):
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "editor", "password": "nope"})
    assert response.status_code == 429
    assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response


def production_env(tmp_path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "TESTING"))
    }
    env.update(
        DEBUG="off",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="blog.example.com",
        HTTPS="on",
        VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_complain_about_a_debug_site(tmp_path):
    """The test above can fail: the same command flags DEBUG on and a weak key."""
    env = {**production_env(tmp_path), "DEBUG": "on", "SECRET_KEY": "short"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "security.W018" in result.stderr + result.stdout  # DEBUG on
    assert "security.W009" in result.stderr + result.stdout  # weak SECRET_KEY


# --- Methods and redirects ----------------------------------------------------------


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "PROPFIND", "CONNECT", "BREW", "PUT"])
@pytest.mark.parametrize("name", ["home", "post", "author", "not found", "admin login"])
def test_unknown_methods_answer_405_on_every_url(client, pages, method, name):
    response = client.generic(method, pages[name])
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
    assert response["X-Frame-Options"] == "DENY"


def test_a_traced_request_is_never_echoed_back(client, db):
    response = client.generic("TRACE", "/", HTTP_COOKIE="sessionid=secret-session")
    assert b"secret-session" not in response.content


@pytest.mark.parametrize(
    "unsafe_next",
    ["//evil.example", "https://evil.example", "/\\evil.example", "https:\\\\evil.example", ""],
)
def test_login_with_an_unsafe_next_lands_on_the_admin_index(client, editor, unsafe_next):
    response = client.post(
        "/admin/login/?" + urlencode({"next": unsafe_next}),
        {"username": "editor", "password": "pw-for-tests-1", "next": unsafe_next},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.wsgi_request.path == "/admin/"


def test_login_with_a_safe_next_goes_there(client, editor, post):
    target = f"/admin/blog/post/{post.pk}/change/"
    response = client.post(
        "/admin/login/?" + urlencode({"next": target}),
        {"username": "editor", "password": "pw-for-tests-1", "next": target},
    )
    assert response.status_code == 302 and response["Location"] == target
