"""Questions asked of a compiled store: each returns rows (dicts whose keys are the JSON
contract of the CLI) or a small answer object. No printing, no formatting.

Every role, count and matrix cell is read from the `responsibilities` table (relation.py);
a summary is a query over that table, never a recount of the rows a filter left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_cli.core.errors import InvalidValue, NoMatch, UnknownMeasure, UnknownSection
from plan_cli.core.i18n import _
from plan_cli.core.model import Unit
from plan_cli.core.relation import LEAD, PARTICIPANT, ROLE_WORDS, ROLES, UNKNOWN
from plan_cli.core.store import Store

# --- values the user types ---------------------------------------------------------------

DUE_WORDS = ("recurring", "undated")


def parse_year(value: str | None, name: str | None = None) -> int | None:
    """A year from 1900 to 2100, as typed (--by): 2025 or ２０２５."""
    if value is None:
        return None
    import unicodedata

    v = unicodedata.normalize("NFKC", value).strip()
    if v.isascii() and v.isdigit() and len(v) == 4 and 1900 <= int(v) <= 2100:
        return int(v)
    raise InvalidValue(
        _("{name} must be a year such as 2025, got '{value}'").format(
            name=name or _("year"), value=value
        )
    )


_RANGE = re.compile(r"^(\d{4})\s*[-–—~至]\s*(\d{4})$")


def parse_due(value: str | None, name: str | None = None) -> int | str | tuple[int, int] | None:
    """A --due value, as the tool itself prints it: a year (2025), a range of years
    (2023-2025, as a pair), or the words recurring / undated."""
    if value is None:
        return None
    import unicodedata

    v = unicodedata.normalize("NFKC", value).strip().lower()
    if v in DUE_WORDS:
        return v
    if m := _RANGE.match(v):
        first, last = int(m.group(1)), int(m.group(2))
        if 1900 <= first <= last <= 2100:
            return (first, last) if first < last else first
    try:
        return parse_year(v)
    except InvalidValue:
        raise InvalidValue(
            _(
                "{name} must be a year such as 2025, a range such as 2023-2025, 'recurring' or "
                "'undated', got '{value}'"
            ).format(name=name or _("due"), value=value)
        ) from None


def parse_number(value: str, name: str) -> int:
    """A whole number as typed (--section): 4, ４ or 四."""
    n = number_as_typed(value)
    if n is None:
        raise InvalidValue(
            _("{name} must be a number, got '{value}'").format(name=name, value=value)
        )
    return n


def measure_ids(store: Store) -> list[int]:
    return [r[0] for r in store.rows("SELECT id FROM measures ORDER BY position")]


CHINESE_DIGITS = set("〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟")


def number_as_typed(value: str) -> int | None:
    """A whole number as people type it: 31, full-width ３１, or Chinese 三十一; else None."""
    import unicodedata

    v = unicodedata.normalize("NFKC", value).strip()
    if v.isascii() and v.isdigit() and len(v) <= 9:
        return int(v)
    if v and len(v) <= 12 and set(v) <= CHINESE_DIGITS:
        import cn2an  # imported only for Chinese numerals: it takes a while

        try:
            n = cn2an.cn2an(v, "normal")
        except ValueError:
            return None
        return n if isinstance(n, int) and n >= 0 else None
    return None


def parse_measure(store: Store, value: str, name: str | None = None) -> int:
    """A measure number as typed (31, ３１, 三十一). Raises InvalidValue for what is not a
    number, UnknownMeasure for a number the plan does not have."""
    n = number_as_typed(value)
    if n is None:
        ids = measure_ids(store)
        name = name or _("measure")
        if ids:
            message = _("{name} must be a number from {first} to {last}, got '{value}'").format(
                name=name, first=min(ids), last=max(ids), value=value
            )
        else:
            message = _("{name} must be a number, got '{value}'").format(name=name, value=value)
        raise InvalidValue(message)
    return check_measure(store, n)


def measure_titles(store: Store) -> list[tuple[int, str | None]]:
    return [(r[0], r[1]) for r in store.rows("SELECT id, title FROM measures ORDER BY position")]


def due_labels(store: Store) -> list[str]:
    """The due dates the targets have, as the tool prints them, in time order; then the words."""
    dated = [
        due_label(r[0])
        for r in store.rows(
            "SELECT DISTINCT due FROM targets WHERE due_first IS NOT NULL "
            "ORDER BY due_first, due_last"
        )
    ]
    return [*dated, *DUE_WORDS]


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
    for r in store.rows(f"{_TARGET_SELECT} FROM targets t ORDER BY t.position"):
        out.setdefault(r["measure"], []).append(dict(r))
    return out


def _measure_rows(store: Store, where: str = "", params: tuple = ()) -> list[dict]:
    units = _units_by_measure(store)
    unknown = set(unknown_measures(store))
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
                # false: the source lost the unit list; empty units then mean "unknown"
                "units_known": r["id"] not in unknown,
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
    notes_zh: list[str]

    def notes_in_language(self) -> list[str]:
        """The curator's notes in the language of the run, where the data gives them in it."""
        from plan_cli.core.i18n import language

        return self.notes_zh if language() == "zh" and self.notes_zh else self.notes


