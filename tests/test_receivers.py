"""
One way to connect receivers, and models that declare what they contribute.

Every receiver of the project goes through ``core.receivers.connect`` from an
``AppConfig.ready()``; every model that declares page-cache tags has them
bumped when it is saved, deleted or relinked, now and again on commit. The
cases are generated from the declarations, so a new model that declares tags
is covered without a new test.
"""

import re
from pathlib import Path
from weakref import ReferenceType

import pytest
from django.db.models import signals

from authors.models import Approach, FocusArea, Language
from comments.models import Comment, SpamComment
from core.page_cache import tag_version
from core.receivers import CONNECTED, models_declaring

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "authors", "blog", "comments", "config")

DECLARING = sorted(model._meta.label_lower for model in models_declaring("page_cache_tags"))

# How to get a saved instance of each model that declares tags.
BUILDERS = {
    "authors.author": lambda request: request.getfixturevalue("author"),
    "authors.credential": lambda request: request.getfixturevalue("make_credential")(),
    "authors.focusarea": lambda request: FocusArea.objects.create(name="Grief", slug="grief"),
    "authors.approach": lambda request: Approach.objects.create(name="EFT", slug="eft"),
    "authors.language": lambda request: Language.objects.create(name="Spanish", slug="es"),
    "blog.category": lambda request: request.getfixturevalue("category"),
    "blog.tag": lambda request: request.getfixturevalue("tag"),
    "blog.post": lambda request: request.getfixturevalue("post"),
    "comments.comment": lambda request: Comment.objects.create(
        post=request.getfixturevalue("post"),
        name="Maya",
        body="This helped.",
        status=Comment.Status.APPROVED,
    ),
    # The spam folder's view of comments: filing a comment readers saw as spam
    # takes it off the page (spam never shown changes no page: test_page_cache).
    "comments.spamcomment": lambda request: _filed_as_spam(request.getfixturevalue("post")),
}


def _filed_as_spam(post) -> SpamComment:
    shown = Comment.objects.create(
        post=post, name="Bot", body="Cheap pills.", status=Comment.Status.APPROVED
    )
    filed = SpamComment._base_manager.get(pk=shown.pk)
    filed.status = Comment.Status.SPAM
    return filed


def _versions(tags) -> dict[str, str]:
    return {tag: tag_version(tag) for tag in tags}


def _assert_bumped_now_and_on_commit(tags, change, capture) -> None:
    before = _versions(tags)
    with capture(execute=True) as callbacks:
        change()
        now = _versions(tags)
    on_commit = _versions(tags)
    assert callbacks, "nothing was left to do on commit"
    assert [tag for tag in tags if now[tag] == before[tag]] == [], "not bumped at once"
    assert [tag for tag in tags if on_commit[tag] == now[tag]] == [], "not bumped on commit"


def test_every_model_that_declares_tags_can_be_built_here():
    assert DECLARING, "no model declares page_cache_tags()"
    assert set(DECLARING) == set(BUILDERS)


@pytest.mark.parametrize("label", DECLARING)
def test_saving_a_model_that_declares_tags_bumps_them(
    label, db, request, django_capture_on_commit_callbacks
):
    obj = BUILDERS[label](request)
    tags = list(obj.page_cache_tags())
    assert tags
    _assert_bumped_now_and_on_commit(tags, obj.save, django_capture_on_commit_callbacks)


@pytest.mark.parametrize("label", DECLARING)
def test_deleting_a_model_that_declares_tags_bumps_them_and_its_lists(
    label, db, request, django_capture_on_commit_callbacks
):
    obj = BUILDERS[label](request)
    tags = [*obj.page_cache_tags(), *getattr(obj, "page_cache_lists", list)()]
    _assert_bumped_now_and_on_commit(tags, obj.delete, django_capture_on_commit_callbacks)


MEMBERSHIPS = [
    (model._meta.label_lower, name)
    for model in models_declaring("PAGE_CACHE_MEMBERSHIPS")
    for name in model.PAGE_CACHE_MEMBERSHIPS
]


@pytest.mark.parametrize(("label", "field"), MEMBERSHIPS)
def test_leaving_a_list_bumps_the_member_and_the_list(
    label, field, db, request, django_capture_on_commit_callbacks
):
    obj = BUILDERS[label](request)
    related = getattr(obj, field).first()
    assert related is not None, f"the {label} built here has no {field}"
    tags = [*obj.page_cache_tags(), *related.page_cache_lists()]
    _assert_bumped_now_and_on_commit(
        tags, lambda: getattr(obj, field).remove(related), django_capture_on_commit_callbacks
    )


# --- One way to connect --------------------------------------------------------


def _project_sources() -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def test_no_receiver_is_connected_at_import_time():
    decorated = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _project_sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"^\s*@receiver\b|^from django\.dispatch import .*\breceiver\b", line)
    ]
    assert decorated == []


def test_only_core_receivers_calls_signal_connect():
    """sqlite3.connect opens a database: the one .connect( that is not a signal's."""
    calls = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _project_sources()
        if path != ROOT / "core" / "receivers.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ".connect(" in line and "sqlite3.connect(" not in line
    ]
    assert calls == []


def test_every_project_receiver_of_a_model_signal_went_through_core_receivers():
    connected = {uid for _signal, _sender, uid in CONNECTED}
    stray = []
    # (post_init is left out: Django's ImageField connects it to keep sizes.)
    for name in ("pre_save", "post_save", "pre_delete", "post_delete"):
        stray += _stray(getattr(signals, name), name, connected)
    stray += _stray(signals.m2m_changed, "m2m_changed", connected)
    assert stray == []
    # And each concern has its receivers.
    uids = {uid.split(":")[0] for uid in connected}
    assert {"page_cache", "outbound_links", "search_index"} <= uids


def _stray(signal, name: str, connected: set[str]) -> list[str]:
    found = []
    for (uid, _sender_id), receiver, _sender_ref, _is_async in signal.receivers:
        function = receiver() if isinstance(receiver, ReferenceType) else receiver
        module = getattr(function, "__module__", "") or ""
        if module.split(".")[0] in APPS and uid not in connected:
            found.append(f"{name}: {module}.{getattr(function, '__qualname__', function)}")
    return found
