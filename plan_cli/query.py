"""Questions asked of a plan: pure functions over the model, no I/O and no formatting.

Each returns rows (lists of dicts) whose keys are the JSON contract of the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from plan_cli.errors import InvalidValue, NotFound, UnknownMeasure
from plan_cli.model import (
    COLLECTIVE,
    LEAD,
    PARTICIPANT,
    ROLE_LABELS,
    Due,
    Measure,
    Plan,
    Target,
    Unit,
)


def find_unit(plan: Plan, name: str) -> Unit:
    return plan.registry.match(name)


def get_measure(plan: Plan, measure_id: int) -> Measure:
    m = plan.measure_by_id.get(measure_id)
    if m is None:
        ids = sorted(plan.measure_by_id)
        raise UnknownMeasure(measure_id, range(ids[0], ids[-1] + 1) if ids else None)
    return m


def check_section(plan: Plan, section: int | None) -> None:
    if section is not None and section not in plan.section_by_id:
        raise NotFound(f"no section {section} (the plan has sections "
                       f"{', '.join(str(s.id) for s in plan.sections)})")


# --- measures ------------------------------------------------------------------------

def measure_row(plan: Plan, m: Measure) -> dict:
    return {
        "id": m.id,
        "section": m.section,
        "title": m.title,
        "text": m.full_text,
        "lead": m.lead,
        "units": list(m.units),
        "targets": [target_row(t) for t in plan.targets_by_measure.get(m.id, [])],
    }


def measures(plan: Plan, section: int | None = None) -> list[dict]:
    check_section(plan, section)
    return [measure_row(plan, m) for m in plan.measures if section is None or m.section == section]


def section_rows(plan: Plan) -> list[dict]:
    return [{"id": s.id, "numeral": s.numeral, "title": s.title, "measures": list(s.measures)}
            for s in plan.sections]


def search(plan: Plan, text: str) -> list[dict]:
    """Measures whose title or text contains `text` (case-insensitive)."""
    needle = text.strip().lower()
    if not needle:
        raise InvalidValue("the search text is empty")
    return [measure_row(plan, m) for m in plan.measures
            if needle in (m.title or "").lower() or needle in (m.full_text or "").lower()]


# --- agencies ------------------------------------------------------------------------

@dataclass(frozen=True)
class Role:
    measure: Measure
    role: str


def roles_of(plan: Plan, unit: Unit, *, lead_only: bool = False, direct: bool = False) -> list[Role]:
    """The measures a unit leads, takes part in, or is named in through a collective."""
    found: dict[int, Role] = {}
    for mid, role in plan.roles.get(unit.name, []):
        found[mid] = Role(plan.measure_by_id[mid], role)
    if not direct and not lead_only:
        for coll, members in plan.registry.members.items():
            if unit.name in members:
                for mid, _ in plan.roles.get(coll, []):
                    found.setdefault(mid, Role(plan.measure_by_id[mid], COLLECTIVE))
    rows = sorted(found.values(), key=lambda r: r.measure.id)
    if lead_only:
        rows = [r for r in rows if r.role == LEAD]
    return rows


def agency(plan: Plan, name: str, *, lead_only: bool = False, direct: bool = False) -> tuple[Unit, list[dict]]:
    unit = find_unit(plan, name)
    rows = [{
        "id": r.measure.id,
        "section": r.measure.section,
        "title": r.measure.title,
        "role": r.role,
        "lead": r.measure.lead,
        "units": list(r.measure.units),
    } for r in roles_of(plan, unit, lead_only=lead_only, direct=direct)]
    return unit, rows


def agencies(plan: Plan) -> list[dict]:
    """Every unit with how many measures it leads, joins, and is named in through a collective."""
    counts = {u.name: {LEAD: 0, PARTICIPANT: 0, COLLECTIVE: 0} for u in plan.units}
    for name, roles in plan.roles.items():
        for _, role in roles:
            counts[name][role] += 1
    for coll, members in plan.registry.members.items():
        n = len(plan.roles.get(coll, []))
        for name in members:
            counts[name][COLLECTIVE] += n
    return [{
        "unit": u.name,
        "short": u.short,
        "kind": u.kind,
        "lead": counts[u.name][LEAD],
        "participant": counts[u.name][PARTICIPANT],
        "collective": counts[u.name][COLLECTIVE],
    } for u in plan.units]


# --- targets -------------------------------------------------------------------------

def target_row(t: Target) -> dict:
    return {
        "measure": t.measure,
        "text": t.text,
        "indicator": t.indicator,
        "value": t.value,
        "value_max": t.value_max,
        "unit": t.unit,
        "comparator": t.comparator,
        "due": t.due.to_json(),
        "due_text": t.due_text,
    }


DUE_WORDS = ("recurring", "undated")


def parse_year(value: str | None) -> int | None:
    """A --by value: a year from 1900 to 2100."""
    if value is None:
        return None
    v = value.strip()
    if v.isascii() and v.isdigit() and len(v) == 4 and 1900 <= int(v) <= 2100:
        return int(v)
    raise InvalidValue(f"'{value}' is not a year (such as 2025)")


def parse_due(value: str | None) -> int | str | None:
    """A --due value: a year (1900–2100), or the words recurring / undated."""
    if value is None:
        return None
    if value.strip().lower() in DUE_WORDS:
        return value.strip().lower()
    try:
        return parse_year(value)
    except InvalidValue:
        raise InvalidValue(f"'{value}' is not a year (such as 2025), 'recurring' or 'undated'") from None


def _due_matches(due: Due, want: int | str) -> bool:
    if want == "recurring":
        return due.kind == "recurring"
    if want == "undated":
        return due.kind == "none"
    return due.falls_in(want)


def targets(plan: Plan, *, due: int | str | None = None, by: int | None = None,
            agency_name: str | None = None, measure: int | None = None,
            section: int | None = None) -> list[dict]:
    """Targets, filtered. --due: falls due that year; --by: that year or earlier."""
    if measure is not None:
        get_measure(plan, measure)
    check_section(plan, section)
    if by is not None and not isinstance(by, int):  # parse_due's words make no sense here
        raise InvalidValue(f"--by takes a year, not '{by}'")
    keep_measures = None
    if agency_name is not None:
        unit = find_unit(plan, agency_name)
        keep_measures = {r.measure.id for r in roles_of(plan, unit)}
    rows = []
    for t in plan.targets:
        if measure is not None and t.measure != measure:
            continue
        if section is not None and plan.measure_by_id[t.measure].section != section:
            continue
        if keep_measures is not None and t.measure not in keep_measures:
            continue
        if due is not None and not _due_matches(t.due, due):
            continue
        if by is not None and not t.due.due_by(by):
            continue
        rows.append(target_row(t))
    return rows


def timeline(plan: Plan) -> list[dict]:
    """Targets grouped by when they fall due: years in order, then recurring, then undated."""
    ordered = sorted(plan.targets, key=lambda t: (t.due.sort_key, t.measure))
    return [{"group": t.due.label or "undated", **target_row(t)} for t in ordered]


# --- the responsibility matrix (分工表) ------------------------------------------------

def matrix(plan: Plan, *, section: int | None = None, agency_name: str | None = None
           ) -> tuple[list[Unit], list[dict]]:
    """Measures against units: each cell 牵头, 参与, 全体 or empty.

    Columns are the units that appear in the rows, ordered by how many measures they lead,
    then how many they join, then how many name them through a collective, then registry
    order.
    """
    check_section(plan, section)
    chosen = [m for m in plan.measures if section is None or m.section == section]
    if agency_name is not None:
        unit = find_unit(plan, agency_name)
        ids = {r.measure.id for r in roles_of(plan, unit)}
        chosen = [m for m in chosen if m.id in ids]
    members = plan.registry.members
    cells: dict[int, dict[str, str]] = {}
    for m in chosen:
        row: dict[str, str] = {}
        for i, name in enumerate(m.units):
            row[name] = ROLE_LABELS[LEAD if i == 0 else PARTICIPANT]
        for name in m.units:
            for member in members.get(name, ()):
                row.setdefault(member, ROLE_LABELS[COLLECTIVE])
        cells[m.id] = row
    order = {u.name: i for i, u in enumerate(plan.units)}
    rank = {ROLE_LABELS[LEAD]: 0, ROLE_LABELS[PARTICIPANT]: 1, ROLE_LABELS[COLLECTIVE]: 2}
    tally: dict[str, list[int]] = {}
    for row in cells.values():
        for name, cell in row.items():
            tally.setdefault(name, [0, 0, 0])[rank[cell]] += 1
    columns = sorted(tally, key=lambda n: (-tally[n][0], -tally[n][1], -tally[n][2], order[n]))
    units = [plan.unit_by_name[n] for n in columns]
    rows = []
    for m in chosen:
        row = {"id": m.id, "title": m.title, "lead": m.lead}
        for n in columns:
            row[n] = cells[m.id].get(n, "")
        rows.append(row)
    return units, rows


def export(plan: Plan) -> dict:
    """The whole plan as one nested object (export --format json/yaml)."""
    d = plan.document
    return {
        "document": {
            "title": d.title, "notice_title": d.notice_title, "issuer": d.issuer,
            "date": d.date, "published": d.published, "base_year": d.base_year,
            "addressees": d.addressees, "notice": d.notice, "preamble": list(d.preamble),
        },
        "sections": section_rows(plan),
        "units": [{"name": u.name, "short": u.short, "aliases": list(u.aliases), "kind": u.kind}
                  for u in plan.units],
        "measures": [measure_row(plan, m) for m in plan.measures],
        "targets": [target_row(t) for t in plan.targets],
    }
