"""Reliability: bad input, malformed data, pipes and locales.

Every case states one precise outcome (exit status, what stderr says, what stdout holds,
what is left on disk), so each can fail. Broken plan files are FIXTURE_YAML with one small
textual edit, and the error must point at the edited line.

Cases and expected outcomes (the README reuses this table):

  case                                              exit  expected
  ------------------------------------------------  ----  -----------------------------------------
  agency 财正厅 (misspelt)                              1  stderr: "did you mean 财政厅"
  agency 不存在的单位 (unknown)                         1  stderr: "no unit matches"
  show 99 (unknown measure)                            1  stderr: "no measure 99"
  agency 厅 (ambiguous)                                1  stderr: "matches N units: …" + candidates
  show abc / targets --due 20x5 / --by 2025x /         2  stderr: "plan: …" with the value and
    --format xml / agency "" / targets --agency ""          what was expected, then
                                                            "Try 'plan CMD --help'."; stdout empty
  data file missing / unreadable (via --data and       3  stderr "plan: PATH: …", stdout empty
    PLAN_DATA)
  data file not UTF-8 / malformed YAML / id not an     3  stderr "plan: PATH:LINE: …" (LINE = the
    integer / units not a list / unknown unit /             edited line), stdout empty
    duplicate id / target on a missing measure /
    due not a year (via --data and PLAN_DATA)
  plan validate on a file with several problems        3  one "PATH:LINE: …" line per problem, then
                                                            "plan: N problems"
  !!python/object/apply:os.system, !!python/name,      3  refused at its line; marker file absent
    !!python/object/new tags
  plan targets | head -1                               0  one line read; stderr empty
  plan export --format json | head -c 10               0  10 bytes read; stderr empty
  reader closes after 1 byte, mid-output               0  stderr empty (no Traceback, no
                                                            "Exception ignored")
  reader closes after 1 byte, during the final flush   0  stderr empty
  reader gone before the first byte                    0  stderr empty
  PLAN_FORCE_TTY=1 table into a closed pipe (extra)    0  stderr empty
  plan --help into a closed pipe (extra)               0  stderr empty
  LC_ALL=C / LANG+LC_ALL unset / PYTHONIOENCODING=     0  no traceback, stderr empty, same number of
    latin-1 (also with LC_ALL=C, and the table):            lines as in UTF-8 ('?' may replace
    agency 财政厅, show 31                                  characters)
  agency 财正厅 with PYTHONIOENCODING=latin-1          1  one line on stderr, no traceback
  LC_ALL=C PYTHONUTF8=0 (ASCII locale, extra):         0  the UTF-8 argument still names 财政厅
    agency 财政厅
  NO_COLOR=1 or TERM=dumb with PLAN_FORCE_TTY=1        0  no "\\x1b[" on stdout (with colour on,
                                                            the same commands do print escapes)
  hypothesis: split_unit_list, canonical_list,         -  only PlanError subclasses (and ValueError
    Registry.match, query.agency/targets/parse_due/         "empty group/name" from the unit-list
    search on arbitrary text                                splitter) are ever raised
  writing --output FILE: success / error / Ctrl-C /    -  old file intact until a complete one
    disk full midway                                        replaces it; no temporary file left
  plan targets|export --output FILE, the writer        70/  old FILE unchanged, no temporary file
    fails (error, disk full, Ctrl-C)                   4/
                                                       130
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_YAML
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plan_cli.core import query
from plan_cli.core.errors import (
    AmbiguousUnit,
    InvalidValue,
    NotFound,
    PlanError,
    UnknownUnit,
)
from plan_cli.core.load import SHIPPED
from plan_cli.core.names import normalize, split_unit_list
from plan_cli.core.store import open_store
from plan_cli.views import formats, output

ESC = "\x1b["

# The real installed entry point (the console script), else `python -m plan_cli`.
_SCRIPT = Path(sys.executable).with_name("plan")
PLAN = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "plan_cli"]


def _env(**changes: str | None) -> dict[str, str]:
    """os.environ (already isolated by conftest) with some variables set or removed.

    PYTHONUNBUFFERED is dropped: with it every write reaches the pipe at once and the
    final flush, which the pipe cases need, would never have anything to write.
    """
    dropped = ("PYTHONUTF8", "PYTHONIOENCODING", "PYTHONUNBUFFERED")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    for k, v in changes.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


def _edit(old: str, new: str, text: str = FIXTURE_YAML) -> tuple[str, int]:
    """FIXTURE_YAML with `old` (which occurs once) replaced by `new`; and that line's number."""
    assert text.count(old) == 1, f"{old!r} must occur exactly once in the fixture"
    assert "\n" not in old and "\n" not in new
    line = text[: text.index(old)].count("\n") + 1
    return text.replace(old, new), line


# =========================================================================================
# Bad input: names, ids, years, formats
# =========================================================================================

