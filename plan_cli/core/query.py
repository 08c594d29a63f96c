"""Questions asked of a compiled store: each returns rows (dicts whose keys are the JSON
contract of the CLI) or a small answer object. No printing, no formatting.

Every question is asked of the plans in scope (Store.scope: the library, or the plans
named with --plan), and every row says which plan it comes from: its last key, `plan`.
A measure is (plan, id): `id` stays its number within its plan.

Every role, count and matrix cell is read from the `responsibilities` table (relation.py);
a summary is a query over that table, never a recount of the rows a filter left.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace

from plan_cli.core import lookup
from plan_cli.core.errors import (
    AmbiguousMeasure,
    InvalidValue,
    NoMatch,
    UnknownMeasure,
    UnknownPlan,
    UnknownSection,
)
from plan_cli.core.i18n import _, ngettext
from plan_cli.core.lookup import Held
from plan_cli.core.model import MISSING, UNSECTIONED, Unit
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


# --- measures, named ---------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Ref:
    """A measure: its plan and its number there (`id` is the number within its plan)."""

    plan: str
    id: int

    def __str__(self) -> str:
        return f"{self.plan}:{self.id}"


def parse_measure(store: Store, value: str, name: str | None = None) -> Ref:
    """A measure as typed: its number (31, ３１, 三十一), or its plan and number (nx2020:31).
    Raises InvalidValue for what is not a number, UnknownPlan for a plan not in scope,
    UnknownMeasure for a number no plan in scope has, AmbiguousMeasure for a number that
    several plans have (the candidates are named)."""
    import unicodedata

    v = unicodedata.normalize("NFKC", value).strip()
    plan, colon, number = v.rpartition(":")
    plans = store.scope
    if colon:
        if not plan.strip():  # :31 — a plan's id left out: how it is typed, not a plan
            raise InvalidValue(
                _("{value}: name the plan before the colon, as in nx2020:31").format(value=value)
            )
        if plan not in store.scope:
            raise UnknownPlan(plan, store.scope)
        plans = [plan]
    n = number_as_typed(number)
    ids = _ids_of(store, plans[0]) if len(plans) == 1 else []
    if n is None:
        name = name or _("measure")
        if ids:
            message = _("{name} must be a number from {first} to {last}, got '{value}'").format(
                name=name, first=min(ids), last=max(ids), value=value
            )
        else:
            message = _("{name} must be a number, got '{value}'").format(name=name, value=value)
        raise InvalidValue(message)
    found = [
        r
        for r in store.rows(
            "SELECT m.plan, m.title FROM temp.scope s CROSS JOIN measures m ON m.plan = s.plan "
            "WHERE m.id = ? ORDER BY s.ord",
            (n,),
        )
        if r["plan"] in plans
    ]
    if not found:
        raise UnknownMeasure(n, range(min(ids), max(ids) + 1) if ids else None)
    if len(found) > 1:
        raise AmbiguousMeasure(n, [f"{r['plan']}:{n} {r['title'] or MISSING}" for r in found])
    return Ref(found[0]["plan"], n)


def _ids_of(store: Store, plan: str) -> list[int]:
    return [r[0] for r in store.rows("SELECT id FROM measures WHERE plan = ?", (plan,))]


def measure_titles(store: Store) -> list[tuple[str, str | None]]:
    """Every measure in scope as it can be typed (31; nx2020:31 when several plans are in
    scope), with its title: for shell completion."""
    return [
        (str(r[1]) if store.single else f"{r[0]}:{r[1]}", r[2])
        for r in store.rows(
            "SELECT m.plan, m.id, m.title FROM temp.scope s CROSS JOIN measures m ON m.plan = s.plan "
            "ORDER BY s.ord, m.position"
        )
    ]


def due_labels(store: Store) -> list[str]:
    """The due dates the targets have, as the tool prints them, in time order; then the words."""
    dated = [
        due_label(r[0])
        for r in store.rows(
            "SELECT DISTINCT t.due FROM temp.scope s CROSS JOIN targets t ON t.plan = s.plan "
            "WHERE t.due_first IS NOT NULL ORDER BY t.due_first, t.due_last"
        )
    ]
    return [*dict.fromkeys(dated), *DUE_WORDS]


def check_section(store: Store, section: int | None) -> None:
    if section is None:
        return
    known = [
        r[0]
        for r in store.rows(
            "SELECT DISTINCT x.id FROM temp.scope s CROSS JOIN sections x ON x.plan = s.plan "
            "ORDER BY x.id"
        )
    ]
    if section not in known:
        raise UnknownSection(section, known)


# --- measures ------------------------------------------------------------------------


def _choose(store: Store, keys) -> None:
    """Put measures in the temporary table `chosen`, which later queries join."""
    store.conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS chosen (plan TEXT, measure INTEGER, "
        "PRIMARY KEY (plan, measure)) WITHOUT ROWID"
    )
    store.conn.execute("DELETE FROM temp.chosen")
    store.conn.executemany("INSERT OR IGNORE INTO temp.chosen VALUES (?, ?)", keys)


def _unknown(store: Store) -> set[tuple[str, int]]:
    """The chosen measures whose unit list the source lost."""
    return {
        (r[0], r[1])
        for r in store.rows(
            "SELECT r.plan, r.measure FROM temp.chosen c CROSS JOIN responsibilities r "
            "ON r.plan = c.plan AND r.measure = c.measure WHERE r.role = ?",
            (UNKNOWN,),
        )
    }


def _targets_of(store: Store) -> dict[tuple[str, int], list[dict]]:
    out: dict[tuple[str, int], list[dict]] = {}
    for r in store.rows(
        f"{_TARGET_SELECT} FROM temp.chosen c CROSS JOIN targets t "
        "ON t.plan = c.plan AND t.measure = c.measure ORDER BY t.plan, t.position"
    ):
        row = dict(r)
        del row["units_known"]  # its measure says so, once
        out.setdefault((r["plan"], r["measure"]), []).append(row)
    return out


def _measure_rows(store: Store, where: str = "", params: tuple | list = ()) -> list[dict]:
    """Measures in scope (`where` narrows them: m is the measures table), as JSON rows."""
    found = store.rows(
        "SELECT m.plan, m.id, m.section, m.title, m.text, m.named, m.leading FROM temp.scope s "
        f"CROSS JOIN measures m ON m.plan = s.plan {'WHERE ' + where if where else ''} "
        "ORDER BY s.ord, m.position",
        params,
    )
    _choose(store, [(r["plan"], r["id"]) for r in found])
    unknown, targets = _unknown(store), _targets_of(store)
    rows = []
    for r in found:
        key = (r["plan"], r["id"])
        named, leads = json.loads(r["named"]), json.loads(r["leading"])
        rows.append(
            {
                "id": r["id"],
                "section": r["section"],
                "title": r["title"],
                "text": r["text"],
                "lead": leads[0] if leads else None,  # None: lost, or a shared duty
                "leads": leads,  # several, or none for a shared duty
                "units": named,
                # false: the source lost the unit list; empty units then mean "unknown"
                "units_known": key not in unknown,
                "targets": targets.get(key, []),
                "plan": r["plan"],
            }
        )
    return rows


def measures(store: Store, section: int | None = None) -> list[dict]:
    check_section(store, section)
    if section is None:
        return _measure_rows(store)
    return _measure_rows(store, "m.section = ?", (section,))


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


def measure(store: Store, ref: Ref) -> MeasureDetail:

    row = _measure_rows(store, "m.plan = ? AND m.id = ?", (ref.plan, ref.id))[0]
    m = store.rows(
        "SELECT m.sentences, m.notes, m.notes_zh, s.numeral, s.title FROM measures m "
        "LEFT JOIN sections s ON s.plan = m.plan AND s.id = m.section "
        "WHERE m.plan = ? AND m.id = ?",
        (ref.plan, ref.id),
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
    ids: dict[tuple[str, int], list[int]] = {}
    for r in store.rows(
        "SELECT m.plan, m.section, m.id FROM temp.scope s CROSS JOIN measures m ON m.plan = s.plan "
        "ORDER BY m.position"
    ):
        ids.setdefault((r[0], r[1]), []).append(r[2])
    return [
        {
            "id": r["id"],
            "numeral": r["numeral"],
            "title": r["title"],
            "measures": ids.get((r["plan"], r["id"]), []),
            "plan": r["plan"],
        }
        for r in store.rows(
            "SELECT x.plan, x.id, x.numeral, x.title FROM temp.scope s "
            "CROSS JOIN sections x ON x.plan = s.plan ORDER BY s.ord, x.rowid"
        )
    ]


def search(store: Store, text: str, *, indexed: bool = True) -> list[dict]:
    """Measures whose title or text contains `text` (case-insensitive). Raises NoMatch.

    Three characters or more are looked up in the trigram index first (when `indexed`:
    the index is built); every candidate is then checked as a plain substring, so both
    paths answer alike. Shorter text (黄河) is found by reading every measure.
    """
    needle = text.strip().lower()
    if not needle:
        raise InvalidValue(_("the search text is empty"))
    if indexed and len(needle) >= 3 and "\x00" not in needle:  # FTS5 ends a query at NUL
        phrase = '"' + needle.replace('"', '""') + '"'
        rows = _measure_rows(
            store,
            "m.rowid IN (SELECT rowid FROM measures_fts WHERE measures_fts MATCH ?)",
            (phrase,),
        )
    else:
        rows = _measure_rows(
            store,
            "(instr(lower(coalesce(m.title, '')), ?) > 0 OR instr(lower(coalesce(m.text, '')), ?) > 0)",
            (needle, needle),
        )
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
class Summary:
    """What a unit does across the plans in scope, whatever a filter kept."""

    held: Held
    counts: dict[str, int]  # role -> number of measures
    unknown: int  # measures of its jurisdiction's plans whose unit list the source lost


@dataclass
class AgencyAnswer:
    summaries: list[Summary]  # one per unit the name found (per jurisdiction)
    rows: list[dict]

    @property
    def several(self) -> bool:
        """The name found units of more than one jurisdiction (or more than one unit)."""
        return len(self.summaries) > 1


def find_units(store: Store, name: str) -> list[Held]:
    """The units a typed name means in the plans in scope (lookup.py), into the temporary
    table `found` (plan, unit, held), which later queries join."""
    held = lookup.find_units(store, name)
    store.conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS found (plan TEXT, unit TEXT, held INTEGER, "
        "PRIMARY KEY (plan, unit)) WITHOUT ROWID"
    )
    store.conn.execute("DELETE FROM temp.found")
    store.conn.executemany(
        "INSERT OR IGNORE INTO temp.found VALUES (?, ?, ?)",
        [(f.plan, f.unit, i) for i, h in enumerate(held) for f in h.found],
    )
    return held


def _summaries(store: Store, held: list[Held]) -> list[Summary]:
    counts = [dict.fromkeys(ROLES, 0) for _h in held]
    for r in store.rows(
        "SELECT f.held, r.role, COUNT(DISTINCT r.plan || ':' || r.measure) "
        "FROM temp.found f CROSS JOIN responsibilities r ON r.plan = f.plan AND r.unit = f.unit "
        "GROUP BY f.held, r.role"
    ):
        counts[r[0]][r[1]] = r[2]
    unknown: dict[str | None, int] = {}
    for r in store.rows(
        "SELECT p.jurisdiction, SUM(p.lost) FROM temp.scope s CROSS JOIN plans p "
        "ON p.id = s.plan GROUP BY p.jurisdiction"
    ):
        unknown[r[0]] = r[1]
    return [
        Summary(h, c, unknown.get(h.jurisdiction, 0)) for h, c in zip(held, counts, strict=True)
    ]


def agency(
    store: Store, name: str, *, lead_only: bool = False, direct: bool = False
) -> AgencyAnswer:
    """The measures a unit leads, takes part in, or is named in through a collective, in
    every plan in scope; a unit of each jurisdiction on its own."""
    held = find_units(store, name)
    roles = _roles_kept(lead_only, direct)
    found = store.rows(
        "SELECT m.plan, m.id, m.section, m.title, r.role, r.unit, f.held, m.named, m.leading "
        "FROM temp.found f CROSS JOIN responsibilities r ON r.plan = f.plan AND r.unit = f.unit "
        "JOIN measures m ON m.plan = r.plan AND m.id = r.measure "
        "JOIN temp.scope s ON s.plan = m.plan "
        f"WHERE r.role IN ({','.join('?' * len(roles))}) ORDER BY s.ord, m.position, f.held",
        roles,
    )
    rows = []
    for r in found:
        named, leads = json.loads(r["named"]), json.loads(r["leading"])
        rows.append(
            {
                "id": r["id"],
                "section": r["section"],
                "title": r["title"],
                "role": r["role"],
                "lead": leads[0] if leads else None,
                "units": named,
                "unit": r["unit"],  # as this plan names it (a former name, where renamed)
                "jurisdiction": held[r["held"]].jurisdiction,
                "plan": r["plan"],
            }
        )
    return AgencyAnswer(_summaries(store, held), rows)


def _roles_kept(lead_only: bool, direct: bool) -> tuple[str, ...]:
    """--lead keeps the lead rows; --direct drops the rows reached through a collective."""
    return (LEAD,) if lead_only else (LEAD, PARTICIPANT) if direct else ROLES


def agencies(store: Store) -> list[dict]:
    """Every unit of every plan in scope, with how many measures of that plan it leads,
    joins, and is named in through a collective."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for r in store.rows(
        "SELECT r.plan, r.unit, r.role, COUNT(*) FROM temp.scope s "
        "CROSS JOIN responsibilities r ON r.plan = s.plan WHERE r.unit IS NOT NULL "
        "GROUP BY r.plan, r.unit, r.role"
    ):
        counts.setdefault((r[0], r[1]), {})[r[2]] = r[3]
    return [
        {
            "unit": r["name"],
            "short": r["short"],
            "kind": r["kind"],
            **{role: counts.get((r["plan"], r["name"]), {}).get(role, 0) for role in ROLES},
            "jurisdiction": r["jurisdiction"],
            "plan": r["plan"],
        }
        for r in store.rows(
            "SELECT u.plan, u.name, u.short, u.kind, p.jurisdiction FROM temp.scope s "
            "CROSS JOIN units u ON u.plan = s.plan JOIN plans p ON p.id = u.plan "
            "ORDER BY s.ord, u.position"
        )
    ]


