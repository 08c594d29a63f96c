"""A plain (non-editable) install must carry the plan and its source inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if p.returncode != 0:
        pytest.fail(f"pip wheel failed: {p.stderr[-2000:]}")
    return next(out.glob("plan_cli-*.whl"))


def test_wheel_carries_data_and_source(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "plan_cli/data/plan.yaml" in names
    assert "plan_cli/data/source/000_ae025d225717f58c.txt" in names
    assert "plan_cli/cli/main.py" in names


def test_wheel_data_is_the_repository_data(wheel):
    shipped = zipfile.ZipFile(wheel).read("plan_cli/data/plan.yaml")
    assert shipped == (ROOT / "data" / "plan.yaml").read_bytes()


def test_wheel_declares_the_plan_script(wheel):
    z = zipfile.ZipFile(wheel)
    entry = next(n for n in z.namelist() if n.endswith("entry_points.txt"))
    assert "plan = plan_cli.cli:run" in z.read(entry).decode()
