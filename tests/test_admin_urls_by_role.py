"""
Every URL the site answers, for every role, by GET and POST, as specified.

The URLs come from walking ``django.urls.get_resolver()`` (the admin, its
third-party views: reversion's recover/revision/history, the autocomplete,
axes, and the project's own views), so a new URL is tried without a new
test; one with no rule in RULES fails ``test_every_url_has_a_rule``.

Parameters are real objects (tests/admin_registry.py): author A's, author
B's, a deleted object's version for recover, an old version for revision.
Who may do what is asked of each ModelAdmin with a real request for that
person, so a view that ignores its ModelAdmin's answer is what fails.
Roles: anonymous, author (A, on her own and on B's objects), editor,
superuser. Never a 500, and a refused POST changes nothing in the database.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from blog import workflow
from blog.admin_clinical import signer_of

from .admin_registry import diff, form_errors, model_admin, read_form, snapshot
from .conftest import make_image_bytes

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "author", "editor", "superuser"]
METHODS = ["GET", "POST"]
LOGIN = "login"


# --- The URLs ---------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # the pattern, as the resolver shows it
    name: str  # the URL name, or the view's dotted path when it has none
    kind: str  # which rule answers it
    label: str = ""  # the admin model's label, for per-model admin URLs


MODEL_ACTIONS = [
    "changelist", "add", "change", "delete", "history", "compare",
    "recoverlist", "recover", "revision", "password_change", "clinical_review",
    "review", "submit", "withdraw", "newsletter_test",
]  # fmt: skip


def walk(resolver=None, prefix: str = "", namespace: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else ""
            yield prefix + str(pattern.pattern), name or pattern.lookup_str


def model_for(app_model: str) -> str:
    for model in admin.site._registry:
        if f"{model._meta.app_label}_{model._meta.model_name}" == app_model:
            return model._meta.label
    return ""


def classify(route: str, name: str) -> Route:
    match = re.fullmatch(r"admin:(\w+?)_(" + "|".join(MODEL_ACTIONS) + ")", name)
    if match and (label := model_for(match[1])):
        return Route(route, name, match[2], label)
    if name.endswith("RedirectView") and route.startswith("admin/"):
        app, model_name = route.split("/")[1:3]
        return Route(route, name, "object_redirect", model_for(f"{app}_{model_name}"))
    return Route(route, name, name)


ROUTES = [classify(route, name) for route, name in walk()]


# --- What each kind of URL answers -------------------------------------------
# ``allowed(ma, request, obj)`` is the ModelAdmin's own answer; the view must
# agree: allowed -> 200 (or a redirect after a POST that did its work),
# refused -> 403, 404 or a redirect that is not the login, and nothing changed.


@dataclass(frozen=True)
class Rule:
    per_object: bool = False  # tried on A's object and, for authors, on B's
    anonymous: str = LOGIN  # LOGIN, "public", or "forbidden"/"forbidden_get" (XHR: 403)
    allowed: object = None  # callable(ma, request, obj) -> bool, for admin kinds
    get: tuple = (200,)  # GET statuses when allowed (public kinds: always)
    post: tuple = (200, 302)  # POST statuses when allowed
    post_data: str = ""  # which real form data a POST sends
    post_changes_db: bool = True  # an allowed POST may change the database
    editors_only: bool = False  # authors refused whatever their ModelAdmin says
    post_allowed: object = None  # callable(ma, request, obj) -> bool, when POST differs


def may_open_clinical_review(ma, request, obj) -> bool:
    return ma.has_publish_permission(request) or obj.can_be_signed_off_by(signer_of(request))


def view(ma, request, obj):
    return ma.has_view_or_change_permission(request, obj)


def change(ma, request, obj):
    return ma.has_change_permission(request, obj)


def delete(ma, request, obj):
    return ma.has_delete_permission(request, obj)


PUBLIC = Rule(anonymous="public", get=(200,), post=(200, 405), post_changes_db=False)
NO_500 = tuple(range(200, 500))

RULES: dict[str, Rule] = {
    # Per-model admin views.
    "changelist": Rule(
        per_object=True, allowed=lambda ma, r, o: view(ma, r, None), post_data="delete_action"
    ),
    "add": Rule(allowed=lambda ma, r, o: ma.has_add_permission(r), post_data="add_form"),
    "change": Rule(per_object=True, allowed=view, post_data="changed_form"),
    "delete": Rule(per_object=True, allowed=delete, post_data="confirm"),
    "history": Rule(per_object=True, allowed=view, post_changes_db=False),
    "compare": Rule(per_object=True, allowed=view, post_changes_db=False),
    "object_redirect": Rule(per_object=True, get=(301, 302), post=(301, 302)),
    # django-reversion: deleted objects are the editors' alone (issue 12).
    "recoverlist": Rule(allowed=change, editors_only=True, post_changes_db=False),
    "recover": Rule(per_object=True, allowed=change, editors_only=True, post_data="own_form"),
    "revision": Rule(per_object=True, allowed=view, post_data="own_form"),
    "password_change": Rule(per_object=True, allowed=change, post_data="passwords"),
    # Clinical review (issue 14): editors and licensed reviewers see it, reviewers sign.
    "clinical_review": Rule(
        per_object=True,
        allowed=lambda ma, r, o: may_open_clinical_review(ma, r, o),
        post_allowed=lambda ma, r, o: o.can_be_signed_off_by(signer_of(r)),
        post=(302,),
        post_data="confirm",
    ),
    # The review workflow (issue 14): the review screen is the editors'; the
    # POST-only transitions answer the post's author and editors (a move not
    # open now is a redirect with a message), 405 to a GET.
    # A POST without a decision is re-shown with its message (400).
    "review": Rule(
        per_object=True,
        allowed=lambda ma, r, o: workflow.is_publisher(r.user),
        post=(200, 302, 400),
    ),
    "submit": Rule(
        per_object=True,
        allowed=lambda ma, r, o: ma.has_workflow_permission(r, o),
        get=(405,),
        post=(302,),
    ),
    "withdraw": Rule(
        per_object=True,
        allowed=lambda ma, r, o: ma.has_workflow_permission(r, o),
        get=(405,),
        post=(302,),
    ),
    # The newsletter's test mail (issue 15): the editors' alone, POST only.
    "newsletter_test": Rule(
        per_object=True,
        allowed=lambda ma, r, o: workflow.is_publisher(r.user),
        get=(405,),
        post=(302,),
    ),
    # The admin site's own views.
    "admin:index": Rule(post_changes_db=False),
    "admin:login": Rule(anonymous="public", get=(200, 302), post=(200, 302), post_data="login"),
    "admin:logout": Rule(anonymous="public", get=(302, 405), post=(200, 302)),
    "admin:password_change": Rule(post=(200,), post_data="bad_password"),
    "admin:password_change_done": Rule(post=(405,)),
    "admin:autocomplete": Rule(get=(200, 403), post=(405,)),
    "admin:jsi18n": Rule(post=(405,)),
    "admin:view_on_site": Rule(get=(302, 404), post=(302, 404)),
    "admin:app_list": Rule(get=(200, 404), post=(200, 404), post_changes_db=False),
    "django.contrib.admin.sites.AdminSite.catch_all_view": Rule(get=(404,), post=(404,)),
    # The editor's XHR endpoints: staff who may write posts, 403 for anyone else.
    "markdown_preview": Rule(anonymous="forbidden", get=(405,), post=(200,), post_data="markdown"),
    "markdown_upload": Rule(anonymous="forbidden", get=(405,), post=(200,), post_data="image"),
    # The media library's chooser (issue 18): a search, GET only.
    "media_chooser": Rule(
        anonymous="forbidden_get", get=(200,), post=(405,), post_changes_db=False
    ),
    # Public pages and feeds.
    "healthz": PUBLIC,
    "config.urls.favicon": Rule(anonymous="public", get=(301,), post=(301,)),
    "sitemap": PUBLIC,
    "robots_txt": PUBLIC,
    "author_feed": PUBLIC,
    "author_feed_atom": PUBLIC,
    "authors:list": PUBLIC,
    "authors:detail": PUBLIC,
    "authors:book": Rule(anonymous="public", get=(302,), post=(302, 405), post_changes_db=False),
    "comments:post": Rule(anonymous="public", get=(405,), post=NO_500),
    "comments:token": Rule(anonymous="public", get=(200,), post=NO_500, post_changes_db=False),
    "comments:edit": Rule(anonymous="public", get=(403, 404), post=(403, 404)),
    "comments:delete": Rule(anonymous="public", get=(403, 404, 405), post=(403, 404)),
    "comments:unsubscribe": Rule(anonymous="public", get=(200, 400, 404), post=NO_500),
    "comments:confirm_address": Rule(anonymous="public", get=(400,), post=(400,)),
    # A reader's own comments (issue 15): a link to the address first.
    "comments:my_data": Rule(anonymous="public", get=(200,), post=(200, 400)),
    "comments:my_data_confirm": Rule(anonymous="public", get=(400,), post=(400,)),
    # The newsletter (issue 15): anyone subscribes; the signed links (a
    # made-up one here) say plainly that they do not work.
    "blog:newsletter": Rule(anonymous="public", get=(200,), post=NO_500),
    "blog:newsletter_token": Rule(
        anonymous="public", get=(200,), post=(405,), post_changes_db=False
    ),
    "blog:newsletter_check_inbox": Rule(
        anonymous="public", get=(200,), post=(405,), post_changes_db=False
    ),
    "blog:newsletter_confirm": Rule(anonymous="public", get=(400,), post=(400,)),
    "blog:newsletter_unsubscribe": Rule(anonymous="public", get=(400,), post=(400,)),
    "blog:newsletter_preferences": Rule(anonymous="public", get=(400,), post=(400,)),
    "blog:post_list": PUBLIC,
    "blog:search": PUBLIC,
    "blog:feed": PUBLIC,
    "blog:feed_atom": PUBLIC,
    "blog:category": PUBLIC,
    "blog:category_feed": PUBLIC,
    "blog:category_feed_atom": PUBLIC,
    "blog:tag": PUBLIC,
    "blog:tag_feed": PUBLIC,
    "blog:tag_feed_atom": PUBLIC,
    # A post: readers see it once published; B's draft only to publishers.
    "blog:post_detail": Rule(per_object=True, anonymous="public", post=(405,)),
    # Whoever holds a preview link reads the post (or is sent to its public page).
    "blog:preview": Rule(anonymous="public", get=(200, 302), post=(405,), post_changes_db=False),
    "config.urls.media": PUBLIC,
}


def cases():
    for route in ROUTES:
        rule = RULES.get(route.kind)
        per_object = rule is not None and rule.per_object
        for role in ROLES:
            owners = ["own", "other"] if per_object and role == "author" else ["own"]
            for owner in owners:
                for method in METHODS:
                    who = role if owner == "own" else "author-on-others"
                    yield pytest.param(
                        route, role, owner, method, id=f"{route.name}-{who}-{method}"
                    )


def test_every_url_has_a_rule():
    missing = sorted({f"{r.route} ({r.kind})" for r in ROUTES if r.kind not in RULES})
    assert missing == [], "Add a rule for these URLs to RULES"


# --- Real parameters -----------------------------------------------------------


def target(world, route: Route, owner: str):
    """The object a URL is tried on: author A's ("own") or author B's ("other")."""
    label = route.label or "blog.Post"
    objects = world.objects[label]
    key = "a" if owner == "own" else "b"
    if label == "blog.Post" and route.kind not in ("blog:post_detail",):
        key += "_draft"  # what an author may still change
    if route.name == "blog:post_detail" and owner == "other":
        key = "b_draft"
    return objects[key]


def url_for(world, route: Route, owner: str) -> tuple[str, object]:
    kind, label = route.kind, route.label
    if label:
        obj = target(world, route, owner)
        opts = obj._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        key = "a" if owner == "own" else "b"
        if kind in ("changelist", "add", "recoverlist"):
            return reverse(f"{base}_{kind}"), obj
        if kind == "recover":
            return reverse(f"{base}_recover", args=[world.deleted_versions[label][key]]), None
        if kind == "revision":
            version = world.old_versions[label][key]
            return reverse(f"{base}_revision", args=[obj.pk, version]), obj
        if kind == "compare":
            from reversion.models import Version

            versions = list(Version.objects.get_for_object(obj).values_list("pk", flat=True))
            url = reverse(f"{base}_compare", args=[obj.pk])
            return f"{url}?old={versions[-1]}&new={versions[0]}", obj
        if kind == "object_redirect":
            return reverse(f"{base}_change", args=[obj.pk]).removesuffix("change/"), obj
        return reverse(f"{base}_{kind}", args=[obj.pk]), obj
    post = world.objects["blog.Post"]["a"]
    profile = world.profiles["a"]
    category, tag = world.objects["blog.Category"]["a"], world.objects["blog.Tag"]["a"]
    fixed = {
        "admin:autocomplete": "/admin/autocomplete/?app_label=blog&model_name=post"
        "&field_name=author&term=",
        "admin:view_on_site": reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(post).pk, post.pk]
        ),
        "admin:app_list": reverse("admin:app_list", args=["blog"]),
        "django.contrib.admin.sites.AdminSite.catch_all_view": "/admin/no-such-page/",
        "config.urls.favicon": "/favicon.ico",
        "config.urls.media": f"/media/{post.featured_image.name}",
        "author_feed": reverse("author_feed", args=[profile.slug]),
        "author_feed_atom": reverse("author_feed_atom", args=[profile.slug]),
        "authors:detail": reverse("authors:detail", args=[profile.slug]),
        "authors:book": reverse("authors:book", args=[world.profiles["b"].slug]),
        "comments:post": reverse("comments:post", args=[post.pk]),
        "comments:edit": reverse("comments:edit", args=[world.objects["comments.Comment"]["a"].pk]),
        "comments:delete": reverse(
            "comments:delete", args=[world.objects["comments.Comment"]["a"].pk]
        ),
        "comments:unsubscribe": reverse("comments:unsubscribe", args=["not-a-real-token"]),
        "comments:confirm_address": reverse("comments:confirm_address", args=["not-a-real-token"]),
        "comments:my_data_confirm": reverse("comments:my_data_confirm", args=["not-a-token"]),
        "blog:category": reverse("blog:category", args=[category.slug]),
        "blog:category_feed": reverse("blog:category_feed", args=[category.slug]),
        "blog:category_feed_atom": reverse("blog:category_feed_atom", args=[category.slug]),
        "blog:tag": reverse("blog:tag", args=[tag.slug]),
        "blog:tag_feed": reverse("blog:tag_feed", args=[tag.slug]),
        "blog:tag_feed_atom": reverse("blog:tag_feed_atom", args=[tag.slug]),
        "blog:preview": world.objects["blog.PreviewLink"]["a"].get_absolute_url(),
        "blog:newsletter_confirm": reverse("blog:newsletter_confirm", args=["not-a-real-token"]),
        "blog:newsletter_preferences": reverse(
            "blog:newsletter_preferences", args=["not-a-real-token"]
        ),
        "blog:newsletter_unsubscribe": reverse(
            "blog:newsletter_unsubscribe", args=["not-a-real-token"]
        ),
    }
    if kind == "blog:post_detail":
        obj = target(world, route, owner)
        return obj.get_absolute_url(), obj
    if kind in fixed:
        return fixed[kind], None
    return reverse(route.name), None


# --- Real form data --------------------------------------------------------------


def page_form(client, url: str, html_id: str | None = None) -> dict:
    response = client.get(url)
    if response.status_code != 200:
        return {}
    form = read_form(response.content.decode(), html_id)
    return form.as_post() if form else {}


def changed(data: dict, obj) -> dict:
    """The form with the changes a hostile POST would make: status flipped, text replaced."""
    data = dict(data)
    if "status" in data and obj is not None:
        data["status"] = ["draft" if getattr(obj, "status", "") == "published" else "published"]
    for name in ("title", "name", "abbreviation", "phrase", "headline", "message", "username"):
        if name in data:
            data[name] = ["Changed by the URL sweep"]
    for name in ("verified", "is_active", "is_superuser"):
        data[name] = ["on"]
    return data


def post_data(rule: Rule, client, superuser_client, url: str, obj, form_id) -> dict:
    match rule.post_data:
        case "delete_action":
            pk = [str(obj.pk)] if obj is not None else []
            return {"action": ["delete_selected"], "_selected_action": pk, "post": ["yes"]}
        case "add_form":
            return page_form(superuser_client(), url, form_id)
        case "changed_form":
            return changed(page_form(superuser_client(), url, form_id), obj)
        case "confirm":
            return {"post": ["yes"]}
        case "own_form":
            # The form as this person is shown it, else as an editor is.
            return page_form(client, url, form_id) or page_form(superuser_client(), url, form_id)
        case "passwords":
            return {"password1": ["Another-pw-42x"], "password2": ["Another-pw-42x"]}
        case "login":
            return {"username": ["editor"], "password": ["wrong"]}
        case "bad_password":
            return {"old_password": ["wrong"], "new_password1": ["x"], "new_password2": ["y"]}
        case "markdown":
            return {"content": ["**Hello** [x](https://example.org/)"]}
        case "image":
            image = SimpleUploadedFile("drop.jpg", make_image_bytes(), "image/jpeg")
            return {"image": image, "alt_text": ["A described image"]}
    return {}


# --- The sweep ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, admin_world):
    settings.MEDIA_ROOT = admin_world.media
    return admin_world.media


def outcome(response) -> str:
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return LOGIN
    return str(response.status_code)


def expected(route: Route, rule: Rule, world, role: str, method: str, obj) -> tuple[set, bool]:
    """The statuses allowed for this request, and whether the database may change."""
    statuses = rule.get if method == "GET" else rule.post
    if role == "anonymous" and rule.anonymous == LOGIN:
        return {LOGIN}, False
    if role == "anonymous" and rule.anonymous == "forbidden":
        return ({"405"} if method == "GET" else {"403"}), False
    if role == "anonymous" and rule.anonymous == "forbidden_get":
        return ({"403"} if method == "GET" else {"405"}), False
    if route.kind == "blog:post_detail":
        from blog.models import Post

        user = world.users[role]
        visible = Post.objects.visible_to(user) if user else Post.objects.published()
        if not visible.filter(pk=obj.pk).exists():
            # A POST may be turned away for its method before the lookup.
            return ({"404"} if method == "GET" else {"404", "405"}), False
    if rule.allowed is None:
        return {str(s) for s in statuses}, rule.post_changes_db
    ma = model_admin(route.label)
    request = world.request(role)
    allowed = rule.allowed(ma, request, obj)
    if method == "POST" and rule.allowed is view and route.kind in ("change", "revision"):
        allowed = ma.has_change_permission(request, obj)
    if method == "POST" and rule.post_allowed is not None:
        allowed = allowed and rule.post_allowed(ma, request, obj)
    if rule.editors_only and role == "author":
        allowed = False
    if route.kind == "changelist" and method == "POST":
        # The page answers; only a permitted delete may change anything.
        may_delete = allowed and obj is not None and ma.has_delete_permission(request, obj)
        return ({"200", "302"} if allowed else {"403"}), may_delete
    if allowed:
        return {str(s) for s in statuses}, rule.post_changes_db
    # Refused: whichever way, never the page, never a change.
    return {"403", "404", "302"}, False


@pytest.mark.parametrize(("route", "role", "owner", "method"), list(cases()))
def test_url_answers_each_role_as_specified(
    client, admin_world, route, role, owner, method, django_user_model
):
    rule = RULES.get(route.kind)
    assert rule is not None, f"no rule for {route.route} ({route.kind})"
    admin_world.refresh()
    url, obj = url_for(admin_world, route, owner)
    if admin_world.users[role] is not None:
        client.force_login(admin_world.users[role])
    want, may_change = expected(route, rule, admin_world, role, method, obj)
    if method == "GET":
        response = client.get(url)
        assert outcome(response) in want, (url, response.status_code, form_errors_or(response))
        return

    def superuser_client():
        from django.test import Client

        other = Client()
        other.force_login(admin_world.users["superuser"])
        return other

    # The admin's change form, not the header's log-out form.
    form_id = f"{model_admin(route.label).model._meta.model_name}_form" if route.label else None
    data = post_data(rule, client, superuser_client, url, obj, form_id)
    before = snapshot()
    restricted = restricted_fields(route, admin_world, role, obj)
    response = client.post(url, data)
    assert outcome(response) in want, (url, response.status_code, form_errors_or(response))
    after = snapshot()
    if not may_change:
        assert diff(before, after, timestamps=True) == [], f"{role} changed data through {url}"
    elif restricted:
        # Allowed to save, not to set what the role cannot set (a revert included).
        obj.refresh_from_db()
        leaked = {name: getattr(obj, name) for name in restricted}
        assert leaked == restricted, f"{role} set fields the admin keeps from them via {url}"


def restricted_fields(route: Route, world, role: str, obj) -> dict:
    """The fields of ``obj`` this role's change form does not let them set."""
    if route.kind not in ("change", "revision") or obj is None or role == "superuser":
        return {}
    ma = model_admin(route.label)
    request = world.request(role)
    if not ma.has_change_permission(request, obj):
        return {}
    editable = set(ma.get_form(request, obj).base_fields)
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in editable
        and not getattr(f, "auto_now", False)
    }  # fmt: skip


def form_errors_or(response) -> str:
    if response.status_code >= 500 or response.status_code == 200:
        return form_errors(response.content.decode())[:1500]
    return response.get("Location", "")
