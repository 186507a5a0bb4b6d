from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from blog.models import Post

from ..links import shown_html

# The staff group whose members sign as "Editor" (blog's data migration makes it).
EDITORS_GROUP = "Editors"


def _author_profile(user):
    try:
        return user.author_profile
    except ObjectDoesNotExist:
        return None


def writer_badge(user, *, is_editor: bool | None = None) -> str:
    """
    How a logged-in writer's comments are signed: "Author" (an author
    profile), "Editor" (the editors' group) or "Staff"; "" for anyone else.
    ``is_editor`` saves the group query when the caller fetched it already.
    """
    if user is None or not user.is_active:
        return ""
    if _author_profile(user) is not None:
        return "Author"
    if is_editor is None:
        is_editor = user.groups.filter(name=EDITORS_GROUP).exists()
    if is_editor:
        return "Editor"
    return "Staff" if user.is_staff else ""


def display_name(user) -> str:
    """The name a staff member or author signs with: the public author name, else the full name."""
    profile = _author_profile(user)
    return (profile.name if profile else user.get_full_name()) or user.get_username()


def max_depth() -> int:
    """
    How many levels comments nest (COMMENTS_MAX_DEPTH, also the database's
    limit). Depth is counted from 0: a top-level comment, a reply, a reply to
    a reply.
    """
    return settings.COMMENTS_MAX_DEPTH


def comments_are_open(post: Post) -> bool:
    """Readers may comment: the post is public, open, and not past the closing age."""
    if not (post.is_public and post.comments_open):
        return False
    closes_at = comments_close_at(post)
    return closes_at is None or closes_at > timezone.now()


def comments_close_at(post: Post) -> datetime | None:
    """When comments on a post close by themselves (COMMENTS_CLOSE_AFTER_DAYS), if ever."""
    days = int(getattr(settings, "COMMENTS_CLOSE_AFTER_DAYS", 0) or 0)
    if not days or post.published_at is None:
        return None
    return post.published_at + timedelta(days=days)


@dataclass
class Threads:
    """One page of a post's comment threads, each comment with ``children``."""

    count: int
    page: Page
    comments: list["Comment"] = field(default_factory=list)


