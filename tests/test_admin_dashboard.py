"""
The admin's front page (core.dashboard and each app's dashboard.py): the
numbers against known data, the links, who sees what, the charts' SVG and
tables, and a query budget that does not grow with the data.
"""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from authors.models import BookingClick, Credential
from blog import workflow
from blog.models import OutboundLink, Post
from comments.models import Comment
from core import charts, dashboard
from tests.conftest import make_staff, post_maker

ADMIN = "/admin/"


def panels_of(user) -> dict[str, dashboard.ShownPanel]:
    request = RequestFactory().get(ADMIN)
    request.user = user
    return {shown.key: shown for shown in dashboard.panels_for(request)}


def figures(shown: dashboard.ShownPanel) -> dict[str, tuple[int, str]]:
    return {figure.label: (figure.count, figure.url) for figure in shown.data["figures"]}


def this_week(days_ago: int = 0):
    """A moment in the current week (Monday 00:00 local time onwards), never in the future."""
    start = charts.weeks(1)[0].start
    return max(start + timedelta(hours=1), timezone.now() - timedelta(days=days_ago))


def weeks_ago(count: int):
    """A moment in the week ``count`` weeks before this one (Wednesday noon)."""
    return charts.weeks(1)[0].start - timedelta(weeks=count) + timedelta(days=2, hours=12)


def click(author, when, post=None):
    return BookingClick.objects.create(
        author=author,
        post_pk=post.pk if post else None,
        source=BookingClick.Source.POST if post else BookingClick.Source.PROFILE,
        clicked_at=when,
    )


def comment(post, status, crisis=False, when=None, name="Reader", email="reader@example.org"):
    return Comment.objects.create(
        post=post,
        name=name,
        email=email,
        body=f"A {status} comment.",
        status=status,
        crisis=crisis,
        created_at=when or timezone.now(),
    )


@pytest.fixture
def desk(make_post, author, other_author, make_credential, editor):
    """Known data: what an editor's desk should count."""
    live = make_post(title="Live post", body="See [a site](https://unknown.example/page).")
    make_post(title="Waiting one", status=Post.Status.REVIEW, published_at=None)
    make_post(title="Waiting two", status=Post.Status.REVIEW, published_at=None)
    make_post(title="A draft", status=Post.Status.DRAFT, published_at=None)
    soon = make_post(title="Goes live soon", published_at=timezone.now() + timedelta(hours=3))
    later = make_post(title="Goes live later", published_at=timezone.now() + timedelta(days=9))
    make_post(title="Lapsed review", reviewed_by=other_author, reviewed_on=date(2020, 1, 1))
    comment(live, Comment.Status.PENDING, crisis=True)
    comment(live, Comment.Status.PENDING, crisis=True)
    comment(live, Comment.Status.PENDING)
    comment(live, Comment.Status.APPROVED)
    comment(live, Comment.Status.SPAM)
    make_credential(abbreviation="LMFT")  # awaiting verification
    make_credential(
        abbreviation="LPC", expires_on=timezone.localdate() + timedelta(days=30), verified_by=editor
    )
    make_credential(
        abbreviation="PhD",
        expires_on=timezone.localdate() + timedelta(days=400),
        verified_by=editor,
    )
    return {"live": live, "scheduled": [soon, later]}


# --- Editors' numbers ----------------------------------------------------------------


def test_editor_counts_match_the_data(desk, editor):
    shown = panels_of(editor)
    assert figures(shown["moderation"]) == {
        "held with crisis language: read these first": (
            2,
            "/admin/comments/comment/?status__exact=pending&crisis__exact=1",
        ),
        "awaiting moderation in all": (3, "/admin/comments/comment/?status__exact=pending"),
        # The desk's spam was written before the filter kept when spam was filed.
        "filed as spam in the last 7 days": (0, "/admin/comments/spamcomment/"),
        "in the spam folder (deleted after 30 days)": (1, "/admin/comments/spamcomment/"),
    }
    posts = figures(shown["desk"])
    assert posts["waiting for review"] == (2, "/admin/blog/post/?review=waiting")
    assert posts["clinical reviews due"] == (1, "/admin/blog/post/?clinical_review=due")
    assert posts["scheduled"][0] == 2
    assert posts["outbound links to review"] == (
        OutboundLink.objects.to_review().count(),
        "/admin/blog/linktoreview/",
    )
    assert posts["outbound links to review"][0] >= 1  # the live post's link
    assert figures(shown["credentials"]) == {
        "awaiting verification": (1, "/admin/authors/credential/?verified__exact=0"),
        "expiring within 60 days": (1, "/admin/authors/credential/?expiry=soon"),
    }


