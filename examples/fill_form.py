"""Fill a 进展填报 form as a unit would in Excel: for the README's walk through one round.

    python examples/fill_form.py FORM.xlsx DATE N=STATUS[:进展情况] ...

sets 填报日期 to DATE and, for each measure N (or PLAN:N when the form covers several
plans), 完成状态 (未启动, 推进中 or 已完成) and, if given, 进展情况; the file is saved in
place.
"""

import sys

from openpyxl import load_workbook

path, date, *answers = sys.argv[1:]
book = load_workbook(path)
sheet = book["进展填报"]
sheet["B3"] = date
wanted = dict(a.split("=", 1) for a in answers)
for row in sheet.iter_rows(min_row=5):
    answer = wanted.get(f"{row[0].value}:{row[1].value}") or wanted.get(str(row[1].value))
    if answer:
        status, _, progress = answer.partition(":")
        row[5].value = status
        row[6].value = progress or None
book.save(path)
