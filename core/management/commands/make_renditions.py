"""Backfill responsive renditions (and stored dimensions) of every tracked image."""

from django.core.management.base import BaseCommand

from core.page_cache import bump, tag_for
from core.renditions import TRACKED


class Command(BaseCommand):
    help = (
        "Make the missing responsive renditions of featured images and author photos "
        "(widths, and the square crops of author photos)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Remake every rendition, even existing ones."
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        # One pass per field, whatever the kinds of renditions it has (widths, squares).
        fields: dict[tuple, list] = {}
        for model, field_name, kind in TRACKED:
            fields.setdefault((model, field_name), []).append(kind)
        made = 0
        for (model, field_name), kinds in fields.items():
            field = model._meta.get_field(field_name)
            for instance in model._default_manager.exclude(**{field_name: ""}).iterator():
                file = getattr(instance, field_name)
                if not file.storage.exists(file.name):
                    self.stderr.write(f"  {model.__name__} {instance.pk}: {file.name} is missing")
                    continue
                dimensions = {}
                if field.width_field and not getattr(instance, field.width_field):
                    field.update_dimension_fields(instance, force=True)
                    dimensions = {
                        field.width_field: getattr(instance, field.width_field),
                        field.height_field: getattr(instance, field.height_field),
                    }
                    # update(): no save() side effects, no signals re-entering here.
                    model._default_manager.filter(pk=instance.pk).update(**dimensions)
                stale = [kind for kind in kinds if force or dimensions or not kind.complete(file)]
                for kind in stale:
                    kind.make(file)
                if stale:
                    bump(tag_for(instance))
                    made += 1
        self.stdout.write(self.style.SUCCESS(f"Renditions made for {made} image(s)."))
