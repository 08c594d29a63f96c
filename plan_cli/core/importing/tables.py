"""Tables of tasks, as they reach the importer: a header row (序号 / 工作任务 / 牵头单位 …)
found in a workbook or a Word table, or flattened into text (a row a line, or a cell a line,
as a web page's table is copied).
"""

from __future__ import annotations

import re

from plan_cli.core.importing.patterns import (
    HEADER_WORDS,
    SECTION,
    SUBSECTION,
    fold,
)


def table_header(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[:20]):
        kinds = columns(row)
        if "task" in kinds.values() and len(set(kinds.values())) >= 2:
            return i
    return None


def columns(row: list[str]) -> dict[int, str]:
    out: dict[int, str] = {}
    for j, cell in enumerate(row):
        c = cell.strip().replace(" ", "")
        if not c or len(c) > 12:
            continue
        for kind, pattern in HEADER_WORDS.items():
            if pattern.search(c) and kind not in out.values():
                if kind == "task" and ("牵头" in c or "单位" in c):
                    continue
                out[j] = kind
                break
    if "task" not in out.values():  # 序号 / 2022年预期目标 / 责任单位: the goals are the tasks
        out = {j: "task" if kind == "goal" else kind for j, kind in out.items()}
    return out


def text_table(lines: list[str]) -> tuple[int, list[list[str]]] | None:
    """A table flattened to text: a header line (序号 工作任务 牵头单位 …) and a row a line."""
    for i, line in enumerate(lines):
        cells = re.split(r"\t|\s{2,}|\s", line.strip())
        kinds = columns(cells)
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


def cell_table(lines: list[str]) -> tuple[int, list[list[str]], int] | None:
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
        kinds = columns(head[:width])
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
        data = [row for row in rows[1:] if len(row) > 1]
        return (i, rows, j) if len(data) >= 2 else None  # one row read: the layout is another
    return None


def _row_cells(line: str, width: int, kinds: dict[int, str]) -> list[str]:
    cells = [c for c in re.split(r"\t|\s{2,}", line.strip()) if c]
    if len(cells) < width:
        cells = [c for c in re.split(r"\s+", line.strip()) if c]
    task_col = next((j for j, k in kinds.items() if k == "task"), 1)
    while len(cells) > width and task_col + 1 < len(cells):  # spaces inside the task text
        cells[task_col : task_col + 2] = [cells[task_col] + " " + cells[task_col + 1]]
    return cells
