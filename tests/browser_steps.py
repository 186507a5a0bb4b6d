"""Steps the browser tests share: what a person does the same way in every journey."""

from playwright.sync_api import expect

PASSWORD = "pw-for-tests-1"  # tests/conftest.py make_staff


def log_in(page, live_server, username: str) -> None:
    """Log in to the admin as ``username`` and wait for the admin to show."""
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="View site")).to_be_visible()
