"""Which units a typed name means, in every plan a question is asked of.

One plan answers by `names.resolve`, THE matching rule (a registry uses it too); here the
names it looks up are read from the store's `unit_names` table, so that a name is found
in 1,000 plans without building 1,000 registries.

A unit belongs to its plan's jurisdiction: 财政厅 is 自治区财政厅 in a 宁夏 plan and 省财政厅
in a 浙江 plan, and the two are never one unit. A plan that does not know a name by any
form may know it by a former name (the `renames` table, from data/names.yaml): a 2017
plan's 国土资源厅 is found for 自然资源厅, and the answer says so. An abbreviation a plan
curates (发改委 for 发展改革委) stands for those words in every plan (`_expansions`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plan_cli.core.errors import AmbiguousUnit, UnknownUnit
from plan_cli.core.names import forms, jurisdiction_names, loose, normalize, resolve, typed
from plan_cli.core.store import Store


@dataclass
class Found:
    """A unit a typed name found in one plan: `unit` as that plan names it; `via` the
    rename it was found through, when the plan knows it only by another name."""

    plan: str
    unit: str
    via: Rename | None = None


@dataclass
class Held:
    """One unit across the plans in scope: a jurisdiction and the unit's current name,
    found in `found` (one per plan, sometimes two where a unit was split)."""

    jurisdiction: str | None
    name: str
    found: list[Found] = field(default_factory=list)

    @property
    def plans(self) -> list[str]:
        return list(dict.fromkeys(f.plan for f in self.found))

    @property
    def renamed(self) -> list[Found]:
        """Where the unit was found under another name."""
        return [f for f in self.found if f.via]


def find_units(store: Store, query: str) -> list[Held]:
    """The units `query` means in the plans in scope, one per jurisdiction (or per unit,
    where a name means different units in different plans). Raises InvalidValue for an
    empty name, AmbiguousUnit when a plan has several units by that name, UnknownUnit
    when no plan in scope has one."""
    typed(query)
    by_place: dict[str | None, list[str]] = {}
    for r in store.rows(
        "SELECT p.id, p.jurisdiction FROM plans p JOIN temp.scope s ON s.plan = p.id ORDER BY s.ord"
    ):
        by_place.setdefault(r[1], []).append(r[0])
    found: list[Found] = []
    for place, plans in by_place.items():
        found += _in_jurisdiction(store, query, place, plans)
    if not found:
        raise UnknownUnit(query, _suggest(store, query))
    return _held(store, found)


def _places(jurisdiction: str | None) -> list[str]:
    return [normalize(n) for n in jurisdiction_names(jurisdiction)]


def _in_jurisdiction(store: Store, query: str, place: str | None, plans: list[str]) -> list[Found]:
    places = _places(place)
    out, missing = _resolved(store, query, query, places, plans)
    for expanded in _expansions(store, query) if missing else ():
        found, missing = _resolved(store, expanded, query, places, missing)
        out += found
    if missing:
        out += _former(store, query, place, missing)
    return out


def _resolved(
    store: Store, name: str, query: str, places: list[str], plans: list[str]
) -> tuple[list[Found], list[str]]:
    """The unit `name` means in each plan (`query`, as typed, names an ambiguity), and the
    plans where it means none."""
    exact, loose_index = _lookup(store, forms(typed(name), places), plans)
    partial: dict[str, list[str]] | None = None
    out: list[Found] = []
    missing: list[str] = []
    for plan in plans:
        if plan not in exact and plan not in loose_index:
            if partial is None:
                partial = _partial(store, typed(name), plans)
            if plan not in partial:
                missing.append(plan)
                continue
        e, lo, pa = exact.get(plan, {}), loose_index.get(plan, {}), (partial or {}).get(plan, [])
        try:
            unit = resolve(name, places, e.get, lo.get, lambda q, pa=pa: pa)
        except AmbiguousUnit as error:
            raise AmbiguousUnit(query, error.candidates) from None
        if unit is None:
            missing.append(plan)
        else:
            out.append(Found(plan, unit))
    return out, missing


def _expansions(store: Store, query: str) -> list[str]:
    """The short names an abbreviation stands for where a plan curates it (发改委 for
    发展改革委, 人社厅 for 人力资源社会保障厅): words of the language of these plans, not of
    one plan, so they find 省发展改革委 in a plan imported without abbreviations."""
    q = normalize(typed(query))
    return [
        r[0]
        for r in store.rows(
            "SELECT DISTINCT s.name FROM unit_names a JOIN unit_names s "
            "ON s.plan = a.plan AND s.unit = a.unit AND s.form = 'short' "
            "WHERE a.form = 'abbr' AND a.norm = ? ORDER BY s.name",
            (q,),
        )
        if normalize(r[0]) != q
    ]


def _lookup(store: Store, keys: list[str], plans: list[str]):
    """plan -> normalized name -> units, for names equal to one of `keys`, exactly and
    without brackets and 、 (names.loose).

    A name any plan of a jurisdiction gives a unit is a name of that unit in every plan of
    the jurisdiction that has it: 发改委, curated for 自治区发展改革委 in one plan, finds
    自治区发展改革委 in a plan imported without nicknames."""
    loose_keys = [loose(k) for k in keys]
    exact: dict[str, dict[str, list[str]]] = {}
    loose_index: dict[str, dict[str, list[str]]] = {}
    if not plans:
        return exact, loose_index
    place = store.jurisdiction(plans[0])
    marks = ",".join("?" * len(keys))
    named: list[tuple[str, str, str]] = []  # (unit, norm, loose), in the library's order
    for r in store.rows(
        "SELECT n.unit, n.norm, n.loose FROM unit_names n JOIN plans p ON p.id = n.plan "
        f"WHERE (n.norm IN ({marks}) OR n.loose IN ({marks})) AND p.jurisdiction IS ? "
        "ORDER BY p.position, p.id, n.position",
        [*keys, *loose_keys, place],
    ):
        named.append((r[0], r[1], r[2]))
    named = list(dict.fromkeys(named))  # 1,000 plans give the same few names, once each
    units = list(dict.fromkeys(u for u, _n, _l in named))
    if not units:
        return exact, loose_index
    has: dict[str, set[str]] = {}
    wanted = set(plans)
    for r in store.rows(
        "SELECT u.plan, u.name FROM temp.scope s CROSS JOIN units u ON u.plan = s.plan "
        f"WHERE u.name IN ({','.join('?' * len(units))})",
        units,
    ):
        if r[0] in wanted:
            has.setdefault(r[0], set()).add(r[1])
    for plan in plans:
        present = has.get(plan, set())
        for unit, norm, lo in named:
            if unit not in present:
                continue
            for index, key, keyset in ((exact, norm, keys), (loose_index, lo, loose_keys)):
                if key in keyset:
                    bucket = index.setdefault(plan, {}).setdefault(key, [])
                    if unit not in bucket:
                        bucket.append(unit)
    return exact, loose_index


def _partial(store: Store, q: str, plans: list[str]) -> dict[str, list[str]]:
    """plan -> the units with a name that contains q, in the plan's order."""
    wanted = set(plans)
    out: dict[str, list[str]] = {}
    for r in store.rows(
        "SELECT n.plan, n.unit FROM unit_names n JOIN temp.scope s ON s.plan = n.plan "
        "WHERE instr(n.norm, ?) > 0 GROUP BY n.plan, n.unit ORDER BY n.plan, MIN(n.position)",
        (q,),
    ):
        if r[0] in wanted:
            out.setdefault(r[0], []).append(r[1])
    return out