def test_scheduled_posts_are_listed_soonest_first_with_their_times(client, desk, editor):
    soon, later = desk["scheduled"]
    shown = panels_of(editor)["desk"]
    assert [item["post"].title for item in shown.data["scheduled"]] == [soon.title, later.title]
    client.force_login(editor)
    html = client.get(ADMIN).content.decode()
    assert f'datetime="{timezone.localtime(soon.published_at):%Y-%m-%dT%H:%M:%S}' in html
    assert f'href="/admin/blog/post/{soon.pk}/change/"' in html


def test_each_count_links_to_a_list_that_shows_those_rows(client, desk, editor):
    client.force_login(editor)
    shown = panels_of(editor)
    for panel, label, expected in [
        ("desk", "waiting for review", ["Waiting one", "Waiting two"]),
        ("desk", "scheduled", ["Goes live soon", "Goes live later"]),
        ("moderation", "held with crisis language: read these first", ["A pending comment."] * 2),
        ("moderation", "awaiting moderation in all", ["A pending comment."] * 3),
        ("moderation", "in the spam folder (deleted after 30 days)", ["A spam comment."]),
        ("credentials", "expiring within 60 days", ["LPC"]),
        ("credentials", "awaiting verification", ["LMFT"]),
    ]:
        count, url = figures(shown[panel])[label]
        response = client.get(url)
        assert response.status_code == 200, url  # not the admin's "?e=1" redirect
        assert response.context["cl"].result_count == count == len(expected), url
        html = response.content.decode()
        for text in expected:
            assert text in html, (url, text)


def test_the_five_posts_with_the_most_booking_clicks_in_30_days(editor, author, make_post):
    posts = [make_post(title=f"Clicked {n}") for n in range(7)]
    for rank, post in enumerate(posts):
        for _ in range(7 - rank):
            click(author, timezone.now() - timedelta(days=2), post)
    for _ in range(20):  # older than 30 days: not counted
        click(author, timezone.now() - timedelta(days=40), posts[6])
    click(author, timezone.now())  # from the profile, no post
    top = panels_of(editor)["top-posts"].data["posts"]
    assert [(row["title"], row["clicks"]) for row in top] == [
        ("Clicked 0", 7),
        ("Clicked 1", 6),
        ("Clicked 2", 5),
        ("Clicked 3", 4),
        ("Clicked 4", 3),
    ]
    assert top[0]["url"] == f"/admin/blog/post/{posts[0].pk}/change/"


def test_booking_clicks_per_week_by_author_chart_counts_each_week(
    client, editor, author, other_author
):
    for _ in range(3):
        click(author, this_week())
    click(author, weeks_ago(2))
    click(author, weeks_ago(2))
    click(other_author, weeks_ago(11))
    click(other_author, weeks_ago(12))  # before the 12 weeks
    chart = panels_of(editor)["clicks-by-author"].data["chart"]
    assert [series.name for series in chart.series] == ["Alice Rivera", "Ben Cole"]
    rows = chart.rows
    assert len(rows) == 12
    assert rows[-1].values == [3, 0] and rows[-1].total == 3
    assert rows[-3].values == [2, 0]
    assert rows[0].values == [0, 1]
    assert chart.total == 6
    # The same numbers reach the page's table.
    client.force_login(editor)
    html = client.get(ADMIN).content.decode()
    table = section(html, "panel-clicks-by-author")
    week = charts.weeks(12)[-1].label
    assert re.search(rf"<th scope=\"row\">{week}</th>\s*<td>3</td><td>0</td>\s*<td>3</td>", table)


