"""The responsibility relation: facts of the document, and the rules that derive it.

Every count the program prints comes from this relation, so each fact is checked both in
the store and through `plan` itself.
"""

from __future__ import annotations

import json

import pytest

from plan_cli.core import query
from plan_cli.core.model import Measure
from plan_cli.core.relation import Responsibility, responsibilities

FIN = "自治区财政厅"
MINWEI = "自治区民委〔宗教事务局〕"
LOST_UNITS = {18, 19, 22, 24, 29, 33, 35, 36, 38, 40, 43, 46, 49}


def _roles(store, unit: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for r in store.rows(
        "SELECT role, measure FROM responsibilities WHERE unit = ? ORDER BY measure", (unit,)
    ):
        out.setdefault(r[0], []).append(r[1])
    return out


def test_finance_leads_31_and_takes_part_in_24(shipped_store):
    roles = _roles(shipped_store, FIN)
    assert roles["lead"] == [31]
    assert len(roles["participant"]) == 24


def test_minwei_is_reached_through_a_collective_in_45_47_48(shipped_store):
    # 39 names the collective too, but names 民委 in its own right (as lead)
    assert _roles(shipped_store, MINWEI)["collective"] == [45, 47, 48]
    assert 39 in _roles(shipped_store, MINWEI)["lead"]


def test_thirteen_measures_have_unknown_units(shipped_store):
    assert {r["id"] for r in query.measures(shipped_store) if not r["units_known"]} == LOST_UNITS
    rows = shipped_store.rows("SELECT unit FROM responsibilities WHERE role = 'unknown'")
    assert len(rows) == 13 and all(r[0] is None for r in rows)


def test_a_named_unit_is_never_also_collective_in_the_same_measure(shipped_store):
    twice = shipped_store.rows(
        "SELECT measure, unit FROM responsibilities WHERE unit IS NOT NULL "
        "GROUP BY measure, unit HAVING COUNT(*) > 1"
    )
    assert [tuple(r) for r in twice] == []


def test_the_relevant_departments_name_nobody_in_particular(shipped_store):
    # 11 is led by 自治区政府相关部门: no department is counted as covered by it
    assert [
        tuple(r)
        for r in shipped_store.rows("SELECT unit, role FROM responsibilities WHERE measure = 11")
    ] == [("自治区政府相关部门", "lead"), ("各市、县〔区〕人民政府", "participant")]


def _measure(mid: int, units: tuple[str, ...]) -> Measure:
    return Measure(mid, 1, "t", ("s。",), "、".join(units) or None, units)


def test_relation_rules_on_a_small_case():
    members = {"全体": ["甲", "乙", "丙"]}
    rows = list(
        responsibilities(
            [_measure(1, ("乙", "全体", "丁")), _measure(2, ()), _measure(3, ("全体",))], members
        )
    )
    assert rows == [
        Responsibility(1, "乙", "lead"),
        Responsibility(1, "全体", "participant"),
        Responsibility(1, "丁", "participant"),
        Responsibility(1, "甲", "collective"),  # members in order, the named 乙 left out
        Responsibility(1, "丙", "collective"),
        Responsibility(2, None, "unknown"),
        Responsibility(3, "全体", "lead"),
        Responsibility(3, "甲", "collective"),
        Responsibility(3, "乙", "collective"),
        Responsibility(3, "丙", "collective"),
    ]


def test_a_collective_named_twice_reaches_each_member_once():
    rows = list(responsibilities([_measure(1, ("A", "B"))], {"A": ["x"], "B": ["x", "y"]}))
    assert [(r.unit, r.role) for r in rows] == [
        ("A", "lead"),
        ("B", "participant"),
        ("x", "collective"),
        ("y", "collective"),
    ]


@pytest.fixture(scope="module")
def every_unit(shipped_store):
    return query.agencies(shipped_store)


def test_every_units_counts_agree_between_agencies_and_agency(plan, every_unit):
    """`plan agencies` and `plan agency NAME` answer from the same relation: for every unit
    the three counts agree."""
    for row in every_unit:
        r = plan("agency", row["unit"], "--format", "json")
        assert r.status == 0, r.stderr
        roles = [x["role"] for x in json.loads(r.stdout)]
        assert (roles.count("lead"), roles.count("participant"), roles.count("collective")) == (
            row["lead"],
            row["participant"],
            row["collective"],
        ), row["unit"]


def test_agencies_through_plan_says_minwei_3(plan):
    rows = json.loads(plan("agencies", "--format", "json").stdout)
    minwei = next(r for r in rows if r["unit"] == MINWEI)
    assert (minwei["lead"], minwei["participant"], minwei["collective"]) == (2, 0, 3)


@pytest.mark.parametrize("flags", [[], ["--lead"], ["--direct"]])
def test_agency_summary_counts_the_whole_plan_whatever_the_filter(plan, flags):
    from conftest import TTY

    r = plan("agency", "财政厅", *flags, env={**TTY, "COLUMNS": "200"})
    assert r.stdout.splitlines()[0] == (
        "自治区财政厅: leads 1, takes part in 24, named through a collective in 4; 13 measures "
        "could not be checked: the source lost their unit lists"
    )