def units_in_scope(store: Store) -> list[Unit]:
    """The units of the plans in scope, each name once (the first plan's), in order: to
    show names short on a terminal."""
    by_name: dict[str, Unit] = {}
    abbr = {
        (r[0], r[1]): r[2]
        for r in store.rows(
            "SELECT n.plan, n.unit, n.name FROM temp.scope s "
            "CROSS JOIN unit_names n ON n.plan = s.plan WHERE n.form = 'abbr'"
        )
    }
    for r in store.rows(
        "SELECT u.* FROM temp.scope s CROSS JOIN units u ON u.plan = s.plan ORDER BY s.ord, u.position"
    ):
        if r["name"] not in by_name:
            by_name[r["name"]] = Unit(
                r["name"],
                r["short"],
                (),
                r["kind"],
                r["covers"],
                r["note"],
                bool(r["inferred"]),
                abbr.get((r["plan"], r["name"])),
                r["note_zh"],
            )
    return list(by_name.values())


# --- targets -------------------------------------------------------------------------

# A target row: its fields as the JSON contract orders them, its measure's lead (null for a
# lost unit list and for a shared duty: units_known tells them apart), its plan.
_TARGET_SELECT = (
    "SELECT t.measure, t.text, t.indicator, t.value, t.value_max, t.unit, t.comparator, "
    "t.due, t.due_text, (SELECT r.unit FROM responsibilities r WHERE r.plan = t.plan "
    "AND r.measure = t.measure AND r.role = 'lead' ORDER BY r.position LIMIT 1) AS lead, "
    "NOT EXISTS (SELECT 1 FROM responsibilities r WHERE r.plan = t.plan "
    "AND r.measure = t.measure AND r.role = 'unknown') AS units_known, t.plan"
)


