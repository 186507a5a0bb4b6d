"""
Shared ground for the generated admin suites (test_admin_round_trip.py,
test_admin_urls_by_role.py): one filled object of every registered model,
the people who use the admin, a browser's reading of a rendered <form>, and
a snapshot of the database to compare before and after a request.

The objects are built by walking each model's fields and filling every
optional one with a valid value (``fill``); FACTORIES holds one entry per
registered model, a line or two where a value must satisfy a domain rule.
A model registered in the admin without an entry fails both suites loudly
(``factory_for``) instead of being skipped.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from html.parser import HTMLParser

import reversion
from django.contrib import admin
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db.models import get_date_max

from authors.models import Author, Credential
from blog.models import (
    Delivery,
    NewsletterSend,
    OutboundLink,
    Post,
    PreviewLink,
    PreviewLinkOpening,
    Subscriber,
)
from comments.models import Comment, SpamComment

from .conftest import make_image_bytes, make_staff

ROLES = ["anonymous", "author", "author_b", "editor", "superuser"]
_numbers = itertools.count(1)


# --- People -----------------------------------------------------------------


def _values(obj: models.Model) -> dict:
    """The values of its columns, a file as its name (what a row holds)."""
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    return {name: getattr(v, "name", v) if isinstance(v, File) else v for name, v in values.items()}


@dataclass
class World:
    users: dict[str, User | None]
    profiles: dict[str, Author]  # "a" (alice's), "b" (bob's)
    # label -> owner key -> object: "a" author A's (or the one editors use),
    # "b" author B's, "a_draft" a post A may still change.
    objects: dict[str, dict[str, models.Model]] = field(default_factory=dict)
    deleted_versions: dict[str, dict[str, int]] = field(default_factory=dict)
    old_versions: dict[str, dict[str, int]] = field(default_factory=dict)

    # Each object's field values as its row holds them once built, which is
    # what the row holds again at the start of every test (savepoints).
    pristine: dict[int, dict] = field(default_factory=dict, repr=False)

    def refresh(self) -> None:
        """
        Read every object again: a test may have changed one in memory (a
        refresh after its POST) before its savepoint rolled the row back, and
        the next test must ask the admin about the row as it is. The first
        call reads every row; later ones read again only the objects whose
        fields differ from those rows (the database is back to them), and
        forget every object's cached relations, as a read would.
        """
        for obj in [*self.profiles.values()] + [
            obj for by_owner in self.objects.values() for obj in by_owner.values()
        ]:
            if self.pristine.get(id(obj)) != _values(obj):
                obj.refresh_from_db()
                self.pristine[id(obj)] = copy.deepcopy(_values(obj))
            obj._state.fields_cache.clear()
            obj.__dict__.pop("_prefetched_objects_cache", None)

    def request(self, role: str, method: str = "get"):
        """A real request of that person, to ask a ModelAdmin what they may do."""
        request = getattr(RequestFactory(), method)("/admin/")
        request.user = self.users[role] or AnonymousUser()
        return request


def make_people() -> tuple[dict[str, User | None], dict[str, Author]]:
    alice = make_staff("alice", "Authors")
    bob = make_staff("bob", "Authors")
    users = {
        "anonymous": None,
        "author": alice,
        "author_b": bob,
        "editor": make_staff("editor", "Editors"),
        "superuser": User.objects.create_superuser("root", "root@example.com", "pw-for-tests-1"),
    }
    # Profiles are filled like any other Author (below); bob's first, as
    # alice's posts name him their clinical reviewer.
    profiles = {"b": author_factory(None, user=bob), "a": None}
    profiles["a"] = author_factory(None, user=alice)
    return users, profiles


# --- Filling a model's fields -------------------------------------------------


def _timestamp(f: models.Field) -> bool:
    return getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)


def value_for(f: models.Field, n: int, owner: Author | None, current=None):
    """A valid value for an optional field, different from ``current``."""
    label = f"{f.model._meta.model_name}-{f.name}"
    if f.choices:
        values = [value for value, _ in f.flatchoices if value not in ("", None)]
        return next((value for value in reversed(values) if value != current), values[0])
    if isinstance(f, models.BooleanField):
        return True if current is None else not current
    if isinstance(f, models.ImageField | models.FileField):
        return SimpleUploadedFile(f"{label}.jpg", make_image_bytes(), content_type="image/jpeg")
    if isinstance(f, models.ForeignKey):
        related = f.related_model
        if related is Author:
            return owner
        if related is User:
            return owner.user if owner is not None and owner.user else User.objects.first()
        if related is ContentType:
            return ContentType.objects.get_for_model(Post)
        return related._default_manager.exclude(pk=getattr(current, "pk", None)).first()
    if isinstance(f, models.SlugField):
        return f"{label}-{n}"[: f.max_length]
    if isinstance(f, models.EmailField):
        return f"{f.name}{n}@example.org"
    if isinstance(f, models.URLField):
        return f"https://example.org/{label}/{n}"
    if isinstance(f, models.GenericIPAddressField):
        return f"192.0.2.{n % 250 + 1}"
    if isinstance(f, models.JSONField):
        return [{"layer": "filled", "detail": f"{label} {n}"}]
    if isinstance(f, models.DateTimeField):
        # Whole seconds: the admin's widget shows no more, as a person types it.
        return timezone.now().replace(microsecond=0) - timedelta(days=n % 300 + 1)
    if isinstance(f, models.DateField):
        return date(2031, 1, 1) + timedelta(days=n % 300)
    if isinstance(f, models.DurationField):
        return timedelta(minutes=n)
    if isinstance(f, models.IntegerField | models.DecimalField | models.FloatField):
        return n % 30 + 1
    if isinstance(f, models.TextField):
        text = f"{f.verbose_name.capitalize()} number {n}.\n\nA second paragraph."
        return text[: f.max_length] if f.max_length else text
    if isinstance(f, models.CharField):
        return f"{f.verbose_name.capitalize()} {n}"[: f.max_length]
    raise AssertionError(f"No filler for {f!r}: add an override in tests/admin_registry.py")


def fill(model_or_obj, owner: Author | None, *, mutate: bool = False, **overrides):
    """
    Set every editable field (optional ones included) to a valid value, or
    with ``mutate`` to another valid value (files and relations kept), save,
    and fill the many-to-many fields. Refuses what full_clean refuses.
    """
    obj = model_or_obj() if isinstance(model_or_obj, type) else model_or_obj
    n = next(_numbers)
    for f in obj._meta.concrete_fields:
        if f.primary_key or not f.editable or _timestamp(f) or f.name in overrides:
            continue
        if mutate and (f.is_relation or isinstance(f, models.FileField) or f.unique):
            continue
        current = getattr(obj, f.name, None) if mutate else None
        setattr(obj, f.name, value_for(f, n, owner, current))
    for name, value in overrides.items():
        setattr(obj, name, value)
    try:
        obj.full_clean(validate_unique=True)
    except Exception as error:
        raise AssertionError(
            f"The filled {obj._meta.label} is not valid: {error}. "
            "Add an override for it in tests/admin_registry.py FACTORIES."
        ) from error
    obj.save()
    if not mutate:
        for f in obj._meta.many_to_many:
            others = f.related_model._default_manager.exclude(
                pk=obj.pk if f.related_model is type(obj) else None
            )
            getattr(obj, f.name).set(list(others.order_by("pk")[:2]))
    return obj


# --- One factory per registered model -----------------------------------------
# Each takes the world (None while the people are being made), the owner
# (author A's or B's profile) and overrides, and returns a saved, filled object.


def author_factory(world, owner=None, **overrides) -> Author:
    overrides.setdefault("social_links", "https://example.org/social\nhttps://example.net/me")
    overrides.setdefault("is_active", True)
    author = fill(Author, None, **overrides)
    # The inline rows of its change page: two credentials, one verified. The
    # verified one is a licence: A and B may sign off each other's clinical reviews.
    editor = User.objects.filter(username="editor").first()
    credential_factory(world, author, verified_by=editor, kind=Credential.Kind.LICENCE)
    credential_factory(world, author)
    return author


def credential_factory(world, owner, verified_by=None, **overrides) -> Credential:
    overrides.setdefault("author", owner)
    overrides.setdefault("abbreviation", f"LMFT{next(_numbers)}")
    overrides["verified"] = False
    credential = fill(Credential, owner, **overrides)
    if verified_by is not None:
        credential.mark_verified(verified_by)
        credential.save()
    return credential


def post_factory(world, owner, **overrides) -> Post:
    reviewer = world.profiles["b" if owner == world.profiles["a"] else "a"]
    overrides.setdefault("author", owner)
    overrides.setdefault("status", Post.Status.PUBLISHED)
    overrides.setdefault("reviewed_by", reviewer)
    overrides.setdefault(
        "body",
        "A first paragraph with [a source](https://example.net/study).\n\n"
        "A second one, and [a shop](https://shop.example.com/buy).",
    )
    return fill(Post, owner, **overrides)


def comment_factory(world, owner, **overrides) -> Comment:
    post = overrides.setdefault("post", world.objects["blog.Post"]["a"])
    top = Comment.objects.create(post=post, name="Reader", body="First!", status="approved")
    reply = fill(Comment, owner, parent=top, status="approved", **overrides)
    reply.attach_to(top)
    reply.save()
    return reply


def spam_comment_factory(world, owner, **overrides) -> Comment:
    """A comment in the spam folder, with the reasons the filter gave."""
    post = overrides.setdefault("post", world.objects["blog.Post"]["a"])
    overrides.setdefault("reasons", [{"layer": "honeypot", "detail": "filled", "weight": 2.0}])
    comment = fill(Comment, owner, status="spam", spam_score=0.5, **{**overrides, "post": post})
    return SpamComment.objects.get(pk=comment.pk)


def link_factory(world, owner, *, reviewed: bool = True, **overrides) -> OutboundLink:
    """A link the register recorded from the owner's published post, reviewed or not."""
    post = world.objects["blog.Post"]["a" if owner == world.profiles["a"] else "b"]
    links = OutboundLink.objects.filter(
        content_type=ContentType.objects.get_for_model(Post), object_id=post.pk
    ).order_by("url")
    link = links[0] if reviewed else links[1]
    if not reviewed:
        return link
    # Only the reviewer's fields are typed: the rest is what the register read.
    overrides.update(reviewed=True, reviewed_by=world.users["editor"])
    for name, value in overrides.items():
        setattr(link, name, value)
    link.reviewed_at = timezone.now().replace(microsecond=0)
    link.save()
    return link


