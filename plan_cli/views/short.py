"""The names people say for units, for narrow tables: 发改委 for 自治区发展改革委, 财政厅
for 自治区财政厅. A unit's `shown` name is its abbreviation in the registry, else its short
name; every shortened name is spelled out under the table."""

from __future__ import annotations

from collections.abc import Sequence

from plan_cli.core.i18n import _


def short_names(units: Sequence) -> dict[str, str]:
    """canonical name -> the name shown."""
    return {u.name: u.shown for u in units}


def footer(shown: dict[str, str], used: Sequence[str]) -> list[str]:
    """'发改委=自治区发展改革委' for every shortened name among `used`, in order; a name
    that only drops the region's prefix (财政厅 for 自治区财政厅) is said once for all."""
    from plan_cli.core.names import REGION

    pairs, dropped = [], False
    for n in dict.fromkeys(used):
        s = shown.get(n, n)
        if s == n:
            continue
        if n == REGION + s:
            dropped = True
        else:
            pairs.append(f"{s}={n}")
    note = _("{region} left out in front of names;").format(region=REGION)
    return ([note] if dropped else []) + pairs
