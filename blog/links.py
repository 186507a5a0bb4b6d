"""
Every outbound link the site publishes, recorded where it stands.

A page this site was modelled on ended with an injected spam link that
nobody noticed. Here every link to another site in a published post, an
author's profile or an approved comment (what the model declares in its
``outbound_link_html()``) is written down with its anchor text when the text
is saved; links to domains no editor has allowed wait in the admin's
"Outbound links to review" list until an editor marks them reviewed.

Links are read from the HTML that ``core.markdown.render_markdown``
produced, which is already sanitised: the parser here only reads it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from authors.models import Author
from core.integrity import is_intact
from core.links import outbound_links
from core.markdown import render_markdown
from core.receivers import connect, models_declaring
from core.weblinks import absolute

from .models import AllowedDomain, OutboundLink, Post, domain_of, render_reference_list


@transaction.atomic
def record_links(
    obj: models.Model, field: str, html: str, *, created: bool = False
) -> list[OutboundLink]:
    """
    Record the outbound links in ``html``, which is what ``obj.<field>``
    shows readers. Links that are gone are forgotten; a link whose anchor
    text changed needs a fresh review. ``created``: ``obj`` is new, so
    nothing is recorded for it yet (an import saves many such).
    """
    content_type = ContentType.objects.get_for_model(obj)
    found: dict[str, str] = {}
    for link in outbound_links(html):
        found.setdefault(link.url[:2000], link.text[:500])
    known: dict[str, OutboundLink] = {}
    if not created:
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


def register_links(obj: models.Model, *, created: bool = False) -> None:
    """
    Record the links ``obj`` shows readers, per field (``obj.outbound_link_html()``);
    when it shows none (a draft, a held comment), forget what it linked to.
    Also for bulk updates, which send no signals (the comments' admin actions).
    ``created``: ``obj`` was just inserted, so it has no rows to forget.
    """
    shown = obj.outbound_link_html()
    if not shown:
        if not created:
            forget_links(obj)
        return
    for field, html in shown.items():
        record_links(obj, field, html, created=created)


def links_the_register_never_saw(obj: Post | Author) -> list[str]:
    """
    The outbound links ``obj``'s stored text shows now that the register has
    no row for: for a post or profile whose seal is broken, the link that was
    slipped in. Both the stored Markdown and the stored HTML are read, since
    either may have been changed.
    """
    if isinstance(obj, Post):
        html = obj.body_html + render_markdown(obj.body)
        html += obj.references_html + render_reference_list(obj.references)
    else:
        html = obj.bio_html + "".join(obj.outbound_link_html().values())
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


def _saved(
    sender, instance: models.Model, created: bool = False, raw: bool = False, **kwargs
) -> None:
    # A fixture brings its own register rows.
    if not raw:
        register_links(instance, created=created)


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


def connect_receivers() -> None:
    """The register's receivers (from BlogConfig.ready): every model that declares its links."""
    for model in models_declaring("outbound_link_html"):
        connect("outbound_links", model, {post_save: _saved, post_delete: _deleted})
    changed = _allowed_domains_changed
    connect("outbound_links", AllowedDomain, {post_save: changed, post_delete: changed})
