"""
The Jinja2 environment of the public pages (issue 19).

Django's template language was the largest part of a cold page where nodes
repeat (docs/performance.md, "Cold pages"); the public templates are Jinja2,
rendered by Django's own backend (``django.template.backends.jinja2.Jinja2``,
first in settings.TEMPLATES). The admin, its overrides under templates/admin/
and the emails stay on Django templates: ``PublicLoader`` refuses them, so
Django falls through to the DjangoTemplates engine. One set of templates,
each in one language.

What the Django tags did is here as globals, filters and one extension, each
with the same behaviour: autoescaping stays on; the only HTML marked safe
comes from the sanitising Markdown function (``|safe`` in the templates), from
Django's own HTML builders (forms, ``format_html``) or from the functions below
that build it with ``format_html``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from jinja2 import (
    ChainableUndefined,
    Environment,
    FileSystemLoader,
    TemplateNotFound,
    nodes,
    pass_context,
)
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context
from markupsafe import Markup, escape

from blog import seo, structured_data
from blog.page_cache import post_card_tags
from comments import sections
from comments.phone_links import linked_phone_numbers
from core.fragments import fragment as cached_fragment

# Rendered by Django templates: the admin (and its overrides here), and the
# emails, which are plain text or inline-styled HTML written for Django's
# engine ({% autoescape off %} in the text ones).
DJANGO_ONLY = ("admin/", "blog/email/", "blog/newsletter/email/")


class PublicLoader(FileSystemLoader):
    """The templates/ folder without what Django's engine renders."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable]:
        if template.startswith(DJANGO_ONLY):
            raise TemplateNotFound(template)
        return super().get_source(environment, template)

    def list_templates(self) -> list[str]:
        return [name for name in super().list_templates() if not name.startswith(DJANGO_ONLY)]


class FragmentExtension(Extension):
    """
    ``{% fragment name, tag, tag... %}...{% endfragment %}``: a part of a public
    page cached on its own (``core.fragments.fragment``), invalidated by the
    same tags as whole pages. The tags are model instances, strings, or lists
    of them; the name says what else the HTML depends on. The body is a
    ``caller`` rendered only on a miss.
    """

    tags = {"fragment"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        tags = []
        while parser.stream.current.type != "block_end":
            parser.stream.skip_if("comma")
            tags.append(parser.parse_expression())
        if not tags:
            parser.fail("fragment needs a name and at least one tag", lineno)
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        call = self.call_method("_render", [nodes.ContextReference(), name, nodes.List(tags)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    @staticmethod
    def _render(context: Context, name: Any, tags: list, caller: Callable[[], str]) -> str:
        request = context.get("request")
        if not isinstance(request, HttpRequest):
            return caller()
        return cached_fragment(request, str(name), tags, caller)


def _request(context: Context) -> HttpRequest | None:
    request = context.get("request")
    return request if isinstance(request, HttpRequest) else None


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    """``{{ url("blog:post_detail", post.slug) }}``: Django's ``{% url %}``."""
    try:
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        return _reversed(
            viewname, args, tuple(sorted(kwargs.items())), get_script_prefix(), urlconf
        )
    except TypeError:  # an argument that cannot be a key: reversed every time
        return reverse(viewname, args=args or None, kwargs=kwargs or None)


@lru_cache(maxsize=4096)
def _reversed(viewname: str, args: tuple, kwargs: tuple, prefix: str, urlconf: str) -> str:
    # A page reverses the same dozen addresses (the menu, the feeds) on every
    # render; the answer depends only on these arguments, the script prefix
    # and the URLconf (both in the key, so an override in tests is seen).
    return reverse(viewname, args=args or None, kwargs=dict(kwargs) or None, urlconf=urlconf)


def comment_section(context: Context, post) -> Markup:
    """
    Everything under a post (comments/_section.html), rendered with only its
    own context, as the inclusion tag was: what it caches must not depend on
    the page around it. The CSRF token goes along for a staff writer's form.
    """
    data = sections.comment_section_context(context["request"], post)
    data["csrf_input"] = context.get("csrf_input")
    data["csrf_token"] = context.get("csrf_token")
    template = context.environment.get_template(sections.SECTION_TEMPLATE)
    return Markup(template.render(data))  # autoescaped output


def can_edit_comment(context: Context, comment) -> bool:
    return sections.can_edit_comment(context["request"], context.get("own"), comment)


def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter, in the current time zone as Django's engine converts it."""
    return defaultfilters.date(template_localtime(value), arg)


def linebreaks(value: Any) -> SafeString:
    """Django's ``linebreaks``: the text escaped, then paragraphs and <br>."""
    return defaultfilters.linebreaks_filter(value, autoescape=True)


def collapse_spaces(value: object) -> Markup:
    """
    ``{% set x %}...{% endset %}{% set x = x|collapse_spaces %}``: a block
    rendered once (escaped already) and used in several tags, as the
    ``capture`` tag did.
    """
    # A set block's output is Markup already (escape leaves it as it is); any
    # other value is escaped here, never marked safe as it stands.
    return Markup(" ".join(escape(value).split()))


def card_cache_tags(post) -> list[object]:
    """``{% fragment "card", post|card_cache_tags %}``: what a post card depends on."""
    return list(post_card_tags(post))


def environment(**options: Any) -> Environment:
    # The loader Django made from DIRS, narrowed to the public templates.
    options["loader"] = PublicLoader(options["loader"].searchpath)
    # Like Django's engine: a missing variable (or an attribute of one) is
    # empty and false, never an error and never "{{ name }}" on a page.
    options["undefined"] = ChainableUndefined
    # Django keeps a template's last newline; so do we, for the same HTML.
    options.setdefault("keep_trailing_newline", True)
    options.setdefault("extensions", []).append(FragmentExtension)
    env = Environment(**options)
    env.globals.update(
        url=url,
        static=static,
        canonical_url=_with_request(seo.canonical_url),
        absolute_url=_with_request(seo.absolute_url),
        absolute_static=_with_request(seo.absolute_static),
        post_json_ld=_with_request(seo.post_json_ld),
        author_json_ld=_with_request(seo.author_json_ld),
        post_image_url=_with_request(structured_data.post_image_url),
        comment_section=pass_context(comment_section),
        can_edit_comment=pass_context(can_edit_comment),
    )
    env.filters.update(
        date=date,
        pluralize=defaultfilters.pluralize,
        urlencode=defaultfilters.urlencode,
        linebreaks=linebreaks,
        truncatechars=defaultfilters.truncatechars,
        # Django's: Jinja2's own striptags also folds whitespace.
        striptags=defaultfilters.striptags,
        collapse_spaces=collapse_spaces,
        card_cache_tags=card_cache_tags,
        crisis_help_html=linked_phone_numbers,
    )
    return env


def _with_request(function: Callable) -> Callable:
    """A function of the request as a global: ``{{ canonical_url() }}``."""

    @pass_context
    def call(context: Context, *args: Any) -> Any:
        return function(_request(context), *args)

    call.__name__ = function.__name__
    return call
