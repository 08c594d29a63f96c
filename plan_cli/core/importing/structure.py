"""The document: its header (notice, title, issuer, date), its sections and its tasks, and
the rules by which a responsibility written once applies to several tasks.

A task is a numbered item (1.  1．  1﹒  （一） (1)) or an unnumbered paragraph that carries
its own responsibility, or a row of a 分工表. Its responsibility is, in order of
precedence: its own bracket or labelled lines; a bracket standing alone after a group of
items, for each item of the group; 下同 on an earlier task; the lead a section heading names
(由省发展改革委牵头实施). Standing rules (以下均需D和E落实，不再列出; 具体任务均涉及相关市（州）
人民政府，不再做分工) add their units to the tasks they govern, with a review note.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from plan_cli.core.importing import responsibility
from plan_cli.core.importing.dates import deadlines, earliest
from plan_cli.core.importing.read import WEB_CHROME, Source
from plan_cli.core.importing.responsibility import Responsibility, is_unit_name

NUMERALS = "一二三四五六七八九十"
SECTION = re.compile(rf"^([{NUMERALS}]{{1,3}})[、.．]\s*(.+)$")
SUBSECTION = re.compile(rf"^[（(]([{NUMERALS}]{{1,3}})[）)]\s*(.+)$")
# 2.2024年底前完成… is item 2 (a year follows); 2.5万元 is a number, no item
ITEM = re.compile(r"^(\d{1,4})\s*(?:[.．﹒、](?!\d)|[.．﹒、](?=\d{4}年)|[）)])\s*(.+)$")
SUBITEM = re.compile(r"^[（(](\d{1,4})[）)]\s*(.+)$")
LABEL_LINE = re.compile(
    r"^((?:主要)?(?:牵头|协同|配合|参与|协办|协作|主责|责任)(?:责任)?(?:单位|部门)|部门分工|责任分工|完成时限|"
    r"任务目标|工作目标|目标任务|具体目标|"
    r"完成时间|时间要求|时限要求|(?:分管|牵头负责|联系)?[\u4e00-\u9fff]{0,4}?(?:领导|负责同志))\s*[:：]"
)
DEADLINE_LABEL = re.compile(r"^(完成时限|完成时间|时间要求|时限要求)\s*[:：]\s*(.*)$")
# a bracket, as plans write responsibilities in: （）, 〔〕, 【】 (one level of brackets inside)
_BRACKET = re.compile(
    r"[（(〔【\[]((?:[^（）()〔〕【】\[\]]|[（(〔][^（）()〔〕]*[）)〕])*)[）)〕】\]]"
)
_ROLE_WORDS = re.compile(r"责任单位|牵头|配合|按职责|分工负责|分别负责|共同负责|负责|参与|协同")
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
# 安徽省人民政府办公厅 2024年3月20日印发: the issuer and the date on one line
_ISSUED = re.compile(r"^(\S{2,30})\s+(\d{4})年(\d{1,2})月(\d{1,2})日(?:印发)?$")
_DATE_LINE = re.compile(r"^[（(]?(\d{4})年(\d{1,2})月(\d{1,2})日[）)]?$")
# a document number with the date on its line: 粤办函〔2020〕256号　　2020年9月15日
_DATED_NUMBER = re.compile(r"^.*[〔\[]\d{4}[〕\]]\d+号\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?\s*")
_PUBLISHED = re.compile(r"发布日期[:：]\s*(\d{4})-(\d{2})-(\d{2})")
_WEB_TIME = re.compile(r"发布时间[:：]\s*(\d{4})-(\d{2})-(\d{2})")
_ISSUER = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会)$"
)
_NOTICE = re.compile(r"印发给你们|现印发|现将.{0,40}印发")  # the notice's sentence
_STANDING = re.compile(r"不再列出|不再做分工|不再分工|不再一一列出")
_HEADER_WORDS = {
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
        m = _HEADING_LEADER.match(self.title or "")
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
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


# --- the whole document ----------------------------------------------------------------


def parse_document(source: Source) -> Parsed:
    doc = Parsed()
    lines = list(source.lines)
    table = list(source.rows)
    tail: list[str] = []  # lines after a table: the signature
    if source.kind == "xlsx":
        head = _table_header(table)
        if head is None:
            from plan_cli.core.errors import DataError, Problem
            from plan_cli.core.i18n import _

            raise DataError(
                [
                    Problem(
                        str(source.path),
                        None,
                        _(
                            "no header row of a 分工表 found (序号 / 工作任务 / 牵头单位 / 责任单位 …)"
                        ),
                    )
                ]
            )
        lines, table = [" ".join(c for c in row if c) for row in table[:head]], table[head:]
        while (
            table
            and len([c for c in table[-1] if c]) == 1
            and not SECTION.match(next(c for c in table[-1] if c))
        ):
            tail.insert(0, next(c for c in table.pop() if c))
    elif not table and (parts := _attachments(lines)) is not None:
        notice, lines, others = parts  # the plan is one attachment of several
        _notice(doc, notice)
        if others:
            doc.other_text += others
            doc.review.append(
                f"another attachment follows the plan ({others[0][:30]}…): kept in other_text"
            )
    if not table and source.kind != "xlsx":
        found = _text_table(lines)
        if found is not None:
            start, table = found
            lines = lines[:start] + lines[start + len(table) :]
            source.rows_at = start
        elif (cells := _cell_table(lines)) is not None:  # a web page's table: a cell a line
            start, table, end = cells
            lines = lines[:start] + lines[end:]
            source.rows_at = start
    body_start = _header(doc, lines)
    _signature(doc, tail)
    body = lines[body_start:]
    if table:
        at = max(0, (source.rows_at or len(lines)) - body_start)
        _body(doc, body[:at])
        _table(doc, table)
        _body(doc, body[at:], closing_only=True)
    else:
        _body(doc, body)
    for task in doc.tasks:
        _trailing_responsibility(task)
    _assign(doc)
    return doc


_ATTACHMENT_HEAD = re.compile(r"附件\s*\d{0,2}[:：]?")


def _attachments(lines: list[str]) -> tuple[list[str], list[str], list[str]] | None:
    """A notice whose plan is an attachment (附件1, then the plan's title): the notice's lines,
    the plan's, and those of the attachments after it (a 报送表). None when the document is
    not laid out so, or names one attachment only (the usual 附件 before the plan)."""
    heads = [i for i, line in enumerate(lines) if _ATTACHMENT_HEAD.fullmatch(fold(line).strip())]
    if len(heads) < 2:
        return None
    titled = [i for i in heads if i + 1 < len(lines) and _is_title(lines[i + 1].strip(), "")]
    if not titled:
        return None
    start = titled[0]
    end = next((i for i in heads if i > start), len(lines))
    return lines[:start], lines[start + 1 : end], lines[end:]


def _notice(doc: Parsed, lines: list[str]) -> None:
    """The notice in front of an attachment: its title, number, addressees, sentence,
    signature and date; its own points (一、压实工作责任…) and the list of attachments are no
    part of the plan (other_text)."""
    for line in lines:
        f = fold(line)
        if not doc.notice_title and ("关于印发" in line or line.endswith("通知")):
            # 洛阳市人民政府办公室 / 关于印发…: a title whose issuer stands on the line above
            doc.notice_title = (doc.issuer if line.startswith("关于") else "") + line
            issuer = doc.notice_title.split("关于")[0]
            if _ISSUER.match(issuer):
                doc.issuer = issuer
        elif doc.notice_title and not doc.notice_title.endswith("通知") and "通知" in line:
            doc.notice_title += line  # a title set on two lines
        elif m := _DATE_LINE.match(f):
            doc.date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        elif _ISSUER.match(line):
            doc.issuer = line
        elif line.endswith(("：", ":")) and not doc.addressees:
            doc.addressees = line.rstrip("：:")
        elif not doc.notice and ("印发给你们" in line or "现印发" in line or "已经" in line):
            doc.notice = line
        elif not re.fullmatch(r"[\u4e00-\u9fff]{0,8}[〔\[]\d{4}[〕\]]\d+号", f.strip()):
            doc.other_text.append(line)  # the notice's own points, its list of attachments


def _header(doc: Parsed, lines: list[str]) -> int:
    """Read the notice and the title; the index of the first line of the body."""
    first_body = next(
        (
            i
            for i, line in enumerate(lines)
            if SECTION.match(line)
            or ITEM.match(fold(line))
            or (_responsibility_in(line) and not _NOTICE.search(line))
            or (SUBSECTION.match(line.strip()) and _labels_follow(lines, i))
        ),
        len(lines),
    )
    first_body = _after_notice(lines, first_body)
    fragments = ""  # the notice title printed again, set on several lines
    unused = ""  # the line before, when it was no part of anything: a title's first line?
    for i, line in enumerate(lines[:first_body]):
        f = fold(line)
        previous, unused = unused, ""
        if doc.notice_title and len(line) >= 6 and doc.notice_title.startswith(fragments + line):
            fragments = "" if fragments + line == doc.notice_title else fragments + line
            continue
        fragments = ""
        if WEB_CHROME.fullmatch(f):  # the page a plan was copied from: no part of it
            if (m := _WEB_TIME.search(f)) and not doc.published:
                doc.published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            continue
        if re.fullmatch(r"[\u4e00-\u9fff]{2,30}文件", line) and _ISSUER.match(line[:-2]):
            continue  # the red header: 江西省人民政府办公厅文件
        if doc.notice_title and not doc.notice_title.endswith("通知") and not doc.title:
            doc.notice_title += line  # a notice title set on several lines
            continue
        if not doc.notice_title and (
            "关于印发" in line or (line.endswith("通知") and ("关于" in line or i < 3))
        ):
            line = re.sub(r"^【[^】]{1,30}】", "", line)  # a web page's column label
            above = lines[i - 1].strip() if i else ""
            doc.notice_title = (
                above if line.startswith("关于") and _ISSUER.match(above) else ""
            ) + line
            issuer = line.split("关于")[0]
            if _ISSUER.match(issuer):
                doc.issuer = issuer
            continue
        if m := _PUBLISHED.search(f):
            doc.published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            continue
        if m := _DATE_LINE.match(f) or _DATED_NUMBER.match(f):
            doc.date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            continue
        if (m := _ISSUED.match(f)) and _ISSUER.match(m.group(1)):  # a workbook's 发文 row
            doc.issuer = doc.issuer or m.group(1)
            doc.date = (
                doc.date or f"{int(m.group(2)):04d}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
            )
            continue
        if _ISSUER.match(line):
            doc.issuer = line  # a line of its own (the signature) names it in full
            continue
        if (
            line.endswith(("：", ":"))
            and not doc.addressees
            and ("各" in line or "政府" in line or line.endswith(("单位：", "单位:")))
            and not re.search(r"如下[:：]$|^(?:为|根据|按照|现将)", line)
        ):
            doc.addressees = line.rstrip("：:")
            continue
        if not doc.notice and ("印发给你们" in line or "现印发" in line):
            doc.notice = line
            continue
        if _STANDING.search(line):
            doc.standing.append(_rule_of(line))  # a rule for the tasks below, stated up front
        if not doc.title and _is_title(_ATTACHMENT.sub("", line), doc.notice_title):
            doc.title = _ATTACHMENT.sub("", line)  # 附件：… heads the plan; it is no part of it
            if previous and _is_title(previous + doc.title, "") and not _is_title(previous, ""):
                doc.title = previous + doc.title  # a title set on two lines
                if doc.preamble and doc.preamble[-1] == previous:
                    doc.preamble.pop()
            continue
        if line.startswith(("（此件", "(此件")):
            continue
        if len(line) <= 30 and not line.endswith(("。", "：", ":", "；")):
            unused = line
        if doc.title:
            doc.preamble.append(line)
        elif doc.notice:  # the notice's own points (一、各责任单位要…): no part of the plan
            doc.other_text.append(line)
        elif doc.notice_title and "。" in line:
            doc.notice = line  # the notice's words, where it says no 印发给你们
    if not doc.title and (m := re.search(r"印发《(.+)》的通知", doc.notice_title)):
        doc.title = m.group(1).replace("〈", "《").replace("〉", "》")
        doc.review.append(
            "title: taken from the notice's title; the plan's own title line was not found"
        )
    elif not doc.title and (m := re.search(r"关于(?!印发)(.+)的通知$", doc.notice_title)):
        doc.title = m.group(1)  # 关于2020年市政府重点工作及责任分解的通知: the notice is the plan
        doc.review.append("title: the notice's subject; the notice is itself the plan")
    # a signature after the body: the issuer and the date
    for line in lines[first_body:]:
        f = fold(line)
        if not doc.date and (m := _DATE_LINE.match(f)):
            doc.date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        elif _ISSUER.match(line) and (not doc.issuer or doc.issuer in doc.notice_title):
            doc.issuer = line  # the signature names the issuer in full
    if not doc.date and doc.published:
        doc.date = doc.published
        doc.review.append(
            "date: the document's own date was not found; the publication date is used"
        )
    return first_body


def _after_notice(lines: list[str], first: int) -> int:
    """Where the plan's body starts when the notice numbers points of its own (一、各责任单位
    要高度重视…) before its signature and the plan's title: after that title."""
    for i in range(first, min(len(lines), first + 40)):
        line = lines[i].strip()
        if ITEM.match(fold(line)) or _responsibility_in(line):
            return first  # a task comes first: the 一、 lines are the plan's own
        if _ISSUER.match(line) or _DATE_LINE.match(fold(line)):
            title = next(
                (k for k in range(i + 1, min(len(lines), i + 6)) if _is_title(lines[k], "")),
                None,
            )
            return title + 1 if title is not None else first
    return first


