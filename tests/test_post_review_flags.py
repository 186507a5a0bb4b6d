"""Posts in another script, or with look-alike letters, are flagged for review on save."""

from blog.models import Post

ENGLISH = "Trust grows when small promises are kept, day after day, without an audience."


def test_arabic_keyword_at_the_end_of_an_english_post_flags_it(make_post):
    post = make_post(body=ENGLISH + "\n\nكازينو سكس")
    assert post.needs_review and "كازينو" in post.review_reasons


def test_look_alike_letters_in_the_title_flag_the_post(make_post):
    post = make_post(title="Free саsino tips")  # Cyrillic с and а
    assert "mixing alphabets" in post.review_reasons


def test_plain_english_post_is_not_flagged_and_fixing_a_post_clears_the_flag(make_post):
    post = make_post(body=ENGLISH + " كازينو")
    assert post.needs_review
    post.body = ENGLISH
    post.save()
    assert post.review_reasons == "" and post.needs_review == []


def test_admin_filters_posts_that_need_review(client, editor, make_post):
    flagged = make_post(title="Flagged one", body=ENGLISH + " كازينو")
    make_post(title="Clean one", body=ENGLISH)
    client.force_login(editor)
    page = client.get("/admin/blog/post/?needs_review=yes").content.decode()
    assert flagged.title in page and "Clean one" not in page
    page = client.get("/admin/blog/post/?needs_review=no").content.decode()
    assert "Clean one" in page and flagged.title not in page


def test_change_form_warns_which_reason_the_post_needs_review_for(client, editor, make_post):
    post = make_post(body=ENGLISH + " كازينو")
    client.force_login(editor)
    page = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert 'class="warning">Needs review before it stays published: Words in another script' in page
    clean = make_post(body=ENGLISH)
    page = client.get(f"/admin/blog/post/{clean.pk}/change/").content.decode()
    assert "Needs review before" not in page


def test_review_reason_shown_in_the_admin_is_escaped(client, editor, make_post):
    post = make_post(body="<b>саsino</b>")
    Post.objects.filter(pk=post.pk).update(review_reasons="<script>alert(1)</script>")
    client.force_login(editor)
    page = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "<script>alert(1)</script>" not in page
