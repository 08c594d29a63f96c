"""How output looks: the one place that decides between a table, tab-separated lines, CSV…

Like gh's iostreams, `Output` answers "is stdout a terminal?" once; every command passes
its rows and columns to `emit`, which dispatches on the format once. On a terminal the
default is a rich table; in a pipe it is `plain`: tab-separated, no header, no colour,
nothing truncated. PLAN_FORCE_TTY=1 (or 0) overrides the detection, for tests and for
people who want the table in `less -R`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from plan_cli.model import MISSING

LIST_SEP = "；"  # joins lists in text formats; no unit name contains it (some contain 、)


class Format(str, Enum):
    table = "table"
    plain = "plain"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    yaml = "yaml"


@dataclass(frozen=True)
class Column:
    key: str  # the row's key; also the header in tsv, csv and markdown (as in JSON)
    header: str  # the header a person reads in the terminal table
    missing_means_lost: bool = False  # None here means the source lost it: show MISSING
    numeric: bool = False
    max_width: int | None = None  # terminal table only
    table: bool = True  # shown in the terminal table (every other format shows all columns)
    labels: dict[str, str] | None = None  # terminal table only: value -> what a person reads
    get: Callable[[dict], Any] | None = None  # derives the shown value from the row

    def value(self, row: dict) -> Any:
        return self.get(row) if self.get else row.get(self.key)


class Output:
    """What stdout is: a terminal (tables, colour) or a pipe (plain lines)."""

    def __init__(self, stream: TextIO | None = None, env: dict[str, str] | None = None):
        self.stream = stream if stream is not None else sys.stdout
        env = os.environ if env is None else env
        forced = env.get("PLAN_FORCE_TTY")
        if forced is not None and forced != "":
            self.is_tty = forced not in ("0", "false", "no")
        else:
            isatty = getattr(self.stream, "isatty", None)
            self.is_tty = bool(isatty and isatty())
        # no-color.org: a NO_COLOR that is set and not empty turns colour off
        self.color = self.is_tty and not env.get("NO_COLOR") and env.get("TERM") != "dumb"
        self.width = _int(env.get("COLUMNS"))

    def default_format(self) -> Format:
        return Format.table if self.is_tty else Format.plain

    def console(self):
        from rich.console import Console  # only the terminal path pays for rich

        return Console(file=self.stream, force_terminal=self.is_tty, no_color=not self.color,
                       color_system="auto" if self.color else None, width=self.width,
                       highlight=False, soft_wrap=False)


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v else None
    except ValueError:
        return None


def cell_text(value: Any, column: Column | None = None) -> str:
    """One value as text for the text formats (plain, tsv, csv, markdown, table)."""
    lost = column is not None and column.missing_means_lost
    if value is None or (isinstance(value, list | tuple) and not value):
        return MISSING if lost else ""
    if isinstance(value, list | tuple):
        return LIST_SEP.join(cell_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _flat(value: str) -> str:
    """A value on one line: tabs and line breaks would break tab-separated output."""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def emit(rows: Sequence[dict], columns: Sequence[Column], fmt: Format, out: Output, *,
         title: str | None = None, highlight: str | None = None,
         bom: bool = False) -> None:
    """Write rows in a format. JSON-like formats carry whole rows; text formats the columns."""
    stream = out.stream
    if fmt in (Format.json, Format.jsonl):
        import json  # imported where needed: every `plan` call pays for module imports
    if fmt is Format.table:
        _table(rows, columns, out, title=title, highlight=highlight)
    elif fmt is Format.json:
        json.dump(list(rows), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt is Format.jsonl:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt is Format.yaml:
        stream.write(to_yaml(list(rows)))
    elif fmt is Format.csv:
        import csv

        if bom:
            stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([c.key for c in columns])
        for row in rows:
            writer.writerow([cell_text(c.value(row), c) for c in columns])
    elif fmt in (Format.tsv, Format.plain):
        if fmt is Format.tsv:
            stream.write("\t".join(c.key for c in columns) + "\n")
        for row in rows:
            stream.write("\t".join(_flat(cell_text(c.value(row), c)) for c in columns) + "\n")
    elif fmt is Format.markdown:
        from tabulate import tabulate

        body = [[_flat(cell_text(c.value(row), c)).replace("|", "\\|") for c in columns]
                for row in rows]
        stream.write(tabulate(body, headers=[c.key for c in columns], tablefmt="github",
                              disable_numparse=True) + "\n")
    else:  # pragma: no cover - Format is an Enum and every member is handled above
        raise ValueError(fmt)


def emit_object(obj: Any, fmt: Format, out: Output) -> None:
    """Write one nested object (show, export) as JSON or YAML."""
    if fmt is Format.yaml:
        out.stream.write(to_yaml(obj))
    else:
        import json

        json.dump(obj, out.stream, ensure_ascii=False, indent=2)
        out.stream.write("\n")


def to_yaml(obj: Any) -> str:
    import yaml

    return yaml.dump(obj, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


def _table(rows, columns, out: Output, *, title=None, highlight=None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = out.console()
    if title:  # above the table, not as its title: a table's title wraps to its width
        console.print(Text(title, style="italic"))
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", expand=False)
    columns = [c for c in columns if c.table]
    for c in columns:
        table.add_column(c.header, justify="right" if c.numeric else "left",
                         max_width=c.max_width, overflow="fold")
    for row in rows:
        cells = []
        for c in columns:
            value = c.value(row)
            text = cell_text(value, c)
            if c.labels and text in c.labels:
                text = c.labels[text]
            style = "dim red" if text == MISSING and c.missing_means_lost else ""
            cell = Text(text, style=style)
            if highlight:
                cell.highlight_words([highlight], style="bold reverse", case_sensitive=False)
            cells.append(cell)
        table.add_row(*cells)
    console.print(table)


# --- writing files -------------------------------------------------------------------

def write_atomically(path: Path, write: Callable[[Any], None], *, binary: bool = False) -> None:
    """Write a file through a temporary file in the same folder, then rename it into place.

    An error or an interrupt leaves any existing file as it was and no partial file behind.
    """
    import tempfile

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        if binary:
            with os.fdopen(fd, "wb") as f:
                write(f)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                write(f)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
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


# --- views that are not a plain list of rows ----------------------------------------

def show_measure(plan, m, out: Output, *, rich: bool) -> None:
    """One measure as a person reads it: title, text, units with the lead marked, targets."""
    sec = plan.section_by_id.get(m.section)
    section = f"{sec.numeral}、{sec.title or MISSING}" if sec else str(m.section)
    lines = [
        ("title", f"{m.id}. {m.title or MISSING}"),
        ("section", f"section {section}"),
        ("", ""),
    ]
    lines += [("text", s) for s in m.text] or [("lost", f"text: {MISSING}")]
    lines.append(("", ""))
    if m.units:
        lines.append(("lead", f"lead (牵头): {m.units[0]}"))
        if len(m.units) > 1:
            lines.append(("units", f"participants (参与): {LIST_SEP.join(m.units[1:])}"))
    else:
        lines.append(("lost", f"units: {MISSING}"))
    targets = plan.targets_by_measure.get(m.id, [])
    if targets:
        lines.append(("", ""))
        lines.append(("head", "targets:"))
        for t in targets:
            due = t.due.label or "undated"
            lines.append(("target", f"  {due:<10} {t.text}"))
    for n in m.notes:
        lines.append(("note", f"note: {n}"))
    if not rich:
        for _, text in lines:
            out.stream.write(text + "\n")
        return
    from rich.text import Text

    styles = {"title": "bold", "section": "dim", "lead": "bold", "lost": "dim red",
              "head": "bold", "note": "dim italic"}
    console = out.console()
    for kind, text in lines:
        console.print(Text(text, style=styles.get(kind, "")))


def abbreviations(units) -> list[str]:
    """Short, distinct column heads for the terminal matrix (发改, 财政, 市县 …)."""
    heads: list[str] = []
    for u in units:
        names = [n for n in (u.short, *u.aliases, u.name) if n]
        base = min(names, key=len).removeprefix("自治区")
        base = base.rstrip("厅局委办会") or base
        head = base[:2]
        n = 2
        while head in heads:
            n += 1
            head = base[:2] + str(n)
        heads.append(head)
    return heads


MATRIX_MARKS = {"牵头": "●", "参与": "○", "全体": "◇"}


def matrix_table(units, rows, out: Output) -> None:
    """The 分工表 on a terminal: a mark per cell, two-character heads, a legend below."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    heads = abbreviations(units)
    console = out.console()
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, padding=(0, 0))
    table.add_column("id", justify="right")
    table.add_column(" title", max_width=18, no_wrap=True, overflow="ellipsis")
    for h in heads:
        table.add_column(h, justify="center", no_wrap=True)
    style = {"牵头": "bold", "参与": "", "全体": "dim"}
    for row in rows:
        cells = [str(row["id"]), Text(" " + (row["title"] or MISSING))]
        for u in units:
            if row.get("lead") is None:  # the unit list is lost: unknown, not "nobody"
                cells.append(Text("?", style="dim red"))
                continue
            v = row.get(u.name, "")
            cells.append(Text(MATRIX_MARKS.get(v, ""), style=style.get(v, "")))
        table.add_row(*cells)
    console.print(table)
    console.print("● 牵头 leads   ○ 参与 takes part   ◇ 全体 named through a collective   "
                  "? 责任单位原文缺失 unit list lost")
    legend = "  ".join(f"{h}={u.name}" for h, u in zip(heads, units, strict=True))
    console.print(Text(legend, style="dim"))


def timeline_chart(rows, out: Output) -> None:
    """Targets by when they fall due, as a bar per group and the targets under it."""
    from rich.text import Text

    console = out.console()
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["group"], []).append(r)
    widest = max((len(g) for g in groups.values()), default=1)
    for group, items in groups.items():
        bar = "█" * max(1, round(30 * len(items) / widest))
        console.print(Text.assemble((f"{group:<10}", "bold"), (bar, "cyan"), f" {len(items)}"))
        for r in items:
            console.print(Text(f"{'':<10}{r['measure']:>3}. {r['text']}", style="dim" if
                               r["value"] is None else ""))
