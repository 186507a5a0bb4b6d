"""
Who may do what in the admin: anonymous, author A, author B and an editor,
over the pages of profiles, credentials and posts, and forged POSTs.
"""

import pytest
from django.utils import timezone

from authors.models import Author, Credential
from blog.models import PendingRevision, Post

OK, REFUSED, LOGIN = "ok", "refused", "login"
PAGES = ["changelist", "add", "change", "delete", "history"]
MODELS = {"author": "authors/author", "credential": "authors/credential", "post": "blog/post"}

# What each visitor gets on each page about author A's rows.
EXPECTED = {
    "anonymous": {model: dict.fromkeys(PAGES, LOGIN) for model in MODELS},
    "author_a": {
        "author": {"changelist": OK, "add": REFUSED, "change": OK, "delete": REFUSED,
                   "history": OK},
        "credential": dict.fromkeys(PAGES, OK),
        # Authors never delete posts; editors do.
        "post": {"changelist": OK, "add": OK, "change": OK, "delete": REFUSED, "history": OK},
    },
    "author_b": {
        "author": {"changelist": OK, "add": REFUSED, "change": REFUSED, "delete": REFUSED,
                   "history": REFUSED},
        "credential": {"changelist": OK, "add": OK, "change": REFUSED, "delete": REFUSED,
                       "history": REFUSED},
        "post": {"changelist": OK, "add": OK, "change": REFUSED, "delete": REFUSED,
                 "history": REFUSED},
    },
    "editor": {model: dict.fromkeys(PAGES, OK) for model in MODELS},
}  # fmt: skip


@pytest.fixture
def world(author, second_author, editor, make_credential, make_post):
    """Author A's profile, credential and draft post; author B; an editor."""
    return {
        "author": author,
        "credential": make_credential(abbreviation="LMFT", title="Licensed Therapist"),
        "post": make_post(title="Alices draft", status=Post.Status.DRAFT, published_at=None),
        "users": {
            "anonymous": None,
            "author_a": author.user,
            "author_b": second_author.user,
            "editor": editor,
        },
    }


def page_url(model: str, admin_page: str, obj) -> str:
    base = f"/admin/{MODELS[model]}/"
    if admin_page == "changelist":
        return base
    if admin_page == "add":
        return f"{base}add/"
    return f"{base}{obj.pk}/{admin_page}/"


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 403:
        return REFUSED
    if response.status_code == 302:
        return LOGIN if "/admin/login/" in response["Location"] else REFUSED
    return f"status {response.status_code}"


CASES = [(visitor, model, name) for visitor in EXPECTED for model in MODELS for name in PAGES]


# Not called "page": that name is pytest-playwright's browser fixture.
@pytest.mark.parametrize(("visitor", "model", "admin_page"), CASES)
def test_permission_matrix(client, world, visitor, model, admin_page):
    user = world["users"][visitor]
    if user is not None:
        client.force_login(user)
    response = client.get(page_url(model, admin_page, world[model]))
    assert outcome(response) == EXPECTED[visitor][model][admin_page]
    if outcome(response) == REFUSED:
        # Never the form, whichever way it is refused.
        assert b'id="' + world[model]._meta.model_name.encode() + b'_form"' not in response.content


@pytest.mark.parametrize("model", list(MODELS))
def test_another_authors_rows_are_not_listed(client, world, model):
    client.force_login(world["users"]["author_b"])
    html = client.get(page_url(model, "changelist", None)).content.decode()
    assert str(world[model]) not in html


def test_editor_lists_everyones_rows(client, world):
    client.force_login(world["users"]["editor"])
    html = client.get("/admin/authors/author/").content.decode()
    assert "Alice Rivera" in html and "Bob Okafor" in html


# --- Forged POSTs -------------------------------------------------------------


def profile_form(author: Author, credentials=(), **overrides) -> dict:
    """The POST of author A's change form, with its credentials inline."""
    data = {
        "name": author.name,
        "headline": author.headline,
        "short_bio": author.short_bio,
        "bio": author.bio,
        "booking_url": author.booking_url,
        "booking_label": author.booking_label,
        "website": author.website,
        "social_links": author.social_links,
        "notify_on_comments": "on",
        "credentials-TOTAL_FORMS": str(len(credentials)),
        "credentials-INITIAL_FORMS": str(sum(1 for c in credentials if c.get("id"))),
        "credentials-MIN_NUM_FORMS": "0",
        "credentials-MAX_NUM_FORMS": "1000",
    }
    for index, credential in enumerate(credentials):
        fields = {
            "id": "",
            "author": author.pk,
            "abbreviation": "",
            "title": "",
            "kind": "degree",
            "issuer": "",
            "jurisdiction": "",
            "licence_number": "",
            "expires_on": "",
            "position": "0",
            **credential,
        }
        for name, value in fields.items():
            data[f"credentials-{index}-{name}"] = value
    data.update(overrides)
    return data


