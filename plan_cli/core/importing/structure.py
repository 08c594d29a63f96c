"""The document: its sections and its tasks, and the rules by which a responsibility written
once applies to several tasks (header.py reads the notice and the title, tables.py finds a
table of tasks, patterns.py says what their lines look like).

A task is a numbered item (1.  1．  1﹒  （一） (1)) or an unnumbered paragraph that carries
its own responsibility, or a row of a 分工表. Its responsibility is, in order of
precedence: its own bracket or labelled lines; a bracket standing alone after a group of
items, for each item of the group; 下同 on an earlier task; the lead a section heading names
(由省发展改革委牵头实施). Standing rules (以下均需D和E落实，不再列出; 具体任务均涉及相关市（州）
人民政府，不再做分工) add their units to the tasks they govern, with a review note.
"""

from __future__ import annotations

import re

from plan_cli.core.importing import responsibility
from plan_cli.core.importing.dates import deadlines, earliest
from plan_cli.core.importing.header import (
    attachments,
    listed_attachment,
    read_header,
    read_notice,
    read_signature,
)
from plan_cli.core.importing.patterns import (
    BRACKET,
    DATE_LINE,
    DEADLINE_LABEL,
    ISSUER,
    ITEM,
    LABEL_LINE,
    SECTION,
    STANDING,
    SUBITEM,
    SUBSECTION,
    Parsed,
    Section,
    Task,
    fold,
    labels_follow,
    responsibility_in,
    rule_of,
    sentences,
)
from plan_cli.core.importing.read import WEB_CHROME, Source
from plan_cli.core.importing.responsibility import (
    DEADLINE_WORDS,
    UNIT_LABEL,
    Responsibility,
    is_unit_name,
)
from plan_cli.core.importing.tables import (
    cell_table,
    columns,
    table_header,
    text_table,
)

# --- the whole document ----------------------------------------------------------------


def parse_document(source: Source) -> Parsed:
    doc = Parsed()
    lines = list(source.lines)
    table = list(source.rows)
    tail: list[str] = []  # lines after a table: the signature
    if source.kind == "xlsx":
        head = table_header(table)
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
    elif not table and (parts := attachments(lines)) is not None:
        notice, lines, others = parts  # the plan is one attachment of several
        read_notice(doc, notice)
        if others:
            doc.other_text += others
            doc.review.append(
                f"another attachment follows the plan ({others[0][:30]}…): kept in other_text"
            )
    if not table and source.kind != "xlsx":
        found = text_table(lines)
        if found is not None:
            start, table = found
            lines = lines[:start] + lines[start + len(table) :]
            source.rows_at = start
        elif (cells := cell_table(lines)) is not None:  # a web page's table: a cell a line
            start, table, end = cells
            lines = lines[:start] + lines[end:]
            source.rows_at = start
    body_start = read_header(doc, lines)
    read_signature(doc, tail)
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


# --- the body: sections, tasks, responsibilities --------------------------------------


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
    # a table copied a cell a line, with a 牵头领导 column: a person's name on a line of its own
    leader_column = any(
        re.fullmatch(r"(?:牵头|责任|分管)?(?:省|市|县|区)?领导", x.replace(" ", "")) for x in lines
    )
    for index, raw in enumerate(lines):
        line = raw.strip()
        f = fold(line)
        if closing_only:
            if ISSUER.match(line) or DATE_LINE.match(f):
                continue
            if doc.tasks and not SECTION.match(line):
                continue
        if ISSUER.match(line) or DATE_LINE.match(f) or line.startswith(("（此件", "(此件")):
            current = None
            continue
        if WEB_CHROME.fullmatch(f):  # a web page's footer after the plan
            current = None
            continue
        numbered = (
            ITEM.match(f) or SUBITEM.match(f) or SUBSECTION.match(line) or SECTION.match(line)
        )
        if STANDING.search(line) and not numbered:  # a task's bracket holds its rule itself
            doc.standing.append(rule_of(line))
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
            and not responsibility_in(line)
            and (not line.endswith("。") or _heads_items(lines, index, m.group(2)))
            and "。" not in m.group(2).rstrip("。")
            and len(m.group(2)) <= 40
            and not labels_follow(lines, index)
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
        if BRACKET.fullmatch(line.rstrip("。")) and responsibility_in(line) and doc.tasks:
            # a bracket standing alone: for every task of the group before it with none
            _, _, content = responsibility_in(line)
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
            and not responsibility_in(line)
        ):
            # (1) (2) … under a task that is only a title: parts of that task, as printed
            current.lines.append(line)
            current.part_rank = rank
            continue
        if item and not doc.tasks and listed_attachment(line):
            doc.other_text.append(line)  # 2. 2022年…分解表: the notice's list of attachments
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
        if (
            leader_column
            and current is not None
            and not current.leader
            and re.fullmatch(r"[\u4e00-\u9fff]\s?[\u4e00-\u9fff]{1,2}", line)
        ):
            current.leader = line  # 钱 宇: the 牵头领导 cell, as printed
            continue
        if current is not None and line.startswith("★") and current.responsibility is None:
            # ★区发改委、统计局: a 分工表's units cell on a line of its own, ★ the lead
            found = responsibility.parse(line)
            if found.units and all(is_unit_name(u) for u in found.units):
                current.responsibility, current.units_source, current.own = found, line, True
                continue
        if current is None:
            if responsibility_in(line) and doc.sections:
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
    found = responsibility_in(text)
    unclosed = _UNCLOSED.search(text)
    if not found and not unclosed:
        return False
    before = text[: found[0] if found else unclosed.start()]
    return "。" in before or len(before) > 40