def test_comments_per_week_chart_splits_approved_held_and_spam(editor, post):
    comment(post, Comment.Status.APPROVED, when=this_week())
    comment(post, Comment.Status.APPROVED, when=this_week())
    comment(post, Comment.Status.PENDING, when=this_week())
    comment(post, Comment.Status.SPAM, when=weeks_ago(1))
    comment(post, Comment.Status.REMOVED, when=this_week())  # not drawn
    chart = panels_of(editor)["comments-per-week"].data["chart"]
    assert [series.name for series in chart.series] == ["Approved", "Held", "Spam"]
    assert chart.rows[-1].values == [2, 1, 0]
    assert chart.rows[-2].values == [0, 0, 1]
    assert chart.total == 4


def test_many_authors_fold_into_one_other_series(editor, db):
    from authors.models import Author

    for n in range(7):
        writer = Author.objects.create(name=f"Writer {n}", slug=f"writer-{n}")
        for _ in range(n + 1):
            click(writer, this_week())
    chart = panels_of(editor)["clicks-by-author"].data["chart"]
    assert len(chart.series) == charts.PALETTE_SIZE
    assert chart.series[0].name == "Writer 6"
    assert chart.series[-1].name == "3 other authors"
    assert chart.series[-1].values[-1] == 1 + 2 + 3
    assert chart.total == sum(range(1, 8))


# --- Authors -------------------------------------------------------------------------


@pytest.fixture
def two_authors(author, second_author, make_post):
    mine = make_post(title="My draft", status=Post.Status.DRAFT, published_at=None)
    make_post(title="My post in review", status=Post.Status.REVIEW, published_at=None)
    my_live = make_post(title="My live post")
    theirs = post_maker(second_author)
    theirs(title="Bob's secret draft", slug="bob-draft", status=Post.Status.DRAFT)
    their_live = theirs(title="Bob's live post", slug="bob-live")
    for _ in range(4):
        click(author, this_week())
    for _ in range(9):
        click(second_author, this_week())
    comment(my_live, Comment.Status.APPROVED, name="Grateful reader", email="grateful@example.org")
    comment(my_live, Comment.Status.PENDING, name="Held reader", email="held@example.org")
    comment(their_live, Comment.Status.APPROVED, name="Bob's reader", email="bobs@example.org")
    comment(their_live, Comment.Status.PENDING, crisis=True, email="crisis@example.org")
    return {"draft": mine}


def test_an_author_sees_her_own_posts_clicks_and_comments(two_authors, author_user):
    shown = panels_of(author_user)
    assert set(shown) == {"own-posts", "own-clicks", "own-comments"}
    assert figures(shown["own-posts"]) == {
        "drafts": (1, "/admin/blog/post/?status__exact=draft"),
        "in review": (1, "/admin/blog/post/?review=waiting"),
    }
    assert [item["post"].title for item in shown["own-posts"].data["posts"]] == [
        "My post in review",
        "My draft",
    ]
    chart = shown["own-clicks"].data["chart"]
    assert chart.rows[-1].values == [4]
    assert chart.total == 4
    assert shown["own-comments"].counts == {"approved": 1, "pending": 1}
    assert [c["name"] for c in shown["own-comments"].data["comments"]] == ["Grateful reader"]


def test_an_author_never_sees_another_authors_numbers_or_the_editors_desk(
    client, two_authors, author_user
):
    client.force_login(author_user)
    response = client.get(ADMIN)
    html = response.content.decode()
    assert response.status_code == 200
    for hidden in [
        "Bob's secret draft",
        "Bob's reader",
        "Bob Okafor",
        "Comments awaiting moderation",
        "Credentials</h2>",
        "Most booking clicks",
        "panel-desk",
        "clicks-by-author",
        "crisis",
    ]:
        assert hidden not in html, hidden
    # Her clicks (4), not Bob's (9) nor everyone's (13).
    table = section(html, "panel-own-clicks")
    assert "<td>4</td>" in table and "<td>9</td>" not in table and "<td>13</td>" not in table


