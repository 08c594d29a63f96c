"""What a person reads on a terminal: tables, the measure card, the 分工表 chart and the
timeline chart, drawn with rich (imported here only, when one is drawn).
"""

from __future__ import annotations

from collections.abc import Sequence

from plan_cli.core.i18n import _, ngettext
from plan_cli.core.model import MISSING, UNSECTIONED
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
    columns = [c for c in columns if c.table and (c.key != "plan" or out.several)]
    for c in columns:
        t.add_column(
            _(c.header),
            justify="right" if c.numeric else "left",
            max_width=c.max_width,
            overflow="fold",
            no_wrap=c.whole or c.numeric,
        )
    for row in rows:
        cells = []
        for c in columns:
            value = c.value(row)
            if c.labels and isinstance(value, list):  # each item read as a person says it
                value = [_(c.labels[v]) if c.labels.get(v) else v for v in value]
            text = cell_text(value, c)
            if c.labels and text in c.labels:
                text = _(c.labels[text]) if c.labels[text] else ""
            cell = Text(text, style="dim red" if text == MISSING and c.lost else "")
            if highlight:
                cell.highlight_words([highlight], style="bold reverse", case_sensitive=False)
            cells.append(cell)
        t.add_row(*cells)
    console.print(t)


def _pad(text: str, cells: int) -> str:
    """Text padded to a display width (a Chinese character takes two cells)."""
    from plan_cli.views.text import width

    return text + " " * max(0, cells - width(text))


def due_words(due) -> str:
    """How a due date reads to a person: 2025, 2023-2025, every year, no date."""
    if due is None:
        return _("undated")
    if due == "recurring":
        return _("recurring")
    return str(due)


def measure_card(detail, out, *, rich: bool) -> None:
    """One measure as a person reads it: title, text, units with the lead marked, targets."""
    row = detail.row
    if detail.section_numeral not in ("", UNSECTIONED):
        section = f"{detail.section_numeral}、{detail.section_title or MISSING}"
    else:  # a document without headings is drafted as one section "—" untitled: no line
        section = detail.section_title or ""
    number = f"{row['plan']}:{row['id']}" if out.several else str(row["id"])
    lines = [("title", f"{number}. {row['title'] or MISSING}")]
    if section:
        lines.append(("section", _("section {section}").format(section=section)))
    lines.append(("", ""))
    lines += [("text", s) for s in detail.sentences] or [
        ("lost", _("text: {lost}").format(lost=MISSING))
    ]
    lines.append(("", ""))
    units = row["units"]
    leads = row.get("leads", units[:1])
    if units:
        if leads:
            lines.append(("lead", _("lead (牵头): {unit}").format(unit=LIST_SEP.join(leads))))
        else:
            lines.append(("lead", _("lead (牵头): none named, a shared duty")))
        others = [u for u in units if u not in leads]
        if others:
            lines.append(
                ("units", _("participants (参与): {units}").format(units=LIST_SEP.join(others)))
            )
    else:
        lines.append(("lost", _("units: {lost}").format(lost=MISSING)))
    if row["targets"]:
        lines.append(("", ""))
        lines.append(("head", _("targets:")))
        for t in row["targets"]:
            lines.append(("target", f"  {due_words(t['due']):<10} {t['text']}"))
    for n in detail.notes_in_language():
        lines.append(("note", _("note: {note}").format(note=n)))
    if not rich:
        for _kind, text in lines:
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


