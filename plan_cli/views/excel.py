"""Excel workbooks (openpyxl, imported here only) for people who work in Excel or WPS.

Every sheet: a bold header row and the first column frozen, an autofilter on the header,
column widths fitted to Chinese text (a CJK character is two columns wide), lead cells
(牵头) marked bold on a coloured fill. Text that begins with = + - or @ is stored as text,
never as a formula.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from plan_cli.core.model import MISSING
from plan_cli.core.relation import ROLE_WORDS
from plan_cli.views.columns import Column
from plan_cli.views.formats import cell_text

LEAD_FILL = "FFE699"  # a soft yellow, visible in Excel and WPS, printable in grey
MAX_WIDTH = 60


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[dict]
    lead_column: str | None = "lead"  # key of a column whose cells are all lead units


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_workbook(sheets: Sequence[Sheet], stream: BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    lead_fill = PatternFill("solid", start_color=LEAD_FILL, end_color=LEAD_FILL)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        widths = []
        for j, c in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=j, value=c.key)
            cell.font = bold
            widths.append(display_width(c.key))
        for i, row in enumerate(sheet.rows, start=2):
            for j, c in enumerate(sheet.columns, start=1):
                raw = c.value(row)
                number = isinstance(raw, int | float) and not isinstance(raw, bool)
                value = raw if number else cell_text(raw, c)
                cell = ws.cell(row=i, column=j)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text begins with
                    if len(value) > MAX_WIDTH:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                if value == ROLE_WORDS["lead"] or (
                    c.key == sheet.lead_column and value and value != MISSING
                ):
                    cell.font = bold
                    cell.fill = lead_fill
                widths[j - 1] = max(widths[j - 1], display_width(str(value)))
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, w + 2)
        ws.freeze_panes = "B2"
        if sheet.columns:
            last = get_column_letter(len(sheet.columns))
            ws.auto_filter.ref = f"A1:{last}{max(1, len(sheet.rows) + 1)}"
    wb.save(stream)
