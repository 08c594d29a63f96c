"""The plan as Python objects: dataclasses only, no I/O, no Typer, no Rich.

Not frozen: a frozen dataclass costs a third more to define, and every `plan` call pays
for defining these (see benchmarks/). Nothing in the library mutates them after loading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Shown wherever the source text has lost a title, a body or a unit list.
MISSING = "（原文缺失）"

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

LEAD, PARTICIPANT, COLLECTIVE = "lead", "participant", "collective"
# How the document's readers name the roles (matrix cells, the terminal table).
ROLE_LABELS = {LEAD: "牵头", PARTICIPANT: "参与", COLLECTIVE: "全体"}


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

    def to_json(self) -> int | str | None:
        """The `due` field of JSON rows: a year as a number, a range as "2023-2025"."""
        if self.kind == "year":
            return self.start
        if self.kind == "none":
            return None
        return self.label

    def falls_in(self, y: int) -> bool:
        """Due in year y: that year, or a range that contains it."""
        return self.kind in ("year", "range") and self.start <= y <= self.end

    def due_by(self, y: int) -> bool:
        """Due in year y or earlier (a range counts by its last year)."""
        return self.kind in ("year", "range") and self.end <= y

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Years in order, a range among them by its first year; then recurring, then none."""
        order = {"year": 0, "range": 0, "recurring": 1, "none": 2}[self.kind]
        return (order, self.start or 0, self.end or 0)


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


@dataclass(slots=True)
class Unit:
    name: str
    short: str | None
    aliases: tuple[str, ...]
    kind: str
    covers: str | None = None  # for a collective: the kind of unit it names all of
    note: str | None = None


@dataclass(slots=True)
class Section:
    id: int
    numeral: str
    title: str | None
    notes: tuple[str, ...] = ()
    measures: tuple[int, ...] = ()


@dataclass(slots=True)
class Measure:
    id: int
    section: int
    title: str | None
    text: tuple[str, ...]
    units_source: str | None
    units: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def lead(self) -> str | None:
        return self.units[0] if self.units else None

    @property
    def full_text(self) -> str | None:
        return "".join(self.text) or None

    @property
    def gaps(self) -> list[str]:
        """What the source has lost of this measure."""
        lost = []
        if self.title is None:
            lost.append("title")
        if not self.text:
            lost.append("text")
        if not self.units:
            lost.append("units")
        return lost


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


@dataclass(slots=True)
class Plan:
    document: Document
    units: list[Unit]
    sections: list[Section]
    measures: list[Measure]
    targets: list[Target]
    untargeted: list[Untargeted] = field(default_factory=list)
    path: str = ""
    # Indexes built once by build_indexes(); every query reads these, none rescans.
    measure_by_id: dict[int, Measure] = field(default_factory=dict, repr=False)
    unit_by_name: dict[str, Unit] = field(default_factory=dict, repr=False)
    section_by_id: dict[int, Section] = field(default_factory=dict, repr=False)
    roles: dict[str, list[tuple[int, str]]] = field(default_factory=dict, repr=False)
    targets_by_measure: dict[int, list[Target]] = field(default_factory=dict, repr=False)
    registry: Any = field(default=None, repr=False)  # units.Registry over self.units

    def build_indexes(self) -> Plan:
        from plan_cli.units import Registry  # units.py builds on this module

        self.registry = Registry(self.units)
        self.measure_by_id = {m.id: m for m in self.measures}
        self.unit_by_name = {u.name: u for u in self.units}
        self.section_by_id = {s.id: s for s in self.sections}
        roles: dict[str, list[tuple[int, str]]] = {u.name: [] for u in self.units}
        for m in self.measures:
            for i, name in enumerate(m.units):
                roles.setdefault(name, []).append((m.id, LEAD if i == 0 else PARTICIPANT))
        self.roles = roles
        by_measure: dict[int, list[Target]] = {}
        for t in self.targets:
            by_measure.setdefault(t.measure, []).append(t)
        self.targets_by_measure = by_measure
        return self