def _signature(doc: Parsed, lines: list[str]) -> None:
    for line in lines:
        f = fold(line)
        if not doc.date and (m := _DATE_LINE.match(f)):
            doc.date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        elif _ISSUER.match(line) and (not doc.issuer or doc.issuer in doc.notice_title):
            doc.issuer = line


def _is_title(line: str, notice_title: str) -> bool:
    return (
        len(line) <= 90
        and not line.endswith(("。", "；", "：", ":"))
        and line != notice_title
        and bool(
            re.search(
                r"(方案|分工|任务|清单|计划|措施|意见|分工表|任务表|台账|分解表|责任表|一览表)$",
                re.sub(r"[（(][^（）()]*[）)]$", "", line),
            )
        )
    )


# --- the body: sections, tasks, responsibilities --------------------------------------


@functools.lru_cache(maxsize=4096)  # asked of each line several times while reading it
def _responsibility_in(text: str) -> tuple[int, int, str] | None:
    """The last bracket of a text that names a responsibility: (start, end, content)."""
    found = None
    for m in _BRACKET.finditer(text):
        content = m.group(1)
        if _is_responsibility(content):
            found = (m.start(), m.end(), content)
    return found


def _is_responsibility(content: str) -> bool:
    c = content.strip()
    if not c or re.fullmatch(r"[\d\s年月日\-—~至]+", fold(c)):
        return False
    if re.match(r"(?:列(?:在)?第一位的?|首位单位)为", c):
        return False  # (首位单位为牵头单位，下同): a note on the list before it, not a list
    if _ROLE_WORDS.search(c):
        return True
    parsed = responsibility.split_names(c)[0]
    return bool(parsed) and all(is_unit_name(n) for n in parsed) and len(c) >= 3


