"""The spam layers, the moderation policy, and the care rules, each on its own."""

import time

import pytest
from django.core.cache import cache

from blog.models import BlockedPhrase
from comments.models import Comment, CrisisHelp, CrisisPhrase
from comments.moderation import make_form_token
from core.phrases import find_phrases, normalise
from tests.comment_helpers import aged_token, ensure_default_lists, post_comment


@pytest.fixture(autouse=True)
def default_lists(db):
    ensure_default_lists()


@pytest.fixture
def known_writer(db, post):
    """Maya Torres (maya@example.org) has an approved comment: the known-writer rule lets her in."""
    return Comment.objects.create(
        post=post, name="Maya Torres", email="maya@example.org", body="Earlier.", status="approved"
    )


def status_of(body: str) -> Comment:
    return Comment.objects.get(body=body)


# --- The signed timestamp token -----------------------------------------------


def test_a_submit_faster_than_three_seconds_is_refused_with_text_kept(client, post, known_writer):
    response = post_comment(client, post, body="Typed in a flash.", token=make_form_token())
    assert response.status_code == 400
    html = response.content.decode()
    assert "That was very quick" in html and "Typed in a flash." in html
    assert not Comment.objects.filter(body="Typed in a flash.").exists()


def test_a_form_older_than_a_day_is_refused(client, post, known_writer):
    old = make_form_token(issued_at=time.time() - 25 * 3600)
    response = post_comment(client, post, body="Left the tab open.", token=old)
    assert response.status_code == 400
    assert "more than a day ago" in response.content.decode()
    assert not Comment.objects.filter(body="Left the tab open.").exists()


@pytest.mark.parametrize("token", ["", "garbage", aged_token()[:-3] + "xyz"])
def test_a_missing_or_forged_token_is_refused(client, post, known_writer, token):
    response = post_comment(client, post, body="No token here.", token=token)
    assert response.status_code == 400
    assert not Comment.objects.filter(body="No token here.").exists()


def test_a_replayed_token_is_refused(client, post, known_writer):
    token = aged_token()
    assert post_comment(client, post, body="Once.", token=token).status_code == 302
    response = post_comment(client, post, body="Twice with the same form.", token=token)
    assert response.status_code == 400
    assert "already used" in response.content.decode()


# --- Honeypot, rate limit, duplicates -------------------------------------------


def test_the_honeypot_files_the_comment_as_spam_with_its_reason(client, post, known_writer):
    response = post_comment(client, post, body="Great post!", homepage="http://spam.example")
    assert response.status_code == 302
    comment = status_of("Great post!")
    assert comment.status == Comment.Status.SPAM
    assert comment.reasons[0]["layer"] == "honeypot"
    assert "Great post!" not in client.get(post.get_absolute_url()).content.decode()


def test_the_sixth_comment_in_a_minute_gets_a_friendly_429_keeping_the_text(
    client, post, known_writer
):
    for number in range(5):
        assert post_comment(client, post, body=f"Comment number {number}").status_code == 302
    response = post_comment(client, post, body="The sixth, carefully typed.")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait a minute" in html and "The sixth, carefully typed." in html
    assert not Comment.objects.filter(body="The sixth, carefully typed.").exists()
    cache.clear()  # the minute passes
    assert post_comment(client, post, body="The sixth, carefully typed.").status_code == 302


