"""Excel workbooks (openpyxl, imported here only) for people who work in Excel or WPS.

Every sheet: a bold header row and the first column frozen, an autofilter on the header,
column widths fitted to Chinese text (a CJK character is two columns wide), lead cells
(牵头) marked bold on a coloured fill. Text that begins with = + - or @ is stored as text,
never as a formula.

Under a Chinese locale the sheet names and the header row are in Chinese (序号, 标题, 牵头单位,
责任单位 …); the header row stays the first row. CSV is the stable machine form.

Ready to print: landscape, one page wide, the header row repeated on every page, the
document's title and date in the page header, and every cell in 等线 (DengXian), a font
with Chinese glyphs in Excel and WPS (openpyxl's default Calibri has none, and WPS then
substitutes one of its own choosing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from plan_cli.core.i18n import _, language
from plan_cli.core.model import MISSING
from plan_cli.core.relation import ROLE_WORDS
from plan_cli.views.columns import Column
from plan_cli.views.formats import cell_text
from plan_cli.views.text import width as display_width

LEAD_FILL = "FFE699"  # a soft yellow, visible in Excel and WPS, printable in grey
MAX_WIDTH = 60
FONT = "等线"  # DengXian: Office's default Chinese font since 2016; WPS has it too


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[dict]
    lead_column: str | None = "lead"  # key of a column whose cells are all lead units


def write_workbook(
    sheets: Sequence[Sheet], stream: BinaryIO, heading: tuple[str, str] | None = None
) -> None:
    """Write the sheets as one workbook; `heading` (title, date) goes in every page header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    plain, bold = Font(name=FONT), Font(name=FONT, bold=True)
    lead_fill = PatternFill("solid", start_color=LEAD_FILL, end_color=LEAD_FILL)
    chinese = language() == "zh"
    for sheet in sheets:
        ws = wb.create_sheet(_(sheet.title)[:31])
        widths = []
        for j, c in enumerate(sheet.columns, start=1):
            # the field name, as in CSV; under a Chinese locale the word people read
            head = _(c.header) if chinese else c.key
            cell = ws.cell(row=1, column=j, value=head)
            cell.font = bold
            widths.append(display_width(head))
        for i, row in enumerate(sheet.rows, start=2):
            for j, c in enumerate(sheet.columns, start=1):
                raw = c.value(row)
                number = isinstance(raw, int | float) and not isinstance(raw, bool)
                value = raw if number else cell_text(raw, c)
                cell = ws.cell(row=i, column=j)
                cell.value = value
                cell.font = plain
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
        _print_ready(ws, heading)
    wb.save(stream)


def _print_ready(ws, heading: tuple[str, str] | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    if heading:
        title, date = heading
        for part, text in ((ws.oddHeader.center, title), (ws.oddHeader.right, date)):
            part.text, part.font, part.size = text, FONT, 9
    ws.oddFooter.center.text = "&P / &N"  # page n of N
    ws.oddFooter.center.font = FONT
