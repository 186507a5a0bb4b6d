"""What an import did, counted and listed, for the summary and the ImportRun row."""

from collections import Counter
from dataclasses import dataclass, field

# A list longer than this keeps its count but not every line: the report of
# a huge export stays small (memory and the admin page).
MAX_LINES = 500


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    lists: dict[str, list[str]] = field(default_factory=dict)
    # How many lines each list had, kept or not.
    listed: Counter = field(default_factory=Counter)

    def count(self, key: str, number: int = 1) -> None:
        self.counts[key] += number

    def note(self, key: str, line: str) -> None:
        self.listed[key] += 1
        lines = self.lists.setdefault(key, [])
        if len(lines) < MAX_LINES:
            lines.append(line)

    def as_json(self) -> dict:
        lists = dict(self.lists)
        for key, lines in lists.items():
            if (more := self.listed[key] - len(lines)) > 0:
                lists[key] = [*lines, f"… and {more} more"]
        return {"counts": dict(sorted(self.counts.items())), "lists": lists}

    def summary_lines(self) -> list[str]:
        """The summary printed at the end of a run: counts, then each list."""
        lines = [f"  {key}: {number}" for key, number in sorted(self.counts.items())]
        for key, entries in self.as_json()["lists"].items():
            lines.append(f"{key} ({self.listed[key]}):")
            lines += [f"  - {entry}" for entry in entries]
        return lines
