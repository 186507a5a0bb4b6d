"""
Two app servers sharing one PostgreSQL and one Redis behave as one site.
Skipped unless the run is on PostgreSQL + Redis (`make test-postgres`);
under CI=true a missing service fails instead.
"""

from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache

from tests.servers import HttpSession

PASSWORD = "pw-for-tests-1"  # make_staff's


def session_key(session: HttpSession) -> str:
    return next(cookie.value for cookie in session.cookies if cookie.name == "sessionid")


def test_a_post_changed_through_one_server_changes_on_the_other(app_servers, editor, post):
    server_a, server_b = app_servers(2)
    url = post.get_absolute_url()
    assert server_b.get(url).status == 200
    on_a = HttpSession(server_a.url)
    on_a.login_admin("editor", PASSWORD)

    unpublished = on_a.post_form(
        "/admin/blog/post/", {"action": "unpublish", "_selected_action": [post.pk]}
    )

    assert unpublished.status == 302
    assert server_b.get(url).status == 404
    # The same login works on the other server: one session store.
    on_b = on_a.for_server(server_b)
    published = on_b.post_form(
        "/admin/blog/post/", {"action": "publish", "_selected_action": [post.pk]}
    )
    assert published.status == 302
    page = server_a.get(url)
    assert page.status == 200
    assert post.title in page.text


def test_the_servers_share_the_redis_cache(app_servers, editor):
    """A session one server wrote to Redis is read by the other from Redis alone."""
    server_a, server_b = app_servers(2)
    on_a = HttpSession(server_a.url)
    on_a.login_admin("editor", PASSWORD)
    key = session_key(on_a)
    assert cache.get(SessionStore(key).cache_key), "server A wrote the session to Redis"

    # Without its database row, the session only exists in the shared cache.
    Session.objects.filter(session_key=key).delete()

    on_b = on_a.for_server(server_b)
    assert on_b.get("/admin/").status == 200
    cache.delete(SessionStore(key).cache_key)
    assert on_b.get("/admin/").status == 302, "without the cache entry the login is gone"
