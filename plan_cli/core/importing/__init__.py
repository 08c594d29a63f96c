"""`plan import`: a published 分工方案 (text, Word, an Excel 分工表) read into a draft plan,
in the schema of data/plan.yaml, for a person to check.

    read.py            the file: its lines (text, Word) or its rows (Excel, Word tables)
    responsibility.py  a 责任单位 phrase: who leads, who takes part, a person, a deadline
    dates.py           deadlines as written (2017年6月底前, 今年, “十四五”末, 年内持续推进)
    targets.py         numbers with units in a task's text (30万宗, 75%以上, 1个百分点)
    structure.py       the document: header, sections, tasks, and the rules that carry
                       a responsibility from one place to others
    draft.py           the draft as YAML, with a `review:` note on whatever is uncertain

The draft never invents: every unit is named as the source writes it (a prefix written
once for a list carried to each member), and what import cannot decide for sure carries a
review note instead of a guess.
"""

from __future__ import annotations

from plan_cli.core.importing.draft import Draft, import_file

__all__ = ["Draft", "import_file"]
