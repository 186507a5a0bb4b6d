from datetime import timedelta
from io import StringIO

from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from authors.models import BookingClick
from blog.models import PendingRevision, Post


def snapshot() -> dict:
    """Every row of every model, as values: what 'changes nothing' compares."""
    return {
        model._meta.label: sorted(map(repr, model.objects.values()))
        for model in apps.get_models()
        if model._meta.app_label in {"auth", "authors", "blog", "comments", "core"}
    }


def test_load_demo_is_idempotent_and_complete(
    client, db, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=out)
    first = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first

    published = Post.objects.published()
    assert published.count() >= 14
    assert published.values("author").distinct().count() >= 3
    assert Post.objects.filter(status="draft").exists()
    assert Post.objects.scheduled().exists()
    assert all(post.featured_image and post.featured_image_alt for post in published)
    password = (tmp_path / "demo_password").read_text().strip()
    assert password in out.getvalue()
    from django.contrib.auth import authenticate

    assert authenticate(username="editor", password=password) is not None
    assert client.get("/?page=2").status_code == 200  # the home page has a second page
    # A post renamed after it was shared: its old address redirects to it.
    assert client.get("/blog/how-to-argue-better/")["Location"] == "/blog/fighting-fair/"
    # A fresh demo audits clean: its posts, profiles and comments sealed and reviewed.
    audit = StringIO()
    call_command("audit_content", stdout=audit)
    assert "Nothing found" in audit.getvalue()  # a finding raises CommandError

    # The editorial desk has work on it: a post in review with its author's
    # note, changes to a live post waiting, and a clinical review that lapsed.
    in_review = Post.objects.get(status=Post.Status.REVIEW)
    assert in_review.review_steps.get().note.startswith("Ready for a look.")
    changes = PendingRevision.objects.get(status=PendingRevision.Status.REVIEW)
    assert "Apologising by message" in changes.data["body"]
    live = client.get(changes.post.get_absolute_url()).content.decode()
    assert "Apologising by message" not in live
    [lapsed] = Post.objects.clinical_reviews_due()
    page = client.get(lapsed.get_absolute_url()).content.decode()
    assert "Last reviewed on" in page and "Next review due" not in page
    assert mail.outbox == []  # the demo's fictional authors mail nobody
    # Readers' booking clicks in each of the last 12 weeks, for the dashboard's charts.
    for week in range(12):
        end = timezone.now() - timedelta(weeks=week)
        assert BookingClick.objects.filter(
            clicked_at__gt=end - timedelta(weeks=1), clicked_at__lte=end
        ).exists(), week
