"""Answers people read, on the shipped plan through main(): true summaries, unknown never
shown as nobody, targets that know who answers for them, terminal output that fits 80
columns, names and numbers as people type them, and completion of what each option takes.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import TTY

from plan_cli.views.text import width

AT_80 = {**TTY, "COLUMNS": "80"}
LOST_UNITS = [18, 19, 22, 24, 29, 33, 35, 36, 38, 40, 43, 46, 49]


def _lines(r) -> list[str]:
    return [line.rstrip() for line in r.stdout.splitlines()]


# --- unknown is not nobody -----------------------------------------------------------


def test_the_matrix_says_unknown_in_every_cell_of_a_lost_list(plan):
    rows = json.loads(plan("matrix", "--format", "json").stdout)
    lost = [r for r in rows if r["id"] in LOST_UNITS]
    assert len(lost) == 13
    units = [k for k in rows[0] if k not in ("id", "title", "lead", "plan")]
    assert len(units) == 49 and all("〔" in u or len(u) > 3 for u in units)  # full names
    for r in lost:
        assert {r[u] for u in units} == {"未知"}, r["id"]
    for r in rows:
        if r["id"] not in LOST_UNITS:
            assert "未知" not in {r[u] for u in units}


def test_the_matrix_csv_keeps_the_wide_table_with_unknown(plan):
    lines = plan("matrix", "--format", "csv").stdout_bytes.decode().splitlines()
    assert lines[0].startswith("id,title,lead,plan,自治区发展改革委,")
    row24 = next(line for line in lines if line.startswith("24,"))
    assert row24.count("未知") == 49


def test_the_matrix_in_a_pipe_is_one_line_per_measure_and_unit(plan):
    lines = plan("matrix").stdout.splitlines()
    assert "31\t自治区财政厅\t牵头\tnx2020" in lines
    assert "45\t自治区财政厅\t全体\tnx2020" in lines
    assert "24\t自治区财政厅\t未知\tnx2020" in lines
    assert all(len(line.split("\t")) == 4 for line in lines)


def test_measure_rows_say_when_the_unit_list_is_unknown(plan):
    rows = json.loads(plan("measures", "--format", "json").stdout)
    assert [r["id"] for r in rows if not r["units_known"]] == LOST_UNITS
    assert all(r["units"] == [] for r in rows if not r["units_known"])
    assert all(r["units"] for r in rows if r["units_known"])


def test_the_agency_summary_counts_the_unchecked_measures(plan):
    r = plan("agency", "水利厅", "--lead", env={**TTY, "COLUMNS": "200"})
    assert _lines(r)[0].endswith(
        "; 13 measures could not be checked: the source lost their unit lists"
    )


# --- targets know who answers for them ----------------------------------------------


def test_every_target_row_carries_its_measures_lead(plan):
    rows = json.loads(plan("targets", "--format", "json").stdout)
    lead31 = [r["lead"] for r in rows if r["measure"] == 31]
    assert lead31 == ["自治区财政厅"]
    assert {r["lead"] for r in rows if r["measure"] == 24} == {None}  # 24 lost its list


def test_with_an_agency_every_target_row_carries_its_role(plan):
    rows = json.loads(plan("targets", "--agency", "财政厅", "--format", "json").stdout)
    assert rows and {r["role"] for r in rows} <= {"lead", "participant", "collective"}
    header = plan("targets", "--agency", "财政厅", "--format", "tsv").stdout.splitlines()[0]
    assert header.endswith("\tlead\trole\tplan")


def test_targets_of_the_measures_a_unit_leads(plan):
    rows = json.loads(plan("targets", "--agency", "财政厅", "--lead", "--format", "json").stdout)
    assert {r["measure"] for r in rows} == {31}
    assert {r["role"] for r in rows} == {"lead"}


@pytest.mark.parametrize(
    ("due", "dues"),
    [
        ("2023-2025", {"2023-2025", 2025}),
        ("2025", {"2023-2025", 2025}),
        ("2024", {"2023-2025"}),
        ("recurring", {"recurring"}),
    ],
)
def test_due_takes_what_the_tool_prints(plan, due, dues):
    rows = json.loads(plan("targets", "--due", due, "--format", "json").stdout)
    assert {r["due"] for r in rows} == dues


# --- terminal output fits 80 columns -------------------------------------------------

NUMBER_WITH_UNIT = re.compile(r"\d[\d.]*(?:%|亿元|万亩|万宗|个百分点|年|家|所|个|万人)")


@pytest.mark.parametrize(
    "args",
    [
        ["matrix"],
        ["matrix", "--section", "1"],
        ["matrix", "--agency", "财政厅"],
        ["targets"],
        ["targets", "--agency", "财政厅"],
        ["timeline"],
        ["agency", "财政厅"],
    ],
)
def test_terminal_output_fits_80_columns(plan, args):
    r = plan(*args, env=AT_80)
    assert r.status == 0
    assert max(width(line) for line in _lines(r)) <= 80


@pytest.mark.parametrize(
    "args", [["matrix"], ["matrix", "--section", "1"], ["matrix", "--agency", "财政厅"]]
)
def test_the_matrix_shows_every_measure_number_and_names_people_know(plan, args):
    every = {r["id"] for r in json.loads(plan(*args, "--format", "json").stdout)}
    lines = _lines(plan(*args, env=AT_80))
    shown = {int(m.group(1)) for line in lines if (m := re.match(r"\s+(\d+)\s", line))}
    assert shown == every
    text = "\n".join(lines)
    assert "…" not in text.split("Names shortened")[0]  # nothing cut
    assert "发改委" in text or args[-1] == "财政厅"
    assert "发改委=自治区发展改革委" in text.replace("\n", "") or "发改委" not in text


def test_the_targets_table_shows_each_full_text_without_breaking_a_number(plan, shipped):
    lines = _lines(plan("targets", env=AT_80))
    head = next(i for i, line in enumerate(lines) if line.split()[:2] == ["measure", "due"])
    col = width(lines[head][: lines[head].index("target")])
    body = []
    for line in lines[head + 2 :]:  # past the header and its rule, up to the blank line
        if not line.strip():
            break
        body.append(line)
    pieces: list[list[str]] = []  # each target's text, line by line
    for line in body:
        acc, i = 0, 0
        while i < len(line) and acc < col:  # the text column starts at display column col
            acc += width(line[i])
            i += 1
        if line[:i].split():  # a measure number: a new target
            pieces.append([])
        pieces[-1].append(line[i:].strip())
    assert ["".join(p) for p in pieces] == [t.text for t in shipped.targets]  # none cut
    for p in pieces:  # no line break inside a number or between a number and its unit
        text, breaks = "".join(p), {sum(map(len, p[:k])) for k in range(1, len(p))}
        for found in NUMBER_WITH_UNIT.finditer(text):
            assert not any(found.start() < b < found.end() for b in breaks), (found.group(), p)


def test_no_number_is_split_from_its_unit_when_wrapped():
    from plan_cli.views.text import wrap

    text = "今年新增贷款100亿元以上，湿地面积稳定在310万亩以上，提高1个百分点，达到90%，到2025年"
    for limit in range(10, 40):
        joined = wrap(text, limit)
        assert "".join(joined) == text
        for found in NUMBER_WITH_UNIT.finditer(text):
            assert any(found.group() in line for line in joined), (limit, found.group(), joined)


def test_the_timeline_shows_no_line_twice_in_a_group(plan):
    lines = _lines(plan("timeline", env={**TTY, "COLUMNS": "200"}))
    groups: list[list[str]] = []
    for line in lines:
        if line and not line.startswith(" "):
            groups.append([])
        elif line.strip():
            groups[-1].append(line.strip())
    for group in groups:
        assert len(group) == len(set(group))
    assert any("(2 targets)" in line for line in lines)  # measure 9's shared sentence


# --- names and numbers as people type them -------------------------------------------


@pytest.mark.parametrize("typed", ["宁夏回族自治区财政厅", "自治区财政厅", "财政厅", "宁夏财政厅"])
def test_the_finance_department_by_any_of_its_names(plan, typed):
    r = plan("agency", typed, "--lead")
    assert (r.status, r.stdout) == (
        0,
        "31\t5\t加快补齐民生短板\tlead\t自治区财政厅\t自治区财政厅\t宁夏回族自治区\tnx2020\n",
    )


@pytest.mark.parametrize("typed", ["市场监管厅", "市场监督管理厅", "自治区市场监管厅"])
def test_market_regulation_by_its_names(plan, typed):
    r = plan("agency", typed, "--format", "json")
    assert r.status == 0 and json.loads(r.stdout)


@pytest.mark.parametrize(
    "typed", ["各市县人民政府", "各市、县（区）人民政府", "各市、县(区)人民政府", "各市县"]
)
def test_the_cities_and_counties_by_their_names(plan, typed):
    r = plan("agency", typed, "--lead", env={**TTY, "COLUMNS": "200"})
    assert r.status == 0 and _lines(r)[0].startswith("各市、县〔区〕人民政府: ")


def test_a_name_two_units_go_by_is_refused_with_both(plan):
    r = plan("agency", "金融监管局")
    assert r.status == 1
    assert "自治区地方金融监管局" in r.stderr and "宁夏银保监局" in r.stderr


@pytest.mark.parametrize("typed", ["31", "３１", "三十一"])
def test_a_measure_in_any_way_of_writing_its_number(plan, typed):
    r = plan("show", typed)
    assert r.status == 0 and r.stdout.startswith("31. 加快补齐民生短板")


# --- completion offers what each option takes ------------------------------------------


def _complete(plan, words: str) -> list[tuple[str, str]]:
    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    r = plan(env={"_PLAN_COMPLETE": "zsh_complete", "COMP_WORDS": words, "COMP_CWORD": cword})
    out = r.stdout.splitlines()
    return [(out[i + 1], out[i + 2]) for i in range(0, len(out) - 2, 3)]


def test_due_completes_the_dates_targets_have(plan):
    values = [v for v, _ in _complete(plan, "plan targets --due ")]
    assert values == ["2020", "2022", "2023-2025", "2025", "recurring", "undated"]


def test_measure_completes_numbers_with_titles(plan):
    found = dict(_complete(plan, "plan targets -m 3"))
    assert found["31"] == "加快补齐民生短板"
    assert "3" in found and "39" in found
