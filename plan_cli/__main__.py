"""Allows `python -m plan_cli`."""

from plan_cli.cli import run

run()
