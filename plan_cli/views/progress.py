"""The progress bar drawn on stderr while the library compiles plan files that changed.

Only when stderr is a terminal (PLAN_FORCE_PROGRESS=1 forces it, for tests), and only once
there is work: a query on a fresh library draws nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from plan_cli.core.i18n import _


@contextmanager
def compiling() -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback (done, total) for open_library, or None off a terminal."""
    forced = os.environ.get("PLAN_FORCE_PROGRESS")
    shown = forced not in (None, "", "0") if forced is not None else sys.stderr.isatty()
    if not shown:
        yield None
        return
    bar: dict = {}

    def update(done: int, total: int) -> None:
        if not bar:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            progress = Progress(
                TextColumn(_("compiling plans")),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(file=sys.stderr),
                transient=True,
            )
            progress.start()
            bar["progress"] = progress
            bar["task"] = progress.add_task("", total=total)
        bar["progress"].update(bar["task"], completed=done)

    try:
        yield update
    finally:
        if bar:
            bar["progress"].stop()