def _body(doc: Parsed, lines: list[str], closing_only: bool = False) -> None:
    current: Task | None = None
    current_rank = 0
    group = 0
    group_open = False
    # Labelled lines (牵头单位：…) stand after their task in most documents, before it in
    # some: a label met before any task of its heading says which, and those wait for the
    # task that follows them.
    labels_before = False
    waiting: list[str] = []
    for index, raw in enumerate(lines):
        line = raw.strip()
        f = fold(line)
        if closing_only:
            if _ISSUER.match(line) or _DATE_LINE.match(f):
                continue
            if doc.tasks and not SECTION.match(line):
                continue
        if _ISSUER.match(line) or _DATE_LINE.match(f) or line.startswith(("（此件", "(此件")):
            current = None
            continue
        if WEB_CHROME.fullmatch(f):  # a web page's footer after the plan
            current = None
            continue
        numbered = (
            ITEM.match(f) or SUBITEM.match(f) or SUBSECTION.match(line) or SECTION.match(line)
        )
        if _STANDING.search(line) and not numbered:  # a task's bracket holds its rule itself
            doc.standing.append(_rule_of(line))
            if current is None or not current.lines:
                continue
        if (m := SECTION.match(line)) and (_is_task(m.group(2)) or _labels_own(lines, index)):
            # 一、对…进行监测和督导。（省发展改革委…按职责分工负责）: a task numbered 一、
            group += 1
            current = Task(m.group(1), _section_id(doc), group=group)
            doc.tasks.append(current)
            _text(current, m.group(2))
            continue
        if m := SECTION.match(line):
            title, default, default_source = _heading(m.group(2))
            doc.sections.append(
                Section(len(doc.sections) + 1, m.group(1), title, default, default_source)
            )
            current, group_open = None, False
            continue
        if (
            (m := SUBSECTION.match(line))
            and not _responsibility_in(line)
            and (not line.endswith("。") or _heads_items(lines, index, m.group(2)))
            and "。" not in m.group(2).rstrip("。")
            and len(m.group(2)) <= 40
            and not _labels_follow(lines, index)
        ):
            # （一） a sub-heading, kept as a section of its own (the plan's sections are one
            # level): its lead, if it names one, applies like a section's
            title, default, default_source = _heading(m.group(2))
            parent = next(
                (x for x in reversed(doc.sections) if not x.numeral.startswith("（")), None
            )
            if default is None and parent is not None:  # 一、…（由A牵头） holds for its （一）
                default, default_source = parent.default, parent.default_source
            doc.sections.append(
                Section(len(doc.sections) + 1, f"（{m.group(1)}）", title, default, default_source)
            )
            current, group_open = None, False
            continue
        label = LABEL_LINE.match(line)
        if label and (current is None or labels_before) and not closing_only:
            labels_before = True
            waiting.append(line)
            continue
        if label and current is not None:
            _labelled_line(current, line)
            continue
        if _BRACKET.fullmatch(line.rstrip("。")) and _responsibility_in(line) and doc.tasks:
            # a bracket standing alone: for every task of the group before it with none
            _, _, content = _responsibility_in(line)
            _group_responsibility(doc, content, group if group_open else None)
            current = None
            continue
        sub = SUBITEM.match(f) or SUBSECTION.match(line)
        item = ITEM.match(f)
        rank = 3 if SUBITEM.match(f) else 2 if item else 1 if sub else 0
        if (
            rank
            and current is not None
            and current_rank < rank
            and (_title_only(current) or current.part_rank == rank)
            and not _responsibility_in(line)
        ):
            # (1) (2) … under a task that is only a title: parts of that task, as printed
            current.lines.append(line)
            current.part_rank = rank
            continue
        if item or sub:
            current_rank = rank
            number = (item or sub).group(1)
            # the text as printed: the folded match only finds where it starts
            text = _as_printed(line, (item or sub).start(2))
            if item and not sub and _heads_items(lines, index, text, SUBITEM):
                # 1.发展智慧农业。 above (1) (2) with their own units: a heading of them
                title, default, default_source = _heading(text.rstrip("。"))
                doc.sections.append(
                    Section(len(doc.sections) + 1, f"{number}.", title, default, default_source)
                )
                current, group_open = None, False
                continue
            if sub and not item:
                if not group_open:
                    group += 1
                group_open = True
            else:
                group_open = False
                group += 1
            current = Task(number, _section_id(doc), group=group)
            doc.tasks.append(current)
            _text(current, text)
            for waited in waiting:  # the labels written above it
                _labelled_line(current, waited)
            waiting = []
            continue
        if current is None:
            if _responsibility_in(line) and doc.sections:
                # an unnumbered paragraph that carries its own responsibility
                current = Task("", _section_id(doc), group=group + 1)
                group += 1
                doc.tasks.append(current)
                _text(current, line)
                current = None
            elif not doc.tasks:
                doc.preamble.append(line)
            else:  # a closing paragraph (保障措施): no task's, kept in other_text
                doc.other_text.append(line)
            continue
        _text(current, line)


