"""
The WordPress import runs (``manage.py import_wordpress``) with their
reports, read-only: the command writes them, editors read what was held back.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from .models import ImportRun


def _mapping(value) -> dict:
    """A JSON field as the command writes it (a dict), whatever else it may hold."""
    return value if isinstance(value, dict) else {}


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["source", "site", "outcome", "started_at", "finished_at", "held_back"]
    list_filter = ["outcome"]
    fields = ["source", "site", "outcome", "started_at", "finished_at", "counts_table", "lists"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False

    @admin.display(description="posts held back")
    def held_back(self, run: ImportRun) -> int:
        return int(_mapping(run.counts).get("posts: held back as drafts", 0))

    @admin.display(description="counts")
    def counts_table(self, run: ImportRun) -> str:
        rows = sorted(_mapping(run.counts).items())
        return format_html(
            "<table>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description="for a person to look at")
    def lists(self, run: ImportRun) -> str:
        sections = [
            format_html(
                "<h3>{}</h3><ul>{}</ul>",
                title,
                format_html_join("", "<li>{}</li>", ((line,) for line in lines or [])),
            )
            for title, lines in _mapping(run.report).items()
        ]
        return format_html_join("", "{}", ((section,) for section in sections)) or "Nothing."