def _target_row(r) -> dict:
    row = dict(r)
    row["units_known"] = bool(row["units_known"])
    return row


def targets(
    store: Store,
    *,
    due: int | str | tuple[int, int] | None = None,
    by: int | None = None,
    agency_name: str | None = None,
    lead_only: bool = False,
    direct: bool = False,
    measure: Ref | None = None,
    section: int | None = None,
) -> list[dict]:
    """Targets, filtered. due: falls due that year, or in any year of a range (a target due
    2023-2025 counts for each of its years), or 'recurring' / 'undated'; by: due that year
    or earlier. With agency_name each row carries the unit's role in the target's measure;
    lead_only and direct narrow the roles as `agency` does."""
    select, where, params = _TARGET_SELECT, [], []
    if measure is not None:
        where.append("t.plan = ? AND t.measure = ?")
        params += [measure.plan, measure.id]
    if section is not None:
        check_section(store, section)
        where.append("m.section = ?")
        params.append(section)
    join = ""
    if agency_name is not None:
        find_units(store, agency_name)
        roles = _roles_kept(lead_only, direct)
        select = select.replace(
            " AS units_known, t.plan", " AS units_known, a.role AS role, t.plan"
        )
        join = (
            "JOIN (SELECT r.plan, r.measure, CASE MIN(CASE r.role WHEN 'lead' THEN 0 "
            "WHEN 'participant' THEN 1 ELSE 2 END) WHEN 0 THEN 'lead' WHEN 1 THEN 'participant' "
            "ELSE 'collective' END AS role FROM temp.found f "
            "CROSS JOIN responsibilities r ON r.plan = f.plan AND r.unit = f.unit "
            f"WHERE r.role IN ({','.join('?' * len(roles))}) GROUP BY r.plan, r.measure) a "
            "ON a.plan = t.plan AND a.measure = t.measure "
        )
        params = [*roles, *params]
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
        f"{select} FROM temp.scope s CROSS JOIN targets t ON t.plan = s.plan "
        f"JOIN measures m ON m.plan = t.plan AND m.id = t.measure {join}"
        f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY s.ord, t.position"
    )
    return [_target_row(r) for r in store.rows(sql, params)]


