"""The head of a published plan: the notice (its title, number, addressees, sentence), the
plan's own title, the issuer and the date, a signature after the body; a notice whose plan is
one of several attachments.
"""

from __future__ import annotations

import re

from plan_cli.core.importing.patterns import (
    ATTACHMENT,
    DATE_LINE,
    DATED_NUMBER,
    ISSUED,
    ISSUER,
    ITEM,
    NOTICE,
    PUBLISHED,
    SECTION,
    STANDING,
    SUBSECTION,
    WEB_TIME,
    Parsed,
    fold,
    is_title,
    labels_follow,
    responsibility_in,
    rule_of,
)
from plan_cli.core.importing.read import WEB_CHROME

_ATTACHMENT_HEAD = re.compile(r"附件\s*\d{0,2}[:：]?")


def _iso(m: re.Match, at: int = 1) -> str:
    """The date a match's three groups from `at` give (year, month, day), as 2024-03-01."""
    year, month, day = (int(m.group(at + k)) for k in range(3))
    return f"{year:04d}-{month:02d}-{day:02d}"


def attachments(lines: list[str]) -> tuple[list[str], list[str], list[str]] | None:
    """A notice whose plan is an attachment (附件1, then the plan's title): the notice's lines,
    the plan's, and those of the attachments after it (a 报送表). None when the document is
    not laid out so, or names one attachment only (the usual 附件 before the plan)."""
    heads = [i for i, line in enumerate(lines) if _ATTACHMENT_HEAD.fullmatch(fold(line).strip())]
    if len(heads) < 2:
        return None
    titled = [i for i in heads if i + 1 < len(lines) and is_title(lines[i + 1].strip(), "")]
    if not titled:
        return None
    start = titled[0]
    end = next((i for i in heads if i > start), len(lines))
    return lines[:start], lines[start + 1 : end], lines[end:]


def read_notice(doc: Parsed, lines: list[str]) -> None:
    """The notice in front of an attachment: its title, number, addressees, sentence,
    signature and date; its own points (一、压实工作责任…) and the list of attachments are no
    part of the plan (other_text)."""
    for line in lines:
        f = fold(line)
        if not doc.notice_title and ("关于印发" in line or line.endswith("通知")):
            # 洛阳市人民政府办公室 / 关于印发…: a title whose issuer stands on the line above
            doc.notice_title = (doc.issuer if line.startswith("关于") else "") + line
            issuer = doc.notice_title.split("关于")[0]
            if ISSUER.match(issuer):
                doc.issuer = issuer
        elif doc.notice_title and not doc.notice_title.endswith("通知") and "通知" in line:
            doc.notice_title += line  # a title set on two lines
        elif m := DATE_LINE.match(f):
            doc.date = _iso(m)
        elif ISSUER.match(line):
            doc.issuer = line  # the signature names the issuer in full
        elif line.endswith(("：", ":")) and not doc.addressees:
            doc.addressees = line.rstrip("：:")
        elif not doc.notice and ("印发给你们" in line or "现印发" in line or "已经" in line):
            doc.notice = line
        elif not re.fullmatch(r"[\u4e00-\u9fff]{0,8}[〔\[]\d{4}[〕\]]\d+号", f.strip()):
            doc.other_text.append(line)  # the notice's own points, its list of attachments


def read_header(doc: Parsed, lines: list[str]) -> int:
    """Read the notice and the title; the index of the first line of the body."""
    first_body = next(
        (
            i
            for i, line in enumerate(lines)
            if SECTION.match(line)
            or (ITEM.match(fold(line)) and not listed_attachment(line))
            or (responsibility_in(line) and not NOTICE.search(line))
            or (SUBSECTION.match(line.strip()) and labels_follow(lines, i))
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
        if m := _META_DATE.search(f):  # a site's record of the document: 发文日期 2021年03月16日
            doc.date = doc.date or _iso(m)
        if (m := _META_ISSUER.search(f)) and ISSUER.match(m.group(1)) and not doc.issuer:
            doc.issuer = m.group(1)
        if (m := _META_TITLE.match(f)) and not doc.title and is_title(m.group(1), ""):
            doc.title = m.group(1)
            continue
        if WEB_CHROME.fullmatch(f):  # the page a plan was copied from: no part of it
            if (m := WEB_TIME.search(f)) and not doc.published:
                doc.published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            continue
        if re.fullmatch(r"[\u4e00-\u9fff]{2,30}文件", line) and ISSUER.match(line[:-2]):
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
                above if line.startswith("关于") and ISSUER.match(above) else ""
            ) + line
            issuer = line.split("关于")[0]
            if ISSUER.match(issuer):
                doc.issuer = issuer
            continue
        if m := PUBLISHED.search(f):
            doc.published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            continue
        if m := DATE_LINE.match(f) or DATED_NUMBER.match(f):
            doc.date = _iso(m)
            continue
        if (m := ISSUED.match(f)) and ISSUER.match(m.group(1)):  # a workbook's 发文 row
            doc.issuer = doc.issuer or m.group(1)
            doc.date = doc.date or _iso(m, 2)
            continue
        if ISSUER.match(line):
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
        if STANDING.search(line):
            doc.standing.append(rule_of(line))  # a rule for the tasks below, stated up front
        if not doc.title and is_title(ATTACHMENT.sub("", line), doc.notice_title):
            doc.title = ATTACHMENT.sub("", line)  # 附件：… heads the plan; it is no part of it
            if previous and is_title(previous + doc.title, "") and not is_title(previous, ""):
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
    read_signature(doc, lines[first_body:])  # a signature after the body
    if not doc.date and doc.published:
        doc.date = doc.published
        doc.review.append(
            "date: the document's own date was not found; the publication date is used"
        )
    return first_body


# what a government site records of a document, in a table above it
_META_DATE = re.compile(
    r"(?:发文日期|成文日期|公文生成日期|印发日期)\s*[:：]?\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})"
)
_META_ISSUER = re.compile(r"发布机构\s*[:：]?\s*([\u4e00-\u9fff（）()]{2,30})")
_META_TITLE = re.compile(r"^名\s*称\s*[:：]\s*(.+)$")


def listed_attachment(line: str) -> bool:
    """附件：1.…任务分解 / 2.…清单: a numbered line of the notice's list of attachments."""
    m = ITEM.match(fold(line))
    return bool(m) and is_title(m.group(2), "") and not responsibility_in(line)


def _after_notice(lines: list[str], first: int) -> int:
    """Where the plan's body starts when the notice numbers points of its own (一、各责任单位
    要高度重视…) before its signature and the plan's title: after that title."""
    for i in range(first, min(len(lines), first + 40)):
        line = lines[i].strip()
        if ITEM.match(fold(line)) or responsibility_in(line):
            return first  # a task comes first: the 一、 lines are the plan's own
        if ISSUER.match(line) or DATE_LINE.match(fold(line)):
            title = next(
                (k for k in range(i + 1, min(len(lines), i + 6)) if is_title(lines[k], "")),
                None,
            )
            return title + 1 if title is not None else first
    return first


def read_signature(doc: Parsed, lines: list[str]) -> None:
    """A signature after the body: the issuer named in full, and the date."""
    for line in lines:
        f = fold(line)
        if not doc.date and (m := DATE_LINE.match(f)):
            doc.date = _iso(m)
        elif ISSUER.match(line) and (not doc.issuer or doc.issuer in doc.notice_title):
            doc.issuer = line  # the signature names the issuer in full
