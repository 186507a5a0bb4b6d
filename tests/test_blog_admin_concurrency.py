"""Two editors saving the same post: the later save never silently overwrites the earlier."""

import re
import threading

import pytest

from blog.admin_forms import OPENED_VERSION_FIELD
from blog.models import Post
from tests.conftest import make_staff
from tests.servers import HttpSession

CONFLICT = "changed by someone else since you opened it"


def change_url(post: Post) -> str:
    return f"/admin/blog/post/{post.pk}/change/"


def opened_version(html: str) -> str:
    match = re.search(rf'name="{OPENED_VERSION_FIELD}" value="([^"]*)"', html)
    assert match, "the change form carries the version it was opened at"
    return match.group(1)


def form_data(post: Post, version: str, **changes) -> dict:
    data = {
        "title": post.title,
        "slug": post.slug,
        "author": post.author.pk,
        "body": post.body,
        "excerpt": "",
        "featured_image_alt": "",
        "status": "published",
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
        OPENED_VERSION_FIELD: version,
        "_save": "Save",
    }
    return {**data, **changes}


@pytest.fixture
def two_editors(client, editor, post, django_user_model):
    from django.test import Client

    other = Client()
    other.force_login(make_staff("second_editor", "Editors"))
    client.force_login(editor)
    return client, other


def test_the_later_of_two_saves_is_refused_and_keeps_what_was_typed(two_editors, post):
    first, second = two_editors
    first_version = opened_version(first.get(change_url(post)).content.decode())
    second_version = opened_version(second.get(change_url(post)).content.decode())

    saved = second.post(change_url(post), form_data(post, second_version, title="Second's title"))
    refused = first.post(
        change_url(post), form_data(post, first_version, title="First's title", body="First's body")
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    html = refused.content.decode()
    assert CONFLICT in html
    assert 'value="First&#x27;s title"' in html and "First&#x27;s body" in html
    post.refresh_from_db()
    assert post.title == "Second's title"
    assert post.body != "First's body"


def test_saving_again_after_the_warning_is_a_deliberate_overwrite(two_editors, post):
    first, second = two_editors
    first_version = opened_version(first.get(change_url(post)).content.decode())
    second_version = opened_version(second.get(change_url(post)).content.decode())
    second.post(change_url(post), form_data(post, second_version, title="Second's title"))
    refused = first.post(change_url(post), form_data(post, first_version, title="First's title"))

    again = first.post(
        change_url(post),
        form_data(post, opened_version(refused.content.decode()), title="First's title"),
    )

    assert again.status_code == 302
    post.refresh_from_db()
    assert post.title == "First's title"


def test_one_editor_saving_twice_in_a_row_is_not_a_conflict(client, editor, post):
    client.force_login(editor)
    version = opened_version(client.get(change_url(post)).content.decode())
    assert client.post(change_url(post), form_data(post, version, title="One")).status_code == 302

    version = opened_version(client.get(change_url(post)).content.decode())
    assert client.post(change_url(post), form_data(post, version, title="Two")).status_code == 302
    post.refresh_from_db()
    assert post.title == "Two"


def test_a_publish_action_in_between_counts_as_a_change(client, editor, make_post):
    draft = make_post(status=Post.Status.DRAFT, published_at=None)
    client.force_login(editor)
    version = opened_version(client.get(change_url(draft)).content.decode())
    client.post("/admin/blog/post/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()

    response = client.post(change_url(draft), form_data(draft, version, status="draft"))

    assert CONFLICT in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Post.Status.PUBLISHED


def test_two_editors_on_two_servers_saving_at_the_same_moment(app_servers, post):
    """Row lock + version check: exactly one save wins, the other is told, on two servers."""
    server_a, server_b = app_servers(2)
    make_staff("second_editor", "Editors")
    from django.contrib.auth.models import User

    User.objects.create_superuser("boss", "boss@example.com", "pw-for-tests-1")
    sessions = []
    for server, username in [(server_a, "boss"), (server_b, "second_editor")]:
        session = HttpSession(server.url)
        session.login_admin(username, "pw-for-tests-1")
        sessions.append(session)
    versions = [opened_version(s.get(change_url(post)).text) for s in sessions]
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def save(index: int) -> None:
        session = sessions[index]
        data = form_data(post, versions[index], title=f"Title from editor {index}")
        data["csrfmiddlewaretoken"] = session.csrf_token()
        barrier.wait(timeout=10)
        results[index] = session.request("POST", change_url(post), data, timeout=20)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(result.status for result in results)
    assert statuses == [200, 302]
    loser = next(result for result in results if result.status == 200)
    winner = results.index(next(result for result in results if result.status == 302))
    assert CONFLICT in loser.text
    post.refresh_from_db()
    assert post.title == f"Title from editor {winner}"