def timeline(store: Store) -> list[dict]:
    """Targets grouped by when they fall due: years in order (a range by its first year),
    then recurring, then undated."""
    rows = store.rows(
        f"{_TARGET_SELECT} FROM temp.scope s CROSS JOIN targets t ON t.plan = s.plan ORDER BY "
        "CASE WHEN t.due_first IS NOT NULL THEN 0 WHEN t.due = 'recurring' THEN 1 ELSE 2 END, "
        "coalesce(t.due_first, 0), coalesce(t.due_last, 0), s.ord, t.measure, t.position"
    )
    return [{"group": due_label(r["due"]), **_target_row(r)} for r in rows]


def due_label(due: int | str | None) -> str:
    """How a due date reads: 2025, 2023-2025, recurring or undated."""
    return "undated" if due is None else str(due)


# --- the responsibility matrix (分工表) ------------------------------------------------


@dataclass
class Matrix:
    units: list[Unit]  # the columns, in order (named by their column keys)
    columns: list[str]  # each column's key in the rows: the unit's name (see `matrix`)
    rows: list[dict]  # id, title, lead, plan, then a cell per unit: 牵头 / 参与 / 全体 / 未知 / ""
    unknown: set[tuple[str, int]]  # measures whose unit list is lost: every cell 未知
    named: dict[tuple[str, int], list[str]]  # the units each measure names, lead first
    all_units: list[Unit]  # every unit of the plans, to name them
    keys: dict[tuple[str | None, str], str]  # (jurisdiction, unit) -> its column
    place: dict[str, str | None]  # plan -> its jurisdiction
    agency: Held | None = None  # the unit the rows were chosen for, if any
    agency_roles: dict[tuple[str, int], str] = field(default_factory=dict)  # its cell

    def key_of(self, plan: str, unit: str) -> str:
        """The column of a unit of a plan."""
        return self.keys.get((self.place.get(plan), unit), unit)


