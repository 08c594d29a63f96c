"""The library of plans (issue 10): add, ask across plans or one by one, former names,
jurisdictions, export, bad files, removal. Through the real `main`.

examples/ holds two small plans written by hand in the schema of data/plan.yaml: a
2017 宁夏 plan whose units carry their names from before the 2018 reform (国土资源厅), and
a 2019 浙江 plan whose 财政厅 is 省财政厅. Each has its source text beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
import yaml
from conftest import TTY

HERE = Path(__file__).parent.parent / "examples"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty library of its own: the shipped plan alone."""
    folder = tmp_path / "library"
    monkeypatch.setenv("PLAN_HOME", str(folder))
    return folder


@pytest.fixture
def library(home, plan) -> Path:
    """The library with the 2017 宁夏 plan and the 2019 浙江 plan added."""
    for name in ("nx2017", "zj2019"):
        r = plan("add", str(HERE / f"{name}.yaml"))
        assert r.status == 0, r.stderr
    return home


def _json(r):
    assert r.status == 0, r.stderr
    return json.loads(r.stdout)


# --- adding, listing, removing -----------------------------------------------------------


def test_a_new_library_holds_the_shipped_plan(home, plan):
    rows = _json(plan("plans", "--format", "json"))
    assert [r["id"] for r in rows] == ["nx2020"]
    assert list(rows[0]) == ["id", "title", "issuer", "date", "measures", "targets", "reviews"]
    assert (rows[0]["measures"], rows[0]["targets"], rows[0]["reviews"]) == (49, 43, 0)


def test_added_files_are_readable_as_any_file_the_user_writes(library):
    import stat

    mask = os.umask(0)
    os.umask(mask)
    for name in ("nx2017.yaml", "nx2017.txt"):
        assert stat.S_IMODE((library / name).stat().st_mode) == 0o666 & ~mask


def test_a_broken_link_in_the_library_is_said_and_the_others_answer(home, plan):
    home.mkdir(parents=True)
    (home / "gone.yaml").symlink_to(home / "nowhere.yaml")
    r = plan("agency", "财政厅", "--lead")
    assert r.status == 0 and r.stdout.startswith("31\t")
    assert (
        f"{home / 'gone.yaml'}: a link to {home / 'nowhere.yaml'}, which is not there" in r.stderr
    )


def test_add_copies_the_plan_and_its_source(library, plan):
    assert sorted(p.name for p in library.iterdir() if not p.name.startswith(".")) == [
        "nx2017.txt",
        "nx2017.yaml",
        "zj2019.txt",
        "zj2019.yaml",
    ]
    assert (library / "nx2017.txt").read_bytes() == (HERE / "nx2017.txt").read_bytes()
    rows = _json(plan("plans", "--format", "json"))
    assert [(r["id"], r["measures"], r["targets"]) for r in rows] == [
        ("nx2020", 49, 43),
        ("nx2017", 3, 3),
        ("zj2019", 2, 2),
    ]


def test_an_id_already_there_is_refused_and_the_library_left_as_it_was(library, plan):
    before = {p.name: p.read_bytes() for p in library.iterdir()}
    r = plan("add", str(HERE / "nx2017.yaml"))
    assert r.status == 3 and "already has a plan nx2017" in r.stderr
    assert {p.name: p.read_bytes() for p in library.iterdir()} == before


def test_the_shipped_id_is_refused(home, plan, tmp_path):
    text = (HERE / "nx2017.yaml").read_text(encoding="utf-8").replace("id: nx2017", "id: nx2020")
    (tmp_path / "mine.yaml").write_text(text, encoding="utf-8")
    r = plan("add", str(tmp_path / "mine.yaml"))
    assert r.status == 3 and "belongs to the shipped plan" in r.stderr
    assert not home.exists() or not list(home.glob("*.yaml"))


