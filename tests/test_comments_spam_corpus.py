"""
The spam filter measured on a corpus it has never seen
(tests/fixtures/spam_corpus.json: 65 spam and 64 ordinary reader comments in
Latin, Cyrillic, Arabic, Han, Japanese, Hangul, Thai, Devanagari and
Vietnamese text, with and without links, short and long; the ordinary ones
talk about medication, sex and betrayal in therapy). It is not the seed set
the filter ships with (comments/spam_seed.json): the first test says so.

Every comment arrives through the real form. Targets (issue 20): at least
90% of spam filed as spam on arrival, from a new writer or from one reusing a
known commenter's address; no ordinary comment filed as spam; known
commenters published and first-timers held, as before; after moderators mark
five comments of a new campaign as spam, at least 80% of its next ten go to
the spam folder.
"""

import json
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from comments.fingerprints import distance, simhash
from comments.models import Comment
from comments.spam_filter import SEED_FILE
from tests.comment_helpers import ensure_default_lists, post_comment

CORPUS = json.loads((Path(__file__).parent / "fixtures" / "spam_corpus.json").read_text())
SPAM, LEGIT = CORPUS["spam"], CORPUS["legit"]
CHANGELIST = "admin:comments_comment_changelist"
# Moderation's rules from before the spam filter, which hold a known writer
# too ("as now"): text mostly in another script, a site she never linked, a
# blocklisted word (mixed evidence when the rest reads as a reader's comment).
HOLDING_RULES = {"script", "new link", "blocklist", "not spam"}


def holding_layers(comment: Comment) -> set[str]:
    return {r["layer"] for r in comment.reasons if r.get("weight", 0) >= 0}


@pytest.fixture(autouse=True)
def site_lists(db, settings):
    ensure_default_lists()
    settings.COMMENTS_RATE_LIMIT = 10_000  # the corpus arrives faster than people write


# People's names for the corpus comments that have none (spam borrows them too).
NAMES = [
    "Maya Lin", "Jordan Price", "Aisha Rahman", "Dmitri Volkov", "Li Wei", "Sofia García",
    "Priya Nair", "Tomás Silva", "Hannah Berg", "Kenji Sato", "Fatima Zahra", "Olga Ivanova",
    "Sam Okafor", "Lucía Romero", "Min-jun Park", "Claire Dubois", "Nguyen Thi Lan", "Emre Kaya",
]  # fmt: skip


def person(number: int) -> str:
    return NAMES[number % len(NAMES)]