def _as_printed(line: str, folded_at: int) -> str:
    """The line from the point its folded form (NFKC) reaches `folded_at`: the words as
    printed, never folded (，Ⅲ stay as they are, where NFKC writes , III)."""
    for k in range(len(line) + 1):
        if len(fold(line[:k])) >= folded_at:
            return line[k:].lstrip()
    return ""


def _is_task(text: str) -> bool:
    """A 一、 line that is a task, not a heading: its own responsibility after a text of
    sentences (a heading's bracket names a lead after a short title)."""
    found = _responsibility_in(text)
    unclosed = _UNCLOSED.search(text)
    if not found and not unclosed:
        return False
    before = text[: found[0] if found else unclosed.start()]
    return "。" in before or len(before) > 40


def _heads_items(lines: list[str], index: int, text: str, items: re.Pattern = ITEM) -> bool:
    """Whether a short （一）…。 line heads numbered items that carry their own units
    (（一）深化改革。 / 1.…（牵头单位：…）), or a short 1.…。 line sub-items (1) (2) that do: a
    heading, though it ends like a sentence."""
    if len(sentences(text)) != 1 or len(text) > 30 or _responsibility_in(text):
        return False
    following = next((x.strip() for x in lines[index + 1 :] if x.strip()), "")
    return bool(items.match(fold(following))) and (
        bool(_responsibility_in(following)) or _labels_follow(lines, index + 1)
    )


