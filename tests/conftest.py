"""Shared fixtures: a small plan of our own, the shipped plan, and `plan`, run through the
real entry point `main(argv)` with its stdout, stderr and exit status captured."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from plan_cli.cli import main
from plan_cli.core.load import SHIPPED, load_plan
from plan_cli.core.store import open_store

# Three measures in two sections: one led by 财政厅, one naming a collective, one whose
# header and units the "source" lost; targets due in 2020, 2025, every year and never.
FIXTURE_YAML = textwrap.dedent("""\
    document:
      title: 测试方案
      notice_title: 关于印发测试方案的通知
      issuer: 测试办公厅
      date: "2020-07-22"
      published: "2020-07-28"
      base_year: 2020
      addressees: 各单位
      notice: 现印发给你们。
      preamble: [为测试，特制定本方案。]
      source: source.txt
    units:
      - {name: 自治区财政厅, short: 财政厅, kind: department}
      - {name: 自治区发展改革委, short: 发展改革委, aliases: [发改委], kind: department}
      - {name: 自治区水利厅, short: 水利厅, kind: department}
      - {name: 宁东管委会, kind: ningdong, aliases: [宁东]}
      - {name: 自治区政府各部门〔单位〕, short: 政府各部门〔单位〕, kind: collective, covers: department}
    sections:
      - {id: 1, numeral: 一, title: 第一部分}
      - {id: 2, numeral: 二, title: null}
    measures:
      - id: 1
        section: 1
        title: 加强财政保障
        text: [今年新增贷款600亿元以上。, 加强预算管理。]
        units_source: 自治区财政厅、发展改革委，宁东管委会
        units: [自治区财政厅, 自治区发展改革委, 宁东管委会]
      - id: 2
        section: 1
        title: 全面从严
        text: [建设服务型政府。]
        units_source: 自治区政府各部门〔单位〕，宁东管委会
        units: [自治区政府各部门〔单位〕, 宁东管委会]
      - id: 3
        section: 2
        title: null
        text: [到2025年再生水利用率达到50%，每年提高1个百分点左右。]
        units_source: null
        units: []
        notes: [Header and units lost.]
    targets:
      - {measure: 1, text: 今年新增贷款600亿元以上, indicator: 新增贷款, value: 600, unit: 亿元, comparator: 以上, due: 2020, due_text: 今年}
      - {measure: 3, text: 到2025年再生水利用率达到50%, indicator: 再生水利用率, value: 50, unit: "%", comparator: 达到, due: 2025, due_text: 到2025年}
      - {measure: 3, text: 每年提高1个百分点左右, indicator: 提高, value: 1, unit: 个百分点, comparator: 左右, due: recurring, due_text: 每年}
      - {measure: 2, text: 建设服务型政府, indicator: 服务型政府, value: null, unit: null, comparator: null, due: null, due_text: null}
    """)

# What a terminal looks like to the tests: forced, without colour, 100 columns wide.
TTY = {"PLAN_FORCE_TTY": "1", "NO_COLOR": "1", "COLUMNS": "100"}


@pytest.fixture
def fixture_path(tmp_path: Path) -> Path:
    p = tmp_path / "plan.yaml"
    p.write_text(FIXTURE_YAML, encoding="utf-8")
    return p


@pytest.fixture
def small_plan(fixture_path: Path):
    return load_plan(fixture_path)


@pytest.fixture
def small_store(fixture_path: Path):
    return open_store(fixture_path)


@pytest.fixture(scope="session")
def shipped():
    """The shipped plan as read from its YAML."""
    return load_plan(SHIPPED)


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory):
    """The shipped plan, compiled."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("store-cache")))
    try:
        return open_store(SHIPPED)
    finally:
        mp.undo()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """No test depends on the caller's terminal, locale, cache, library or PLAN_DATA."""
    for var in (
        "PLAN_DATA",
        "PLAN_FORCE_TTY",
        "NO_COLOR",
        "COLUMNS",
        "PLAN_NO_CACHE",
        "PLAN_DEBUG",
        "_PLAN_COMPLETE",
        "PLAN_LANG",
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
        "PLAN_FORCE_PROGRESS",
    ):
        monkeypatch.delenv(var, raising=False)
    # the library: the shipped plan alone, unless a test lays down plans of its own
    monkeypatch.setenv("PLAN_HOME", str(tmp_path_factory.getbasetemp() / "library"))
    monkeypatch.setenv("LANG", "C.UTF-8")  # English, whatever the machine's locale
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@dataclass
class Result:
    status: int
    stdout_bytes: bytes
    stderr: str

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8")


@pytest.fixture
def plan(monkeypatch, capsysbinary):
    """Run `plan ARGS…` through main(argv); env sets variables for the call (None unsets)."""

    def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
        with monkeypatch.context() as mp:
            for k, v in (env or {}).items():
                if v is None:
                    mp.delenv(k, raising=False)
                else:
                    mp.setenv(k, v)
            capsysbinary.readouterr()
            status = main(list(args))
            out, err = capsysbinary.readouterr()
        return Result(status, out, err.decode("utf-8"))

    return run
