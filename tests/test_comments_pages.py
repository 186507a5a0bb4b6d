"""What readers see under a post, and what posting a comment does."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateformat import format as format_date

from comments.listing import DATE_FORMAT, date_text
from comments.models import Comment
from tests.comment_helpers import comment_data, ensure_default_lists, post_comment


@pytest.fixture(autouse=True)
def default_lists(db):
    """The shipped blocklist and crisis phrases (live-server tests flush them)."""
    ensure_default_lists()


def approved(post, name="Sam Lee", body="A kind comment.", parent=None, **fields) -> Comment:
    comment = Comment(post=post, name=name, email=f"{name.split()[0].lower()}@example.org",
                      body=body, status=Comment.Status.APPROVED, **fields)  # fmt: skip
    comment.attach_to(parent)
    comment.save()
    return comment


@pytest.fixture
def visitor_ok(db, post):
    """An address with an earlier approved comment, so the next one is published at once."""
    approved(post, name="Maya Torres", body="An earlier comment.")


def test_post_page_shows_the_wordpress_form_texts(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    for text in [
        "Leave a Reply",
        "Your email address will not be published.",
        'Required fields are marked <span class="required">*</span>',
        'Name <span class="required">*</span>',
        'Email <span class="required">*</span>',
        ">Website</label>",
        'Comment <span class="required">*</span>',
        "Notify me of replies by email",
        "Post Comment",
    ]:
        assert text in html
    for name in ["name", "email", "url", "body", "parent"]:
        assert f'name="{name}"' in html


def test_heading_counts_approved_comments_with_the_post_title(client, post):
    first = approved(post)
    approved(post, name="Kim Park", parent=first)
    approved(post, name="Lou Reed")
    Comment.objects.create(post=post, name="Held", email="h@example.org", body="Held one.")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "3 Responses to Rebuilding trust" in html
    assert "Held one." not in html


def test_one_comment_heading_is_singular(client, post):
    approved(post)
    assert "1 Response to Rebuilding trust" in client.get(post.get_absolute_url()).content.decode()


def test_replies_nest_three_levels_and_deeper_replies_stay_on_the_third(client, post):
    top = approved(post, name="Ann One")
    second = approved(post, name="Bo Two", parent=top)
    third = approved(post, name="Cy Three", parent=second)
    fourth = approved(post, name="Di Four", parent=third)
    assert (top.depth, second.depth, third.depth, fourth.depth) == (0, 1, 2, 2)
    assert fourth.parent == second and fourth.root == top
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'class="comment depth-3' in html and "depth-4" not in html


def test_threads_nest_on_the_page_as_they_nest_in_the_database(client, post):
    """The list is printed as one flat loop (comments.listing): its items must still nest."""
    ann = approved(post, name="Ann One")
    bo = approved(post, name="Bo Two", parent=ann)
    cy = approved(post, name="Cy Three", parent=bo)
    di = approved(post, name="Di Four", parent=ann)
    ed = approved(post, name="Ed Five")
    removed = approved(post, name="Flo Six", parent=ed)
    gus = approved(post, name="Gus Seven", parent=removed)
    hal = approved(post, name="Hal Eight", parent=removed)
    removed.status = Comment.Status.REMOVED
    removed.save()
    ivy = approved(post, name="Ivy Nine")
    html = client.get(post.get_absolute_url()).content.decode()
    section = BeautifulSoup(html, "html.parser").find(id="comments")
    parent_of = {
        item["id"]: getattr(item.find_parent("li", class_="comment"), "attrs", {}).get("id")
        for item in section.select("li.comment")
    }
    anchor = "comment-{}".format
    assert parent_of == {
        anchor(ann.pk): None,
        anchor(bo.pk): anchor(ann.pk),
        anchor(cy.pk): anchor(bo.pk),
        anchor(di.pk): anchor(ann.pk),
        anchor(ed.pk): None,
        anchor(removed.pk): anchor(ed.pk),  # its place kept: "no longer shown"
        anchor(gus.pk): anchor(removed.pk),
        anchor(hal.pk): anchor(removed.pk),
        anchor(ivy.pk): None,
    }
    assert [li["id"] for li in section.select("ol.comment-list > li")] == [
        anchor(ann.pk), anchor(ed.pk), anchor(ivy.pk)
    ]  # fmt: skip
    assert "This comment is no longer shown." in str(section.find(id=anchor(removed.pk)))
    start = html.index('<section id="comments"')
    markup = html[start : html.index("</section>", start)]
    assert markup.count("<li") == markup.count("</li>")
    assert markup.count("<ol") == markup.count("</ol>")


def test_comment_dates_read_as_the_date_filter_wrote_them():
    for month, hour, minute in itertools.product(range(1, 13), range(24), (0, 5, 59)):
        moment = datetime(2026, month, 4 + hour, hour, minute, tzinfo=UTC)
        assert date_text(moment) == format_date(moment, DATE_FORMAT), moment


def test_body_is_plain_text_with_line_breaks_and_nofollow_links(client, post):
    approved(
        post,
        body="<b>bold</b> **not markdown**\nsecond line\n\nsee https://example.com/page and "
        "www.example.net and me@example.org",
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; **not markdown**<br>second line" in html
    assert '<a href="https://example.com/page" rel="nofollow ugc noopener">' in html
    assert 'href="http://www.example.net' not in html
    assert "mailto:" not in html


def test_commenter_website_is_linked_nofollow(client, post):
    approved(post, url="https://maya.example.org")
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<a href="https://maya.example.org" rel="nofollow ugc noopener">Sam Lee</a>' in html


def test_avatar_is_initials_not_gravatar(client, post):
    approved(post, name="maya torres")
    html = client.get(post.get_absolute_url()).content.decode()
    assert ">MT</span>" in html
    assert "gravatar" not in html.lower()


def test_post_author_comment_carries_the_author_badge(client, post, author_user):
    approved(post, name="Alice Rivera", user=author_user)
    approved(post, name="Not Alice")
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.count('class="badge badge--author">Author<') == 1


def test_reply_link_works_without_javascript(client, post):
    comment = approved(post, name="Ann One")
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="?replytocom={comment.pk}#respond"' in html
    html = client.get(f"{post.get_absolute_url()}?replytocom={comment.pk}").content.decode()
    assert "Leave a Reply to Ann One" in html
    assert f'name="parent" value="{comment.pk}"' in html
    assert "Cancel reply" in html


def test_posting_redirects_to_the_comment_anchor(client, post, visitor_ok):
    response = post_comment(client, post, body="Thank you for this.")
    comment = Comment.objects.get(body="Thank you for this.")
    assert comment.status == Comment.Status.APPROVED
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in page


def test_held_comment_is_shown_only_to_its_writer(client, post, django_user_model):
    from django.test import Client

    response = post_comment(client, post, email="new@example.org", body="My first words.")
    comment = Comment.objects.get(body="My first words.")
    assert comment.status == Comment.Status.PENDING
    assert "first comment" in comment.reasons_text
    page = client.get(response["Location"]).content.decode()
    assert "Your comment is awaiting moderation." in page and "My first words." in page
    other = Client().get(post.get_absolute_url()).content.decode()
    assert "My first words." not in other and "awaiting moderation" not in other


def test_reply_posted_with_parent_nests_under_it(client, post, visitor_ok):
    parent = approved(post, name="Ann One")
    post_comment(client, post, body="I agree with Ann.", parent=str(parent.pk))
    reply = Comment.objects.get(body="I agree with Ann.")
    assert reply.parent == parent and reply.depth == 1


def test_logged_in_staff_comment_without_name_or_email(client, post, editor):
    client.force_login(editor)
    html = client.get(post.get_absolute_url()).content.decode()
    # The comment form's (the newsletter's form below the article has its own).
    comment_form = html.split('id="commentform"')[1].split("</form>")[0]
    assert "Logged in as editor." in comment_form and 'name="email"' not in comment_form
    response = post_comment(client, post, name="", email="", body="Editor's note here.")
    assert response.status_code == 302
    comment = Comment.objects.get(body="Editor's note here.")
    assert comment.user == editor and comment.name == "editor"
    assert comment.status == Comment.Status.APPROVED


def test_closed_post_says_comments_are_closed_and_refuses_posts(client, post, visitor_ok):
    post.comments_open = False
    post.save()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Comments are closed." in html and "Post Comment" not in html
    response = post_comment(client, post, body="Too late?")
    assert response.status_code == 400
    assert "Comments are closed." in response.content.decode()
    assert not Comment.objects.filter(body="Too late?").exists()


def test_comments_close_by_themselves_after_the_setting(client, post, settings, visitor_ok):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 1
    post.published_at = timezone.now() - timedelta(days=2)
    post.save()
    assert "Comments are closed." in client.get(post.get_absolute_url()).content.decode()
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    assert "Comments are closed." not in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"name": ""}, "name", "Please type your name."),
        ({"name": "x" * 81}, "name", "Keep your name under 80 characters."),
        ({"email": ""}, "email", "Please type your email address."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"email": "a@" + "b" * 250 + ".org"}, "email", "Keep your email address under 254"),
        ({"url": "javascript:alert(1)"}, "url", "starting with http:// or https://"),
        ({"url": "ftp://example.org/x"}, "url", "starting with http:// or https://"),
        ({"url": "https://e.org/" + "a" * 200}, "url", "under 200 characters"),
        ({"body": ""}, "body", "Please type a comment."),
        ({"body": "   "}, "body", "Please type a comment."),
        ({"body": "long " * 1001}, "body", "Keep your comment under 5000 characters"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_with_input_kept(
    client, post, fields, field, message
):
    response = post_comment(client, post, **{"body": "Text I typed carefully.", **fields})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    if field != "body":
        assert "Text I typed carefully." in html
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("case", ["unknown", "draft", "other-post-parent", "held-parent", "junk"])
def test_bad_targets_get_a_clear_4xx_page_and_store_nothing(client, post, make_post, case):
    from django.urls import reverse

    url = reverse("comments:post", args=[post.pk])
    data = comment_data(body="Nothing should be stored.")
    if case == "unknown":
        url = reverse("comments:post", args=[999999])
    elif case == "draft":
        draft = make_post(status="draft", published_at=None)
        url = reverse("comments:post", args=[draft.pk])
    elif case == "other-post-parent":
        data["parent"] = str(approved(make_post(), name="Other Post").pk)
    elif case == "held-parent":
        held = Comment.objects.create(post=post, name="Held", email="h@e.org", body="held")
        data["parent"] = str(held.pk)
    elif case == "junk":
        data["parent"] = "1 OR 1=1"
    before = Comment.objects.count()
    response = client.post(url, data)
    assert response.status_code in (400, 404)
    assert Comment.objects.count() == before
    assert "<h1>" in response.content.decode()


def test_get_on_the_post_endpoint_is_refused_not_an_error(client, post):
    from django.urls import reverse

    assert client.get(reverse("comments:post", args=[post.pk])).status_code == 405


def test_page_makes_the_same_queries_with_1_and_200_threaded_comments(
    client, post, django_assert_max_num_queries, settings
):
    """The N+1 prevented: replies (and their parents) fetched per comment while rendering."""
    settings.PAGE_CACHE_ENABLED = False  # both renders in full, nothing reused or stored
    first = approved(post)
    with CaptureQueriesContext(connection) as one:
        client.get(post.get_absolute_url())
    approved(post, name="Reply To First", parent=first)
    for thread in range(39):  # 40 threads of 5: within one page of 50 threads
        top = approved(post, name=f"Top {thread}")
        parent = top
        for level in range(3):
            parent = approved(post, name=f"Reply {thread} {level}", parent=parent)
        approved(post, name=f"Second reply {thread}", parent=top)
    approved(post, name="Late", parent=first)
    approved(post, name="Later", parent=first)
    approved(post, name="Latest", parent=first)
    assert Comment.objects.count() == 200
    with django_assert_max_num_queries(len(one)):
        response = client.get(post.get_absolute_url())
    assert "200 Responses to" in response.content.decode()


def test_top_level_threads_are_paginated_beyond_the_setting(client, post, settings):
    settings.COMMENTS_PER_PAGE = 2
    first, second, third = (approved(post, name=f"Person {n}") for n in range(3))
    reply = approved(post, name="Replier", parent=third)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{first.pk}"' in html and f'id="comment-{third.pk}"' not in html
    assert "?cpage=2#comments" in html
    html = client.get(post.get_absolute_url() + "?cpage=2").content.decode()
    assert f'id="comment-{third.pk}"' in html and f'id="comment-{reply.pk}"' in html
    assert reply.get_absolute_url().endswith(f"?cpage=2#comment-{reply.pk}")
    assert f'id="comment-{second.pk}"' not in html


@pytest.mark.parametrize("parent", ["0", "-5", "abc", "9" * 30])
def test_a_malformed_parent_is_refused_with_a_visible_reason(client, post, parent):
    response = post_comment(client, post, body="Kept text.", parent=parent)
    assert response.status_code in (400, 404)
    html = response.content.decode()
    assert "Kept text." in html
    assert "could not be found" in html or "not available" in html
    assert not Comment.objects.filter(body="Kept text.").exists()


def test_staff_preview_of_a_draft_shows_no_comment_form(client, make_post, editor):
    draft = make_post(status="draft", published_at=None)
    client.force_login(editor)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Draft preview" in html and "Leave a Reply" not in html


def test_comment_clean_refuses_a_parent_on_another_post(post, make_post):
    from django.core.exceptions import ValidationError

    parent = approved(make_post(), name="Elsewhere")
    reply = Comment(post=post, name="R", email="r@example.org", body="Hi.", parent=parent)
    with pytest.raises(ValidationError, match="same post"):
        reply.clean()


# --- Replies by staff and authors are signed ------------------------------------------


def signature(html: str, comment: Comment) -> str:
    """The meta line of one comment: its name and badge."""
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start : html.index("</header>", start)]


@pytest.mark.parametrize(
    ("who", "name", "badge"),
    [
        ("post author", "Alice Rivera", "Author"),
        ("another author", "Bob Okafor", "Author"),
        ("editor", "Erin Vale", "Editor"),
        ("other staff", "Sam Helper", "Staff"),
    ],
)
def test_staff_and_author_replies_are_signed_with_display_name_and_badge(
    client, post, author_user, second_author, editor, who, name, badge
):
    from django.contrib.auth.models import User

    editor.first_name, editor.last_name = "Erin", "Vale"
    editor.save()
    helper = User.objects.create_user(
        "helper", "helper@example.org", "pw", is_staff=True, first_name="Sam", last_name="Helper"
    )
    # Alice's login has a different full name: her public (author) name signs.
    author_user.first_name, author_user.last_name = "Al", "R"
    author_user.save()
    user = {
        "post author": author_user,
        "another author": second_author.user,
        "editor": editor,
        "other staff": helper,
    }[who]
    parent = approved(post, name="Ann One")
    client.force_login(user)
    response = post_comment(
        client, post, name="", email="", body="A signed reply.", parent=str(parent.pk)
    )
    assert response.status_code == 302
    reply = Comment.objects.get(body="A signed reply.")
    assert reply.user == user and reply.status == Comment.Status.APPROVED
    client.logout()
    meta = signature(client.get(post.get_absolute_url()).content.decode(), reply)
    assert f'<span class="comment__author">{name}</span>' in meta
    assert f'<span class="badge badge--{badge.lower()}">{badge}</span>' in meta


@pytest.mark.parametrize("name", ["Alice Rivera", "Erin Vale", "Staff", "Alice Rivera Author"])
def test_a_visitor_typing_a_staff_name_gets_no_badge(client, post, author, editor, name):
    comment = approved(post, name=name)
    meta = signature(client.get(post.get_absolute_url()).content.decode(), comment)
    assert "badge" not in meta


def test_signatures_follow_the_user_link_without_a_query_per_comment(
    client, post, author_user, editor
):
    """The badge's user, author profile and editor group come with the comments (no N+1)."""
    for number in range(10):
        approved(post, name=f"Reader {number}")
        approved(post, name="x", user=author_user)
        approved(post, name="y", user=editor)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(post.get_absolute_url()).content.decode()
    assert html.count("badge--editor") == 10 and html.count("badge--author") == 10
    about_writers = [
        query["sql"]
        for query in queries.captured_queries
        if "auth_user" in query["sql"] or "comments_comment" in query["sql"]
    ]
    # The index of visible comments, then the page's comments with their writers.
    assert len(about_writers) == 2, about_writers
