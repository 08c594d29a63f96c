"""The commands: parse the command line, ask core, hand the answer to views.

Nothing here knows how a unit name is matched, how a role is decided or how a table is
drawn, and nothing here decides an exit status: errors propagate to `main`. Help texts are
English `N_()` messages, translated when shown (translated.py).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

import click

from plan_cli import __version__
from plan_cli.cli.params import (
    DATE,
    DUE,
    YEAR,
    agency_argument,
    agency_option,
    as_of_option,
    complete_due,
    data_option,
    listing_options,
    measure_argument,
    measure_option,
    plan_option,
    section_option,
    store_for,
    unit_option,
)
from plan_cli.cli.translated import Command, Group
from plan_cli.core.i18n import N_, _, ngettext

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def listing(name: str, help: str):
    """A command that lists: it takes --format, --output, --bom, --data and --plan, and the
    function it decorates only asks core. That function gets the store first and returns
    the answer (or a Highlighted answer); `views.output.emit` shows it as the listing `name`
    of views/listings.py declares. Output is decided here once, for every command."""

    def decorate(ask):
        @functools.wraps(ask)
        def run(fmt, output, bom, data, plans, **kw):
            from plan_cli.core.query import heading
            from plan_cli.views import listings
            from plan_cli.views.output import emit

            store = store_for(data, plans)
            answer = ask(store, **kw)
            answer, highlight = answer if isinstance(answer, Highlighted) else (answer, None)
            emit(
                getattr(listings, name),
                answer,
                fmt=fmt,
                output=output,
                bom=bom,
                highlight=highlight,
                heading=heading(store),
                several=not store.single,
            )

        return cli.command(cls=Command, context_settings=CONTEXT, help=help)(listing_options(run))

    return decorate


class Highlighted(NamedTuple):
    """An answer, and the text a terminal shows highlighted in it (search)."""

    answer: object
    text: str


def _show_version(ctx: click.Context, param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"plan {__version__}")
        ctx.exit()


def _shell(value: str) -> str:
    from plan_cli.cli import completion
    from plan_cli.core.errors import InvalidValue

    if not value:
        return completion.detect_shell()
    if value not in completion.SHELLS:
        raise InvalidValue(
            _("the shell must be one of {shells}, got '{value}'").format(
                shells=", ".join(completion.SHELLS), value=value
            )
        )
    return value


def _show_completion(ctx: click.Context, param, value: str | None) -> None:
    if value is not None and not ctx.resilient_parsing:
        from plan_cli.cli import completion

        click.echo(completion.script(_shell(value)), nl=False)
        ctx.exit()


def _install_completion(ctx: click.Context, param, value: str | None) -> None:
    if value is not None and not ctx.resilient_parsing:
        from plan_cli.cli import completion
        from plan_cli.core.errors import OutputError, reason

        shell = _shell(value)
        try:
            path = completion.install(shell)
        except OSError as e:
            raise OutputError(e.filename or "~", reason(e)) from None
        click.echo(
            _("{shell} completion installed in {path}; it works in new shells.").format(
                shell=shell, path=path
            )
        )
        ctx.exit()


@click.group(
    cls=Group,
    context_settings=CONTEXT,
    epilog=" ",  # the exit statuses, written when help is shown (Group.format_epilog)
    help=N_(
        "Answers questions about 分工方案 (division-of-labour plans): who leads which measure, "
        "who takes part, and which targets fall due when; across a library of plans (the "
        "自治区人民政府's of 2020-07-22 ships with it; plan add, plan import bring others), and "
        "how far their units have got (plan forms, collect, progress, brief).\n\n"
        "Output is a table on a terminal and tab-separated lines in a pipe; --format "
        "chooses another (table, plain, tsv, csv, json, jsonl, markdown, yaml, xlsx). "
        "PLAN_LANG=zh or en chooses the language; otherwise a zh locale gives Chinese."
    ),
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help=N_("Show the version and exit."),
)
@click.option(
    "--install-completion",
    metavar=N_("[SHELL]"),
    is_flag=False,
    flag_value="",
    expose_value=False,
    is_eager=True,
    callback=_install_completion,
    help=N_("Install completion for bash, zsh or fish (default: your shell)."),
)
@click.option(
    "--show-completion",
    metavar=N_("[SHELL]"),
    is_flag=False,
    flag_value="",
    expose_value=False,
    is_eager=True,
    callback=_show_completion,
    help=N_("Print the completion script for bash, zsh or fish, to copy or eval."),
)
def cli() -> None:
    pass


@listing(
    "AGENCY",
    N_(
        "What a unit leads (牵头) or takes part in (参与).\n\n"
        "NAME is a full name (自治区财政厅), a short name (财政厅), an abbreviation (发改委) or "
        "part of a name. Each row has a role: lead (listed first), participant, or collective "
        "(the measure names a collective, such as 自治区政府各部门〔单位〕, that includes the "
        "unit). On a terminal the summary line counts the whole plan, and says how many "
        "measures could not be checked because the source lost their unit lists.\n\n"
        "\b\nExamples:\n"
        "  plan agency 财政厅\n"
        "  plan agency 发改委 --lead\n"
        "  plan agency 自治区财政厅 --direct --format csv --bom -o 财政厅.csv"
    ),
)
@agency_argument
@click.option("--lead", is_flag=True, help=N_("Only measures the unit leads (牵头)."))
@click.option(
    "--direct",
    is_flag=True,
    help=N_(
        "Leave out measures that name the unit only through a collective such as "
        "自治区政府各部门〔单位〕."
    ),
)
def agency(store, name, lead, direct):
    from plan_cli.core import query

    return query.agency(store, name, lead_only=lead, direct=direct)


@listing(
    "TARGETS",
    N_(
        "Quantitative and dated targets, with when they fall due and who leads their measure.\n\n"
        "今年 and 年底 mean the plan's year (2020 in the shipped plan); “十四五”末 and 到2025年 "
        "mean 2025; 每年 is recurring; 力争3年-5年 is a range of years (2023-2025 in the "
        "shipped plan), which counts for each of its years. Every row "
        "carries its measure's lead; with --agency, also that unit's role.\n\n"
        "\b\nExamples:\n"
        "  plan targets --due 2025\n"
        "  plan targets --due 2023-2025\n"
        "  plan targets --by 2022 --agency 科技厅\n"
        "  plan targets --agency 财政厅 --lead\n"
        "  plan targets --format json | jq '.[] | select(.unit == \"%\")'"
    ),
)
@click.option(
    "--due",
    type=DUE,
    metavar=N_("YEAR"),
    shell_complete=complete_due,
    help=N_(
        "Targets due that year, or in any year of a range such as 2023-2025 (a target "
        "due 2023-2025 counts for each of its years); also 'recurring' (每年) or "
        "'undated'."
    ),
)
@click.option("--by", type=YEAR, metavar=N_("YEAR"), help=N_("Targets due that year or earlier."))
@agency_option
@click.option("--lead", is_flag=True, help=N_("With --agency: only measures the unit leads."))
@click.option(
    "--direct",
    is_flag=True,
    help=N_("With --agency: leave out measures that name the unit only through a collective."),
)
@measure_option
@section_option
def targets(store, due, by, agency_name, lead, direct, measure, section):
    from plan_cli.core import query
    from plan_cli.views.listings import TargetList

    number = query.parse_measure(store, measure, "--measure") if measure is not None else None
    rows = query.targets(
        store,
        due=due,
        by=by,
        agency_name=agency_name,
        lead_only=lead,
        direct=direct,
        measure=number,
        section=section,
    )
    agency = agency_name is not None
    return TargetList(rows, agency, query.units_in_scope(store))


@listing(
    "SHOW",
    N_(
        "One measure in full: section, title, text, units (lead first) and targets.\n\n"
        "N is the measure's number: 31, ３１ or 三十一.\n\n"
        "\b\nExamples:\n"
        "  plan show 31\n"
        "  plan show 7 --format json"
    ),
)
@measure_argument
def show(store, measure):
    from plan_cli.core import query

    return query.measure(store, query.parse_measure(store, measure))


@listing(
    "MEASURES",
    N_(
        "All measures, or those of one section.\n\n"
        "\b\nExamples:\n"
        "  plan measures --section 4\n"
        "  plan measures --format csv --bom > measures.csv"
    ),
)
@section_option
def measures(store, section):
    from plan_cli.core import query

    return query.measures(store, section)


@listing("SECTIONS", N_("The sections and the measures in each.\n\n\b\nExample:\n  plan sections"))
def sections(store):
    from plan_cli.core import query

    return query.sections(store)


@listing(
    "AGENCIES",
    N_(
        "Every responsible unit, with how many measures it leads, joins, or is named in through "
        "a collective.\n\n"
        "\b\nExamples:\n"
        "  plan agencies\n"
        "  plan agencies --format tsv | sort -t$'\\t' -k4,4nr | head"
    ),
)
def agencies(store):
    from plan_cli.core import query

    return query.agencies(store)


@listing(
    "SEARCH",
    N_(
        "Measures whose title or text contains TEXT (exit 1 if none does).\n\n"
        "\b\nExamples:\n"
        "  plan search 黄河\n"
        "  plan search 区块链 --format json"
    ),
)
@click.argument("text", metavar=N_("TEXT"))
def search(store, text):
    from plan_cli.core import query
    from plan_cli.core.library import ensure_search_index

    indexed = ensure_search_index(store)
    return Highlighted(query.search(store, text, indexed=indexed), text.strip())


@listing(
    "EXPORT",
    N_(
        "The whole plan: document, sections, units, measures and targets.\n\n"
        "JSON and YAML give the nested plan; the tabular formats give one row per measure; an "
        ".xlsx output has sheets for measures, units and targets.\n\n"
        "\b\nExamples:\n"
        "  plan export --format json > plan.json\n"
        "  plan export --output plan.xlsx\n"
        "  plan export --format csv --bom --output plan.csv"
    ),
)
def export(store):
    from plan_cli.core import query
    from plan_cli.views.listings import Whole

    # The shape follows the command line, never the library's size: one plan's object for
    # --data or a single --plan, else {"plans": [...]}.
    document = query.export_plan(store, store.scope[0]) if store.one_asked else query.export(store)
    from plan_cli.core.ledger import ledger_path
    from plan_cli.core.store import write_database

    return Whole(
        document,
        query.measures(store),
        query.agencies(store),
        query.targets(store),
        lambda path: write_database(store, path, ledger_path()),
    )


@listing(
    "GAPS",
    N_(
        "What the source has lost, measure by measure, and every placement or fact that is a "
        "judgement (inferred) rather than a reading of the source.\n\n"
        "\b\nExamples:\n"
        "  plan gaps\n"
        "  plan gaps --format json | jq '.[] | select(.missing | index(\"units\"))'"
    ),
)
def gaps(store):
    from plan_cli.core import query

    return query.gaps(store)


@listing(
    "MATRIX",
    N_(
        "The responsibility matrix (分工表): measures against units, each cell 牵头 (leads), "
        "参与 (takes part), 全体 (named through a collective), 未知 (the source lost the unit "
        'list: unknown, not "no") or empty.\n\n'
        "On a terminal: a measure per line with its lead and the units that take part, by the "
        "names people say (发改委, 财政厅), fitted to the width. In a pipe (plain): the long "
        "form, one line per measure, unit (full name) and role. CSV, TSV, JSON, markdown and "
        "xlsx: the wide 分工表, a column per unit under its full name.\n\n"
        "\b\nExamples:\n"
        "  plan matrix --section 4\n"
        "  plan matrix --agency 水利厅\n"
        "  plan matrix --output 分工表.xlsx"
    ),
)
@section_option
@agency_option
def matrix(store, section, agency_name):
    from plan_cli.core import query

    return query.matrix(store, section=section, agency_name=agency_name)


@listing(
    "TIMELINE",
    N_(
        "Targets grouped by when they fall due: years in order, then recurring, then undated.\n\n"
        "\b\nExamples:\n"
        "  plan timeline\n"
        "  plan timeline --format csv"
    ),
)
def timeline(store):
    from plan_cli.core import query

    return query.timeline(store)


@listing(
    "PLANS",
    N_(
        "The plans of the library: id, title, issuer, date, how many measures and targets, "
        "and how many review notes an import left for a person to settle.\n\n"
        "The library is the folder PLAN_HOME (default: the user data folder, such as "
        "~/.local/share/plan); every *.yaml in it is a plan, beside the shipped plan nx2020.\n\n"
        "\b\nExamples:\n"
        "  plan plans\n"
        "  plan plans --format json"
    ),
)
def plans(store):
    from plan_cli.core import query

    return query.plans(store)


@cli.command(
    cls=Command,
    context_settings=CONTEXT,
    help=N_(
        "Check a plan file and copy it into the library as ID.yaml, with the source text it "
        "names beside it. An id the library already has is refused (exit 3), and the library "
        "is left as it was.\n\n"
        "\b\nExamples:\n"
        "  plan add zj2019.yaml\n"
        "  plan export --plan zj2019 --format yaml > zj2019.yaml"
    ),
)
@click.argument("file", metavar=N_("FILE"), type=click.Path())
def add(file) -> None:
    from plan_cli.core import library

    plan_id, missing = library.add(Path(file))
    click.echo(
        _("added plan {id} to the library {folder}").format(id=plan_id, folder=library.home())
    )
    if missing:
        warning = _(
            "warning: its source text {source} is not beside {file}; "
            "'plan verify --plan {id}' cannot check it until it is"
        )
        click.echo("plan: " + warning.format(source=missing, file=file, id=plan_id), err=True)


@cli.command(
    cls=Command,
    context_settings=CONTEXT,
    help=N_(
        "Take a plan out of the library (its file, and its source text when no other plan "
        "names it). The shipped plan nx2020 cannot be removed.\n\n"
        "\b\nExample:\n"
        "  plan remove zj2019"
    ),
)
@click.argument("plan_id", metavar=N_("ID"))
def remove(plan_id) -> None:
    from plan_cli.core import library

    gone = library.remove(plan_id)
    click.echo(
        _("removed plan {id}: deleted {paths}").format(
            id=plan_id, paths=", ".join(str(p) for p in gone)
        )
    )


@cli.command(
    "import",
    cls=Command,
    context_settings=CONTEXT,
    help=N_(
        "Read a published plan (.txt in UTF-8 or GB18030, .docx, or an .xlsx 分工表) into a "
        "draft plan for a person to check, in the schema of data/plan.yaml.\n\n"
        "The draft names its source file: keep the two side by side, then check the draft "
        "with plan validate and plan verify (--data DRAFT) and add it with plan add. Whatever "
        "import could not decide for sure carries a review: note; the last line on stderr "
        "counts them. Exit 0 whenever a draft is written.\n\n"
        "\b\nExamples:\n"
        "  plan import 分工方案.txt --id zj2021 --output zj2021.yaml\n"
        "  plan import 分工表.xlsx --id hz2022 > hz2022.yaml"
    ),
)
@click.argument("source", metavar=N_("SOURCE"), type=click.Path())
@click.option("--id", "plan_id", required=True, metavar=N_("ID"), help=N_("The plan's id."))
@click.option(
    "--output",
    "-o",
    metavar=N_("FILE"),
    type=click.Path(),
    help=N_("Write the draft to FILE (default: stdout); an existing file needs --force."),
)
@click.option("--force", is_flag=True, help=N_("Replace an existing --output file."))
def import_(source, plan_id, output, force) -> None:
    import os
    import re

    from plan_cli.core.errors import InvalidValue
    from plan_cli.core.importing import import_file
    from plan_cli.views.output import Destination

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", plan_id):
        raise InvalidValue(
            _("--id must be letters, digits, '_', '.' or '-', got '{value}'").format(value=plan_id)
        )
    if output and output != "-" and Path(output).suffix.lower() not in (".yaml", ".yml"):
        raise InvalidValue(
            _("the draft is YAML: --output must end in .yaml or .yml, got '{path}'").format(
                path=output
            )
        )
    if output and output != "-" and os.path.lexists(output) and not force:
        raise InvalidValue(_("{path} exists; give --force to replace it").format(path=output))
    from plan_cli.core.lookup import known_kinds

    library = store_for(None, ())
    draft = import_file(Path(source), plan_id, lambda place: known_kinds(library, place))
    text = draft.yaml()
    Destination(output).write(lambda stream: stream.write(text), binary=False)
    if plan_id == "nx2020":
        click.echo(
            "plan: "
            + _(
                "warning: nx2020 is the shipped plan's id: plan add will refuse the draft; give it another --id"
            ),
            err=True,
        )
    written_in = Path(output).parent if output and output != "-" else Path.cwd()
    if Path(source).resolve().parent != written_in.resolve():
        click.echo(
            "plan: "
            + _(
                "note: the draft names its source as {name}; put a copy of {source} beside "
                "the draft before plan verify or plan add"
            ).format(name=Path(source).name, source=source),
            err=True,
        )
    click.echo(
        ngettext(
            "plan: {tasks} tasks read; {n} review note to settle",
            "plan: {tasks} tasks read; {n} review notes to settle",
            draft.reviews,
        ).format(tasks=draft.tasks, n=draft.reviews),
        err=True,
    )


# --- the supervision loop: forms out, reports in, progress --------------------------------


def _today(as_of):
    from plan_cli.core.ledger import environment_today

    return as_of or environment_today()


@cli.command(
    cls=Command,
    context_settings=CONTEXT,
    help=N_(
        "Write a 进展填报 workbook for each unit that answers for something (or for each unit "
        "named with --unit), to send out and collect back with plan collect.\n\n"
        "One row per measure the unit leads, joins or is named in through a collective; the "
        "unit fills in 完成状态 (a list: 未启动, 推进中, 已完成), 进展情况, 存在问题 and 下步打算. "
        "Forms are in Chinese whatever the locale. An existing file is replaced only with "
        "--force.\n\n"
        "\b\nExamples:\n"
        "  plan forms --output-dir 填报表\n"
        "  plan forms --unit 财政厅 --unit 发改委 --plan nx2020 --output-dir 填报表"
    ),
)
@unit_option(N_("Only this unit (repeat for several)."), several=True)
@plan_option
@click.option(
    "--output-dir",
    "folder",
    required=True,
    type=click.Path(),
    metavar=N_("DIR"),
    help=N_("The folder to write the forms in (made if missing)."),
)
@click.option("--force", is_flag=True, help=N_("Replace forms that are already there."))
def forms(units, plans, folder, force) -> None:
    import os

    from plan_cli.core import ledger
    from plan_cli.core.errors import InvalidValue, OutputError, reason
    from plan_cli.views.forms import write_form
    from plan_cli.views.output import Destination

    store = store_for(None, plans)
    made = ledger.forms(store, list(units) or None)
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise OutputError(folder, _("not a folder: --output-dir names the folder the forms go in"))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as e:
        raise OutputError(folder, reason(e)) from None
    if not force:
        there = [f.file_name for f in made if os.path.lexists(os.path.join(folder, f.file_name))]
        if there:
            raise InvalidValue(
                _("{path} exists; give --force to replace it").format(
                    path=os.path.join(folder, there[0])
                )
            )
    for form in made:
        path = os.path.join(folder, form.file_name)
        Destination(path).write(lambda stream, form=form: write_form(form, stream), binary=True)
        n = len(form.rows)
        click.echo(
            ngettext("{path}: {n} measure", "{path}: {n} measures", n).format(path=path, n=n)
        )


@cli.command(
    cls=Command,
    context_settings=CONTEXT,
    help=N_(
        "Read filled 进展填报 forms into the ledger (ledger.sqlite in the library folder).\n\n"
        "The report date is --date, else the form's 填报日期, else today. A row whose 完成状态 "
        "is empty is not a report. A workbook is taken whole or not at all: every problem of "
        "a refused one is listed on stderr with its row (exit 3); the others are taken. "
        "Collecting a workbook again records nothing twice.\n\n"
        "\b\nExamples:\n"
        "  plan collect 填报表/*.xlsx\n"
        "  plan collect 财政厅-进展填报.xlsx --date 2021-03-31"
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path(), metavar=N_("FILE..."))
@click.option("--date", "date", type=DATE, metavar=N_("DATE"), help=N_("The reports' date."))
def collect(files, date) -> None:
    from plan_cli.core import ledger

    store = store_for(None, ())
    done = ledger.collect(store, [Path(f) for f in files], date.isoformat() if date else None)
    for path, n in done.taken:
        click.echo(
            ngettext("{path}: {n} report recorded", "{path}: {n} reports recorded", n).format(
                path=path, n=n
            )
        )
    for path in done.again:
        click.echo(_("{path}: collected before; nothing recorded twice").format(path=path))
    for path in done.empty:
        click.echo(_("{path}: no report filled in; nothing recorded").format(path=path))
    for path in done.locks:
        click.echo(
            _("{path}: skipped, Excel's lock file of a form open in Excel").format(path=path)
        )
    if done.refused:
        from plan_cli.core.errors import FormsRefused, Problem

        raise FormsRefused(
            [Problem(str(path), None, p) for path, problems in done.refused for p in problems],
            len(done.refused),
        )


@listing(
    "PROGRESS",
    N_(
        "Each measure's progress as of a date, from the reports collected: done (已完成) when "
        "every lead reports it done, in progress (推进中), not started (未启动), or unreported "
        "(未报送); how many of its units have reported, its deadline, and whether it is overdue "
        "(逾期) or due within 30 days (临期).\n\n"
        "\b\nExamples:\n"
        "  plan progress\n"
        "  plan progress --as-of 2021-06-30 --unit 财政厅 --format json"
    ),
)
@unit_option(N_("Only measures this unit answers for."))
@section_option
@as_of_option
def progress(store, unit, section, as_of):
    from plan_cli.core import ledger

    rows = ledger.progress(store, _today(as_of), unit=unit, section=section)
    for r in rows:
        r.pop("section")
    return rows


@listing(
    "HISTORY",
    N_(
        "Every report on a measure, in date order, as of a date.\n\n"
        "\b\nExamples:\n"
        "  plan history 31\n"
        "  plan history nx2020:31 --unit 财政厅 --as-of 2021-06-30"
    ),
)
@measure_argument
@unit_option(N_("Only this unit's reports."))
@as_of_option
def history(store, measure, unit, as_of):
    from plan_cli.core import ledger, query

    ref = query.parse_measure(store, measure)
    return ledger.history(store, ref.plan, ref.id, _today(as_of), unit)


@listing(
    "OVERDUE",
    N_(
        "Measures not done whose deadline has passed (逾期, overdue) or falls within DAYS "
        "(临期, due_soon). A deadline is the end of the period it names: due 2020 is due "
        "2020-12-31, 2017-06 is due 2017-06-30; recurring and undated targets make none.\n\n"
        "\b\nExamples:\n"
        "  plan overdue\n"
        "  plan overdue --within 60 --unit 水利厅 --as-of 2020-11-30"
    ),
)
@click.option(
    "--within",
    type=click.IntRange(0, 3650),
    default=30,
    show_default=True,
    metavar=N_("DAYS"),
    help=N_("How many days ahead counts as due soon."),
)
@unit_option(N_("Only measures this unit answers for."))
@as_of_option
def overdue(store, within, unit, as_of):
    from plan_cli.core import ledger

    return ledger.overdue(store, _today(as_of), within=within, unit=unit)


@cli.command(
    cls=Command,
    context_settings=CONTEXT,
    help=N_(
        "Write the 通报 as of a date: totals by status and the completion rate, overdue and "
        "due-soon measures with their leads, the units that have not reported, a table by "
        "section. A Word document (.docx) or Markdown (.md), in Chinese.\n\n"
        "\b\nExamples:\n"
        "  plan brief --output 通报.docx\n"
        "  plan brief --as-of 2021-06-30 --output 通报.md"
    ),
)
@plan_option
@as_of_option
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(),
    metavar=N_("FILE"),
    help=N_("FILE.docx or FILE.md."),
)
def brief(plans, as_of, output) -> None:
    from plan_cli.core import ledger
    from plan_cli.core.errors import InvalidValue
    from plan_cli.views.brief import write_docx, write_markdown
    from plan_cli.views.output import Destination

    suffix = Path(output).suffix.lower()
    if suffix not in (".docx", ".md"):
        raise InvalidValue(
            _("the brief is a .docx or an .md file, got '{path}'").format(path=output)
        )
    made = ledger.brief(store_for(None, plans), _today(as_of))
    if suffix == ".docx":
        Destination(output).write(lambda stream: write_docx(made, stream), binary=True)
    else:
        Destination(output).write(lambda stream: write_markdown(made, stream), binary=False)
    click.echo(_("{path}: the brief as of {date}").format(path=output, date=made.as_of))


def _plan_files(data: str | None, plans: tuple[str, ...]) -> list[tuple[str | None, Path]]:
    """The plan files a check reads: --data; else the files of the --plan ids; else every
    plan of the library. (id, path) each; no id for --data."""
    if data:
        return [(None, Path(data))]
    store = store_for(None, plans)
    found = [
        (r[0], Path(r[1]))
        for r in store.rows(
            "SELECT p.id, p.path FROM temp.scope s CROSS JOIN plans p ON p.id = s.plan "
            "ORDER BY s.ord"
        )
    ]
    if not plans:  # every file of the library, those left out of the answers too
        from plan_cli.core import library

        known = {path for _id, path in found}
        found += [(p.stem, p) for p in library.plan_files(library.home())[0] if p not in known]
    return found


@cli.command(
    cls=Command,
    context_settings=CONTEXT,
    help=N_(
        "Check plan files against the schema and list every problem (exit 3 if any): every "
        "plan of the library, those named with --plan, or the file of --data.\n\n"
        "\b\nExamples:\n"
        "  plan validate\n"
        "  plan validate --data my-edit.yaml\n"
        "  plan validate --plan zj2019"
    ),
)
@data_option
@plan_option
def validate(data, plans) -> None:
    from plan_cli.core.errors import DataError, ProblemList
    from plan_cli.core.load import load_plan
    from plan_cli.views import reports

    problems = []
    for _plan_id, path in _plan_files(data, plans):
        try:
            reports.validated(load_plan(path))
        except DataError as e:
            problems += e.problems
    if problems:
        raise ProblemList(problems)


@cli.command(
    cls=Command,
    context_settings=CONTEXT,
    help=N_(
        "Check plans against their source texts, both ways, and print the coverage (exit 3 "
        "on any miss, or when a source text is missing): every plan of the library, those "
        "named with --plan, or the file of --data.\n\n"
        "\b\nExamples:\n"
        "  plan verify\n"
        "  plan verify --plan zj2019"
    ),
)
@data_option
@plan_option
def verify(data, plans) -> None:
    from plan_cli.core.errors import DataError, SourceMismatch
    from plan_cli.core.load import load_plan
    from plan_cli.core.verify import verify as check
    from plan_cli.views import reports

    files = _plan_files(data, plans)
    misses: list[str] = []
    for plan_id, path in files:
        if len(files) > 1:
            click.echo(f"== {plan_id} ({path})")
        try:
            report = check(load_plan(path))
        except DataError as e:
            misses += [str(p) for p in e.problems]
            continue
        reports.verified(report)
        misses += [f"{plan_id}: {m}" if len(files) > 1 else m for m in report.misses()]
    if misses:
        raise SourceMismatch(misses)
