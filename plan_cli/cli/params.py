"""Options and arguments that several commands share, declared once, and the types that read
what the user typed through core's parsers (their errors are usage errors)."""

from __future__ import annotations

from pathlib import Path

import click

from plan_cli.core.i18n import N_, _
from plan_cli.views.output import FORMATS


class _Parsed(click.ParamType):
    """A value read by one of core's parsers; what it refuses is a usage error (InvalidValue)."""

    def __init__(self, name: str, parse):
        self.name = name
        self._parse = parse

    def convert(self, value, param, ctx):
        if not isinstance(value, str):  # a default, already converted
            return value
        return self._parse(value, param.opts[0] if param and param.opts else self.name)


def _due(value: str, name: str):
    from plan_cli.core.query import parse_due

    return parse_due(value, name)


def _year(value: str, name: str):
    from plan_cli.core.query import parse_year

    return parse_year(value, name)


def _number(value: str, name: str):
    from plan_cli.core.query import parse_number

    return parse_number(value, name)


def _format(value: str, name: str) -> str:
    from plan_cli.core.errors import InvalidValue

    v = value.strip().lower()
    if v not in FORMATS:
        raise InvalidValue(
            _("{name} must be one of {formats}, got '{value}'").format(
                name=name, formats=", ".join(FORMATS), value=value
            )
        )
    return v


def _complete_formats(ctx, param, incomplete: str) -> list[str]:
    return [f for f in FORMATS if f.startswith(incomplete)]


def store_for(data: str | None, plans: tuple[str, ...] = ()):
    """The store a command asks: the one plan file of --data (or $PLAN_DATA), else the
    library, narrowed to the --plan ids. While the library compiles plans that changed, a
    progress bar is drawn on stderr when it is a terminal; plan files the library leaves
    out are named there, one line each, and the other plans answer."""
    if data:
        from plan_cli.core.store import open_store

        return open_store(Path(data)).narrow(list(plans))
    from plan_cli.core.library import open_library
    from plan_cli.views.progress import compiling

    with compiling() as progress:
        store = open_library(progress=progress)
    for line in store.problems:
        click.echo(_("plan: {problem} (this plan is left out)").format(problem=line), err=True)
    return store.narrow(list(plans))


def _store_for_completion(ctx):
    """The store the command line names, or None: completion never prints an error."""
    try:
        if ctx.params.get("data"):
            return store_for(ctx.params.get("data"), tuple(ctx.params.get("plans") or ()))
        from plan_cli.core.library import open_library

        return open_library().narrow(list(ctx.params.get("plans") or ()))
    except Exception:  # noqa: BLE001 - completion must never print an error
        return None


def _complete_plans(ctx, param, incomplete: str) -> list[str]:
    try:
        from plan_cli.core.library import open_library

        return [i for i in open_library().plan_ids if i.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - completion must never print an error
        return []


def complete_units(ctx, param, incomplete: str) -> list[str]:
    store = _store_for_completion(ctx)
    if store is None:
        return []
    out: list[str] = []
    for plan in store.scope[:20]:  # the first plans of a large library suffice
        out += [n for n in store.registry_of(plan).completions(incomplete) if n not in out]
    return out


def _complete_measures(ctx, param, incomplete: str) -> list:
    """Measure numbers, each with its title where the shell shows one (zsh, fish)."""
    from click.shell_completion import CompletionItem

    from plan_cli.core.model import MISSING
    from plan_cli.core.query import measure_titles

    store = _store_for_completion(ctx)
    if store is None:
        return []
    return [
        CompletionItem(label, help=title or MISSING)
        for label, title in measure_titles(store)
        if label.startswith(incomplete)
    ]


def complete_due(ctx, param, incomplete: str) -> list[str]:
    """The due dates the plan's targets have (2020, 2023-2025, …), then recurring and
    undated: what the tool itself prints, never file names."""
    from plan_cli.core.query import due_labels

    store = _store_for_completion(ctx)
    labels = due_labels(store) if store else ["recurring", "undated"]
    return [label for label in labels if label.startswith(incomplete)]


def format_option(f):
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=_Parsed("FORMAT", _format),
        metavar=N_("FORMAT"),
        shell_complete=_complete_formats,
        help=N_(
            "table, plain, tsv, csv, json, jsonl, markdown, yaml or xlsx. Default: table on a "
            "terminal, plain in a pipe, else what the --output file's extension says."
        ),
    )(f)


def output_option(f):
    f = click.option(
        "--bom",
        is_flag=True,
        help=N_("Start CSV with a UTF-8 byte order mark, so Excel reads the Chinese right."),
    )(f)
    return click.option(
        "--output",
        "-o",
        type=click.Path(),
        metavar=N_("FILE"),
        help=N_(
            "Write to FILE ('-' is stdout). The format follows the extension (.csv .tsv "
            ".json .jsonl .md .yaml .txt .xlsx) unless --format is given. A file is "
            "replaced only once the new one is complete."
        ),
    )(f)


def data_option(f):
    return click.option(
        "--data",
        type=click.Path(),
        envvar="PLAN_DATA",
        show_envvar=True,
        metavar=N_("FILE"),
        help=N_("Read exactly this one plan file instead of the library."),
    )(f)


def plan_option(f):
    return click.option(
        "--plan",
        "-p",
        "plans",
        multiple=True,
        metavar=N_("ID"),
        shell_complete=_complete_plans,
        help=N_("Ask only this plan of the library (repeat for several; default: every plan)."),
    )(f)


def listing_options(f):
    """--format, --output, --bom, --data and --plan: what every listing takes."""
    return format_option(output_option(data_option(plan_option(f))))


def section_option(f):
    return click.option(
        "--section", "-s", type=_Parsed("N", _number), metavar=N_("N"), help=N_("Only section N.")
    )(f)


def agency_option(f):
    return click.option(
        "--agency",
        "-a",
        "agency_name",
        metavar=N_("NAME"),
        shell_complete=complete_units,
        help=N_(
            "Only measures this unit leads, takes part in, or is named in through a collective."
        ),
    )(f)


def unit_option(help: str, *, several: bool = False):
    """--unit NAME (repeatable when `several`), completed from the units' names; `help` is
    marked with N_ where it is written."""
    return click.option(
        "--unit",
        "units" if several else "unit",
        multiple=several,
        metavar=N_("NAME"),
        shell_complete=complete_units,
        help=help,
    )


def agency_argument(f):
    return click.argument("name", metavar=N_("NAME"), shell_complete=complete_units)(f)


def measure_argument(f):
    return click.argument("measure", metavar=N_("N"), shell_complete=_complete_measures)(f)


def measure_option(f):
    return click.option(
        "--measure",
        "-m",
        metavar=N_("N"),
        shell_complete=_complete_measures,
        help=N_("Only measure N."),
    )(f)


def _date(value: str, name: str):
    from plan_cli.core.ledger import parse_date

    return parse_date(value, name)


def as_of_option(f):
    return click.option(
        "--as-of",
        "as_of",
        type=_Parsed("DATE", _date),
        metavar=N_("DATE"),
        help=N_("Use only the reports dated on or before DATE, YYYY-MM-DD (default: today)."),
    )(f)


DUE = _Parsed("YEAR", _due)
DATE = _Parsed("DATE", _date)
YEAR = _Parsed("YEAR", _year)
