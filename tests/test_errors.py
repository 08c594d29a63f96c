"""What each kind of error says: the words main() prints after `plan: `."""

from __future__ import annotations

from plan_cli.core.errors import (
    AmbiguousUnit,
    DataError,
    OutputError,
    Problem,
    ProblemList,
    SourceMismatch,
    UnknownMeasure,
    UnknownSection,
    UnknownUnit,
)


def test_unknown_measure_gives_the_range_when_it_is_known():
    assert str(UnknownMeasure(99, range(1, 50))) == "no measure 99 (the plan has measures 1–49)"
    assert str(UnknownMeasure(9)) == "no measure 9"


def test_unknown_section_lists_the_sections():
    assert str(UnknownSection(9, [1, 2, 3])) == "no section 9 (the plan has sections 1, 2, 3)"


def test_unknown_unit_suggests_only_when_it_can():
    assert str(UnknownUnit("财正厅", ["财政厅", "财政"])) == (
        "no unit matches '财正厅'; did you mean 财政厅、财政?"
    )
    assert str(UnknownUnit("x", [])) == "no unit matches 'x'"


def test_an_ambiguous_name_shows_twelve_candidates_at_most():
    names = [f"单位{i}" for i in range(13)]
    assert str(AmbiguousUnit("单位", names)) == (
        f"'单位' matches 13 units: {'、'.join(names[:12])}…; be more specific"
    )
    assert (
        str(AmbiguousUnit("单", names[:2]))
        == "'单' matches 2 units: 单位0、单位1; be more specific"
    )


def test_a_data_error_reports_the_first_problem_and_points_to_validate():
    problems = [Problem("p.yaml", 3, "bad"), Problem("p.yaml", None, "worse")]
    assert str(problems[1]) == "p.yaml: worse"
    assert DataError(problems[:1]).lines() == ["p.yaml:3: bad"]
    assert DataError(problems).lines() == [
        "p.yaml:3: bad (and 1 more problem: run 'plan validate --data p.yaml')"
    ]


def test_validate_lists_every_problem_then_how_many():
    problems = [Problem("p.yaml", 3, "bad"), Problem("p.yaml", 5, "worse")]
    assert ProblemList(problems).lines() == ["p.yaml:3: bad", "p.yaml:5: worse", "2 problems"]
    assert ProblemList(problems[:1]).lines() == ["p.yaml:3: bad", "1 problem"]


def test_verify_lists_every_miss():
    assert SourceMismatch(["a", "b"]).lines() == ["verify: a", "verify: b"]


def test_an_output_error_names_the_file_and_the_reason():
    e = OutputError("x.csv", "No space left on device")
    assert (e.path, e.reason, str(e)) == (
        "x.csv",
        "No space left on device",
        "cannot write x.csv: No space left on device",
    )
