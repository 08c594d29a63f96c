"""The CLI through the real main(argv): exact output per format, terminal and pipe modes,
help, completion, and one real pipe through a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import TTY

from plan_cli.cli.commands import cli as root

# The fixture file has no id of its own: its plan is `plan`, after its name (plan.yaml).
TARGET_2025 = {
    "plain": "3\t2025\t再生水利用率\t50\t%\t达到\t到2025年\t到2025年再生水利用率达到50%\t（原文缺失）"
    "\tplan\n",
    "tsv": "measure\tdue\tindicator\tvalue\tunit\tcomparator\tdue_text\ttext\tlead\tplan\n"
    "3\t2025\t再生水利用率\t50\t%\t达到\t到2025年\t到2025年再生水利用率达到50%\t（原文缺失）\tplan\n",
    "csv": "measure,due,indicator,value,unit,comparator,due_text,text,lead,plan\r\n"
    "3,2025,再生水利用率,50,%,达到,到2025年,到2025年再生水利用率达到50%,（原文缺失）,plan\r\n",
    "jsonl": '{"measure": 3, "text": "到2025年再生水利用率达到50%", "indicator": "再生水利用率", '
    '"value": 50, "value_max": null, "unit": "%", "comparator": "达到", "due": 2025, '
    '"due_text": "到2025年", "lead": null, "units_known": false, "plan": "plan"}\n',
    "markdown": "| measure   | due   | indicator    | value   | unit   | comparator   | due_text   | text                        | lead         | plan   |\n"
    "|-----------|-------|--------------|---------|--------|--------------|------------|-----------------------------|--------------|--------|\n"
    "| 3         | 2025  | 再生水利用率 | 50      | %      | 达到         | 到2025年   | 到2025年再生水利用率达到50% | （原文缺失） | plan   |\n",
    "yaml": "- measure: 3\n  text: 到2025年再生水利用率达到50%\n  indicator: 再生水利用率\n  value: 50\n"
    "  value_max: null\n  unit: '%'\n  comparator: 达到\n  due: 2025\n  due_text: 到2025年\n"
    "  lead: null\n  units_known: false\n  plan: plan\n",
}


@pytest.mark.parametrize("fmt", sorted(TARGET_2025))
def test_targets_in_each_format(plan, fixture_path, fmt):
    r = plan("targets", "--due", "2025", "--data", str(fixture_path), "--format", fmt)
    # stdout_bytes: Result.stdout turns CSV's \r\n (RFC 4180) into \n
    assert (r.status, r.stdout_bytes.decode("utf-8"), r.stderr) == (0, TARGET_2025[fmt], "")


def test_targets_json_keeps_chinese(plan, fixture_path):
    r = plan("targets", "--due", "2025", "--data", str(fixture_path), "--format", "json")
    assert "\\u" not in r.stdout
    assert json.loads(r.stdout) == [
        {
            "measure": 3,
            "text": "到2025年再生水利用率达到50%",
            "indicator": "再生水利用率",
            "value": 50,
            "value_max": None,
            "unit": "%",
            "comparator": "达到",
            "due": 2025,
            "due_text": "到2025年",
            "lead": None,
            "units_known": False,  # the fixture's measure 3 lost its unit list
            "plan": "plan",
        }
    ]


# id, section, title, role, lead, the unit as the plan names it, its jurisdiction (none: the
# fixture's issuer names no province), the plan
AGENCY_PLAIN = (
    "1\t1\t加强财政保障\tlead\t自治区财政厅\t自治区财政厅\t\tplan\n"
    "2\t1\t全面从严\tcollective\t自治区政府各部门〔单位〕\t自治区财政厅\t\tplan\n"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, AGENCY_PLAIN),  # a pipe: tab-separated, no header
        ({"PLAN_FORCE_TTY": "0"}, AGENCY_PLAIN),
    ],
)
def test_agency_pipe_mode(plan, fixture_path, env, expected):
    r = plan("agency", "财政厅", "--data", str(fixture_path), env=env)
    assert (r.status, r.stdout) == (0, expected)


def test_agency_terminal_mode(plan, fixture_path):
    r = plan("agency", "财政厅", "--data", str(fixture_path), env=TTY)
    assert r.status == 0
    lines = [line.rstrip() for line in r.stdout.splitlines()]
    assert " ".join(lines[:2]) == (
        "自治区财政厅: leads 1, takes part in 0, named through a collective in 1; 1 measure "
        "could not be checked: the source lost its unit list"
    )
    lines = lines[1:]
    assert lines[2].split() == ["id", "sec", "title", "role", "lead"]
    assert lines[4].split() == ["1", "1", "加强财政保障", "牵头", "自治区财政厅"]
    assert lines[5].split() == ["2", "1", "全面从严", "全体", "自治区政府各部门〔单位〕"]
    assert "\x1b[" not in r.stdout


def test_terminal_mode_has_colour_unless_no_color(plan, fixture_path):
    env = {"PLAN_FORCE_TTY": "1", "TERM": "xterm-256color"}
    assert "\x1b[" in plan("agency", "财政厅", "--data", str(fixture_path), env=env).stdout
    env["TERM"] = "dumb"
    assert "\x1b[" not in plan("agency", "财政厅", "--data", str(fixture_path), env=env).stdout


def test_agency_json_contract(plan, fixture_path):
    r = plan("agency", "发改委", "--data", str(fixture_path), "--format", "json")
    rows = json.loads(r.stdout)
    assert [list(row) for row in rows] == [
        ["id", "section", "title", "role", "lead", "units", "unit", "jurisdiction", "plan"]
    ] * 2
    assert [(row["id"], row["role"]) for row in rows] == [(1, "participant"), (2, "collective")]


def test_agency_lead_and_direct_flags(plan, fixture_path):
    data = ["--data", str(fixture_path)]
    assert (
        plan("agency", "财政厅", "--lead", *data).stdout
        == "1\t1\t加强财政保障\tlead\t自治区财政厅\t自治区财政厅\t\tplan\n"
    )
    assert (
        plan("agency", "发改委", "--direct", *data).stdout
        == "1\t1\t加强财政保障\tparticipant\t自治区财政厅\t自治区发展改革委\t\tplan\n"
    )


def test_a_valid_filter_with_no_result_is_success(plan, fixture_path):
    r = plan("targets", "--due", "2022", "--data", str(fixture_path), "--format", "tsv")
    assert (r.status, r.stdout) == (
        0,
        "measure\tdue\tindicator\tvalue\tunit\tcomparator\tdue_text\ttext\tlead\tplan\n",
    )


def test_missing_parts_are_shown_as_missing(plan, fixture_path):
    r = plan("measures", "--data", str(fixture_path), "--format", "csv")
    assert r.stdout.splitlines()[-1] == "3,2,（原文缺失）,（原文缺失）,（原文缺失）,plan"
    r = plan("measures", "--section", "2", "--data", str(fixture_path), "--format", "json")
    row = json.loads(r.stdout)[0]
    assert (row["title"], row["lead"], row["units"]) == (None, None, [])


def test_show(plan, fixture_path):
    r = plan("show", "1", "--data", str(fixture_path), "--format", "plain")
    assert r.status == 0
    assert r.stdout.splitlines()[:7] == [
        "1. 加强财政保障",
        "section 一、第一部分",
        "",
        "今年新增贷款600亿元以上。",
        "加强预算管理。",
        "",
        "lead (牵头): 自治区财政厅",
    ]
    obj = json.loads(plan("show", "1", "--data", str(fixture_path), "--format", "json").stdout)
    assert list(obj) == [
        "id",
        "section",
        "title",
        "text",
        "lead",
        "leads",
        "units",
        "units_known",
        "targets",
        "plan",
    ]
    assert obj["targets"][0]["value"] == 600


def test_sections_plain(plan, fixture_path):
    r = plan("sections", "--data", str(fixture_path))
    assert r.stdout == "1\t一\t第一部分\t1-2\tplan\n2\t二\t（原文缺失）\t3\tplan\n"


def test_search_highlights_on_a_terminal(plan, fixture_path):
    r = plan("search", "预算", "--data", str(fixture_path), env={"PLAN_FORCE_TTY": "1"})
    assert r.status == 0 and "\x1b[" in r.stdout and "预算" in r.stdout
    r = plan("search", "预算", "--data", str(fixture_path))
    assert r.stdout.startswith("1\t1\t加强财政保障\t今年新增贷款600亿元以上。加强预算管理。\t")


def test_search_without_match_is_not_found(plan, fixture_path):
    r = plan("search", "不存在", "--data", str(fixture_path))
    assert (r.status, r.stdout, r.stderr) == (1, "", "plan: no measure mentions '不存在'\n")


def test_agencies(plan, fixture_path):
    r = plan("agencies", "--data", str(fixture_path), "--format", "tsv")
    assert r.stdout.splitlines()[:2] == [
        "unit\tshort\tkind\tlead\tparticipant\tcollective\tjurisdiction\tplan",
        "自治区财政厅\t财政厅\tdepartment\t1\t0\t1\t\tplan",
    ]


def test_export_json_is_the_whole_plan(plan, fixture_path):
    obj = json.loads(plan("export", "--data", str(fixture_path), "--format", "json").stdout)
    assert [m["id"] for m in obj["measures"]] == [1, 2, 3]
    assert obj["document"]["issuer"] == "测试办公厅"


def test_output_file_takes_format_from_extension(plan, fixture_path, tmp_path):
    out = tmp_path / "t.json"
    r = plan("targets", "--data", str(fixture_path), "--output", str(out))
    assert (r.status, r.stdout) == (0, "")
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 4


def test_plan_data_environment_variable(plan, fixture_path):
    r = plan("agency", "财政厅", env={"PLAN_DATA": str(fixture_path)})
    assert r.stdout == AGENCY_PLAIN


def test_validate_and_verify_on_shipped_data(plan):
    r = plan("validate")
    assert r.status == 0 and "49 measures" in r.stdout
    r = plan("verify")
    assert r.status == 0 and "100.00%" in r.stdout and "MISS" not in r.stdout


def test_gaps_on_shipped_data(plan):
    rows = json.loads(plan("gaps", "--format", "json").stdout)
    by_measure = {r["measure"]: r["missing"] for r in rows if r["measure"]}
    assert by_measure[19] == ["title", "text", "units"]
    assert by_measure[49] == ["text", "units"]
    assert [r["section"] for r in rows if r["measure"] is None and not r["unit"]] == [3, 4]
    assert len([r for r in rows if r["unit"]]) == 12  # unit facts from outside the source
    assert all(r["inferred"] for r in rows if r["unit"])


COMMANDS = sorted(root.commands)


def test_every_command_is_tested_for_help():
    assert len(COMMANDS) == 23


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(plan, command):
    r = plan(command, "--help")
    assert r.status == 0
    assert "Example" in r.stdout and f"plan {command}" in r.stdout


def test_main_help_lists_exit_statuses(plan):
    r = plan("--help")
    assert r.status == 0
    assert (
        "Exit statuses: 0 success, 1 not found, 2 usage error, 3 data error, 4 output "
        "could not be written, 70 internal error, 130 interrupted."
    ) in " ".join(r.stdout.split())


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("plan agency 财", "2", ["财政厅"]),
        ("plan agency 发改", "2", ["发改委"]),
        ("plan targets --format js", "3", ["json", "jsonl"]),
        ("plan show 4", "2", ["4", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49"]),
    ],
)
def test_shell_completion(plan, words, cword, expected):
    # Click's own protocol: "plain,VALUE" lines
    env = {"_PLAN_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": cword}
    r = plan(env=env)
    assert r.status == 0
    assert [line.split(",", 1)[1] for line in r.stdout.split()] == expected


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("plan agency 财", "2", ["财政厅"]),
        ("plan show 4", "2", ["4", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49"]),
    ],
)
def test_scripts_installed_by_earlier_versions_still_complete(plan, words, cword, expected):
    # Typer's bash script asks with complete_bash and reads one value a line
    env = {"_PLAN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    r = plan(env=env)
    assert (r.status, r.stdout.split()) == (0, expected)


def test_a_real_pipe_gets_plain_lines():
    env = {k: v for k, v in os.environ.items() if k != "PLAN_FORCE_TTY"}
    p = subprocess.run(
        [sys.executable, "-m", "plan_cli", "agency", "财政厅", "--lead"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert p.returncode == 0
    assert p.stdout.decode("utf-8") == (
        "31\t5\t加快补齐民生短板\tlead\t自治区财政厅\t自治区财政厅\t宁夏回族自治区\tnx2020\n"
    )
    assert p.stderr == b""


def test_plan_alone_prints_help_and_succeeds(plan):
    r = plan()
    assert (r.status, r.stderr) == (0, "")
    assert r.stdout.startswith("Usage: plan [OPTIONS] COMMAND [ARGS]...")


def test_show_completion_prints_clicks_script(plan):
    r = plan("--show-completion", "bash")
    assert r.status == 0
    assert "_PLAN_COMPLETE=bash_complete" in r.stdout and "complete -o nosort" in r.stdout


def test_install_completion_writes_the_script_and_one_line(plan, tmp_path):
    env = {"HOME": str(tmp_path), "SHELL": "/bin/bash"}
    (tmp_path / ".bashrc").write_text("alias ll='ls -l'", encoding="utf-8")
    for _ in range(2):  # installing twice adds the line once
        r = plan("--install-completion", env=env)
        assert r.status == 0, r.stderr
    script = tmp_path / ".bash_completions" / "plan.sh"
    assert "_PLAN_COMPLETE=bash_complete" in script.read_text(encoding="utf-8")
    assert (tmp_path / ".bashrc").read_text(encoding="utf-8") == (
        "alias ll='ls -l'\nsource ~/.bash_completions/plan.sh\n"
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--show-completion", "tcsh"], {}),
        (["--install-completion"], {"SHELL": "/bin/tcsh"}),
    ],
)
def test_completion_for_an_unknown_shell_is_a_usage_error(plan, args, env):
    r = plan(*args, env=env)
    assert r.status == 2 and r.stderr.startswith("plan: ")
