"""Problems with the input, in one format for the CLI, the app and the tests.

Every problem names the file, the line (1-based; 0 when the whole file is meant), what it is
about (metric, action, area) and the field, and says what would be right.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    subject: str  # e.g. "metric 'autism_longest_wait'", or "" for the file as a whole
    field: str  # e.g. "milestones[1].date", or ""
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.subject:
            parts.append(self.subject)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


def format_problems(problems: list[Problem] | tuple[Problem, ...]) -> str:
    return "\n".join(str(p) for p in sorted(problems))


def problems_summary(problems: list[Problem] | tuple[Problem, ...]) -> str:
    count = len(problems)
    return f"{count} problem{'s' if count != 1 else ''} found; nothing was changed."
