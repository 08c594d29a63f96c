"""The draft: a parsed document as a plan in the schema of data/plan.yaml, as YAML text.

It names its source file (`document.source`), so that `plan add` copies the source beside
it and `plan verify` can check it. Every uncertain item carries a `review:` note for the
person who checks the draft; the notes are counted, and `plan plans` shows the count until
they are settled (deleted).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plan_cli.core.errors import DataError, Problem
from plan_cli.core.i18n import _
from plan_cli.core.importing.read import Source, read_source
from plan_cli.core.importing.structure import Parsed, parse_document, sentences, task_due
from plan_cli.core.importing.targets import find_targets
from plan_cli.core.model import UNSECTIONED, due_from_phrase
from plan_cli.core.names import jurisdiction_of


@dataclass
class Draft:
    plan: dict  # the plan, as the YAML holds it
    reviews: int  # review notes left for a person
    tasks: int

    def yaml(self) -> str:
        head = (
            f"# A draft imported by `plan import` from {self.plan['document']['source']}.\n"
            f"# {self.reviews} review notes ('review:') mark what import could not decide for\n"
            "# sure: check each against the source, fix the item, delete the note. Then run\n"
            "# plan validate --data FILE, plan verify --data FILE, and plan add FILE.\n\n"
        )
        return head + "".join(_yaml(self.plan, 0))


def _yaml(value, indent: int):
    """Block-style YAML of plain data (dicts, lists, strings, numbers, None), strings
    double-quoted as JSON writes them (a JSON string is a YAML scalar). PyYAML writes the
    same data, but its representer is pure Python and took 1.5 s for a 0.6 MB plan;
    tests/test_import.py checks that PyYAML reads this back as the same data."""
    from json.encoder import encode_basestring as json  # C; keeps Chinese as it is

    pad = " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict) and v:
                yield f"{pad}{k}:\n"
                yield from _yaml(v, indent + 2)
            elif isinstance(v, list) and v:
                yield f"{pad}{k}:\n"
                yield from _yaml(v, indent)
            else:
                yield f"{pad}{k}: {_scalar(v, json)}\n"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                lines = list(_yaml(item, indent + 2))
                lines[0] = f"{pad}- {lines[0][indent + 2 :]}"
                yield from lines
            elif isinstance(item, list) and item:
                yield f"{pad}-\n"
                yield from _yaml(item, indent + 2)
            else:
                yield f"{pad}- {_scalar(item, json)}\n"


def _scalar(v, json) -> str:
    """A scalar as YAML: null, true/false, a number, or a JSON string (`json` encodes it)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, dict | list):  # empty
        return "{}" if isinstance(v, dict) else "[]"
    return json(str(v))


Known = Callable[[str | None], dict[str, tuple[str, str | None, str]]]


def import_file(path: Path, plan_id: str, known: Known | None = None) -> Draft:
    """Read a published plan into a draft. `known(jurisdiction)` gives the kinds the
    library knows for units of a jurisdiction (lookup.known_kinds), so that an imported
    collective (自治区政府各部门〔单位〕) reaches the departments it names. Raises
    InvalidValue for an unknown kind of file, DataError for a file whose content cannot be
    read or is too damaged to import."""
    source = read_source(path)
    parsed = parse_document(source)
    _refuse_damaged(source, parsed)
    draft = _draft(source, parsed, plan_id)
    _kinds(draft, known(draft.plan["document"].get("jurisdiction")) if known else {})
    return draft


_COLLECTIVE = re.compile(r"^(各|有关|相关|全体|所有)|各(成员)?(单位|部门)[〔（(]?.*$|成员单位$")


def _kinds(draft: Draft, known: dict[str, tuple[str, str | None, str]]) -> None:
    """Each unit's kind where the library knows it for a unit of that name (a judgement,
    marked), or a collective by its name (各…, 有关…); else none: unknown, never guessed."""
    for unit in draft.plan["units"]:
        name = unit["name"]
        if name in known:
            kind, covers, plan = known[name]
            unit["kind"] = kind
            if covers:
                unit["covers"] = covers
            unit["inferred"] = True
            unit["note"] = f"kind as the unit of this name in plan {plan}"
        elif _COLLECTIVE.search(name):
            unit["kind"] = "collective"
            unit["inferred"] = True
            unit["note"] = "a collective by its name: which units it covers is not known"
            _review(unit, [f"{name} names units of a kind: say which with covers:, or leave it"])
            draft.reviews += 1


