"""
WordPress authors, categories, tags and posts as this site's, one record at
a time (``core.wxr`` reads them). Every post goes through what a new post
goes through here: the body through ``content.to_markdown`` and, on save,
the one sanitising Markdown function; the blocklist and the script checks
before it may be published (a post that fails them is imported as a draft
and listed); its images through the image gate; its links into the register
(``blog.links``, on save). Each object remembers its WordPress id
(``ImportedObject``), so a record seen before is left as it is.

The comments and the run itself (transactions, dry runs, the summary) are
``comments.wordpress``'s: comments is the one app that sees all three.
"""

import csv
import html
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator, slugify

from authors.models import Author, Credential
from authors.models.profiles import https_only
from core import screening
from core.markdown import markdown_to_text
from core.models import Redirect
from core.redirect_paths import RedirectPathError, normalise_old_path
from core.writing_systems import review_reasons
from core.wxr import WxrAuthor, WxrItem, WxrTerm

from ..models import Category, ImportedObject, Post, Tag
from .content import Byline, comment_text, to_markdown
from .media import Uploads
from .report import ImportReport

# WordPress statuses -> ours; None: not imported (listed).
STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,  # with its date to come: scheduled
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "private": Post.Status.DRAFT,
}
Kind = ImportedObject.Kind


@dataclass
class ImportContext:
    """One run's settings and what it learnt on the way (small: ids by name)."""

    site: str
    report: ImportReport
    uploads: Uploads
    attachments: dict[int, tuple[str, str]] = field(default_factory=dict)
    attached: dict[int, list[int]] = field(default_factory=dict)  # post -> its attachments
    keep_status: bool = True
    dry_run: bool = False
    users: dict[str, models.Model] = field(default_factory=dict)  # WordPress login -> login
    author_ids: dict[str, int] = field(default_factory=dict)  # WordPress login -> Author
    categories: dict[str, tuple[str, str]] = field(default_factory=dict)  # slug -> name, parent


def read_authors_map(path: Path) -> dict[str, models.Model]:
    """``--authors MAP.csv``: rows of ``wordpress_login,username``; ValueError names what is off."""
    wanted: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8") as file:
        for row in csv.reader(file):
            if len(row) >= 2 and row[0].strip() and not row[0].startswith("#"):
                wanted[row[0].strip()] = row[1].strip()
    wanted.pop("wordpress_login", None)  # a header row
    User = get_user_model()
    found = User.objects.filter(username__in=wanted.values())
    users = {user.get_username(): user for user in found}
    if unknown := sorted(set(wanted.values()) - set(users)):
        raise ValueError(f"{path} names logins this site does not have: {', '.join(unknown)}")
    return {login: users[username] for login, username in wanted.items()}


def unique_slug(model: type[models.Model], base: str, max_length: int) -> str:
    base = base[:max_length].strip("-") or model._meta.model_name or "item"
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


def _known(ctx: ImportContext, model: type[models.Model], kind: str, wp_id: int):
    pk = ImportedObject.objects.find(ctx.site, kind, wp_id)
    return model._default_manager.filter(pk=pk).first() if pk is not None else None


# --- Authors and terms ----------------------------------------------------------


def import_author(ctx: ImportContext, wp: WxrAuthor) -> Author:
    """A WordPress user as an Author: without a login unless ``--authors`` names one."""
    wp_id = wp.wp_id or zlib.crc32(wp.login.encode())
    author = _known(ctx, Author, Kind.AUTHOR, wp_id)
    if author is not None:
        ctx.report.count("authors: already imported")
    else:
        user = ctx.users.get(wp.login)
        author = Author.objects.filter(user=user).first() if user else None
        if author is not None:
            ctx.report.count("authors: matched to a profile here")
        else:
            name = wp.display_name or f"{wp.first_name} {wp.last_name}".strip() or wp.login
            author = Author.objects.create(
                user=user,
                name=html.unescape(name)[:120],
                slug=unique_slug(Author, slugify(wp.login) or slugify(name), 120),
            )
            ctx.report.count("authors: imported")
        ImportedObject.objects.remember(ctx.site, Kind.AUTHOR, wp_id, author.pk)
    ctx.author_ids[wp.login] = author.pk
    return author


def _author_for(ctx: ImportContext, login: str) -> Author:
    """The author of a post; a login the export's author list missed is imported on the spot."""
    if login in ctx.author_ids:
        return Author.objects.get(pk=ctx.author_ids[login])
    return import_author(ctx, WxrAuthor(wp_id=0, login=login or "wordpress"))