def measure(store: Store, measure_id: int) -> MeasureDetail:
    import json

    check_measure(store, measure_id)
    row = _measure_rows(store, "WHERE id = ?", (measure_id,))[0]
    m = store.rows(
        "SELECT m.sentences, m.notes, m.notes_zh, s.numeral, s.title FROM measures m "
        "LEFT JOIN sections s ON s.plan = m.plan AND s.id = m.section "
        "WHERE m.id = ?",
        (measure_id,),
    )[0]
    return MeasureDetail(
        row,
        m["numeral"],
        m["title"],
        json.loads(m["sentences"]),
        json.loads(m["notes"]),
        json.loads(m["notes_zh"]),
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
        raise InvalidValue(_("the search text is empty"))
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
        raise NoMatch(_("no measure mentions '{text}'").format(text=text))
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
    roles = _roles_kept(lead_only, direct)
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


def _roles_kept(lead_only: bool, direct: bool) -> tuple[str, ...]:
    """--lead keeps the lead rows; --direct drops the rows reached through a collective."""
    return (LEAD,) if lead_only else (LEAD, PARTICIPANT) if direct else ROLES


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

# A target row: its fields as the JSON contract orders them, then its measure's lead.
_TARGET_SELECT = (
    "SELECT t.measure, t.text, t.indicator, t.value, t.value_max, t.unit, t.comparator, "
    "t.due, t.due_text, (SELECT r.unit FROM responsibilities r WHERE r.plan = t.plan "
    "AND r.measure = t.measure AND r.role = 'lead') AS lead"
)


def targets(
    store: Store,
    *,
    due: int | str | tuple[int, int] | None = None,
    by: int | None = None,
    agency_name: str | None = None,
    lead_only: bool = False,
    direct: bool = False,
    measure: int | None = None,
    section: int | None = None,
) -> list[dict]:
    """Targets, filtered. due: falls due that year, or in any year of a range (a target due
    2023-2025 counts for each of its years), or 'recurring' / 'undated'; by: due that year
    or earlier. With agency_name each row carries the unit's role in the target's measure;
    lead_only and direct narrow the roles as `agency` does."""
    select, where, params = _TARGET_SELECT, [], []
    if measure is not None:
        check_measure(store, measure)
        where.append("t.measure = ?")
        params.append(measure)
    if section is not None:
        check_section(store, section)
        where.append("m.section = ?")
        params.append(section)
    join = ""
    if agency_name is not None:
        unit = find_unit(store, agency_name)
        roles = _roles_kept(lead_only, direct)
        select += ", a.role AS role"
        join = (
            "JOIN responsibilities a ON a.plan = t.plan AND a.measure = t.measure "
            f"AND a.unit = ? AND a.role IN ({','.join('?' * len(roles))}) "
        )
        params = [unit.name, *roles, *params]
    elif lead_only or direct:
        raise InvalidValue(_("--lead and --direct need --agency NAME"))
    if due == "recurring":
        where.append("t.due = 'recurring'")
    elif due == "undated":
        where.append("t.due IS NULL")
    elif due is not None:  # a year, or a range: due in any of its years
        first, last = due if isinstance(due, tuple) else (due, due)
        where.append("t.due_first <= ? AND ? <= t.due_last")
        params += [last, first]
    if by is not None:
        where.append("t.due_last <= ?")
        params.append(by)
    sql = (
        f"{select} FROM targets t JOIN measures m ON m.plan = t.plan AND m.id = t.measure "
        f"{join}{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY t.position"
    )
    return [dict(r) for r in store.rows(sql, params)]


def timeline(store: Store) -> list[dict]:
    """Targets grouped by when they fall due: years in order (a range by its first year),
    then recurring, then undated."""
    rows = store.rows(
        f"{_TARGET_SELECT} FROM targets t ORDER BY "
        "CASE WHEN t.due_first IS NOT NULL THEN 0 WHEN t.due = 'recurring' THEN 1 ELSE 2 END, "
        "coalesce(t.due_first, 0), coalesce(t.due_last, 0), t.measure, t.position"
    )
    return [{"group": due_label(r["due"]), **dict(r)} for r in rows]


def due_label(due: int | str | None) -> str:
    """How a due date reads: 2025, 2023-2025, recurring or undated."""
    return "undated" if due is None else str(due)


# --- the responsibility matrix (分工表) ------------------------------------------------


@dataclass
class Matrix:
    units: list[Unit]  # the columns, in order
    rows: list[dict]  # id, title, lead, then a cell per unit: 牵头 / 参与 / 全体 / 未知 / ""
    unknown: set[int]  # measures whose unit list is lost: every cell 未知
    named: dict[int, list[str]]  # the units each measure names, lead first
    all_units: list[Unit]  # every unit of the plan, to name them
    agency: Unit | None = None  # the unit the rows were chosen for, if any


def matrix(store: Store, *, section: int | None = None, agency_name: str | None = None) -> Matrix:
    """Measures against units. Columns are the units that appear in the rows, ordered by how
    many measures they lead, then join, then are named in through a collective, then
    registry order. A measure whose unit list is lost is 未知 in every column: whether a
    unit takes part there is unknown, not "no"."""
    chosen = measures(store, section)
    agency = None
    if agency_name is not None:
        agency = find_unit(store, agency_name)
        keep = _measures_of(store, agency)
        chosen = [m for m in chosen if m["id"] in keep]
    ids = {m["id"] for m in chosen}
    unknown = set(unknown_measures(store)) & ids
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
    rows = []
    for m in chosen:
        lost = m["id"] in unknown
        row = {"id": m["id"], "title": m["title"], "lead": m["lead"]}
        for n in columns:
            row[n] = ROLE_WORDS[UNKNOWN] if lost else cells.get(m["id"], {}).get(n, "")
        rows.append(row)
    named = {i: names for i, names in _units_by_measure(store).items() if i in ids}
    return Matrix(
        [registry.by_name[n] for n in columns], rows, unknown, named, registry.units, agency
    )


# --- the whole plan ------------------------------------------------------------------


def heading(store: Store) -> tuple[str, str]:
    """The document's title and date, for the head of a printed page."""
    r = store.rows("SELECT title, date FROM plans")[0]
    return r["title"], r["date"]


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
            dict(r) for r in store.rows(f"{_TARGET_SELECT} FROM targets t ORDER BY t.position")
        ],
    }