NOT_FOUND = [
    pytest.param(["agency", "财正厅"], ["did you mean", "财政厅"], id="misspelt-agency"),
    pytest.param(
        ["agency", "不存在的单位"], ["no unit matches '不存在的单位'"], id="unknown-agency"
    ),
    pytest.param(["show", "99"], ["no measure 99"], id="unknown-measure"),
    pytest.param(
        ["targets", "--agency", "财正厅"], ["did you mean", "财政厅"], id="misspelt-agency-option"
    ),
]


@pytest.mark.parametrize(("args", "fragments"), NOT_FOUND)
def test_not_found_exits_1_with_one_line(plan, args, fragments):
    result = plan(*args)
    assert result.status == 1, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("plan: "), result.stderr
    for f in fragments:
        assert f in lines[0]
    assert "Try" not in result.stderr


def test_ambiguous_agency_exits_1_listing_candidates(plan, shipped):
    result = plan("agency", "厅")
    assert result.status == 1, result.stderr
    assert result.stdout == ""
    expected = [u.name for u in shipped.units if any("厅" in normalize(n) for n in u.names)]
    assert len(expected) > 1
    assert f"'厅' matches {len(expected)} units: " in result.stderr
    for name in expected[:12]:  # the message shows the first twelve
        assert name in result.stderr


USAGE = [
    pytest.param(
        ["show", "abc"], "measure must be a number from 1 to 49, got 'abc'", id="non-numeric-id"
    ),
    pytest.param(
        ["targets", "--due", "20x5"],
        "--due must be a year such as 2025, a range such as 2023-2025, 'recurring' or "
        "'undated', got '20x5'",
        id="malformed-due-year",
    ),
    pytest.param(
        ["targets", "--by", "2025x"],
        "--by must be a year such as 2025, got '2025x'",
        id="malformed-by-year",
    ),
    pytest.param(
        ["targets", "--format", "xml"],
        "--format must be one of table, plain, tsv, csv, json, jsonl, markdown, yaml, "
        "xlsx, sqlite, got 'xml'",
        id="unknown-format",
    ),
    pytest.param(["agency", ""], "the unit name is empty", id="empty-agency-name"),
    pytest.param(["targets", "--agency", ""], "the unit name is empty", id="empty-agency-option"),
    pytest.param(
        ["targets", "--measure", "x"],
        "--measure must be a number from 1 to 49, got 'x'",
        id="non-numeric-measure-option",
    ),
    pytest.param(
        ["matrix", "--section", "1a"],
        "--section must be a number, got '1a'",
        id="non-numeric-section",
    ),
    pytest.param(["targets", "--bogus"], "no such option '--bogus'", id="unknown-option"),
    pytest.param(["show"], "missing argument 'N'.", id="missing-argument"),
    pytest.param(
        ["targets", "-o", "x.bogus"],
        "cannot tell the format of 'x.bogus' from its extension",
        id="unknown-extension",
    ),
]


@pytest.mark.parametrize(("args", "message"), USAGE)
def test_usage_errors_exit_2_with_one_line_and_a_hint(plan, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = plan(*args)
    assert result.status == 2, result.stderr
    assert result.stdout == ""
    first, hint = result.stderr.splitlines()
    assert first.startswith(f"plan: {message}"), first
    assert hint == f"Try 'plan {args[0]} --help'."
    assert "Input should be" not in result.stderr and "Error:" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


# =========================================================================================
# Broken data files
# =========================================================================================

# (id, old text, new text, what the message says). The error must name the edited line.
SCHEMA_EDITS = [
    ("malformed-yaml", "  addressees: 各单位", "  addressees: 各单位: 错", "malformed YAML"),
    ("tab-indentation", "  issuer: 测试办公厅", "\tissuer: 测试办公厅", "malformed YAML"),
    ("id-not-integer", "  - id: 2", "  - id: two", "'id' must be an integer"),
    (
        "units-not-list",
        "    units: [自治区政府各部门〔单位〕, 宁东管委会]",
        "    units: 自治区政府各部门〔单位〕",
        "'units' must be a list",
    ),
    (
        "unknown-unit",
        "    units: [自治区财政厅, 自治区发展改革委, 宁东管委会]",
        "    units: [自治区财正厅, 自治区发展改革委, 宁东管委会]",
        "unknown unit '自治区财正厅'",
    ),
    ("duplicate-id", "  - id: 2", "  - id: 1", "duplicate measure id 1"),
    (
        "target-on-missing-measure",
        "  - {measure: 2, text: 建设服务型政府",
        "  - {measure: 9, text: 建设服务型政府",
        "no measure 9",
    ),
    (
        "due-not-a-year",
        "due: 2025, due_text: 到2025年",
        "due: soon, due_text: 到2025年",
        "'due' must be a year",
    ),
    # extra: NUL escapes in a unit list are the unit splitter's own placeholder
    (
        "nul-in-units-source-extra",
        "    units_source: 自治区财政厅、发展改革委，宁东管委会",
        '    units_source: "自治区财政厅、发展改革委\\09\\0，宁东管委会"',
        "units_source",
    ),
]


def _run_with_data(plan, path: Path, how: str, *args: str):
    if how == "--data":
        return plan(*args, "--data", str(path))
    return plan(*args, env={"PLAN_DATA": str(path)})


VIA = pytest.mark.parametrize("how", ["--data", "PLAN_DATA"])


def _assert_data_error(result, path: Path, line: int | None, fragment: str):
    assert result.status == 3, (result.status, result.stderr)
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    where = f"plan: {path}:{line}: " if line else f"plan: {path}: "
    assert first.startswith(where), first
    assert fragment in first, first
    assert "Traceback" not in result.stderr


@VIA
@pytest.mark.parametrize(
    ("old", "new", "fragment"), [pytest.param(*c[1:], id=c[0]) for c in SCHEMA_EDITS]
)
def test_schema_and_syntax_errors_exit_3_at_the_edited_line(
    plan, tmp_path, how, old, new, fragment
):
    text, line = _edit(old, new)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    _assert_data_error(_run_with_data(plan, path, how, "targets"), path, line, fragment)


@VIA
def test_not_utf8_exits_3_at_the_line(plan, tmp_path, how):
    text, line = _edit("  issuer: 测试办公厅", "  issuer: @@@")
    path = tmp_path / "gbk.yaml"
    path.write_bytes(text.encode("utf-8").replace(b"@@@", "测试办公厅".encode("gbk")))
    _assert_data_error(_run_with_data(plan, path, how, "targets"), path, line, "not UTF-8")


@VIA
def test_missing_file_exits_3(plan, tmp_path, how):
    path = tmp_path / "no-such-plan.yaml"
    _assert_data_error(_run_with_data(plan, path, how, "targets"), path, None, "no such file")


@VIA
def test_a_directory_as_the_plan_exits_3(plan, tmp_path, how):
    _assert_data_error(
        _run_with_data(plan, tmp_path, how, "targets"), tmp_path, None, "is a directory"
    )


@VIA
@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root reads a file whatever its mode"
)
def test_unreadable_file_exits_3(plan, fixture_path, how):
    fixture_path.chmod(0)
    try:
        result = _run_with_data(plan, fixture_path, how, "targets")
    finally:
        fixture_path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    _assert_data_error(result, fixture_path, None, "cannot read")


@VIA
def test_unreadable_file_exits_3_simulated(plan, fixture_path, how, monkeypatch):
    """The same as the chmod 000 case, but also when the tests run as root."""
    real = Path.read_bytes

    def read_bytes(self):
        if Path(self) == fixture_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setenv("PLAN_NO_CACHE", "1")
    result = _run_with_data(plan, fixture_path, how, "targets")
    _assert_data_error(result, fixture_path, None, "cannot read: Permission denied")


def test_validate_lists_every_problem_one_per_line(plan, tmp_path):
    text, l_unit = _edit(
        "    units: [自治区财政厅, 自治区发展改革委, 宁东管委会]",
        "    units: [自治区财正厅, 自治区发展改革委, 宁东管委会]",
    )
    text, l_id = _edit("  - id: 3", "  - id: three", text)
    text, l_due = _edit("due: 2025, due_text: 到2025年", "due: soon, due_text: 到2025年", text)
    text, l_measure = _edit("  - {measure: 1, text: 今年", "  - {measure: 8, text: 今年", text)
    path = tmp_path / "several.yaml"
    path.write_text(text, encoding="utf-8")

    result = plan("validate", "--data", str(path))

    assert result.status == 3
    assert result.stdout == ""
    *problems, summary = result.stderr.splitlines()
    pattern = re.compile(rf"^plan: {re.escape(str(path))}:(\d+): \S")
    lines = []
    for p in problems:
        m = pattern.match(p)
        assert m, p
        lines.append(int(m.group(1)))
    assert summary == f"plan: {len(problems)} problems"
    expected = {
        l_unit: "unknown unit '自治区财正厅'",
        l_id: "'id' must be an integer",
        l_due: "'due' must be a year",
        l_measure: "no measure 8",
    }
    for line, fragment in expected.items():
        assert any(n == line and fragment in p for n, p in zip(lines, problems, strict=True)), (
            line,
            fragment,
            result.stderr,
        )
    assert len(problems) >= len(expected)


def test_a_query_on_a_file_with_several_problems_points_to_validate(plan, tmp_path):
    text, _ = _edit("  - id: 3", "  - id: three")
    text, _ = _edit("due: 2025, due_text: 到2025年", "due: soon, due_text: 到2025年", text)
    path = tmp_path / "several.yaml"
    path.write_text(text, encoding="utf-8")
    result = plan("targets", "--data", str(path))
    assert result.status == 3
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert f"run 'plan validate --data {path}'" in result.stderr


# =========================================================================================
# YAML safety
# =========================================================================================

UNSAFE_TAGS = [
    pytest.param('!!python/object/apply:os.system ["touch {marker}"]', id="object-apply"),
    pytest.param('!!python/object/new:os.system ["touch {marker}"]', id="object-new"),
    pytest.param("!!python/name:os.system", id="name"),
    pytest.param(
        '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
        id="object-apply-subprocess",
    ),
]


@pytest.mark.parametrize("tag", UNSAFE_TAGS)
def test_python_tags_are_refused_and_never_run(plan, tmp_path, tag):
    marker = tmp_path / "MARKER"
    text, line = _edit("  addressees: 各单位", "  addressees: " + tag.format(marker=marker))
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")

    for args in (["targets", "--data", str(path)], ["validate", "--data", str(path)]):
        result = plan(*args)
        assert result.status == 3, result.stderr
        assert result.stdout == ""
        assert result.stderr.startswith(f"plan: {path}:{line}: ")
        assert "could not determine a constructor" in result.stderr
        assert not marker.exists()


# =========================================================================================
# Pipes: the real entry point, with a reader that stops early
# =========================================================================================


def _pipeline(args: list[str], reader: list[str], env=None) -> tuple[int, bytes, bytes]:
    """`plan ARGS | READER`: plan's exit status, what the reader printed, plan's stderr."""
    p1 = subprocess.Popen(
        PLAN + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or _env()
    )
    p2 = subprocess.Popen(reader, stdin=p1.stdout, stdout=subprocess.PIPE)
    p1.stdout.close()  # only the reader holds the pipe now, as in a shell
    out, _ = p2.communicate(timeout=120)
    err = p1.stderr.read()
    p1.stderr.close()
    return p1.wait(timeout=120), out, err


def _into_reader(
    args: list[str], read: int, *, pipe_size: int | None = None, env=None
) -> tuple[int, bytes, bytes]:
    """Run plan with stdout into a pipe whose reader takes `read` bytes, then closes.

    read=0 closes the reading end before plan starts. A small pipe_size makes sure plan
    is still writing (or flushing) when the reader goes away.
    """
    r, w = os.pipe()
    if pipe_size:
        import fcntl

        fcntl.fcntl(w, getattr(fcntl, "F_SETPIPE_SZ", 1031), pipe_size)
    if read == 0:
        os.close(r)
    try:
        p = subprocess.Popen(PLAN + args, stdout=w, stderr=subprocess.PIPE, env=env or _env())
    finally:
        os.close(w)
    got = b""
    if read:
        while len(got) < read:
            chunk = os.read(r, read - len(got))
            if not chunk:
                break
            got += chunk
        os.close(r)
    _, err = p.communicate(timeout=120)
    return p.returncode, got, err


def _assert_quiet_success(status: int, err: bytes) -> None:
    assert b"Traceback" not in err, err.decode(errors="replace")
    assert b"Exception ignored" not in err, err.decode(errors="replace")
    assert err == b"", err.decode(errors="replace")
    assert status == 0


def test_pipe_into_head_one_line():
    status, out, err = _pipeline(["targets"], ["head", "-1"])
    assert out.count(b"\n") == 1 and out.startswith(b"1\t")
    _assert_quiet_success(status, err)


def test_pipe_into_head_ten_bytes():
    status, out, err = _pipeline(["export", "--format", "json"], ["head", "-c", "10"])
    assert out == b'{\n  "plans'
    _assert_quiet_success(status, err)


def _size(args: list[str]) -> int:
    return len(subprocess.run(PLAN + args, capture_output=True, env=_env(), check=True).stdout)


PIPE_SIZE = 4096  # the smallest pipe Linux gives; plan's own stdout buffer is 8 KiB


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="F_SETPIPE_SZ is Linux only")
def test_reader_closes_after_one_byte_mid_output():
    args = ["export", "--format", "json"]
    assert _size(args) > 4 * 8192  # plan is certainly still writing when the reader goes
    status, got, err = _into_reader(args, 1, pipe_size=PIPE_SIZE)
    assert got == b"{"
    _assert_quiet_success(status, err)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="F_SETPIPE_SZ is Linux only")
def test_reader_closes_after_one_byte_during_the_final_flush():
    # Bigger than the pipe, smaller than plan's buffer: nothing is written before the final
    # flush in `main`, and that flush cannot complete once the reader has gone.
    args = ["targets"]
    assert PIPE_SIZE < _size(args) < 8192
    status, got, err = _into_reader(args, 1, pipe_size=PIPE_SIZE)
    assert got == b"1"
    _assert_quiet_success(status, err)


CLOSED_BEFORE_START = [
    pytest.param(["show", "31"], {}, id="show-plain"),
    pytest.param(["targets"], {}, id="targets-plain"),
    pytest.param(["export", "--format", "json"], {}, id="export-json"),
    pytest.param(["agency", "财政厅"], {"PLAN_FORCE_TTY": "1"}, id="forced-table-extra"),
    pytest.param(["show", "31"], {"PLAN_FORCE_TTY": "1"}, id="forced-show-extra"),
    pytest.param(["--help"], {}, id="help-extra"),
]


@pytest.mark.parametrize(("args", "env"), CLOSED_BEFORE_START)
def test_reader_gone_before_the_first_byte(args, env):
    status, _, err = _into_reader(args, 0, env=_env(**env))
    _assert_quiet_success(status, err)


# =========================================================================================
# Locales and encodings
# =========================================================================================

_NO_LOCALE = {k: None for k in os.environ if k == "LANG" or k.startswith("LC_")}
_NO_LOCALE.update(LANG=None, LC_ALL=None, LC_CTYPE=None, LANGUAGE=None)

LOCALES = [
    pytest.param({"LC_ALL": "C"}, False, id="LC_ALL=C"),
    pytest.param(_NO_LOCALE, False, id="LANG-LC_ALL-unset"),
    pytest.param({"PYTHONIOENCODING": "latin-1"}, True, id="PYTHONIOENCODING=latin-1"),
    pytest.param({"LC_ALL": "C", "PYTHONIOENCODING": "latin-1"}, True, id="C+latin-1"),
    pytest.param({"PYTHONIOENCODING": "latin-1", "PLAN_FORCE_TTY": "1"}, True, id="latin-1-table"),
    pytest.param({"LC_ALL": "C", "PYTHONUTF8": "0"}, None, id="ascii-locale-extra"),
]
LOCALE_COMMANDS = [
    pytest.param(["agency", "财政厅"], id="agency"),
    pytest.param(["show", "31"], id="show"),
]


def _run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(PLAN + args, capture_output=True, env=env, timeout=120)


@pytest.mark.parametrize("args", LOCALE_COMMANDS)
@pytest.mark.parametrize(("changes", "degrades"), LOCALES)
def test_locales_never_crash(args, changes, degrades):
    forced = changes.get("PLAN_FORCE_TTY")
    reference = _run(
        args,
        _env(LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8", PLAN_FORCE_TTY=forced),
    )
    assert reference.returncode == 0 and reference.stdout

    result = _run(args, _env(**changes))
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.stderr == b"", result.stderr.decode(errors="replace")
    assert result.returncode == 0
    assert result.stdout.count(b"\n") == reference.stdout.count(b"\n")
    if degrades:
        assert b"?" in result.stdout


def test_latin1_error_message_is_one_line_not_a_traceback():
    result = _run(["agency", "财正厅"], _env(PYTHONIOENCODING="latin-1"))
    assert result.returncode == 1
    assert result.stdout == b""
    assert b"Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(b"plan: no unit matches '")


COLOUR_COMMANDS = [
    pytest.param(["agency", "财政厅"], id="agency"),
    pytest.param(["show", "31"], id="show"),
    pytest.param(["timeline"], id="timeline"),
    pytest.param(["matrix", "--section", "4"], id="matrix"),
    pytest.param(["search", "黄河"], id="search"),
]


@pytest.mark.parametrize("args", COLOUR_COMMANDS)
def test_colour_is_on_when_forced_to_a_terminal(plan, args):
    """The control for the two tests below: the same commands do print escapes."""
    result = plan(*args, env={"PLAN_FORCE_TTY": "1", "TERM": "xterm-256color"})
    assert result.status == 0
    assert ESC in result.stdout


@pytest.mark.parametrize("args", COLOUR_COMMANDS)
@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"NO_COLOR": "1"}, id="NO_COLOR=1"),
        pytest.param({"TERM": "dumb"}, id="TERM=dumb"),
    ],
)
def test_no_color_and_dumb_terminal_give_no_escapes(plan, args, env):
    result = plan(*args, env={"PLAN_FORCE_TTY": "1", "TERM": "xterm-256color", **env})
    assert result.status == 0
    assert result.stdout.strip()
    assert ESC not in result.stdout
    assert ESC not in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"NO_COLOR": "1"}, id="NO_COLOR=1"),
        pytest.param({"TERM": "dumb"}, id="TERM=dumb"),
    ],
)
def test_no_escapes_from_the_real_entry_point(env):
    result = _run(
        ["agency", "财政厅"], _env(**{"PLAN_FORCE_TTY": "1", "TERM": "xterm-256color", **env})
    )
    assert result.returncode == 0
    assert b"\x1b[" not in result.stdout


# =========================================================================================
# Property-based: arbitrary text raises only the documented errors
# =========================================================================================


@functools.cache
def _shipped():
    """The shipped plan compiled in memory, once, outside the fixtures (Hypothesis would print
    it whole)."""
    os.environ["PLAN_NO_CACHE"] = "1"
    try:
        return open_store(SHIPPED)
    finally:
        del os.environ["PLAN_NO_CACHE"]


PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Pieces that make the interesting corners likely: separators, brackets, the region prefix,
# real names (one with 、 inside), the splitter's own placeholder characters.
_PIECES = [
    "、",
    "，",
    ",",
    " ",
    "\u3000",
    "自治区",
    "财政厅",
    "厅",
    "〔",
    "〕",
    "(",
    ")",
    "（",
    "）",
    "各市、县〔区〕人民政府",
    "宁东管委会",
    "发改委",
    "\x00",
    "0",
    "1",
    "9",
    "\n",
]
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=12).map("".join),
)
_DOCUMENTED_VALUE_ERROR = re.compile(r"^empty (group|name) in unit list: ")


def _check_split(groups: list[list[str]]) -> None:
    assert groups and all(groups)
    for g in groups:
        for name in g:
            assert name and name == name.strip()


@PROPERTY
@given(text=TEXT, protected=st.booleans())
@example(text="", protected=False)
@example(text="财政厅，，水利厅", protected=False)
@example(text="财政厅、、水利厅", protected=False)
@example(text="财政厅\x000\x00水利厅", protected=False)
@example(text="各市、县〔区〕人民政府\x001\x00", protected=True)
def test_split_unit_list_raises_only_documented_errors(text, protected):
    indivisible = ["各市、县〔区〕人民政府", "各市、县（区）人民政府"] if protected else []
    try:
        groups = split_unit_list(text, indivisible)
    except ValueError as e:
        assert _DOCUMENTED_VALUE_ERROR.match(str(e)), e
        return
    _check_split(groups)


@PROPERTY
@given(
    groups=st.lists(
        st.lists(
            st.text(min_size=1, max_size=8)
            .map(str.strip)
            .filter(lambda s: s and "、" not in s and "，" not in s),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=4,
    )
)
@example(groups=[["财政厅", "a\x000\x00b"]])
def test_split_unit_list_round_trips(groups):
    text = "，".join("、".join(g) for g in groups)
    assert split_unit_list(text) == groups


@PROPERTY
@given(text=TEXT)
@example(text="自治区财政厅、发展改革委，宁东管委会")
@example(text="财政厅\x009\x00")  # the splitter's placeholder, out of range
@example(text="\x000\x00")  # the splitter's placeholder for 各市、县〔区〕人民政府
def test_canonical_list_raises_only_documented_errors(text):
    reg = _shipped().registry
    try:
        names = reg.canonical_list(text)
    except UnknownUnit as e:
        assert isinstance(e, PlanError)
        return
    except ValueError as e:
        assert not isinstance(e, PlanError)
        assert _DOCUMENTED_VALUE_ERROR.match(str(e)), e
        return
    assert names and all(n in reg.by_name for n in names)
    # every unit read from the list is written in it (by some name, 自治区 aside)
    written = normalize(text)
    for n in names:
        assert any(normalize(x).removeprefix("自治区") in written for x in reg.by_name[n].names), (
            n,
            text,
        )


@PROPERTY
@given(text=TEXT)
@example(text="")
@example(text=" \t\u3000")
@example(text="厅")
@example(text="()")
def test_registry_match_raises_only_documented_errors(text):
    reg = _shipped().registry
    try:
        unit = reg.match(text)
    except InvalidValue:
        assert normalize(text) == ""
        return
    except AmbiguousUnit as e:
        assert len(e.candidates) > 1 and all(c in reg.by_name for c in e.candidates)
        return
    except UnknownUnit as e:
        assert all(any(s in u.names for u in reg.units) for s in e.suggestions)
        return
    assert normalize(text) != ""
    assert unit in reg.units


@PROPERTY
@given(text=TEXT)
def test_query_agency_raises_only_plan_errors(text):
    store = _shipped()
    try:
        answer = query.agency(store, text)
    except (NotFound, InvalidValue):
        return
    names = {u.name for u in store.registry.units}
    assert all(s.held.name in names for s in answer.summaries)
    assert all(r["role"] in ("lead", "participant", "collective") for r in answer.rows)


DUE_TEXT = st.one_of(
    TEXT,
    st.integers(1800, 2200).map(str),
    st.sampled_from(
        [
            "recurring",
            "undated",
            " 2025 ",
            "RECURRING",
            "٢٠٢٥",
            "2023-2025",
            "0x7e9",
            "2025.0",
            "+2025",
            "²⁰²⁵",
        ]
    ),
)


def _parse(value: str, parse=query.parse_due):
    try:
        parsed = parse(value)
    except InvalidValue:
        return "invalid"
    assert (
        parsed in ("recurring", "undated")
        or (isinstance(parsed, int) and 1900 <= parsed <= 2100)
        or (isinstance(parsed, tuple) and 1900 <= parsed[0] < parsed[1] <= 2100)
    ), parsed
    return parsed


@PROPERTY
@given(due=DUE_TEXT, by=DUE_TEXT, agency=st.none() | TEXT)
def test_query_targets_with_arbitrary_due_raises_only_plan_errors(due, by, agency):
    store = _shipped()
    due_v, by_v = _parse(due), _parse(by, query.parse_year)
    try:
        rows = query.targets(
            store,
            due=None if due_v == "invalid" else due_v,
            by=None if by_v == "invalid" else by_v,
            agency_name=agency,
        )
    except PlanError:
        return
    for r in rows:
        due_of_row = r["due"]
        if isinstance(due_of_row, str) and "-" in due_of_row:
            first, last = map(int, due_of_row.split("-"))
        elif isinstance(due_of_row, int):
            first = last = due_of_row
        else:
            first = last = None
        if isinstance(due_v, int):
            assert first is not None and first <= due_v <= last, (due_v, r)
        elif isinstance(due_v, tuple):  # a range: due in any of its years
            assert first is not None and first <= due_v[1] and due_v[0] <= last, (due_v, r)
        elif due_v == "recurring":
            assert due_of_row == "recurring"
        elif due_v == "undated":
            assert due_of_row is None
        if isinstance(by_v, int):
            assert last is not None and last <= by_v, (by_v, r)


@PROPERTY
@given(text=TEXT)
@example(text="   ")
@example(text="黄河")
def test_query_search_raises_only_plan_errors(text):
    store = _shipped()
    try:
        rows = query.search(store, text)
    except InvalidValue:
        assert text.strip() == ""
        return
    except NotFound:
        rows = []
    needle = text.strip().lower()
    for r in rows:
        assert needle in (r["title"] or "").lower() or needle in (r["text"] or "").lower()


# =========================================================================================
# --output is atomic
# =========================================================================================

OLD = "old,complete\r\nfile,as it was\r\n"


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _write_to(target: Path, write, *, binary: bool = False) -> None:
    output.Destination(str(target)).write(write, binary=binary)


def test_output_replaces_a_file_only_with_a_complete_one(tmp_path):
    target = tmp_path / "x.csv"
    target.write_text(OLD, encoding="utf-8", newline="")
    target.chmod(0o640)
    seen = {}

    def write(stream):
        stream.write("new,")
        stream.flush()
        # midway: the old file is whole, and the new one grows beside it, in the same folder
        seen["during"] = target.read_bytes()
        seen["listing"] = _listing(tmp_path)
        stream.write("complete\r\n")

    _write_to(target, write)

    assert seen["during"] == OLD.encode()
    assert len(seen["listing"]) == 2 and "x.csv" in seen["listing"]
    assert target.read_bytes() == b"new,complete\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _listing(tmp_path) == ["x.csv"]


class Boom(Exception):
    pass


FAILURES = [
    pytest.param(Boom("renderer failed"), Boom, id="error"),
    pytest.param(
        OSError(errno.ENOSPC, "No space left on device"), output.OutputError, id="disk-full"
    ),
    pytest.param(KeyboardInterrupt(), KeyboardInterrupt, id="ctrl-c"),
]


@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
@pytest.mark.parametrize(("exc", "raised"), FAILURES)
@pytest.mark.parametrize("existing", [True, False], ids=["over-old-file", "new-file"])
def test_output_failure_midway_leaves_the_old_file(tmp_path, exc, raised, binary, existing):
    target = tmp_path / "x.csv"
    if existing:
        target.write_text(OLD, encoding="utf-8", newline="")

    def write(stream):
        stream.write(b"partial," if binary else "partial,")
        stream.flush()
        raise exc

    with pytest.raises(raised):
        _write_to(target, write, binary=binary)

    if existing:
        assert target.read_bytes() == OLD.encode()
        assert _listing(tmp_path) == ["x.csv"]
    else:
        assert _listing(tmp_path) == []


def test_cli_output_replaces_the_file_with_the_complete_output(plan, fixture_path, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "x.csv"
    target.write_text(OLD, encoding="utf-8", newline="")

    result = plan("targets", "--output", str(target), "--data", str(fixture_path))
    assert result.status == 0, result.stderr
    assert result.stdout == ""

    expected = plan("targets", "--format", "csv", "--data", str(fixture_path)).stdout_bytes
    assert expected.startswith(b"measure,due,") and expected.count(b"\r\n") == 5
    assert target.read_bytes() == expected
    assert _listing(out_dir) == ["x.csv"]


CLI_FAILURES = [
    pytest.param(Boom("renderer failed"), 70, "internal error (Boom: renderer failed)", id="error"),
    pytest.param(
        OSError(errno.ENOSPC, "No space left on device"),
        4,
        "cannot write {target}: No space left on device",
        id="disk-full",
    ),
    pytest.param(KeyboardInterrupt(), 130, "interrupted", id="ctrl-c"),
]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        pytest.param(["targets"], "x.csv", id="targets-csv"),
        pytest.param(["export", "--format", "json"], "x.json", id="export-json"),
    ],
)
@pytest.mark.parametrize(("exc", "status", "message"), CLI_FAILURES)
def test_cli_output_failure_midway_leaves_the_old_file(
    plan, monkeypatch, fixture_path, tmp_path, args, name, exc, status, message
):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / name
    target.write_text(OLD, encoding="utf-8", newline="")
    calls = []

    def failing(value, fmt, stream, **kw):
        stream.write("partial output,")
        stream.flush()
        calls.append(1)
        raise exc

    monkeypatch.setattr(
        formats, "write_rows", lambda rows, cols, fmt, stream, **kw: failing(rows, fmt, stream)
    )
    monkeypatch.setattr(formats, "write_object", failing)

    result = plan(*args, "--output", str(target), "--data", str(fixture_path))

    assert calls == [1]
    assert result.status == status
    assert result.stderr == f"plan: {message.format(target=target)}" + (
        "; please report it\n" if status == 70 else "\n"
    )
    assert result.stdout == ""
    assert target.read_bytes() == OLD.encode()
    assert _listing(out_dir) == [name]


# =========================================================================================
# Malformed YAML is reported where the broken construct starts
# =========================================================================================


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        pytest.param(
            "  preamble: [为测试，特制定本方案。]",
            "  preamble: [为测试，特制定本方案。",
            "flow sequence that starts here is not closed",
            id="unclosed-bracket",
        ),
        pytest.param(
            "  - {id: 1, numeral: 一, title: 第一部分}",
            "  - {id: 1, numeral: 一, title: 第一部分",
            "flow mapping that starts here is not closed",
            id="unclosed-brace",
        ),
        pytest.param(
            'value: 50, unit: "%", comparator',
            'value: 50, unit: "%, comparator',
            "quoted scalar that starts here",
            id="unclosed-quote",
        ),
    ],
)
def test_an_unclosed_construct_is_reported_at_its_opening_line(plan, tmp_path, old, new, what):
    text, line = _edit(old, new)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    r = plan("targets", "--data", str(path))
    assert r.status == 3
    assert r.stderr.startswith(f"plan: {path}:{line}: malformed YAML: ")
    assert what in r.stderr


# =========================================================================================
# Arguments no one should type: huge, NUL, not UTF-8
# =========================================================================================


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["agency", "财" * 20_000], id="agency-20000"),
        pytest.param(["search", "x" * 20_000], id="search-20000"),
        pytest.param(["show", "9" * 20_000], id="show-20000"),
        pytest.param(["agency", "财政\x00厅"], id="agency-nul"),
        pytest.param(["search", "黄河\x00"], id="search-nul"),
        pytest.param(["search", "水资源\x00"], id="search-nul-indexed"),
        pytest.param(["targets", "--due", "2025\x00"], id="due-nul"),
        pytest.param(["agency", "\udcff\udcfe"], id="agency-lone-surrogates"),
        pytest.param(["search", "\udcff黄河"], id="search-lone-surrogates"),
    ],
)
def test_strange_arguments_get_a_clean_answer(plan, args):
    r = plan(*args)
    assert r.status in (0, 1, 2), r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    if r.status:
        assert r.stderr.startswith("plan: ") and len(r.stderr.splitlines()) <= 2


def test_an_argument_that_is_not_utf8_from_the_real_command_line():
    p = subprocess.run(
        [*PLAN, "agency", b"\xff\xfe\xe8\xb4".decode("utf-8", "surrogateescape")],
        capture_output=True,
        env=_env(),
        timeout=120,
    )
    assert p.returncode == 1
    assert p.stderr.decode("utf-8").startswith("plan: no unit matches '\ufffd")
    assert b"Traceback" not in p.stderr


# =========================================================================================
# A bug is one line, and the traceback only on request
# =========================================================================================


@pytest.mark.parametrize("debug", [None, "1"])
def test_a_bug_is_exit_70_with_one_line_unless_debugging(plan, monkeypatch, debug):
    def broken(*a, **kw):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(query, "sections", broken)
    r = plan("sections", env={"PLAN_DEBUG": debug})
    assert r.status == 70 and r.stdout == ""
    last = r.stderr.splitlines()[-1]
    assert last == ("plan: internal error (ZeroDivisionError: division by zero); please report it")
    assert ("Traceback" in r.stderr) == bool(debug)
