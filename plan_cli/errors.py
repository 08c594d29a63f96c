"""Exit statuses and the library's exception types.

The library raises these; only cli.py turns them into a message and an exit status
(httpie's status.py / gh's exit codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    NOT_FOUND = 1  # unknown or ambiguous agency, unknown measure, search without a match
    USAGE = 2  # bad arguments (raised by Click for option parsing, by us for values)
    DATA = 3  # the plan file is missing, unreadable, malformed or against the schema


class PlanError(Exception):
    """Base class: every error the library raises on purpose."""

    exit_status = ExitStatus.NOT_FOUND


class NotFound(PlanError):
    exit_status = ExitStatus.NOT_FOUND


class UnknownMeasure(NotFound):
    def __init__(self, measure_id: int, known: range | None = None):
        self.measure_id = measure_id
        hint = f" (the plan has measures {known.start}–{known.stop - 1})" if known else ""
        super().__init__(f"no measure {measure_id}{hint}")


class UnknownUnit(NotFound):
    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {'、'.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no unit matches '{name}'{hint}")


class AmbiguousUnit(NotFound):
    def __init__(self, name: str, candidates: list[str]):
        self.name = name
        self.candidates = candidates
        shown = "、".join(candidates[:12]) + ("…" if len(candidates) > 12 else "")
        super().__init__(f"'{name}' matches {len(candidates)} units: {shown}; be more specific")


class InvalidValue(PlanError):
    """A value given by the user that parses but makes no sense (exit 2)."""

    exit_status = ExitStatus.USAGE


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, located as precisely as we can."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class DataError(PlanError):
    """The plan file cannot be used. Carries every problem found, not only the first."""

    exit_status = ExitStatus.DATA

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0])
        more = f" (and {len(problems) - 1} more problems: run 'plan validate')" if len(problems) > 1 else ""
        super().__init__(first + more)