def test_a_plan_that_does_not_validate_is_not_added(home, plan, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ndocument: {}\n", encoding="utf-8")
    r = plan("add", str(bad))
    assert r.status == 3 and str(bad) in r.stderr
    assert not home.exists() or not list(home.glob("*.yaml"))


def test_remove_takes_the_plan_and_its_source_out(library, plan):
    r = plan("remove", "nx2017")
    assert r.status == 0
    gone = f"deleted {library / 'nx2017.yaml'}, {library / 'nx2017.txt'}"
    assert r.stdout.strip() == f"removed plan nx2017: {gone}"  # every file it deletes
    assert not (library / "nx2017.yaml").exists() and not (library / "nx2017.txt").exists()
    assert [r["id"] for r in _json(plan("plans", "--format", "json"))] == ["nx2020", "zj2019"]
    assert plan("remove", "nx2017").status == 1  # no longer there


def test_a_json_export_added_and_removed_takes_its_source_with_it(library, plan, tmp_path):
    exported = plan("export", "--plan", "zj2019", "--format", "json")
    (tmp_path / "again.json").write_bytes(exported.stdout_bytes.replace(b"zj2019", b"zj2019b"))
    shutil.copy(HERE / "zj2019.txt", tmp_path / "zj2019b.txt")
    assert plan("add", str(tmp_path / "again.json")).status == 0
    assert (library / "zj2019b.txt").exists()
    assert plan("remove", "zj2019b").status == 0
    assert not (library / "zj2019b.yaml").exists() and not (library / "zj2019b.txt").exists()
    assert (library / "zj2019.txt").exists()  # zj2019 still names its own


def test_a_plan_without_its_source_is_added_with_a_warning(home, plan, tmp_path):
    shutil.copy(HERE / "nx2017.yaml", tmp_path / "nx2017.yaml")  # and not nx2017.txt
    r = plan("add", str(tmp_path / "nx2017.yaml"))
    assert r.status == 0 and "added plan nx2017" in r.stdout
    assert "warning: its source text nx2017.txt is not beside" in r.stderr
    assert plan("verify", "--plan", "nx2017").status == 3


@pytest.mark.parametrize("name", ["通知.txt", "分工表.xlsx", "方案.docx"])
def test_a_published_document_is_pointed_to_import(home, plan, tmp_path, name):
    (tmp_path / name).write_bytes(b"x")
    r = plan("add", str(tmp_path / name))
    assert r.status == 2 and f"'plan import {tmp_path / name}'" in r.stderr
    assert not home.exists() or not list(home.glob("*.yaml"))


def test_the_shipped_plan_cannot_be_removed(home, plan):
    r = plan("remove", "nx2020")
    assert r.status == 3 and "cannot be removed" in r.stderr


def test_two_adds_at_once_of_one_id_leave_one_plan(home, tmp_path):
    """Both run `plan add` with the same id at the same moment: exactly one wins, and the
    library holds one whole plan file."""
    from plan_cli.core import library
    from plan_cli.core.errors import Refused

    outcomes: list[str] = []

    def add():
        try:
            outcomes.append(library.add(HERE / "nx2017.yaml", home)[0])
        except Refused:
            outcomes.append("refused")

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["nx2017", "refused", "refused", "refused"]
    assert [p.name for p in home.glob("*.yaml")] == ["nx2017.yaml"]
    assert (home / "nx2017.yaml").read_bytes() == (HERE / "nx2017.yaml").read_bytes()
    assert not list(home.glob(".*.tmp"))


# --- asking across plans, and one by one ----------------------------------------------


def test_every_row_carries_its_plan_as_the_last_key_and_column(library, plan):
    rows = _json(plan("measures", "--format", "json"))
    assert {r["plan"] for r in rows} == {"nx2020", "nx2017", "zj2019"}
    assert all(list(r)[-1] == "plan" for r in rows)
    header = plan("measures", "--format", "csv").stdout.splitlines()[0]
    assert header == "id,section,title,lead,units,plan"


def test_the_columns_do_not_depend_on_how_many_plans_there_are(library, plan):
    """A script reads the same columns whether the library holds one plan or three."""
    for command in (["agency", "财政厅"], ["targets"], ["measures"], ["agencies"], ["sections"]):
        many = plan(*command, "--format", "tsv").stdout.splitlines()[0]
        one = plan(*command, "--plan", "nx2020", "--format", "tsv").stdout.splitlines()[0]
        assert many == one, command


def test_plan_narrows_to_one_plan_or_several(library, plan):
    assert {r["plan"] for r in _json(plan("targets", "--plan", "zj2019", "-f", "json"))} == {
        "zj2019"
    }
    rows = _json(plan("measures", "--plan", "zj2019", "--plan", "nx2017", "-f", "json"))
    assert [(r["plan"], r["id"]) for r in rows] == [
        ("nx2017", 1),
        ("nx2017", 2),
        ("nx2017", 3),
        ("zj2019", 1),
        ("zj2019", 2),
    ]
    r = plan("measures", "--plan", "nope")
    assert r.status == 1 and "no plan 'nope'" in r.stderr


def test_a_terminal_shows_the_plan_column_only_when_several_plans_are_in_scope(library, plan):
    env = {**TTY, "COLUMNS": "160"}
    many = plan("sections", env=env).stdout.splitlines()
    one = plan("sections", "--plan", "zj2019", env=env).stdout.splitlines()
    assert "plan" in many[1].split() and "plan" not in one[1].split()


def test_a_number_several_plans_have_lists_the_candidates(library, plan):
    r = plan("show", "1")
    assert r.status == 1
    assert "nx2020:1" in r.stderr and "nx2017:1" in r.stderr and "zj2019:1" in r.stderr
    r = plan("show", "nx2017:1", "--format", "json")
    obj = _json(r)
    assert (obj["plan"], obj["id"], obj["title"]) == ("nx2017", 1, "全面推进不动产统一登记")
    assert _json(plan("show", "1", "--plan", "zj2019", "--format", "json"))["title"] == (
        "统筹政务云建设"
    )
    assert plan("show", "49", "--format", "json").status == 0  # only nx2020 has a 49


# --- units belong to a jurisdiction ------------------------------------------------------


def test_finance_answers_for_each_jurisdiction_apart(library, plan):
    rows = _json(plan("agency", "财政厅", "--format", "json"))
    by_place = {(r["jurisdiction"], r["unit"]) for r in rows}
    assert by_place == {("宁夏回族自治区", "自治区财政厅"), ("浙江省", "省财政厅")}
    zj = [r for r in rows if r["plan"] == "zj2019"]
    assert [(r["id"], r["role"], r["unit"]) for r in zj] == [(1, "participant", "省财政厅")]
    summary = plan("agency", "财政厅", env={**TTY, "COLUMNS": "300"}).stdout.splitlines()
    assert summary[0].startswith("自治区财政厅（宁夏回族自治区）: leads 1, takes part in 26")
    assert summary[1].startswith("省财政厅（浙江省）: leads 0, takes part in 1")


def test_a_unit_is_found_under_its_former_name(library, plan):
    rows = _json(plan("agency", "自然资源厅", "--format", "json"))
    old = [r for r in rows if r["plan"] == "nx2017"]
    assert [(r["id"], r["role"], r["unit"]) for r in old] == [
        (1, "lead", "自治区国土资源厅"),
        (2, "participant", "自治区国土资源厅"),
    ]
    # 浙江's 省自然资源厅 is another unit, of another jurisdiction
    assert {r["unit"] for r in rows if r["plan"] == "zj2019"} == {"省自然资源厅"}
    r = plan("agency", "自然资源厅", "--plan", "nx2017", env={**TTY, "COLUMNS": "300"})
    first = r.stdout.splitlines()[0]
    assert "found under the former name 自治区国土资源厅 in nx2017" in first
    assert "2018" in first


def test_a_former_name_finds_the_unit_under_its_later_name(library, plan):
    rows = _json(plan("agency", "国土资源厅", "--plan", "nx2020", "--format", "json"))
    assert rows and {r["unit"] for r in rows} == {"自治区自然资源厅"}


def test_the_names_file_cites_every_rename():
    names = yaml.safe_load(
        (Path(__file__).parent.parent / "plan_cli" / "data" / "names.yaml").read_text("utf-8")
    )
    for r in names["renames"]:
        assert r["old"] and r["new"] and r["jurisdiction"] and r["date"], r
        assert r["source"] and r["note"].startswith(("confirmed", "unconfirmed")), r


# --- export ------------------------------------------------------------------------------


def test_export_shape_follows_the_command_line(library, plan):
    whole = _json(plan("export", "--format", "json"))
    assert list(whole) == ["plans"]
    assert [p["id"] for p in whole["plans"]] == ["nx2020", "nx2017", "zj2019"]
    one = _json(plan("export", "--plan", "zj2019", "--format", "json"))
    assert one["id"] == "zj2019" and one["document"]["issuer"] == "浙江省人民政府办公厅"


def test_export_shape_does_not_follow_the_librarys_size(home, plan):
    assert list(_json(plan("export", "--format", "json"))) == ["plans"]


def test_an_exported_plan_is_taken_back_by_add(library, plan, tmp_path):
    before = plan("agency", "自然资源厅", "--plan", "nx2017", "--format", "json").stdout
    exported = plan("export", "--plan", "nx2017", "--format", "yaml")
    assert exported.status == 0
    (tmp_path / "nx2017.yaml").write_bytes(exported.stdout_bytes)
    shutil.copy(HERE / "nx2017.txt", tmp_path / "nx2017.txt")
    assert plan("remove", "nx2017").status == 0
    r = plan("add", str(tmp_path / "nx2017.yaml"))
    assert r.status == 0, r.stderr
    assert plan("agency", "自然资源厅", "--plan", "nx2017", "--format", "json").stdout == before
    assert plan("verify", "--plan", "nx2017").status == 0


def test_sqlite_export_has_the_documented_tables_and_searches(library, plan, tmp_path):
    out = tmp_path / "lib.db"
    r = plan("export", "--format", "sqlite", "--output", str(out))
    assert (r.status, r.stdout) == (0, "")
    db = sqlite3.connect(out)
    columns = {
        table: [c[1] for c in db.execute(f"PRAGMA table_info({table})")]
        for table in ("plans", "measures", "responsibilities", "targets", "units")
    }
    assert {"plan", "id", "section", "title", "text", "due"} <= set(columns["measures"])
    assert columns["responsibilities"][:4] == ["plan", "measure", "unit", "role"]
    assert {"plan", "measure", "text", "indicator", "value", "unit", "comparator", "due"} <= set(
        columns["targets"]
    )
    found = db.execute(
        "SELECT m.plan, m.id FROM measures_fts f JOIN measures m ON m.rowid = f.rowid "
        "WHERE measures_fts MATCH '不动产' ORDER BY m.plan"
    ).fetchall()
    assert found == [("nx2017", 1), ("zj2019", 2)]
    assert db.execute("SELECT COUNT(*) FROM plans").fetchone() == (3,)
    assert "files" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}