# --- former names ---------------------------------------------------------------------


@dataclass(frozen=True)
class Rename:
    """A unit's change of name (data/names.yaml): `old` became `new` in `date`. `later`:
    the plan knows the unit by its later name, and the typed name is the former one."""

    old: str
    new: str
    date: str
    confirmed: bool  # checked against a published reform document (its note says so)
    later: bool = False

    @property
    def known_as(self) -> str:
        """The name the plan knows the unit by."""
        return self.new if self.later else self.old


def renames(store: Store, jurisdiction: str | None) -> list[Rename]:
    out = []
    for r in store.rows(
        "SELECT old, old_short, new, new_short, date, note FROM renames WHERE jurisdiction IS ?",
        (jurisdiction,),
    ):
        confirmed = (r["note"] or "").startswith("confirmed")
        for old in filter(None, (r["old"], r["old_short"])):
            for new in filter(None, (r["new"], r["new_short"])):
                out.append(Rename(old, new, r["date"] or "", confirmed))
    return out


def _former(store: Store, query: str, place: str | None, plans: list[str]) -> list[Found]:
    """Units of `plans` that the typed name means under another name: the typed name is
    one side of a rename and the plan knows the other. Renames are followed in one
    direction, up to three steps (扶贫办 → 乡村振兴局 → …)."""
    places = _places(place)
    typed_forms = set(forms(typed(query), places))
    found: list[Found] = []
    for later in (False, True):
        frontier, seen = typed_forms, set(typed_forms)
        for _step in range(3):
            hops = []
            for r in renames(store, place):
                have, known = (r.old, r.new) if later else (r.new, r.old)
                if frontier & set(forms(normalize(have), places)) and normalize(known) not in seen:
                    hops.append(Rename(r.old, r.new, r.date, r.confirmed, later))
            for r in hops:
                found += _known_as(store, r, places, plans, found)
            frontier = {normalize(r.known_as) for r in hops}
            seen |= frontier
            if not hops:
                break
    return found