def credential_row(credential: Credential, **changes) -> dict:
    row = {
        "id": credential.pk,
        "abbreviation": credential.abbreviation,
        "title": credential.title,
        "kind": credential.kind,
        "position": credential.position,
    }
    row.update(changes)
    return row


def test_author_changes_their_own_profile(client, world):
    client.force_login(world["users"]["author_a"])
    author = world["author"]
    response = client.post(
        f"/admin/authors/author/{author.pk}/change/",
        profile_form(author, booking_label="Book a session with me", bio="**Hello**"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    author.refresh_from_db()
    assert author.booking_label == "Book a session with me"
    assert author.bio_html == "<p><strong>Hello</strong></p>"


def test_forged_slug_login_and_active_fields_are_ignored(client, world):
    client.force_login(world["users"]["author_a"])
    author = world["author"]
    forged = profile_form(
        author,
        slug="hijacked",
        user=world["users"]["author_b"].pk,
        is_active="",  # unticked: would deactivate
        headline="Still mine",
    )
    assert client.post(f"/admin/authors/author/{author.pk}/change/", forged).status_code == 302
    author.refresh_from_db()
    assert author.headline == "Still mine"
    assert (author.slug, author.user, author.is_active) == (
        "alice-rivera",
        world["users"]["author_a"],
        True,
    )


def test_forged_verification_by_an_author_is_ignored(client, world):
    client.force_login(world["users"]["author_a"])
    author, credential = world["author"], world["credential"]
    row = credential_row(credential, verified="on")
    response = client.post(
        f"/admin/authors/author/{author.pk}/change/", profile_form(author, [row])
    )
    assert response.status_code == 302
    credential.refresh_from_db()
    assert not credential.verified
    # The same through the credential's own change page.
    data = {**{k: v for k, v in row.items() if k != "id"}, "verified": "on", "expires_on": ""}
    response = client.post(f"/admin/authors/credential/{credential.pk}/change/", data)
    assert response.status_code == 302
    credential.refresh_from_db()
    assert not credential.verified and credential.verified_by is None


def test_authors_text_change_in_the_admin_clears_an_editors_verification(client, world):
    credential = world["credential"]
    credential.mark_verified(world["users"]["editor"])
    credential.save()
    client.force_login(world["users"]["author_a"])
    author = world["author"]
    row = credential_row(credential, title="Licensed Marriage and Family Therapist")
    client.post(f"/admin/authors/author/{author.pk}/change/", profile_form(author, [row]))
    credential.refresh_from_db()
    assert credential.title == "Licensed Marriage and Family Therapist"
    assert not credential.verified


def test_author_adds_a_credential_inline_unverified(client, world):
    client.force_login(world["users"]["author_a"])
    author = world["author"]
    rows = [
        credential_row(world["credential"]),
        {"abbreviation": "MA", "title": "Master of Arts", "verified": "on", "position": "1"},
    ]
    response = client.post(f"/admin/authors/author/{author.pk}/change/", profile_form(author, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Credential.objects.get(abbreviation="MA")
    assert added.author == author and not added.verified


def test_forged_author_on_a_new_credential_cannot_give_it_to_someone_else(client, world):
    client.force_login(world["users"]["author_a"])
    bob = Author.objects.get(slug="bob-okafor")
    client.post(
        "/admin/authors/credential/add/",
        {"author": bob.pk, "abbreviation": "FAKE", "title": "Forged", "kind": "degree",
         "position": "0"},
    )  # fmt: skip
    assert not bob.credentials.exists()


def test_author_adds_a_credential_for_themselves(client, world):
    client.force_login(world["users"]["author_a"])
    author = world["author"]
    response = client.post(
        "/admin/authors/credential/add/",
        {"author": author.pk, "abbreviation": "CGT", "title": "Certified Gottman Therapist",
         "kind": "certification", "position": "3", "verified": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    added = Credential.objects.get(abbreviation="CGT")
    assert added.author == author and not added.verified


@pytest.mark.parametrize("model", ["author", "credential", "post"])
def test_another_authors_post_to_a_change_form_changes_nothing(client, world, model):
    client.force_login(world["users"]["author_b"])
    obj = world[model]
    before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    data = {"name": "Hacked", "title": "Hacked", "abbreviation": "HX", "headline": "Hacked",
            "body": "Hacked", "slug": "hacked", "kind": "degree", "status": "draft",
            "position": "0"}  # fmt: skip
    response = client.post(page_url(model, "change", obj), data)
    assert outcome(response) == REFUSED
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == before


def post_form(**fields) -> dict:
    data = {
        "title": "My new post",
        "slug": "my-new-post",
        "body": "Some words.",
        "excerpt": "",
        "featured_image_alt": "",
    }
    data.update(fields)
    return data


def test_authors_new_post_is_their_own_draft_whatever_was_posted(client, world):
    client.force_login(world["users"]["author_a"])
    bob = Author.objects.get(slug="bob-okafor")
    forged = post_form(
        author=bob.pk,
        status="published",
        published_at_0="2026-01-01",
        published_at_1="10:00:00",
        reviewed_by=bob.pk,
        reviewed_on="2026-01-01",
    )
    response = client.post("/admin/blog/post/add/", forged)
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get(slug="my-new-post")
    assert post.author == world["author"]
    assert post.status == Post.Status.DRAFT and not post.is_public
    assert post.reviewed_by is None and post.reviewed_on is None


def test_authors_edit_of_their_draft_cannot_publish_or_reassign_it(client, world):
    client.force_login(world["users"]["author_a"])
    post = world["post"]
    bob = Author.objects.get(slug="bob-okafor")
    forged = post_form(
        title="Renamed draft",
        slug=post.slug,
        author=bob.pk,
        status="published",
        published_at_0="2026-01-01",
        published_at_1="10:00:00",
    )
    response = client.post(f"/admin/blog/post/{post.pk}/change/", forged)
    assert response.status_code == 302, response.content.decode()[:3000]
    post.refresh_from_db()
    assert post.title == "Renamed draft"
    assert post.author == world["author"] and post.status == Post.Status.DRAFT


def test_authors_publish_action_is_refused(client, world):
    client.force_login(world["users"]["author_a"])
    post = world["post"]
    client.post("/admin/blog/post/", {"action": "publish", "_selected_action": [post.pk]})
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_authors_edit_of_her_published_post_waits_and_the_live_post_stays(client, world):
    post = world["post"]
    post.status = Post.Status.PUBLISHED
    post.save()
    client.force_login(world["users"]["author_a"])
    response = client.get(f"/admin/blog/post/{post.pk}/change/")
    assert response.status_code == 200
    client.post(f"/admin/blog/post/{post.pk}/change/", post_form(title="Sneaky", slug=post.slug))
    post.refresh_from_db()
    assert post.title == "Alices draft"
    assert PendingRevision.objects.open().get(post=post).data["title"] == "Sneaky"


def test_editor_verifies_a_credential_stamped_with_who_and_when(client, world):
    editor = world["users"]["editor"]
    client.force_login(editor)
    credential = world["credential"]
    data = {"author": world["author"].pk, **credential_row(credential), "verified": "on"}
    del data["id"]
    response = client.post(f"/admin/authors/credential/{credential.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    credential.refresh_from_db()
    assert credential.verified and credential.verified_by == editor
    assert abs((timezone.now() - credential.verified_at).total_seconds()) < 60


def test_editor_changes_slug_and_active_flag(client, world):
    client.force_login(world["users"]["editor"])
    author = world["author"]
    data = profile_form(
        author,
        [credential_row(world["credential"])],
        slug="alice-r",
        user=author.user.pk,
        is_active="on",
    )
    response = client.post(f"/admin/authors/author/{author.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    author.refresh_from_db()
    assert author.slug == "alice-r"


def test_editor_sets_a_clinical_review(client, world):
    client.force_login(world["users"]["editor"])
    post = world["post"]
    bob = Author.objects.get(slug="bob-okafor")
    data = post_form(
        title=post.title,
        slug=post.slug,
        author=post.author.pk,
        status="draft",
        reviewed_by=bob.pk,
        reviewed_on="2026-02-03",
    )
    response = client.post(f"/admin/blog/post/{post.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    post.refresh_from_db()
    assert post.reviewed_by == bob and str(post.reviewed_on) == "2026-02-03"


@pytest.mark.parametrize(
    ("reviewer", "reviewed_on", "message"),
    [
        ("self", "2026-02-03", "someone other than the author"),
        ("bob", "", "Give the date of the clinical review"),
        ("", "2026-02-03", "Name who did the clinical review"),
    ],
)
def test_a_half_or_self_review_gets_a_clear_message(client, world, reviewer, reviewed_on, message):
    client.force_login(world["users"]["editor"])
    post = world["post"]
    reviewer_pk = {"self": post.author.pk, "bob": Author.objects.get(slug="bob-okafor").pk}
    data = post_form(
        title="Kept title",
        slug=post.slug,
        author=post.author.pk,
        status="draft",
        reviewed_by=reviewer_pk.get(reviewer, ""),
        reviewed_on=reviewed_on,
    )
    response = client.post(f"/admin/blog/post/{post.pk}/change/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Kept title"' in html  # what was typed is kept


def test_editors_filter_credentials_expiring_within_sixty_days(client, world, make_credential):
    today = timezone.localdate()
    make_credential(abbreviation="SOON", expires_on=today + timezone.timedelta(days=30))
    make_credential(abbreviation="LATER", expires_on=today + timezone.timedelta(days=200))
    client.force_login(world["users"]["editor"])
    html = client.get("/admin/authors/credential/", {"expiry": "soon"}).content.decode()
    assert "SOON" in html and "LATER" not in html
    assert "Expiring in the next 60 days" in html