def gaps(store: Store) -> list[dict]:
    """Everything the plan does not read straight off its source: what the source has lost
    (section headings; measures' titles, bodies and unit lists) and every judgement marked
    `inferred: true` (a placement, a section's bounds, a unit's name or kind), each with the
    curator's notes, in English and in Chinese. Sections first, then measures, then units."""
    import json

    rows = []
    for r in store.rows("SELECT id, title, notes, notes_zh, inferred FROM sections ORDER BY rowid"):
        if r["title"] is None or r["inferred"]:
            rows.append(
                _gap(
                    None,
                    r["id"],
                    None,
                    ["section heading"] if r["title"] is None else [],
                    r["inferred"],
                    json.loads(r["notes"]),
                    json.loads(r["notes_zh"]),
                )
            )
    unknown = set(unknown_measures(store))
    for r in store.rows(
        "SELECT id, section, title, text, notes, notes_zh, inferred FROM measures ORDER BY position"
    ):
        lost = [
            part
            for part, gone in (
                ("title", r["title"] is None),
                ("text", r["text"] is None),
                ("units", r["id"] in unknown),
            )
            if gone
        ]
        if lost or r["inferred"]:
            rows.append(
                _gap(
                    r["id"],
                    r["section"],
                    None,
                    lost,
                    r["inferred"],
                    json.loads(r["notes"]),
                    json.loads(r["notes_zh"]),
                )
            )
    for r in store.rows("SELECT name, note, note_zh FROM units WHERE inferred ORDER BY position"):
        rows.append(
            _gap(
                None, None, r["name"], [], True, [r["note"]], [r["note_zh"]] if r["note_zh"] else []
            )
        )
    return rows


def _gap(measure, section, unit, missing, inferred, notes, notes_zh) -> dict:
    return {
        "measure": measure,
        "section": section,
        "unit": unit,
        "missing": missing,
        "inferred": bool(inferred),
        "notes": notes,
        "notes_zh": notes_zh,
    }