def _labels_own(lines: list[str], index: int) -> bool:
    """Whether the labelled lines after a 一、 line are its own (一、…项目 / 牵头单位：A /
    任务目标：…): not when a numbered item follows them (labels written above their item)."""
    if not _labels_follow(lines, index):
        return False
    after = (x.strip() for x in lines[index + 1 :] if x.strip())
    first = next((x for x in after if not LABEL_LINE.match(x)), "")
    return not ITEM.match(fold(first))


def _labels_follow(lines: list[str], index: int) -> bool:
    """Whether the lines after a （一） line, up to the next numbered line, hold labelled
    responsibility lines (牵头单位：…): then it heads a task (its title), not a group."""
    for line in lines[index + 1 : index + 8]:
        text = line.strip()
        if LABEL_LINE.match(text):
            return True
        if SECTION.match(text) or SUBSECTION.match(text) or ITEM.match(fold(text)):
            return False
    return False


def _rule_of(line: str) -> str:
    """The sentence of a line that states a standing rule (为…制定本方案。以下任务均需…不再
    列出。 → its second sentence): what units_source records, not the whole paragraph."""
    return next((x for x in sentences(line) if _STANDING.search(x)), line)


def _section_id(doc: Parsed) -> int:
    if not doc.sections:
        doc.sections.append(Section(1, "", ""))
    return doc.sections[-1].id


_HEADING_LEADER = re.compile(
    r"^([\u4e00-\u9fff]{2,4}?)(?:同志)?(?:常务)?副?(?:省长|市长|区长|县长|州长|主席)"
    r"(?:主抓|负责|分管|牵头)"
)


def _heading(text: str) -> tuple[str, Responsibility | None, str | None]:
    """A heading's title as printed, and the responsibility it names for its tasks
    (一、扩大有效投资（由省发展改革委牵头实施）)."""
    found = _responsibility_in(text)
    if not found:
        return text.strip(), None, None
    _start, _end, content = found
    return text.strip(), responsibility.parse(content), content


# …。责任单位：A、B / …。牵头单位：A；责任单位：B — labels after the text, on its line
_INLINE_LABELS = re.compile(
    r"(?<=[。；;])\s*((?:牵头(?:责任)?单位|责任单位|配合单位|协同单位|牵头部门|责任部门|完成时限|"
    r"完成时间|时间要求)\s*[:：].+)$"
)


# (牵头单位：A；责任单位：B, never closed: a page cut short, or a bracket lost
_UNCLOSED = re.compile(
    r"[（(〔【\[]\s*((?:牵头|责任|配合|协同)(?:责任)?(?:单位|部门)\s*[:：]"
    r"(?:[^（）()〔〕【】\[\]]|[（(][^（）()]*[）)])*)$"
)


def _text(task: Task, text: str) -> None:
    if task.responsibility is None and not _responsibility_in(text):
        if m := _UNCLOSED.search(text):
            r = responsibility.parse(m.group(1))
            if r.units and not is_unit_name(r.units[-1]):  # 区政…: a name cut in two
                cut = r.units[-1]
                r.units, r.leads = r.units[:-1], [u for u in r.leads if u != cut]
                r.review.append(f"'{cut}' at the end of a bracket never closed is left out")
            task.responsibility, task.units_source, task.own = r, m.group(1), True
            task.review.append("the bracket of units is never closed: the text may be cut")
            text = text[: m.start()].strip()
        elif m := _INLINE_LABELS.search(text):
            for part in re.split(r"[；;](?=\s*(?:完成时限|完成时间|时间要求)\s*[:：])", m.group(1)):
                _labelled_line(task, part.strip())
            text = text[: m.start()].strip()
    found = _responsibility_in(text)
    if found and task.responsibility is None:
        start, end, content = found
        content, rules = _rules_inside(content)
        task.units_source = _plain(content)
        task.responsibility = responsibility.parse(content)
        task.own = True
        task.rules += rules
        if not text[end:].strip(" 。；;"):  # at the end: the text is what stands before it
            text = text[:start].strip()
        elif not text[:start].strip():  # at the start (【牵头单位：A】任务…): what follows it
            text = text[end:].strip()
    if text:
        task.lines.append(text)


