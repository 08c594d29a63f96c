"""Heavy libraries are imported only by the answers that need them: a piped query on an
unchanged plan never pays for PyYAML, rich, tabulate or openpyxl."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("yaml", "rich", "tabulate", "openpyxl")
PROBE = """
import sys
from plan_cli.cli import main
main(sys.argv[1:])
print(" ".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


def _imported(args: list[str], env: dict[str, str]) -> set[str]:
    p = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    return set(p.stderr.split())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["agency", "财政厅"], set()),
        (["targets", "--due", "2025", "--format", "json"], set()),
        (["agency", "财政厅", "--format", "markdown"], {"tabulate"}),
        (["export", "--format", "yaml"], {"yaml"}),
    ],
)
def test_what_a_warm_query_imports(tmp_path, args, expected):
    import os

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("PLAN_FORCE_TTY", None)
    _imported(["sections"], env)  # compiles the store: PyYAML is needed once
    assert _imported(args, env) == expected


def test_a_terminal_table_imports_rich(tmp_path):
    import os

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PLAN_FORCE_TTY": "1"}
    _imported(["sections"], env)
    assert _imported(["agency", "财政厅"], env) == {"rich"}
