"""The 进展填报 workbook sent to a unit, and the 通报 (brief) sent round: Chinese whatever
the locale, since they go to Chinese offices and the forms come back to be read.

A form: title lines (the plan, 填报单位, 填报日期), then the header row 方案 / 序号 / 任务 /
本单位职责 / 完成时限 / 完成状态 / 进展情况 / 存在问题 / 下步打算 and a row per measure. 完成状态
offers a list (未启动, 推进中, 已完成); the task columns are locked (sheet protection, no
password), the answer columns and 填报日期 open; print-ready as every workbook. The unit and
the versions of its plans travel in a very hidden sheet.
"""

from __future__ import annotations

from typing import BinaryIO

from plan_cli.core.ledger import FORM_FORMAT, FORM_SHEET, HEADER, IDENTITY_SHEET, WORD_OF, Form
from plan_cli.views.excel import FONT, LEAD_FILL, _print_ready
from plan_cli.views.text import width as display_width

TITLE_ROWS = 3  # the plan, 填报单位, 填报日期; the header row follows


def write_form(form: Form, stream: BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    plain, bold = Font(name=FONT), Font(name=FONT, bold=True)
    ws.append([form.title])
    ws.append(["填报单位：" + (form.label or form.unit)])
    ws.append(["填报日期：", None])
    ws["A1"].font = Font(name=FONT, bold=True, size=14)
    ws["A2"].font = ws["A3"].font = plain
    ws["B3"].protection = Protection(locked=False)  # the unit writes its date here
    ws["B3"].number_format = "yyyy-mm-dd"
    ws.append(list(HEADER))
    head = TITLE_ROWS + 1
    for cell in ws[head]:
        cell.font = bold
    open_columns = range(6, 10)  # 完成状态 … 下步打算
    lead_fill = PatternFill("solid", start_color=LEAD_FILL, end_color=LEAD_FILL)
    widths = [display_width(h) for h in HEADER]
    for row in form.rows:
        ws.append([row.plan, row.id, row.task, row.role, row.due, None, None, None, None])
        r = ws.max_row
        for j in range(1, 10):
            cell = ws.cell(row=r, column=j)
            cell.font = plain
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
            if j in open_columns:
                cell.protection = Protection(locked=False)
            if j == 3:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row.role == "牵头":
            ws.cell(row=r, column=4).fill = lead_fill
            ws.cell(row=r, column=4).font = bold
        for j, value in enumerate((row.plan, str(row.id), "", row.role, row.due), start=1):
            widths[j - 1] = max(widths[j - 1], display_width(value))
    widths[2] = 60  # 任务: wrapped
    for j in open_columns:
        widths[j - 1] = max(widths[j - 1], 10 if j == 6 else 30)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(60, w + 2)
    last = max(head + 1, ws.max_row)
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(WORD_OF[s] for s in ("not_started", "in_progress", "done")) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成状态",
        error="请从列表中选择：未启动、推进中、已完成",
    )
    choice.add(f"F{head + 1}:F{last}")
    ws.add_data_validation(choice)
    ws.freeze_panes = f"C{head + 1}"
    ws.protection.sheet = True  # no password: locks the task columns against slips only
    _print_ready(ws, (form.title, "填报单位：" + (form.label or form.unit)))
    ws.print_title_rows = f"{head}:{head}"
    ident = wb.create_sheet(IDENTITY_SHEET)
    for key, value in (
        ("format", FORM_FORMAT),
        ("unit", form.unit),
        ("plans", ",".join(f"{p}={v}" for p, v in form.plans.items())),
    ):
        ident.append([key, value])
    ident.sheet_state = "veryHidden"
    wb.properties.title = f"{form.label or form.unit}-进展填报"
    wb.properties.subject = FORM_FORMAT
    wb.save(stream)