def _category_path(ctx: ImportContext, slug: str) -> list[str]:
    path, seen = [], set()
    while slug in ctx.categories and slug not in seen:
        seen.add(slug)
        name, slug = ctx.categories[slug]
        path.insert(0, name)
    return path


def import_term(ctx: ImportContext, term: WxrTerm) -> Category | Tag:
    """A category (its hierarchy flattened, the path kept in the description) or a tag."""
    model: type[Category] | type[Tag] = Category if term.kind == "category" else Tag
    name = html.unescape(term.name or term.slug)
    if term.kind == "category":
        ctx.categories[term.slug] = (name, term.parent)
    found = _known(ctx, model, term.kind, term.wp_id) if term.wp_id else None
    if found is not None:
        ctx.report.count(f"{term.kind} terms: already imported")
        return found
    found = _term(ctx, term.kind, term.slug, name, term.description, counted=True)
    if term.wp_id:
        ImportedObject.objects.remember(ctx.site, term.kind, term.wp_id, found.pk)
    return found


def _term(
    ctx: ImportContext, kind: str, slug: str, name: str, description: str = "", counted=False
):
    """The category or tag by slug or name, made if this site has neither."""
    model: type[Category] | type[Tag] = Category if kind == "category" else Tag
    max_name = model._meta.get_field("name").max_length or 60
    slug = slugify(unquote(slug), allow_unicode=False)[:max_name] or slugify(name)[:max_name]
    found = model.objects.filter(slug=slug).first() if slug else None
    found = found or model.objects.filter(name__iexact=name[:max_name]).first()
    if found is not None:
        if counted:
            ctx.report.count(f"{kind} terms: matched to one here")
        return found
    path = _category_path(ctx, slug) if kind == "category" else []
    if len(path) > 1:
        description = f"On WordPress: {' › '.join(path)}.\n\n{description}".strip()
    ctx.report.count(f"{kind} terms: imported")
    return model.objects.create(
        name=name[:max_name],
        slug=unique_slug(model, slug or kind, max_name),
        description=comment_text(description),
    )


# --- Posts ----------------------------------------------------------------------


def _date(item: WxrItem) -> datetime | None:
    if item.date_gmt is not None:
        return item.date_gmt.replace(tzinfo=UTC)
    if item.date is not None:
        # No GMT date (drafts): the blog's own time zone, which is this site's.
        return timezone.make_aware(item.date)
    return None


def _held_reasons(post: Post) -> tuple[list[str], list[str]]:
    """What would stop the post being published: blocklist hits, then script checks."""
    text = f"{post.title}\n{post.excerpt}\n{markdown_to_text(post.body)}"
    return post.blocked_links(), review_reasons(text)


def import_post(ctx: ImportContext, item: WxrItem) -> Post | None:
    """
    A WordPress post as a Post (None when its status is not imported). One
    already imported is returned unchanged, so its new comments still come in.
    """
    report = ctx.report
    if (pk := ImportedObject.objects.find(ctx.site, Kind.POST, item.wp_id)) is not None:
        # Imported before: left as it is, or left out if an editor deleted it since.
        known = Post.objects.filter(pk=pk).first()
        report.count("posts: already imported" if known else "posts: deleted here since")
        return known
    title = html.unescape(item.title).strip() or f"Untitled (WordPress {item.wp_id})"
    label = f"“{Truncator(title).chars(80)}” (WordPress {item.wp_id})"
    status = STATUSES.get(item.status)
    if status is None:
        report.count(f"posts: not imported ({item.status or 'no status'})")
        report.note("Posts not imported", f"{label}: WordPress status “{item.status}”")
        return None
    converted = to_markdown(
        item.content,
        attachments=ctx.attachments,
        attached=ctx.attached.get(item.wp_id, ()),
        resolve_image=ctx.uploads.store,
    )
    post = Post(
        title=title[:200],
        slug=unique_slug(Post, slugify(unquote(item.slug)) or slugify(title) or "post", 200),
        author=_author_for(ctx, item.creator),
        body=converted.markdown,
        excerpt=comment_text(item.excerpt)[:500],
        published_at=_date(item),
        # An archive coming in is not news: its posts never mail the newsletter's
        # subscribers (an editor may tick the box on a draft before publishing it).
        email_subscribers=False,
    )
    notes = []
    if item.password:
        status = Post.Status.DRAFT
        notes.append("was password-protected: imported as a draft")
    if item.status == "private":
        notes.append("was private: imported as a draft")
    if item.is_sticky:
        notes.append("was sticky (pinned to the front page)")
    if not ctx.keep_status:
        status = Post.Status.DRAFT
    blocked, scripts = _held_reasons(post)
    if blocked or scripts:
        # Listed whatever its status, so an editor finds it before publishing it.
        why = "spam blocklist" if blocked else "another script"
        report.note(f"Posts held back as drafts: {why}", f"{label}: {' '.join(blocked + scripts)}")
        if status == Post.Status.PUBLISHED:
            status = Post.Status.DRAFT
            report.count("posts: held back as drafts")
    post.status = status
    if status == Post.Status.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
    _featured_image(ctx, post, item, label)
    post.save()
    _file(ctx, post, item)
    report.count(
        "posts: imported as scheduled"
        if post.is_scheduled
        else f"posts: imported as {post.get_status_display().lower()}"
    )
    for note in notes:
        report.note("Post notes", f"{label}: {note}")
    for name in converted.shortcodes:
        report.note("Shortcodes left in the text", f"{label}: [{name}]")
        report.count("shortcodes left")
    for url in converted.images_missing:
        why = ctx.uploads.refused.get(url, "not found under --uploads")
        report.note("Images left as links", f"{label}: {url} ({why})")
        report.count("images missing")
    if converted.byline:
        apply_byline(ctx, post, converted.byline, label)
    if item.status in ("publish", "future"):
        make_redirects(ctx, post, item)
    ImportedObject.objects.remember(ctx.site, Kind.POST, item.wp_id, post.pk)
    return post