def preview_link_factory(world, owner, **overrides) -> PreviewLink:
    """An active link to the owner's post, opened once anonymously and once by its maker."""
    post = world.objects["blog.Post"]["a" if owner == world.profiles["a"] else "b"]
    link = PreviewLink.objects.create(post=post, created_by=owner.user, **overrides)
    PreviewLinkOpening.objects.create(link=link)
    PreviewLinkOpening.objects.create(link=link, user=owner.user)
    return link


def subscriber_factory(world, owner, **overrides) -> Subscriber:
    overrides.setdefault("email", f"reader{next(_numbers)}@example.org")
    overrides.setdefault("source", "/blog/a-post/")
    return fill(Subscriber, owner, **overrides)


def newsletter_send_factory(world, owner, **overrides) -> NewsletterSend:
    """The send the owner's published post made, with one delivery to a subscriber of its own."""
    post = world.objects["blog.Post"]["a" if owner == world.profiles["a"] else "b"]
    send, _ = NewsletterSend.objects.get_or_create(post=post, defaults=overrides)
    Delivery.objects.create(send=send, subscriber=subscriber_factory(world, owner), status="sent")
    return send


def user_factory(world, owner, **overrides) -> User:
    n = next(_numbers)
    overrides.setdefault("username", f"filled-user-{n}")
    overrides.setdefault("password", make_password("pw-for-tests-1"))
    return fill(User, owner, **overrides)


