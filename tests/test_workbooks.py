"""Workbooks ready to print: every sheet of every workbook, read back with openpyxl.

The README shows the settings of the 分工表 workbook in a block that `describe()` below
writes; the last test compares the two, so the README cannot drift.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from plan_cli.views.excel import FONT

README = Path(__file__).resolve().parent.parent / "README.md"
PAPER = {9: "A4"}  # openpyxl's paper size codes
BOOKS = [
    ["matrix"],
    ["export"],
    ["targets"],
    ["timeline"],
    ["agency", "财政厅"],
    ["agencies"],
    ["measures"],
    ["gaps"],
]


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    from plan_cli.cli import main

    folder = tmp_path_factory.mktemp("books")
    out = {}
    for args in BOOKS:
        path = folder / f"{args[0]}.xlsx"
        assert main([*args, "--output", str(path)]) == 0
        out[args[0]] = load_workbook(path)
    return out


@pytest.mark.parametrize("command", [b[0] for b in BOOKS])
def test_every_sheet_is_ready_to_print(books, command, shipped):
    for ws in books[command].worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"  # the header row on every printed page
        assert ws.freeze_panes == "B2"
        assert [c.font.b for c in ws[1]] == [True] * ws.max_column  # row 1 is the header
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {FONT}, (command, ws.title, fonts)
        assert ws.oddHeader.center.text == shipped.document.title
        assert ws.oddHeader.right.text == shipped.document.date
        widths = [d.width for d in ws.column_dimensions.values()]
        assert widths and all(4 <= w <= 60 for w in widths)


def describe(command: str, ws) -> str:
    """The printed page's settings in the words of the README block."""
    ps = ws.page_setup
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    return (
        "\n".join(
            [
                f"plan {command} --output {command}.xlsx: sheet {ws.title}",
                f"  page         {PAPER.get(int(ps.paperSize or 0), ps.paperSize)} {ps.orientation}, "
                f"fitted to {ps.fitToWidth} page wide",
                f"  every page   row {ws.print_title_rows.split(':')[0].strip('$')} (the header) repeated",
                f"  frozen       {ws.freeze_panes}: the header row and the first column",
                f"  filter       {ws.auto_filter.ref}",
                f"  font         {'、'.join(sorted(fonts))} in every cell",
                f"  page header  {ws.oddHeader.center.text} (centre), {ws.oddHeader.right.text} (right)",
                f"  page footer  {ws.oddFooter.center.text.replace('&P', 'n').replace('&N', 'N')}",
            ]
        )
        + "\n"
    )


def test_the_readme_shows_the_workbooks_settings(books):
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- workbook settings -->\n```text\n(.*?)```", text, re.DOTALL)
    assert m, "the README has no workbook settings block"
    shown = m.group(1)
    got = describe("matrix", books["matrix"]["分工表"])
    pattern = "".join(
        r"[^\n]*?".join(map(re.escape, line.split("…"))) + r"\n" for line in shown.splitlines()
    )
    assert re.fullmatch(pattern, got), f"--- README ---\n{shown}--- workbook ---\n{got}"
