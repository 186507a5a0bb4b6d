"""Reading the demo content from demo/: the shape the apps' loaders take, and clear errors."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from blog.demo_files import read_demo

DEMO = Path(settings.BASE_DIR) / "demo"


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    return Path(shutil.copytree(DEMO, tmp_path / "demo"))


def test_every_post_and_author_in_the_demo_gets_its_picture_recipe():
    content = read_demo()
    assert len({post["slug"] for post in content.POSTS}) == len(content.POSTS) >= 14
    assert all(len(post["palette"]) == 2 and post["image_size"] for post in content.POSTS)
    assert all(len(author["colour"]) == 3 for author in content.AUTHORS)
    assert all(post["body"].endswith("\n") and post["title"] for post in content.POSTS)
    assert set(content.COMMENT_THREADS) <= {post["slug"] for post in content.POSTS}


def test_verifying_a_credential_is_one_line_in_authors_yaml(demo_copy):
    authors = demo_copy / "authors.yaml"
    text = authors.read_text()
    line = "  verified: false\n"
    assert line in text
    authors.write_text(text.replace(line, "  verified: true\n", 1))
    before = [c["verified"] for a in read_demo(DEMO).AUTHORS for c in a["credentials"]]
    after = [c["verified"] for a in read_demo(demo_copy).AUTHORS for c in a["credentials"]]
    assert sum(after) == sum(before) + 1


def test_a_post_without_front_matter_is_named_in_the_error(demo_copy):
    (demo_copy / "posts" / "no-front-matter.md").write_text("Just a body.\n")
    with pytest.raises(CommandError, match="no-front-matter.md does not start with front matter"):
        read_demo(demo_copy)


def test_a_post_without_colours_says_where_they_belong(demo_copy):
    (demo_copy / "posts" / "new-post.md").write_text(
        "---\ntitle: New\nauthor: maya\nstatus: draft\n---\n\nBody.\n"
    )
    with pytest.raises(
        CommandError, match="images.yaml has no featured_images colours for 'new-post'"
    ):
        read_demo(demo_copy)


def test_broken_yaml_names_the_file(demo_copy):
    (demo_copy / "tags.yaml").write_text("- name: [unclosed\n")
    with pytest.raises(CommandError, match="tags.yaml cannot be read"):
        read_demo(demo_copy)