def media_item_factory(world, owner, **overrides):
    """The owner's upload, described (a decorative item has no alt text)."""
    from core.models import MediaItem

    overrides.setdefault("is_decorative", False)
    overrides.setdefault("uploaded_by", owner.user if owner is not None else None)
    return fill(MediaItem, owner, **overrides)


def plain(model_label: str, **fixed) -> Callable:
    """A factory that is the generic filler, with fixed domain values."""

    def make(world, owner, **overrides):
        from django.apps import apps

        values = {key: value(next(_numbers)) if callable(value) else value
                  for key, value in fixed.items()}  # fmt: skip
        return fill(apps.get_model(model_label), owner, **{**values, **overrides})

    return make


FACTORIES: dict[str, Callable] = {
    "auth.User": user_factory,
    "auth.Group": plain("auth.Group"),
    "authors.Author": lambda world, owner, **kw: author_factory(world, owner, **kw),
    "authors.Credential": lambda world, owner, **kw: credential_factory(
        world, owner, verified_by=world.users["editor"], **kw
    ),
    "authors.BookingClick": plain("authors.BookingClick"),
    "authors.FocusArea": plain("authors.FocusArea", name=lambda n: f"Focus area {n}"),
    "authors.Approach": plain("authors.Approach", name=lambda n: f"Approach {n}"),
    "authors.Language": plain(
        "authors.Language", name=lambda n: f"Language {n}", slug=lambda n: f"l{n}"
    ),
    "blog.Category": plain("blog.Category"),
    "blog.Tag": plain("blog.Tag"),
    "blog.Post": post_factory,
    "blog.AllowedDomain": plain("blog.AllowedDomain", domain=lambda n: f"trusted{n}.example"),
    "blog.OutboundLink": link_factory,
    "blog.LinkToReview": lambda world, owner, **kw: link_factory(world, owner, reviewed=False),
    "blog.PreviewLink": preview_link_factory,
    "blog.ImportRun": plain("blog.ImportRun", outcome="finished"),
    "blog.BlockedPhrase": plain("blog.BlockedPhrase", phrase=lambda n: f"zqxblocked{n}"),
    "blog.Subscriber": subscriber_factory,
    "blog.NewsletterSend": newsletter_send_factory,
    "comments.Comment": comment_factory,
    "comments.SpamComment": spam_comment_factory,
    "comments.CrisisPhrase": plain("comments.CrisisPhrase", phrase=lambda n: f"zqxcrisis{n}"),
    "comments.CrisisHelp": plain("comments.CrisisHelp"),
    "core.Redirect": plain(
        "core.Redirect", old_path=lambda n: f"/old-address-{n}/", new_path=lambda n: f"/new-{n}/"
    ),
    "core.OutgoingMail": plain("core.OutgoingMail", to=lambda n: f"reader{n}@example.org"),
    "core.MediaItem": media_item_factory,
    # django-tasks-db's own (read-only) admin of the task queue.
    "django_tasks_database.DBTaskResult": plain(
        "django_tasks_database.DBTaskResult",
        task_path="core.outbox.send_outgoing_mail",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        priority=0,
        status="SUCCESSFUL",
        run_after=lambda n: get_date_max(),  # none (the immediate backend defers nothing)
    ),
    "axes.AccessAttempt": plain("axes.AccessAttempt"),
    "axes.AccessLog": plain("axes.AccessLog"),
    "axes.AccessFailureLog": plain("axes.AccessFailureLog"),
}

