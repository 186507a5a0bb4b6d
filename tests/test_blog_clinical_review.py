"""
Clinical review (issue 14): who may sign a post's review off, the sign-off
screen in the admin, the review due dates, and what readers are told once a
review has lapsed, on the page, through the page cache and in the JSON-LD.

Editors without a licence of their own may open the sign-off screen (to see
the state) but not sign: a sign-off puts the signer's name and credentials
under the post. They record a review someone else did in the change form.
"""

import json
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from reversion.models import Version

from authors.models import Author, Credential
from blog import workflow
from blog.models import Post
from blog.models.post_queries import add_months

from .conftest import make_staff

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def json_ld_of(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def licence(author: Author, editor: User | None, **fields) -> Credential:
    fields.setdefault("abbreviation", "LMFT")
    fields.setdefault("title", "Licensed Marriage and Family Therapist")
    fields.setdefault("kind", Credential.Kind.LICENCE)
    credential = Credential(author=author, **fields)
    if editor is not None:
        credential.mark_verified(editor)
    credential.save()
    return credential


@pytest.fixture
def reviewer(second_author, editor) -> Author:
    """Bob: an author with a verified, unexpired licence."""
    licence(second_author, editor)
    return second_author


@pytest.fixture
def draft(make_post) -> Post:
    """Alice's draft giving health advice: it needs a clinical review."""
    return make_post(
        title="Sleep and anxiety",
        slug="sleep-and-anxiety",
        body="Most adults need **seven hours** of sleep.",
        status=Post.Status.DRAFT,
        published_at=None,
        requires_clinical_review=True,
    )


def review_url(post: Post) -> str:
    return f"/admin/blog/post/{post.pk}/clinical-review/"


# --- Who may sign off ----------------------------------------------------------


def test_an_author_with_a_verified_licence_may_sign_off_another_authors_post(reviewer, draft):
    assert reviewer.can_sign_off_clinical_reviews
    assert draft.can_be_signed_off_by(reviewer)
    assert list(Author.objects.clinical_reviewers()) == [reviewer]


@pytest.mark.parametrize(
    "credential",
    [
        pytest.param({"verified": False}, id="unverified-licence"),
        pytest.param({"expires_on": -1}, id="expired-licence"),
        pytest.param({"kind": Credential.Kind.DEGREE}, id="verified-degree-only"),
        pytest.param({"kind": Credential.Kind.CERTIFICATION}, id="verified-certification-only"),
    ],
)
def test_an_author_without_a_verified_current_licence_may_not_sign_off(
    second_author, editor, draft, credential
):
    fields = dict(credential)
    verifier = None if fields.pop("verified", True) is False else editor
    if "expires_on" in fields:
        fields["expires_on"] = timezone.localdate() + timedelta(days=fields["expires_on"])
    licence(second_author, verifier, **fields)
    assert not second_author.can_sign_off_clinical_reviews
    assert not draft.can_be_signed_off_by(second_author)
    assert not Author.objects.clinical_reviewers().exists()


def test_a_licence_expiring_today_still_qualifies(second_author, editor, draft):
    licence(second_author, editor, expires_on=timezone.localdate())
    assert draft.can_be_signed_off_by(second_author)


def test_the_posts_own_author_may_not_sign_it_off_even_with_a_licence(author, editor, draft):
    licence(author, editor)
    assert author.can_sign_off_clinical_reviews
    assert not draft.can_be_signed_off_by(author)


def test_an_inactive_author_may_not_sign_off(reviewer, draft):
    Author.objects.filter(pk=reviewer.pk).update(is_active=False)
    reviewer.refresh_from_db()
    assert not draft.can_be_signed_off_by(reviewer)


def test_a_post_that_needs_no_review_and_has_none_cannot_be_signed_off(reviewer, make_post):
    post = make_post(requires_clinical_review=False)
    assert not post.can_be_signed_off_by(reviewer)


def test_a_post_with_a_review_can_be_signed_off_again_even_if_no_longer_flagged(
    reviewer, make_post, other_author
):
    post = make_post(reviewed_by=other_author, reviewed_on=date(2025, 1, 1))
    assert post.can_be_signed_off_by(reviewer)


# --- Due dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reviewed_on", "months", "due"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 10), 6, date(2026, 11, 10)),
        (date(2026, 2, 28), 60, date(2031, 2, 28)),
    ],
)
def test_next_review_due_adds_whole_months_clamped_to_the_months_end(reviewed_on, months, due):
    assert add_months(reviewed_on, months) == due