def _heads_items(lines: list[str], index: int, text: str, items: re.Pattern = ITEM) -> bool:
    """Whether a short （一）…。 line heads numbered items that carry their own units
    (（一）深化改革。 / 1.…（牵头单位：…）), or a short 1.…。 line sub-items (1) (2) that do: a
    heading, though it ends like a sentence."""
    if len(sentences(text)) != 1 or len(text) > 30 or responsibility_in(text):
        return False
    following = next((x.strip() for x in lines[index + 1 :] if x.strip()), "")
    return bool(items.match(fold(following))) and (
        bool(responsibility_in(following)) or labels_follow(lines, index + 1)
    )


def _labels_own(lines: list[str], index: int) -> bool:
    """Whether the labelled lines after a 一、 line are its own (一、…项目 / 牵头单位：A /
    任务目标：…): not when a numbered item follows them (labels written above their item)."""
    if not labels_follow(lines, index):
        return False
    after = (x.strip() for x in lines[index + 1 :] if x.strip())
    first = next((x for x in after if not LABEL_LINE.match(x)), "")
    return not ITEM.match(fold(first))


def _section_id(doc: Parsed) -> int:
    if not doc.sections:
        doc.sections.append(Section(1, "", ""))
    return doc.sections[-1].id


def _heading(text: str) -> tuple[str, Responsibility | None, str | None]:
    """A heading's title as printed, and the responsibility it names for its tasks
    (一、扩大有效投资（由省发展改革委牵头实施）)."""
    found = responsibility_in(text)
    if not found:
        # 一、县示范区管委会牵头工作（8项）: a lead named in the heading's words
        m = re.match(r"^(.{2,24}?)牵头(?:工作|事项|负责|推进)", text.strip())
        if m and is_unit_name(m.group(1)) and not m.group(1).startswith("由"):
            said = m.group(1) + "牵头"
            return text.strip(), responsibility.parse(said), said
        return text.strip(), None, None
    _start, _end, content = found
    return text.strip(), responsibility.parse(content), content


# …。责任单位：A、B / …。牵头单位：A；责任单位：B — labels after the text, on its line
_INLINE_LABELS = re.compile(rf"(?<=[。；;])\s*((?:{UNIT_LABEL}|{DEADLINE_WORDS})\s*[:：].+)$")


# (牵头单位：A；责任单位：B, never closed: a page cut short, or a bracket lost
_UNCLOSED = re.compile(
    rf"[（(〔【\[]\s*({UNIT_LABEL}\s*[:：]"
    r"(?:[^（）()〔〕【】\[\]]|[（(][^（）()]*[）)])*)$"
)


def _text(task: Task, text: str) -> None:
    if task.responsibility is None and not responsibility_in(text):
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
    found = responsibility_in(text)
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
    rules = [p.strip() for p in parts if STANDING.search(p)]
    kept = "".join(p for p in parts if not STANDING.search(p)).strip().rstrip("。；;")
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


def _table(doc: Parsed, rows: list[list[str]]) -> None:
    if not rows:
        return
    kinds = columns(rows[0])
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
        if cell.get("leader") and not is_unit_name(cell["leader"]):  # a person, never a unit
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
