"""
``manage.py import_wordpress``: a WordPress export (WXR) brought in whole,
its spam left behind. The run lives here because comments is the one app
that sees authors, posts and comments; ``blog.wordpress`` imports the
authors, terms and posts, this module their comments and the run itself.

The run reads the file twice (``core.wxr``): once to check all of it (a file
that is not WXR, truncated or malformed stops before anything is written)
and to index its attachments, once to import. Each post is imported with its
comments in its own transaction (a savepoint): one that fails is listed and
the rest goes on. The run commits every ``BATCH`` records, not after each
(a commit is a disk flush, dearer than a small post); a run that is stopped
loses at most that batch, and running it again imports what is missing. A
dry run does everything inside one transaction that is rolled back (and
stores no image files), so its report is the real run's. The blocklist and
the crisis phrases are read once for the run (``core.phrases.phrase_lists_held``),
and one spam classifier scores all its comments (``spam_filter.classifier_held``).

Comments go through the spam layers as if posted now
(``comments.moderation.assess``). What the old site vouched for (a comment it
approved) skips only the rules about unknown writers (as a trusted writer
does), which a moderator there already judged; the blocklist, scripts, crisis language, contact
details, links and duplicates still hold it. WordPress's spam and trash stay
behind unless ``keep_spam``, and then come in as spam. Emails are stored as
any comment's; an IP address only as its keyed hash.
"""

import html
import itertools
import logging
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from blog.models import ImportedObject, ImportRun, Post
from blog.wordpress.content import comment_text
from blog.wordpress.importer import ImportContext, import_author, import_post, import_term
from blog.wordpress.media import Uploads
from blog.wordpress.report import ImportReport
from core import wxr
from core.client_address import hash_ip
from core.phrases import phrase_lists_held

from . import spam_filter
from .models import Comment
from .moderation import assess, count_links, setting

logger = logging.getLogger(__name__)

# Records (authors, terms, posts with their comments) committed together.
BATCH = 100

# Post types that are not posts: reported, not imported.
REPORTED_TYPES = {"page", "attachment"}


@dataclass
class ImportOptions:
    uploads: Path | None = None
    dry_run: bool = False
    keep_status: bool = True
    keep_spam: bool = False
    users: dict | None = None  # WordPress login -> login here (--authors)
    progress: bool = False


class Rollback(Exception):
    """Ends a dry run's transaction."""


def _valid(value: str, validator, max_length: int) -> str:
    try:
        validator(value)
    except ValidationError:
        return ""
    return value if len(value) <= max_length else ""


class _RecentWords:
    """
    The form's duplicate rule (the same words from the same writer within a
    day) for one post's comments: the stored comments that could match any
    of them are read in one query, and each one imported joins them.
    """

    WINDOW = timedelta(days=1)

    def __init__(self, comments: list[Comment]) -> None:
        self.seen: dict[str, list[tuple[str, str, datetime]]] = {}
        dated = [comment.created_at for comment in comments]
        if not dated:
            return
        stored = Comment.objects.filter(
            body__in={comment.body for comment in comments},
            created_at__range=(min(dated) - self.WINDOW, max(dated) + self.WINDOW),
        ).values_list("body", "email", "ip_hash", "created_at")
        for body, email, ip_hash, created_at in stored:
            self._add(body, email, ip_hash, created_at)

    def _add(self, body: str, email: str, ip_hash: str, created_at: datetime) -> None:
        self.seen.setdefault(body, []).append((email.lower(), ip_hash, created_at))

    def add(self, comment: Comment) -> None:
        self._add(comment.body, comment.email, comment.ip_hash, comment.created_at)

    def repeats(self, comment: Comment) -> bool:
        if not comment.email and not comment.ip_hash:
            return False
        email = comment.email.lower()
        return any(
            abs(created_at - comment.created_at) <= self.WINDOW
            and (email == seen_email if email else comment.ip_hash == seen_ip)
            for seen_email, seen_ip, created_at in self.seen.get(comment.body, ())
        )


