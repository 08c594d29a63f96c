"""The edge: `main(argv) -> int` is the one place where exceptions become messages on
stderr and exit statuses (status.py). No traceback reaches the user: every error is one
line `plan: …` (a check that lists several problems prints one line each), a usage error
then says which --help to read. Everything a run says is in the language it chose
(core/i18n.py), decided here, once, before anything else.
"""

from __future__ import annotations

import os
import sys

from plan_cli.cli.status import Status
from plan_cli.core.i18n import _

COMPLETE_VAR = "_PLAN_COMPLETE"


def run() -> None:
    """The `plan` script and `python -m plan_cli`."""
    sys.exit(main())


def main(argv: list[str] | None = None) -> int:
    """Run `plan` with these arguments (default: the command line) and return its status."""
    args = [_readable(a) for a in (sys.argv[1:] if argv is None else argv)]
    for stream in (sys.stdout, sys.stderr):
        try:  # on a non-UTF-8 terminal, characters degrade to '?' instead of crashing
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    from plan_cli.core.i18n import speaking

    with speaking():
        status = _status_of(args)
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError):
        _silence_stdout()
    return status


def _status_of(args: list[str]) -> int:
    import click

    from plan_cli.core.errors import (
        DataError,
        InvalidValue,
        NotFound,
        OutputError,
        PlanError,
        Refused,
        SourceMismatch,
    )

    try:
        _invoke(args)
        sys.stdout.flush()
        return Status.OK
    except click.exceptions.Exit as e:  # --help, --version
        return e.exit_code
    except click.UsageError as e:
        where = e.ctx.command_path if e.ctx else _command_path(args)
        return _usage(_lower_first(e.format_message()), where)
    except InvalidValue as e:
        return _usage(str(e), _command_path(args))
    except PlanError as e:
        for line in e.lines():
            _error(line)
        if isinstance(e, NotFound):
            return Status.NOT_FOUND
        if isinstance(e, DataError | SourceMismatch | Refused):
            return Status.DATA
        if isinstance(e, OutputError):
            return Status.OUTPUT
        return Status.BUG  # pragma: no cover - every PlanError is one of the above
    except click.ClickException as e:
        _error(_lower_first(e.format_message()))
        return Status.USAGE
    except BrokenPipeError:  # the reader went away (`plan … | head -1`): stop quietly
        _silence_stdout()
        return Status.OK
    except SystemExit as e:
        if isinstance(e.__context__, BrokenPipeError):  # rich and Click end a closed pipe so
            _silence_stdout()
            return Status.OK
        return e.code if isinstance(e.code, int) else Status.OK  # shell completion
    except (KeyboardInterrupt, click.Abort):
        _error(_("interrupted"))
        return Status.INTERRUPTED
    except Exception as e:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("PLAN_DEBUG"):
            import traceback

            traceback.print_exc()
        _error(
            _("internal error ({kind}: {error}); please report it").format(
                kind=type(e).__name__, error=e
            )
        )
        return Status.BUG


def _invoke(args: list[str]) -> None:
    from plan_cli.cli.commands import cli

    instruction = os.environ.get(COMPLETE_VAR)
    if instruction:
        from plan_cli.cli.completion import complete

        raise SystemExit(complete(cli, instruction))
    with cli.make_context("plan", args or ["--help"]) as ctx:  # bare `plan`: help, as gh does
        cli.invoke(ctx)


def _usage(message: str, command_path: str) -> int:
    _error(message)
    print(_("Try '{command} --help'.").format(command=command_path), file=sys.stderr)
    return Status.USAGE


def _command_path(args: list[str]) -> str:
    """`plan COMMAND` for the command the arguments name, else `plan`."""
    from plan_cli.cli.commands import cli

    first = next((a for a in args if not a.startswith("-")), None)
    return f"plan {first}" if first in cli.commands else "plan"


def _error(message: str) -> None:
    print(f"plan: {message}", file=sys.stderr)


def _lower_first(message: str) -> str:
    return message[:1].lower() + message[1:]


def _readable(arg: str) -> str:
    """An argument as text. One a non-UTF-8 locale decoded (LC_ALL=C PYTHONUTF8=0) is read
    as UTF-8; bytes that are not UTF-8 become U+FFFD, never a lone surrogate that cannot be
    printed or stored."""
    try:
        return os.fsencode(arg).decode("utf-8", errors="replace")
    except (UnicodeError, TypeError):
        return arg.encode("utf-8", errors="replace").decode("utf-8")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
