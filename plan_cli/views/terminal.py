"""What a person reads on a terminal: tables, the measure card, the 分工表 chart and the
timeline chart, drawn with rich (imported here only, when one is drawn).
"""

from __future__ import annotations

from collections.abc import Sequence

from plan_cli.core.model import MISSING
from plan_cli.core.relation import ROLE_WORDS
from plan_cli.views.columns import Column
from plan_cli.views.formats import LIST_SEP, cell_text


def table(
    rows: Sequence[dict],
    columns: Sequence[Column],
    out,
    *,
    title: str | None = None,
    highlight: str | None = None,
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = out.console()
    if title:  # above the table, not as its title: a table's title wraps to its width
        console.print(Text(title, style="italic"))
    t = Table(box=box.SIMPLE_HEAD, header_style="bold", expand=False)
    columns = [c for c in columns if c.table]
    for c in columns:
        t.add_column(
            c.header,
            justify="right" if c.numeric else "left",
            max_width=c.max_width,
            overflow="fold",
        )
    for row in rows:
        cells = []
        for c in columns:
            text = cell_text(c.value(row), c)
            if c.labels and text in c.labels:
                text = c.labels[text]
            cell = Text(text, style="dim red" if text == MISSING and c.lost else "")
            if highlight:
                cell.highlight_words([highlight], style="bold reverse", case_sensitive=False)
            cells.append(cell)
        t.add_row(*cells)
    console.print(t)


def measure_card(detail, out, *, rich: bool) -> None:
    """One measure as a person reads it: title, text, units with the lead marked, targets."""
    row = detail.row
    section = (
        f"{detail.section_numeral}、{detail.section_title or MISSING}"
        if detail.section_numeral
        else str(row["section"])
    )
    lines = [
        ("title", f"{row['id']}. {row['title'] or MISSING}"),
        ("section", f"section {section}"),
        ("", ""),
    ]
    lines += [("text", s) for s in detail.sentences] or [("lost", f"text: {MISSING}")]
    lines.append(("", ""))
    units = row["units"]
    if units:
        lines.append(("lead", f"lead (牵头): {units[0]}"))
        if len(units) > 1:
            lines.append(("units", f"participants (参与): {LIST_SEP.join(units[1:])}"))
    else:
        lines.append(("lost", f"units: {MISSING}"))
    if row["targets"]:
        lines.append(("", ""))
        lines.append(("head", "targets:"))
        for t in row["targets"]:
            due = "undated" if t["due"] is None else str(t["due"])
            lines.append(("target", f"  {due:<10} {t['text']}"))
    for n in detail.notes:
        lines.append(("note", f"note: {n}"))
    if not rich:
        for _, text in lines:
            out.stream.write(text + "\n")
        return
    from rich.text import Text

    styles = {
        "title": "bold",
        "section": "dim",
        "lead": "bold",
        "lost": "dim red",
        "head": "bold",
        "note": "dim italic",
    }
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


MARKS = {ROLE_WORDS["lead"]: "●", ROLE_WORDS["participant"]: "○", ROLE_WORDS["collective"]: "◇"}


def matrix_chart(m, out) -> None:
    """The 分工表 on a terminal: a mark per cell, two-character heads, a legend below."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    heads = abbreviations(m.units)
    console = out.console()
    t = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, padding=(0, 0))
    t.add_column("id", justify="right")
    t.add_column(" title", max_width=18, no_wrap=True, overflow="ellipsis")
    for h in heads:
        t.add_column(h, justify="center", no_wrap=True)
    style = {ROLE_WORDS["lead"]: "bold", ROLE_WORDS["collective"]: "dim"}
    for row in m.rows:
        cells = [str(row["id"]), Text(" " + (row["title"] or MISSING))]
        for u in m.units:
            if row["id"] in m.unknown:  # the unit list is lost: unknown, not "nobody"
                cells.append(Text("?", style="dim red"))
                continue
            v = row.get(u.name, "")
            cells.append(Text(MARKS.get(v, ""), style=style.get(v, "")))
        t.add_row(*cells)
    console.print(t)
    console.print(
        "● 牵头 leads   ○ 参与 takes part   ◇ 全体 named through a collective   "
        "? 责任单位原文缺失 unit list lost"
    )
    legend = "  ".join(f"{h}={u.name}" for h, u in zip(heads, m.units, strict=True))
    console.print(Text(legend, style="dim"))


def timeline_chart(rows, out) -> None:
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
            console.print(
                Text(
                    f"{'':<10}{r['measure']:>3}. {r['text']}",
                    style="dim" if r["value"] is None else "",
                )
            )
