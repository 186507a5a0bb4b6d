"""The admin history reads as people wrote it: labels, rendered text, dates, status labels."""

import re
from datetime import date

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.utils.formats import date_format
from reversion.models import Version

from blog.models import Post
from core.version_diff import compare_versions

pytestmark = pytest.mark.django_db


def saved_version(post: Post, **changes) -> Version:
    for name, value in changes.items():
        setattr(post, name, value)
    with reversion.create_revision():
        post.save()
    return Version.objects.get_for_object(post).first()


def test_change_message_names_fields_by_label_never_the_version_token(client, editor, post):
    client.force_login(editor)
    url = f"/admin/blog/post/{post.pk}/change/"
    page = client.get(url).content.decode()
    token = re.search(r'name="opened_version" value="([^"]*)"', page).group(1)
    when = post.published_at
    data = {
        "title": post.title, "slug": post.slug, "author": post.author_id,
        "body": "A new body.", "excerpt": "", "featured_image_alt": "Alt", "status": "published",
        "published_at_0": when.strftime("%Y-%m-%d"), "published_at_1": when.strftime("%H:%M:%S"),
        "seo_title": "", "seo_description": "", "opened_version": token, "_save": "Save",
        "clinical_review_interval": post.clinical_review_interval,
        "categories": [c.pk for c in post.categories.all()],
        "tags": [t.pk for t in post.tags.all()],
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    message = LogEntry.objects.latest("action_time").get_change_message()
    assert message == "Changed Body and Featured image alt text."
    comment = Version.objects.get_for_object(post).first().revision.get_comment()
    assert "opened_version" not in comment and "Body" in comment


def test_comparison_shows_markdown_as_rendered_text(post):
    old = saved_version(post, body="Take a **break**.")
    new = saved_version(post, body="Take a *long* [break](https://example.org/).")
    [body] = [diff for diff in compare_versions(old, new) if diff.name == "body"]
    assert ("removed", "Take a break.") in body.lines
    assert ("added", "Take a long break <https://example.org/>.") in body.lines


def test_comparison_shows_statuses_by_label_and_dates_in_the_sites_format(post, author):
    old = saved_version(post)
    new = saved_version(post, status=Post.Status.UNPUBLISHED, reviewed_by=None, reviewed_on=None)
    newer = saved_version(post, reviewed_on=date(2031, 3, 4), reviewed_by=author)
    status = next(diff for diff in compare_versions(old, new) if diff.name == "status")
    assert status.lines == [("removed", "Published"), ("added", "Unpublished")]
    diffs = {diff.name: diff for diff in compare_versions(new, newer)}
    assert ("added", date_format(date(2031, 3, 4), "DATE_FORMAT")) in diffs["reviewed_on"].lines
    assert ("added", str(author)) in diffs["reviewed_by_id"].lines