def test_commenters_email_addresses_never_reach_the_dashboard(client, two_authors, author_user):
    client.force_login(author_user)
    html = client.get(ADMIN).content.decode()
    assert "Grateful reader" in html
    assert "@example.org" not in html


def test_posts_sent_back_show_with_the_editors_note(client, two_authors, author_user, editor):
    draft = two_authors["draft"]
    workflow.submit_for_review(draft, author_user, "Ready.")
    workflow.return_to_author(draft, editor, "Cite the <study>.")
    client.force_login(author_user)
    html = section(client.get(ADMIN).content.decode(), "panel-own-posts")
    assert "Sent back to you" in html
    assert "Cite the &lt;study&gt;." in html
    assert f'href="/admin/blog/post/{draft.pk}/change/"' in html


def test_changes_to_a_published_post_waiting_for_review_count_for_the_editors(
    client, make_post, author_user, editor
):
    live = make_post(title="Live with changes")
    workflow.save_pending_revision(live, author_user, {"body": "Better."})
    workflow.submit_for_review(live, author_user)
    figure = figures(panels_of(editor)["desk"])["waiting for review"]
    assert figure == (1, "/admin/blog/post/?review=waiting")
    client.force_login(editor)
    listed = client.get(figure[1]).content.decode()
    assert "Live with changes" in listed


def test_a_licensed_author_sees_the_clinical_reviews_waiting_for_her_sign_off(
    client, author, author_user, second_author, editor, make_post, django_assert_max_num_queries
):
    licence = Credential(
        author=author, abbreviation="LMFT", title="Licensed therapist", kind=Credential.Kind.LICENCE
    )
    licence.mark_verified(editor)
    licence.save()
    theirs = post_maker(second_author)
    waiting = theirs(
        title="Sleep and anxiety",
        slug="sleep",
        status=Post.Status.REVIEW,
        published_at=None,
        requires_clinical_review=True,
    )
    theirs(title="Plain advice", slug="plain")  # needs no clinical review
    make_post(title="Her own health post", requires_clinical_review=True)  # not hers to sign
    client.force_login(author_user)
    with django_assert_max_num_queries(10):
        html = client.get(ADMIN).content.decode()
    shown = section(html, "panel-clinical-sign-off")
    sign_off = f"/admin/blog/post/{waiting.pk}/clinical-review/"
    assert "Sleep and anxiety" in shown and f'href="{sign_off}"' in shown
    assert "Plain advice" not in shown and "Her own health post" not in shown
    assert client.get(sign_off).status_code == 200


def test_authors_without_a_licence_get_no_sign_off_panel(two_authors, author_user, second_author):
    post_maker(second_author)(title="Needs review", slug="nr", requires_clinical_review=True)
    assert "clinical-sign-off" not in panels_of(author_user)


def test_an_editor_who_also_writes_sees_the_editors_desk_only(editor, author_user, desk):
    author = author_user.author_profile
    author.user = None
    author.save()
    author.user = editor
    author.save()
    assert set(panels_of(editor)) == {
        "moderation",
        "desk",
        "credentials",
        "top-posts",
        "clicks-by-author",
        "comments-per-week",
    }


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_staff_without_a_desk_gets_the_app_list_and_no_panel(client, db):
    plain = make_staff("plain", "Authors")  # an Authors login with no profile yet
    client.force_login(plain)
    html = client.get(ADMIN).content.decode()
    assert panels_of(plain) == {}
    assert "Nothing waits for you here" in html


# --- The charts' markup -----------------------------------------------------------------


def section(html: str, panel_id: str) -> str:
    match = re.search(rf'<section[^>]*id="{panel_id}".*?</section>', html, re.S)
    assert match, panel_id
    return match[0]


def test_charts_are_accessible_svg_with_a_title_a_description_and_a_table(client, editor, author):
    click(author, this_week())
    client.force_login(editor)
    html = section(client.get(ADMIN).content.decode(), "panel-clicks-by-author")
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="chart-clicks-by-author-title', html)
    assert '<title id="chart-clicks-by-author-title">Booking clicks per week</title>' in html
    assert re.search(r'<desc id="chart-clicks-by-author-desc">[^<]*1 clicks in 12 weeks', html)
    assert "<table>" in html and '<th scope="col">Week of</th>' in html
    assert 'class="chart-series-0"' in html
    # Nothing inline for the CSP to refuse, nothing from another host.
    assert "style=" not in html and "<script" not in html and "http" not in html


