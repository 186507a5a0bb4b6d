"""
Every outbound link the site publishes, recorded where it stands.

A page this site was modelled on ended with an injected spam link that
nobody noticed. Here every link to another site in a published post, an
author's profile (and, through ``record_links``, an approved comment) is
written down with its anchor text when the text is saved; links to domains
no editor has allowed wait in the admin's "Outbound links to review" list
until an editor marks them reviewed.

Links are read from the HTML that ``core.markdown.render_markdown``
produced, which is already sanitised: the parser here only reads it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.html import format_html

from authors.models import Author
from core.integrity import is_intact
from core.links import outbound_links
from core.markdown import render_markdown
from core.weblinks import absolute

from .models import AllowedDomain, OutboundLink, Post, domain_of


@transaction.atomic
def record_links(obj: models.Model, field: str, html: str) -> list[OutboundLink]:
    """
    Record the outbound links in ``html``, which is what ``obj.<field>``
    shows readers. Links that are gone are forgotten; a link whose anchor
    text changed needs a fresh review. The comments app calls this for
    approved comments (and ``forget_links`` when one is removed).
    """
    content_type = ContentType.objects.get_for_model(obj)
    found: dict[str, str] = {}
    for link in outbound_links(html):
        found.setdefault(link.url[:2000], link.text[:500])
    spot = OutboundLink.objects.filter(content_type=content_type, object_id=obj.pk, field=field)
    spot.exclude(url__in=found).delete()
    known = {link.url: link for link in spot}
    for url, text in found.items():
        link = known.get(url)
        if link is None:
            known[url] = OutboundLink.objects.create(
                url=url,
                domain=domain_of(url),
                anchor_text=text,
                content_type=content_type,
                object_id=obj.pk,
                field=field,
            )
        elif link.anchor_text != text:
            link.anchor_text = text
            link.reviewed, link.reviewed_by, link.reviewed_at = False, None, None
            link.save()
    return [known[url] for url in found]


def forget_links(obj: models.Model, field: str | None = None) -> None:
    """Forget what ``obj`` linked to (all fields, or one): it no longer reaches a page."""
    links = OutboundLink.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
    if field is not None:
        links = links.filter(field=field)
    links.delete()


def url_as_html(url: str, text: str) -> str:
    """A bare URL field (a booking link) read as the one link it renders as."""
    return format_html('<a href="{}">{}</a>', url, text) if url else ""


# --- What each kind of page shows --------------------------------------------


def record_post_links(post: Post) -> None:
    # Drafts reach no reader; their links are recorded when they are published.
    if post.status == Post.Status.PUBLISHED:
        record_links(post, "body", post.body_html)
    else:
        forget_links(post)


# Profile fields written in Markdown, and bare URL fields with the label they show.
AUTHOR_MARKDOWN_FIELDS = ["short_bio", "bio"]
AUTHOR_URL_FIELDS = {"booking_url": "booking_label", "website": None}
# One https:// address a line, each shown as a link named after its host.
AUTHOR_URL_LIST_FIELDS = ["social_links"]


def urls_as_html(lines: str) -> str:
    """A field of one URL a line (social links) read as the links it renders as."""
    return "".join(url_as_html(line.strip(), line.strip()) for line in lines.splitlines())


def author_link_html(author: Author) -> dict[str, str]:
    """Per profile field, the HTML of the links it puts on the profile page."""
    shown = {}
    for name in AUTHOR_MARKDOWN_FIELDS:
        shown[name] = render_markdown(getattr(author, name))
    for name, label in AUTHOR_URL_FIELDS.items():
        url = getattr(author, name)
        shown[name] = url_as_html(url, getattr(author, label) if label else url)
    for name in AUTHOR_URL_LIST_FIELDS:
        shown[name] = urls_as_html(getattr(author, name))
    return shown


def record_author_links(author: Author) -> None:
    for name, html in author_link_html(author).items():
        record_links(author, name, html)


def links_the_register_never_saw(obj: Post | Author) -> list[str]:
    """
    The outbound links ``obj``'s stored text shows now that the register has
    no row for: for a post or profile whose seal is broken, the link that was
    slipped in. Both the stored Markdown and the stored HTML are read, since
    either may have been changed.
    """
    if isinstance(obj, Post):
        html = obj.body_html + render_markdown(obj.body)
    else:
        html = obj.bio_html + "".join(author_link_html(obj).values())
    seen = {
        absolute(url)
        for url in OutboundLink.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).values_list("url", flat=True)
    }
    unseen: dict[str, None] = {}
    for link in outbound_links(html):
        if absolute(link.url) not in seen:
            unseen.setdefault(link.url, None)
    return list(unseen)


def _post_saved(sender, instance: Post, raw: bool = False, **kwargs) -> None:
    if not raw:
        record_post_links(instance)


def _author_saved(sender, instance: Author, raw: bool = False, **kwargs) -> None:
    if not raw:
        record_author_links(instance)


def _deleted(sender, instance: models.Model, **kwargs) -> None:
    forget_links(instance)


def _allowed_domains_changed(sender, instance: AllowedDomain, raw: bool = False, **kwargs) -> None:
    """Posts that link to the domain get the right rel now, not at their next edit."""
    if raw:
        return
    domain = instance.domain
    post_ids = OutboundLink.objects.filter(
        Q(domain=domain) | Q(domain__endswith=f".{domain}"),
        content_type=ContentType.objects.get_for_model(Post),
    ).values("object_id")
    for post in Post.objects.filter(pk__in=post_ids):
        # A post changed behind the admin's back keeps its broken seal: re-saving
        # it here would bless the tampering.
        if is_intact(post):
            post.save()


def connect_signals() -> None:
    """Called from BlogConfig.ready(): authors may not import blog, so blog listens."""
    post_save.connect(_post_saved, sender=Post, dispatch_uid="blog.links.post_saved")
    post_save.connect(_author_saved, sender=Author, dispatch_uid="blog.links.author_saved")
    post_delete.connect(_deleted, sender=Post, dispatch_uid="blog.links.post_deleted")
    post_delete.connect(_deleted, sender=Author, dispatch_uid="blog.links.author_deleted")
    post_save.connect(
        _allowed_domains_changed, sender=AllowedDomain, dispatch_uid="blog.links.domain_saved"
    )
    post_delete.connect(
        _allowed_domains_changed, sender=AllowedDomain, dispatch_uid="blog.links.domain_deleted"
    )
