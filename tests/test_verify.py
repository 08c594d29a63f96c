"""verify.py: the shipped plan agrees with its source, and each kind of slip is caught."""

from __future__ import annotations

import shutil

import pytest

from plan_cli.core import query
from plan_cli.core.load import SHIPPED as SHIPPED_PATH
from plan_cli.core.load import load_plan
from plan_cli.core.verify import source_sentences, verify

SHIPPED = SHIPPED_PATH.read_text(encoding="utf-8")


def test_shipped_plan_passes(shipped):
    report = verify(shipped)
    assert report.ok, [m for c in report.checks for m in c.misses] + report.uncovered
    assert report.coverage == 100.0
    totals = {c.name: c.total for c in report.checks}
    assert totals["责任单位 blocks of the source placed by the header that follows them"] == 50
    assert totals["targets traced to a sentence of their measure"] == 43


def edited(tmp_path, old: str, new: str, count: int = 1):
    assert SHIPPED.count(old) >= 1, old
    shutil.copytree(SHIPPED_PATH.parent / "source", tmp_path / "source")
    path = tmp_path / "plan.yaml"
    path.write_text(SHIPPED.replace(old, new, count), encoding="utf-8")
    return load_plan(path)


def misses(plan) -> dict[str, list[str]]:
    report = verify(plan)
    found = {c.name: c.misses for c in report.checks if c.misses}
    if report.uncovered:
        found["coverage"] = report.uncovered
    return found


SLIPS = {
    "a changed character": (
        "今年农业增加值增长3.5%。",
        "今年农业增加值增长3.6%。",
        {
            "sentences found in the source",
            "source sentences placed in the plan",
            "targets traced to a sentence of their measure",
            "coverage",
        },
    ),
    "a dropped sentence": (
        '      - "积极争取国家立项建设黄河黑山峡水利枢纽工程。"\n',
        "",
        {"source sentences placed in the plan", "coverage"},
    ),
    "a wrong title": (
        'title: "因地制宜防沙治沙"',
        'title: "防沙治沙"',
        {"measure titles matching the source's headers", "coverage"},
    ),
    "a target's wrong value": (
        "value: 242,",
        "value: 244,",
        {"targets traced to a sentence of their measure"},
    ),
    "a missing target": (
        '  - {measure: 35, text: "今年新建改建城市中小学和乡镇学校校舍35万平方米"',
        '  - {measure: 34, text: "今年新建改建城市中小学和乡镇学校校舍35万平方米"',
        {
            "targets traced to a sentence of their measure",
            "number-bearing sentences of the source with a target or a reason",
        },
    ),
}


@pytest.mark.parametrize("slip", sorted(SLIPS))
def test_each_slip_is_caught(tmp_path, slip):
    old, new, expected = SLIPS[slip]
    assert set(misses(edited(tmp_path, old, new))) == expected


def test_unit_lists_swapped_between_measures_are_caught(tmp_path, shipped):
    # measure 25's list given to 26 and back: both exist in the source, but each block
    # belongs to the measure before the header that follows it
    a, b = shipped.measure_by_id[25], shipped.measure_by_id[26]
    text = SHIPPED
    text = text.replace(f'units_source: "{a.units_source}"', "units_source: A_SWAP")
    text = text.replace(f'units_source: "{b.units_source}"', f'units_source: "{a.units_source}"')
    text = text.replace("units_source: A_SWAP", f'units_source: "{b.units_source}"')
    ua, ub = ", ".join(a.units), ", ".join(b.units)
    text = text.replace(f"units: [{ua}]", "units: A_SWAP").replace(
        f"units: [{ub}]", f"units: [{ua}]"
    )
    text = text.replace("units: A_SWAP", f"units: [{ub}]")
    plan = edited(tmp_path, SHIPPED, text)
    assert set(misses(plan)) == {
        "责任单位 blocks of the source placed by the header that follows them",
        "unit lists of the plan found in the source",
    }


def test_source_sentences_leave_out_headers_and_blocks(shipped):
    from plan_cli.core.verify import read_source

    sentences = source_sentences(read_source(shipped))
    assert not any("责任单位" in s for s in sentences)
    assert "积极争取国家立项建设黄河黑山峡水利枢纽工程。" in sentences
    assert not any(s.startswith("24.推进山水林田湖草沙系统治理") for s in sentences)


def test_gaps_lists_lost_parts_and_inferred_placements(shipped_store):
    rows = {r["measure"]: r for r in query.gaps(shipped_store) if r["measure"]}
    assert rows[18]["missing"] == ["units"]
    assert rows[37]["missing"] == ["title"] and "inferred" in rows[37]["notes"][0]
    assert 1 not in rows  # nothing lost, nothing inferred
