"""Names of responsible units: reading a 责任单位 list, and matching what a user types.

A 责任单位 list such as
    自治区发展改革委、财政厅，宁东管委会，各市、县〔区〕人民政府
is read by two rules of the document: ， separates groups and 、 separates units within a
group; the 自治区 in front of the list applies to every member of that first 、-group
(财政厅 → 自治区财政厅) unless the member carries a name of its own (宁夏税务局,
银川海关). Whether a member carries its own name is decided by the registry, not by a
guess: 自治区 is put in front only when that gives a registered unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from plan_cli.core.errors import AmbiguousUnit, InvalidValue, UnknownUnit
from plan_cli.core.i18n import _
from plan_cli.core.model import Unit

REGION = "自治区"

# Brackets people type in ASCII or full width; the document uses 〔〕 inside names.
_BRACKETS = str.maketrans({"(": "〔", ")": "〕", "（": "〔", "）": "〕", "[": "〔", "]": "〕"})
_SPACE = re.compile(r"\s+")
_LOOSE = re.compile(r"〔[^〔〕]*〕|、")


def normalize(name: str) -> str:
    """The form in which names are compared: full-width letters and digits folded (NFKC),
    no spaces, one kind of bracket, lower case."""
    import unicodedata

    return _SPACE.sub("", unicodedata.normalize("NFKC", name)).translate(_BRACKETS).lower()


def loose(name: str) -> str:
    """A normalized name without its bracketed parts and 、: how 各市、县〔区〕人民政府 is
    often typed (各市县人民政府)."""
    return _LOOSE.sub("", name)


_JURISDICTION = re.compile(r"^(.+?(?:自治区|省|市))")
_PLACE_END = re.compile(r"(自治区|省|市|州|盟|县|旗|区)$")  # what stands before 人民政府
_SHORT_JURISDICTION = re.compile(r"^(.+?)(?:回族自治区|壮族自治区|维吾尔自治区|自治区|省|市)$")


def jurisdiction_of(issuer: str) -> str | None:
    """The jurisdiction an issuer belongs to: 宁夏回族自治区人民政府办公厅 → 宁夏回族自治区,
    重庆市渝北区人民政府办公室 → 重庆市渝北区 (what stands before 人民政府), 浙江省发展和改革
    委员会 → 浙江省."""
    before, government, _rest = (issuer or "").partition("人民政府")
    if government and before and _PLACE_END.search(before) and _is_place(before):
        return before  # 仙居县人民政府办公室 → 仙居县
    m = _JURISDICTION.match(issuer or "")
    return m.group(1) if m and _is_place(m.group(1)) else None


def _is_place(name: str) -> bool:
    """A place's name: Chinese words only, and not 全省 / 本市 (the whole of an unnamed one):
    a title 2024年全省…方案 names no jurisdiction."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,16}", name)) and not name.startswith(
        ("全", "本", "各", "我")
    )


def jurisdiction_names(jurisdiction: str | None) -> list[str]:
    """What people write for a jurisdiction in front of a unit's name: 宁夏回族自治区, 宁夏."""
    if not jurisdiction:
        return []
    m = _SHORT_JURISDICTION.match(jurisdiction)
    return [jurisdiction] + ([m.group(1)] if m and m.group(1) != jurisdiction else [])


def split_unit_list(text: str, indivisible: Iterable[str] = ()) -> list[list[str]]:
    """Split a 责任单位 list into its ，-groups of 、-separated names, as written.

    Names listed in `indivisible` (such as 各市、县〔区〕人民政府) contain 、 themselves
    and are kept whole. Raises ValueError for an empty group or name.
    """
    protected = sorted({n for n in indivisible if "、" in n}, key=len, reverse=True)
    # a protected name is matched whole, so only a 、 outside every such name separates
    separator = re.compile("|".join([*map(re.escape, protected), "、"]))
    groups = []
    for raw_group in text.split("，"):
        group = raw_group.strip()
        if not group:
            raise ValueError(_("empty group in unit list: {text!r}").format(text=text))
        items, start = [], 0
        for m in separator.finditer(group):
            if m.group() == "、":
                items.append(group[start : m.start()])
                start = m.end()
        items.append(group[start:])
        items = [item.strip() for item in items]
        if not all(items):
            raise ValueError(_("empty name in unit list: {text!r}").format(text=text))
        groups.append(items)
    return groups


def typed(query: str) -> str:
    """A typed name in the form names are compared in. Raises InvalidValue when empty."""
    q = normalize(query)
    if not q:
        raise InvalidValue(_("the unit name is empty"))
    return q


def forms(q: str, places: Sequence[str] = ()) -> list[str]:
    """The forms a normalized typed name is looked up in, in order: as typed, with the
    region's prefix taken off or put on, and with a jurisdiction in front written the way
    a plan writes it (宁夏回族自治区财政厅 → 自治区财政厅)."""
    region = normalize(REGION)
    found = [q, q.removeprefix(region), region + q]
    for place in places:
        if q.startswith(place) and len(q) > len(place):
            rest = q[len(place) :]
            found += [region + rest, rest]
    return list(dict.fromkeys(found))