def test_the_rate_limit_is_per_address(client, post, known_writer):
    for number in range(5):
        post_comment(client, post, body=f"From here {number}")
    response = client.post(
        f"/comments/post/{post.pk}/",
        {
            "name": "Other",
            "email": "maya@example.org",
            "body": "From elsewhere.",
            "token": aged_token(),
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "second", [{"email": "MAYA@example.org"}, {"email": "someone.else@example.org"}]
)
def test_the_same_body_again_within_a_day_is_refused(client, post, known_writer, second):
    post_comment(client, post, body="Exactly these words.")
    response = post_comment(client, post, body="Exactly these words.", **second)
    assert response.status_code == 400
    assert "already posted this comment" in response.content.decode()
    assert Comment.objects.filter(body="Exactly these words.").count() == 1


# --- The moderation policy --------------------------------------------------------


def test_first_comment_from_a_name_and_email_is_held_then_later_ones_publish(client, post):
    post_comment(client, post, email="new@example.org", body="Hello for the first time.")
    first = status_of("Hello for the first time.")
    assert first.status == Comment.Status.PENDING
    assert {
        "layer": "first comment",
        "detail": "no earlier approved comment with this name and email",
    } in (first.reasons)
    first.status = Comment.Status.APPROVED
    first.save()
    post_comment(client, post, email="New@Example.org", body="And again, now known.")
    assert status_of("And again, now known.").status == Comment.Status.APPROVED


def test_first_comment_rule_follows_the_setting(client, post, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    post_comment(client, post, email="new@example.org", body="Published at once.")
    assert status_of("Published at once.").status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    "body, held",
    [
        ("One https://a.example and two http://b.example links.", False),
        ("Three: https://a.example http://b.example www.c.example", True),
    ],
)
def test_more_than_two_links_are_held(client, post, known_writer, body, held):
    # Sites she linked before: the known-writer rule holds new ones on its own.
    known_writer.body = "Earlier: https://a.example https://b.example https://c.example"
    known_writer.save()
    post_comment(client, post, body=body)
    comment = status_of(body)
    assert (comment.status == Comment.Status.PENDING) is held
    assert any(v["layer"] == "links" for v in comment.reasons) is held


@pytest.mark.parametrize(
    "body",
    [
        "Buy viagra here",
        "Buy VIAGRA here",
        "Buy v.i.a.g.r.a here",
        "Buy v i a g r a here",
        "Buy v-i-a-g-r-a here",
        "Buy vi\u200bag\u200dra here",  # zero-width characters
        "Buy \uff56\uff49\uff41\uff47\uff52\uff41 here",  # fullwidth letters (NFKC)
        "Buy vi\u0430gra here",  # Cyrillic а inside Latin
        "Watch porno online",
        "Смотри ПОРНО тут",
        "افلام سكس",
        "مشاهدة سـكـس الآن",  # tatweel
        "مشاهدة سَكْس الآن",  # diacritics
        "والسكس هنا",  # Arabic prefixes attached
        "最新色情视频",
        "今夜はアダルト動画",
    ],
)
def test_blocklist_matches_survive_evasion_and_go_to_the_spam_folder(
    client, post, known_writer, body
):
    post_comment(client, post, body=body)
    comment = status_of(body)
    assert comment.status == Comment.Status.SPAM
    assert any(v["layer"] == "blocklist" for v in comment.reasons)


@pytest.mark.parametrize(
    "body",
    [
        "My specialist helped with our sexual health questions.",
        "Therapy helped us talk about sex and intimacy.",
        "The pharmacy was open late.",
        "We watched a movie and talked.",
    ],
)
def test_ordinary_words_of_a_relationship_blog_are_not_blocked(client, post, known_writer, body):
    post_comment(client, post, body=body)
    assert status_of(body).status == Comment.Status.APPROVED


def test_a_phrase_added_in_the_admin_list_is_matched(db):
    BlockedPhrase.objects.create(phrase="miracle cure", kind="pharma")
    from blog.blocklist import blocked_phrases_in

    assert blocked_phrases_in("Try this M.I.R.A.C.L.E   cure now") == ["miracle cure"]
    BlockedPhrase.objects.filter(phrase="miracle cure").update(is_active=False)
    assert blocked_phrases_in("miracle cure") == []


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("ＶＩＡＧＲＡ", "viagra"),
        ("Stra\u00dfe", "strasse"),
        ("s\u200bp\u200ca\u200dm", "spam"),
        ("ســكــس", "سكس"),
        ("p . o . r . n", "porn"),
    ],
)
def test_normalise_folds_disguises(raw, folded):
    assert normalise(raw) == folded


def test_find_phrases_keeps_word_boundaries_for_latin_scripts():
    assert find_phrases("pornography discussion", ["porn"]) == []
    assert find_phrases("a specialist", ["cialis"]) == []
    assert find_phrases("cheap cialis!", ["cialis"]) == ["cialis"]


# --- Care for vulnerable readers ----------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Sometimes I want to die.",
        "I keep thinking about SUICIDE.",
        "A veces quiero morir.",
        "Я хочу умереть.",
        "أفكر في الانتحار",
        "我不想活了",
    ],
)
def test_crisis_language_is_held_and_the_writer_sees_help_at_once(client, post, known_writer, body):
    response = post_comment(client, post, body=body)
    comment = status_of(body)
    assert comment.status == Comment.Status.PENDING and comment.crisis
    assert any(v["layer"] == "crisis" for v in comment.reasons)
    page = client.get(response["Location"]).content.decode()
    assert "Your comment is awaiting moderation." in page
    assert "988" in page  # the default help message, shown to the writer only


def test_crisis_help_message_and_phrases_are_editable(client, post, known_writer):
    CrisisHelp.objects.update(message="Call the Lifeline on 555-HELP now.")
    CrisisPhrase.objects.create(phrase="cannot go on", language="en")
    response = post_comment(client, post, body="I cannot go on like this.")
    assert status_of("I cannot go on like this.").crisis
    assert "Call the Lifeline on 555-HELP now." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "body, held",
    [
        ("Call me on +1 (503) 555-0188 tonight.", True),
        ("My number is 07700 900123.", True),
        ("Write to me at maya.t@example.com please.", True),
        ("We met in 2019 and married in 2021.", False),
        ("Page 12, chapter 3.", False),
    ],
)
def test_phone_numbers_and_email_addresses_in_the_body_are_held(
    client, post, known_writer, body, held
):
    post_comment(client, post, body=body)
    comment = status_of(body)
    assert (comment.status == Comment.Status.PENDING) is held
    assert any(v["layer"] == "contact" for v in comment.reasons) is held


@pytest.mark.parametrize(
    "behind_proxy, forwarded, expected",
    [
        (False, "203.0.113.9", "127.0.0.1"),
        (True, "203.0.113.9", "203.0.113.9"),
        (True, "1.1.1.1, 203.0.113.9", "203.0.113.9"),  # the first entry is the client's claim
        (True, "", "127.0.0.1"),
    ],
)
def test_client_address_behind_a_proxy(rf, settings, behind_proxy, forwarded, expected):
    from comments.moderation import client_ip

    settings.COMMENTS_BEHIND_PROXY = behind_proxy
    request = rf.post("/", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_the_rate_limit_is_per_visitor(client, post, known_writer, settings):
    settings.COMMENTS_BEHIND_PROXY = True
    for number in range(5):
        post_comment(client, post, body=f"Via proxy {number}", HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = client.post(
        f"/comments/post/{post.pk}/",
        {
            "name": "B",
            "email": "maya@example.org",
            "body": "Another visitor.",
            "token": aged_token(),
        },
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302
