"""Every `console` example in the READMEs is run, and its output compared with what the
README shows, so the documentation cannot drift from the program.

In a README, a ```console block holds `$ command` lines, each followed by the output it
shows. In the shown output, a line that is only "…" stands for any number of lines, and
"…" inside a line for any text. An HTML comment on the line before the block changes how
it runs: `<!-- terminal -->` runs it as on an 80-column terminal (PLAN_FORCE_TTY=1,
COLUMNS=80, NO_COLOR=1); `<!-- not run: REASON -->` marks an example that needs a tool
outside the project (jq, Datasette), which is skipped and says why; `<!-- needs: TOOL -->`
runs it where TOOL is installed (sqlite3) and skips it, saying so, where it is not.

The examples of one block run in order, in one folder, as a person would type them: they
share one library (PLAN_HOME), so a block may `plan add` a plan and then ask it. The folder
holds a copy of examples/, so `plan add examples/nx2017.yaml` works there as in the
repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each README runs in its own language: the Chinese one under a Chinese locale.
READMES = {
    ROOT / "README.md": {"LC_ALL": "C.UTF-8"},
    ROOT / "README.zh-CN.md": {"LANG": "zh_CN.UTF-8"},
}
BIN = Path(sys.executable).parent
TERMINAL = {"PLAN_FORCE_TTY": "1", "COLUMNS": "80", "NO_COLOR": "1"}


@dataclass
class Example:
    readme: str
    env: dict
    line: int
    command: str
    shown: list[str]
    terminal: bool
    skip: str | None
    block: int  # the line of the block's ```console: examples of a block share a folder
    needs: str | None = None

    @property
    def id(self) -> str:
        return f"{self.readme}:{self.line}"


def examples(path: Path, env: dict) -> list[Example]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        marker = lines[i - 1].strip() if i else ""
        skip = m.group(1) if (m := re.fullmatch(r"<!-- not run: (.+) -->", marker)) else None
        needs = m.group(1) if (m := re.fullmatch(r"<!-- needs: (\S+) -->", marker)) else None
        terminal = marker == "<!-- terminal -->"
        block = i + 1
        i += 1
        current: Example | None = None
        while lines[i].strip() != "```":
            if lines[i].startswith("$ "):
                current = Example(
                    path.name, env, i + 1, lines[i][2:], [], terminal, skip, block, needs
                )
                found.append(current)
            elif current is not None:
                current.shown.append(lines[i])
            i += 1
        i += 1
    return found


ALL = [e for readme, env in READMES.items() for e in examples(readme, env)]


def test_the_readmes_have_examples():
    for readme in READMES:
        found = [e for e in ALL if e.readme == readme.name]
        assert len(found) >= 6 and any(e.terminal for e in found), readme.name


def test_both_readmes_have_the_same_quick_start():
    def quick_start(path: Path) -> list[str]:
        """The commands of the first ```sh block: the quick start."""
        block = re.search(r"```sh\n(.*?)```", path.read_text(encoding="utf-8"), re.S).group(1)
        return re.findall(r"^make (\w+)", block, re.M)

    assert (
        quick_start(ROOT / "README.md") == quick_start(ROOT / "README.zh-CN.md") == ["run", "test"]
    )
    assert "README.zh-CN.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def _pattern(shown: list[str]) -> re.Pattern:
    parts = []
    for line in shown:
        if line.strip() == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(r"[^\n]*?".join(re.escape(p) for p in line.rstrip().split("…")) + r"\n")
    return re.compile("".join(parts), re.DOTALL)


@pytest.mark.parametrize("example", ALL, ids=[e.id for e in ALL])
def test_readme_example(example: Example, tmp_path_factory):
    if example.skip:
        pytest.skip(example.skip)
    if example.needs and not shutil.which(example.needs):
        pytest.skip(f"{example.needs} is not installed")
    folder = tmp_path_factory.getbasetemp() / "readme" / f"{example.readme}-{example.block}"
    if not folder.exists():
        folder.mkdir(parents=True)
        shutil.copytree(ROOT / "examples", folder / "examples")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PLAN_", "LC_")) and k not in ("COLUMNS", "NO_COLOR", "LANGUAGE")
    }
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        XDG_CACHE_HOME=str(folder / "cache"),
        PLAN_HOME=str(folder / "library"),
        **example.env,
    )
    if example.terminal:
        env.update(TERMINAL)
    assert shutil.which("plan", path=env["PATH"]), "the plan script is not installed"
    p = subprocess.run(
        ["bash", "-c", example.command + " 2>&1"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    got = "".join(line.rstrip() + "\n" for line in p.stdout.splitlines())
    assert _pattern(example.shown).fullmatch(got), (
        f"{example.id}: $ {example.command}\n--- shown ---\n"
        + "\n".join(example.shown)
        + f"\n--- got ---\n{got}"
    )
