"""Admin comforts for authors: herself preselected on a new credential, a "My profile" link."""

import re

from authors.models import Author, Credential


def selected_authors(html: str) -> list[str]:
    """The options of the credential form's author select, selected ones marked with '*'."""
    select = re.search(r'<select name="author"[^>]*>(.*?)</select>', html, re.S)
    assert select, "no author select on the page"
    return [
        ("*" if "selected" in attributes else "") + label.strip()
        for attributes, label in re.findall(r"<option([^>]*)>(.*?)</option>", select.group(1))
    ]


def test_an_author_adding_a_credential_finds_herself_preselected_and_alone(
    client, author_user, author, second_author
):
    client.force_login(author_user)
    html = client.get("/admin/authors/credential/add/").content.decode()
    assert selected_authors(html) == ["*Alice Rivera"]


def test_an_author_saves_a_new_credential_without_touching_the_author_field(
    client, author_user, author
):
    client.force_login(author_user)
    response = client.post(
        "/admin/authors/credential/add/",
        {"author": author.pk, "abbreviation": "CGT", "title": "Certified Gottman Therapist",
         "kind": "certification", "position": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Credential.objects.get(abbreviation="CGT").author == author


def test_an_author_cannot_choose_someone_else_on_a_new_credential(
    client, author_user, author, second_author
):
    client.force_login(author_user)
    response = client.post(
        "/admin/authors/credential/add/",
        {"author": second_author.pk, "abbreviation": "FAKE", "title": "Forged",
         "kind": "degree", "position": "0"},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with a message, what she typed kept
    html = response.content.decode()
    assert "Select a valid choice" in html and 'value="Forged"' in html
    assert not Credential.objects.exists()


def test_an_editor_with_a_profile_finds_it_preselected_but_may_choose_anyone(
    client, editor, author, second_author
):
    Author.objects.create(user=editor, name="Erin Editor", slug="erin-editor")
    client.force_login(editor)
    html = client.get("/admin/authors/credential/add/").content.decode()
    options = selected_authors(html)
    assert "*Erin Editor" in options and "Alice Rivera" in options and "Bob Okafor" in options


def test_an_editor_without_a_profile_gets_an_empty_choice(client, editor, author):
    client.force_login(editor)
    html = client.get("/admin/authors/credential/add/").content.decode()
    # Only the empty choice is selected: an editor picks whose credential it is.
    assert [option for option in selected_authors(html) if option.startswith("*")] == [
        "*- Select an option -"
    ]


def my_profile_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)"[^>]*>My profile</a>', html)


def test_an_author_has_a_my_profile_link_to_her_own_profile_on_every_admin_page(
    client, author_user, author, second_author, post
):
    client.force_login(author_user)
    for url in ["/admin/", "/admin/blog/post/", f"/admin/blog/post/{post.pk}/change/"]:
        html = client.get(url).content.decode()
        assert my_profile_links(html) == [f"/admin/authors/author/{author.pk}/change/"], url
    response = client.get(f"/admin/authors/author/{author.pk}/change/")
    assert response.status_code == 200 and "Alice Rivera" in response.content.decode()


def test_an_editor_without_a_profile_gets_no_my_profile_link(client, editor, author):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert my_profile_links(response.content.decode()) == []
    assert "View site" in response.content.decode()


def test_an_editor_with_a_profile_gets_her_my_profile_link(client, editor, author):
    mine = Author.objects.create(user=editor, name="Erin Editor", slug="erin-editor")
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert my_profile_links(html) == [f"/admin/authors/author/{mine.pk}/change/"]


def test_the_login_page_has_no_my_profile_link(client, author):
    assert my_profile_links(client.get("/admin/login/").content.decode()) == []