def matrix(store: Store, *, section: int | None = None, agency_name: str | None = None) -> Matrix:
    """Measures against units. Columns are the units that appear in the rows, ordered by how
    many measures they lead, then join, then are named in through a collective, then
    registry order. A measure whose unit list is lost is 未知 in every column: whether a
    unit takes part there is unknown, not "no". A column is a unit's full name; where two
    jurisdictions in scope have a unit of one name, its column is the name and the
    jurisdiction (省财政厅（浙江省）)."""
    chosen = measures(store, section)
    agency, agency_roles = None, {}
    if agency_name is not None:
        agency = find_units(store, agency_name)[0]
        for r in store.rows(
            "SELECT r.plan, r.measure, r.role FROM temp.found f CROSS JOIN responsibilities r "
            "ON r.plan = f.plan AND r.unit = f.unit WHERE f.held = 0"
        ):
            agency_roles.setdefault((r[0], r[1]), ROLE_WORDS[r[2]])
        chosen = [m for m in chosen if (m["plan"], m["id"]) in agency_roles]
    _choose(store, [(m["plan"], m["id"]) for m in chosen])
    unknown = _unknown(store)
    place = {r[0]: r[1] for r in store.rows("SELECT id, jurisdiction FROM plans")}
    cells: dict[tuple[str, int], dict[tuple, str]] = {}
    tally: dict[tuple, list[int]] = {}
    for r in store.rows(
        "SELECT r.plan, r.measure, r.unit, r.role FROM temp.chosen c CROSS JOIN responsibilities r "
        "ON r.plan = c.plan AND r.measure = c.measure WHERE r.unit IS NOT NULL"
    ):
        unit = (place[r[0]], r[2])
        cells.setdefault((r[0], r[1]), {})[unit] = ROLE_WORDS[r[3]]
        tally.setdefault(unit, [0, 0, 0])[ROLES.index(r[3])] += 1
    all_units = units_in_scope(store)
    order = {u.name: i for i, u in enumerate(all_units)}
    columns = sorted(
        tally, key=lambda u: (-tally[u][0], -tally[u][1], -tally[u][2], order.get(u[1], 0))
    )
    names = [u[1] for u in columns]
    keys = {u: f"{u[1]}（{u[0]}）" if names.count(u[1]) > 1 else u[1] for u in columns}
    rows = []
    for m in chosen:
        key = (m["plan"], m["id"])
        row = {"id": m["id"], "title": m["title"], "lead": m["lead"], "plan": m["plan"]}
        for u in columns:
            row[keys[u]] = ROLE_WORDS[UNKNOWN] if key in unknown else cells.get(key, {}).get(u, "")
        rows.append(row)
    by_name = {u.name: u for u in all_units}
    return Matrix(
        [replace(by_name[u[1]], name=keys[u]) for u in columns],
        [keys[u] for u in columns],
        rows,
        unknown,
        {(m["plan"], m["id"]): m["units"] for m in chosen},
        all_units,
        keys,
        place,
        agency,
        agency_roles,
    )


