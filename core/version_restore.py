"""
Putting a stored version back as if its user had typed it: only the fields
that user's own admin form lets them edit, and related values only among
that form's choices. ``core.revisions.HistoryAdmin`` restores and recovers
through these, instead of reversion's revert, which writes every field.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms import ModelForm
from reversion.models import Version


def typed_fields(form_class: type[ModelForm], model: type[models.Model]) -> list[models.Field]:
    """The model fields a form lets its user edit (read-only and excluded ones are not in it)."""
    fields = []
    for name in form_class.base_fields:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a form-only field, e.g. the changed-since-opened token
        if isinstance(field, models.Field) and (field.concrete or field.many_to_many):
            if field.primary_key:
                continue
            fields.append(field)
    return fields


def _choosable(formfield, field: models.Field, values: list) -> list:
    """Of ``values`` (related keys), those the form's own choices offer this user."""
    queryset = getattr(formfield, "queryset", None)
    if queryset is None:
        return values
    # Not many-to-many: a foreign key, which names the field it points at.
    lookup = "pk" if field.many_to_many else getattr(field, "target_field").attname  # noqa: B009
    wanted = [value for value in values if value is not None]
    offered = set(queryset.filter(**{f"{lookup}__in": wanted}).values_list(lookup, flat=True))
    return [value for value in values if value is None or value in offered]


def restore_typed_fields(
    form_class: type[ModelForm], old: models.Model, current: models.Model | None, **fixed
) -> models.Model:
    """
    Save ``current`` (or, when it no longer exists, a new object with the old
    primary key) with the values of ``old`` (a version's object) for the
    fields ``form_class`` lets its user edit, and only those, as if typed.

    Related values are kept only among the form's choices. Every other field
    keeps what the object holds now (a new object: its default). Fields no
    form edits (who verified a credential and when, an image's size) come
    back with the old version only when the form covers every field of the
    model anyone may type: that role could have set them all. The model's
    ``save`` runs, as on a form save, and keeps derived fields consistent.
    The ``auto_now`` stamps of an existing object keep their value: the
    changed-since-opened check compares them with what the person opened.
    """
    model = type(old)
    target = current if current is not None else model(pk=old.pk)
    fixed_names = {*fixed, model._meta.pk.attname}
    typed = typed_fields(form_class, model)
    typed_names = {field.attname for field in typed}
    stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    stamps = {field.attname: getattr(target, field.attname) for field in stamped}
    whole_role = all(
        field.attname in typed_names or field.attname in fixed_names
        for field in model._meta.concrete_fields
        if field.editable
    )
    if whole_role:
        for field in model._meta.concrete_fields:
            automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            if not field.editable and not field.primary_key and not automatic:
                setattr(target, field.attname, getattr(old, field.attname))
    many = {}
    for field in typed:
        formfield = form_class.base_fields[field.name]
        if field.many_to_many:
            if field.name in (old_m2m := getattr(old, "_version_m2m", {})):
                many[field.name] = _choosable(formfield, field, old_m2m[field.name])
            continue
        value = getattr(old, field.attname)
        if field.is_relation and not _choosable(formfield, field, [value]):
            continue
        if isinstance(field, models.FileField):
            # The stored name, not the file: assigning through the descriptor
            # would open an image to measure it. Its size comes with it.
            target.__dict__[field.attname] = old.__dict__[field.attname]
            for companion in (
                getattr(field, "width_field", None),
                getattr(field, "height_field", None),
            ):
                if companion:
                    setattr(target, companion, getattr(old, companion))
            continue
        setattr(target, field.attname, value)
    for attname, value in fixed.items():
        setattr(target, attname, value)
    if current is None:
        target.save(force_insert=True)
    else:
        target.save()
        if stamps:
            model._default_manager.filter(pk=target.pk).update(**stamps)
            for attname, value in stamps.items():
                setattr(target, attname, value)
    for name, values in many.items():
        getattr(target, name).set(values)
    return target


def version_object(version: Version) -> models.Model:
    """The object a version holds (unsaved), with its many-to-many values at hand."""
    deserialized = version._object_version  # RevertError when it no longer loads
    obj = deserialized.object
    obj._version_m2m = deserialized.m2m_data or {}
    return obj