# Built before the others: their objects point at these.
ORDER = [
    "authors.FocusArea",
    "authors.Approach",
    "authors.Language",
    "blog.Category",
    "blog.Tag",
    "blog.Post",
]


def registered_labels() -> list[str]:
    return sorted(model._meta.label for model in admin.site._registry)


def factory_for(label: str) -> Callable:
    if label not in FACTORIES:
        raise AssertionError(
            f"{label} is registered in the admin but tests/admin_registry.py has no "
            "FACTORIES entry to build a filled one: add it (usually plain(label))."
        )
    return FACTORIES[label]


def model_admin(label: str) -> admin.ModelAdmin:
    return next(ma for model, ma in admin.site._registry.items() if model._meta.label == label)


def is_versioned(label: str) -> bool:
    return reversion.is_registered(model_admin(label).model)


def _versioned_save(obj) -> None:
    with reversion.create_revision():
        reversion.set_comment("Saved by the test world")
        obj.save()


def build_world() -> World:
    """One filled object of every registered model, for author A and author B."""
    users, profiles = make_people()
    world = World(users=users, profiles=profiles)
    world.objects["authors.Author"] = {"a": profiles["a"], "b": profiles["b"]}
    labels = ORDER + [label for label in registered_labels() if label not in ORDER]
    for label in labels:
        if label == "authors.Author":
            continue
        make = factory_for(label)
        world.objects[label] = {"a": make(world, profiles["a"]), "b": make(world, profiles["b"])}
    # Authors change only drafts: one of A's, and one of B's.
    world.objects["blog.Post"]["a_draft"] = post_factory(world, profiles["a"])
    world.objects["blog.Post"]["b_draft"] = post_factory(world, profiles["b"])
    for label in [label for label in labels if is_versioned(label)]:
        add_versions(world, label)
    return world


