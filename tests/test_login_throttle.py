"""Admin logins are throttled per username and IP address, and a superuser can unlock."""

import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "pw-for-tests-1"


def attempt(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def lock_out(client, username: str, ip: str = "10.0.0.1"):
    for _ in range(5):
        response = attempt(client, username, "wrong-password", ip)
    return response


def test_test_client_login_still_works_with_the_throttle_on(client, editor):
    assert client.login(username="editor", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_a_right_password_logs_in_through_the_admin_form(client, editor):
    response = attempt(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_five_wrong_passwords_lock_the_account_from_that_address(client, editor):
    for _ in range(4):
        assert attempt(client, "editor", "wrong-password").status_code == 200
    response = attempt(client, "editor", "wrong-password")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-ins" in page
    assert "ask a site administrator to unlock" in page
    assert "30 minutes" in page
    assert '<link rel="stylesheet"' in page  # the site's own page, not a bare error
    # Even the right password is refused now, from that address.
    assert attempt(client, "editor", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address(client, editor, author_user):
    lock_out(client, "editor", ip="10.0.0.1")
    # The same account from another address, and another account from the same one.
    assert attempt(client, "editor", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert attempt(client, "alice", PASSWORD, ip="10.0.0.1").status_code == 302


def test_a_superuser_unlocks_an_account_in_the_admin(client, editor):
    lock_out(client, "editor")
    record = AccessAttempt.objects.get(username="editor")
    User.objects.create_superuser("root", "root@example.com", PASSWORD)
    admin_client = type(client)()
    admin_client.force_login(User.objects.get(username="root"))
    listing = admin_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "editor" in listing.content.decode()
    response = admin_client.post(f"/admin/axes/accessattempt/{record.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_editors_cannot_see_or_clear_login_attempts(client, editor):
    client.force_login(editor)
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_axes_reset_command_unlocks_everyone(client, editor):
    lock_out(client, "editor")
    call_command("axes_reset", stdout=io.StringIO())
    assert attempt(client, "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["short1", "password123", "12345678901", "editor-editor"])
def test_password_validators_refuse_weak_passwords(db, password):
    user = User(username="editor-editor", email="editor@example.com")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_behind_a_proxy_the_header_it_sets_is_the_address(client, editor, settings):
    settings.LOGIN_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.9",
        )
    locked = client.post(
        LOGIN, {"username": "editor", "password": PASSWORD}, HTTP_X_REAL_IP="203.0.113.9"
    )
    assert locked.status_code == 429
    # Another visitor behind the same proxy is not locked out.
    other = client.post(
        LOGIN, {"username": "editor", "password": PASSWORD}, HTTP_X_REAL_IP="198.51.100.7"
    )
    assert other.status_code == 302
