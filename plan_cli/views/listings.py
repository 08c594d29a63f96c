"""Every listing the program shows, declared once: its columns, the headers a person reads,
its summary line and the hooks that draw it where plain rows will not do.

The commands hand an answer from core to `output.emit` with one of these.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from plan_cli.core.i18n import N_, _, ngettext
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


# Columns that several listings share. The second word is the header a person reads (on a
# terminal, and in a workbook under a Chinese locale), translated where it is shown.
ID = Column("id", N_("id"), numeric=True)
SECTION = Column("section", N_("sec"), numeric=True)
TITLE = Column("title", N_("title"), lost=True)
TEXT = Column("text", N_("text"), lost=True)
LEAD_UNIT = Column("lead", N_("lead"), lost=True)
UNITS = Column("units", N_("units"), lost=True)
ROLE = Column("role", N_("role"), labels=ROLE_WORDS)

TARGET_COLUMNS = [
    Column("measure", N_("measure"), numeric=True),
    Column("due", N_("due")),
    Column("indicator", N_("indicator"), max_width=28),
    Column("value", N_("value"), numeric=True, get=_value),
    Column("unit", N_("unit of value")),
    Column("comparator", N_("comparator")),
    Column("due_text", N_("due as written"), table=False),
    Column("text", N_("target")),
    Column("lead", N_("lead"), lost=True),
]
UNIT_COLUMNS = [
    Column("unit", N_("unit")),
    Column("short", N_("short")),
    Column(
        "kind",
        N_("kind"),
        labels={
            "department": N_("department"),
            "judicial": N_("judicial"),
            "central": N_("central"),
            "enterprise": N_("enterprise"),
            "ningdong": N_("ningdong"),
            "local": N_("local"),
            "collective": N_("collective"),
        },
    ),
    Column(LEAD, N_("led"), numeric=True),
    Column(PARTICIPANT, N_("joined"), numeric=True),
    Column(COLLECTIVE, N_("via collective"), numeric=True),
]
MEASURE_ROW_COLUMNS = [
    ID,
    SECTION,
    TITLE,
    TEXT,
    LEAD_UNIT,
    UNITS,
    Column("targets", N_("targets"), numeric=True, get=lambda r: len(r["targets"])),
]


def _agency_summary(answer) -> str:
    c = answer.counts
    line = _("{unit}: leads {lead}, takes part in {participant}").format(
        unit=answer.unit.name, lead=c[LEAD], participant=c[PARTICIPANT]
    )
    if c[COLLECTIVE]:
        line += _(", named through a collective in {n}").format(n=c[COLLECTIVE])
    if answer.unknown:  # "not in my list" must not read as "not my job"
        line += ngettext(
            "; {n} measure could not be checked: the source lost its unit list",
            "; {n} measures could not be checked: the source lost their unit lists",
            answer.unknown,
        ).format(n=answer.unknown)
    return line


MEASURES = Listing(N_("measures"), [ID, SECTION, TITLE, LEAD_UNIT, replace(UNITS, table=False)])

AGENCY = Listing(
    N_("agency"),
    [ID, SECTION, TITLE, ROLE, LEAD_UNIT],
    rows=lambda answer: answer.rows,
    summary=_agency_summary,
)

AGENCIES = Listing(N_("units"), UNIT_COLUMNS)


class TargetList(NamedTuple):
    """Targets, with the unit they were asked for (each row then carries its role) and the
    plan's units (to name the leads on a terminal)."""

    rows: list[dict]
    agency: object | None
    units: list


TARGETS = Listing(
    N_("targets"),
    lambda answer: [*TARGET_COLUMNS, ROLE] if answer.agency else TARGET_COLUMNS,
    rows=lambda answer: answer.rows,
    draw=terminal.targets_table,
)

TIMELINE = Listing(
    N_("timeline"), [Column("group", N_("when due")), *TARGET_COLUMNS], draw=terminal.timeline_chart
)

SECTIONS = Listing(
    N_("sections"),
    [
        ID,
        Column("numeral", N_("numeral")),
        TITLE,
        Column("measures", N_("measures"), get=lambda r: _span(r["measures"])),
    ],
)

SEARCH = Listing(N_("search"), [ID, SECTION, TITLE, TEXT, LEAD_UNIT, replace(UNITS, table=False)])

GAPS = Listing(
    N_("gaps"),
    [
        Column("measure", N_("measure"), numeric=True),
        SECTION,
        Column("unit", N_("unit")),
        Column(
            "missing",
            N_("missing"),
            labels={
                "title": N_("title"),
                "text": N_("text"),
                "units": N_("units"),
                "section heading": N_("section heading"),
            },
        ),
        Column("inferred", N_("inferred"), labels={"true": N_("yes"), "false": ""}),
        Column("notes", N_("notes"), table=False),
        Column("notes_zh", N_("notes in Chinese"), table=False),
    ],
)

SHOW = Listing(
    N_("measure"),
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
    N_("plan"),
    MEASURE_ROW_COLUMNS,
    rows=lambda whole: whole.document["measures"],
    document=lambda whole: whole.document,
    sheets=lambda whole: [
        Sheet(N_("measures"), MEASURE_ROW_COLUMNS, whole.document["measures"]),
        Sheet(N_("units"), UNIT_COLUMNS, whole.units),
        Sheet(N_("targets"), TARGET_COLUMNS, whole.document["targets"]),
    ],
)