def add_versions(world: World, label: str) -> None:
    """
    What the history of an edited object holds: a first version, then one
    with every plain field changed (a published post turned draft, a verified
    credential unverified...). Reverting to the first must respect roles.
    And a deleted object of each owner, for the recover views.
    """
    objects = world.objects[label]
    keys = ["a_draft", "b_draft"] if label == "blog.Post" else ["a", "b"]
    world.old_versions[label] = {}
    for key in keys:
        obj = objects[key]
        _versioned_save(obj)
        from reversion.models import Version

        world.old_versions[label][key[0]] = Version.objects.get_for_object(obj).first().pk
        fill(obj, world.profiles[key[0]], mutate=True, **_mutate_overrides(obj))
        _versioned_save(obj)
    world.deleted_versions[label] = {}
    make = factory_for(label)
    for key in ("a", "b"):
        owner = world.profiles[key]
        if label == "authors.Author":
            doomed = fill(Author, None, social_links="", user=None)
        else:
            doomed = make(world, owner)
        _versioned_save(doomed)
        from reversion.models import Version

        version = Version.objects.get_for_object(doomed).first()
        doomed.delete()
        world.deleted_versions[label][key] = version.pk


def _mutate_overrides(obj) -> dict:
    if isinstance(obj, Author):
        # Still active: its public pages are swept too.
        return {"social_links": "https://example.org/elsewhere", "is_active": True}
    if isinstance(obj, Post):
        return {"status": Post.Status.DRAFT, "reviewed_on": None, "reviewed_by": None}
    if isinstance(obj, Credential):
        return {"verified": False}
    return {}


# --- The database, before and after ------------------------------------------


def snapshot() -> dict[str, list[dict]]:
    """
    Every row of every registered model (m2m by ids), to show nothing changed.
    Read as the database gives them, by plain SQL (one query per table, one
    per many-to-many table): the suites take one before and one after each of
    their POSTs, and building the ORM's queries cost more than running them.
    """
    rows = {}
    with connection.cursor() as cursor:
        for label, select, attnames, m2m in _snapshot_queries():
            cursor.execute(select)
            data = [dict(zip(attnames, values, strict=True)) for values in cursor.fetchall()]
            for name, select_links in m2m:
                cursor.execute(select_links)
                linked: dict = {}
                for pk, related in cursor.fetchall():
                    linked.setdefault(pk, []).append(related)
                for row in data:
                    row[name] = sorted(linked.get(row["id"], []))
            rows[label] = data
    return rows


@cache
def _snapshot_queries() -> list[tuple[str, str, list[str], list[tuple[str, str]]]]:
    """(label, SELECT, attnames, [(m2m name, SELECT source, target)]) per model."""
    quote = connection.ops.quote_name
    inline_models = {inline.model for ma in admin.site._registry.values() for inline in ma.inlines}
    queries, seen = [], set()
    for model in [*admin.site._registry, *inline_models]:
        if model._meta.proxy or model._meta.label in seen:
            continue
        seen.add(model._meta.label)
        fields = model._meta.concrete_fields
        columns = ", ".join(quote(f.column) for f in fields)
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        m2m = []
        for f in model._meta.many_to_many:
            through = f.remote_field.through._meta
            source = quote(through.get_field(f.m2m_field_name()).column)
            target = quote(through.get_field(f.m2m_reverse_field_name()).column)
            m2m.append((f.name, f"SELECT {source}, {target} FROM {quote(through.db_table)}"))
        select = f"SELECT {columns} FROM {table} ORDER BY {pk}"
        queries.append((model._meta.label, select, [f.attname for f in fields], m2m))
    return queries


