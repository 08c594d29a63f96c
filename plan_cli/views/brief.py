"""The 通报: what the ledger says as of a date, as a Word document (python-docx) or as
Markdown. Chinese whatever the locale: it is sent round Chinese offices.

Its parts: the totals by status and the completion rate; the overdue (逾期) and due-soon
(临期) measures with their leads; the units that have not reported; a table by section.
"""

from __future__ import annotations

from typing import BinaryIO, TextIO

from plan_cli.core.ledger import WORD_OF, Brief
from plan_cli.core.model import MISSING, NO_LEAD

FONT = "仿宋"  # the body font of government documents; 黑体 for headings
HEADING_FONT = "黑体"
STATUSES = ("done", "in_progress", "not_started", "unreported")


def _date(brief: Brief) -> str:
    d = brief.as_of
    return f"{d.year}年{d.month}月{d.day}日"


def _parts(brief: Brief) -> list[tuple[str, object]]:
    """The brief as (kind, content): heading, paragraph or table (header, rows)."""
    t = brief.totals
    n = len(brief.rows)
    parts: list[tuple[str, object]] = [
        ("title", f"{brief.title}落实情况通报"),
        ("paragraph", f"（截至{_date(brief)}）"),
        ("heading", "一、总体情况"),
    ]
    if not n:  # the date asked is before every plan of the brief was issued
        parts.append(("paragraph", "截至该日，所列方案均未印发，尚无任务可通报。"))
        return parts
    parts += [
        (
            "paragraph",
            f"共{n}项任务：已完成{t['done']}项，推进中{t['in_progress']}项，未启动"
            f"{t['not_started']}项，未报送{t['unreported']}项；完成率{100 * brief.rate:.1f}%。",
        ),
    ]
    late = [r for r in brief.late if r["grade"] == "overdue"]
    soon = [r for r in brief.late if r["grade"] == "due_soon"]
    head = ["方案", "序号", "任务", "牵头单位", "完成时限", "完成状态"]

    def rows(items):
        return [
            [
                r["plan"],
                str(r["id"]),
                r["title"] or MISSING,
                r["lead"] or (NO_LEAD if r["units"] else MISSING),
                r["due"] or "",
                WORD_OF[r["status"]],
            ]
            for r in items
        ]

    parts.append(("heading", "二、逾期任务"))
    parts.append(("table", (head, rows(late))) if late else ("paragraph", "无。"))
    parts.append(("heading", "三、临期任务"))
    parts.append(("table", (head, rows(soon))) if soon else ("paragraph", "无。"))
    parts.append(("heading", "四、未报送单位"))
    parts.append(("paragraph", "；".join(brief.silent) + "。" if brief.silent else "无。"))
    parts.append(("heading", "五、分部分情况"))
    parts.append(
        (
            "table",
            (
                ["方案", "部分", "任务数", "已完成", "推进中", "未启动", "未报送"],
                [
                    [s["plan"], s["numeral"] or str(s["section"]), str(s["measures"])]
                    + [str(s[k]) for k in STATUSES]
                    for s in brief.sections
                ],
            ),
        )
    )
    return parts


def write_markdown(brief: Brief, stream: TextIO) -> None:
    for kind, content in _parts(brief):
        if kind == "title":
            stream.write(f"# {content}\n\n")
        elif kind == "heading":
            stream.write(f"## {content}\n\n")
        elif kind == "paragraph":
            stream.write(f"{content}\n\n")
        else:
            head, rows = content
            stream.write("| " + " | ".join(head) + " |\n")
            stream.write("|" + "---|" * len(head) + "\n")
            for row in rows:
                cells = [c.replace("|", "\\|").replace("\n", " ") for c in row]
                stream.write("| " + " | ".join(cells) + " |\n")
            stream.write("\n")


def write_docx(brief: Brief, stream: BinaryIO) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    d = docx.Document()
    section = d.sections[0]  # A4, as offices print (python-docx's template is US Letter)
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(26)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    for name, font, size in (
        ("Normal", FONT, 14),
        ("Title", HEADING_FONT, 20),
        ("Heading 1", HEADING_FONT, 16),
    ):
        style = d.styles[name]
        style.font.name = font
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)  # black, not the template's blue
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    for kind, content in _parts(brief):
        if kind == "title":
            d.add_heading(str(content), level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "heading":
            d.add_heading(str(content), level=1)
        elif kind == "paragraph":
            d.add_paragraph(str(content))
        else:
            head, rows = content
            table = d.add_table(rows=1, cols=len(head))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, head, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    d.core_properties.title = f"{brief.title}落实情况通报"
    d.save(stream)