_TRAILING = re.compile(r"^(?:由)?[^，,。；;]{2,60}?(?:牵头|负责)")


def _trailing_responsibility(task: Task) -> None:
    """A responsibility written as the task's last sentence, without a bracket (由A牵头，B、C
    配合，2023年7月底前完成。/ A负责，B参与。): taken when every name in it is a unit's and it
    says who leads (牵头, or 负责 beside 配合 / 参与), with a note that it was read so."""
    if task.responsibility is not None or not task.lines:
        return
    said = sentences(task.lines[-1])
    if len(sentences("".join(task.lines))) < 2 or not said:
        return  # the task's only sentence is its content, not who does it
    last = said[-1]
    phrase = last.rstrip("。；;")
    if not _TRAILING.match(phrase) or not (
        "牵头" in phrase or re.search(r"负责[，,].*(配合|参与|协助|协同)", phrase)
    ):
        return
    r = responsibility.parse(phrase)
    if not r.leads or r.review or not all(is_unit_name(u) for u in r.units):
        return
    task.responsibility, task.units_source, task.own = r, phrase, True
    task.lines[-1] = task.lines[-1][: len(task.lines[-1]) - len(last)].rstrip()
    if not task.lines[-1]:
        task.lines.pop()
    task.review.append(f"responsibility read from a sentence without brackets: {phrase}")


def _rules_inside(content: str) -> tuple[str, list[str]]:
    """A standing rule written inside a responsibility bracket (…落实。以下均需X落实，不再列出):
    the bracket without it, and the rule."""
    parts = re.split(r"(?<=[。；;])", content)
    rules = [p.strip() for p in parts if _STANDING.search(p)]
    kept = "".join(p for p in parts if not _STANDING.search(p)).strip().rstrip("。；;")
    return kept, rules


def _title_only(task: Task) -> bool:
    """A task that is only a short title so far (（一）深化工业废气治理。): the items under it
    are its parts."""
    return (
        task.responsibility is None
        and len(task.lines) == 1
        and len(sentences(task.lines[0])) == 1
        and len(task.lines[0]) <= 30
    )


def _plain(content: str) -> str:
    """A responsibility as the plan keeps it: 责任单位：A、B is kept as A、B (the label is
    the notation, as in the shipped plan); anything else as written."""
    m = re.fullmatch(r"责任单位[:：]\s*(.+)", content.strip())
    if m and not responsibility.LEAD_LABEL.search(m.group(1)):
        return m.group(1)
    return content.strip()


_GOAL_LABEL = re.compile(r"(?:任务目标|工作目标|目标任务|具体目标|建设内容|主要内容)\s*[:：]")


def _labelled_line(task: Task, line: str) -> None:
    if goal := _GOAL_LABEL.search(line):  # 任务目标：… is the task's text, not who does it
        task.lines.append(line[goal.start() :])
        line = line[: goal.start()].strip()
        if not line:
            return
    if m := DEADLINE_LABEL.match(line):
        task.due_text = (task.due_text + "，" + m.group(2)).strip("，")
        return
    joined = f"{task.units_source}；{line}" if task.units_source else line
    task.units_source = joined
    task.responsibility = responsibility.parse(joined)
    task.own = True


def _group_responsibility(doc: Parsed, content: str, group: int | None) -> None:
    content, rules = _rules_inside(content)
    parsed = responsibility.parse(content)
    targets = [t for t in doc.tasks if t.responsibility is None]
    if group is not None:
        targets = [t for t in targets if t.group == group]
    else:
        targets = targets[-1:]
    for t in targets:
        t.units_source = _plain(content)
        t.responsibility = parsed
        t.own = True
    if targets:
        targets[-1].rules += rules


# --- a 分工表 ------------------------------------------------------------------------


def _table_header(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[:20]):
        kinds = _columns(row)
        if "task" in kinds.values() and len(set(kinds.values())) >= 2:
            return i
    return None


def _columns(row: list[str]) -> dict[int, str]:
    out: dict[int, str] = {}
    for j, cell in enumerate(row):
        c = cell.strip().replace(" ", "")
        if not c or len(c) > 12:
            continue
        for kind, pattern in _HEADER_WORDS.items():
            if pattern.search(c) and kind not in out.values():
                if kind == "task" and ("牵头" in c or "单位" in c):
                    continue
                out[j] = kind
                break
    return out


