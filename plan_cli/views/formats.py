"""The machine formats: plain, tsv, csv, json, jsonl, markdown and yaml.

They are the stable forms that scripts read: the same bytes whatever the terminal, the
locale or the language. Text formats show the listing's columns; JSON, JSONL and YAML carry
whole rows, whose keys are the JSON contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from plan_cli.core.model import MISSING
from plan_cli.views.columns import Column

LIST_SEP = "；"  # joins lists in text formats; no unit name contains it (some contain 、)


def cell_text(value: Any, column: Column | None = None) -> str:
    """One value as text for the text formats (plain, tsv, csv, markdown, table)."""
    lost = column is not None and column.lost
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


def write_rows(
    rows: Sequence[dict], columns: Sequence[Column], fmt: str, stream: TextIO, *, bom: bool = False
) -> None:
    """Rows in one of the machine formats."""
    if fmt == "json":
        write_object(list(rows), fmt, stream)
    elif fmt == "jsonl":
        import json

        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "yaml":
        write_object(list(rows), fmt, stream)
    elif fmt == "csv":
        import csv

        if bom:
            stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([c.key for c in columns])
        for row in rows:
            writer.writerow([cell_text(c.value(row), c) for c in columns])
    elif fmt in ("tsv", "plain"):
        if fmt == "tsv":
            stream.write("\t".join(c.key for c in columns) + "\n")
        for row in rows:
            stream.write("\t".join(_flat(cell_text(c.value(row), c)) for c in columns) + "\n")
    elif fmt == "markdown":
        from tabulate import tabulate

        body = [
            [_flat(cell_text(c.value(row), c)).replace("|", "\\|") for c in columns] for row in rows
        ]
        stream.write(
            tabulate(
                body, headers=[c.key for c in columns], tablefmt="github", disable_numparse=True
            )
            + "\n"
        )
    else:  # pragma: no cover - output.FORMATS lists what reaches here
        raise ValueError(fmt)


def write_object(obj: Any, fmt: str, stream: TextIO) -> None:
    """One nested object (or a list of rows) as JSON or YAML."""
    if fmt == "yaml":
        import yaml

        stream.write(
            yaml.dump(
                obj,
                Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                allow_unicode=True,
                sort_keys=False,
                default_flow_style=False,
                width=1000,
            )
        )
    else:  # orjson writes what json.dump(indent=2, ensure_ascii=False) writes, faster
        import orjson

        stream.write(orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")
