"""The one place that decides how an answer leaves the program.

Like gh's iostreams, `Output` answers "is stdout a terminal?" once. `emit` then decides
everything else in one go: the format (--format, else the --output file's extension, else a
table on a terminal and plain lines in a pipe), and the destination (stdout, or the
--output path written safely: see `Destination`). PLAN_FORCE_TTY=1 (or 0) overrides the
terminal detection, for tests and for people who want the table in `less -R`.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from plan_cli.core.errors import InvalidValue, OutputError, reason
from plan_cli.core.i18n import _
from plan_cli.views.columns import Listing

FORMATS = ("table", "plain", "tsv", "csv", "json", "jsonl", "markdown", "yaml", "xlsx", "sqlite")
BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".md": "markdown",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".txt": "plain",
    ".xlsx": "xlsx",
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
}


class Output:
    """A text stream and what it is: a terminal (tables, colour) or not (plain lines)."""

    def __init__(
        self,
        stream: TextIO,
        *,
        tty: bool,
        env: Mapping[str, str] | None = None,
        several: bool = False,
    ):
        env = os.environ if env is None else env
        self.stream = stream
        self.is_tty = tty
        self.several = several  # more than one plan in scope: a terminal shows which
        # no-color.org: a NO_COLOR that is set and not empty turns colour off
        self.color = tty and not env.get("NO_COLOR") and env.get("TERM") != "dumb"
        self.width = _int(env.get("COLUMNS"))

    def console(self):
        from rich.console import Console  # only the terminal path pays for rich

        return Console(
            file=self.stream,
            force_terminal=self.is_tty,
            no_color=not self.color,
            color_system="auto" if self.color else None,
            width=self.width,
            highlight=False,
            soft_wrap=False,
        )


def stdout_is_terminal(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    forced = env.get("PLAN_FORCE_TTY")
    if forced:
        return forced not in ("0", "false", "no")
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v else None
    except ValueError:
        return None


# --- where the answer goes -----------------------------------------------------------


class Destination:
    """stdout, or a path given with --output.

    A regular file (or a new one) is written to a temporary file in the same folder and
    renamed into place once complete: on any failure the old file is intact and no
    temporary file is left. A symlink is written through and stays a symlink. A device or
    a FIFO is written directly at the path given, never renamed over; /dev/stdout is
    stdout. A missing folder, a directory, a full disk or a refused permission is an
    OutputError.
    """

    STDOUT = (None, "-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")

    def __init__(self, path: str | None):
        self.path = None if path in self.STDOUT else path

    @property
    def is_stdout(self) -> bool:
        return self.path is None

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower() if self.path else ""

    def _target(self) -> tuple[str, bool]:
        """The path to write and whether it is written directly: a regular file's path with
        its symlinks resolved (it is renamed into place), a device's or FIFO's as given
        (/dev/stderr resolves to a pipe that has no path of its own)."""
        target = os.path.realpath(self.path) if os.path.islink(self.path) else self.path
        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError:
            folder = os.path.dirname(target) or "."
            if not os.path.isdir(folder):
                raise OutputError(
                    self.path, _("no such folder: {folder}").format(folder=folder)
                ) from None
            return target, False
        except OSError as e:
            raise OutputError(self.path, reason(e)) from None
        if stat.S_ISDIR(mode):
            raise OutputError(self.path, _("is a directory"))
        return (target, False) if stat.S_ISREG(mode) else (self.path, True)

    def is_special(self) -> bool:
        """A device or FIFO (or a link to one): it has no format of its own, like a pipe."""
        return self.path is not None and self._target()[1]

    def write(self, write: Callable[[Any], None], *, binary: bool, streamed: bool = False) -> None:
        """Call write(stream) with a stream to this destination. A binary answer (a
        workbook, a Word document) is built in memory first, so that a writer that needs to
        seek, or that fails half-way, never meets the real file; `streamed` writers (a
        database copied in chunks) skip that."""
        try:
            if binary and not streamed:
                write = _built_first(write)
            if self.path is None:
                if binary:
                    sys.stdout.flush()
                    write(sys.stdout.buffer)
                    sys.stdout.buffer.flush()
                else:
                    write(sys.stdout)
                return
            target, direct = self._target()
            if direct:
                with open(
                    target,
                    "wb" if binary else "w",
                    **({} if binary else {"encoding": "utf-8", "newline": ""}),
                ) as f:
                    write(f)
            else:
                _replace(Path(target), write, binary=binary)
        except OSError as e:
            if self.path is None:
                raise  # stdout: main() knows a closed pipe from a failure
            raise OutputError(self.path, reason(e)) from None


def _built_first(write: Callable[[Any], None]) -> Callable[[Any], None]:
    """The same answer, built in memory before it goes anywhere."""
    import io

    built = io.BytesIO()
    write(built)
    data = built.getvalue()
    return lambda stream: stream.write(data)


def _replace(path: Path, write: Callable[[Any], None], *, binary: bool) -> None:
    """Write through a temporary file in the same folder, then rename it into place."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        ) as f:
            write(f)
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- the one function -----------------------------------------------------------------