def fitted_table(
    out,
    heads: Sequence[str],
    rows: Sequence[Sequence],
    *,
    flex: int,
    right: Sequence[int] = (),
    styles: Sequence[Sequence[str]] = (),
) -> None:
    """A table that fits the terminal's width (COLUMNS, when set, is the width).

    Every column but `flex` is as wide as its widest cell and never wraps; the `flex` column
    takes what is left and its cells are wrapped by `text.wrap` (a number stays with its
    unit) or, for a list of names, after a 、 only.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from plan_cli.views.text import width, wrap, wrap_items

    console = out.console()
    fixed = [
        max([width(h), *(width(str(r[i])) for r in rows)]) if i != flex else 0
        for i, h in enumerate(heads)
    ]
    overhead = 3 * len(heads) + 1  # padding of one a side, one between columns, the edges
    room = max(12, console.width - overhead - sum(fixed), width(heads[flex]))
    t = Table(box=box.SIMPLE_HEAD, header_style="bold", expand=False)
    for i, h in enumerate(heads):
        t.add_column(
            h,
            width=room if i == flex else fixed[i],
            no_wrap=True,
            justify="right" if i in right else "left",
        )
    for n, row in enumerate(rows):
        cells = []
        for i, value in enumerate(row):
            if i == flex:
                lines = wrap_items(value, room) if isinstance(value, list) else wrap(value, room)
                value = "\n".join(lines)
            style = styles[n][i] if n < len(styles) and i < len(styles[n]) else ""
            cells.append(Text(str(value), style=style))
        t.add_row(*cells)
    console.print(t)


def footnote(out, text: str, items: Sequence[str] = ()) -> None:
    """A dim note under a table, wrapped to the terminal: a sentence, or a label and items
    (names are never split across lines)."""
    from rich.text import Text

    from plan_cli.views.text import wrap, wrap_items

    console = out.console()
    lines = (
        wrap_items([text, *items], console.width, sep="  ") if items else wrap(text, console.width)
    )
    for line in lines:
        console.print(Text(line, style="dim"))


def matrix_chart(m, out) -> None:
    """The 分工表 on a terminal, a measure per line: its lead and the units that take part,
    by the names people say (发改委, 财政厅), wrapped to the width; with --agency, that
    unit's role. A measure whose unit list is lost says so instead of naming nobody."""
    from plan_cli.core.relation import COLLECTIVE, LEAD, PARTICIPANT, UNKNOWN
    from plan_cli.views.short import footer, short_names

    shown = short_names(m.all_units)
    heads = [_("id"), _("title"), ROLE_WORDS[LEAD], ROLE_WORDS[PARTICIPANT]]
    if m.agency:
        heads.append(shown.get(m.agency.name, m.agency.name))
    if out.several:
        heads.append(_("plan"))
    rows, styles, used = [], [], []
    for row in m.rows:
        key = (row["plan"], row["id"])
        if key in m.unknown:
            cells = [
                row["id"],
                row["title"] or MISSING,
                "?",
                f"{ROLE_WORDS[UNKNOWN]}：责任单位原文缺失",
            ]
            style = ["", "", "dim red", "dim red"]
        else:
            lead, *takes_part = m.named[key]
            used += [lead, *takes_part]
            cells = [
                row["id"],
                row["title"] or MISSING,
                shown.get(lead, lead),
                [shown.get(n, n) for n in takes_part] or ["—"],
            ]
            style = ["", "", "bold", ""]
        if m.agency:
            role = m.agency_roles.get(key, "")
            cells.append(role)
            style.append("bold" if role == ROLE_WORDS[LEAD] else "")
        if out.several:
            cells.append(row["plan"])
            style.append("dim")
        rows.append(cells)
        styles.append(style)
    fitted_table(out, heads, rows, flex=3, right=[0], styles=styles)
    notes = (
        [
            _(
                "? = {unknown}: the source lost the unit list, so who takes part is unknown "
                "(not nobody)."
            ).format(unknown=ROLE_WORDS[UNKNOWN])
        ]
        if m.unknown
        else []
    )
    collectives = [u for u in m.all_units if u.covers and u.name in used]
    if collectives:
        names = "、".join(shown[u.name] for u in collectives)
        notes.append(
            _("{names} names every unit of its kind ({collective}).").format(
                names=names, collective=ROLE_WORDS[COLLECTIVE]
            )
        )
    for note in notes:
        footnote(out, note)
    abbreviated = footer(shown, used + ([m.agency.name] if m.agency else []))
    if abbreviated:
        footnote(out, _("Names shortened:"), abbreviated)


def targets_table(answer, out) -> None:
    """Targets on a terminal: measure, due, its lead by a short name (and with --agency
    that unit's role), and the target's full text, wrapped, never cut."""
    from plan_cli.views.short import footer, short_names

    shown = short_names(answer.units)
    console = out.console()
    if answer.rows or answer.agency:
        from rich.text import Text

        n = len(answer.rows)
        console.print(Text(ngettext("{n} target", "{n} targets", n).format(n=n), style="italic"))
    heads = [_("measure"), _("due"), _("lead"), _("target")]
    if answer.agency:
        heads.insert(3, _("role"))
    rows = []
    for r in answer.rows:
        cells = [
            f"{r['plan']}:{r['measure']}" if out.several else r["measure"],
            "" if r["due"] is None else due_words(r["due"]),
            shown.get(r["lead"], r["lead"]) if r["lead"] else "?",
            r["text"],
        ]
        if answer.agency:
            cells.insert(3, ROLE_WORDS.get(r["role"], r["role"]))
        rows.append(cells)
    fitted_table(out, heads, rows, flex=len(heads) - 1, right=[0])
    if any(r["lead"] is None for r in answer.rows):
        footnote(out, _("lead ? = the source lost the measure's unit list: unknown, not nobody."))
    abbreviated = footer(shown, [r["lead"] for r in answer.rows if r["lead"]])
    if abbreviated:
        footnote(out, _("Names shortened:"), abbreviated)


def timeline_chart(rows, out) -> None:
    """Targets by when they fall due, as a bar per group and the targets under it (each
    by its measure: 31, or nx2020:31 when several plans are in scope)."""
    from rich.text import Text

    from plan_cli.views.text import wrap

    console = out.console()
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["group"], []).append(r)
    widest = max((len(g) for g in groups.values()), default=1)
    for group, items in groups.items():
        bar = "█" * max(1, round(30 * len(items) / widest))
        label = due_words(None if group == "undated" else group)
        console.print(Text.assemble((_pad(label, 10), "bold"), (bar, "cyan"), f" {len(items)}"))
        # targets that share a sentence (主要农作物机械化率、农业科技进步贡献率分别达到80%和60%)
        # show it once, with how many targets it holds
        seen: dict[tuple[str, str], int] = {}
        for r in items:
            measure = f"{r['plan']}:{r['measure']}" if out.several else str(r["measure"])
            seen[(measure, r["text"])] = seen.get((measure, r["text"]), 0) + 1
        for (measure, text), n in seen.items():
            dated = any(r["value"] is not None for r in items if r["text"] == text)
            more = ngettext("  ({n} target)", "  ({n} targets)", n).format(n=n) if n > 1 else ""
            indent = 12 + max(3, len(measure))
            lines = wrap(text + more, max(20, console.width - indent))
            for i, line in enumerate(lines):
                lead = f"{'':<10}{measure:>3}. " if i == 0 else " " * indent
                console.print(Text(lead + line, style="" if dated else "dim"))
