"""Office exports: the responsibility matrix (分工表), Excel workbooks and a target timeline.

The small fixture plan (conftest.FIXTURE_YAML) has five units: 财政厅, 发展改革委 and 水利厅
(departments), 宁东管委会 (ningdong) and 自治区政府各部门〔单位〕, a collective that covers
every department. Measure 1 is led by 财政厅 with 发展改革委 and 宁东管委会; measure 2 is
led by the collective with 宁东管委会; measure 3 has lost its units.

So, by hand: 财政厅 leads 1 measure (and is named through the collective in 1), the
collective leads 1, 宁东管委会 joins 2, 发展改革委 joins 1 (collective 1), 水利厅 is only named
through the collective (1). Columns by measures led, then joined: 财政厅, 政府各部门〔单位〕,
宁东管委会, 发展改革委, 水利厅.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections import Counter
from itertools import groupby
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_YAML
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from plan_cli.cli import main
from plan_cli.core import query
from plan_cli.core.errors import NotFound
from plan_cli.core.load import SHIPPED as DEFAULT_PATH
from plan_cli.core.load import load_plan
from plan_cli.core.model import MISSING
from plan_cli.core.store import open_store
from plan_cli.views.listings import MEASURE_ROW_COLUMNS as EXPORT_COLUMNS
from plan_cli.views.listings import TARGET_SHEET, UNIT_COLUMNS

FIN = "自治区财政厅"
COLL = "自治区政府各部门〔单位〕"
NINGDONG = "宁东管委会"
NDRC = "自治区发展改革委"
WATER = "自治区水利厅"

FIXTURE_COLUMNS = [FIN, COLL, NINGDONG, NDRC, WATER]
FIXTURE_ROWS = [
    {
        "id": 1,
        "title": "加强财政保障",
        "lead": FIN,
        "plan": "plan",  # the fixture file's name
        FIN: "牵头",
        COLL: "",
        NINGDONG: "参与",
        NDRC: "参与",
        WATER: "",
    },
    {
        "id": 2,
        "title": "全面从严",
        "lead": COLL,
        "plan": "plan",  # the fixture file's name
        FIN: "全体",
        COLL: "牵头",
        NINGDONG: "参与",
        NDRC: "全体",
        WATER: "全体",
    },
    # measure 3 lost its unit list: every cell is unknown, never "not involved"
    {
        "id": 3,
        "title": None,
        "lead": None,
        "plan": "plan",  # the fixture file's name
        FIN: "未知",
        COLL: "未知",
        NINGDONG: "未知",
        NDRC: "未知",
        WATER: "未知",
    },
]

FIXTURE_TSV = (
    "id\ttitle\tlead\tplan\t自治区财政厅\t自治区政府各部门〔单位〕\t宁东管委会\t自治区发展改革委\t自治区水利厅\n"
    "1\t加强财政保障\t自治区财政厅\tplan\t牵头\t\t参与\t参与\t\n"
    "2\t全面从严\t自治区政府各部门〔单位〕\tplan\t全体\t牵头\t参与\t全体\t全体\n"
    "3\t（原文缺失）\t（原文缺失）\tplan\t未知\t未知\t未知\t未知\t未知\n"
)

FIXTURE_CSV = (
    "id,title,lead,plan,自治区财政厅,自治区政府各部门〔单位〕,宁东管委会,自治区发展改革委,自治区水利厅\r\n"
    "1,加强财政保障,自治区财政厅,plan,牵头,,参与,参与,\r\n"
    "2,全面从严,自治区政府各部门〔单位〕,plan,全体,牵头,参与,全体,全体\r\n"
    "3,（原文缺失）,（原文缺失）,plan,未知,未知,未知,未知,未知\r\n"
)

TIMELINE_GROUPS = ["2020", "2022", "2023-2025", "2025", "recurring", "undated"]
TIMELINE_COUNTS = {"2020": 25, "2022": 3, "2023-2025": 1, "2025": 8, "recurring": 2, "undated": 4}

TTY_ENV = {"PLAN_FORCE_TTY": "1", "NO_COLOR": "1", "COLUMNS": "200"}
BOM = b"\xef\xbb\xbf"


def _variant(tmp_path: Path, *replacements: tuple[str, str], name: str = "variant.yaml") -> Path:
    """FIXTURE_YAML with exact text replaced (each replacement must apply once)."""
    text = FIXTURE_YAML
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _ok(result):
    assert result.status == 0, (result.status, result.stdout, result.stderr)
    return result


def _matrix(store, **kw):
    m = query.matrix(store, **kw)
    return m.units, m.rows


def _all_cells(ws):
    return [c for row in ws.iter_rows() for c in row]


def _header(ws) -> list:
    return [c.value for c in ws[1]]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- query.matrix on the fixture --------------------------------------------------------


def test_matrix_columns_ordered_by_led_then_joined(small_store):
    units, _ = _matrix(small_store)
    assert [u.name for u in units] == FIXTURE_COLUMNS


def test_matrix_cells_are_exact(small_store):
    _, rows = _matrix(small_store)
    assert rows == FIXTURE_ROWS
    assert [list(r) for r in rows] == [["id", "title", "lead", "plan", *FIXTURE_COLUMNS]] * 3


def test_matrix_collective_covers_only_its_kind(small_store):
    """全体 goes to every department (the collective's `covers`), never to 宁东管委会."""
    _, rows = _matrix(small_store)
    m2 = rows[1]
    assert {n for n in FIXTURE_COLUMNS if m2[n] == "全体"} == {FIN, NDRC, WATER}
    assert m2[NINGDONG] == "参与"  # named directly, and not a department
    assert m2[COLL] == "牵头"  # the collective itself leads; it does not cover itself


def test_matrix_direct_role_wins_over_collective(tmp_path):
    """A department named both directly and through the collective keeps its direct role."""
    p = _variant(
        tmp_path,
        (
            "units_source: 自治区政府各部门〔单位〕，宁东管委会",
            "units_source: 自治区政府各部门〔单位〕，自治区水利厅",
        ),
        (
            "units: [自治区政府各部门〔单位〕, 宁东管委会]",
            "units: [自治区政府各部门〔单位〕, 自治区水利厅]",
        ),
    )
    units, rows = _matrix(open_store(p))
    m2 = next(r for r in rows if r["id"] == 2)
    assert m2[WATER] == "参与"
    assert m2[FIN] == "全体" and m2[NDRC] == "全体"
    # 财政厅 and the collective lead 1 each (财政厅 first in the registry); 发展改革委,
    # 水利厅 and 宁东管委会 join 1 each and follow in registry order.
    assert [u.name for u in units] == [FIN, COLL, NDRC, WATER, NINGDONG]


def test_matrix_section_filter(small_store):
    units, rows = _matrix(small_store, section=1)
    assert [u.name for u in units] == FIXTURE_COLUMNS
    assert rows == FIXTURE_ROWS[:2]

    units, rows = _matrix(small_store, section=2)
    assert units == []
    assert rows == [{"id": 3, "title": None, "lead": None, "plan": "plan"}]


def test_matrix_unknown_section_is_not_found(small_store):
    with pytest.raises(NotFound):
        _matrix(small_store, section=9)


def test_matrix_agency_filter_keeps_measures_named_through_a_collective(small_store):
    # 水利厅 is named only through 自治区政府各部门〔单位〕 (measure 2)
    units, rows = _matrix(small_store, agency_name="水利厅")
    assert [r["id"] for r in rows] == [2]
    # the collective leads 1; 宁东 joins 1; the three departments are 全体 (registry order)
    assert [u.name for u in units] == [COLL, NINGDONG, FIN, NDRC, WATER]
    assert rows == [FIXTURE_ROWS[1]]


def test_matrix_agency_filter_by_alias(small_store):
    units, rows = _matrix(small_store, agency_name="发改委")
    assert [r["id"] for r in rows] == [1, 2]
    assert [u.name for u in units] == FIXTURE_COLUMNS
    assert rows == FIXTURE_ROWS[:2]


def test_matrix_agency_and_section_together(small_store):
    units, rows = _matrix(small_store, section=2, agency_name="财政厅")
    assert (units, rows) == ([], [])


def test_matrix_unknown_agency_is_not_found(small_store):
    with pytest.raises(NotFound):
        _matrix(small_store, agency_name="不存在的单位")


def test_matrix_on_shipped_plan_measure_31(shipped, shipped_store):
    units, rows = _matrix(shipped_store)
    assert len(rows) == 49
    names = [u.name for u in units]
    assert len(names) == len(set(names))
    row = next(r for r in rows if r["id"] == 31)
    assert row[FIN] == "牵头"
    assert [r["id"] for r in rows if r[FIN] == "牵头"] == [31]
    for name in shipped.measure_by_id[31].units[1:]:
        assert row[name] == "参与"


# --- plan matrix on the command line ----------------------------------------------------


def test_cli_matrix_tsv_exact(plan, fixture_path):
    r = _ok(plan("matrix", "--data", str(fixture_path), "--format", "tsv"))
    assert r.stdout == FIXTURE_TSV


def test_cli_matrix_plain_is_the_long_form(plan, fixture_path):
    r = _ok(plan("matrix", "--data", str(fixture_path)))  # not a terminal: plain
    assert r.stdout == (
        f"1\t{FIN}\t牵头\tplan\n1\t{NDRC}\t参与\tplan\n1\t{NINGDONG}\t参与\tplan\n"
        f"2\t{COLL}\t牵头\tplan\n2\t{NINGDONG}\t参与\tplan\n2\t{FIN}\t全体\tplan\n"
        f"2\t{NDRC}\t全体\tplan\n2\t{WATER}\t全体\tplan\n"
        + "".join(f"3\t{u}\t未知\tplan\n" for u in FIXTURE_COLUMNS)
    )


def test_cli_matrix_csv_exact(plan, fixture_path):
    r = _ok(plan("matrix", "--data", str(fixture_path), "--format", "csv"))
    assert r.stdout_bytes.decode("utf-8") == FIXTURE_CSV


def test_cli_matrix_json_exact(plan, fixture_path):
    r = _ok(plan("matrix", "--data", str(fixture_path), "--format", "json"))
    data = json.loads(r.stdout)
    assert data == FIXTURE_ROWS
    assert list(data[0]) == ["id", "title", "lead", "plan", *FIXTURE_COLUMNS]


def test_cli_matrix_section_and_agency_options(plan, fixture_path):
    r = _ok(plan("matrix", "--data", str(fixture_path), "-f", "tsv", "--section", "2"))
    assert r.stdout == "id\ttitle\tlead\tplan\n3\t（原文缺失）\t（原文缺失）\tplan\n"
    r = _ok(plan("matrix", "--data", str(fixture_path), "-f", "tsv", "--agency", "水利厅"))
    assert r.stdout == (
        "id\ttitle\tlead\tplan\t自治区政府各部门〔单位〕\t宁东管委会\t自治区财政厅\t自治区发展改革委\t自治区水利厅\n"
        "2\t全面从严\t自治区政府各部门〔单位〕\tplan\t牵头\t参与\t全体\t全体\t全体\n"
    )


def test_cli_matrix_unknown_agency_exits_1(plan, fixture_path):
    r = plan("matrix", "--data", str(fixture_path), "--agency", "不存在的单位")
    assert r.status == 1
    assert r.stdout == ""


def _spans(line: str) -> list[tuple[int, int, str]]:
    """(first display column, end display column, text) of each run of non-spaces."""
    out, col = [], 0
    for m in re.finditer(r"\S+|\s+", line):
        w = _width(m.group())
        if not m.group().isspace():
            out.append((col, col + w, m.group()))
        col += w
    return out


@pytest.mark.parametrize("columns", ["80", "60", "120"])
def test_cli_matrix_terminal_mode(plan, fixture_path, columns):
    env = {**TTY_ENV, "COLUMNS": columns}
    r = _ok(plan("matrix", "--data", str(fixture_path), env=env))
    lines = r.stdout.splitlines()
    assert "\x1b[" not in r.stdout  # NO_COLOR: no escape sequences
    assert max(_width(line.rstrip()) for line in lines) <= int(columns)
    assert [line.split()[:2] for line in lines if line.strip()[:1].isdigit()] == [
        ["1", "加强财政保障"],
        ["2", "全面从严"],
        ["3", MISSING],
    ]
    row = {line.split()[0]: line.split()[2:] for line in lines if line.strip()[:1].isdigit()}
    assert row["2"][0] == "政府各部门〔单位〕"
    if columns != "60":  # at 60 columns the last column wraps onto a second line
        assert row["1"] == ["财政厅", "发展改革委、宁东管委会"]
        assert row["3"] == ["?", "未知：责任单位原文缺失"]
    assert any(line.startswith("? = 未知") for line in lines)  # unknown, not nobody


# --- Excel workbooks # --- Excel workbooks ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_books(tmp_path_factory):
    """matrix, export and targets of the shipped plan written as .xlsx (once per module)."""
    folder = tmp_path_factory.mktemp("xlsx")
    books = {}
    for cmd in ("matrix", "export", "targets"):
        path = folder / f"{cmd}.xlsx"
        assert main([cmd, "--data", str(DEFAULT_PATH), "--output", str(path)]) == 0
        books[cmd] = path
    return books


def _is_lead_cell(cell) -> bool:
    return (
        cell.font.b is True
        and cell.fill.fill_type == "solid"
        and cell.fill.fgColor.rgb.endswith("FFE699")
    )


def _check_sheet_basics(ws, headers: list[str], n_rows: int):
    assert ws.freeze_panes == "B2"
    assert _header(ws) == headers
    assert all(c.font.b for c in ws[1])
    assert ws.max_row == n_rows + 1
    assert ws.max_column == len(headers)
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1")
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(headers))}{n_rows + 1}"
    assert [c.coordinate for c in _all_cells(ws) if c.data_type == "f"] == []