# --- the library, and the whole of a plan ---------------------------------------------


def plans(store: Store) -> list[dict]:
    """The plans in scope: what each is, how much it holds, what an import left to check."""
    count = {
        (r[0], r[1]): r[2]
        for table in ("measures", "targets")
        for r in store.rows(
            f"SELECT '{table}', x.plan, COUNT(*) FROM temp.scope s "
            f"CROSS JOIN {table} x ON x.plan = s.plan GROUP BY x.plan"
        )
    }
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "issuer": r["issuer"],
            "date": r["date"],
            "measures": count.get(("measures", r["id"]), 0),
            "targets": count.get(("targets", r["id"]), 0),
            "reviews": r["reviews"],
        }
        for r in store.rows(
            "SELECT p.* FROM temp.scope s CROSS JOIN plans p ON p.id = s.plan ORDER BY s.ord"
        )
    ]


def heading(store: Store) -> tuple[str, str]:
    """The title and date for the head of a printed page: the plan's, or when several
    plans are in scope, how many."""
    if store.single:
        r = store.rows("SELECT title, date FROM plans WHERE id = ?", (store.scope[0],))[0]
        return r["title"], r["date"]
    n = len(store.scope)
    return ngettext("{n} plan", "{n} plans", n).format(n=n), ""


def export(store: Store) -> dict:
    """The plans in scope: {"plans": [each plan's object]} (see `export_plan`)."""
    return {"plans": [export_plan(store, p) for p in store.scope]}


