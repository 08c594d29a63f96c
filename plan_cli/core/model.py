"""The plan as Python objects, as read from its YAML file: dataclasses and no I/O.

Queries do not walk these objects: the store (store.py) compiles them into SQLite tables
once, and every question is asked of those. The objects serve loading, checking
(`plan validate`, `plan verify`) and compiling.

Not frozen: a frozen dataclass costs a third more to define, and every `plan` call that
compiles pays for defining these. Nothing mutates them after loading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Shown wherever the source text has lost a title, a body or a unit list.
MISSING = "（原文缺失）"
# Shown as the lead of a measure whose units share the duty, none leading (按职责分工负责):
# the source names its units and, on purpose, no lead. Not MISSING: nothing was lost.
NO_LEAD = "（无牵头单位）"
# The one section of a document printed without sections: numbered "—", with no title,
# because there is none to lose (plan import drafts it so).
UNSECTIONED = "—"
NO_SECTIONS = "（原文未分节）"

# Kinds of responsible unit (the registry in plan.yaml gives each unit one).
UNIT_KINDS = {
    "department": "自治区 department or agency",
    "judicial": "自治区 court or procuratorate",
    "central": "central or vertically managed unit in Ningxia",
    "enterprise": "enterprise",
    "ningdong": "宁东能源化工基地管委会",
    "local": "cities and counties",
    "collective": "collective of units",
}


@dataclass(slots=True)
class Due:
    """When a target falls due: one year, a range of years, every year, or no date."""

    kind: str  # "year" | "range" | "recurring" | "none"
    start: int | None = None
    end: int | None = None

    @classmethod
    def year(cls, y: int) -> Due:
        return cls("year", y, y)

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start)
        if self.kind == "range":
            return f"{self.start}-{self.end}"
        return self.kind if self.kind == "recurring" else ""


_YEAR = re.compile(r"(\d{4})年")
_RANGE = re.compile(r"(\d+)年\s*[-—–至]\s*(\d+)年")


def due_from_phrase(phrase: str | None, base_year: int) -> Due | None:
    """The due date a phrase of the document means, or None if we cannot tell.

    今年 and 年底 are the plan's own year; “十四五”末 is the end of the 14th five-year
    plan (2025); 每年 recurs; 力争3年-5年 counts years from the plan's year.
    """
    if phrase is None:
        return Due("none")
    if m := _RANGE.search(phrase):
        return Due("range", base_year + int(m.group(1)), base_year + int(m.group(2)))
    if m := _YEAR.search(phrase):
        return Due.year(int(m.group(1)))
    if "十四五" in phrase and "末" in phrase:
        return Due.year(2025)
    if phrase in ("今年", "年底"):
        return Due.year(base_year)
    if phrase == "每年":
        return Due("recurring")
    return None


@dataclass(slots=True)
class Document:
    title: str
    notice_title: str
    issuer: str
    date: str
    published: str
    base_year: int
    addressees: str
    notice: str
    preamble: tuple[str, ...]
    source: str
    jurisdiction: str | None = None  # 宁夏回族自治区: where its units belong (from the issuer)
    # sentences of the document after its tasks begin that are no task's (三、保障措施 …),
    # kept so that nothing of the source is lost
    other_text: tuple[str, ...] = ()


@dataclass(slots=True)
class Unit:
    name: str
    short: str | None
    aliases: tuple[str, ...]
    kind: str
    covers: str | None = None  # for a collective: the kind of unit it names all of
    note: str | None = None
    inferred: bool = False  # its name or kind comes from outside the source (note says why)
    abbr: str | None = None  # what people call it in short: 发改委, 人社厅, 各市县
    note_zh: str | None = None  # the note in Chinese

    @property
    def names(self) -> list[str]:
        """Every name the unit goes by: canonical, short, abbreviation, aliases."""
        found = [self.name, self.short, self.abbr, *self.aliases]
        return list(dict.fromkeys(n for n in found if n))

    @property
    def shown(self) -> str:
        """The name a narrow table shows: the abbreviation, else the short name, else the name."""
        return self.abbr or self.short or self.name


@dataclass(slots=True)
class Section:
    id: int
    numeral: str
    title: str | None
    notes: tuple[str, ...] = ()
    measures: tuple[int, ...] = ()
    inferred: bool = False  # its bounds are a judgement (the notes give the alternative)
    notes_zh: tuple[str, ...] = ()  # the notes in Chinese, one for each


@dataclass(slots=True)
class Measure:
    id: int
    section: int
    title: str | None
    text: tuple[str, ...]
    units_source: str | None
    units: tuple[str, ...]  # canonical names, the lead first; empty when the source lost them
    notes: tuple[str, ...] = ()
    inferred: bool = False  # where its sentences sit is a judgement (the notes say why)
    notes_zh: tuple[str, ...] = ()  # the notes in Chinese, one for each
    leads: tuple[str, ...] | None = None  # the units that lead; None: the first listed
    due: str | None = None  # the task's deadline: 2017-06, 2020, ongoing, recurring
    leader: str | None = None  # a person named as responsible (分管领导), never a unit
    due_text: str | None = None  # the deadline as written, where it is not in the text

    @property
    def leading(self) -> tuple[str, ...]:
        """The units that lead: those the plan names as leads, else the first listed."""
        if self.leads is not None:
            return self.leads
        return self.units[:1]

    @property
    def lead(self) -> str | None:
        return self.leading[0] if self.leading else None


@dataclass(slots=True)
class Target:
    measure: int
    text: str
    indicator: str
    value: float | int | None
    value_max: float | int | None
    unit: str | None
    comparator: str | None
    due: Due
    due_text: str | None


@dataclass(slots=True)
class Untargeted:
    """A number-bearing sentence knowingly left without a target, and why."""

    text: str
    reason: str


@dataclass
class Plan:
    id: str
    document: Document
    units: list[Unit]
    sections: list[Section]
    measures: list[Measure]
    targets: list[Target]
    untargeted: list[Untargeted] = field(default_factory=list)
    path: str = ""
    reviews: int = 0  # review notes an import left for a person to settle
    measure_by_id: dict[int, Measure] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.measure_by_id = {m.id: m for m in self.measures}

    def targets_of(self, measure_id: int) -> list[Target]:
        return [t for t in self.targets if t.measure == measure_id]