def test_chart_geometry_stacks_series_on_a_nice_scale():
    chart = charts.stacked_bars(
        "c", "T", ["a", "b"], [charts.Series("x", [3, 0]), charts.Series("y", [4, 1])], unit="u"
    )
    assert charts.nice_ceiling(7) == 8
    assert [tick.label for tick in chart.y_ticks] == ["0", "4", "8"]
    x, y = (bar for bar in chart.bars if bar.x == chart.bars[0].x)
    plot = chart.baseline - charts.TOP
    assert x.height == pytest.approx(plot * 3 / 8, abs=0.1)
    assert y.height == pytest.approx(plot * 4 / 8, abs=0.1)
    assert y.y + y.height == pytest.approx(x.y, abs=0.1)  # y sits on x
    assert len(chart.bars) == 3  # the zero is not drawn
    assert "8 u in 2 weeks" in chart.description


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (1, 1), (2, 2), (3, 3), (7, 8), (11, 20), (22, 30), (500, 500), (901, 1000)],
)
def test_nice_ceiling(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling


def test_weeks_run_monday_to_monday_ending_with_this_week():
    periods = charts.weeks(12)
    assert len(periods) == 12
    assert all(timezone.localtime(week.start).weekday() == 0 for week in periods)
    assert periods[0].end == periods[1].start
    assert periods[-1].start <= timezone.now() < periods[-1].end


def test_count_each_takes_one_query_and_none_without_counts(django_assert_num_queries, desk):
    with django_assert_num_queries(1):
        counted = dashboard.count_each(
            {
                "posts": Post.objects.all(),
                "review": Post.objects.in_review(),
                "credentials": Credential.objects.all(),
            }
        )
    assert counted == {
        "posts": Post.objects.count(),
        "review": 2,
        "credentials": Credential.objects.count(),
    }
    with django_assert_num_queries(0):
        assert dashboard.count_each({}) == {}


# --- The query budget --------------------------------------------------------------------


def fill(author, other_author, scale: int) -> None:
    """50 posts, 500 clicks over 12 weeks and 200 comments, times ``scale``."""
    now = timezone.now()
    statuses = [Post.Status.PUBLISHED, Post.Status.DRAFT, Post.Status.REVIEW]
    posts = Post.objects.bulk_create(
        Post(
            title=f"Bulk {scale}-{n}",
            slug=f"bulk-{scale}-{n}",
            author=author if n % 2 else other_author,
            body="Text.",
            status=statuses[n % 3],
            published_at=now - timedelta(days=n) if n % 3 == 0 else None,
        )
        for n in range(50 * scale)
    )
    BookingClick.objects.bulk_create(
        BookingClick(
            author=author if n % 3 else other_author,
            post_pk=posts[n % len(posts)].pk,
            clicked_at=now - timedelta(hours=n * 4 % (24 * 83)),
        )
        for n in range(500 * scale)
    )
    kinds = [Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.SPAM]
    Comment.objects.bulk_create(
        Comment(
            post=posts[n % len(posts)],
            name=f"Reader {n}",
            body="Thanks.",
            status=kinds[n % 3],
            crisis=n % 17 == 0,
            created_at=now - timedelta(hours=n * 5),
        )
        for n in range(200 * scale)
    )


@pytest.mark.parametrize("who", ["editor", "author_user"])
def test_the_page_takes_at_most_ten_queries_whatever_the_data_size(
    request, client, django_assert_max_num_queries, author, other_author, editor, who
):
    """Every panel aggregates in the database: no query per post, click, comment or author."""
    user = request.getfixturevalue(who)
    client.force_login(user)
    counts = []
    for scale in (1, 5):
        fill(author, other_author, scale)
        with CaptureQueriesContext(connection) as captured:
            with django_assert_max_num_queries(10):
                response = client.get(ADMIN)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
