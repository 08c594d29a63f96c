"""load.py: the schema, enforced on every load, with file and line in every problem."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURE_YAML

from plan_cli.core.errors import DataError
from plan_cli.core.load import load_plan


def problems(tmp_path, old: str, new: str) -> list[str]:
    assert old in FIXTURE_YAML, old
    path = tmp_path / "plan.yaml"
    path.write_text(FIXTURE_YAML.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_plan(path)
    return [str(p) for p in e.value.problems]


def line_of(text: str) -> int:
    return (
        FIXTURE_YAML.splitlines().index(next(x for x in FIXTURE_YAML.splitlines() if text in x)) + 1
    )


def test_fixture_loads(small_plan):
    assert [m.id for m in small_plan.measures] == [1, 2, 3]
    assert small_plan.sections[0].measures == (1, 2)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  - id: 2\n", "  - id: two\n", "must be an integer, not the text 'two'"),
        ("  - id: 2\n", "  - id: 1\n", "duplicate measure id 1"),
        (
            "units: [自治区政府各部门〔单位〕, 宁东管委会]",
            "units: 自治区政府各部门〔单位〕",
            "'units' must be a list",
        ),
        (
            "units: [自治区财政厅, 自治区发展改革委, 宁东管委会]",
            "units: [自治区财政厅, 自治区教育厅, 宁东管委会]",
            "unknown unit '自治区教育厅'",
        ),
        ("{measure: 2, text: 建设服务型政府", "{measure: 9, text: 建设服务型政府", "no measure 9"),
        ("due: 2025, due_text: 到2025年", "due: 20x5, due_text: 到2025年", "'due' must be a year"),
        (
            "due: 2025, due_text: 到2025年",
            "due: 2024, due_text: 到2025年",
            "due_text '到2025年' means 2025",
        ),
        (
            "indicator: 新增贷款",
            "indicator: 新增存款",
            "the indicator is not part of the target's text",
        ),
        ("kind: ningdong", "kind: town", "kind must be one of"),
        ("  - id: 3\n", "  - id: 3\n    colour: red\n", "unknown field 'colour'"),
    ],
)
def test_schema_problem_names_file_and_line(tmp_path, old, new, message):
    found = problems(tmp_path, old, new)
    assert message in found[0]
    # every problem, the first and any that follow from it, names the file and a line
    assert all(re.match(rf"{re.escape(str(tmp_path / 'plan.yaml'))}:\d+: ", p) for p in found), (
        found
    )


def test_the_line_is_the_offending_field(tmp_path):
    found = problems(
        tmp_path,
        "    units: [自治区政府各部门〔单位〕, 宁东管委会]",
        "    units: [自治区政府各部门〔单位〕, 宁东]",
    )
    # 宁东 is an alias: the list must hold canonical names only
    assert found[0].split(":")[1] == str(line_of("units: [自治区政府各部门〔单位〕, 宁东管委会]"))


def test_units_must_match_their_source_list(tmp_path):
    found = problems(
        tmp_path,
        "units: [自治区财政厅, 自治区发展改革委, 宁东管委会]",
        "units: [自治区发展改革委, 自治区财政厅, 宁东管委会]",
    )
    assert "units do not match units_source" in found[0]


def test_a_sentence_in_two_measures(tmp_path):
    found = problems(
        tmp_path, "text: [建设服务型政府。]", "text: [建设服务型政府。, 今年新增贷款600亿元以上。]"
    )
    assert "is in both measure 1 and measure 2" in found[0]


def test_a_short_sentence_may_close_several_tasks(tmp_path):
    # 年底前完成。 may follow many tasks of one document: not a reading given twice
    path = tmp_path / "plan.yaml"
    path.write_text(
        FIXTURE_YAML.replace(
            "text: [建设服务型政府。]", "text: [建设服务型政府。, 加强预算管理。]"
        ),
        encoding="utf-8",
    )
    assert [m.text for m in load_plan(path).measures][1] == ("建设服务型政府。", "加强预算管理。")


def test_every_problem_is_reported(tmp_path):
    text = FIXTURE_YAML.replace("kind: ningdong", "kind: town").replace(
        "due: 2025, due_text: 到2025年", "due: 2024, due_text: 到2025年"
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_plan(path)
    assert len(e.value.problems) == 2


def test_duplicate_key(tmp_path):
    found = problems(tmp_path, "  issuer: 测试办公厅\n", "  issuer: 测试办公厅\n  issuer: 别的\n")
    assert found == [f"{tmp_path / 'plan.yaml'}:{line_of('issuer') + 1}: duplicate key 'issuer'"]


def test_python_tags_are_refused(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "plan.yaml"
    path.write_text(
        f"document: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="malformed YAML"):
        load_plan(path)
    assert not marker.exists()
