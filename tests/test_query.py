"""Query functions on the small fixture plan, compiled into a store, without the CLI."""

import pytest

from plan_cli.core import query
from plan_cli.core.errors import InvalidValue, NoMatch, NotFound, UnknownMeasure, UnknownUnit


def ids(rows, key="id"):
    return [r[key] for r in rows]


def test_agency_roles(small_store):
    answer = query.agency(small_store, "财政厅")
    [summary], rows = answer.summaries, answer.rows
    assert summary.held.name == "自治区财政厅"
    assert [(r["id"], r["role"]) for r in rows] == [(1, "lead"), (2, "collective")]
    assert rows[0] == {
        "id": 1,
        "section": 1,
        "title": "加强财政保障",
        "role": "lead",
        "lead": "自治区财政厅",
        "units": ["自治区财政厅", "自治区发展改革委", "宁东管委会"],
        "unit": "自治区财政厅",
        "jurisdiction": None,  # the issuer 测试办公厅 names no province or region
        "plan": "plan",  # the fixture file's name: it has no id of its own
    }


def test_agency_lead_and_direct(small_store):
    assert ids(query.agency(small_store, "发改委", lead_only=True).rows) == []
    assert [(r["id"], r["role"]) for r in query.agency(small_store, "发改委").rows] == [
        (1, "participant"),
        (2, "collective"),
    ]
    assert ids(query.agency(small_store, "发改委", direct=True).rows) == [1]


def test_agency_counts_cover_the_whole_plan_whatever_the_filter(small_store):
    whole = query.agency(small_store, "财政厅")
    led = query.agency(small_store, "财政厅", lead_only=True)
    assert ids(led.rows) == [1]
    [led_summary], [whole_summary] = led.summaries, whole.summaries
    assert (
        led_summary.counts == whole_summary.counts == {"lead": 1, "participant": 0, "collective": 1}
    )
    assert led_summary.unknown == 1  # measure 3 lost its list


def test_collective_does_not_reach_other_kinds(small_store):
    # 宁东管委会 is not a department: only its direct listings count
    assert [(r["id"], r["role"]) for r in query.agency(small_store, "宁东").rows] == [
        (1, "participant"),
        (2, "participant"),
    ]


def test_unknown_agency(small_store):
    with pytest.raises(UnknownUnit):
        query.agency(small_store, "教育厅")


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({}, [1, 3, 3, 2]),
        ({"due": 2020}, [1]),
        ({"due": 2025}, [3]),
        ({"due": "recurring"}, [3]),
        ({"due": "undated"}, [2]),
        ({"by": 2024}, [1]),
        ({"by": 2025}, [1, 3]),
        ({"measure": query.Ref("plan", 3)}, [3, 3]),
        ({"section": 2}, [3, 3]),
        ({"agency_name": "财政厅"}, [1, 2]),
        ({"agency_name": "水利厅"}, [2]),  # through the collective of measure 2
    ],
)
def test_target_filters(small_store, kw, expected):
    assert ids(query.targets(small_store, **kw), "measure") == expected


def test_target_row_contract(small_store):
    row = query.targets(small_store, due=2025)[0]
    assert list(row) == [
        "measure",
        "text",
        "indicator",
        "value",
        "value_max",
        "unit",
        "comparator",
        "due",
        "due_text",
        "lead",
        "units_known",
        "plan",
    ]
    assert row["due"] == 2025 and row["value"] == 50
    assert (row["lead"], row["units_known"]) == (None, False)  # measure 3 lost its list


def test_target_filters_check_their_arguments(small_store):
    with pytest.raises(UnknownMeasure):
        query.parse_measure(small_store, "9", "--measure")
    with pytest.raises(NotFound):
        query.targets(small_store, section=7)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("2025", 2025), (" recurring ", "recurring"), ("UNDATED", "undated"), (None, None)],
)
def test_parse_due(text, parsed):
    assert query.parse_due(text) == parsed


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("２０２５", 2025),
        ("2023-2025", (2023, 2025)),
        ("2023—2025", (2023, 2025)),
        ("2025-2025", 2025),
    ],
)
def test_parse_due_reads_what_the_tool_prints(text, parsed):
    assert query.parse_due(text) == parsed


@pytest.mark.parametrize("bad", ["20x5", "25", "1800", "", "2025-2023", "2025-", "2023-20255"])
def test_parse_due_refuses(bad):
    with pytest.raises(InvalidValue):
        query.parse_due(bad)


def test_measures_and_sections(small_store):
    assert ids(query.measures(small_store)) == [1, 2, 3]
    assert ids(query.measures(small_store, section=2)) == [3]
    row = query.measures(small_store, section=2)[0]
    assert (row["title"], row["lead"], row["units"]) == (None, None, [])
    assert query.sections(small_store) == [
        {"id": 1, "numeral": "一", "title": "第一部分", "measures": [1, 2], "plan": "plan"},
        {"id": 2, "numeral": "二", "title": None, "measures": [3], "plan": "plan"},
    ]