def test_sqlite_export_keeps_to_the_plans_asked(library, plan, tmp_path):
    out = tmp_path / "one.db"
    assert plan("export", "--plan", "zj2019", "--output", str(out)).status == 0
    db = sqlite3.connect(out)
    assert db.execute("SELECT DISTINCT plan FROM measures").fetchall() == [("zj2019",)]


def test_sqlite_is_for_export_only(plan):
    r = plan("measures", "--format", "sqlite", "--output", "x.db")
    assert r.status == 2 and "export" in r.stderr


def test_search_short_words_scan_and_long_words_use_the_index(library, plan):
    rows = _json(plan("search", "不动产", "--format", "json"))
    assert [(r["plan"], r["id"]) for r in rows] == [("nx2017", 1), ("zj2019", 2)]
    assert {r["plan"] for r in _json(plan("search", "黄河", "--format", "json"))} == {"nx2020"}


# --- bad input in the library ------------------------------------------------------------


def test_a_file_that_is_not_yaml_is_named_and_the_others_answer(library, plan):
    (library / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    r = plan("plans", "--format", "json")
    assert r.status == 0
    assert [line for line in r.stderr.splitlines()] == [
        next(line for line in r.stderr.splitlines() if "broken.yaml" in line)
    ]
    assert r.stderr.startswith("plan: ") and "left out" in r.stderr
    assert [p["id"] for p in json.loads(r.stdout)] == ["nx2020", "nx2017", "zj2019"]


def test_two_files_with_one_id_keep_the_first(library, plan):
    shutil.copy(library / "zj2019.yaml", library / "zz-copy.yaml")
    r = plan("plans", "--format", "json")
    assert r.status == 0
    assert "zz-copy.yaml" in r.stderr and "zj2019" in r.stderr
    assert [p["id"] for p in json.loads(r.stdout)] == ["nx2020", "nx2017", "zj2019"]


def test_a_file_claiming_the_shipped_id_is_left_out(library, plan):
    text = (library / "zj2019.yaml").read_text(encoding="utf-8")
    (library / "mine.yaml").write_text(text.replace("id: zj2019", "id: nx2020"), "utf-8")
    r = plan("agency", "财政厅", "--plan", "nx2020", "--lead")
    assert r.status == 0 and "mine.yaml" in r.stderr and "shipped plan" in r.stderr
    assert r.stdout.splitlines()[0].startswith("31\t")


def test_a_library_that_is_not_a_folder_leaves_the_shipped_plan(tmp_path, plan, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PLAN_HOME", str(not_a_folder))
    r = plan("plans", "--format", "json")
    assert r.status == 0 and str(not_a_folder) in r.stderr
    assert [p["id"] for p in json.loads(r.stdout)] == ["nx2020"]


def test_an_unwritable_cache_still_answers(library, plan, tmp_path, monkeypatch):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    rows = _json(plan("agency", "财政厅", "--format", "json"))
    assert {r["plan"] for r in rows} == {"nx2020", "nx2017", "zj2019"}


def test_a_missing_source_still_answers_but_verify_says_so(library, plan):
    (library / "zj2019.txt").unlink()
    assert _json(plan("measures", "--plan", "zj2019", "--format", "json"))
    r = plan("verify", "--plan", "zj2019")
    assert r.status == 3 and "zj2019.txt" in r.stderr


def test_verify_a_plan_of_the_library_against_its_own_source(library, plan):
    r = plan("verify", "--plan", "nx2017")
    assert r.status == 0 and "100.00%" in r.stdout


# --- freshness -----------------------------------------------------------------------


def test_an_edited_plan_is_seen_by_the_next_query(library, plan):
    assert _json(plan("show", "zj2019:1", "--format", "json"))["title"] == "统筹政务云建设"
    path = library / "zj2019.yaml"
    path.write_text(
        path.read_text("utf-8").replace('title: "统筹政务云建设"', 'title: "统筹政务云"'), "utf-8"
    )
    assert _json(plan("show", "zj2019:1", "--format", "json"))["title"] == "统筹政务云"


def test_a_damaged_library_database_is_rebuilt(library, plan, tmp_path):
    assert plan("plans").status == 0
    import os

    cache = Path(os.environ["XDG_CACHE_HOME"]) / "plan"
    for db in cache.glob("library-*.sqlite"):
        db.write_bytes(b"not a database" * 100)
    rows = _json(plan("plans", "--format", "json"))
    assert [r["id"] for r in rows] == ["nx2020", "nx2017", "zj2019"]


def test_an_imported_2017_plan_goes_through_the_whole_library(home, plan, tmp_path):
    """The acceptance of the library through the import: a 2017 plan imported, added,
    asked with and without --plan, found under a unit's former name, exported to SQLite
    and searched, removed."""
    shutil.copy(HERE / "nx2017.txt", tmp_path / "nx2017.txt")
    draft = tmp_path / "nx2017.yaml"
    assert (
        plan("import", str(tmp_path / "nx2017.txt"), "--id", "nx2017", "-o", str(draft)).status == 0
    )
    assert plan("add", str(draft)).status == 0
    assert plan("verify", "--plan", "nx2017").status == 0
    rows = _json(plan("agency", "自然资源厅", "--format", "json"))
    assert {(r["plan"], r["unit"]) for r in rows if r["plan"] == "nx2017"} == {
        ("nx2017", "自治区国土资源厅")
    }
    summary = plan("agency", "自然资源厅", "--plan", "nx2017", env={**TTY, "COLUMNS": "300"})
    assert "former name 自治区国土资源厅" in summary.stdout
    out = tmp_path / "lib.db"
    assert plan("export", "--output", str(out)).status == 0
    found = (
        sqlite3.connect(out)
        .execute(
            "SELECT m.plan FROM measures_fts f JOIN measures m ON m.rowid = f.rowid "
            "WHERE measures_fts MATCH '不动产'"
        )
        .fetchall()
    )
    assert found == [("nx2017",)]
    assert plan("remove", "nx2017").status == 0
    assert [r["id"] for r in _json(plan("plans", "--format", "json"))] == ["nx2020"]


def test_a_measure_with_an_empty_plan_before_its_colon_is_a_usage_error(library, plan):
    r = plan("show", ":1")
    assert r.status == 2 and "name the plan before the colon" in r.stderr
