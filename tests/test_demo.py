from io import StringIO

from django.apps import apps
from django.core.management import call_command

from blog.models import Post


def snapshot() -> dict:
    """Every row of every model, as values: what 'changes nothing' compares."""
    return {
        model._meta.label: sorted(map(repr, model.objects.values()))
        for model in apps.get_models()
        if model._meta.app_label in {"auth", "authors", "blog", "comments", "core"}
    }


def test_load_demo_is_idempotent_and_complete(client, db, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = StringIO()
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
