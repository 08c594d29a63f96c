"""Quantitative targets in a task's text: a number with its unit (30万宗, 5万亩以上, 75%以上,
10所, 1个百分点), read the way the shipped data records them.

A target's `text` is the clause that states it, `indicator` the words before the number in
that clause, `comparator` the words that say how the number is to be met (以上, 达到, 不低于 …),
and `due` the deadline its sentence states (a year; else recurring; else none). A number
that is a date, a count of items in a list (3件事情) or a range of years is not a target.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from plan_cli.core.importing.dates import deadlines

# Units of measure, longest first so that 万平方米 wins over 平方米 and 个百分点 over 个.
_UNITS = sorted(
    """% ‰ 个百分点 百分点 万宗 宗 万亩 亩 公顷 万公顷 平方公里 平方米 万平方米 公里 千米 米 万千瓦 千瓦
    兆瓦 万吨 吨 亿元 万元 元 亿美元 万人次 人次 万人 人 万户 户 万套 套 所 家 个 项 座 条 张 台 辆 处 间
    床 名 批 次 件 份 篇 支 只 头 株 棵 千公里 个工作日 工作日 天 日 小时 分钟 年 岁 倍 册 部 盏 根 孔 眼
    宗地 场 场次 架 期 微克/立方米 毫克/立方米 毫克/升 立方米 吨标准煤 千瓦时 批次 斤 元/千瓦时 大类""".split(),
    key=len,
    reverse=True,
)
_UNIT = "|".join(map(re.escape, _UNITS))
_NUMBER = re.compile(
    rf"(?P<value>\d+(?:\.\d+)?)\s*(?:(?:个)?\s*[-—~～至到]\s*(?P<max>\d+(?:\.\d+)?))?\s*"
    rf"(?P<unit>(?:万|亿|千)?(?:{_UNIT}))"
)
_AFTER = re.compile(r"^(以上|以下|以内|左右|内|之内|及以上|以上的)")
_BEFORE = re.compile(
    r"(达到|提高到|提升到|增长|提高|提升|下降|降低|减少|增加|新增|超过|不低于|不少于|不超过|控制在|"
    r"保持在|稳定在|突破|压缩到|缩短到|完成|建成|新建|改造|培育|实施|争取)\s*$"
)
# 2017年, 3件事情, 2期工程: dates, counts and phases, unless a word counts them (不少于10期)
_NOT_A_TARGET_UNIT = {"年", "日", "天", "次", "件", "岁", "期"}
_CHANGES = {"增长", "提高", "提升", "下降", "降低", "减少", "增加"}
_COUNTED = re.compile(r"不少于|不低于|达到|超过|不超过|至少")


@dataclass
class FoundTarget:
    text: str
    indicator: str
    value: float | int
    value_max: float | int | None
    unit: str
    comparator: str | None
    due: int | str | None
    due_text: str | None


def _number(text: str) -> float | int:
    v = float(text)
    return int(v) if v.is_integer() else v


def find_targets(sentences: list[str], base_year: int | None) -> list[FoundTarget]:
    found: list[FoundTarget] = []
    for sentence in sentences:
        due_here = deadlines(sentence, base_year)
        at = 0
        for clause in re.split(r"[，；;。！]", sentence):
            at = sentence.find(clause, at)
            clause_at = at
            at += len(clause)
            clause = clause.strip()
            if not clause:
                continue
            folded = unicodedata.normalize("NFKC", clause)
            if len(folded) != len(clause):  # a fold that changed lengths: do not guess
                folded = clause
            for m in _NUMBER.finditer(folded):
                unit = m.group("unit")
                before = _BEFORE.search(folded[: m.start()])
                if unit in _NOT_A_TARGET_UNIT and not (before and _COUNTED.match(before.group(1))):
                    continue  # 2017年, 3件事情; but 不少于2次 is a target
                start = m.start()
                if start and folded[start - 1] in "第0123456789.":
                    continue  # 第3项, or the tail of a longer number
                if folded[:start].count("“") > folded[:start].count("”"):
                    continue  # inside a name in quotes: “15分钟政务服务圈”
                after = _AFTER.match(folded[m.end() :])
                comparator = after.group(1) if after else before.group(1) if before else None
                # 增长12%以上: the change is what is measured, 以上 how it is to be met
                changes = before and after and before.group(1) in _CHANGES
                indicator = folded[: start if changes or not before else before.start()]
                indicator = re.sub(r"^(到|至|在|力争|确保|今年|年底前|年内)+", "", indicator)
                indicator = re.sub(r"^\d{4}年(?:\d{1,2}月)?(底|末)?(前)?", "", indicator)
                indicator = indicator.strip("，、 ") or folded[start : m.end()]
                # the deadline that governs it: the last one written before its number
                # in the sentence (a phrase governs the clauses after it)
                before_it = [d for d in due_here if d.start <= clause_at + start]
                governing = before_it[-1] if before_it else None
                due: int | str | None = None
                due_text = None
                if governing is not None and governing.year is not None:
                    due, due_text = governing.year, governing.phrase
                elif governing is not None and governing.value == "recurring":
                    due, due_text = "recurring", governing.phrase
                found.append(
                    FoundTarget(
                        text=clause,
                        indicator=indicator if indicator in clause else clause,
                        value=_number(m.group("value")),
                        value_max=_number(m.group("max")) if m.group("max") else None,
                        unit=unit,
                        comparator=comparator,
                        due=due,
                        due_text=due_text if due_text and due_text in sentence else None,
                    )
                )
    return found
