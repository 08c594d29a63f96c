"""Deadlines as plans write them, read into the measure's `due` and a target's due.

A measure's due is an ISO partial date ("2017-06", "2020") or a kind ("ongoing",
"recurring"); when a task states several, the earliest date. 今年, 年内 and 年底 are the
year of the document's date; “十四五”末 and “十四五”期间 are 2025 (the 14th five-year plan,
2021–2025: what is to be done within it is due by its end).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FIVE_YEAR_PLANS = {
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}

_MONTH = re.compile(
    r"(\d{4})年(\d{1,2})月(?:份)?(?:\d{1,2}日)?(底|末|中旬|上旬|下旬)?(?:前|之前|以前)?"
)
_YEAR = re.compile(r"(?:到|至|截至)?(\d{4})年(底|末)?(?:前|之前|以前)?(?![\d月])")
_PERIOD = re.compile(r"(\d{4})年?\s*(?:至|到|—|－|-|~|～)\s*\d{4}年")
_THIS_YEAR = re.compile(r"今年|年内|年底前?|本年度|当年")
# “十四五”末, “十四五”期末, and “十四五”期间 / 时期 (within the period: by its last year)
_FIVE = re.compile(r"[“\"]?(十[二三四五]五)[”\"]?(?:(?:期间|时期)(?:末|期末)?|末|期末)")
_ONGOING = re.compile(r"(?:年内)?(?:持续推进|长期坚持|持续开展|长期推进|常态化推进|持续实施)")
_RECURRING = re.compile(r"每年|每季度|每半年|每月|年度")
# 2024年三季度, 第二季度末, 一季度 (the document's year): the quarter's last month
_QUARTER = re.compile(r"(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?(?:前|之前|以前)?")
# 2024年上半年, 下半年 (the document's year): June, December
_HALF = re.compile(r"(?:(\d{4})年)?(上|下)半年(?:末|底)?(?:前|之前|以前)?")
# 12月底前, 11月底 (a month with no year: the document's year)
_MONTH_ONLY = re.compile(r"(?<![\d年])(\d{1,2})月(?:份)?(?:底|末)?(?:前|之前|以前)")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Deadline:
    """A deadline found in a text: `value` as the measure's due; `year` for a target's
    due (None for a kind); `phrase` as written."""

    value: str
    year: int | None
    phrase: str
    start: int


def deadlines(text: str, base_year: int | None) -> list[Deadline]:
    """Every deadline phrase of a text, in order. Without the document's year (None), 今年
    and 年底 are not dated: they are left out."""
    t = unicodedata.normalize("NFKC", text)
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, value: str, year: int | None) -> None:
        if any(a <= m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(Deadline(value, year, m.group(0), m.start()))

    for m in _PERIOD.finditer(t):  # 2022年至2025年: the start of a period is no deadline
        taken.append((m.start(), m.start() + len(m.group(1)) + 1))
    for m in _QUARTER.finditer(t):
        year = int(m.group(1)) if m.group(1) else base_year
        if year:
            add(m, f"{year}-{3 * _QUARTERS[m.group(2)]:02d}", year)
    for m in _HALF.finditer(t):
        year = int(m.group(1)) if m.group(1) else base_year
        if year:
            add(m, f"{year}-{'06' if m.group(2) == '上' else '12'}", year)
    for m in _MONTH.finditer(t):
        year, month = int(m.group(1)), int(m.group(2))
        if 1990 <= year <= 2100 and 1 <= month <= 12:
            add(m, f"{year}-{month:02d}", year)
    for m in _YEAR.finditer(t):
        year = int(m.group(1))
        if 1990 <= year <= 2100:
            add(m, f"{year}-12" if m.group(2) else str(year), year)
    for m in _FIVE.finditer(t):
        last = FIVE_YEAR_PLANS[m.group(1)][1]
        add(m, str(last), last)
    for m in _ONGOING.finditer(t):
        add(m, "ongoing", None)
    for m in _MONTH_ONLY.finditer(t):
        month = int(m.group(1))
        # 2017年6月底前…、9月底前: the year written before it, else the document's
        before = [d.year for d in sorted(found, key=lambda d: d.start) if d.start < m.start()]
        year = next((y for y in reversed(before) if y), None) or base_year
        if year and 1 <= month <= 12:
            add(m, f"{year}-{month:02d}", year)
    for m in _THIS_YEAR.finditer(t):
        if base_year:
            add(m, f"{base_year}-12" if "底" in m.group(0) else str(base_year), base_year)
    for m in _RECURRING.finditer(t):
        if m.group(0) == "年度" and not re.search(r"每.{0,2}年度|年度(?:任务|计划)", t):
            continue
        if t[max(0, m.start() - 2) : m.start()] in ("每人", "人均", "每户"):
            continue  # 每人每月300元: a rate, not a deadline
        add(m, "recurring", None)
    return sorted(found, key=lambda d: d.start)


def earliest(found: list[Deadline]) -> str | None:
    """The measure's due: the earliest date; else ongoing or recurring; else None."""
    dated = [d for d in found if d.year is not None]
    if dated:
        return min((d.value for d in dated), key=lambda v: (v[:4], v[5:] or "99"))
    for kind in ("ongoing", "recurring"):
        if any(d.value == kind for d in found):
            return kind
    return None