def _known_as(store, r: Rename, places, plans, found: list[Found]) -> list[Found]:
    """The units of `plans` named r.known_as, exactly or without brackets and 、."""
    keys = forms(normalize(r.known_as), places)
    exact, loose_index = _lookup(store, keys, plans)
    out = []
    for plan in plans:
        units = [u for k in keys for u in exact.get(plan, {}).get(k, [])] or [
            u for k in keys for u in loose_index.get(plan, {}).get(loose(k), [])
        ]
        for unit in dict.fromkeys(units):
            if not any(f.plan == plan and f.unit == unit for f in [*found, *out]):
                out.append(Found(plan, unit, r))
    return out


def known_kinds(store: Store, jurisdiction: str | None) -> dict[str, tuple[str, str | None, str]]:
    """unit name -> (kind, covers, the plan it is curated in) for the units of a
    jurisdiction the library knows a kind for, read or settled by a person (not a kind
    another import inferred): what an imported plan's units may take."""
    out: dict[str, tuple[str, str | None, str]] = {}
    for r in store.rows(
        "SELECT u.name, u.kind, u.covers, u.plan FROM units u JOIN plans p ON p.id = u.plan "
        "WHERE p.jurisdiction IS ? AND u.kind != '' AND u.inferred = 0 "
        "ORDER BY p.position, p.id",
        (jurisdiction,),
    ):
        out.setdefault(r[0], (r[1], r[2], r[3]))
    return out


# --- grouping and suggesting -----------------------------------------------------------


def _held(store: Store, found: list[Found]) -> list[Held]:
    """Found units grouped by jurisdiction and the name the unit goes by now, in the
    order of the plans. A unit found under its former name joins the unit the typed name
    found directly in that jurisdiction, when it found exactly one."""
    place = {r[0]: r[1] for r in store.rows("SELECT id, jurisdiction FROM plans")}
    direct: dict[str | None, list[str]] = {}
    for f in found:
        if f.via is None and f.unit not in direct.setdefault(place[f.plan], []):
            direct[place[f.plan]].append(f.unit)
    groups: dict[tuple[str | None, str], Held] = {}
    for f in found:
        j = place[f.plan]
        if f.via is None or f.via.later:
            name = f.unit
        else:
            name = direct[j][0] if len(direct.get(j, [])) == 1 else f.via.new
        groups.setdefault((j, name), Held(j, name)).found.append(f)
    return list(groups.values())


def _suggest(store: Store, query: str, n: int = 3) -> list[str]:
    import difflib

    q = normalize(query)
    names = {
        r[0]: r[1]
        for r in store.rows(
            "SELECT DISTINCT n.norm, n.name FROM unit_names n JOIN temp.scope s "
            "ON s.plan = n.plan LIMIT 20000"
        )
    }
    out: list[str] = []
    for c in difflib.get_close_matches(q, list(names), n=n, cutoff=0.5):
        if names[c] not in out:
            out.append(names[c])
    return out
