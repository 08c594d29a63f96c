"""The reports of the checks: `plan validate` and `plan verify`, the same on a terminal and
in a pipe."""

from __future__ import annotations

import sys


def validated(plan) -> None:
    print(
        f"ok: {plan.path}: {len(plan.sections)} sections, {len(plan.measures)} measures, "
        f"{len(plan.units)} units, {len(plan.targets)} targets",
        file=sys.stdout,
    )


def verified(report) -> None:
    for c in report.checks:
        mark = "ok  " if not c.misses else "MISS"
        print(f"{mark} {c.found:>4}/{c.total:<4} {c.name}")
    print(
        f"{'ok  ' if not report.uncovered else 'MISS'} {report.coverage:6.2f}%    "
        f"of the source's characters accounted for"
    )
    print(
        f"note {report.inferred:>4}        judgements marked inferred, not read off the source "
        "(plan gaps lists them)"
    )