class CommentQuerySet(models.QuerySet):
    def with_writers(self) -> "CommentQuerySet":
        """What the signature badges need from each user link, in the same query (no N+1)."""
        editors = Group.user_set.through.objects.filter(
            user_id=OuterRef("user_id"), group__name=EDITORS_GROUP
        )
        return self.select_related("user__author_profile").annotate(
            writer_is_editor=Exists(editors)
        )

    def spam(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.SPAM)

    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)

    def visible(self, own_ids=()) -> "CommentQuerySet":
        """Approved comments, plus the held ones this browser wrote (shown to it alone)."""
        return self.filter(
            Q(status=Comment.Status.APPROVED)
            | Q(pk__in=list(own_ids), status=Comment.Status.PENDING)
        )

    def threads(self, post: Post, *, page: int | str = 1, own_ids=()) -> Threads:
        """
        One page of top-level threads with all their replies, whatever the
        number of comments: one query when there are none, two otherwise (an
        index of every visible comment, then the comments of the page's threads).
        """
        visible = self.filter(post=post).visible(own_ids)
        index = list(visible.values_list("pk", "parent_id", "status"))
        top_ids = [pk for pk, parent_id, _ in index if parent_id is None]
        count = sum(status == Comment.Status.APPROVED for _, _, status in index)
        per_page = int(getattr(settings, "COMMENTS_PER_PAGE", 50))
        paginated = Paginator(top_ids, per_page).get_page(page)
        on_page = list(paginated.object_list)
        if not on_page:
            return Threads(count=0, page=paginated)
        rows = list(visible.filter(Q(pk__in=on_page) | Q(root_id__in=on_page)).with_writers())
        by_id = {comment.pk: comment for comment in rows}
        roots: list[Comment] = []
        for comment in rows:
            comment.children = []
        for comment in rows:
            if comment.parent_id is None:
                roots.append(comment)
            elif comment.parent_id in by_id:
                by_id[comment.parent_id].children.append(comment)
            else:
                # The parent was removed after this reply was approved: keep the
                # reply in its thread under a placeholder.
                placeholder = Comment(pk=comment.parent_id, post=post, depth=comment.depth - 1)
                placeholder.is_placeholder = True
                placeholder.children = [comment]
                by_id[comment.parent_id] = placeholder
                root = by_id.get(comment.root_id)
                if root is not None:
                    root.children.append(placeholder)
        order = {pk: index for index, pk in enumerate(on_page)}
        roots.sort(key=lambda comment: order[comment.pk])
        return Threads(count=count, page=paginated, comments=roots)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    # The top-level comment of the thread (empty on top-level comments), so a
    # page of threads is fetched in one query.
    root = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField(max_length=80)
    email = models.EmailField(max_length=254, blank=True)
    url = models.URLField("website", max_length=200, blank=True)
    body = models.TextField("comment", max_length=5000)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    reasons = models.JSONField(
        default=list,
        blank=True,
        help_text="Why the comment was held or marked spam, one entry per rule.",
    )
    crisis = models.BooleanField(
        "crisis language", default=False, help_text="Shown first in the moderation queue."
    )
    # The content classifier's probability that this is spam when it arrived
    # (comments.spam_filter), shown beside the rules that fired.
    spam_score = models.FloatField(null=True, blank=True, editable=False)
    # When it went to the spam folder, by the filter or a moderator: spam is
    # deleted COMMENTS_SPAM_KEEP_DAYS after this (purge_spam).
    marked_spam_at = models.DateTimeField("filed as spam", null=True, blank=True, editable=False)
    ip_hash = models.CharField("IP hash", max_length=64, blank=True, editable=False)
    user_agent = models.CharField(max_length=200, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    notify_replies = models.BooleanField("notify me of replies", default=False)
    reply_notice_sent = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    # Set by CommentQuerySet.threads(): a removed parent kept as a placeholder
    # in its thread, and each comment's replies. Declared so that templates
    # find them on every comment (a missing attribute costs a dir() per lookup).
    is_placeholder = False
    children: "list[Comment] | tuple" = ()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["post", "status", "created_at"]),
            models.Index(fields=["status", "-crisis", "-created_at"]),
            # Comments per week on the dashboard: a date range read from the index alone.
            models.Index(fields=["created_at", "status"], name="comment_week_status"),
            models.Index(fields=["email"]),
            models.Index(fields=["ip_hash", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth__lte=settings.COMMENTS_MAX_DEPTH - 1),
                name="comment_depth_at_most_three_levels",
                violation_error_message="Replies nest at most three levels deep.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {Truncator(self.body).chars(60)}"

    # Whether readers saw the comment as stored: a change to one they never saw
    # changes no page (page_cache_tags). A new comment was never shown; None is
    # one loaded without its status.
    stored_shown: bool | None = False

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)  # the receivers read stored_shown as it was
        self.stored_shown = self.status == self.Status.APPROVED

    def get_absolute_url(self) -> str:
        url = self.post.get_absolute_url()
        top = self.root if self.root_id else self
        per_page = int(getattr(settings, "COMMENTS_PER_PAGE", 50))
        # Threads are listed by date, as in threads(): count the ones before this.
        before = (
            Comment.objects.filter(post_id=self.post_id, parent__isnull=True)
            .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
            .approved()
            .count()
        )
        if before >= per_page:
            url += f"?cpage={before // per_page + 1}"
        return f"{url}#comment-{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        comment = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        if "status" in field_names:
            comment.stored_shown = comment.__dict__["status"] == cls.Status.APPROVED
        else:
            comment.stored_shown = None
        return comment

    # What a comment contributes: its post's comment list in the page cache
    # (core.bumps, comments.page_cache), and once approved its links (blog.links).
    def page_cache_tags(self) -> list[str]:
        """
        Readers see approved comments only: saving or deleting one that is not
        approved and was not as stored changes no page, so a flood of spam or
        held comments leaves the post's cached page alone.
        """
        if self.status != self.Status.APPROVED and self.stored_shown is False:
            return []
        return [f"comments:{self.post_id}"]

    def outbound_link_html(self) -> dict[str, str]:
        return {"body": shown_html(self)} if self.status == self.Status.APPROVED else {}

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.post_id != self.post_id:
            raise ValidationError({"parent": "A reply must be on the same post as its parent."})
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ValidationError({"url": "A website address starts with http:// or https://."})

    def attach_to(self, parent: "Comment | None") -> None:
        """Place this comment under ``parent``; past the deepest level, beside it."""
        if parent is None:
            self.parent, self.root, self.depth = None, None, 0
            return
        while parent.depth >= max_depth() - 1 and parent.parent is not None:
            parent = parent.parent
        self.parent = parent
        self.root_id = parent.root_id or parent.pk
        self.depth = parent.depth + 1

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def badge(self) -> str:
        """
        "Author", "Editor" or "Staff" for a comment written logged in. From the
        stored user link, never from the name: a visitor typing an author's
        name gets no badge.
        """
        if self.user_id is None:
            return ""
        return writer_badge(self.user, is_editor=getattr(self, "writer_is_editor", None))

    @property
    def initials(self) -> str:
        words = [word for word in self.name.split() if word[:1].isalnum()]
        return "".join(word[0] for word in words[:2]).upper() or "?"

    @property
    def avatar_variant(self) -> int:
        return sum(map(ord, self.name)) % 6

    @property
    def reasons_text(self) -> str:
        """The reasons on one line, for the moderation queue and mail."""
        return "; ".join(
            f"{reason.get('layer')}: {reason.get('detail')}" for reason in self.reasons or []
        )


