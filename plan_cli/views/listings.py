"""Every listing the program shows, declared once: its columns, the headers a person reads,
its summary line and the hooks that draw it where plain rows will not do.

The commands hand an answer from core to `output.emit` with one of these.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from plan_cli.core.relation import COLLECTIVE, LEAD, PARTICIPANT, ROLE_WORDS
from plan_cli.views import terminal
from plan_cli.views.columns import Column, Listing
from plan_cli.views.excel import Sheet
from plan_cli.views.formats import cell_text


def _value(row: dict):
    """A target's value, or its range (3-5) when it has a value_max."""
    v, vmax = row.get("value"), row.get("value_max")
    if v is None or vmax is None:
        return v
    return f"{cell_text(v)}-{cell_text(vmax)}"


def _span(ids: list[int]) -> str:
    """A section's measures: 1-10, or 3,5,9 when they are not consecutive."""
    if not ids:
        return ""
    if ids == list(range(ids[0], ids[-1] + 1)):
        return f"{ids[0]}-{ids[-1]}" if len(ids) > 1 else str(ids[0])
    return ",".join(map(str, ids))


# Columns that several listings share.
ID = Column("id", "id", numeric=True)
SECTION = Column("section", "sec", numeric=True)
TITLE = Column("title", "title", lost=True)
TEXT = Column("text", "text", lost=True)
LEAD_UNIT = Column("lead", "lead", lost=True)
UNITS = Column("units", "units", lost=True)
ROLE = Column("role", "role", labels=ROLE_WORDS)

TARGET_COLUMNS = [
    Column("measure", "measure", numeric=True),
    Column("due", "due"),
    Column("indicator", "indicator", max_width=28),
    Column("value", "value", numeric=True, get=_value),
    Column("unit", "unit"),
    Column("comparator", "comparator"),
    Column("due_text", "due_text", table=False),
    Column("text", "text"),
    Column("lead", "lead", lost=True),
]
UNIT_COLUMNS = [
    Column("unit", "unit"),
    Column("short", "short"),
    Column("kind", "kind"),
    Column(LEAD, "lead", numeric=True),
    Column(PARTICIPANT, "participant", numeric=True),
    Column(COLLECTIVE, "collective", numeric=True),
]
MEASURE_ROW_COLUMNS = [
    ID,
    SECTION,
    TITLE,
    TEXT,
    LEAD_UNIT,
    UNITS,
    Column("targets", "targets", numeric=True, get=lambda r: len(r["targets"])),
]


def _agency_summary(answer) -> str:
    c = answer.counts
    line = f"{answer.unit.name}: leads {c[LEAD]}, takes part in {c[PARTICIPANT]}" + (
        f", named through a collective in {c[COLLECTIVE]}" if c[COLLECTIVE] else ""
    )
    if answer.unknown:  # "not in my list" must not read as "not my job"
        line += (
            f"; {answer.unknown} measures could not be checked: the source lost their unit lists"
        )
    return line


MEASURES = Listing("measures", [ID, SECTION, TITLE, LEAD_UNIT, replace(UNITS, table=False)])

AGENCY = Listing(
    "agency",
    [ID, SECTION, TITLE, ROLE, LEAD_UNIT],
    rows=lambda answer: answer.rows,
    summary=_agency_summary,
)

AGENCIES = Listing("units", UNIT_COLUMNS)


class TargetList(NamedTuple):
    """Targets, with the unit they were asked for (each row then carries its role) and the
    plan's units (to name the leads on a terminal)."""

    rows: list[dict]
    agency: object | None
    units: list


TARGETS = Listing(
    "targets",
    lambda answer: [*TARGET_COLUMNS, ROLE] if answer.agency else TARGET_COLUMNS,
    rows=lambda answer: answer.rows,
    draw=terminal.targets_table,
)

TIMELINE = Listing(
    "timeline", [Column("group", "group"), *TARGET_COLUMNS], draw=terminal.timeline_chart
)

SECTIONS = Listing(
    "sections",
    [
        ID,
        Column("numeral", "numeral"),
        TITLE,
        Column("measures", "measures", get=lambda r: _span(r["measures"])),
    ],
)

SEARCH = Listing("search", [ID, SECTION, TITLE, TEXT, LEAD_UNIT, replace(UNITS, table=False)])

GAPS = Listing(
    "gaps",
    [
        Column("measure", "measure", numeric=True),
        SECTION,
        Column("unit", "unit"),
        Column("missing", "missing"),
        Column("inferred", "inferred"),
        Column("notes", "notes", table=False),
    ],
)

SHOW = Listing(
    "measure",
    MEASURE_ROW_COLUMNS,
    rows=lambda detail: [detail.row],
    document=lambda detail: detail.row,
    draw=lambda detail, out: terminal.measure_card(detail, out, rich=True),
    text=lambda detail, out: terminal.measure_card(detail, out, rich=False),
)


def _matrix_columns(m) -> list[Column]:
    return [ID, TITLE, LEAD_UNIT, *(Column(u.name, u.name) for u in m.units)]


def _matrix_long(m, out) -> None:
    """The matrix in a pipe, one line per cell that says something: id, unit (full name)
    and 牵头 / 参与 / 全体 / 未知. Wide rows would leave a script guessing which column
    is which unit."""
    for row in m.rows:
        named = m.named.get(row["id"], [])  # lead and participants as the measure lists them
        rest = [u.name for u in m.units if u.name not in named]
        for name in [*named, *rest]:
            if row[name]:
                out.stream.write(f"{row['id']}\t{name}\t{row[name]}\n")


# In the 分工表 workbook the 牵头 cells are the marks; the lead column stays plain.
MATRIX = Listing(
    "分工表",
    _matrix_columns,
    rows=lambda m: m.rows,
    draw=terminal.matrix_chart,
    text=_matrix_long,
    lead_column=None,
)


class Whole(NamedTuple):
    """The whole plan: the nested object, and every unit with its counts."""

    document: dict
    units: list[dict]


EXPORT = Listing(
    "plan",
    MEASURE_ROW_COLUMNS,
    rows=lambda whole: whole.document["measures"],
    document=lambda whole: whole.document,
    sheets=lambda whole: [
        Sheet("measures", MEASURE_ROW_COLUMNS, whole.document["measures"]),
        Sheet("units", UNIT_COLUMNS, whole.units),
        Sheet("targets", TARGET_COLUMNS, whole.document["targets"]),
    ],
)
