"""The weekly email to editors about clinical reviews due (send_review_reminders)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from blog.models import Post, ReviewReminder
from blog.review_reminders import editor_emails, send_review_reminders, week_of
from core.models import OutgoingMail

from .conftest import make_staff

pytestmark = pytest.mark.django_db
BASE = "https://blog.example.com"


@pytest.fixture
def due(make_post, other_author):
    """One lapsed review, one post that needs its first; plus posts that are not due."""
    today = timezone.localdate()
    lapsed = make_post(
        title="Sleep and anxiety", reviewed_by=other_author, reviewed_on=date(2024, 5, 6)
    )
    missing = make_post(title="Panic attacks", requires_clinical_review=True)
    make_post(title="Current one", reviewed_by=other_author, reviewed_on=today)
    make_post(title="Plain one")
    make_post(title="Draft one", requires_clinical_review=True, status="draft", published_at=None)
    return lapsed, missing


def run(*args) -> str:
    out = StringIO()
    call_command("send_review_reminders", "--base-url", BASE, *args, stdout=out, stderr=out)
    return out.getvalue()


def test_each_editor_gets_one_message_listing_the_posts_due(
    editor, author_user, due, django_capture_on_commit_callbacks
):
    other_editor = make_staff("erin", "Editors")
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "Mailed 2 editor(s) about 2 clinical review(s) due." in output
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [editor.email, other_editor.email]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)  # no shared address lists
    message = mail.outbox[0]
    assert message.subject.endswith("2 clinical reviews due")
    lapsed, missing = due
    body = message.body
    assert "“Sleep and anxiety”" in body
    assert "Last review: May 6, 2024 by Ben Cole; due May 6, 2025 (lapsed)" in body
    assert "“Panic attacks”" in body and "Last review: none yet" in body
    assert f"{BASE}/admin/blog/post/{lapsed.pk}/clinical-review/" in body
    assert f"{BASE}/admin/blog/post/?clinical_review=due" in body
    for not_due in ("Current one", "Plain one", "Draft one"):
        assert not_due not in body
    # Lapsed first (oldest due date), then those never reviewed.
    assert body.index("Sleep and anxiety") < body.index("Panic attacks")


def test_authors_and_inactive_or_addressless_editors_get_nothing(
    author_user, due, django_capture_on_commit_callbacks
):
    make_staff("gone", "Editors", is_active=False)
    make_staff("noaddress", "Editors").__class__.objects.filter(username="noaddress").update(
        email=""
    )
    publisher = make_staff("pub", "Authors")
    from django.contrib.auth.models import Permission

    publisher.user_permissions.add(Permission.objects.get(codename="publish_post"))
    assert editor_emails() == ["pub@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert [message.to for message in mail.outbox] == [["pub@example.com"]]


def test_nothing_is_sent_when_no_review_is_due(
    editor, make_post, django_capture_on_commit_callbacks
):
    make_post(title="Plain one")
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "No clinical review is due: nothing sent." in output
    assert mail.outbox == [] and not ReviewReminder.objects.exists()


def test_a_second_run_the_same_week_sends_nothing_unless_forced(
    editor, due, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "nothing sent" in output and "--force" in output
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        output = run("--force")
    assert "Mailed 1 editor(s)" in output and len(mail.outbox) == 2
    assert ReviewReminder.objects.count() == 1


def test_next_week_sends_again(editor, due, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        send_review_reminders(BASE, today=today)
    with django_capture_on_commit_callbacks(execute=True):
        send_review_reminders(BASE, today=today + timedelta(days=7))
    assert len(mail.outbox) == 2
    assert ReviewReminder.objects.count() == 2


def test_weeks_start_on_monday():
    assert week_of(date(2026, 12, 4)) == date(2026, 11, 30)  # a Friday
    assert week_of(date(2026, 11, 30)) == date(2026, 11, 30)
    assert week_of(date(2026, 12, 6)) == date(2026, 11, 30)  # Sunday


def test_a_failing_mail_server_leaves_the_reminder_queued_and_it_goes_once_the_server_answers(
    editor,
    due,
    django_capture_on_commit_callbacks,
    mail_server_down,
    monkeypatch,
    retry_queued_mail,
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = send_review_reminders(BASE)
    assert outcome.sent == 1 and mail.outbox == []
    assert ReviewReminder.objects.exists()  # the week is recorded: the queue retries
    queued = OutgoingMail.objects.get(to=editor.email)
    assert queued.status == "queued" and "Connection refused" in queued.last_error
    monkeypatch.undo()
    retry_queued_mail()
    assert [message.to for message in mail.outbox] == [[editor.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_review_reminders(BASE).already_sent is not None


def test_the_mail_text_is_not_html_escaped(editor, make_post, django_capture_on_commit_callbacks):
    make_post(title="Tom & Jerry's <fights>", requires_clinical_review=True)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert "“Tom & Jerry's <fights>”" in mail.outbox[0].body


def test_reviews_due_are_only_published_posts(due):
    assert {post.title for post in Post.objects.clinical_reviews_due()} == {
        "Sleep and anxiety",
        "Panic attacks",
    }
