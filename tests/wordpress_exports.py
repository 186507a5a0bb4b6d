"""
Shared ground for tests/test_import_wordpress*.py: the hand-written exports
under tests/fixtures/wordpress/, the uploads folder they name (small real
images made with Pillow here), and running the command.
"""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from .conftest import make_image_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
EXPORT = FIXTURES / "export.xml"

# One more post with one comment, and one more comment on an old post: what a
# newer export of the same site adds.
NEWER_ITEMS = """
	<item>
		<title><![CDATA[Listening Without Fixing]]></title>
		<link>https://old.example/2023/04/listening-without-fixing/</link>
		<dc:creator><![CDATA[sam]]></dc:creator>
		<content:encoded><![CDATA[Be heard, not helped.]]></content:encoded>
		<wp:post_id>111</wp:post_id>
		<wp:post_date><![CDATA[2023-04-02 10:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2023-04-02 09:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[listening-without-fixing]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:comment>
			<wp:comment_id>1101</wp:comment_id>
			<wp:comment_author><![CDATA[Maria Lopez]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[maria@example.com]]></wp:comment_author_email>
			<wp:comment_date_gmt><![CDATA[2023-04-03 09:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[So true.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
	</item>
</channel>"""

NEWER_COMMENT = """
		<wp:comment>
			<wp:comment_id>1012</wp:comment_id>
			<wp:comment_author><![CDATA[Late Reader]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[late@example.com]]></wp:comment_author_email>
			<wp:comment_date_gmt><![CDATA[2023-01-01 10:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Still useful years later.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_parent>1001</wp:comment_parent>
		</wp:comment>
	</item>"""


def newer_export(tmp_path: Path) -> Path:
    """export.xml as exported again later: one new post, one new reply on an old one."""
    text = EXPORT.read_text(encoding="utf-8")
    first_item_end = text.index("</item>", text.index("<wp:post_id>101</wp:post_id>"))
    text = text[:first_item_end] + NEWER_COMMENT.strip() + text[first_item_end + len("</item>") :]
    text = text.replace("</channel>", NEWER_ITEMS.strip())
    path = tmp_path / "newer.xml"
    path.write_text(text, encoding="utf-8")
    return path


def make_uploads(root: Path) -> Path:
    """The copied wp-content/uploads folder: the images export.xml names, but not all."""
    folder = root / "uploads" / "2019" / "05"
    folder.mkdir(parents=True)
    (folder / "photo.png").write_bytes(make_image_bytes("PNG", size=(80, 60)))
    (folder / "featured.jpg").write_bytes(make_image_bytes("JPEG", size=(120, 80)))
    return root / "uploads"


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()