def _screen(comment: Comment, wp_status: str, report: ImportReport, recent: _RecentWords) -> None:
    """Set the comment's status and reasons as if it were posted now (see the docstring)."""
    if wp_status in ("spam", "trash"):
        comment.status = Comment.Status.SPAM
        comment.reasons = [{"layer": "wordpress", "detail": f"marked {wp_status} on WordPress"}]
        comment.marked_spam_at = timezone.now()  # the spam folder keeps it from the import on
        return
    vouched = wp_status == "1"
    # The old site's moderators vouched for the writer: the unknown-writer rules
    # are skipped (``trusted``), but not the limit on links, which judges the text.
    verdict = assess(comment, trusted=vouched)
    max_links = setting("MAX_LINKS", 2)
    if vouched and max_links is not None and (links := count_links(comment.body)) > max_links:
        verdict.add("links", f"{links} links (more than {max_links})")
    reasons = verdict.reasons
    if not vouched:
        reasons.append({"layer": "wordpress", "detail": "awaiting moderation on WordPress"})
    if recent.repeats(comment):
        reasons.append({"layer": "duplicate", "detail": "the same words from the same writer"})
    comment.crisis = verdict.crisis
    comment.reasons = reasons
    comment.spam_score = verdict.score
    if verdict.status == Comment.Status.SPAM:
        comment.status = Comment.Status.SPAM
        comment.marked_spam_at = timezone.now()
    else:
        comment.status = Comment.Status.PENDING if reasons else Comment.Status.APPROVED
    for reason in reasons:
        report.count(f"comments held because: {reason['layer']}")


def _in_order(comments: list[wxr.WxrComment]) -> list[wxr.WxrComment]:
    """Parents before their replies, whatever order the file has them in."""
    present = {comment.wp_id for comment in comments}
    placed: set[int] = set()
    ordered: list[wxr.WxrComment] = []
    waiting = sorted(comments, key=lambda c: (c.date_gmt or c.date or datetime.min, c.wp_id))
    while waiting:
        ready = [c for c in waiting if c.parent in placed or c.parent not in present]
        ready = ready or waiting[:1]  # a loop of parents: break it
        for comment in ready:
            placed.add(comment.wp_id)
            ordered.append(comment)
        waiting = [c for c in waiting if c.wp_id not in placed]
    return ordered


def import_comments(ctx: ImportContext, post: Post, item: wxr.WxrItem, keep_spam: bool) -> None:
    report = ctx.report
    known = ImportedObject.objects.ids(ctx.site, "comment", [c.wp_id for c in item.comments])
    by_wp_id: dict[int, Comment] = {}
    new_ids: dict[int, int] = {}
    if known:
        existing = Comment.objects.in_bulk(list(known.values()))
        by_wp_id = {wp: existing[pk] for wp, pk in known.items() if pk in existing}
    arriving: list[tuple[wxr.WxrComment, Comment]] = []
    listed: set[int] = set()
    for wp in _in_order(item.comments):
        if wp.wp_id in known or wp.wp_id in listed:
            # Left as it is, or left out if a moderator deleted it (or listed twice).
            report.count("comments: already imported")
            continue
        if wp.type in ("pingback", "trackback"):
            report.count(f"comments: not imported ({wp.type}s)")
            continue
        if wp.approved in ("spam", "trash") and not keep_spam:
            report.count(f"comments: not imported (WordPress {wp.approved})")
            continue
        when = wp.date_gmt.replace(tzinfo=UTC) if wp.date_gmt else None
        if when is None:
            when = timezone.make_aware(wp.date) if wp.date else timezone.now()
        comment = Comment(
            post=post,
            name=(wp.author.strip() or "Anonymous")[:80],
            email=_valid(wp.email, EmailValidator(), 254),
            url=_valid(wp.url, URLValidator(schemes=["http", "https"]), 200),
            body=comment_text(wp.content),
            ip_hash=hash_ip(wp.ip),
            created_at=when,
        )
        arriving.append((wp, comment))
        listed.add(wp.wp_id)
    recent = _RecentWords([comment for _, comment in arriving])
    for wp, comment in arriving:
        comment.attach_to(by_wp_id.get(wp.parent))
        _screen(comment, wp.approved, report, recent)
        comment.save()
        recent.add(comment)
        by_wp_id[wp.wp_id] = comment
        new_ids[wp.wp_id] = comment.pk
        report.count(f"comments: imported as {comment.get_status_display().lower()}")
        if comment.status != Comment.Status.APPROVED and wp.approved == "1":
            why = "; ".join(f"{r['layer']}: {r['detail']}" for r in comment.reasons)
            report.note(
                "Comments WordPress had approved, held or marked spam here",
                f"{comment.name} on “{post.title}” (WordPress comment {wp.wp_id}): {why}",
            )
    ImportedObject.objects.remember_new(ctx.site, "comment", new_ids)


