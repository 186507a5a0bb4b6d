"""
Every admin URL, for each kind of visitor, gives the expected answer.

The sweep walks admin.site._registry, so a model registered later (comments,
credentials) is swept too; add its row to ALLOWED or the sweep fails,
which is the point.
"""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django_tasks_db.models import DBTaskResult, get_date_max
from reversion.models import Version

from authors.models import Approach, Author, BookingClick, Credential, FocusArea, Language
from blog.models import AllowedDomain, ImportRun, OutboundLink, Post, PreviewLink, Subscriber
from comments.models import Comment, SpamComment
from core.models import MediaItem, OutgoingMail, Redirect

from .conftest import make_image_bytes, make_staff

ACTIONS = ["changelist", "add", "change", "delete", "history"]
ALL = set(ACTIONS)
READ = {"changelist", "change", "history"}  # a read-only change form for view permission

# What each role may open, per model; everything else must be refused.
# "Own" rows: the author's own objects only (other people's are tested below).
ALLOWED: dict[str, dict[str, set[str]]] = {
    "editor": {
        "blog.post": ALL,
        "blog.category": ALL,
        "blog.tag": ALL,
        "blog.alloweddomain": ALL,
        "blog.outboundlink": READ,  # recorded from pages, never typed in or deleted
        "blog.linktoreview": READ,
        "blog.blockedphrase": ALL,
        "blog.previewlink": {"changelist", "add", "change", "history"},  # revoked, not deleted
        "authors.author": ALL,
        "authors.credential": ALL,
        "authors.bookingclick": READ,  # recorded by the redirect, never typed in
        "authors.focusarea": ALL,  # the directory's lists (authors pick from them)
        "authors.approach": ALL,
        "authors.language": ALL,
        "comments.comment": {"changelist", "change", "delete", "history"},  # readers write them
        "comments.spamcomment": READ | {"delete"},  # the spam folder: "not spam" or delete
        "comments.crisisphrase": ALL,
        "comments.crisishelp": READ,  # one message, edited in place
        "core.redirect": ALL,
        "core.outgoingmail": READ | {"delete"},  # written by the queue; erased by address
        # The newsletter (issue 15): readers subscribe themselves; sends are records.
        "blog.subscriber": {"changelist", "change", "delete", "history"},
        "blog.newslettersend": READ | {"delete"},  # with its post, or to forget it
        "blog.importrun": READ,  # written by import_wordpress, a record of what it did
        "core.mediaitem": ALL,  # the media library (issue 18)
    },
    "author": {
        "blog.post": {"changelist", "add", "change", "history"},
        "blog.category": READ,
        "blog.tag": READ,
        "blog.previewlink": {"changelist", "add", "change", "history"},  # to their own posts
        "authors.author": READ,  # their own profile: the change form is theirs to edit
        "authors.credential": ALL,  # their own credentials
        "authors.bookingclick": READ,  # clicks on their own booking link
        "core.mediaitem": ALL,  # their own uploads (the sweep opens the first: theirs)
    },
}


@pytest.fixture
def site(client, editor, author, other_author, make_post, category, tag):
    """One object of every registered model, the author's and someone else's."""
    own = make_post(title="Alice's own post", slug="alices", body="[x](https://x.example/)")
    theirs = make_post(
        title="Ben's secret draft", slug="bens", author=other_author, status=Post.Status.DRAFT
    )
    AllowedDomain.objects.create(domain="apa.org")
    PreviewLink.objects.create(post=own, created_by=author.user)
    Redirect.objects.create(old_path="/old-address/", new_path=own.get_absolute_url())
    OutgoingMail.objects.create(to="reader@example.org", subject="A reply", body="Hi.")
    image = SimpleUploadedFile("bench.jpg", make_image_bytes(), "image/jpeg")
    MediaItem.objects.create(file=image, alt_text="A bench", uploaded_by=author.user)
    DBTaskResult.objects.create(
        task_path="core.outbox.send_outgoing_mail",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
    )
    Credential.objects.create(author=author, abbreviation="MA", title="Master of Arts")
    BookingClick.objects.create(author=author, post_pk=own.pk)
    FocusArea.objects.create(name="Grief", slug="grief")
    Approach.objects.create(name="EFT", slug="eft")
    Language.objects.create(name="Spanish", slug="es")
    Comment.objects.create(
        post=own, name="Reader", email="reader@example.org", body="Thanks.", status="approved"
    )
    Comment.objects.create(post=own, name="Bot", body="Buy now.", status="spam")
    Subscriber.objects.create(email="subscriber@example.org")
    ImportRun.objects.create(source="export.xml", outcome="finished")
    # A failed login gives axes something to list.
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert AccessAttempt.objects.exists()
    client.force_login(editor)
    AccessLog.objects.create(username="editor", ip_address="127.0.0.1", user_agent="x")
    client.logout()
    return {"own_post": own, "their_post": theirs, "own_author": author}


def object_for(model, site):
    """The object a role's change/delete/history URLs are tried on: the author's own."""
    if model is Post:
        return site["own_post"]
    if model is Author:
        return site["own_author"]
    if model is SpamComment:
        return SpamComment.objects.order_by("pk").first()
    if model in (OutboundLink,) or model._meta.proxy:
        return OutboundLink.objects.order_by("pk").first()
    return model._default_manager.order_by("pk").first()


