"""The reports of the checks: `plan validate` and `plan verify`, the same on a terminal and
in a pipe, in the language of the run."""

from __future__ import annotations

from plan_cli.core.i18n import _, npgettext


def _pad(word: str) -> str:
    """A word of the left column, padded to four cells whatever the language."""
    from plan_cli.views.text import width

    return word + " " * max(0, 4 - width(word))


def _mark(ok: bool) -> str:
    return _pad(_("ok") if ok else _("MISS"))


def validated(plan) -> None:
    sections, measures = len(plan.sections), len(plan.measures)
    units, targets = len(plan.units), len(plan.targets)
    print(
        _("ok: {path}: {sections}, {measures}, {units}, {targets}").format(
            path=plan.path,
            sections=npgettext("counts", "{n} section", "{n} sections", sections).format(
                n=sections
            ),
            measures=npgettext("counts", "{n} measure", "{n} measures", measures).format(
                n=measures
            ),
            units=npgettext("counts", "{n} unit", "{n} units", units).format(n=units),
            targets=npgettext("counts", "{n} target", "{n} targets", targets).format(n=targets),
        )
    )


def verified(report) -> None:
    for c in report.checks:
        print(f"{_mark(not c.misses)} {c.found:>4}/{c.total:<4} {c.name}")
    print(
        f"{_mark(not report.uncovered)} {report.coverage:6.2f}%    "
        + _("of the source's characters accounted for")
    )
    note = _pad(_("note"))
    print(
        f"{note} {report.inferred:>4}        "
        + _("judgements marked inferred, not read off the source (plan gaps lists them)")
    )