def arrive(client, post, item: dict, number: int, **writer) -> Comment:
    """One corpus comment through the form, from its own address; the stored comment."""
    fields = {
        "name": item.get("name") or person(number),
        "email": f"writer{number}@example.net",
        "url": item.get("url", ""),
        "body": item["body"],
        **writer,
    }
    response = post_comment(
        client, post, REMOTE_ADDR=f"10.9.{number // 250}.{number % 250}", **fields
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Comment.objects.filter(body=item["body"].strip()).latest("pk")


def known_commenter(post, name: str, email: str) -> None:
    Comment.objects.create(
        post=post, name=name, email=email, body="Earlier words.", status="approved"
    )


def share(comments: list[Comment], status: str) -> float:
    return sum(comment.status == status for comment in comments) / len(comments)


def test_the_corpus_is_not_the_seed_set_and_is_big_and_varied_enough():
    seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    seed_hashes = [simhash(item["body"]) for item in seed["spam"] + seed["ham"]]
    seed_hashes = [value for value in seed_hashes if value is not None]
    for item in SPAM + LEGIT:
        assert item["body"] not in {entry["body"] for entry in seed["spam"] + seed["ham"]}
        if (value := simhash(item["body"])) is not None:
            assert min(distance(value, seeded) for seeded in seed_hashes) > 10, item["body"]
    assert len(SPAM) >= 60 and len(LEGIT) >= 60
    with_links = [item for item in SPAM + LEGIT if "http" in item["body"] + item.get("url", "")]
    assert 10 <= len(with_links) <= len(SPAM + LEGIT) - 10
    assert min(len(item["body"]) for item in LEGIT) < 30 < 200 < max(len(i["body"]) for i in LEGIT)


def test_spam_from_new_writers_goes_to_the_spam_folder(client, post):
    arrived = [arrive(client, post, item, number) for number, item in enumerate(SPAM)]
    missed = [comment.body for comment in arrived if comment.status != Comment.Status.SPAM]
    print(f"spam from new writers filed as spam: {share(arrived, 'spam'):.1%}; missed {missed}")
    assert share(arrived, Comment.Status.SPAM) >= 0.9
    assert all(comment.status != Comment.Status.APPROVED for comment in arrived)


def test_spam_reusing_a_known_commenters_address_goes_to_the_spam_folder(client, post):
    known_commenter(post, "Maya Torres", "maya@example.org")
    arrived = [
        arrive(client, post, item, number, email="maya@example.org")
        for number, item in enumerate(SPAM)
    ]
    print(f"spam with a known address filed as spam: {share(arrived, 'spam'):.1%}")
    assert share(arrived, Comment.Status.SPAM) >= 0.9
    assert all(comment.status != Comment.Status.APPROVED for comment in arrived)


def test_ordinary_comments_are_never_spam_first_timers_held_known_writers_published(client, post):
    first = [arrive(client, post, item, number) for number, item in enumerate(LEGIT)]
    assert [c.body for c in first if c.status == Comment.Status.SPAM] == []
    assert share(first, Comment.Status.PENDING) == 1.0
    Comment.objects.all().delete()
    known = []
    for number, item in enumerate(LEGIT):
        name, email = person(number), f"reader{number}@example.com"
        known_commenter(post, name, email)
        known.append(arrive(client, post, item, number, name=name, email=email))
    assert [c.body for c in known if c.status == Comment.Status.SPAM] == []
    held = [c for c in known if c.status == Comment.Status.PENDING]
    # Held only by the rules that held known writers before the spam filter.
    assert [c.reasons for c in held if holding_layers(c) - HOLDING_RULES] == []
    published = share(known, Comment.Status.APPROVED)
    print(
        f"known writers' comments published: {published:.1%}; held for script/new link: {len(held)}"
    )
    # In the site's script, without a new link or a blocklisted word: published.
    assert [
        c.body for c in held if not holding_layers(c) & {"script", "new link", "blocklist"}
    ] == []


def test_spam_in_a_known_writers_name_and_email_is_held_when_the_classifier_is_sure(
    client, post, settings
):
    """
    Someone who knows a regular's name and address is trusted as she is (the
    known-writer rule); the rules still file most of it as spam, and what the
    classifier alone is sure of waits for a person, never published.
    """
    known_commenter(post, "Maya Torres", "maya@example.org")
    arrived = [
        arrive(client, post, item, number, name="Maya Torres", email="maya@example.org")
        for number, item in enumerate(SPAM)
    ]
    print(
        f"spam in a known writer's name and address: {share(arrived, 'spam'):.1%} spam, "
        f"{share(arrived, 'pending'):.1%} held, {share(arrived, 'approved'):.1%} published"
    )
    sure = [c for c in arrived if c.spam_score >= settings.COMMENTS_SPAM_SCORE]
    assert sure and all(comment.status != Comment.Status.APPROVED for comment in sure)
    kept = [c for c in sure if c.status == Comment.Status.PENDING]
    assert all(any(r["layer"] == "not spam" for r in c.reasons) for c in kept)


def demo_comments() -> list[dict]:
    """The demo's reader comments (demo/comments.yaml), written apart from seed and corpus."""
    content = yaml.safe_load((settings.BASE_DIR / "demo" / "comments.yaml").read_text())
    found: list[dict] = []

    def walk(items: list[dict]) -> None:
        for item in items:
            found.append(item)
            walk(item.get("replies", []))

    for threads in content["threads"].values():
        walk(threads)
    return found + content["pending"]


def test_the_demos_reader_comments_are_never_filed_as_spam(client, post):
    """A second set of ordinary comments, in other words than the corpus's."""
    demo = demo_comments()
    arrived = [
        arrive(client, post, {"body": item["body"], "url": item.get("url", "")}, number,
               name=item["name"])
        for number, item in enumerate(demo)
    ]  # fmt: skip
    assert len(arrived) >= 25
    assert [c.body for c in arrived if c.status == Comment.Status.SPAM] == []
    print(f"demo comments: highest classifier score {max(c.spam_score for c in arrived):.2f}")
    print(
        [(c.name, c.body, c.spam_score, c.status, c.reasons) for c in arrived if c.spam_score > 0.5]
    )


# A campaign the filter has never seen: a new site, new wording; some of its
# comments link the site in the text, some only as the website, some not at all.
CAMPAIGN = [
    ("Hey everyone, my cousin finally fixed her marriage with the Harmony Bond course, "
     "lesson {n} is free at https://harmonybond-course.example/lesson{n}", ""),
    ("Relationship struggling? The Harmony Bond method saved {n} couples this month, "
     "worth a look", "https://harmonybond-course.example/"),
    ("Honestly the best thing I did was the Harmony Bond online program, {n} days and my "
     "husband came back to me, look it up", ""),
    ("Harmony Bond changed everything for us after {n} weeks, the reunion lessons are "
     "available for everyone at https://harmonybond-course.example/start?c={n}", ""),
]  # fmt: skip


def campaign(number: int) -> dict:
    body, url = CAMPAIGN[number % len(CAMPAIGN)]
    return {"name": person(number + 5), "url": url, "body": body.format(n=number + 11)}


def test_after_five_of_a_new_campaign_are_marked_spam_most_of_the_next_ten_are_filed(
    client, post, editor, settings
):
    first = [arrive(client, post, campaign(number), 300 + number) for number in range(5)]
    before = [c.status for c in first]
    client.force_login(editor)
    response = client.post(
        reverse(CHANGELIST),
        {"action": "mark_spam", "_selected_action": [comment.pk for comment in first]},
    )
    assert response.status_code == 302
    client.logout()
    following = [arrive(client, post, campaign(number), 400 + number) for number in range(5, 15)]
    sure = sum(c.spam_score >= settings.COMMENTS_SPAM_SCORE for c in following)
    print(
        f"campaign before learning: {before}; after: {share(following, 'spam'):.0%} filed; "
        f"classifier sure of {sure}/10 (before: {[round(c.spam_score, 2) for c in first]})"
    )
    assert share(following, Comment.Status.SPAM) >= 0.8
    # The words too, not only the site: the classifier learnt the campaign.
    assert min(c.spam_score for c in following) > max(c.spam_score for c in first)