def _timestamps() -> set[tuple[str, str]]:
    """(label, attname) of fields that change by themselves on every save."""
    return {
        (model._meta.label, f.attname)
        for model in admin.site._registry
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False)
    }


def diff(before: dict, after: dict, *, timestamps: bool = False) -> list[str]:
    """What changed between two snapshots; auto_now timestamps only if asked."""
    ignored = set() if timestamps else _timestamps()
    changes = []
    for label in before:
        old = {row["id"]: row for row in before[label]}
        new = {row["id"]: row for row in after[label]}
        for pk in sorted(old.keys() - new.keys()):
            changes.append(f"{label} #{pk} deleted")
        for pk in sorted(new.keys() - old.keys()):
            changes.append(f"{label} #{pk} added")
        for pk in sorted(old.keys() & new.keys()):
            changed = {
                name: (value, new[pk].get(name))
                for name, value in old[pk].items()
                if (label, name) not in ignored and value != new[pk].get(name)
            }
            for name, (value, after_value) in changed.items():
                changes.append(f"{label} #{pk} {name}: {value!r} -> {after_value!r}")
    return changes


# --- A browser's reading of a form ----------------------------------------------


class _FormReader(HTMLParser):
    """What a browser submits from a <form>: named, enabled controls only."""

    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.controls: list[tuple[str, str]] = []
        self.files: list[str] = []
        self.submit: tuple[str, str] | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form" and not self.found:
            if self.form_id is None or a.get("id") == self.form_id:
                self.inside = self.found = True
            return
        if not self.inside:
            return
        name = a.get("name")
        disabled = "disabled" in a
        if tag == "input" and name and not disabled:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.controls.append((name, a.get("value", "on")))
            elif kind == "file":
                self.files.append(name)  # sent empty: Django ignores an empty file part
            elif kind in ("submit", "image"):
                if self.submit is None and name == "_save":
                    self.submit = (name, a.get("value", ""))
            elif kind not in ("button", "reset"):
                self.controls.append((name, a.get("value", "")))
        elif tag == "select" and name and not disabled:
            self._select = {"name": name, "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._option["disabled"] = disabled
            self._select["options"].append(self._option)
        elif tag == "textarea" and name and not disabled:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = [o for o in self._select["options"] if not o["disabled"]]
            chosen = [o for o in options if o["selected"]]
            if not chosen and not self._select["multiple"] and options:
                chosen = options[:1]  # a single select always sends its first option
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.controls.append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # The HTML parser drops one newline right after <textarea>.
            text = text[1:] if text.startswith("\n") else text
            self.controls.append((self._textarea["name"], text))
            self._textarea = None


@dataclass
class BrowserForm:
    data: dict[str, list[str]]
    files: list[str]

    def as_post(self) -> dict[str, list[str]]:
        # Browsers send every value's line breaks as CRLF (HTML form submission).
        return {
            name: [value.replace("\r\n", "\n").replace("\n", "\r\n") for value in values]
            for name, values in self.data.items()
        }


def read_form(html: str, form_id: str | None = None) -> BrowserForm | None:
    reader = _FormReader(form_id)
    reader.feed(html)
    if not reader.found:
        return None
    data: dict[str, list[str]] = {}
    for name, value in reader.controls:
        data.setdefault(name, []).append(value)
    if reader.submit:
        data[reader.submit[0]] = [reader.submit[1]]
    return BrowserForm(data=data, files=reader.files)


def form_errors(html: str) -> str:
    """The errors a re-shown admin form carries, to say why a save failed."""
    import re

    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    note = re.findall(r'<p class="errornote">(.*?)</p>', html, re.S)
    return " | ".join(s.strip() for s in note + found) or html[:2000]