def test_saving_stores_the_next_review_due_from_the_interval(make_post, other_author):
    post = make_post(
        reviewed_by=other_author, reviewed_on=date(2026, 1, 31), clinical_review_interval=1
    )
    assert Post.objects.get(pk=post.pk).next_review_due == date(2026, 2, 28)
    post.clinical_review_interval = 6
    post.save(update_fields=["clinical_review_interval"])  # a save of some fields only
    assert Post.objects.get(pk=post.pk).next_review_due == date(2026, 7, 31)
    post.reviewed_on = None
    post.reviewed_by = None
    post.save()
    assert Post.objects.get(pk=post.pk).next_review_due is None


def test_a_review_is_current_until_the_day_it_falls_due(make_post, other_author, monkeypatch):
    today = timezone.localdate()
    post = make_post(
        reviewed_by=other_author, reviewed_on=add_months(today, -12) + timedelta(days=1)
    )
    assert post.clinical_review_is_current and post.clinical_review_state == "current"
    post = make_post(reviewed_by=other_author, reviewed_on=add_months(today, -12))
    assert post.next_review_due == today
    assert not post.clinical_review_is_current and post.clinical_review_state == "lapsed"


# --- The sign-off screen -------------------------------------------------------------


def test_a_licensed_reviewer_opens_another_authors_draft_on_the_review_screen_only(
    client, reviewer, draft
):
    client.force_login(reviewer.user)
    page = client.get(review_url(draft))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sleep and anxiety" in html and "<strong>seven hours</strong>" in html
    assert 'value="Sign off"' in html and "Needs a clinical review" in html
    # Nothing more: the change page of that draft stays closed to them.
    assert client.get(f"/admin/blog/post/{draft.pk}/change/").status_code in (302, 403, 404)


def test_signing_off_records_the_reviewer_today_with_history_and_log(client, reviewer, draft):
    client.force_login(reviewer.user)
    response = client.post(review_url(draft), {"note": "Checked the sleep figures."})
    assert response.status_code == 302 and response["Location"] == review_url(draft)
    draft.refresh_from_db()
    today = timezone.localdate()
    assert draft.reviewed_by == reviewer and draft.reviewed_on == today
    assert draft.next_review_due == add_months(today, 12)
    assert draft.status == Post.Status.DRAFT  # signing publishes nothing
    version = Version.objects.get_for_object(draft).first()
    assert version.revision.user == reviewer.user
    assert "Checked the sleep figures." in version.revision.comment
    assert "Signed off the clinical review" in version.revision.comment
    html = client.get(review_url(draft)).content.decode()
    assert "You signed off the clinical review" in html
    assert f"Reviewed by {reviewer.name}" in text_of(html)


def test_signing_off_keeps_the_seal_intact(client, reviewer, draft):
    from blog.audit import broken_seals

    client.force_login(reviewer.user)
    client.post(review_url(draft))
    assert list(broken_seals()) == []


def test_a_note_too_long_is_refused_with_a_message_and_kept(client, reviewer, draft):
    client.force_login(reviewer.user)
    note = "x" * 501
    response = client.post(review_url(draft), {"note": note})
    assert response.status_code == 200
    html = response.content.decode()
    assert "at most 500 characters" in html and note in html
    draft.refresh_from_db()
    assert draft.reviewed_by is None


