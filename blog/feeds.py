"""
RSS 2.0 and Atom feeds of published posts, through django.contrib.syndication.

The site feed, and one per category, tag and author. The author feed lives
here rather than in ``authors`` because authors may not import blog; it is
routed in config/urls.py before the authors URLs.
"""

import mimetypes
import re
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from authors.models import Author
from core.fragments import fragment
from core.html_urls import absolute_urls, may_hold_urls
from core.page_cache import tag_response

from .models import Category, Post, Tag
from .page_cache import card_tags

FEED_LENGTH = 20
# The item's post, handed from item_extra_kwargs to get_feed with the item.
POST_KEY = "_post"

# Everything outside XML 1.0's Char production (control characters, lone
# surrogates, U+FFFE/U+FFFF). Django refuses to write them rather than produce
# a broken feed, so one stray character in a name or title was a 500.
_XML_INVALID_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _XML_INVALID_RE.sub("", text or "")


def _xml_safe(value: object) -> object:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class XmlSafeFeed:
    """
    A feed generator that cleans every text it is given, feed-level and per
    item, so that no field (a title, a category name, an author's name, a field
    added later) can make the feed fail: one place instead of one per field.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs) -> None:
        super().add_item(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})


class AbsoluteUrlsFeed:
    """
    A feed generator that makes every item's enclosure URLs absolute, against
    the item's own link, which Django has already made absolute with the
    request's scheme and host. The item's HTML is made absolute by the Feed
    (``LatestPostsFeed.get_feed``), which has the request and so can keep it.
    """

    def add_item(self, *args, **kwargs) -> None:
        base = kwargs.get("link") or ""
        if kwargs.get("enclosures"):
            kwargs["enclosures"] = [
                Enclosure(urljoin(base, e.url), e.length, e.mime_type) for e in kwargs["enclosures"]
            ]
        super().add_item(*args, **kwargs)


def item_html_with_absolute_urls(request: HttpRequest, post: Post, item: dict) -> str:
    """
    The item's HTML with its links and images made absolute (a post body links
    ``/blog/x/`` and shows ``/media/...``, which a feed reader cannot resolve),
    against the item's own absolute link. Parsing a body for that is most of a
    feed's cost, so a body without URLs is not parsed, and a parsed one is kept
    like a fragment until the post changes (its tag; the link, scheme and host
    are in the name).
    """
    html, base = item["description"] or "", item["link"] or ""
    if not may_hold_urls(html):
        return html
    return fragment(
        request, f"feed-item-html|{post.pk}|{base}", [post], lambda: absolute_urls(html, base)
    )


class XmlSafeRssFeed(AbsoluteUrlsFeed, XmlSafeFeed, Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(AbsoluteUrlsFeed, XmlSafeFeed, Atom1Feed):
    pass


class LatestPostsFeed(Feed):
    """The 20 newest published posts, with their full sanitised body."""

    feed_type = XmlSafeRssFeed

    def title(self, obj=None) -> str:
        return settings.SITE_NAME

    def description(self, obj=None) -> str:
        return settings.SITE_TAGLINE

    def link(self, obj=None) -> str:
        return reverse("blog:post_list")

    def posts(self, obj=None) -> QuerySet[Post]:
        return Post.objects.published()

    def items(self, obj=None) -> QuerySet[Post]:
        # select/prefetch: one query per relation, not per item (N+1).
        # An item carries the rendered body only: not the Markdown, references, key points.
        return (
            self.posts(obj)
            .select_related("author")
            .prefetch_related("categories", "tags")
            .without_long_text(keeping=("body_html",))
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # The posts the items came from (item_extra_kwargs), not a second query.
        posts = [item.pop(POST_KEY) for item in feed.items]
        # What the feed shows, for the page cache: the posts (and which ones),
        # their authors, categories and tags, and the category, tag or author.
        tag_response(
            request,
            card_tags(posts),
            (tag for post in posts for tag in post.tags.all()),
            () if obj is None else obj,
        )
        for item, post in zip(feed.items, posts, strict=True):
            item["description"] = item_html_with_absolute_urls(request, post, item)
        return feed

    def item_extra_kwargs(self, item: Post) -> dict:
        return {POST_KEY: item}

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        # body_html is the output of core.markdown.render_markdown.
        return item.body_html

    def item_link(self, item: Post) -> str:
        return item.get_absolute_url()

    def item_enclosures(self, item: Post) -> list[Enclosure]:
        """The featured image (made absolute by AbsoluteUrlsFeed)."""
        image = item.featured_image
        if not image:
            return []
        try:
            length = image.size
        except OSError:  # a missing file must not take the feed down
            length = 0
        mime_type = mimetypes.guess_type(image.name)[0] or "image/jpeg"
        return [Enclosure(image.url, str(length), mime_type)]

    def item_author_name(self, item: Post) -> str:
        return item.author.name

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item: Post) -> list[str]:
        return [c.name for c in item.categories.all()] + [t.name for t in item.tags.all()]


class AtomMixin:
    """The same feed in Atom, which also carries each post's update date."""

    feed_type = XmlSafeAtomFeed

    def subtitle(self, obj=None) -> str:
        return self.description(obj)


class LatestPostsAtomFeed(AtomMixin, LatestPostsFeed):
    pass


class CategoryFeed(LatestPostsFeed):
    def get_object(self, request, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category) -> str:
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj: Category) -> str:
        return f"New posts in {obj.name} on {settings.SITE_NAME}"

    def link(self, obj: Category) -> str:
        return obj.get_absolute_url()

    def posts(self, obj: Category) -> QuerySet[Post]:
        return Post.objects.published().filter(categories=obj)


class TagFeed(LatestPostsFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj: Tag) -> str:
        return f"#{obj.name} · {settings.SITE_NAME}"

    def description(self, obj: Tag) -> str:
        return f"New posts tagged {obj.name} on {settings.SITE_NAME}"

    def link(self, obj: Tag) -> str:
        return obj.get_absolute_url()

    def posts(self, obj: Tag) -> QuerySet[Post]:
        return Post.objects.published().filter(tags=obj)


class AuthorFeed(LatestPostsFeed):
    def get_object(self, request, slug: str) -> Author:
        return get_object_or_404(Author.objects.active(), slug=slug)

    def title(self, obj: Author) -> str:
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj: Author) -> str:
        return f"New posts by {obj.name} on {settings.SITE_NAME}"

    def link(self, obj: Author) -> str:
        return obj.get_absolute_url()

    def posts(self, obj: Author) -> QuerySet[Post]:
        return Post.objects.published().filter(author=obj)


class CategoryAtomFeed(AtomMixin, CategoryFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass
