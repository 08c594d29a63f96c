"""Where --output writes, through the real main(argv): the format from the extension, stdout
for '-', a missing folder, symlinks, devices, FIFOs, directories and refused permissions.

  case                                   exit  what happens
  -------------------------------------  ----  ----------------------------------------------
  -o x.csv / .tsv / .json / … / .xlsx       0  the format the extension names
  -o x.json --format csv                    0  --format wins
  -o x.bogus, -o x (no extension)           2  usage error; nothing is written
  -o -                                      0  stdout; no file named '-'
  -o missing/dir/x.csv                      4  "cannot write …: no such folder: missing/dir"
  -o DIR                                    4  "is a directory"
  -o LINK (a symlink to a file)             0  the file is written; LINK stays a symlink
  -o /dev/null                              0  written directly (a device is like a pipe)
  -o /dev/stdout                            0  stdout, whatever it is (a pipe has no path)
  -o /dev/full                              4  "No space left on device"; still a device
  -o /dev/full --format xlsx                4  the same one line: a workbook is built first
  -o FIFO                                   0  written directly; still a FIFO
  no permission to write the folder         4  the old file is intact
  --format xlsx on a terminal               2  a workbook is not shown on a terminal
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

CSV_HEAD = b"measure,due,indicator,value,unit,comparator,due_text,text,lead,plan\r\n"


@pytest.fixture
def data(fixture_path) -> list[str]:
    return ["--data", str(fixture_path)]


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("x.csv", b"measure,due,"),
        ("x.tsv", b"measure\tdue\t"),
        ("x.json", b"[\n  {"),
        ("x.jsonl", b'{"measure": 1'),
        ("x.md", b"| measure"),
        ("x.yaml", b"- measure: 1"),
        ("x.YML", b"- measure: 1"),
        ("x.txt", b"1\t2020\t"),
        ("x.xlsx", b"PK"),
    ],
)
def test_the_extension_picks_the_format(plan, data, tmp_path, name, starts):
    target = tmp_path / name
    r = plan("targets", *data, "-o", str(target))
    assert (r.status, r.stdout, r.stderr) == (0, "", "")
    assert target.read_bytes().startswith(starts)


def test_format_wins_over_the_extension(plan, data, tmp_path):
    target = tmp_path / "x.json"
    assert plan("targets", *data, "-o", str(target), "--format", "csv").status == 0
    assert target.read_bytes().startswith(CSV_HEAD)


@pytest.mark.parametrize("name", ["x.bogus", "noextension"])
def test_an_unknown_extension_is_a_usage_error_and_writes_nothing(plan, data, tmp_path, name):
    r = plan("targets", *data, "-o", str(tmp_path / name))
    assert r.status == 2
    assert r.stderr.startswith(f"plan: cannot tell the format of '{tmp_path / name}'")
    assert list(tmp_path.iterdir()) == [tmp_path / "plan.yaml"]


def test_dash_is_stdout(plan, data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = plan("targets", *data, "-o", "-", "--format", "csv")
    assert r.status == 0 and r.stdout_bytes.startswith(CSV_HEAD)
    assert not (tmp_path / "-").exists()


def test_a_missing_folder_is_an_output_error_naming_it(plan, data, tmp_path):
    target = tmp_path / "missing" / "dir" / "x.csv"
    r = plan("targets", *data, "-o", str(target))
    assert r.status == 4
    assert r.stderr == f"plan: cannot write {target}: no such folder: {target.parent}\n"
    assert not (tmp_path / "missing").exists()


def test_a_directory_is_an_output_error(plan, data, tmp_path):
    folder = tmp_path / "d.csv"
    folder.mkdir()
    r = plan("targets", *data, "-o", str(folder))
    assert (r.status, r.stderr) == (4, f"plan: cannot write {folder}: is a directory\n")


def test_a_symlink_is_written_through_and_stays_a_link(plan, data, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert plan("targets", *data, "-o", str(link)).status == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes().startswith(CSV_HEAD)


def test_a_dangling_symlink_into_a_missing_folder_is_an_output_error(plan, data, tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "gone" / "x.csv")
    r = plan("targets", *data, "-o", str(link))
    assert r.status == 4 and "no such folder" in r.stderr
    assert link.is_symlink()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_device_is_an_output_error_and_stays_a_device(plan, data):
    r = plan("targets", *data, "-o", "/dev/full", "--format", "csv")
    assert r.status == 4
    assert r.stderr == "plan: cannot write /dev/full: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_workbook_to_a_full_device_is_one_clean_line(data):
    # a real process: a half-written zip would otherwise complain again as it is collected
    cmd = [sys.executable, "-m", "plan_cli", "targets", *data, "-o", "/dev/full", "-f", "xlsx"]
    p = subprocess.run(cmd, capture_output=True, timeout=60)
    assert (p.returncode, p.stderr.decode()) == (
        4,
        "plan: cannot write /dev/full: No space left on device\n",
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_the_systems_words_are_said_in_chinese_too(plan, data):
    r = plan("targets", *data, "-o", "/dev/full", env={"PLAN_LANG": "zh"})
    assert (r.status, r.stderr) == (4, "plan: 无法写入 /dev/full：设备上没有剩余空间\n")


def test_dev_stdout_is_stdout(plan, data):
    direct = plan("targets", *data)
    r = plan("targets", *data, "-o", "/dev/stdout")
    assert (r.status, r.stdout, r.stderr) == (0, direct.stdout, "")
    assert r.stdout.startswith("1\t")


def test_dev_null_takes_plain_lines_like_a_pipe(plan, data):
    r = plan("targets", *data, "-o", os.devnull)
    assert (r.status, r.stdout, r.stderr) == (0, "", "")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_written_directly(plan, data, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = plan("targets", *data, "-o", str(fifo), "--format", "csv")
    reader.join(timeout=30)
    assert r.status == 0
    assert got and got[0].startswith(CSV_HEAD)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_no_permission_is_an_output_error_and_the_old_file_stays(plan, data, tmp_path, monkeypatch):
    import tempfile

    target = tmp_path / "x.csv"
    target.write_text("old\n", encoding="utf-8")

    def refuse(*a, **kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    r = plan("targets", *data, "-o", str(target))
    assert (r.status, r.stderr) == (4, f"plan: cannot write {target}: Permission denied\n")
    assert target.read_text(encoding="utf-8") == "old\n"


def test_a_workbook_is_not_shown_on_a_terminal(plan, data):
    r = plan("targets", *data, "--format", "xlsx", env={"PLAN_FORCE_TTY": "1"})
    assert r.status == 2 and r.stdout == ""
    assert r.stderr.startswith("plan: a workbook cannot be shown on a terminal")


def test_a_workbook_into_a_pipe(plan, data):
    r = plan("targets", *data, "--format", "xlsx")
    assert r.status == 0 and r.stdout_bytes.startswith(b"PK")


@pytest.mark.parametrize("command", ["sections", "search 预算", "gaps", "show 1"])
def test_every_listing_takes_output(plan, data, tmp_path, command):
    target = tmp_path / "out.json"
    r = plan(*command.split(), *data, "-o", str(target))
    assert (r.status, r.stderr) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))