def resolve(query: str, places: Sequence[str], exact, loose_index, partial) -> str | None:
    """THE rule for what a typed name means in one plan, whatever holds the names.

    The forms (see `forms`) are looked up by exact name, short name, abbreviation or alias
    (`exact(form)` lists the units a name denotes), then the same without brackets and 、
    (`loose_index`), then as part of a name (`partial(q)`). The first lookup that finds one
    unit decides; one that finds several raises AmbiguousUnit. None when nothing matches.
    """
    q = typed(query)
    candidates = forms(q, places)
    for index, keys in ((exact, candidates), (loose_index, [loose(f) for f in candidates])):
        for key in keys:
            hits = index(key)
            if hits and len(hits) == 1:
                return hits[0]
            if hits:
                raise AmbiguousUnit(query, list(hits))
    hits = partial(q)
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise AmbiguousUnit(query, hits)
    return None


class Registry:
    """Every unit of a plan, and the names it goes by (canonical, short, aliases).

    `jurisdiction` (宁夏回族自治区) is what a typed name may carry in front where the plan
    writes 自治区 or nothing: 宁夏回族自治区财政厅 and 宁夏财政厅 are 自治区财政厅.
    """

    def __init__(self, units: Sequence[Unit], jurisdiction: str | None = None):
        self.units = list(units)
        self._places = [normalize(n) for n in jurisdiction_names(jurisdiction)]
        self.by_name = {u.name: u for u in self.units}
        # collective name -> the units it names all of (自治区政府各部门〔单位〕 → every
        # department); a collective without `covers` names nobody in particular
        self.members: dict[str, list[str]] = {
            c.name: [u.name for u in self.units if u.kind == c.covers]
            for c in self.units
            if c.kind == "collective" and c.covers
        }
        # names that contain 、 themselves (各市、县〔区〕人民政府), kept whole when splitting
        self._indivisible = [n for u in self.units for n in u.names if "、" in n]
        # normalized exact name -> canonical names it denotes (an alias two units share,
        # such as 金融监管局, denotes both); the same without brackets and 、
        self._exact: dict[str, list[str]] = {}
        self._loose: dict[str, list[str]] = {}
        for u in self.units:
            for n in u.names:
                for index, form in (
                    (self._exact, normalize(n)),
                    (self._loose, loose(normalize(n))),
                ):
                    bucket = index.setdefault(form, [])
                    if u.name not in bucket:
                        bucket.append(u.name)

    def exact(self, name: str) -> list[str]:
        return list(self._exact.get(normalize(name), []))

    def canonical_list(self, text: str) -> list[str]:
        """The canonical names of a 责任单位 list, in order.

        Raises UnknownUnit for a name the registry does not know, ValueError for an empty
        group or name.
        """
        result = []
        groups = split_unit_list(text, self._indivisible)
        prefixed = groups[0][0].startswith(REGION)
        for gi, group in enumerate(groups):
            for item in group:
                candidates = [item]
                if gi == 0 and prefixed and not item.startswith(REGION):
                    candidates.insert(0, REGION + item)
                for cand in candidates:
                    if cand in self.by_name:
                        result.append(cand)
                        break
                    hits = self.exact(cand)
                    if len(hits) == 1:
                        result.append(hits[0])
                        break
                else:
                    raise UnknownUnit(item, self.suggest(item))
        return result

    def match(self, query: str) -> Unit:
        """The one unit a typed name means (see `resolve`). Raises InvalidValue for an empty
        name, AmbiguousUnit when several units match, UnknownUnit (with the closest names)
        when none does."""
        found = resolve(query, self._places, self._exact.get, self._loose.get, self._partial)
        if found is None:
            raise UnknownUnit(query, self.suggest(query))
        return self.by_name[found]

    def _partial(self, q: str) -> list[str]:
        return [u.name for u in self.units if any(q in normalize(n) for n in u.names)]

    def suggest(self, query: str, n: int = 3) -> list[str]:
        """The registered names closest to a misspelt one (for error messages)."""
        import difflib

        q = normalize(query)
        names = {normalize(x): x for u in self.units for x in u.names}
        close = difflib.get_close_matches(q, list(names), n=n, cutoff=0.5)
        out: list[str] = []
        for c in close:
            if names[c] not in out:
                out.append(names[c])
        return out

    def completions(self, prefix: str) -> list[str]:
        """Names that begin with what has been typed, short forms first (shell completion)."""
        out: list[str] = []
        for u in self.units:
            for n in (u.short, u.abbr, u.name, *u.aliases):
                if n and n.startswith(prefix) and n not in out:
                    out.append(n)
        return out