def _text_table(lines: list[str]) -> tuple[int, list[list[str]]] | None:
    """A table flattened to text: a header line (序号 工作任务 牵头单位 …) and a row a line."""
    for i, line in enumerate(lines):
        cells = re.split(r"\t|\s{2,}|\s", line.strip())
        kinds = _columns(cells)
        if "task" in kinds.values() and len(set(kinds.values())) >= 3:
            rows = [cells]
            for row_line in lines[i + 1 :]:
                f = fold(row_line)
                if SECTION.match(row_line.strip()) or SUBSECTION.match(row_line.strip()):
                    rows.append([row_line.strip()])  # a heading between the rows
                    continue
                if not re.match(r"^\d{1,3}(\s|\t|[.．、])", f):
                    break
                rows.append(_row_cells(row_line, len(cells), kinds))
            return (i, rows) if len(rows) > 1 else None
    return None


def _cell_table(lines: list[str]) -> tuple[int, list[list[str]], int] | None:
    """A table copied from a web page, a cell a line: 序号 / 主要工作任务 / 责任单位, then each
    row as its number's line and its cells' lines (a heading line between rows). (start,
    rows, end); None when there is no such header."""
    for i, line in enumerate(lines):
        if re.sub(r"\s", "", line) != "序号":
            continue
        head = [re.sub(r"\s", "", x) for x in lines[i : i + 10]]
        width = next(  # the header cells: short lines up to the first row or heading
            (
                k
                for k, x in enumerate(head)
                if k and (len(x) > 12 or re.fullmatch(r"\d{1,4}", x) or SECTION.match(x))
            ),
            len(head),
        )
        kinds = _columns(head[:width])
        if "task" not in kinds.values() or len(kinds) < 3:
            continue
        rows, j = [head[:width]], i + width
        while j < len(lines):
            text = lines[j].strip()
            if SECTION.match(text) and not re.fullmatch(r"\d{1,4}", text):
                rows.append([text])
                j += 1
                continue
            if not re.fullmatch(r"\d{1,4}", fold(text)):
                break
            cells = [text]
            j += 1
            while j < len(lines) and len(cells) < width:
                nxt = lines[j].strip()
                if re.fullmatch(r"\d{1,4}", fold(nxt)) or SECTION.match(nxt):
                    break
                cells.append(nxt)
                j += 1
            rows.append(cells)
        return (i, rows, j) if len(rows) > 1 else None
    return None


def _row_cells(line: str, width: int, kinds: dict[int, str]) -> list[str]:
    cells = [c for c in re.split(r"\t|\s{2,}", line.strip()) if c]
    if len(cells) < width:
        cells = [c for c in re.split(r"\s+", line.strip()) if c]
    task_col = next((j for j, k in kinds.items() if k == "task"), 1)
    while len(cells) > width and task_col + 1 < len(cells):  # spaces inside the task text
        cells[task_col : task_col + 2] = [cells[task_col] + " " + cells[task_col + 1]]
    return cells


def _table(doc: Parsed, rows: list[list[str]]) -> None:
    if not rows:
        return
    kinds = _columns(rows[0])
    col = {k: j for j, k in kinds.items()}
    if "task" not in col:
        doc.review.append("the table's header names no task column; its rows are not read")
        return
    section = doc.sections[-1].id if doc.sections else None
    support = "配合" in rows[0][col["units"]] if "units" in col else False  # 配合单位 column
    area = ""  # the section column's last value: a merged cell is filled in its first row
    for row in rows[1:]:
        filled = [c for c in row if c.strip()]
        if len(filled) == 1 and (m := SECTION.match(filled[0].strip())):
            title, default, default_source = _heading(m.group(2))
            doc.sections.append(
                Section(len(doc.sections) + 1, m.group(1), title, default, default_source)
            )
            section = doc.sections[-1].id
            continue
        cell = {k: (row[j].strip() if j < len(row) else "") for k, j in col.items()}
        if cell.get("section") and cell["section"] != area:
            area = cell["section"]
            m = SECTION.match(area)
            title, default, default_source = _heading(m.group(2) if m else area)
            doc.sections.append(
                Section(
                    len(doc.sections) + 1, m.group(1) if m else "", title, default, default_source
                )
            )
            section = doc.sections[-1].id
        text = cell.get("task", "")
        if not text:
            continue
        f = fold(cell.get("number", "")).strip()
        if SECTION.match(text) and not cell.get("lead") and not cell.get("units"):
            title, default, default_source = _heading(SECTION.match(text).group(2))
            doc.sections.append(
                Section(
                    len(doc.sections) + 1,
                    SECTION.match(text).group(1),
                    title,
                    default,
                    default_source,
                )
            )
            section = doc.sections[-1].id
            continue
        if section is None:
            section = _section_id(doc)
        task = Task(f.rstrip(".．、"), section, group=len(doc.tasks) + 1)
        doc.tasks.append(task)
        if cell.get("goal"):  # 工作举措 / 目标要求 beside the task: the task cell is its title
            task.title = text.strip().rstrip("。")
            _text(task, cell["goal"])
        else:
            _text(task, text)
        parts = []
        if cell.get("lead"):
            parts.append(f"牵头单位：{cell['lead']}")
        if cell.get("units"):
            parts.append(f"{'配合单位' if support else '责任单位'}：{cell['units']}")
        if cell.get("leader"):
            parts.append(f"分管领导：{cell['leader']}")
        if parts:
            task.responsibility = responsibility.parse("；".join(parts))
            # the cells as printed, without the labels the columns' headers give them
            task.units_source = "；".join(
                cell[k] for k in ("lead", "units", "leader") if cell.get(k)
            )
            task.own = True
        if cell.get("due"):
            task.due_text = cell["due"]