def test_search(small_store):
    assert ids(query.search(small_store, "预算")) == [1]
    assert ids(query.search(small_store, "从严")) == [2]  # titles count too
    assert ids(query.search(small_store, "服务型")) == [2]  # three characters: the index
    assert ids(query.search(small_store, "再生水利用率达到50")) == [3]
    with pytest.raises(NoMatch):
        query.search(small_store, "不存在")
    with pytest.raises(InvalidValue):
        query.search(small_store, " ")


def test_measure_detail(small_store):
    assert query.measure(small_store, query.Ref("plan", 2)).row["title"] == "全面从严"
    with pytest.raises(UnknownMeasure, match="no measure 4"):
        query.parse_measure(small_store, "4")


@pytest.mark.parametrize(("typed", "expected"), [("2", 2), (" 3 ", 3)])
def test_parse_measure(small_store, typed, expected):
    assert query.parse_measure(small_store, typed) == query.Ref("plan", expected)
    assert query.parse_measure(small_store, f"plan:{typed}") == query.Ref("plan", expected)


def test_parse_measure_refuses(small_store):
    with pytest.raises(InvalidValue, match="measure must be a number from 1 to 3, got 'abc'"):
        query.parse_measure(small_store, "abc")
    with pytest.raises(UnknownMeasure, match=r"no measure 9 \(the plan has measures 1–3\)"):
        query.parse_measure(small_store, "9")


def test_agencies_counts(small_store):
    rows = {r["unit"]: r for r in query.agencies(small_store)}
    assert (
        rows["自治区财政厅"]["lead"],
        rows["自治区财政厅"]["participant"],
        rows["自治区财政厅"]["collective"],
    ) == (1, 0, 1)
    assert (rows["宁东管委会"]["lead"], rows["宁东管委会"]["participant"]) == (0, 2)


def test_timeline_order(small_store):
    assert [r["group"] for r in query.timeline(small_store)] == [
        "2020",
        "2025",
        "recurring",
        "undated",
    ]


def test_export_has_the_whole_plan(small_store):
    assert [p["id"] for p in query.export(small_store)["plans"]] == ["plan"]
    obj = query.export_plan(small_store, "plan")
    assert list(obj) == [
        "id",
        "document",
        "sections",
        "units",
        "measures",
        "targets",
        "untargeted",
    ]
    assert list(obj["measures"][0])[:9] == [
        "id",
        "section",
        "title",
        "text",
        "lead",
        "leads",
        "units",
        "units_known",
        "targets",
    ]
    assert [m["units_known"] for m in obj["measures"]] == [True, True, False]
    assert obj["measures"][0]["text"] == "今年新增贷款600亿元以上。加强预算管理。"
    assert len(obj["targets"]) == 4


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"due": (2023, 2025)}, [3]),  # a range: due in any of its years
        ({"due": (2019, 2020)}, [1]),
        ({"due": (2021, 2024)}, []),
    ],
)
def test_targets_due_in_a_range(small_store, kw, expected):
    assert ids(query.targets(small_store, **kw), "measure") == expected


def test_targets_carry_the_lead_and_with_an_agency_its_role(small_store):
    rows = query.targets(small_store)
    assert [r["lead"] for r in rows] == ["自治区财政厅", None, None, "自治区政府各部门〔单位〕"]
    assert "role" not in rows[0]
    rows = query.targets(small_store, agency_name="财政厅")
    assert [(r["measure"], r["role"]) for r in rows] == [(1, "lead"), (2, "collective")]
    assert ids(query.targets(small_store, agency_name="财政厅", lead_only=True), "measure") == [1]
    assert ids(query.targets(small_store, agency_name="财政厅", direct=True), "measure") == [1]
    with pytest.raises(InvalidValue):
        query.targets(small_store, lead_only=True)


def test_matrix_unknown_cells(small_store):
    m = query.matrix(small_store)
    assert m.unknown == {("plan", 3)}
    assert {v for k, v in m.rows[2].items() if k not in ("id", "title", "lead", "plan")} == {"未知"}


@pytest.mark.parametrize(("typed", "expected"), [("３", 3), ("三", 3), ("二", 2), (" 1 ", 1)])
def test_measures_typed_in_full_width_or_chinese(small_store, typed, expected):
    assert query.parse_measure(small_store, typed) == query.Ref("plan", expected)


@pytest.mark.parametrize("typed", ["三点五", "负一", "第三", "3a", "壹拾万零"])
def test_what_is_not_a_measure_number(small_store, typed):
    with pytest.raises((InvalidValue, UnknownMeasure)):
        query.parse_measure(small_store, typed)
