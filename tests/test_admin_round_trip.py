"""
Every admin change form survives a browser's unchanged save.

For every ModelAdmin in ``admin.site._registry`` and every role, the change
page of a filled object (images, many-to-many, inline rows, dates: see
tests/admin_registry.py) is opened, its <form> read as a browser reads it,
and posted back unchanged: the answer is a redirect, and nothing in the
database changed but timestamps. A role the ModelAdmin does not let change
the object is refused instead, and nothing changes either. The cases come
from the registry, so a newly registered model is covered without a new test.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import NoReverseMatch, reverse

from .admin_registry import (
    FACTORIES,
    diff,
    form_errors,
    model_admin,
    read_form,
    registered_labels,
    snapshot,
)

pytestmark = pytest.mark.django_db

ROLES = {"author_own": "author", "editor": "editor", "superuser": "superuser"}
CASES = [(label, role) for label in registered_labels() for role in ROLES]


@pytest.fixture(autouse=True)
def media_root(settings, admin_world):
    settings.MEDIA_ROOT = admin_world.media
    return admin_world.media


def test_every_registered_model_has_a_filled_object_factory():
    assert [label for label in registered_labels() if label not in FACTORIES] == []


@pytest.mark.parametrize(("label", "role"), CASES, ids=[f"{label}-{role}" for label, role in CASES])
def test_unchanged_change_form_saves_and_changes_nothing(client, admin_world, label, role):
    admin_world.refresh()
    user = admin_world.users[ROLES[role]]
    ma = model_admin(label)
    request = admin_world.request(ROLES[role])
    # Author A's objects (a post she may still change is "a_draft").
    candidates = [obj for key, obj in admin_world.objects[label].items() if key.startswith("a")]
    obj = next((o for o in candidates if ma.has_change_permission(request, o)), None)
    opts = ma.model._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[candidates[0].pk])
    except NoReverseMatch:
        assert obj is None, f"{label}: changeable by {role} but has no change page"
        return
    client.force_login(user)
    if obj is None:
        # Not theirs to change: a read-only page or a refusal, and a POST of
        # what the page holds changes nothing.
        page = client.get(url)
        assert page.status_code in (200, 302, 403), page.status_code
        form = read_form(page.content.decode(), f"{opts.model_name}_form")
        before = snapshot()
        response = client.post(url, form.as_post() if form else {})
        assert response.status_code in (302, 403), response.status_code
        assert diff(before, snapshot()) == []
        return
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = read_form(page.content.decode(), f"{opts.model_name}_form")
    assert form is not None and "_save" in form.data, "the change page offers no Save button"
    before = snapshot()
    response = client.post(url, form.as_post())
    assert response.status_code == 302, form_errors(response.content.decode())
    assert diff(before, snapshot()) == []
    # And its history says so: no "Changed body." for a save that changed nothing.
    entry = LogEntry.objects.filter(object_id=str(obj.pk), user=user).latest("action_time")
    assert entry.get_change_message() == "No fields changed."