def test_xlsx_matrix(shipped_books, shipped, shipped_store):
    wb = load_workbook(shipped_books["matrix"])
    assert wb.sheetnames == ["分工表"]
    ws = wb["分工表"]
    units, rows = _matrix(shipped_store)
    _check_sheet_basics(ws, ["id", "title", "lead", "plan", *[u.name for u in units]], 49)

    col = _header(ws).index(FIN) + 1
    ids = [ws.cell(row=i, column=1).value for i in range(2, ws.max_row + 1)]
    assert ids == [m.id for m in shipped.measures]
    r31 = ids.index(31) + 2
    assert ws.cell(row=r31, column=1).data_type == "n"
    assert ws.cell(row=r31, column=2).value == shipped.measure_by_id[31].title
    cell = ws.cell(row=r31, column=col)
    assert cell.value == "牵头"
    assert cell.data_type == "s"
    assert _is_lead_cell(cell)
    # a participant cell of the same row is neither bold nor filled
    part = ws.cell(row=r31, column=_header(ws).index(NDRC) + 1)
    assert part.value == "参与"
    assert not part.font.b
    assert part.fill.fill_type is None
    # every lead cell is marked, and only lead cells are
    for c in _all_cells(ws)[ws.max_column :]:
        assert _is_lead_cell(c) == (c.value == "牵头"), c.coordinate


