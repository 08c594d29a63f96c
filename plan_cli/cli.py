"""The `plan` command: parse arguments, ask query.py, hand rows to render.py.

Nothing here knows how a unit name is matched or how a table is drawn. Errors raised by
the library become one line on stderr and an exit status at the edge: in the `command`
wrapper for what a command raises, in `main` for everything else (closed pipes,
interrupts, bugs). No traceback reaches the user.

Exit statuses:
  0    success (a valid filter that matches nothing is a success; so is a closed pipe)
  1    not found: unknown or ambiguous unit, unknown measure or section, search without a match
  2    usage error: unknown option or format, a value that is not a number or a year
  3    data error: the plan file is missing, unreadable, malformed or fails the schema,
       or `plan verify` finds the data and the source disagree
  70   internal error (a bug)
  130  interrupted
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from plan_cli import __version__
from plan_cli.errors import ExitStatus, InvalidValue, NotFound, PlanError
from plan_cli.model import ROLE_LABELS
from plan_cli.render import Column, Format, Output

EPILOG = "Exit statuses: 0 success, 1 not found, 2 usage error, 3 data error."

# Shared by the full app and the one-command app that `_app_for` builds.
_APP_SETTINGS = dict(
    name="plan",
    help="Answers questions about the 自治区人民政府 分工方案 of 2020-07-22: who leads which "
         "measure, who takes part, and which targets fall due when.\n\n"
         "Output is a table on a terminal and tab-separated lines in a pipe; --format "
         "chooses another (table, plain, tsv, csv, json, jsonl, markdown, yaml).",
    epilog=EPILOG,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app = typer.Typer(**_APP_SETTINGS)


class PipeClosed(Exception):
    """The reader of our stdout went away (`plan … | head -1`): stop quietly."""


# --- options declared once, used by every command ----------------------------------

FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-f", case_sensitive=False, show_default=False,
    help="table, plain, tsv, csv, json, jsonl, markdown or yaml. "
         "Default: table on a terminal, plain in a pipe.")]
DataOpt = Annotated[Path | None, typer.Option(
    "--data", envvar="PLAN_DATA", show_envvar=True, show_default=False,
    help="Read this plan file instead of the shipped one.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", show_default=False, dir_okay=False,
    help="Write to FILE (replaced only once complete). The format follows the extension "
         "(.csv .tsv .json .jsonl .md .yaml .txt .xlsx) unless --format is given.")]
BomOpt = Annotated[bool, typer.Option(
    "--bom", help="Start CSV with a UTF-8 byte order mark, so Excel reads the Chinese right.")]


def _unit_names(incomplete: str) -> list[str]:
    from plan_cli.cache import completion_names

    return completion_names(incomplete)


def _measure_ids(incomplete: str) -> list[str]:
    from plan_cli.cache import completion_ids

    return completion_ids(incomplete)


AgencyArg = Annotated[str, typer.Argument(
    metavar="NAME", autocompletion=_unit_names, show_default=False,
    help="A unit: full name (自治区财政厅), short name (财政厅), alias (发改委) or part of a name.")]
AgencyOpt = Annotated[str | None, typer.Option(
    "--agency", "-a", metavar="NAME", autocompletion=_unit_names, show_default=False,
    help="Only measures this unit leads or takes part in.")]
SectionOpt = Annotated[int | None, typer.Option(
    "--section", "-s", metavar="N", min=1, show_default=False, help="Only section N (1–6).")]
MeasureArg = Annotated[int, typer.Argument(
    metavar="N", autocompletion=_measure_ids, show_default=False, help="Measure number (1–49).")]


def _parsed_by(parser_name: str):
    """An option callback: query.<parser_name> reads the value; its error is a usage error."""

    def callback(value: str | None):
        from plan_cli import query

        try:
            return getattr(query, parser_name)(value)
        except PlanError as e:
            raise typer.BadParameter(str(e)) from None

    return callback


# --- plumbing -------------------------------------------------------------------------

def command(*names, **kw):
    """Register a command whose library errors become one line on stderr and an exit status.

    A closed pipe while it writes becomes PipeClosed, which `main` ends quietly.
    """

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except InvalidValue as e:  # a value the user typed: a usage error, with the usage
                raise typer.BadParameter(str(e)) from None
            except PlanError as e:
                _error(str(e))
                raise typer.Exit(e.exit_status) from None
            except BrokenPipeError:
                raise PipeClosed() from None

        return app.command(*names, **kw)(run)

    return wrap


def _plan(data: Path | None):
    from plan_cli.cache import load

    return load(data)


def _out() -> Output:
    return Output(sys.stdout)


def _format(fmt: Format | None, out: Output, output: Path | None = None) -> Format:
    if fmt is not None:
        return fmt
    if output is not None:
        return _FORMAT_BY_SUFFIX.get(output.suffix.lower(), Format.plain)
    return out.default_format()


_FORMAT_BY_SUFFIX = {".csv": Format.csv, ".tsv": Format.tsv, ".json": Format.json,
                     ".jsonl": Format.jsonl, ".md": Format.markdown, ".yaml": Format.yaml,
                     ".yml": Format.yaml, ".txt": Format.plain}


def _is_xlsx(output: Path | None) -> bool:
    return output is not None and output.suffix.lower() == ".xlsx"


def _emit(rows, columns, fmt, output: Path | None, *, bom=False, sheet=None, **kw) -> None:
    """Rows to stdout, or atomically to --output (an .xlsx is a workbook)."""
    from plan_cli import render

    if _is_xlsx(output):
        from plan_cli.excel import Sheet, write_workbook

        write_workbook(output, [Sheet(sheet or "plan", columns, rows)])
        return
    if output is None:
        out = _out()
        render.emit(rows, columns, _format(fmt, out), out, bom=bom, **kw)
        return
    f = _format(fmt, _out(), output)
    render.write_atomically(output, lambda stream: render.emit(
        rows, columns, f, Output(stream, env={"PLAN_FORCE_TTY": "0"}), bom=bom, **kw))


# --- columns of each listing --------------------------------------------------------

def _value(row: dict):
    v, vmax = row.get("value"), row.get("value_max")
    if v is None or vmax is None:
        return v
    from plan_cli.render import cell_text

    return f"{cell_text(v)}-{cell_text(vmax)}"


# Columns that several listings share, declared once.
_ID = Column("id", "id", numeric=True)
_SECTION = Column("section", "sec", numeric=True)
_TITLE = Column("title", "title", missing_means_lost=True)
_TEXT = Column("text", "text", missing_means_lost=True)
_LEAD = Column("lead", "lead", missing_means_lost=True)
_UNITS = Column("units", "units", missing_means_lost=True)

MEASURE_COLUMNS = [_ID, _SECTION, _TITLE, _LEAD, replace(_UNITS, table=False)]
AGENCY_COLUMNS = [_ID, _SECTION, _TITLE, Column("role", "role", labels=ROLE_LABELS), _LEAD]
TARGET_COLUMNS = [
    Column("measure", "measure", numeric=True),
    Column("due", "due"),
    Column("indicator", "indicator", max_width=28),
    Column("value", "value", numeric=True, get=_value),
    Column("unit", "unit"),
    Column("comparator", "comparator"),
    Column("due_text", "due_text", table=False),
    Column("text", "text"),
]
SECTION_COLUMNS = [
    _ID,
    Column("numeral", "numeral"),
    _TITLE,
    Column("measures", "measures", get=lambda r: _span(r["measures"])),
]
UNIT_COLUMNS = [
    Column("unit", "unit"),
    Column("short", "short"),
    Column("kind", "kind"),
    Column("lead", "lead", numeric=True),
    Column("participant", "participant", numeric=True),
    Column("collective", "collective", numeric=True),
]
EXPORT_COLUMNS = [_ID, _SECTION, _TITLE, _TEXT, _LEAD, _UNITS,
                  Column("targets", "targets", numeric=True, get=lambda r: len(r["targets"]))]
SEARCH_COLUMNS = [_ID, _SECTION, _TITLE, _TEXT, _LEAD, replace(_UNITS, table=False)]
GAP_COLUMNS = [
    Column("measure", "measure", numeric=True),
    _SECTION,
    Column("missing", "missing"),
    Column("notes", "notes", table=False),
]
TIMELINE_COLUMNS = [Column("group", "group"), *TARGET_COLUMNS]


def _span(ids: list[int]) -> str:
    if not ids:
        return ""
    if ids == list(range(ids[0], ids[-1] + 1)):
        return f"{ids[0]}-{ids[-1]}" if len(ids) > 1 else str(ids[0])
    return ",".join(map(str, ids))


# --- commands -------------------------------------------------------------------------

@command()
def agency(
    name: AgencyArg,
    lead: Annotated[bool, typer.Option("--lead", help="Only measures the unit leads (牵头).")] = False,
    direct: Annotated[bool, typer.Option(
        "--direct", help="Leave out measures that name the unit only through a collective "
                         "such as 自治区政府各部门〔单位〕.")] = False,
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, data: DataOpt = None,
) -> None:
    """What a unit leads (牵头) or takes part in (参与).

    Each row has a role: lead (listed first), participant, or collective (the measure
    names a collective, such as 自治区政府各部门〔单位〕, that includes the unit).

    \b
    Examples:
      plan agency 财政厅
      plan agency 发改委 --lead
      plan agency 自治区财政厅 --direct --format csv --bom -o 财政厅.csv
    """
    from plan_cli import query

    plan = _plan(data)
    unit, rows = query.agency(plan, name, lead_only=lead, direct=direct)
    counts = {r: sum(1 for x in rows if x["role"] == r) for r in ("lead", "participant", "collective")}
    title = (f"{unit.name}: leads {counts['lead']}, takes part in {counts['participant']}"
             + (f", named through a collective in {counts['collective']}" if counts["collective"] else ""))
    _emit(rows, AGENCY_COLUMNS, fmt, output, bom=bom, sheet="agency", title=title)


@command()
def targets(
    due: Annotated[str | None, typer.Option(
        "--due", metavar="YEAR", show_default=False, callback=_parsed_by("parse_due"),
        help="Targets due that year (a range such as 2023-2025 counts for each of its years); "
             "also 'recurring' (每年) or 'undated'.")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", metavar="YEAR", show_default=False, callback=_parsed_by("parse_year"), help="Targets due that year or earlier.")] = None,
    agency_name: AgencyOpt = None,
    measure: Annotated[int | None, typer.Option(
        "--measure", "-m", metavar="N", show_default=False, help="Only measure N.")] = None,
    section: SectionOpt = None,
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, data: DataOpt = None,
) -> None:
    """Quantitative and dated targets, with when they fall due.

    今年 and 年底 mean 2020; “十四五”末 and 到2025年 mean 2025; 每年 is recurring;
    力争3年-5年 is the range 2023-2025.

    \b
    Examples:
      plan targets --due 2025
      plan targets --by 2022 --agency 科技厅
      plan targets --format json | jq '.[] | select(.unit == "%")'
    """
    from plan_cli import query

    plan = _plan(data)
    rows = query.targets(plan, due=due, by=by, agency_name=agency_name, measure=measure,
                         section=section)
    _emit(rows, TARGET_COLUMNS, fmt, output, bom=bom, sheet="targets",
          title=f"{len(rows)} targets")


@command()
def show(
    measure_id: MeasureArg,
    fmt: FormatOpt = None, data: DataOpt = None,
) -> None:
    """One measure in full: section, title, text, units (lead first) and targets.

    \b
    Examples:
      plan show 31
      plan show 7 --format json
    """
    from plan_cli import query, render

    plan = _plan(data)
    m = query.get_measure(plan, measure_id)
    row = query.measure_row(plan, m)
    out = _out()
    f = _format(fmt, out)
    if f in (Format.json, Format.yaml):
        render.emit_object(row, f, out)
    elif f in (Format.table, Format.plain):
        render.show_measure(plan, m, out, rich=f is Format.table)
    else:
        render.emit([row], EXPORT_COLUMNS, f, out)


@command()
def measures(
    section: SectionOpt = None,
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, data: DataOpt = None,
) -> None:
    """All measures, or those of one section.

    \b
    Examples:
      plan measures --section 4
      plan measures --format csv --bom > measures.csv
    """
    from plan_cli import query

    plan = _plan(data)
    rows = query.measures(plan, section)
    _emit(rows, MEASURE_COLUMNS, fmt, output, bom=bom, sheet="measures")


@command()
def sections(fmt: FormatOpt = None, data: DataOpt = None) -> None:
    """The six sections and the measures in each.

    \b
    Example:
      plan sections
    """
    from plan_cli import query

    _emit(query.section_rows(_plan(data)), SECTION_COLUMNS, fmt, None)


@command()
def agencies(
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, data: DataOpt = None,
) -> None:
    """Every responsible unit, with how many measures it leads, joins, or is named in
    through a collective.

    \b
    Examples:
      plan agencies
      plan agencies --format tsv | sort -t$'\\t' -k4,4nr | head
    """
    from plan_cli import query

    _emit(query.agencies(_plan(data)), UNIT_COLUMNS, fmt, output, bom=bom, sheet="units")


@command()
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Text to look for.")],
    fmt: FormatOpt = None, data: DataOpt = None,
) -> None:
    """Measures whose title or text contains TEXT (exit 1 if none does).

    \b
    Examples:
      plan search 黄河
      plan search 区块链 --format json
    """
    from plan_cli import query

    rows = query.search(_plan(data), text)
    if not rows:
        raise NotFound(f"no measure mentions '{text}'")
    _emit(rows, SEARCH_COLUMNS, fmt, None, highlight=text.strip())


@command()
def export(
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, data: DataOpt = None,
) -> None:
    """The whole plan: document, sections, units, measures and targets.

    JSON and YAML give the nested plan; the tabular formats give one row per measure;
    an .xlsx output has sheets for measures, units and targets.

    \b
    Examples:
      plan export --format json > plan.json
      plan export --output plan.xlsx
      plan export --format csv --bom --output plan.csv
    """
    from plan_cli import query, render

    plan = _plan(data)
    if _is_xlsx(output):
        from plan_cli.excel import Sheet, write_workbook

        write_workbook(output, [
            Sheet("measures", EXPORT_COLUMNS, query.measures(plan)),
            Sheet("units", UNIT_COLUMNS, query.agencies(plan)),
            Sheet("targets", TARGET_COLUMNS, query.targets(plan)),
        ])
        return
    out = _out()
    f = _format(fmt, out, output)
    if f in (Format.json, Format.yaml):
        obj = query.export(plan)
        if output is None:
            render.emit_object(obj, f, out)
        else:
            render.write_atomically(output, lambda s: render.emit_object(
                obj, f, Output(s, env={"PLAN_FORCE_TTY": "0"})))
        return
    _emit(query.measures(plan), EXPORT_COLUMNS, f, output, bom=bom)


@command()
def validate(data: DataOpt = None) -> None:
    """Check the plan file against the schema and list every problem (exit 3 if any).

    \b
    Examples:
      plan validate
      plan validate --data my-edit.yaml
    """
    from plan_cli.errors import DataError
    from plan_cli.load import load_plan

    try:
        plan = load_plan(data)
    except DataError as e:
        for p in e.problems:
            print(f"plan: {p}", file=sys.stderr)
        print(f"plan: {len(e.problems)} problem{'s' if len(e.problems) != 1 else ''}",
              file=sys.stderr)
        raise typer.Exit(ExitStatus.DATA) from None
    print(f"ok: {plan.path}: {len(plan.sections)} sections, {len(plan.measures)} measures, "
          f"{len(plan.units)} units, {len(plan.targets)} targets")


@command()
def verify(data: DataOpt = None) -> None:
    """Check the plan against its source text, both ways, and print the coverage
    (exit 3 on any miss).

    \b
    Example:
      plan verify
    """
    from plan_cli import verify as v

    plan = _plan(data)
    report = v.verify(plan)
    for c in report.checks:
        mark = "ok  " if not c.misses else "MISS"
        print(f"{mark} {c.found:>4}/{c.total:<4} {c.name}")
    print(f"{'ok  ' if not report.uncovered else 'MISS'} {report.coverage:6.2f}%    "
          f"of the source's characters accounted for")
    misses = [m for c in report.checks for m in c.misses]
    misses += [f"source text in no part of the plan: {u[:40]}" for u in report.uncovered]
    if misses:
        for m in misses:
            print(f"plan: verify: {m}", file=sys.stderr)
        raise typer.Exit(ExitStatus.DATA)


@command()
def gaps(fmt: FormatOpt = None, data: DataOpt = None) -> None:
    """What the source has lost, measure by measure, and which placements are inferred.

    \b
    Examples:
      plan gaps
      plan gaps --format json | jq '.[] | select(.missing | index("units"))'
    """
    from plan_cli import verify as v

    _emit(v.gaps(_plan(data)), GAP_COLUMNS, fmt, None)


@command()
def matrix(
    section: SectionOpt = None, agency_name: AgencyOpt = None,
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, data: DataOpt = None,
) -> None:
    """The responsibility matrix (分工表): measures against units, each cell 牵头 (leads),
    参与 (takes part), 全体 (named through a collective) or empty.

    \b
    Examples:
      plan matrix --section 4
      plan matrix --agency 水利厅
      plan matrix --output 分工表.xlsx
    """
    from plan_cli import query, render

    plan = _plan(data)
    units, rows = query.matrix(plan, section=section, agency_name=agency_name)
    columns = [_ID, _TITLE, _LEAD, *(Column(u.name, u.name) for u in units)]
    if _is_xlsx(output):
        from plan_cli.excel import Sheet, write_workbook

        # in the matrix the 牵头 cells are the marks; the lead column stays plain
        write_workbook(output, [Sheet("分工表", columns, rows, lead_column=None)])
        return
    out = _out()
    if output is None and _format(fmt, out) is Format.table:
        render.matrix_table(units, rows, out)
        return
    _emit(rows, columns, fmt, output, bom=bom)


@command()
def timeline(
    fmt: FormatOpt = None, output: OutputOpt = None, bom: BomOpt = False, data: DataOpt = None,
) -> None:
    """Targets grouped by when they fall due: 2020, 2022, 2023-2025, 2025, recurring, undated.

    \b
    Examples:
      plan timeline
      plan timeline --format csv
    """
    from plan_cli import query, render

    rows = query.timeline(_plan(data))
    out = _out()
    if output is None and _format(fmt, out) is Format.table:
        render.timeline_chart(rows, out)
        return
    _emit(rows, TIMELINE_COLUMNS, fmt, output, bom=bom, sheet="timeline")


def _version(value: bool) -> None:
    if value:
        print(f"plan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    pass


# --- the edge: exceptions to messages and exit statuses -----------------------------

def _error(message: str) -> None:
    print(f"plan: {message}", file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _utf8_arg(arg: str) -> str:
    """An argument a non-UTF-8 locale decoded (LC_ALL=C PYTHONUTF8=0) is read as UTF-8 if it is."""
    try:
        return os.fsencode(arg).decode("utf-8")
    except UnicodeError:
        return arg


def _app_for(argv: list[str] | None) -> typer.Typer:
    """The app with only the command being run, when that command is plain to see.

    Typer builds a Click command for every registered command on each run; building one
    instead of thirteen saves a few milliseconds a call (benchmarks/). Help, completion
    and anything unusual get the whole app.
    """
    words = sys.argv[1:] if argv is None else argv
    if os.environ.get("_PLAN_COMPLETE"):
        words = os.environ.get("COMP_WORDS", "").split()[1:-1]
    name = next((w for w in words if not w.startswith("-")), None)
    chosen = [c for c in app.registered_commands if (c.name or c.callback.__name__) == name]
    if not chosen or "--help" in words or "-h" in words:
        return app
    single = typer.Typer(**_APP_SETTINGS)
    single.registered_commands = chosen
    single.registered_callback = app.registered_callback
    return single


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `plan` script and of `python -m plan_cli`."""
    try:  # recent Typer carries its own copy of Click
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover
        from click.exceptions import ClickException

    for stream in (sys.stdout, sys.stderr):
        try:  # on a non-UTF-8 terminal, characters degrade to '?' instead of crashing
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    status = 0
    try:
        cmd = typer.main.get_command(_app_for(argv))
        args = [_utf8_arg(a) for a in (sys.argv[1:] if argv is None else argv)]
        result = cmd.main(args=args, prog_name="plan", standalone_mode=False)
        status = result if isinstance(result, int) else 0
        sys.stdout.flush()
    except PlanError as e:
        status = e.exit_status
        _error(str(e))
    except ClickException as e:
        e.show()
        status = e.exit_code
    except typer.Exit as e:
        status = e.exit_code
    except (PipeClosed, BrokenPipeError):
        _silence_stdout()
        status = 0
    except SystemExit as e:  # rich (tables) and Click (--help) end a closed pipe with exit 1
        if not isinstance(e.__context__, BrokenPipeError):
            raise
        _silence_stdout()
        status = 0
    except (KeyboardInterrupt, typer.Abort):
        _error("interrupted")
        status = 130
    except Exception as e:  # noqa: BLE001 - the last line of defence: never a traceback
        _error(f"internal error ({type(e).__name__}: {e}); please report it")
        status = 70
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError):
        _silence_stdout()
    sys.exit(status)
