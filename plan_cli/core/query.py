"""Questions asked of a compiled store: each returns rows (dicts whose keys are the JSON
contract of the CLI) or a small answer object. No printing, no formatting.

Every role, count and matrix cell is read from the `responsibilities` table (relation.py);
a summary is a query over that table, never a recount of the rows a filter left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plan_cli.core.errors import InvalidValue, NoMatch, UnknownMeasure, UnknownSection
from plan_cli.core.model import Unit
from plan_cli.core.relation import LEAD, PARTICIPANT, ROLE_WORDS, ROLES, UNKNOWN
from plan_cli.core.store import Store

# --- values the user types ---------------------------------------------------------------

DUE_WORDS = ("recurring", "undated")


def parse_year(value: str | None, name: str = "year") -> int | None:
    """A year from 1900 to 2100, as typed (--by)."""
    if value is None:
        return None
    v = value.strip()
    if v.isascii() and v.isdigit() and len(v) == 4 and 1900 <= int(v) <= 2100:
        return int(v)
    raise InvalidValue(f"{name} must be a year such as 2025, got '{value}'")


def parse_due(value: str | None, name: str = "due") -> int | str | None:
    """A --due value: a year (1900–2100), or the words recurring / undated."""
    if value is None:
        return None
    if value.strip().lower() in DUE_WORDS:
        return value.strip().lower()
    try:
        return parse_year(value)
    except InvalidValue:
        raise InvalidValue(
            f"{name} must be a year such as 2025, 'recurring' or 'undated', got '{value}'"
        ) from None


def parse_number(value: str, name: str) -> int:
    """A whole number as typed (--section)."""
    v = value.strip()
    if v.isascii() and v.isdigit() and len(v) <= 9:
        return int(v)
    raise InvalidValue(f"{name} must be a number, got '{value}'")


def measure_ids(store: Store) -> list[int]:
    return [r[0] for r in store.rows("SELECT id FROM measures ORDER BY position")]


def parse_measure(store: Store, value: str, name: str = "measure") -> int:
    """A measure number as typed. Raises InvalidValue for what is not a number,
    UnknownMeasure for a number the plan does not have."""
    v = value.strip()
    if not (v.isascii() and v.isdigit()) or len(v) > 9:
        ids = measure_ids(store)
        known = f" from {min(ids)} to {max(ids)}" if ids else ""
        raise InvalidValue(f"{name} must be a number{known}, got '{value}'")
    return check_measure(store, int(v))


def check_measure(store: Store, measure_id: int) -> int:
    ids = measure_ids(store)
    if measure_id not in ids:
        raise UnknownMeasure(measure_id, range(min(ids), max(ids) + 1) if ids else None)
    return measure_id


def check_section(store: Store, section: int | None) -> None:
    if section is None:
        return
    known = [r[0] for r in store.rows("SELECT id FROM sections ORDER BY id")]
    if section not in known:
        raise UnknownSection(section, known)


def find_unit(store: Store, name: str) -> Unit:
    return store.registry.match(name)


# --- measures ------------------------------------------------------------------------


def _units_by_measure(store: Store) -> dict[int, list[str]]:
    """The named units of each measure, lead first (the relation's lead and participants)."""
    out: dict[int, list[str]] = {}
    for r in store.rows(
        "SELECT measure, unit FROM responsibilities WHERE role IN (?, ?) "
        "ORDER BY measure, position",
        (LEAD, PARTICIPANT),
    ):
        out.setdefault(r[0], []).append(r[1])
    return out


def _targets_by_measure(store: Store) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in store.rows(f"SELECT {_TARGET_FIELDS} FROM targets ORDER BY position"):
        out.setdefault(r["measure"], []).append(dict(r))
    return out


def _measure_rows(store: Store, where: str = "", params: tuple = ()) -> list[dict]:
    units = _units_by_measure(store)
    targets = _targets_by_measure(store)
    rows = []
    for r in store.rows(
        f"SELECT id, section, title, text FROM measures {where} ORDER BY position", params
    ):
        named = units.get(r["id"], [])
        rows.append(
            {
                "id": r["id"],
                "section": r["section"],
                "title": r["title"],
                "text": r["text"],
                "lead": named[0] if named else None,
                "units": named,
                "targets": targets.get(r["id"], []),
            }
        )
    return rows


def measures(store: Store, section: int | None = None) -> list[dict]:
    check_section(store, section)
    if section is None:
        return _measure_rows(store)
    return _measure_rows(store, "WHERE section = ?", (section,))


@dataclass
class MeasureDetail:
    """One measure in full, for `plan show`."""

    row: dict  # the JSON object
    section_numeral: str | None
    section_title: str | None
    sentences: list[str]
    notes: list[str]


def measure(store: Store, measure_id: int) -> MeasureDetail:
    import json

    check_measure(store, measure_id)
    row = _measure_rows(store, "WHERE id = ?", (measure_id,))[0]
    m = store.rows(
        "SELECT m.sentences, m.notes, s.numeral, s.title FROM measures m "
        "LEFT JOIN sections s ON s.plan = m.plan AND s.id = m.section "
        "WHERE m.id = ?",
        (measure_id,),
    )[0]
    return MeasureDetail(
        row, m["numeral"], m["title"], json.loads(m["sentences"]), json.loads(m["notes"])
    )


def sections(store: Store) -> list[dict]:
    ids: dict[int, list[int]] = {}
    for r in store.rows("SELECT section, id FROM measures ORDER BY position"):
        ids.setdefault(r[0], []).append(r[1])
    return [
        {
            "id": r["id"],
            "numeral": r["numeral"],
            "title": r["title"],
            "measures": ids.get(r["id"], []),
        }
        for r in store.rows("SELECT id, numeral, title FROM sections ORDER BY rowid")
    ]


def search(store: Store, text: str) -> list[dict]:
    """Measures whose title or text contains `text` (case-insensitive). Raises NoMatch.

    Three characters or more are looked up in the trigram index first; every candidate is
    then checked as a plain substring, so both paths answer alike.
    """
    needle = text.strip().lower()
    if not needle:
        raise InvalidValue("the search text is empty")
    if len(needle) >= 3 and "\x00" not in needle:  # FTS5 reads a NUL as the end of the query
        phrase = '"' + needle.replace('"', '""') + '"'
        rows = _measure_rows(
            store,
            "WHERE rowid IN (SELECT rowid FROM measures_fts WHERE measures_fts MATCH ?)",
            (phrase,),
        )
    else:
        rows = _measure_rows(store)
    rows = [
        r
        for r in rows
        if needle in (r["title"] or "").lower() or needle in (r["text"] or "").lower()
    ]
    if not rows:
        raise NoMatch(f"no measure mentions '{text}'")
    return rows


# --- units and roles -------------------------------------------------------------------


@dataclass
class AgencyAnswer:
    unit: Unit
    rows: list[dict]
    # over the whole plan, whatever the filter kept: role -> number of measures
    counts: dict[str, int] = field(default_factory=dict)
    unknown: int = 0  # measures whose unit list is lost: the unit may or may not be in them


def role_counts(store: Store, unit: str) -> dict[str, int]:
    counts = dict.fromkeys(ROLES, 0)
    for r in store.rows(
        "SELECT role, COUNT(*) FROM responsibilities WHERE unit = ? GROUP BY role", (unit,)
    ):
        counts[r[0]] = r[1]
    return counts


def unknown_measures(store: Store) -> list[int]:
    return [
        r[0]
        for r in store.rows(
            "SELECT measure FROM responsibilities WHERE role = ? ORDER BY measure", (UNKNOWN,)
        )
    ]


def agency(
    store: Store, name: str, *, lead_only: bool = False, direct: bool = False
) -> AgencyAnswer:
    """The measures a unit leads, takes part in, or is named in through a collective."""
    unit = find_unit(store, name)
    roles = (LEAD,) if lead_only else (LEAD, PARTICIPANT) if direct else ROLES
    units = _units_by_measure(store)
    rows = [
        {
            "id": r["id"],
            "section": r["section"],
            "title": r["title"],
            "role": r["role"],
            "lead": (units.get(r["id"]) or [None])[0],
            "units": units.get(r["id"], []),
        }
        for r in store.rows(
            "SELECT m.id, m.section, m.title, r.role FROM responsibilities r "
            "JOIN measures m ON m.plan = r.plan AND m.id = r.measure "
            f"WHERE r.unit = ? AND r.role IN ({','.join('?' * len(roles))}) "
            "ORDER BY m.position",
            (unit.name, *roles),
        )
    ]
    return AgencyAnswer(unit, rows, role_counts(store, unit.name), len(unknown_measures(store)))


def agencies(store: Store) -> list[dict]:
    """Every unit with how many measures it leads, joins, and is named in through a collective."""
    counts: dict[str, dict[str, int]] = {}
    for r in store.rows(
        "SELECT unit, role, COUNT(*) FROM responsibilities "
        "WHERE unit IS NOT NULL GROUP BY unit, role"
    ):
        counts.setdefault(r[0], {})[r[1]] = r[2]
    return [
        {
            "unit": u.name,
            "short": u.short,
            "kind": u.kind,
            **{role: counts.get(u.name, {}).get(role, 0) for role in ROLES},
        }
        for u in store.registry.units
    ]


def _measures_of(store: Store, unit: Unit) -> set[int]:
    return {
        r[0]
        for r in store.rows("SELECT measure FROM responsibilities WHERE unit = ?", (unit.name,))
    }


# --- targets -------------------------------------------------------------------------

_TARGET_FIELDS = "measure, text, indicator, value, value_max, unit, comparator, due, due_text"


def targets(
    store: Store,
    *,
    due: int | str | None = None,
    by: int | None = None,
    agency_name: str | None = None,
    measure: int | None = None,
    section: int | None = None,
) -> list[dict]:
    """Targets, filtered. due: falls due that year (a range counts for each of its years),
    or 'recurring' / 'undated'; by: due that year or earlier."""
    where, params = [], []
    if measure is not None:
        check_measure(store, measure)
        where.append("t.measure = ?")
        params.append(measure)
    if section is not None:
        check_section(store, section)
        where.append("m.section = ?")
        params.append(section)
    if agency_name is not None:
        unit = find_unit(store, agency_name)
        where.append("t.measure IN (SELECT measure FROM responsibilities WHERE unit = ?)")
        params.append(unit.name)
    if due == "recurring":
        where.append("t.due = 'recurring'")
    elif due == "undated":
        where.append("t.due IS NULL")
    elif due is not None:
        where.append("t.due_first <= ? AND ? <= t.due_last")
        params += [due, due]
    if by is not None:
        where.append("t.due_last <= ?")
        params.append(by)
    fields = ", ".join(f"t.{f.strip()}" for f in _TARGET_FIELDS.split(","))
    sql = (
        f"SELECT {fields} FROM targets t JOIN measures m ON m.plan = t.plan "
        f"AND m.id = t.measure {'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY t.position"
    )
    return [dict(r) for r in store.rows(sql, params)]


def timeline(store: Store) -> list[dict]:
    """Targets grouped by when they fall due: years in order (a range by its first year),
    then recurring, then undated."""
    rows = store.rows(
        f"SELECT {_TARGET_FIELDS}, due_first, due_last FROM targets ORDER BY "
        "CASE WHEN due_first IS NOT NULL THEN 0 WHEN due = 'recurring' THEN 1 ELSE 2 END, "
        "coalesce(due_first, 0), coalesce(due_last, 0), measure, position"
    )
    out = []
    for r in rows:
        row = dict(r)
        del row["due_first"], row["due_last"]
        out.append({"group": due_label(row["due"]), **row})
    return out


def due_label(due: int | str | None) -> str:
    """How a due date reads: 2025, 2023-2025, recurring or undated."""
    return "undated" if due is None else str(due)


# --- the responsibility matrix (分工表) ------------------------------------------------


@dataclass
class Matrix:
    units: list[Unit]  # the columns, in order
    rows: list[dict]  # id, title, lead, then a cell per unit: 牵头 / 参与 / 全体 / ""
    unknown: set[int]  # measures whose unit list is lost: every cell unknown


def matrix(store: Store, *, section: int | None = None, agency_name: str | None = None) -> Matrix:
    """Measures against units. Columns are the units that appear in the rows, ordered by how
    many measures they lead, then join, then are named in through a collective, then
    registry order."""
    chosen = measures(store, section)
    if agency_name is not None:
        keep = _measures_of(store, find_unit(store, agency_name))
        chosen = [m for m in chosen if m["id"] in keep]
    ids = {m["id"] for m in chosen}
    cells: dict[int, dict[str, str]] = {}
    tally: dict[str, list[int]] = {}
    for r in store.rows(
        "SELECT measure, unit, role FROM responsibilities "
        "WHERE unit IS NOT NULL ORDER BY measure, position"
    ):
        if r[0] in ids:
            cells.setdefault(r[0], {})[r[1]] = ROLE_WORDS[r[2]]
            tally.setdefault(r[1], [0, 0, 0])[ROLES.index(r[2])] += 1
    registry = store.registry
    order = {u.name: i for i, u in enumerate(registry.units)}
    columns = sorted(tally, key=lambda n: (-tally[n][0], -tally[n][1], -tally[n][2], order[n]))
    rows = [
        {
            "id": m["id"],
            "title": m["title"],
            "lead": m["lead"],
            **{n: cells.get(m["id"], {}).get(n, "") for n in columns},
        }
        for m in chosen
    ]
    unknown = set(unknown_measures(store)) & ids
    return Matrix([registry.by_name[n] for n in columns], rows, unknown)


# --- the whole plan ------------------------------------------------------------------


def export(store: Store) -> dict:
    """The whole plan as one nested object (export --format json/yaml)."""
    import json

    d = store.rows("SELECT * FROM plans")[0]
    return {
        "document": {
            "title": d["title"],
            "notice_title": d["notice_title"],
            "issuer": d["issuer"],
            "date": d["date"],
            "published": d["published"],
            "base_year": d["base_year"],
            "addressees": d["addressees"],
            "notice": d["notice"],
            "preamble": json.loads(d["preamble"]),
        },
        "sections": sections(store),
        "units": [
            {"name": u.name, "short": u.short, "aliases": list(u.aliases), "kind": u.kind}
            for u in store.registry.units
        ],
        "measures": _measure_rows(store),
        "targets": [
            dict(r) for r in store.rows(f"SELECT {_TARGET_FIELDS} FROM targets ORDER BY position")
        ],
    }


def gaps(store: Store) -> list[dict]:
    """What the source has lost, section by section and measure by measure, with the
    curator's notes; and the measures whose placement the notes call inferred."""
    import json

    rows = [
        {
            "measure": None,
            "section": r["id"],
            "missing": ["section heading"],
            "notes": json.loads(r["notes"]),
        }
        for r in store.rows("SELECT id, notes FROM sections WHERE title IS NULL ORDER BY rowid")
    ]
    unknown = set(unknown_measures(store))
    for r in store.rows("SELECT id, section, title, text, notes FROM measures ORDER BY position"):
        lost = [
            part
            for part, gone in (
                ("title", r["title"] is None),
                ("text", r["text"] is None),
                ("units", r["id"] in unknown),
            )
            if gone
        ]
        notes = json.loads(r["notes"])
        if lost or any("inferred" in n.lower() for n in notes):
            rows.append(
                {"measure": r["id"], "section": r["section"], "missing": lost, "notes": notes}
            )
    return rows
