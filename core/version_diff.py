"""
What differs between two stored versions of one object, field by field and
line by line: the history's comparison page (``core.revisions``) shows it.
Fields a model names in ``REVISION_IGNORED_FIELDS`` (derived or bookkeeping
values that change with what people type) are left out.
"""

import difflib
from dataclasses import dataclass

from reversion.models import Version


@dataclass
class FieldDiff:
    name: str
    label: str
    lines: list[tuple[str, str]]  # (kind, text): kind is "added", "removed" or "same"


def _as_lines(value) -> list[str]:
    if isinstance(value, list | tuple | set):
        return [str(item) for item in value]
    return str("" if value is None else value).splitlines() or [""]


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
        before, after = _as_lines(old_fields.get(name)), _as_lines(new_fields.get(name))
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before, after):
            code, text = line[:2], line[2:]
            if code == "? ":
                continue  # ndiff's intraline hints
            kind = {"+ ": "added", "- ": "removed"}.get(code, "same")
            lines.append((kind, text))
        diffs.append(FieldDiff(name, str(getattr(field, "verbose_name", name)), lines))
    return diffs
