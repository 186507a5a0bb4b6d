"""
`make bench-import`: how long ``import_wordpress`` takes and how much memory
it holds, for two sizes of a generated export, to show the memory stays flat
as the file grows. Measured, not asserted (not a test).

For each size a child process writes a WXR file to a temporary folder (the
big one: 10,000 posts with 100,000 comments, some of them spam in several
scripts, plus one injected spam link in every 500th post), migrates a
throwaway SQLite database and imports the file through the command's own
function. It prints the file's size, the time of the import (wall clock
and the process's CPU time, steadier on a shared machine) and the peak
resident memory of the process (ru_maxrss) before and after it. The folders
are removed afterwards.

    make bench-import
    BENCH_IMPORT_SIZES=200,2000 .venv/bin/python tests/benchmarks/wordpress_import.py
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from throwaway_site import configure

SIZES = [int(n) for n in os.environ.get("BENCH_IMPORT_SIZES", "1000,10000").split(",")]
COMMENTS_PER_POST = 10
# 100,000 comments from 2,000 people over the years, each within hours of its post.
# (Before 2026-12-05 all came from ten people within nine days: every duplicate
# check then read a fifth of the table, which no blog's archive looks like.)
READERS = 2000
FIRST_POST = datetime(2018, 1, 1, 9, 0)

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://bench.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>
<wp:base_blog_url>https://bench.example</wp:base_blog_url>
"""
SPAM = [
    "Great post! Buy cheap viagra at https://pills.example/",
    "مقال رائع شاهد افلام سكس مجانا هنا",
    "Лучшее онлайн казино, заходите!",
    "好文章！免费成人视频请看这里",
]
PARAGRAPH = (
    "Couples who argue well listen first and answer second. "
    "A ten-minute check-in each evening keeps small worries small. "
)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_export(path: Path, posts: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for n in range(20):
            out.write(
                f"<wp:author><wp:author_id>{n + 1}</wp:author_id><wp:author_login>author{n}"
                f"</wp:author_login><wp:author_display_name>Author {n}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for n in range(10):
            out.write(
                f"<wp:category><wp:term_id>{n + 1}</wp:term_id><wp:category_nicename>topic-{n}"
                f"</wp:category_nicename><wp:cat_name>Topic {n}</wp:cat_name></wp:category>\n"
            )
        comment_id = 1
        for n in range(1, posts + 1):
            # A post every six hours (10,000 posts: about seven years), as a blog's
            # archive is, not all on one day.
            published = FIRST_POST + timedelta(hours=6 * n)
            body = "\n\n".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(5))
            if n % 500 == 0:
                body += '\n\n<p>Read and watch more: <a href="https://spam.example/w">سكس</a></p>'
            out.write(
                f"<item><title>Post number {n}</title>"
                f"<link>https://bench.example/2020/01/post-{n}/</link>"
                f"<dc:creator>author{n % 20}</dc:creator>"
                f"<content:encoded>{_cdata(body)}</content:encoded>"
                f"<wp:post_id>{n}</wp:post_id>"
                f"<wp:post_date>{published:%Y-%m-%d %H:%M:%S}</wp:post_date>"
                f"<wp:post_date_gmt>{published:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>"
                f"<wp:post_name>post-{n}</wp:post_name><wp:status>publish</wp:status>"
                f'<wp:post_type>post</wp:post_type><category domain="category" '
                f'nicename="topic-{n % 10}">Topic {n % 10}</category>\n'
            )
            for c in range(COMMENTS_PER_POST):
                reader = (7 * n + c) % READERS  # regulars come back; strangers pass by
                ip = f"10.{reader // 250}.{reader % 250}.1"
                text = SPAM[c % len(SPAM)] if c % 5 == 4 else f"Thank you for post {n}, part {c}."
                parent = comment_id - 1 if c % 3 == 2 else 0
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Reader {reader}</wp:comment_author>"
                    f"<wp:comment_author_email>reader{reader}@example.com</wp:comment_author_email>"
                    f"<wp:comment_author_IP>{ip}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>{published + timedelta(hours=c + 1):%Y-%m-%d %H:%M:%S}"
                    "</wp:comment_date_gmt>"
                    f"<wp:comment_content>{escape(text)}</wp:comment_content>"
                    f"<wp:comment_approved>1</wp:comment_approved>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
                )
                comment_id += 1
            out.write("</item>\n")
        out.write("</channel></rss>\n")


def child(posts: int) -> None:
    """One size, in its own process so its peak memory is its own."""
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        tmp = Path(folder)
        configure(tmp)
        from django.core.management import call_command

        from comments.wordpress import ImportOptions, import_export

        export = tmp / "export.xml"
        write_export(export, posts)
        call_command("migrate", verbosity=0)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu_started = time.perf_counter(), time.process_time()
        # The bar (on stderr) shows the rate while it runs; the numbers below are the result.
        report, _ = import_export(export, ImportOptions(progress=True))
        seconds = time.perf_counter() - started
        # CPU time too: on a shared machine the wall clock counts the others' work.
        cpu_seconds = time.process_time() - cpu_started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        counts = report.counts
        print(
            f"{posts:>7} posts {posts * COMMENTS_PER_POST:>8} comments "
            f"{export.stat().st_size / 1e6:>7.1f} MB  {seconds:>7.1f} s ({cpu_seconds:.1f} s CPU)  "
            f"({posts / seconds:.0f} posts/s)  peak RSS {before / 1024:.0f} MB before, "
            f"{after / 1024:.0f} MB after  "
            f"[held posts {counts['posts: held back as drafts']}, "
            f"comments approved {counts['comments: imported as approved']}, "
            f"held {counts['comments: imported as pending']}, "
            f"spam {counts['comments: imported as spam']}, failed {counts['failed']}]",
            flush=True,
        )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    print("import_wordpress on a generated export (SQLite, one process per size):")
    for posts in SIZES:
        subprocess.run([sys.executable, __file__, "--child", str(posts)], check=True)


if __name__ == "__main__":
    main()