def _featured_image(ctx: ImportContext, post: Post, item: WxrItem, label: str) -> None:
    thumbnail = item.meta.get("_thumbnail_id", "")
    if not thumbnail.isdigit() or int(thumbnail) not in ctx.attachments:
        return
    url, alt = ctx.attachments[int(thumbnail)]
    file = ctx.uploads.featured(url)
    if file is None:
        why = ctx.uploads.refused.get(url, "not found under --uploads")
        ctx.report.note("Images left as links", f"{label}: featured image {url} ({why})")
        ctx.report.count("images missing")
        return
    ctx.report.count("images: featured")
    if not ctx.dry_run:  # the field writes the file on save: a dry run keeps the disk clean
        post.featured_image = file
        post.featured_image_alt = (html.unescape(alt) or post.title)[:200]


def _file(ctx: ImportContext, post: Post, item: WxrItem) -> None:
    """Its categories and tags; a term the export did not list is made on the spot."""
    found: dict[str, list[int]] = {"category": [], "tag": []}
    for kind, slug, name in item.terms:
        found[kind].append(_term(ctx, kind, slug, html.unescape(name) or slug).pk)
    if found["category"]:
        post.categories.set(found["category"])
    if found["tag"]:
        post.tags.set(found["tag"])


def apply_byline(ctx: ImportContext, post: Post, byline: Byline, label: str) -> None:
    """
    A closing "By NAME, MA. Book with her here: URL" paragraph: its
    credentials (unverified, for an editor) and booking link go to the
    author it names, unless that author already has them.
    """
    author = Author.objects.filter(name__iexact=byline.name).first() or post.author
    given = []
    if byline.credentials and not author.credentials.exists():
        for position, abbreviation in enumerate(byline.credentials):
            Credential.objects.create(
                author=author, abbreviation=abbreviation[:20], title=abbreviation, position=position
            )
        given.append(f"credentials {', '.join(byline.credentials)} (awaiting an editor)")
    if byline.booking_url and not author.booking_url:
        try:
            https_only(byline.booking_url)
            if problems := screening.problems(byline.booking_url, "url"):
                raise ValidationError(problems)
        except ValidationError as error:
            given.append(f"booking link {byline.booking_url} refused: {' '.join(error.messages)}")
        else:
            author.booking_url = byline.booking_url
            author.booking_label = byline.booking_label or author.booking_label
            author.save()
            given.append(f"booking link {byline.booking_url}")
    ctx.report.count("bylines taken out of posts")
    outcome = "; ".join(given) or "the author already had credentials and a booking link"
    ctx.report.note("Bylines", f"{label} → {author.name}: {outcome}")


def make_redirects(ctx: ImportContext, post: Post, item: WxrItem) -> None:
    """The old permalink, ``?p=ID`` and ``/%year%/%monthnum%/%postname%/`` lead here now."""
    olds = [item.link, f"/?p={item.wp_id}"]
    if item.date is not None and item.slug:
        olds.append(f"/{item.date:%Y}/{item.date:%m}/{item.slug}/")
    paths: dict[str, None] = {}
    for old in olds:
        try:
            paths[normalise_old_path(old)] = None
        except RedirectPathError:
            continue
    if made := Redirect.objects.record_moves(paths, post.get_absolute_url(), source="import"):
        ctx.report.count("redirects made", made)