def _refuse_damaged(source: Source, parsed: Parsed) -> None:
    """A source that repeats its sentences or its numbering (two readings interleaved, as the
    shipped source does) would give a confident wrong plan: refuse it."""
    body = [
        s
        for line in source.lines
        for s in sentences(re.sub(r"[（(〔][^（）()〔〕]*[）)〕]", "", line))
        if len(s) >= 12 and s.endswith("。")
    ]
    said = Counter(body)
    repeated = sum(n - 1 for n in said.values() if n > 1)
    numbers = [int(t.number) for t in parsed.tasks if t.number.isdigit() and t.group]
    repeats = len(numbers) - len(set(numbers))
    backwards = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b < a and b != 1)
    if (repeated >= 5 and repeated >= len(body) // 10) or (repeats >= 3 and backwards >= 2):
        raise DataError(
            [
                Problem(
                    str(source.path),
                    None,
                    _(
                        "the text repeats {sentences} sentences and {numbers} task numbers, "
                        "as two readings of one document interleaved would; import cannot "
                        "tell which is which, so it writes no draft (curate it by hand)"
                    ).format(sentences=repeated, numbers=repeats),
                )
            ]
        )
    if not parsed.tasks:
        raise DataError(
            [
                Problem(
                    str(source.path),
                    None,
                    _(
                        "no tasks found: no numbered items, no table "
                        "of tasks, no responsibility in brackets"
                    ),
                )
            ]
        )


def _review(item: dict, notes: list[str]) -> None:
    notes = list(dict.fromkeys(n for n in notes if n))
    if notes:
        item["review"] = notes[0] if len(notes) == 1 else notes


def _draft(source: Source, doc: Parsed, plan_id: str) -> Draft:
    reviews = 0
    base_year = doc.base_year
    document_review = list(doc.review)
    titled = re.search(r"(20\d{2})年", doc.title or "")
    if base_year is None and titled:  # 营商环境创新2022年行动计划: its 9月底前 is 2022's
        base_year = int(titled.group(1))
        document_review.append(
            f"base_year: {base_year}, the year in the title (the document's date was not "
            "found): 今年, 年底 and a month with no year are dated by it"
        )
    elif not doc.date and re.search(r"今年|年内|年底|本年度|当年|\d{1,2}月底", source.text):
        document_review.append(
            "the document's date was not found: 今年 and 年底 are left undated (add date and "
            "base_year, then date them)"
        )
    elif not doc.date:
        document_review.append("the document's date was not found")
    if not doc.issuer:
        document_review.append("the issuer was not found")
    if not doc.title:
        document_review.append("the plan's title was not found")
    document = {
        "title": doc.title,
        "notice_title": doc.notice_title,
        "issuer": doc.issuer,
        "date": doc.date,
        "published": doc.published,
        "base_year": base_year,
        "addressees": doc.addressees,
        "notice": doc.notice,
        "preamble": [s for line in doc.preamble for s in sentences(line)],
        **(
            {"other_text": [s for line in doc.other_text for s in sentences(line)]}
            if doc.other_text
            else {}
        ),
        "source": source.path.name,
        "jurisdiction": jurisdiction_of(doc.issuer),
    }
    if base_year is None:
        document.pop("base_year")  # unknown, not guessed; date stays empty
    if document["jurisdiction"] is None and jurisdiction_of(doc.title):
        document["jurisdiction"] = jurisdiction_of(doc.title)
        document_review.append("the jurisdiction is read from the title: no issuer was found")
    if document["jurisdiction"] is None:
        document.pop("jurisdiction")
        document_review.append("the jurisdiction could not be read from the issuer")
    _review(document, document_review)
    reviews += len(document_review)

    units: dict[str, dict] = {}
    measures, targets = [], []
    leaders = {s.id: s.leader for s in doc.sections}  # a person a heading names
    for number, task in enumerate(doc.tasks, start=1):
        text = [s for line in task.lines for s in sentences(line)]
        r = task.responsibility
        notes = list(task.review) + (list(r.review) if r else [])
        title = task.title or _title(text)
        due, found = task_due(task, base_year)
        m: dict = {"id": number, "section": task.section, "title": title, "text": text}
        m["units_source"] = task.units_source if r and r.units else None
        m["units"] = list(r.units) if r else []
        if r and r.units:
            m["leads"] = list(r.leads)
            if not r.leads and not r.supporting:
                notes.append("no lead named: the units share the duty (按职责分工负责)")
        m["due"] = due
        outside = [x for x in (task.due_text, r.deadline if r else "") if x]
        if outside:  # the deadline as written apart from the text: a column, a label line
            m["due_text"] = "，".join(outside)
        leader = (r.leader if r else None) or task.leader or leaders.get(task.section)
        if leader:  # its own, or the one its heading names (一、洪湖鹏市长主抓重点工作)
            m["leader"] = leader
        for u in m["units"]:
            entry = units.setdefault(u, {"name": u})
            written = r.written.get(u) if r else None
            if written and written != u:
                entry.setdefault("short", written)
        apart = f"{task.due_text or ''} {r.deadline if r else ''}"  # a column, a label, a bracket
        column_due = [d for d in found if d.year is not None and d.phrase in apart]
        for t in find_targets(text, base_year):
            if t.due is None and column_due:  # the task's own deadline, written apart, governs
                t.due, t.due_text = column_due[0].year, column_due[0].phrase
            target = {
                "measure": number,
                "text": t.text,
                "indicator": t.indicator,
                "value": t.value,
                "unit": t.unit,
                "comparator": t.comparator,
                "due": t.due,
                "due_text": t.due_text,
            }
            if t.value_max is not None:
                target["value_max"] = t.value_max
            meant = due_from_phrase(t.due_text, base_year or 0) if t.due_text else None
            if meant is not None and meant.kind != "none":  # as plan validate reads it
                target["due"] = meant.start if meant.kind == "year" else meant.label
            targets.append(target)
        _review(m, notes)
        reviews += len(dict.fromkeys(notes))
        measures.append(m)
    sections = []
    for s in doc.sections:
        section = {"id": s.id, "numeral": s.numeral or UNSECTIONED, "title": s.title or None}
        if not s.title and s.numeral == "":
            _review(section, ["the document has no numbered sections: one section holds all"])
            reviews += 1
        sections.append(section)
    plan = {
        "id": plan_id,
        "document": document,
        "units": list(units.values()),
        "sections": sections,
        "measures": measures,
        "targets": targets,
    }
    return Draft(plan, reviews, len(measures))


def _title(text: list[str]) -> str | None:
    """The task's title: its first sentence when a short one leads a longer text, else its
    first clause (the source's own words either way)."""
    if not text:
        return None
    first = text[0].rstrip("。；;！")
    if len(text) > 1 and len(first) <= 30:
        return first
    clause = re.split(r"[，,；;：:]", first)[0]
    return clause if clause else first
