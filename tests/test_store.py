"""The compiled store: built once per version of a plan file, read after that, rebuilt when
damaged, and never in the way (an unwritable cache folder, runs started at once)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from plan_cli.core import load, query, store
from plan_cli.core.load import SHIPPED
from plan_cli.core.store import open_store

PLAN_SCRIPT = Path(sys.executable).with_name("plan")
PLAN = [str(PLAN_SCRIPT)] if PLAN_SCRIPT.exists() else [sys.executable, "-m", "plan_cli"]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "plan"


def _databases(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sqlite"))


def _never_parse(monkeypatch):
    def fail(*a, **kw):
        raise AssertionError("the plan file was parsed again")

    monkeypatch.setattr(store, "parse_plan", fail)


def test_the_first_query_compiles_and_later_ones_read_the_database(
    cache, fixture_path, monkeypatch
):
    first = query.agencies(open_store(fixture_path))
    assert len(_databases(cache)) == 1
    _never_parse(monkeypatch)
    assert query.agencies(open_store(fixture_path)) == first


def test_an_edited_file_is_compiled_again_and_the_old_database_goes(cache, fixture_path):
    open_store(fixture_path)
    old = _databases(cache)
    fixture_path.write_text(
        fixture_path.read_text(encoding="utf-8").replace(
            "title: 加强财政保障", "title: 加强财政管理"
        ),
        encoding="utf-8",
    )
    assert query.measures(open_store(fixture_path))[0]["title"] == "加强财政管理"
    assert len(_databases(cache)) == 1 and _databases(cache) != old


def _damage_middle(p: Path) -> None:
    data = bytearray(p.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\x00" * 64
    p.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 3]), id="truncated"
        ),
        pytest.param(_damage_middle, id="bytes-overwritten"),
        pytest.param(lambda p: p.write_bytes(b"not a database at all"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    ],
)
def test_a_damaged_database_is_detected_and_rebuilt(cache, fixture_path, damage):
    expected = query.measures(open_store(fixture_path))
    (db,) = _databases(cache)
    damage(db)
    assert query.measures(open_store(fixture_path)) == expected
    (rebuilt,) = _databases(cache)
    assert sqlite3.connect(rebuilt).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_unwritable_cache_folder_is_no_reason_to_fail(plan, tmp_path, fixture_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    r = plan("agency", "财政厅", "--data", str(fixture_path), env={"XDG_CACHE_HOME": str(blocker)})
    assert (r.status, r.stderr) == (0, "")
    assert r.stdout.startswith("1\t1\t加强财政保障\tlead")


def test_no_cache_works_in_memory(plan, cache, fixture_path):
    r = plan("targets", "--data", str(fixture_path), env={"PLAN_NO_CACHE": "1"})
    assert (r.status, r.stderr) == (0, "")
    assert not cache.exists()


def test_the_database_holds_data_only(cache, fixture_path):
    open_store(fixture_path)
    (db,) = _databases(cache)
    assert db.read_bytes().startswith(b"SQLite format 3\x00")
    assert not list(cache.parent.rglob("*.pickle"))
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "plans",
        "measures",
        "responsibilities",
        "targets",
        "units",
        "unit_names",
        "measures_fts",
    } <= tables
    # keyed by (plan, measure), for a library of plans
    assert conn.execute("SELECT COUNT(*) FROM measures WHERE plan = 'plan'").fetchone() == (3,)


def test_the_shipped_plan_is_nx2020(shipped_store):
    assert shipped_store.rows("SELECT id FROM plans")[0][0] == "nx2020"


def test_search_through_the_index_and_the_scan_agree(shipped_store):
    for word in ("黄河", "不动产登记", "水资源", "民生实事"):
        try:
            found = [r["id"] for r in query.search(shipped_store, word)]
        except query.NoMatch:
            found = []
        scanned = [
            m["id"]
            for m in query.measures(shipped_store)
            if word in (m["title"] or "") or word in (m["text"] or "")
        ]
        assert found == scanned, word


def test_eight_cold_runs_at_once_all_answer_alike(tmp_path):
    """Eight `plan` processes start together on an empty cache: every one succeeds, prints
    the same, and says nothing on stderr."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("PLAN_NO_CACHE", None)
    procs = [
        subprocess.Popen(
            [*PLAN, "agency", "财政厅", "--format", "tsv"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(8)
    ]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert {r[2] for r in results} == {0}
    assert {r[1] for r in results} == {b""}
    assert len({r[0] for r in results}) == 1 and results[0][0].startswith(b"id\tsection")
    assert len(_databases(tmp_path / "cache" / "plan")) == 1
    assert not [p for p in (tmp_path / "cache" / "plan").iterdir() if p.suffix == ".tmp"]


def test_the_plan_id_defaults_to_the_file_name(tmp_path):
    p = tmp_path / "my-plan.yaml"
    p.write_text(
        SHIPPED.read_text(encoding="utf-8").replace("\nid: nx2020\n", "\n"), encoding="utf-8"
    )
    assert load.load_plan(p).id == "my-plan"
