"""The errors the library raises on purpose, by kind.

Only `plan_cli.cli.main` decides what a kind means for the user: the exit status, and that
the message is printed after `plan: `. Here an error only says what went wrong, in
`lines()`: usually one line, several when a check lists every problem. The words are in
the language of the run (i18n.py): errors are raised while `plan` speaks it.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from plan_cli.core.i18n import N_, _, ngettext


class PlanError(Exception):
    """Base class of every error raised on purpose."""

    def lines(self) -> list[str]:
        return [str(self)]


# --- not found: the question was well formed, the plan has no such thing ---------------


class NotFound(PlanError):
    pass


class UnknownMeasure(NotFound):
    def __init__(self, measure_id: int, known: range | None = None):
        self.measure_id = measure_id
        if known:
            message = _("no measure {n} (the plan has measures {first}–{last})").format(
                n=measure_id, first=known.start, last=known.stop - 1
            )
        else:
            message = _("no measure {n}").format(n=measure_id)
        super().__init__(message)


class UnknownSection(NotFound):
    def __init__(self, section: int, known: list[int]):
        self.section = section
        super().__init__(
            _("no section {n} (the plan has sections {known})").format(
                n=section, known=", ".join(map(str, known))
            )
        )


class UnknownUnit(NotFound):
    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        message = _("no unit matches '{name}'").format(name=name)
        if suggestions:
            message += _("; did you mean {names}?").format(names="、".join(suggestions))
        super().__init__(message)


class AmbiguousUnit(NotFound):
    def __init__(self, name: str, candidates: list[str]):
        self.name = name
        self.candidates = candidates
        shown = "、".join(candidates[:12]) + ("…" if len(candidates) > 12 else "")
        super().__init__(
            ngettext(
                "'{name}' matches {n} unit: {units}; be more specific",
                "'{name}' matches {n} units: {units}; be more specific",
                len(candidates),
            ).format(name=name, n=len(candidates), units=shown)
        )


class UnknownPlan(NotFound):
    def __init__(self, plan_id: str, known: list[str]):
        self.plan_id = plan_id
        super().__init__(
            _("no plan '{id}' (the library has {known})").format(
                id=plan_id, known=", ".join(known) or _("none")
            )
        )


class AmbiguousMeasure(NotFound):
    def __init__(self, measure_id: int, candidates: list[str]):
        self.measure_id = measure_id
        self.candidates = candidates
        super().__init__(
            _("measure {n} is in {count} plans: {candidates}; name one, as in {example}").format(
                n=measure_id,
                count=len(candidates),
                candidates="; ".join(candidates),
                example=candidates[0].split(" ")[0],
            )
        )


class NoMatch(NotFound):
    """A search that found nothing."""


# --- usage: a value the user typed that cannot mean anything ----------------------------


class InvalidValue(PlanError):
    """A value given on the command line that is not what the option takes."""


# --- data: a plan file that cannot be used, or disagrees with its source -----------------


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
    """A plan file cannot be used. Carries every problem found, not only the first.

    A query reports the first problem and points to `plan validate`, which lists them all
    (`ProblemList`).
    """

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0])
        more = len(problems) - 1
        if more:
            first += ngettext(
                " (and {n} more problem: run 'plan validate --data {path}')",
                " (and {n} more problems: run 'plan validate --data {path}')",
                more,
            ).format(n=more, path=problems[0].path)
        super().__init__(first)


class ProblemList(DataError):
    """The same problems, every one on its own line, then how many (`plan validate`)."""

    def lines(self) -> list[str]:
        n = len(self.problems)
        return [str(p) for p in self.problems] + [
            ngettext("{n} problem", "{n} problems", n).format(n=n)
        ]


class FormsRefused(DataError):
    """`plan collect` refused workbooks, each whole: every problem on its own line, then how
    many workbooks were refused (a workbook is counted once, however many its problems)."""

    def __init__(self, problems: list[Problem], workbooks: int):
        self.workbooks = workbooks
        super().__init__(problems)

    def lines(self) -> list[str]:
        n = self.workbooks
        return [str(p) for p in self.problems] + [
            ngettext(
                "{n} workbook refused whole: nothing of it is recorded",
                "{n} workbooks refused whole: nothing of them is recorded",
                n,
            ).format(n=n)
        ]


class SourceMismatch(PlanError):
    """`plan verify` found the plan and its source text disagreeing: one line per miss."""

    def __init__(self, misses: list[str]):
        self.misses = misses
        super().__init__(self.lines()[0] if misses else "verify")

    def lines(self) -> list[str]:
        return [_("verify: {miss}").format(miss=m) for m in self.misses]


class Refused(PlanError):
    """The library refused a change (`plan add`, `plan remove`) and is left as it was: an
    id that is already there, the shipped plan, a folder that cannot be written."""


# --- output: the answer could not be written where it was asked to go -------------------


class OutputError(PlanError):
    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(_("cannot write {path}: {reason}").format(path=path, reason=reason))


# --- what the system said, in the language of the run ------------------------------------

_SYSTEM_WORDS = {  # errno -> the words strerror gives, marked for the catalogue
    errno.ENOSPC: N_("No space left on device"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOENT: N_("No such file or directory"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EROFS: N_("Read-only file system"),
    errno.EEXIST: N_("File exists"),
}


def reason(e: OSError) -> str:
    """Why the system refused, as one phrase: its own words, translated where we know them."""
    words = _SYSTEM_WORDS.get(e.errno) if e.errno is not None else None
    return _(words) if words else (e.strerror or str(e))