def choose_format(fmt: str | None, dest: Destination, tty: bool) -> str:
    """--format if given; else the --output file's extension; else table on a terminal and
    plain in a pipe (or a device)."""
    if fmt is not None:
        return fmt
    if dest.is_stdout:
        return "table" if tty else "plain"
    if dest.suffix in BY_SUFFIX:
        return BY_SUFFIX[dest.suffix]
    if dest.is_special():
        return "plain"
    raise InvalidValue(
        _("cannot tell the format of '{path}' from its extension ({known}); give --format").format(
            path=dest.path, known=", ".join(sorted(set(BY_SUFFIX)))
        )
    )


def emit(
    listing: Listing,
    answer: Any,
    *,
    fmt: str | None = None,
    output: str | None = None,
    bom: bool = False,
    highlight: str | None = None,
    heading: tuple[str, str] | None = None,
    several: bool = False,
) -> None:
    """Show an answer as `listing` declares it: in the chosen format, where it was asked to
    go. `heading` (the document's title and date) heads every printed page of a workbook.
    `several`: more than one plan is in scope, so a terminal shows each row's plan (the
    machine formats always carry it)."""
    dest = Destination(output)
    tty = dest.is_stdout and stdout_is_terminal()
    f = choose_format(fmt, dest, tty)
    if f == "sqlite":
        _database(listing, answer, dest, tty)
        return
    if f == "xlsx":
        if tty:
            raise InvalidValue(
                _(
                    "a workbook cannot be shown on a terminal; give --output "
                    "FILE.xlsx or redirect it to a file"
                )
            )
        from plan_cli.views.excel import Sheet, write_workbook

        sheets = (
            listing.sheets(answer)
            if listing.sheets
            else [
                Sheet(
                    listing.name,
                    listing.columns_for(answer),
                    listing.rows(answer),
                    listing.lead_column,
                )
            ]
        )
        dest.write(lambda stream: write_workbook(sheets, stream, heading), binary=True)
        return
    dest.write(
        lambda stream: _write(
            listing,
            answer,
            f,
            Output(stream, tty=tty, several=several),
            bom=bom,
            highlight=highlight,
        ),
        binary=False,
    )


def _database(listing: Listing, answer: Any, dest: Destination, tty: bool) -> None:
    """A SQLite database (plan export): built in a temporary file, then written out."""
    import tempfile

    if not listing.database:
        raise InvalidValue(_("--format sqlite is for 'plan export' only"))
    if tty:
        raise InvalidValue(
            _(
                "a database cannot be shown on a terminal; give --output FILE.db or redirect "
                "it to a file"
            )
        )
    with tempfile.TemporaryDirectory(prefix="plan-export-") as folder:
        built = os.path.join(folder, "plans.db")
        listing.database(answer, built)

        def copy(stream) -> None:
            with open(built, "rb") as f:
                while chunk := f.read(1 << 20):
                    stream.write(chunk)

        dest.write(copy, binary=True, streamed=True)


def _write(
    listing: Listing, answer: Any, fmt: str, out: Output, *, bom: bool, highlight: str | None
) -> None:
    from plan_cli.views import formats, terminal

    if fmt in ("json", "yaml") and listing.document:
        formats.write_object(listing.document(answer), fmt, out.stream)
    elif fmt == "table" and listing.draw:
        listing.draw(answer, out)
    elif fmt == "plain" and listing.text:
        listing.text(answer, out)
    elif fmt == "table":
        terminal.table(
            listing.rows(answer),
            listing.columns_for(answer),
            out,
            title=listing.summary(answer) if listing.summary else None,
            highlight=highlight,
        )
    else:
        formats.write_rows(
            listing.rows(answer), listing.columns_for(answer), fmt, out.stream, bom=bom
        )