def export_plan(store: Store, plan: str) -> dict:
    """One plan as one nested object (export --format json/yaml). It holds what the plan
    file holds (sentences, unit lists as printed, notes, judgements), so that `plan add`
    takes it back (load.py reads this shape too), and the derived facts (lead, units,
    units_known) that scripts read."""

    saved = store.scope
    store.narrow([plan])
    try:
        d = store.rows("SELECT * FROM plans WHERE id = ?", (plan,))[0]
        extra = {
            r["id"]: r
            for r in store.rows(
                "SELECT id, sentences, units_source, notes, notes_zh, inferred, due, leader, "
                "due_text "
                "FROM measures WHERE plan = ?",
                (plan,),
            )
        }
        measures_out = []
        for m in _measure_rows(store):
            e = extra[m["id"]]
            m = {
                **{k: v for k, v in m.items() if k != "plan"},
                "sentences": json.loads(e["sentences"]),
                "units_source": e["units_source"],
                "notes": json.loads(e["notes"]),
                "notes_zh": json.loads(e["notes_zh"]),
                "inferred": bool(e["inferred"]),
            }
            m["due"] = e["due"]  # the task's own deadline: 2017-06, 2020, ongoing, recurring
            for k in ("leader", "due_text"):
                if e[k] is not None:
                    m[k] = e[k]
            for t in m["targets"]:
                t.pop("plan", None)
            measures_out.append(m)
        section_extra = {
            r["id"]: r
            for r in store.rows(
                "SELECT id, notes, notes_zh, inferred FROM sections WHERE plan = ?", (plan,)
            )
        }
        return {
            "id": plan,
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
                "source": d["source"],
                "jurisdiction": d["jurisdiction"],
                **({"other_text": json.loads(d["other_text"])} if d["other_text"] != "[]" else {}),
            },
            "sections": [
                {
                    **{k: v for k, v in s.items() if k != "plan"},
                    "notes": json.loads(section_extra[s["id"]]["notes"]),
                    "notes_zh": json.loads(section_extra[s["id"]]["notes_zh"]),
                    "inferred": bool(section_extra[s["id"]]["inferred"]),
                }
                for s in sections(store)
            ],
            "units": _export_units(store, plan),
            "measures": measures_out,
            "targets": [
                {k: v for k, v in dict(r).items() if k not in ("plan", "units_known")}
                for r in store.rows(
                    f"{_TARGET_SELECT} FROM targets t WHERE t.plan = ? ORDER BY t.position",
                    (plan,),
                )
            ],
            "untargeted": [
                {"text": r[0], "reason": r[1]}
                for r in store.rows(
                    "SELECT text, reason FROM untargeted WHERE plan = ? ORDER BY rowid", (plan,)
                )
            ],
        }
    finally:
        store.narrow(saved)


def _export_units(store: Store, plan: str) -> list[dict]:
    out = []
    for u in store.registry_of(plan).units:
        item = {"name": u.name, "short": u.short, "aliases": list(u.aliases), "kind": u.kind}
        for k in ("abbr", "covers", "note", "note_zh"):
            if getattr(u, k):
                item[k] = getattr(u, k)
        if u.inferred:
            item["inferred"] = True
        out.append(item)
    return out


def gaps(store: Store) -> list[dict]:
    """Everything the plans do not read straight off their sources: what a source has lost
    (section headings; measures' titles, bodies and unit lists) and every judgement marked
    `inferred: true` (a placement, a section's bounds, a unit's name or kind), each with the
    curator's notes, in English and in Chinese. Plan by plan: sections first, then
    measures, then units."""

    rows = []
    for plan in store.scope:
        for r in store.rows(
            "SELECT id, numeral, title, notes, notes_zh, inferred FROM sections WHERE plan = ? "
            "ORDER BY rowid",
            (plan,),
        ):
            lost = r["title"] is None and r["numeral"] != UNSECTIONED  # none printed: none lost
            if lost or r["inferred"]:
                rows.append(
                    _gap(
                        plan,
                        None,
                        r["id"],
                        None,
                        ["section heading"] if lost else [],
                        r["inferred"],
                        json.loads(r["notes"]),
                        json.loads(r["notes_zh"]),
                    )
                )
        unknown = {
            r[0]
            for r in store.rows(
                "SELECT measure FROM responsibilities WHERE plan = ? AND role = ?", (plan, UNKNOWN)
            )
        }
        for r in store.rows(
            "SELECT id, section, title, text, notes, notes_zh, inferred FROM measures "
            "WHERE plan = ? ORDER BY position",
            (plan,),
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
                        plan,
                        r["id"],
                        r["section"],
                        None,
                        lost,
                        r["inferred"],
                        json.loads(r["notes"]),
                        json.loads(r["notes_zh"]),
                    )
                )
        for r in store.rows(
            "SELECT name, note, note_zh FROM units WHERE plan = ? AND inferred ORDER BY position",
            (plan,),
        ):
            rows.append(
                _gap(
                    plan,
                    None,
                    None,
                    r["name"],
                    [],
                    True,
                    [r["note"]],
                    [r["note_zh"]] if r["note_zh"] else [],
                )
            )
    return rows


def _gap(plan, measure, section, unit, missing, inferred, notes, notes_zh) -> dict:
    return {
        "measure": measure,
        "section": section,
        "unit": unit,
        "missing": missing,
        "inferred": bool(inferred),
        "notes": notes,
        "notes_zh": notes_zh,
        "plan": plan,
    }