def test_xlsx_matrix_column_widths_fit_chinese(shipped_books):
    ws = load_workbook(shipped_books["matrix"])["分工表"]
    header = _header(ws)
    letter = get_column_letter(header.index(FIN) + 1)
    # 自治区财政厅: six CJK characters are twelve columns, plus a margin of two
    assert ws.column_dimensions[letter].width == 14
    assert ws.column_dimensions[letter].width >= 2 * len(FIN)
    assert ws.column_dimensions["A"].width == 4  # "id" and at most two digits, plus two
    assert ws.column_dimensions[letter].width > ws.column_dimensions["A"].width
    for j, name in enumerate(header[4:], start=5):  # after id, title, lead, plan
        assert ws.column_dimensions[get_column_letter(j)].width == min(60, _width(name) + 2), name


def test_xlsx_export(shipped_books, shipped):
    wb = load_workbook(shipped_books["export"])
    assert wb.sheetnames == ["measures", "units", "targets"]

    ws = wb["measures"]
    _check_sheet_basics(ws, [c.key for c in EXPORT_COLUMNS], 49)
    header = _header(ws)
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == 31)
    values = dict(zip(header, (c.value for c in row), strict=True))
    m31 = shipped.measure_by_id[31]
    assert values["lead"] == "自治区财政厅"
    assert values["section"] == m31.section
    assert values["title"] == m31.title
    assert values["text"] == "".join(m31.text)
    assert values["units"] == "；".join(m31.units)
    assert values["targets"] == len(shipped.targets_of(31))
    assert _is_lead_cell(row[header.index("lead")])
    assert not _is_lead_cell(row[header.index("units")])
    # the long text column is wrapped and capped at the widest allowed
    assert ws.column_dimensions[get_column_letter(header.index("text") + 1)].width == 60
    assert ws.column_dimensions["A"].width == 4

    ws = wb["units"]
    _check_sheet_basics(ws, [c.key for c in UNIT_COLUMNS], len(shipped.units))
    fin = next(r for r in ws.iter_rows(min_row=2) if r[0].value == FIN)
    assert [c.value for c in fin[:4]] == [FIN, "财政厅", "department", 1]
    assert fin[3].data_type == "n"
    widest_unit = max(_width(u.name) for u in shipped.units)
    assert ws.column_dimensions["A"].width == min(60, widest_unit + 2)

    ws = wb["targets"]
    _check_sheet_basics(ws, [c.key for c in TARGET_SHEET], len(shipped.targets))