def _import_item(ctx: ImportContext, item: wxr.WxrItem, keep_spam: bool) -> None:
    if item.post_type in REPORTED_TYPES:
        ctx.report.count(f"{item.post_type}s: reported, not imported as posts")
        return
    if item.post_type != "post":
        ctx.report.count(f"skipped: {item.post_type or 'no type'}")
        return
    post = import_post(ctx, item)
    if post is not None:
        import_comments(ctx, post, item, keep_spam)


def _one(ctx: ImportContext, record: wxr.Record, keep_spam: bool) -> None:
    """One record in its own transaction: a failure is listed and the run goes on."""
    try:
        with transaction.atomic():
            if isinstance(record, wxr.WxrAuthor):
                import_author(ctx, record)
            elif isinstance(record, wxr.WxrTerm):
                import_term(ctx, record)
            elif isinstance(record, wxr.WxrItem):
                _import_item(ctx, record, keep_spam)
    except Exception as error:  # noqa: BLE001 - any fault of one item is reported, not fatal
        kind = getattr(record, "post_type", "") or type(record).__name__.removeprefix("Wxr").lower()
        wp_id = getattr(record, "wp_id", "")
        logger.warning("WordPress import: %s %s failed", kind, wp_id, exc_info=True)
        title = html.unescape(getattr(record, "title", "") or getattr(record, "login", ""))
        ctx.report.count("failed")
        ctx.report.note(
            "Failed (nothing of them was written)", f"{kind} {wp_id} “{title}”: {error}"
        )


def import_export(path: Path, options: ImportOptions) -> tuple[ImportReport, ImportRun | None]:
    """
    Import ``path``; ``wxr.WxrError`` before anything is written if it is not
    a readable export. Returns the report and, unless a dry run, its run.
    """
    survey = wxr.survey(path)
    report = ImportReport()
    ctx = ImportContext(
        site=survey.site.key,
        report=report,
        uploads=Uploads(options.uploads, dry_run=options.dry_run),
        attachments=survey.attachments,
        attached=survey.attached,
        keep_status=options.keep_status,
        dry_run=options.dry_run,
        users=options.users or {},
    )
    run = None
    if not options.dry_run:
        run = ImportRun.objects.create(
            source=str(path)[:300],
            site=ctx.site,
            options={
                "uploads": str(options.uploads or ""),
                "status": "keep" if options.keep_status else "draft",
                "keep_spam": options.keep_spam,
                "authors": sorted(ctx.users),
            },
        )
    total = sum(survey.counts.values()) - survey.counts.get("comment", 0)
    bar = tqdm(total=total, unit="item", disable=not options.progress)
    # A real run commits batch by batch; a dry run is one transaction, rolled back.
    outer = transaction.atomic() if options.dry_run else nullcontext()
    outcome = ImportRun.Outcome.FAILED
    try:
        with outer, phrase_lists_held(), spam_filter.classifier_held():
            records = (r for r in wxr.read(path) if not isinstance(r, wxr.WxrSite))
            for batch in itertools.batched(records, BATCH):
                with transaction.atomic():
                    for record in batch:
                        _one(ctx, record, options.keep_spam)
                        bar.update()
            outcome = ImportRun.Outcome.FINISHED
            if options.dry_run:
                raise Rollback
    except Rollback:
        pass
    finally:
        bar.close()
        if run is not None:
            found = report.as_json()
            run.counts, run.report = found["counts"], found["lists"]
            run.outcome, run.finished_at = outcome, timezone.now()
            run.save()
    return report, run