# --- what applies to tasks that name no responsibility -----------------------------------


def _assign(doc: Parsed) -> None:
    sections = {s.id: s for s in doc.sections}
    below: Task | None = None
    for task in doc.tasks:
        r = task.responsibility
        if r is not None and r.same_below:
            below = task
        section = sections.get(task.section)
        heading = section.default if section is not None else None
        if (
            r is not None
            and r.units
            and (r.supporting or (r.first_leads and heading is not None and heading.leads))
        ):  # 配合单位 only, or a plain 责任单位 list under 一、…（由A牵头）: A leads
            _lead_from_heading(task, section)
            continue
        if r is not None and r.units:
            if heading is not None and heading.leads and not set(heading.leads) & set(r.units):
                task.review.append(  # two readings: the heading's lead leads every task, or not
                    f"the heading names {'、'.join(heading.leads)} as lead; the task's own "
                    "units are taken: add the heading's lead if it leads this task too"
                )
            continue
        if below is not None and below.responsibility is not None:
            task.units_source = below.units_source
            task.responsibility = below.responsibility
            task.review.append(f"units carried from task {below.number or '?'} (下同)")
        elif section is not None and section.default is not None:
            task.units_source = section.default_source
            task.responsibility = section.default
        elif r is None or not r.units:
            task.review.append("no responsibility found for this task: units are left empty")
    for i, task in enumerate(doc.tasks):
        r = task.responsibility
        if r is not None and r.below:
            rule = r.below_text
            _add_units(doc.tasks[i + 1 :], r.below, rule)
    for task in doc.tasks:
        for rule in task.rules:
            names = _standing_units(rule)
            at = doc.tasks.index(task)
            if names:
                _add_units(doc.tasks[at + 1 :], names, rule)
            else:
                doc.review.append(f"a standing rule was not read: {rule}")
    for rule in doc.standing:
        names = _standing_units(rule)
        if not names:
            doc.review.append(f"a standing rule was not read: {rule}")
            continue
        later = "以下" in rule
        start = 0
        if later:  # the tasks after the rule: those listed after it in the document
            start = (
                next(
                    (i for i, t in enumerate(doc.tasks) if t.lines and rule in "".join(t.lines)), -1
                )
                + 1
            )
        _add_units(doc.tasks[start:], names, rule)


def _lead_from_heading(task: Task, section: Section | None) -> None:
    """A task that names only the units that support it (配合单位：B、C), or a plain list of
    units (责任单位：B、C, whose first leads only by convention), is led by whoever its heading
    names (一、…（由A牵头实施）), the list joining; where no heading does, a supporting list has
    no lead, and says so."""
    r = task.responsibility
    default = section.default if section is not None else None
    if default is None or not default.leads:
        task.review.append(
            "only supporting units (配合单位) are named and no heading names a lead: "
            "leads are left empty"
        )
        return
    task.responsibility = Responsibility(
        leads=list(default.leads),
        units=list(dict.fromkeys([*default.units, *r.units])),
        written={**default.written, **r.written},
        leader=r.leader or default.leader,
        deadline=r.deadline,
        review=list(r.review),
    )
    task.units_source = "；".join(x for x in (section.default_source, task.units_source) if x)
    task.review.append(f"lead from the heading: {section.default_source}")


def _add_units(tasks: list[Task], names: list[str], rule: str) -> None:
    """Units a rule adds to each of the tasks it governs, as participants, with a note."""
    for task in tasks:
        r = task.responsibility or Responsibility()
        extra = [n for n in names if n not in r.units]
        if extra:
            task.responsibility = Responsibility(
                leads=list(r.leads),
                units=[*r.units, *extra],
                written=dict(r.written),
                leader=r.leader,
                deadline=r.deadline,
                review=list(r.review),
            )
            # where the units come from, as written: the task's own phrase, then the rule
            task.units_source = "；".join(x for x in (task.units_source, rule) if x)
            task.review.append(f"{'、'.join(extra)} added by the rule: {rule}")


def _standing_units(rule: str) -> list[str]:
    m = re.search(r"(?:均需|均由|均涉及|需要|需)(.+?)(?:落实|配合|参与|负责|，|,|。|$)", rule)
    if not m:
        return []
    names = responsibility.split_names(m.group(1))[0]
    return [n for n in names if is_unit_name(n)]


def task_due(task: Task, base_year: int | None) -> tuple[str | None, list]:
    text = "".join(task.lines)
    extra = " ".join(
        x for x in (task.due_text, task.responsibility.deadline if task.responsibility else "") if x
    )
    found = deadlines(extra, base_year) or deadlines(text, base_year)
    return earliest(found), found
