"""Golden outputs: every command in every format, byte for byte, through the real entry point.

While the inside is rebuilt, what users see must not change by accident: a change in any of
these files is a decision, made in the commit that changes the file. To record a decided
change, run `PLAN_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import TTY
from golden_cases import CASES

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(("name", "argv", "terminal"), CASES, ids=[c[0] for c in CASES])
def test_golden_output(plan, name, argv, terminal):
    r = plan(*argv, env=TTY if terminal else None)
    assert (r.status, r.stderr) == (0, "")
    path = GOLDEN / f"{name}.out"
    if os.environ.get("PLAN_UPDATE_GOLDEN"):
        path.write_bytes(r.stdout_bytes)
    assert r.stdout_bytes == path.read_bytes()


def test_every_golden_file_belongs_to_a_case():
    assert sorted(p.stem for p in GOLDEN.glob("*.out")) == sorted(c[0] for c in CASES)
    assert sorted(p.name for p in GOLDEN.glob("*.json")) == sorted(
        f"{c[0]}.xlsx.json" for c in XLSX_CASES
    )


# Workbooks: what a reader of the sheet sees (values, frozen panes, filter, widths, marked
# cells), not the zip's bytes, which carry a timestamp.
XLSX_CASES = [
    ("matrix", ["matrix"]),
    ("export", ["export"]),
    ("targets", ["targets"]),
    ("agency", ["agency", "财政厅"]),
    ("measures", ["measures"]),
    ("agencies", ["agencies"]),
    ("timeline", ["timeline"]),
]


def workbook_dump(path: Path) -> str:
    import json

    from openpyxl import load_workbook

    wb = load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        sheets.append(
            {
                "title": ws.title,
                "freeze": ws.freeze_panes,
                "filter": ws.auto_filter.ref,
                "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items())},
                "marked": [
                    c.coordinate for row in ws.iter_rows() for c in row if c.font.bold and c.row > 1
                ],
                "rows": [[c.value for c in row] for row in ws.iter_rows()],
            }
        )
    return json.dumps(sheets, ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize(("name", "argv"), XLSX_CASES, ids=[c[0] for c in XLSX_CASES])
def test_golden_workbook(plan, name, argv, tmp_path):
    target = tmp_path / f"{name}.xlsx"
    r = plan(*argv, "--output", str(target))
    assert (r.status, r.stdout, r.stderr) == (0, "", "")
    path = GOLDEN / f"{name}.xlsx.json"
    if os.environ.get("PLAN_UPDATE_GOLDEN"):
        path.write_text(workbook_dump(target), encoding="utf-8")
    assert workbook_dump(target) == path.read_text(encoding="utf-8")
