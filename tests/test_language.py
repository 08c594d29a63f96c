"""中文界面: the language follows the locale (PLAN_LANG overrides it); machine formats are the
same bytes in every language; under a Chinese locale the terminal, the errors, the help
and the workbooks speak Chinese, and no English word of the tool's own remains."""

from __future__ import annotations

import re

import pytest
from conftest import TTY

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "C.UTF-8"}
LOCALES = [
    pytest.param({"LANG": "zh_CN.UTF-8"}, "zh", id="LANG=zh_CN.UTF-8"),
    pytest.param({"LANG": "zh_SG"}, "zh", id="LANG=zh_SG"),
    pytest.param({"LANG": "zh"}, "zh", id="LANG=zh"),
    pytest.param({"LC_ALL": "zh_CN.UTF-8"}, "zh", id="LC_ALL=zh_CN.UTF-8"),
    pytest.param(
        {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C.UTF-8"}, "zh", id="LC_MESSAGES-before-LANG"
    ),
    pytest.param({"LANGUAGE": "zh_CN:en", "LANG": "C.UTF-8"}, "zh", id="LANGUAGE-first"),
    pytest.param({"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en", id="LANGUAGE=en-over-LANG"),
    pytest.param({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en", id="LC_ALL=C-over-LANG"),
    pytest.param({"LANG": "C.UTF-8"}, "en", id="LANG=C.UTF-8"),
    pytest.param({"LANG": "en_US.UTF-8"}, "en", id="LANG=en_US"),
    pytest.param({"LANG": None}, "en", id="nothing-set"),
    pytest.param({"LANG": "C.UTF-8", "PLAN_LANG": "zh"}, "zh", id="PLAN_LANG=zh"),
    pytest.param({"LANG": "zh_CN.UTF-8", "PLAN_LANG": "en"}, "en", id="PLAN_LANG=en"),
]


@pytest.mark.parametrize(("env", "language"), LOCALES)
def test_the_language_follows_the_locale(plan, env, language):
    r = plan("agency", "财正厅", env=env)
    assert r.status == 1 and "财政厅" in r.stderr
    english = r.stderr.startswith("plan: no unit matches '财正厅'; did you mean")
    assert english == (language == "en"), r.stderr


MACHINE = [
    ["agency", "财政厅"],
    ["targets"],
    ["measures"],
    ["sections"],
    ["agencies"],
    ["gaps"],
    ["matrix"],
    ["timeline"],
    ["export"],
    ["search", "黄河"],
    ["show", "31"],
]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv", "csv", "yaml"])
@pytest.mark.parametrize("args", MACHINE, ids=[" ".join(a) for a in MACHINE])
def test_machine_formats_are_the_same_bytes_in_every_language(plan, args, fmt):
    outputs = {
        name: plan(*args, "--format", fmt, env=env).stdout_bytes
        for name, env in [("en", EN), ("zh", ZH), ("plan-zh", {**EN, "PLAN_LANG": "zh"})]
    }
    assert outputs["en"] and len(set(outputs.values())) == 1


# Latin words that may stay on a Chinese terminal: names, formats, and the data's own.
ALLOWED = {
    "plan",
    "YAML",
    "JSON",
    "Excel",
    "CSV",
    "TSV",
    "APP",
    "PLAN_LANG",
    "zh",
    "en",
    "xlsx",
    "json",
    "jsonl",
    "csv",
    "tsv",
    "yaml",
    "markdown",
    "table",
    "plain",
    "md",
    "txt",
    "bash",
    "zsh",
    "fish",
    "SHELL",
    "PLAN_DATA",
    "UTF",
    "BOM",
    "jq",
    "select",
    "unit",
    "head",
    "sort",
    "index",
    "units",
    "missing",
    "agency",
    "agencies",
    "targets",
    "show",
    "measures",
    "sections",
    "search",
    "export",
    "validate",
    "verify",
    "gaps",
    "matrix",
    "timeline",
    "help",
    "recurring",
    "undated",
}


def _english_words(text: str) -> set[str]:
    words = set(re.findall(r"(?<![-\w])[A-Za-z][A-Za-z]+", text))
    return {w for w in words if w not in ALLOWED}


ZH_TERMINAL = [
    ["agency", "财政厅"],
    ["agency", "财政厅", "--lead"],
    ["targets"],
    ["targets", "--agency", "财政厅"],
    ["matrix", "--section", "4"],
    ["timeline"],
    ["show", "31"],
    ["show", "19"],
    ["gaps"],
    ["sections"],
    ["agencies"],
    ["measures"],
    ["search", "黄河"],
    ["verify"],
    ["validate"],
]


@pytest.mark.parametrize("args", ZH_TERMINAL, ids=[" ".join(a) for a in ZH_TERMINAL])
def test_no_english_word_of_the_tools_own_on_a_chinese_terminal(plan, args):
    r = plan(*args, env={**TTY, **ZH, "COLUMNS": "120"})
    assert r.status == 0, r.stderr
    text = re.sub(r"/\S+", "", r.stdout)  # paths
    assert _english_words(text) == set(), args


@pytest.mark.parametrize("args", [[], ["agency"], ["targets"], ["matrix"], ["show"]])
def test_help_is_chinese_including_clicks_words(plan, args):
    r = plan(*args, "--help", env=ZH)
    assert r.status == 0
    assert r.stdout.startswith("用法：") or r.stdout.startswith("用法:")
    assert "Usage" not in r.stdout and "Options" not in r.stdout
    assert "Show this message and exit" not in r.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["agency", "财正厅"], "财政厅"),
        (["show", "99"], "99"),
        (["show", "abc"], "abc"),
        (["targets", "--due", "20x5"], "20x5"),
        (["targets", "--bogus"], "--bogus"),
        (["show"], "N"),
    ],
)
def test_errors_are_chinese(plan, args, fragment):
    r = plan(*args, env=ZH)
    assert r.status in (1, 2)
    assert r.stderr.startswith("plan: ") and fragment in r.stderr
    words = re.sub(r"'[^']*'|--?[\w-]+", "", r.stderr)  # values and options as typed
    assert _english_words(words) == set(), r.stderr


def test_workbooks_are_chinese_under_a_chinese_locale(plan, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "t.xlsx"
    assert plan("targets", "-o", str(target), env=ZH).status == 0
    ws = load_workbook(target).worksheets[0]
    assert ws.title == "目标"
    header = [c.value for c in ws[1]]
    assert {"序号", "标题"} - set(header) == {"序号", "标题"}  # targets have neither
    assert {"指标", "目标值", "单位", "完成时限", "牵头单位"} <= set(header)
    assert plan("targets", "-o", str(target), env=EN).status == 0
    assert [c.value for c in load_workbook(target).worksheets[0][1]][:3] == [
        "measure",
        "due",
        "indicator",
    ]


def test_notes_are_chinese_under_a_chinese_locale(plan):
    zh = plan("show", "37", env=ZH).stdout
    en = plan("show", "37", env=EN).stdout
    assert "归属为根据内容推断" in zh and "Placement inferred from content" in en