class CrisisPhraseQuerySet(models.QuerySet):
    def active(self) -> "CrisisPhraseQuerySet":
        return self.filter(is_active=True)


class CrisisPhrase(models.Model):
    """Words of a reader who may be in danger: the comment is held, the writer shown help."""

    phrase = models.CharField(max_length=100, unique=True)
    language = models.CharField(max_length=20, blank=True, help_text="e.g. en, es, ar.")
    is_active = models.BooleanField("active", default=True)

    objects = CrisisPhraseQuerySet.as_manager()

    class Meta:
        ordering = ["language", "phrase"]

    def __str__(self) -> str:
        return self.phrase

    def get_absolute_url(self) -> str:
        return reverse("admin:comments_crisisphrase_change", args=[self.pk])


DEFAULT_CRISIS_MESSAGE = (
    "Thank you for telling us how you feel. It sounds like things are very hard right now, "
    "and you deserve support. If you might act on thoughts of harming yourself, please call "
    "your local emergency number now. In the US, call or text 988 (Suicide & Crisis Lifeline); "
    "in the UK and Ireland, call Samaritans on 116 123; elsewhere, findahelpline.com lists free, "
    "confidential lines in your country. A moderator will read your comment."
)


class CrisisHelp(models.Model):
    """The message a writer sees at once when their comment has crisis language."""

    message = models.TextField(default=DEFAULT_CRISIS_MESSAGE, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "crisis help message"
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return Truncator(self.message).chars(60)

    def get_absolute_url(self) -> str:
        return reverse("admin:comments_crisishelp_change", args=[self.pk])

    @classmethod
    def current_message(cls) -> str:
        latest = cls.objects.first()
        return latest.message if latest else DEFAULT_CRISIS_MESSAGE


class ConfirmedAddress(models.Model):
    """
    An address that proved, once, through a signed link sent to it, that it
    wants reply notices: nobody can point notices at someone else's inbox.
    (An address confirmed as a newsletter subscriber needs nothing more.)
    """

    email = models.EmailField(max_length=254, unique=True)
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "confirmed addresses"

    def __str__(self) -> str:
        return self.email
