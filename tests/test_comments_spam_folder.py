"""
The spam folder and the learning loop, end to end through the admin: marking
spam teaches the filter a campaign's site, fingerprint and words; "not spam"
from the folder publishes a comment exactly as posted and unteaches it;
approving teaches ham. What is learnt lives in the database, so a second app
server sees it. Spam is deleted 30 days after it was filed.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments import moderation, spam_filter
from comments.models import Comment, SpamDomain, SpamExample, SpamFingerprint, SpamLabel
from tests.comment_helpers import ensure_default_lists, post_comment

CHANGELIST = "admin:comments_comment_changelist"
FOLDER = "admin:comments_spamcomment_changelist"
CAMPAIGN = (
    "My marriage was saved by the Velvet Accord reunion plan, session {n} is waiting for "
    "you at {link}, thousands of couples already reconnected"
)


@pytest.fixture(autouse=True)
def site_lists(db, settings):
    ensure_default_lists()
    settings.COMMENTS_RATE_LIMIT = 10_000


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def arrive(client, post, number: int, **fields) -> Comment:
    fields.setdefault("name", f"Dana {number}")
    fields.setdefault("email", f"dana{number}@example.net")
    response = post_comment(client, post, REMOTE_ADDR=f"10.7.0.{number}", **fields)
    assert response.status_code == 302
    return Comment.objects.latest("pk")


def act(editor_client, admin_list: str, action: str, comments: list[Comment]):
    response = editor_client.post(
        reverse(admin_list), {"action": action, "_selected_action": [c.pk for c in comments]}
    )
    assert response.status_code == 302
    return response


def test_marking_spam_teaches_the_site_the_fingerprint_and_the_words(client, editor, post):
    link = "https://velvet-accord.example/plan"
    first = arrive(client, post, 1, body=CAMPAIGN.format(n=1, link=link))
    assert first.status == Comment.Status.PENDING  # new to the filter: a person decides
    client.force_login(editor)
    act(client, CHANGELIST, "mark_spam", [first])
    client.logout()
    first.refresh_from_db()
    assert first.status == Comment.Status.SPAM and first.marked_spam_at is not None
    assert SpamDomain.objects.marked_spam().filter(domain="velvet-accord.example").exists()
    assert SpamFingerprint.objects.get(comment=first).label == SpamLabel.SPAM
    assert SpamExample.objects.get(comment=first).label == SpamLabel.SPAM

    same_site = arrive(client, post, 2, body="Lovely words. https://velvet-accord.example/x")
    assert same_site.status == Comment.Status.SPAM
    assert "spam site" in {reason["layer"] for reason in same_site.reasons}
    copy = arrive(client, post, 3, body=CAMPAIGN.format(n=7, link="(link in my profile)"))
    assert copy.status == Comment.Status.SPAM
    assert "near duplicate" in {reason["layer"] for reason in copy.reasons}


def test_not_spam_publishes_exactly_as_posted_and_unteaches_the_filter(client, editor, post):
    body = "Our counsellor shared https://velvet-accord.example/notes, the notes helped us."
    comment = arrive(client, post, 4, body=body, url="https://dana.example/")
    client.force_login(editor)
    act(client, CHANGELIST, "mark_spam", [comment])
    before = Comment.objects.filter(pk=comment.pk).values().get()
    act(client, FOLDER, "not_spam", [comment])
    after = Comment.objects.filter(pk=comment.pk).values().get()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"status", "marked_spam_at"}
    assert after["status"] == Comment.Status.APPROVED and after["marked_spam_at"] is None
    assert "the notes helped us." in client.get(post.get_absolute_url()).content.decode()

    domain = SpamDomain.objects.get(domain="velvet-accord.example")
    assert (domain.spam_count, domain.ham_count) == (0, 1)
    assert not SpamDomain.objects.marked_spam().exists()
    assert SpamExample.objects.get(comment=comment).label == SpamLabel.HAM
    assert SpamFingerprint.objects.get(comment=comment).label == SpamLabel.HAM
    client.logout()
    again = arrive(client, post, 5, body=body.replace("helped us", "helped us a lot"))
    assert again.status != Comment.Status.SPAM


def test_approving_a_held_comment_teaches_ham_without_a_fingerprint(editor_client, post):
    comment = Comment.objects.create(
        post=post, name="Ana", email="ana@example.org", body="Held for a person."
    )
    act(editor_client, CHANGELIST, "approve", [comment])
    assert SpamExample.objects.get(comment=comment).label == SpamLabel.HAM
    # Spammers copy approved comments: an approval leaves no "not spam" fingerprint.
    assert not SpamFingerprint.objects.filter(comment=comment).exists()


def test_a_status_changed_on_the_comment_form_teaches_the_filter(editor_client, post):
    comment = Comment.objects.create(post=post, name="Bo", email="bo@example.org", body="Hi.")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(status="spam", crisis="", notify_replies="")
    data.update(post=comment.post_id, user="", parent="")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    comment.refresh_from_db()
    assert comment.status == "spam" and comment.marked_spam_at is not None
    assert SpamExample.objects.get(comment=comment).label == SpamLabel.SPAM


def test_the_spam_folder_lists_spam_with_its_reasons_and_score(editor_client, client, post):
    spam = Comment.objects.create(
        post=post, name="Bot", body="Cheap stuff here", status="spam", spam_score=0.97,
        reasons=[{"layer": "classifier", "detail": "reads like spam (0.99)", "weight": 1.0}],
        marked_spam_at=timezone.now(),
    )  # fmt: skip
    Comment.objects.create(post=post, name="Reader", body="Held, not spam.")
    html = editor_client.get(reverse(FOLDER)).content.decode()
    assert "Cheap stuff here" in html and "Held, not spam." not in html
    assert "reads like spam" in html and "0.97" in html
    assert "deleted 30 days after it was filed" in html
    page = editor_client.get(reverse("admin:comments_spamcomment_change", args=[spam.pk]))
    assert page.status_code == 200
    assert "spam on its own" in page.content.decode()  # the weight, beside the rule


def test_the_comment_list_shows_the_classifier_score_beside_the_rules(editor_client, post):
    Comment.objects.create(
        post=post, name="Reader", body="Score me.", spam_score=0.42,
        reasons=[{"layer": "first comment", "detail": "no earlier approved comment"}],
    )  # fmt: skip
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert "0.42" in html and "no earlier approved comment" in html


def test_spam_is_deleted_30_days_after_it_was_filed(post, settings):
    now = timezone.now()
    old = Comment.objects.create(
        post=post, name="S", body="Filed long ago.", status="spam",
        created_at=now - timedelta(days=90), marked_spam_at=now - timedelta(days=31),
    )  # fmt: skip
    recent = Comment.objects.create(
        post=post, name="S", body="Written long ago, filed yesterday.", status="spam",
        created_at=now - timedelta(days=90), marked_spam_at=now - timedelta(days=1),
    )  # fmt: skip
    out = StringIO()
    call_command("purge_spam", stdout=out)
    assert not Comment.objects.filter(pk=old.pk).exists()
    assert Comment.objects.filter(pk=recent.pk).exists()
    assert "1 spam comment(s) filed more than 30 day(s) ago" in out.getvalue()
    settings.COMMENTS_SPAM_KEEP_DAYS = 0
    call_command("purge_spam", stdout=StringIO())
    assert not Comment.objects.filter(pk=recent.pk).exists()


def test_crisis_language_is_never_filed_as_spam_even_by_a_bot_trap(client, post):
    comment = arrive(client, post, 6, body="I want to die. Buy viagra.", homepage="x")
    assert comment.status == Comment.Status.PENDING and comment.crisis
    assert "not spam" in {reason["layer"] for reason in comment.reasons}


def test_a_known_writer_is_held_not_filed_when_only_the_classifier_is_sure(
    client, post, monkeypatch
):
    Comment.objects.create(
        post=post, name="Maya Torres", email="maya@example.org", body="Before.", status="approved"
    )
    monkeypatch.setattr(spam_filter, "spam_probability", lambda comment: 0.999)
    body = "An ordinary long comment from a regular who has written here before, honestly."
    comment = arrive(client, post, 7, name="Maya Torres", email="maya@example.org", body=body)
    assert comment.status == Comment.Status.PENDING
    assert {r["layer"] for r in comment.reasons} == {"classifier", "not spam"}
    stranger = arrive(client, post, 8, body=body + " Again.")
    assert stranger.status == Comment.Status.SPAM


def test_a_second_app_server_sees_what_another_one_learnt(post):
    """Each process refits when the stored examples change (the version check)."""
    comment = Comment(name="Lee", body="Velvet Accord reunion plan session waiting for you now")
    before = spam_filter.spam_probability(comment)
    model = spam_filter.classifier()
    # Another server's moderator decision: only the database knows.
    for number in range(3):
        taught = Comment.objects.create(
            post=post, name="Lee", body=f"Velvet Accord reunion plan session {number} waiting"
        )
        SpamExample.objects.create(
            comment=taught,
            label=SpamLabel.SPAM,
            features=spam_filter.feature_bytes(spam_filter.comment_document(taught)),
        )
    assert spam_filter.classifier() is not model
    assert spam_filter.spam_probability(comment) > before


def test_erasing_a_writer_forgets_what_was_learnt_from_their_words(editor_client, post):
    comment = Comment.objects.create(
        post=post, name="Ivy", email="ivy@example.org", body="Erase me later please."
    )
    act(editor_client, CHANGELIST, "mark_spam", [comment])
    assert SpamExample.objects.filter(comment=comment).exists()
    editor_client.post(
        reverse(CHANGELIST),
        {"action": "erase_by_email", "_selected_action": [comment.pk], "confirm": "yes"},
    )
    assert not SpamExample.objects.exists() and not SpamFingerprint.objects.exists()


def test_the_dashboard_counts_the_spam_folder(editor_client, post):
    Comment.objects.create(
        post=post, name="Bot", body="Spam.", status="spam", marked_spam_at=timezone.now()
    )
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "filed as spam in the last 7 days" in html
    assert "in the spam folder (deleted after 30 days)" in html
    assert reverse(FOLDER) in html


def test_verdict_weights_add_up_and_mixed_evidence_holds():
    verdict = moderation.Verdict()
    verdict.add("links", "3 links", 0.25)
    assert verdict.status == Comment.Status.PENDING
    verdict.add("blocklist", "viagra", 1.0)
    assert verdict.status == Comment.Status.SPAM
    verdict.add("classifier", "reads like a reader's comment (0.02)", -0.5)
    assert verdict.status == Comment.Status.PENDING  # mixed evidence: a person decides


def test_approving_spam_from_the_comment_list_counts_as_not_spam(editor_client, post):
    spam = Comment.objects.create(
        post=post, name="Ana", email="ana@example.org", status="spam",
        body="A real reader's words that the filter took for spam, long enough to fingerprint.",
    )  # fmt: skip
    act(editor_client, CHANGELIST, "approve", [spam])
    assert SpamFingerprint.objects.get(comment=spam).label == SpamLabel.HAM


def test_an_import_scores_every_comment_with_one_model_asking_no_query(
    post, django_assert_num_queries
):
    comment = Comment(post=post, name="Reader", body="Thank you, this helped us talk again.")
    with spam_filter.classifier_held():
        with django_assert_num_queries(0):
            first = spam_filter.spam_probability(comment)
            assert spam_filter.spam_probability(comment) == first
    with django_assert_num_queries(1):  # a request asks whether moderators taught it since
        spam_filter.spam_probability(comment)
