"""How the lines of a published plan look: the numbering of sections, items and sub-items,
labelled lines, brackets of units, dates and issuers; and the parsed document (Parsed, its
Sections and Tasks) that header.py, tables.py and structure.py fill in.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from plan_cli.core.importing import responsibility
from plan_cli.core.importing.responsibility import (
    DEADLINE_WORDS,
    LIST_NOTE,
    UNIT_LABEL,
    Responsibility,
    is_unit_name,
)

NUMERALS = "一二三四五六七八九十"
SECTION = re.compile(rf"^([{NUMERALS}]{{1,3}})[、.．]\s*(.+)$")
SUBSECTION = re.compile(rf"^[（(]([{NUMERALS}]{{1,3}})[）)]\s*(.+)$")
# 2.2024年底前完成… is item 2 (a year follows); 2.5万元 is a number, no item
ITEM = re.compile(r"^(\d{1,4})\s*(?:[.．﹒、。](?!\d)|[.．﹒、。](?=\d{4}年)|[）)])\s*(.+)$")
SUBITEM = re.compile(r"^[（(](\d{1,4})[）)]\s*(.+)$")
LABEL_LINE = re.compile(
    rf"^({UNIT_LABEL}|部门分工|责任分工|{DEADLINE_WORDS}|"
    r"任务目标|工作目标|目标任务|具体目标|責任單位|牽頭單位|配合單位|協同單位|"
    r"(?:分管|牵头负责|联系)?[\u4e00-\u9fff]{0,4}?(?:领导|负责同志))\s*[:：]"
)
DEADLINE_LABEL = re.compile(rf"^({DEADLINE_WORDS})\s*[:：]\s*(.*)$")
# a bracket, as plans write responsibilities in: （）, 〔〕, 【】 (one level of brackets inside)
BRACKET = re.compile(
    r"[（(〔【\[]((?:[^（）()〔〕【】\[\]]|[（(〔][^（）()〔〕]*[）)〕])*)[）)〕】\]]"
)
ROLE_WORDS = re.compile(
    r"责任单位|责任科室|责任处室|牵头|配合|按职责|分工负责|分别负责|共同负责|负责|参与|协同|"
    r"責任單位|牽頭|負責|參與"  # a text in traditional characters
)
SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
# 安徽省人民政府办公厅 2024年3月20日印发: the issuer and the date on one line
ISSUED = re.compile(r"^(\S{2,30})\s+(\d{4})年(\d{1,2})月(\d{1,2})日(?:印发)?$")
DATE_LINE = re.compile(r"^[（(]?(\d{4})年(\d{1,2})月(\d{1,2})日[）)]?$")
# a document number with the date on its line: 粤办函〔2020〕256号　　2020年9月15日
DATED_NUMBER = re.compile(r"^.*[〔\[]\d{4}[〕\]]\d+号\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?\s*")
PUBLISHED = re.compile(r"发布日期[:：]\s*(\d{4})-(\d{2})-(\d{2})")
WEB_TIME = re.compile(r"发布时间[:：]\s*(\d{4})-(\d{2})-(\d{2})")
ISSUER = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会)$"
)
NOTICE = re.compile(r"印发给你们|现印发|现将.{0,40}印发")  # the notice's sentence
STANDING = re.compile(r"不再列出|不再做分工|不再分工|不再一一列出")
HEADER_WORDS = {
    "number": re.compile(r"^(序号|编号)$"),
    # a column of the areas the tasks fall in (merged cells): the plan's sections
    "section": re.compile(r"^(重点领域|领域|类别|任务类别|板块|方面|重点方面|工作类别)$"),
    "task": re.compile(
        r"(工作任务|主要任务|重点任务|具体任务|任务内容|工作内容|任务|工作措施|措施|项目名称|"
        r"工作项目|重点项目|事项|重点工作|主要工作)"
    ),
    # what the task is to achieve, in a column of its own: part of the task's text
    "goal": re.compile(
        r"(目标要求|工作目标|具体目标|预期目标|目标任务|完成标准|工作要求|主要内容|建设内容|"
        r"内容及目标|具体内容|建设目标|举措)"
    ),
    "lead": re.compile(r"牵头"),
    "units": re.compile(r"(责任单位|配合单位|参与单位|协同单位|责任部门|配合部门)"),
    "due": re.compile(r"(完成时限|完成时间|时间要求|时限)"),
    "leader": re.compile(r"(领导)"),
}


@dataclass
class Task:
    number: str  # as printed: 3, (2), 三
    section: int
    lines: list[str] = field(default_factory=list)  # its text, responsibility taken out
    units_source: str | None = None  # the responsibility as written
    responsibility: Responsibility | None = None
    due_text: str = ""  # a deadline given apart from the text (a column, a label line)
    review: list[str] = field(default_factory=list)
    group: int = 0  # sub-items of one numbered item share a group
    own: bool = False  # the responsibility is the task's own
    rules: list[str] = field(default_factory=list)  # standing rules written in its bracket
    part_rank: int = 0  # the numbering of the parts it holds ((1) (2) … under （一）)
    title: str = ""  # a title apart from the text (a 分工表's task cell beside its 举措)
    leader: str = ""  # a person in a 牵头领导 cell on a line of its own (钱 宇)


@dataclass
class Section:
    id: int
    numeral: str
    title: str
    default: Responsibility | None = None  # 由X牵头实施 in the heading
    default_source: str | None = None

    @property
    def leader(self) -> str | None:
        """A person the heading names for its tasks: 一、洪湖鹏市长主抓重点工作."""
        m = HEADING_LEADER.match(self.title or "")
        return m.group(1) if m else None


@dataclass
class Parsed:
    notice_title: str = ""
    title: str = ""
    issuer: str = ""
    date: str = ""
    published: str = ""
    addressees: str = ""
    notice: str = ""
    preamble: list[str] = field(default_factory=list)
    other_text: list[str] = field(default_factory=list)  # after the tasks begin, no task's
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # about the document
    standing: list[str] = field(default_factory=list)  # the standing rules, as written

    @property
    def base_year(self) -> int | None:
        """The year 今年 and 年底 mean: the document's; None when its date is not found."""
        return int(self.date[:4]) if self.date else None


