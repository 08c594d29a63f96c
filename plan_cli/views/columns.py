"""What a listing is made of: its columns and the hooks that draw it where rows will not do.

The declarations themselves are in listings.py, one per listing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    key: str  # the row's key; also the header in tsv, csv and markdown (as in JSON)
    header: str  # the header a person reads in the terminal table
    lost: bool = False  # None here means the source lost it: show （原文缺失）
    numeric: bool = False
    max_width: int | None = None  # terminal table only
    table: bool = True  # shown in the terminal table (every other format shows all columns)
    labels: dict[str, str] | None = None  # terminal table only: value -> what a person reads
    get: Callable[[dict], Any] | None = None  # derives the shown value from the row
    whole: bool = False  # never broken across lines in a terminal table (a date)

    def value(self, row: dict) -> Any:
        return self.get(row) if self.get else row.get(self.key)


def _itself(answer: Any) -> Sequence[dict]:
    return answer


@dataclass(frozen=True)
class Listing:
    """How one kind of answer is shown, in every format.

    An answer is whatever the core query returned; `rows` takes the rows out of it. The
    optional hooks replace the default for one format: `summary` is the line above a
    terminal table, `document` the object that JSON and YAML write instead of the rows,
    `draw` the terminal view instead of a table, `text` the plain view instead of
    tab-separated lines, `sheets` the workbook instead of one sheet of the rows,
    `database` a SQLite file (the only listing with one is export).
    """

    name: str  # the sheet's name in a workbook
    columns: Sequence[Column] | Callable[[Any], Sequence[Column]]
    rows: Callable[[Any], Sequence[dict]] = _itself
    summary: Callable[[Any], str | None] | None = None
    document: Callable[[Any], Any] | None = None
    draw: Callable[[Any, Any], None] | None = None
    text: Callable[[Any, Any], None] | None = None
    sheets: Callable[[Any], list] | None = None
    database: Callable[[Any, str], None] | None = None  # writes the answer as SQLite at a path
    lead_column: str | None = "lead"  # in a workbook, a column whose cells are all leads

    def columns_for(self, answer: Any) -> Sequence[Column]:
        return self.columns(answer) if callable(self.columns) else self.columns