def admin_urls(site):
    for model in admin.site._registry:
        opts = model._meta
        obj = object_for(model, site)
        for action in ACTIONS:
            name = f"admin:{opts.app_label}_{opts.model_name}_{action}"
            args = [] if action in ("changelist", "add") else [obj.pk] if obj else None
            if args is None:
                continue
            try:
                url = reverse(name, args=args)
            except NoReverseMatch:  # a report admin without that page at all
                continue
            yield opts.label_lower, action, url


def test_every_registered_model_has_an_object_to_try(site):
    missing = {
        model._meta.label
        for model in admin.site._registry
        if object_for(model, site) is None and model._meta.label != "axes.AccessFailureLog"
    }
    assert missing == set()


def test_anonymous_visitors_are_sent_to_log_in_from_every_admin_url(client, site):
    for label, action, url in admin_urls(site):
        response = client.get(url)
        assert response.status_code == 302, (label, action, url)
        assert response["Location"].startswith("/admin/login/"), (label, action, url)


@pytest.mark.parametrize("role", ["editor", "author"])
def test_staff_open_exactly_what_their_group_allows(client, site, role, editor, author_user):
    client.force_login(editor if role == "editor" else author_user)
    allowed = ALLOWED[role]
    for label, action, url in admin_urls(site):
        status = client.get(url).status_code
        if action in allowed.get(label, set()):
            assert status == 200, (role, label, action, url, status)
        else:
            assert status == 403, (role, label, action, url, status)


# --- Another author's objects -------------------------------------------------


@pytest.fixture
def as_author(client, site, author_user):
    client.force_login(author_user)
    return client


def test_author_does_not_see_another_authors_posts_in_the_list(as_author, site):
    page = as_author.get("/admin/blog/post/").content.decode()
    assert "Alice&#x27;s own post" in page and "Ben&#x27;s secret draft" not in page


@pytest.mark.parametrize("action", ["change", "delete", "history"])
def test_author_cannot_open_another_authors_post(as_author, site, action):
    url = reverse(f"admin:blog_post_{action}", args=[site["their_post"].pk])
    response = as_author.get(url)
    assert response.status_code in (302, 403, 404)
    assert "Ben&#x27;s secret draft" not in response.content.decode()


def test_author_cannot_change_another_authors_post_by_posting(as_author, site):
    theirs = site["their_post"]
    url = reverse("admin:blog_post_change", args=[theirs.pk])
    as_author.post(url, {"title": "Hijacked", "slug": theirs.slug, "body": "spam"})
    theirs.refresh_from_db()
    assert theirs.title == "Ben's secret draft"


def test_author_cannot_restore_a_version_of_another_authors_post(as_author, site, client):
    theirs = site["their_post"]
    editor = User.objects.get(username="editor")
    editor_client = type(client)()
    editor_client.force_login(editor)
    data = {
        "title": "Ben's secret draft",
        "slug": theirs.slug,
        "author": theirs.author_id,
        "body": "Old text",
        "excerpt": "",
        "featured_image_alt": "",
        "status": "draft",
    }
    editor_client.post(reverse("admin:blog_post_change", args=[theirs.pk]), data)
    version = Version.objects.get_for_object(theirs).first()
    url = reverse("admin:blog_post_revision", args=[theirs.pk, version.pk])
    assert as_author.get(url).status_code == 404
    assert as_author.post(url, {**data, "body": "Hijacked"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.body == "Old text"
    compare = reverse("admin:blog_post_compare", args=[theirs.pk])
    response = as_author.get(f"{compare}?old={version.pk}&new={version.pk}")
    assert response.status_code == 404


def test_author_cannot_name_another_author_on_their_post(as_author, site, other_author):
    own = site["own_post"]
    own.status = Post.Status.DRAFT  # authors edit drafts; published posts are the editors'
    own.save()
    data = {
        "title": own.title,
        "slug": own.slug,
        "author": other_author.pk,
        "body": own.body,
        "excerpt": "",
        "featured_image_alt": "",
        "status": "draft",
    }
    response = as_author.post(reverse("admin:blog_post_change", args=[own.pk]), data)
    assert response.status_code in (200, 302)  # the author field is read-only for them
    own.refresh_from_db()
    assert own.author == site["own_author"]


def test_author_cannot_pick_another_authors_draft_as_related(as_author, site):
    page = as_author.get(reverse("admin:blog_post_add")).content.decode()
    assert "Ben&#x27;s secret draft" not in page


def test_author_cannot_open_or_change_another_authors_profile(as_author, site, other_author):
    url = reverse("admin:authors_author_change", args=[other_author.pk])
    assert as_author.get(url).status_code in (302, 403, 404)
    as_author.post(url, {"name": "Hijacked", "slug": other_author.slug})
    other_author.refresh_from_db()
    assert other_author.name == "Ben Cole"
    page = as_author.get("/admin/authors/author/").content.decode()
    assert "Ben Cole" not in page


def test_author_cannot_hand_their_profile_to_another_login(as_author, site, editor):
    own = site["own_author"]
    data = {
        "name": own.name,
        "slug": own.slug,
        "headline": "",
        "short_bio": "",
        "booking_url": "",
        "booking_label": "Book",
        "user": editor.pk,
    }
    # Saved without the user field, or refused: either way the login stays.
    response = as_author.post(reverse("admin:authors_author_change", args=[own.pk]), data)
    assert response.status_code in (200, 302)
    own.refresh_from_db()
    assert own.user.username == "alice" and own.is_active


def test_author_cannot_preview_another_authors_draft_on_the_site(as_author, site):
    assert as_author.get(site["their_post"].get_absolute_url()).status_code == 404


def test_groups_exist_for_the_sweep(db):
    make_staff("someone", "Authors")
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Authors"}