def fold(text: str) -> str:
    """Full-width digits, letters and numbering punctuation folded (NFKC), for matching."""
    return unicodedata.normalize("NFKC", text)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


def is_title(line: str, notice_title: str) -> bool:
    return (
        len(line) <= 90
        and not line.endswith(("。", "；", "：", ":"))
        and line != notice_title
        and bool(
            re.search(
                r"(方案|分工|任务|清单|计划|措施|意见|分工表|任务表|台账|分解表|责任表|一览表|分解)$",
                re.sub(r"[（(][^（）()]*[）)]$", "", line),
            )
        )
    )


@functools.lru_cache(maxsize=4096)  # asked of each line several times while reading it
def responsibility_in(text: str) -> tuple[int, int, str] | None:
    """The last bracket of a text that names a responsibility: (start, end, content)."""
    found = None
    for m in BRACKET.finditer(text):
        content = m.group(1)
        if is_responsibility(content):
            found = (m.start(), m.end(), content)
    return found


def is_responsibility(content: str) -> bool:
    c = content.strip()
    if not c or re.fullmatch(r"[\d\s年月日\-—~至]+", fold(c)):
        return False
    if re.search(LIST_NOTE, c):
        return False  # (首位单位为牵头单位，下同): a note on the list before it, not a list
    if ROLE_WORDS.search(c):
        return True
    parsed = responsibility.split_names(c)[0]
    return bool(parsed) and all(is_unit_name(n) for n in parsed) and len(c) >= 3


def labels_follow(lines: list[str], index: int) -> bool:
    """Whether the lines after a （一） line, up to the next numbered line, hold labelled
    responsibility lines (牵头单位：…): then it heads a task (its title), not a group."""
    for line in lines[index + 1 : index + 8]:
        text = line.strip()
        if LABEL_LINE.match(text):
            return True
        if SECTION.match(text) or SUBSECTION.match(text) or ITEM.match(fold(text)):
            return False
    return False


def rule_of(line: str) -> str:
    """The sentence of a line that states a standing rule (为…制定本方案。以下任务均需…不再
    列出。 → its second sentence): what units_source records, not the whole paragraph."""
    return next((x for x in sentences(line) if STANDING.search(x)), line)


HEADING_LEADER = re.compile(
    r"^([\u4e00-\u9fff]{2,4}?)(?:同志)?(?:常务)?副?(?:省长|市长|区长|县长|州长|主席)"
    r"(?:主抓|负责|分管|牵头)"
)
