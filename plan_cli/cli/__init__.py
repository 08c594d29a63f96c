"""The command line: thin commands (commands.py) over core and views, and the one edge where
errors become messages and exit statuses (main.py)."""

from plan_cli.cli.main import main, run

__all__ = ["main", "run"]