def test_xlsx_targets(shipped_books, shipped):
    wb = load_workbook(shipped_books["targets"])
    assert wb.sheetnames == ["targets"]
    ws = wb["targets"]
    headers = [c.key for c in TARGET_SHEET]
    _check_sheet_basics(ws, headers, 43)
    rows = [dict(zip(headers, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    assert [r["measure"] for r in rows] == [t.measure for t in shipped.targets]
    loans = next(r for r in rows if r["indicator"] == "新增贷款")
    assert (loans["measure"], loans["due"], loans["value"], loans["unit"]) == (2, 2020, 600, "亿元")
    pillar = next(r for r in rows if r["indicator"] == "在全国有一定影响力的工业支柱产业")
    assert pillar["value"] == "3-5"
    assert pillar["due"] is None
    first = rows[0]
    assert first["due"] == "2023-2025"
    assert Counter(r["due"] for r in rows)[2020] == 25


def _injection_plan(tmp_path: Path) -> Path:
    return _variant(
        tmp_path,
        ("title: 加强财政保障", 'title: "=1+1"'),
        ("text: [今年新增贷款600亿元以上。, 加强预算管理。]", 'text: ["+SUM(A1)"]'),
        ("title: 全面从严", 'title: "@x"'),
        ("text: [建设服务型政府。]", 'text: ["-2"]'),
        (
            "text: 建设服务型政府, indicator: 服务型政府",
            'text: "=HYPERLINK(\\"http://example.com\\")", indicator: HYPERLINK',
        ),
        name="inject.yaml",
    )


def _no_formula_in_xml(path: Path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode("utf-8"), name
                assert "<f " not in z.read(name).decode("utf-8"), name


def test_xlsx_formula_injection_is_stored_as_text(plan, tmp_path):
    data = _injection_plan(tmp_path)
    loaded = load_plan(data)
    assert loaded.measure_by_id[1].title == "=1+1"
    assert loaded.measure_by_id[2].text == ("-2",)

    matrix = tmp_path / "m.xlsx"
    _ok(plan("matrix", "--data", str(data), "--output", str(matrix)))
    ws = load_workbook(matrix)["分工表"]
    titles = {ws.cell(row=i, column=1).value: ws.cell(row=i, column=2) for i in range(2, 5)}
    assert titles[1].value == "=1+1" and titles[1].data_type == "s"
    assert titles[2].value == "@x" and titles[2].data_type == "s"
    assert [c.coordinate for c in _all_cells(ws) if c.data_type == "f"] == []
    _no_formula_in_xml(matrix)

    export = tmp_path / "e.xlsx"
    _ok(plan("export", "--data", str(data), "--output", str(export)))
    ws = load_workbook(export)["measures"]
    header = _header(ws)
    got = {
        r[0].value: (r[header.index("title")], r[header.index("text")])
        for r in ws.iter_rows(min_row=2)
    }
    expected = {1: ("=1+1", "+SUM(A1)"), 2: ("@x", "-2")}
    for mid, (title, text) in expected.items():
        assert (got[mid][0].value, got[mid][1].value) == (title, text)
        assert (got[mid][0].data_type, got[mid][1].data_type) == ("s", "s")
    for sheet in load_workbook(export):
        assert [c.coordinate for c in _all_cells(sheet) if c.data_type == "f"] == []
    _no_formula_in_xml(export)

    targets = tmp_path / "t.xlsx"
    _ok(plan("targets", "--data", str(data), "--output", str(targets)))
    ws = load_workbook(targets)["targets"]
    col = _header(ws).index("text") + 1
    cells = [ws.cell(row=i, column=col) for i in range(2, ws.max_row + 1)]
    hyper = [c for c in cells if str(c.value).startswith("=")]
    assert [(c.value, c.data_type) for c in hyper] == [('=HYPERLINK("http://example.com")', "s")]
    _no_formula_in_xml(targets)


def test_xlsx_with_no_rows_still_has_header_and_filter(plan, fixture_path, tmp_path):
    path = tmp_path / "empty.xlsx"
    _ok(plan("targets", "--data", str(fixture_path), "--due", "2030", "--output", str(path)))
    ws = load_workbook(path)["targets"]
    assert _header(ws) == [c.key for c in TARGET_SHEET]
    assert ws.max_row == 1
    assert ws.auto_filter.ref == "A1:J1"
    assert ws.freeze_panes == "B2"


# --- CSV with a byte order mark -------------------------------------------------------------


def test_csv_bom_file_round_trips(plan, fixture_path, tmp_path):
    path = tmp_path / "分工表.csv"
    _ok(plan("matrix", "--data", str(fixture_path), "--bom", "--output", str(path)))
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    assert not raw[3:].startswith(BOM)
    assert raw.count(b"\n") == raw.count(b"\r\n") == 4
    assert raw.endswith(b"\r\n")
    assert raw[3:].decode("utf-8") == FIXTURE_CSV
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["id", "title", "lead", "plan", *FIXTURE_COLUMNS]
    assert rows[1] == ["1", "加强财政保障", FIN, "plan", "牵头", "", "参与", "参与", ""]
    assert rows[3][1:3] == [MISSING, MISSING]


def test_csv_bom_on_stdout(plan, fixture_path):
    r = _ok(plan("matrix", "--data", str(fixture_path), "--format", "csv", "--bom"))
    assert r.stdout_bytes.startswith(BOM)
    assert r.stdout_bytes[3:].decode("utf-8") == FIXTURE_CSV


def test_csv_without_bom_has_none(plan, fixture_path, tmp_path):
    path = tmp_path / "m.csv"
    _ok(plan("matrix", "--data", str(fixture_path), "--output", str(path)))
    assert path.read_bytes() == FIXTURE_CSV.encode("utf-8")


def test_csv_bom_export_of_shipped_plan_round_trips(plan, tmp_path, shipped):
    path = tmp_path / "plan.csv"
    _ok(plan("export", "--format", "csv", "--bom", "--output", str(path)))
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [c.key for c in EXPORT_COLUMNS]
    assert len(rows) == 50
    m31 = shipped.measure_by_id[31]
    row = next(r for r in rows[1:] if r[0] == "31")
    assert row[2:6] == [m31.title, "".join(m31.text), "自治区财政厅", "；".join(m31.units)]
    # RFC 4180: every record ends with CRLF (quoted fields may hold their own line breaks)
    text = raw[3:].decode("utf-8")
    assert text.endswith("\r\n")
    reparsed = list(csv.reader(io.StringIO(text, newline="")))
    assert reparsed == rows


# --- plan timeline --------------------------------------------------------------------------


def test_timeline_counts_match_plan_yaml():
    """Count the due values in plan.yaml itself, without the loader."""
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    counts = Counter("undated" if t["due"] is None else str(t["due"]) for t in raw["targets"])
    assert counts == TIMELINE_COUNTS
    assert sum(counts.values()) == 43


def test_timeline_json_groups_in_order_with_counts(plan):
    r = _ok(plan("timeline", "--format", "json"))
    rows = json.loads(r.stdout)
    runs = [(g, len(list(items))) for g, items in groupby(r["group"] for r in rows)]
    assert [g for g, _ in runs] == TIMELINE_GROUPS  # each group appears once, in this order
    assert dict(runs) == TIMELINE_COUNTS
    assert len(rows) == 43


def test_timeline_groups_agree_with_due(shipped_store):
    rows = query.timeline(shipped_store)
    for r in rows:
        if r["group"] == "undated":
            assert r["due"] is None
        elif r["group"] in ("recurring", "2023-2025"):
            assert r["due"] == r["group"]
        else:
            assert r["due"] == int(r["group"])
    # inside a group, measures in order
    for _, items in groupby(rows, key=lambda r: r["group"]):
        ms = [r["measure"] for r in items]
        assert ms == sorted(ms)


def test_timeline_tsv_on_fixture_exact(plan, fixture_path):
    r = _ok(plan("timeline", "--data", str(fixture_path), "--format", "tsv"))
    assert r.stdout == (
        "group\tmeasure\tdue\tindicator\tvalue\tunit\tcomparator\tdue_text\ttext\tlead\tplan\n"
        "2020\t1\t2020\t新增贷款\t600\t亿元\t以上\t今年\t今年新增贷款600亿元以上\t自治区财政厅\tplan\n"
        "2025\t3\t2025\t再生水利用率\t50\t%\t达到\t到2025年\t到2025年再生水利用率达到50%\t（原文缺失）"
        "\tplan\n"
        "recurring\t3\trecurring\t提高\t1\t个百分点\t左右\t每年\t每年提高1个百分点左右\t（原文缺失）"
        "\tplan\n"
        "undated\t2\t\t服务型政府\t\t\t\t\t建设服务型政府\t自治区政府各部门〔单位〕\tplan\n"
    )


def test_timeline_keeps_groups_together_when_a_range_and_a_year_end_together(tmp_path):
    """A 2023-2025 range and the year 2025 both end in 2025: each must still be one group,
    the range first, whatever measures the targets belong to."""
    p = _variant(
        tmp_path,
        (
            "  - {measure: 3, text: 到2025年再生水利用率达到50%",
            "  - {measure: 1, text: 到2025年贷款达到900亿元, indicator: 贷款, value: 900, unit: 亿元, "
            "comparator: 达到, due: 2025, due_text: 到2025年}\n"
            "  - {measure: 2, text: 力争3年-5年建成服务型政府, indicator: 服务型政府, value: null, "
            'unit: null, comparator: null, due: "2023-2025", due_text: 力争3年-5年}\n'
            "  - {measure: 3, text: 到2025年再生水利用率达到50%",
        ),
    )
    rows = query.timeline(open_store(p))
    groups = [g for g, _ in groupby(r["group"] for r in rows)]
    assert groups == ["2020", "2023-2025", "2025", "recurring", "undated"]
    assert [r["measure"] for r in rows if r["group"] == "2025"] == [1, 3]


def test_timeline_terminal_chart_prints_each_group(plan):
    r = _ok(plan("timeline", env=TTY_ENV))
    assert "\x1b[" not in r.stdout
    bars = [
        (m.group(1), int(m.group(3)))
        for m in (re.match(r"^(\S+)\s+(█+) (\d+)$", line) for line in r.stdout.splitlines())
        if m
    ]
    assert bars == [(g, TIMELINE_COUNTS[g]) for g in TIMELINE_GROUPS]
    # the largest group has the full bar of 30
    assert "█" * 30 + " 25" in r.stdout
    assert "力争3年-5年，全区产业转型升级" in r.stdout


def test_timeline_terminal_chart_on_fixture(plan, fixture_path):
    r = _ok(plan("timeline", "--data", str(fixture_path), env=TTY_ENV))
    labels = [
        line.split()[0] for line in r.stdout.splitlines() if line and not line.startswith(" ")
    ]
    assert labels == ["2020", "2025", "recurring", "undated"]
