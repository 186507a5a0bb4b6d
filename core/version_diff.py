"""
What differs between two stored versions of one object, field by field and
line by line, as people read it: the history's comparison page
(``core.revisions``) shows it. Markdown is compared as the rendered text of
its blocks, choices by their labels, dates in the site's format, related
objects by name. Fields a model names in ``REVISION_IGNORED_FIELDS``
(derived or bookkeeping values that change with what people type) are left out.
"""

import difflib
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from markdownx.models import MarkdownxField
from reversion.models import Version

from .markdown import render_markdown
from .rendered_text import html_blocks


@dataclass
class FieldDiff:
    name: str
    label: str
    lines: list[tuple[str, str]]  # (kind, text): kind is "added", "removed" or "same"


def line_diff(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """Each line of either side as added, removed or the same (ndiff, without its hints)."""
    lines = []
    for line in difflib.ndiff(before, after):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue  # ndiff's intraline hints
        lines.append(({"+ ": "added", "- ": "removed"}.get(code, "same"), text))
    return lines


def _as_lines(value) -> list[str]:
    if isinstance(value, list | tuple | set):
        return [str(item) for item in value]
    return str("" if value is None else value).splitlines() or [""]


def is_markdown(model: type[models.Model], field: models.Field) -> bool:
    return isinstance(field, MarkdownxField) or field.name in getattr(
        model, "REVISION_MARKDOWN_FIELDS", ()
    )


def readable(model: type[models.Model], field, value) -> list[str]:
    """A stored value as the lines a person reads for it."""
    if value is None or value == "":
        return [""]
    if field.many_to_many:
        names = {obj.pk: str(obj) for obj in field.related_model._base_manager.filter(pk__in=value)}
        return sorted(names.get(pk, f"(deleted, #{pk})") for pk in value)
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return [str(related) if related is not None else f"(deleted, #{value})"]
    if field.choices:
        return [str(dict(field.flatchoices).get(value, value))]
    if isinstance(value, bool):
        return ["Yes" if value else "No"]
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return [date_format(moment, "DATETIME_FORMAT")]
    if isinstance(value, date):
        return [date_format(value, "DATE_FORMAT")]
    if isinstance(value, str) and is_markdown(model, field):
        return html_blocks(render_markdown(value)) or [""]
    return _as_lines(value)


def compare_versions(old: Version, new: Version) -> list[FieldDiff]:
    """The fields that differ between two versions of one object, line by line."""
    model = new._model
    old_fields, new_fields = old.field_dict, new.field_dict
    diffs = []
    # Derived or bookkeeping fields change with what people type: the model names them.
    ignored = set(getattr(model, "REVISION_IGNORED_FIELDS", ()))
    for field in model._meta.get_fields():
        name = getattr(field, "attname", None) or field.name
        if field.name in ignored or name not in new_fields:
            continue
        if old_fields.get(name) == new_fields.get(name):
            continue
        before = readable(model, field, old_fields.get(name))
        after = readable(model, field, new_fields.get(name))
        if before == after:
            continue
        label = str(getattr(field, "verbose_name", name))
        diffs.append(FieldDiff(name, label, line_diff(before, after)))
    return diffs
