"""Every listing the program shows, declared once: its columns, the headers a person reads,
its summary line and the hooks that draw it where plain rows will not do.

The commands hand an answer from core to `output.emit` with one of these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from plan_cli.core.i18n import N_, _, ngettext
from plan_cli.core.model import NO_LEAD, NO_SECTIONS, UNSECTIONED
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


def _lead_shown(row: dict):
    """A row's lead as a person reads it: none where the measure names units and none of
    them leads (a shared duty), which is not the source losing it."""
    lead = row.get("lead")
    named = row.get("units") or row.get("units_known")  # units listed, or a list not lost
    return NO_LEAD if lead is None and named else lead


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
LEAD_UNIT = Column("lead", N_("lead"), lost=True, get=_lead_shown)
UNITS = Column("units", N_("units"), lost=True)
ROLE = Column("role", N_("role"), labels=ROLE_WORDS)
# Every row says which plan it comes from, in the last column (the matrix: after lead). A
# terminal shows it only when more than one plan is in scope (terminal.table).
PLAN = Column("plan", N_("plan"))
JURISDICTION = Column("jurisdiction", N_("jurisdiction"), table=False)

TARGET_COLUMNS = [
    Column("measure", N_("measure"), numeric=True),
    Column("due", N_("due")),
    Column("indicator", N_("indicator"), max_width=28),
    Column("value", N_("value"), numeric=True, get=_value),
    Column("unit", N_("unit of value")),
    Column("comparator", N_("comparator")),
    Column("due_text", N_("due as written"), table=False),
    Column("text", N_("target")),
    LEAD_UNIT,
]
TARGET_SHEET = [*TARGET_COLUMNS, PLAN]
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
    JURISDICTION,
    PLAN,
]
MEASURE_ROW_COLUMNS = [
    ID,
    SECTION,
    TITLE,
    TEXT,
    LEAD_UNIT,
    UNITS,
    Column("targets", N_("targets"), numeric=True, get=lambda r: len(r["targets"])),
    PLAN,
]


def _agency_summary(answer) -> str:
    """A line per unit the name found: what it does in the plans in scope, what could not
    be checked, and where it was found under another name."""
    return "\n".join(_unit_summary(s, answer.several) for s in answer.summaries)


def _unit_summary(s, several: bool) -> str:
    c = s.counts
    name = s.held.name
    if several and s.held.jurisdiction:
        name = f"{name}（{s.held.jurisdiction}）"
    line = _("{unit}: leads {lead}, takes part in {participant}").format(
        unit=name, lead=c[LEAD], participant=c[PARTICIPANT]
    )
    if c[COLLECTIVE]:
        line += _(", named through a collective in {n}").format(n=c[COLLECTIVE])
    if s.unknown:  # "not in my list" must not read as "not my job"
        line += ngettext(
            "; {n} measure could not be checked: the source lost its unit list",
            "; {n} measures could not be checked: the source lost their unit lists",
            s.unknown,
        ).format(n=s.unknown)
    renamed: dict[tuple, list[str]] = {}
    for f in s.held.renamed:
        renamed.setdefault((f.unit, f.via.new, f.via.date, f.via.later, f.via.confirmed), [])
        renamed[(f.unit, f.via.new, f.via.date, f.via.later, f.via.confirmed)].append(f.plan)
    for (unit, new, date, later, confirmed), plans in renamed.items():
        words = (
            _("; found under its later name {name} in {plans}")
            if later
            else _("; found under the former name {name} in {plans} (renamed {new}, {date})")
        )
        line += words.format(name=unit, plans=", ".join(dict.fromkeys(plans)), new=new, date=date)
        if not confirmed:
            line += _(" (a rename not yet checked against the published reform document)")
    return line


MEASURES = Listing(
    N_("measures"), [ID, SECTION, TITLE, LEAD_UNIT, replace(UNITS, table=False), PLAN]
)

AGENCY = Listing(
    N_("agency"),
    lambda answer: [
        ID,
        SECTION,
        TITLE,
        ROLE,
        LEAD_UNIT,
        Column("unit", N_("unit"), table=answer.several),
        replace(JURISDICTION, table=answer.several),
        PLAN,
    ],
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
    lambda answer: [*TARGET_COLUMNS, ROLE, PLAN] if answer.agency else TARGET_SHEET,
    rows=lambda answer: answer.rows,
    draw=terminal.targets_table,
)

TIMELINE = Listing(
    N_("timeline"),
    [Column("group", N_("when due")), *TARGET_SHEET],
    draw=terminal.timeline_chart,
)

SECTIONS = Listing(
    N_("sections"),
    [
        ID,
        Column("numeral", N_("numeral")),
        Column(
            "title",
            N_("title"),
            lost=True,
            get=lambda r: NO_SECTIONS if r["numeral"] == UNSECTIONED else r["title"],
        ),
        Column("measures", N_("measures"), get=lambda r: _span(r["measures"])),
        PLAN,
    ],
)

SEARCH = Listing(
    N_("search"), [ID, SECTION, TITLE, TEXT, LEAD_UNIT, replace(UNITS, table=False), PLAN]
)

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
        PLAN,
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
    return [ID, TITLE, LEAD_UNIT, PLAN, *(Column(k, k) for k in m.columns)]


def _matrix_long(m, out) -> None:
    """The matrix in a pipe, one line per cell that says something: id, unit (full name),
    牵头 / 参与 / 全体 / 未知, and the plan. Wide rows would leave a script guessing which
    column is which unit."""
    for row in m.rows:
        # lead and participants as the measure lists them, then the rest
        named = [m.key_of(row["plan"], n) for n in m.named.get((row["plan"], row["id"]), [])]
        rest = [k for k in m.columns if k not in named]
        for key in [*named, *rest]:
            if row[key]:
                out.stream.write(f"{row['id']}\t{key}\t{row[key]}\t{row['plan']}\n")


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
    """The whole of the plans in scope: the nested object (one plan's, or {"plans": [...]}),
    and as rows every measure, every unit with its counts and every target."""

    document: dict
    measures: list[dict]
    units: list[dict]
    targets: list[dict]
    database: Callable[[str], None]  # writes the plans in scope as SQLite at a path


EXPORT = Listing(
    N_("plan"),
    MEASURE_ROW_COLUMNS,
    rows=lambda whole: whole.measures,
    document=lambda whole: whole.document,
    sheets=lambda whole: [
        Sheet(N_("measures"), MEASURE_ROW_COLUMNS, whole.measures),
        Sheet(N_("units"), UNIT_COLUMNS, whole.units),
        Sheet(N_("targets"), TARGET_SHEET, whole.targets),
    ],
    database=lambda whole, path: whole.database(path),
)

PLANS = Listing(
    N_("plans"),
    [
        Column("id", N_("id")),
        TITLE,
        Column("issuer", N_("issuer")),
        Column("date", N_("date"), whole=True),
        Column("measures", N_("measures"), numeric=True),
        Column("targets", N_("targets"), numeric=True),
        Column("reviews", N_("to review"), numeric=True),
    ],
)


# --- the supervision loop ------------------------------------------------------------------

STATUS = Column(
    "status",
    N_("status"),
    labels={
        "done": "已完成",
        "in_progress": "推进中",
        "not_started": "未启动",
        "unreported": "未报送",
    },
)


def _progress_summary(rows) -> str:
    counts = {k: 0 for k in ("done", "in_progress", "not_started", "unreported")}
    for r in rows:
        counts[r["status"]] += 1
    rate = 100 * counts["done"] / len(rows) if rows else 0.0
    return ngettext(
        "{n} measure: {done} done, {in_progress} in progress, {not_started} not started, "
        "{unreported} unreported; {share} done",
        "{n} measures: {done} done, {in_progress} in progress, {not_started} not started, "
        "{unreported} unreported; {share} done",
        len(rows),
    ).format(n=len(rows), share=f"{rate:.1f}%", **counts)


PROGRESS = Listing(
    N_("progress"),
    [
        PLAN,
        ID,
        TITLE,
        LEAD_UNIT,
        STATUS,
        Column("reports", N_("reported"), numeric=True),
        Column("units", N_("units"), numeric=True, table=False),
        Column("last_report", N_("last report"), table=False, whole=True),
        Column("due", N_("due"), whole=True),
        Column("overdue", N_("overdue"), labels={"true": "逾期", "false": ""}),
        Column("due_soon", N_("due soon"), labels={"true": "临期", "false": ""}),
    ],
    summary=_progress_summary,
)

HISTORY = Listing(
    N_("history"),
    [
        Column("date", N_("date"), whole=True),
        Column("unit", N_("unit")),
        STATUS,
        Column("progress", N_("progress")),
        Column("problems", N_("problems")),
        Column("next", N_("next steps")),
        PLAN,
    ],
)

OVERDUE = Listing(
    N_("overdue"),
    [
        PLAN,
        ID,
        TITLE,
        LEAD_UNIT,
        Column("due", N_("due")),
        STATUS,
        Column("grade", N_("grade"), labels={"overdue": "逾期", "due_soon": "临期"}),
    ],
)