def test_the_posts_author_is_refused_the_sign_off(client, author, editor, draft):
    licence(author, editor)
    client.force_login(author.user)
    assert client.get(review_url(draft)).status_code == 403
    assert client.post(review_url(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.reviewed_by is None


def test_an_author_without_a_licence_does_not_learn_of_others_drafts(client, second_author, draft):
    client.force_login(second_author.user)
    assert client.get(review_url(draft)).status_code == 404
    assert client.post(review_url(draft)).status_code == 404
    assert client.get("/admin/blog/post/999999/clinical-review/").status_code == 404
    assert client.get("/admin/blog/post/not-a-number/clinical-review/").status_code == 404


def test_an_unverified_licence_is_refused_even_by_a_forged_post(client, second_author, draft):
    licence(second_author, None)
    client.force_login(second_author.user)
    assert client.post(review_url(draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.reviewed_by is None


def test_an_editor_without_a_licence_sees_the_state_but_may_not_sign(client, editor, draft):
    client.force_login(editor)
    html = client.get(review_url(draft)).content.decode()
    assert "Needs a clinical review" in html and 'value="Sign off"' not in html
    assert "set the clinical reviewer and review date in the post" in html
    assert client.post(review_url(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.reviewed_by is None


def test_an_editor_who_is_a_licensed_author_may_sign(client, editor, draft):
    licensed = Author.objects.create(user=editor, name="Eve Editor", slug="eve")
    licence(licensed, editor)
    client.force_login(editor)
    assert client.post(review_url(draft)).status_code == 302
    draft.refresh_from_db()
    assert draft.reviewed_by == licensed


def test_anonymous_visitors_are_sent_to_the_login(client, draft):
    for method in (client.get, client.post):
        response = method(review_url(draft))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_other_methods_are_refused(client, reviewer, draft):
    client.force_login(reviewer.user)
    assert client.put(review_url(draft)).status_code == 405
    assert client.delete(review_url(draft)).status_code == 405


def test_the_review_screen_escapes_what_people_typed(client, reviewer, make_post, other_author):
    post = make_post(
        title="<script>alert(1)</script>", requires_clinical_review=True, author=other_author
    )
    client.force_login(reviewer.user)
    html = client.get(review_url(post)).content.decode()
    assert "<script>alert(1)</script>" not in html


# --- The admin: fieldset, panel, filter, column ------------------------------------


def test_an_author_ticks_needs_clinical_review_on_her_draft_but_cannot_set_the_reviewer(
    client, author, draft
):
    client.force_login(author.user)
    html = client.get(f"/admin/blog/post/{draft.pk}/change/").content.decode()
    assert 'name="requires_clinical_review"' in html
    assert 'name="clinical_review_interval"' in html
    assert 'name="reviewed_by"' not in html and 'name="reviewed_on"' not in html
    assert "Open the clinical review screen" in html
    assert review_url(draft) in html


def test_the_change_form_panel_says_a_review_has_lapsed(client, editor, make_post, other_author):
    post = make_post(reviewed_by=other_author, reviewed_on=date(2020, 1, 1))
    client.force_login(editor)
    html = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "The clinical review has lapsed" in html


@pytest.fixture
def review_states(make_post, other_author):
    today = timezone.localdate()
    return {
        "lapsed": make_post(
            title="Lapsed one", reviewed_by=other_author, reviewed_on=date(2020, 1, 1)
        ),
        "missing": make_post(title="Missing one", requires_clinical_review=True),
        "current": make_post(title="Current one", reviewed_by=other_author, reviewed_on=today),
        "not_needed": make_post(title="Plain one"),
        "draft_missing": make_post(
            title="Draft one", requires_clinical_review=True, status="draft", published_at=None
        ),
    }


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("due", {"lapsed", "missing"}),
        ("current", {"current"}),
        ("not_needed", {"not_needed"}),
    ],
)
def test_the_clinical_review_filter_lists_each_state(client, editor, review_states, value, shown):
    client.force_login(editor)
    html = client.get("/admin/blog/post/", {"clinical_review": value}).content.decode()
    for key, post in review_states.items():
        assert (post.title in html) == (key in shown), (value, key)


def test_the_changelist_shows_the_next_review_due_and_marks_lapsed_ones(
    client, editor, review_states
):
    client.force_login(editor)
    html = client.get("/admin/blog/post/").content.decode()
    assert "next review due" in html.lower()
    assert "(lapsed)" in html and "Needs a review" in html


def test_reviews_due_counts_only_published_posts(review_states):
    due = set(Post.objects.clinical_reviews_due().values_list("title", flat=True))
    assert due == {"Lapsed one", "Missing one"}


# --- Readers --------------------------------------------------------------------------


@pytest.fixture
def published_reviewed(post, reviewer):
    post.published_at = timezone.make_aware(timezone.datetime(2026, 1, 5, 9, 0))
    post.requires_clinical_review = True
    post.reviewed_by = reviewer
    post.reviewed_on = date(2026, 3, 4)
    post.clinical_review_interval = 12
    post.save()
    return post


def at_midnight_starting(day: date):
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))


def travel_to(monkeypatch, moment) -> None:
    """The site's clock and the page cache's both read ``moment``."""
    from core import page_cache

    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(page_cache.time, "time", lambda: moment.timestamp())


def test_a_current_review_names_the_reviewer_and_the_next_due_date(
    client, published_reviewed, monkeypatch
):
    travel_to(monkeypatch, at_midnight_starting(date(2026, 6, 1)))
    text = text_of(client.get(published_reviewed.get_absolute_url()).content.decode())
    assert "Reviewed by Bob Okafor, LMFT on March 4, 2026" in text
    assert "Next review due March 4, 2027" in text
    assert "Last reviewed" not in text


def test_a_lapsed_review_is_shown_as_last_reviewed_never_as_current(
    client, published_reviewed, monkeypatch
):
    travel_to(monkeypatch, at_midnight_starting(date(2027, 3, 4)) + timedelta(minutes=1))
    html = client.get(published_reviewed.get_absolute_url()).content.decode()
    text = text_of(html)
    assert "Last reviewed on March 4, 2026 by Bob Okafor, LMFT" in text
    assert "Reviewed by" not in text and "Next review due" not in text


def test_a_post_needing_a_review_without_one_claims_nothing(client, make_post):
    post = make_post(requires_clinical_review=True)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "review-note" not in html and "reviewed" not in text_of(html).lower()
    page = next(d for d in json_ld_of(html) if d["@type"] == "BlogPosting")["mainEntityOfPage"]
    assert "lastReviewed" not in page and "reviewedBy" not in page


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0


def test_a_page_cached_while_the_review_was_current_is_not_served_after_it_lapsed(
    client, page_cache_on, published_reviewed, monkeypatch
):
    url = published_reviewed.get_absolute_url()
    travel_to(monkeypatch, at_midnight_starting(date(2027, 3, 3)) + timedelta(hours=23))
    client.get(url)
    cached = client.get(url)
    assert cached["X-Page-Cache"] == "hit"
    assert "Reviewed by Bob Okafor" in text_of(cached.content.decode())
    # The day the review falls due: no save happened, the page is rendered again.
    travel_to(monkeypatch, at_midnight_starting(date(2027, 3, 4)) + timedelta(minutes=1))
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    text = text_of(after.content.decode())
    assert "Last reviewed on March 4, 2026" in text and "Reviewed by" not in text
    page = next(d for d in json_ld_of(after.content.decode()) if d["@type"] == "BlogPosting")
    assert page["mainEntityOfPage"]["lastReviewed"] == "2026-03-04"
    assert "reviewedBy" not in page["mainEntityOfPage"]
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_signing_off_again_refreshes_the_cached_page(
    client, page_cache_on, published_reviewed, reviewer, monkeypatch
):
    url = published_reviewed.get_absolute_url()
    travel_to(monkeypatch, at_midnight_starting(date(2027, 5, 1)))
    client.get(url)
    assert "Last reviewed" in text_of(client.get(url).content.decode())
    published_reviewed.sign_off_clinical_review(reviewer)
    text = text_of(client.get(url).content.decode())
    assert "Reviewed by Bob Okafor, LMFT on May 1, 2027" in text
    assert "Next review due May 1, 2028" in text


def test_structured_data_names_the_reviewer_only_while_the_review_is_current(
    client, published_reviewed, monkeypatch
):
    travel_to(monkeypatch, at_midnight_starting(date(2026, 6, 1)))
    html = client.get(published_reviewed.get_absolute_url()).content.decode()
    page = next(d for d in json_ld_of(html) if d["@type"] == "BlogPosting")["mainEntityOfPage"]
    assert page["lastReviewed"] == "2026-03-04"
    assert page["reviewedBy"]["name"] == "Bob Okafor"


def test_feeds_make_no_claim_about_reviews(client, published_reviewed, monkeypatch):
    travel_to(monkeypatch, at_midnight_starting(date(2027, 5, 1)))
    for url in ("/feed/", "/feed/atom/"):
        response = client.get(url)
        if response.status_code == 404:
            continue
        assert "Reviewed by" not in response.content.decode()


def test_an_author_of_a_second_profile_is_not_a_reviewer_by_default(db):
    # A login in the Authors group with no profile has nobody to sign as.
    user = make_staff("carol", "Authors")
    assert getattr(user, "author_profile", None) is None


def test_an_empty_review_interval_gets_a_message_not_an_error(client, author, draft):
    client.force_login(author.user)
    data = {
        "title": draft.title,
        "slug": draft.slug,
        "body": draft.body,
        "excerpt": "",
        "featured_image_alt": "",
        "requires_clinical_review": "on",
        "clinical_review_interval": "",
    }
    response = client.post(f"/admin/blog/post/{draft.pk}/change/", data)
    assert response.status_code == 200
    assert "Give the number of months, from 1 to 60." in response.content.decode()
    data["clinical_review_interval"] = "6"
    assert client.post(f"/admin/blog/post/{draft.pk}/change/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.clinical_review_interval == 6 and draft.requires_clinical_review


def test_the_add_form_says_to_save_before_a_review(client, editor):
    client.force_login(editor)
    html = client.get("/admin/blog/post/add/").content.decode()
    assert "Save the post first" in html


def test_the_editors_review_screen_shows_the_clinical_review_state_and_its_screen(
    client, editor, author_user, draft
):

    workflow.submit_for_review(draft, author_user)
    client.force_login(editor)
    html = client.get(f"/admin/blog/post/{draft.pk}/review/").content.decode()
    assert "Needs a clinical review: none is recorded yet." in html
    assert f'href="{review_url(draft)}"' in html
    assert "Save the post first" not in html
