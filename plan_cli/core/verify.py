"""The plan checked against the source text it was curated from.

Forward: every sentence, title, heading, unit list and target text of the plan is found in
the source. Backward: every header, 责任单位 block, sentence and number-bearing sentence of
the source is accounted for in the plan (or listed, with a reason, as knowingly left out).
A 责任单位 block belongs to the measure before the header that directly follows it: that
rule of the source is what places unit lists, so it is checked here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from plan_cli.core.errors import DataError, Problem
from plan_cli.core.i18n import _
from plan_cli.core.importing.responsibility import DEADLINE_WORDS, UNIT_LABEL
from plan_cli.core.model import Plan

BLOCK = re.compile(r"（责任单位：(.*?)）")
HEADER = re.compile(r"(?:([一二三四五六七八九十])、([^。]*?))?(\d{1,3})\.(?!\d)([^。]*?)。")
DIGIT = re.compile(r"[0-9]")


@dataclass
class Check:
    name: str
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.total - len(self.misses)

    def expect(self, ok: bool, miss: str) -> None:
        self.total += 1
        if not ok:
            self.misses.append(miss)


@dataclass
class Report:
    checks: list[Check]
    covered_chars: int
    total_chars: int
    uncovered: list[str]
    inferred: int = 0  # judgements marked inferred: true (sections, measures, units)

    @property
    def ok(self) -> bool:
        return not self.uncovered and all(not c.misses for c in self.checks)

    def misses(self) -> list[str]:
        """Every disagreement, one line each."""
        found = [m for c in self.checks for m in c.misses]
        return found + [
            _("source text in no part of the plan: {text}").format(text=u[:40])
            for u in self.uncovered
        ]

    @property
    def coverage(self) -> float:
        return 100.0 * self.covered_chars / self.total_chars if self.total_chars else 100.0


def source_path(plan: Plan) -> Path:
    return Path(plan.path).parent / plan.document.source


def read_source(plan: Plan) -> str:
    """The source's text: a text file (UTF-8 or GB18030) as it is; a Word file's paragraphs
    and a workbook's or a Word table's rows, a line each (as `plan import` reads them)."""
    path = source_path(plan)
    if path.suffix.lower() in (".docx", ".xlsx"):
        from plan_cli.core.importing.read import read_source as read_file

        found = read_file(path)
        return "\n".join(found.lines + ["\t".join(row) for row in found.rows])
    try:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        from plan_cli.core.importing.read import unwrap

        lines = [x.strip() for x in text.splitlines() if x.strip()]
        joined = unwrap(lines)  # a text copied out of a PDF: as plan import reads it
        return text if joined is None else "\n".join(joined)
    except (OSError, UnicodeDecodeError) as e:
        reason = (
            _("no such file")
            if isinstance(e, FileNotFoundError)
            else _("cannot read: {reason}").format(reason=e)
        )
        raise DataError([Problem(str(path), None, reason)]) from None


def source_sentences(source: str) -> list[str]:
    """The body sentences of the source: blocks and headers taken out, split after 。."""
    body = HEADER.sub("\n", BLOCK.sub("\n", source))
    out = []
    for line in body.split("\n"):
        out.extend(s.strip() for s in re.findall(r"[^。]*。|[^。]+$", line) if s.strip())
    return out


def verify(plan: Plan, source: str | None = None) -> Report:
    """The plan against its source. A source in the shipped document's notation (each
    （责任单位：…） block placed before the next header) gets every check below; any other
    (an imported plan's) gets the checks that hold for every notation (`_verify_any`)."""
    src = read_source(plan) if source is None else source
    if not _in_block_notation(plan, src):
        return _verify_any(plan, src)
    doc = plan.document
    checks = []

    # 1. Every sentence of the plan is in the source.
    c = Check(_("sentences found in the source"))
    for where, sentences in [(_("preamble"), doc.preamble), (_("other text"), doc.other_text)] + [
        (_("measure {n}").format(n=m.id), m.text) for m in plan.measures
    ]:
        for s in sentences:
            c.expect(
                s in src,
                _("{where}: '{text}…' is not in the source").format(where=where, text=s[:30]),
            )
    checks.append(c)

    # 2. Titles and headings, both ways.
    headers: dict[int, set[str]] = {}
    sections_seen: dict[str, set[str]] = {}
    for h in HEADER.finditer(src):
        headers.setdefault(int(h.group(3)), set()).add(h.group(4).strip())
        if h.group(1):  # a heading may stand on its own line before the header
            sections_seen.setdefault(h.group(1), set()).add(h.group(2).strip())
    c = Check(_("measure titles matching the source's headers"))
    for m in plan.measures:
        seen = headers.get(m.id, set())
        if m.title is None:
            c.expect(
                not seen,
                _("measure {n}: title is null but the source has '{header}'").format(
                    n=m.id, header=f"{m.id}.{next(iter(seen), '')}"
                ),
            )
        else:
            c.expect(
                seen == {m.title},
                _("measure {n}: title '{title}' but the source's header reads {header}").format(
                    n=m.id, title=m.title, header=" / ".join(sorted(seen)) or _("nothing (lost)")
                ),
            )
    for n in sorted(set(headers) - set(plan.measure_by_id)):
        c.expect(False, _("the source has header {n}. but the plan has no measure {n}").format(n=n))
    checks.append(c)
    c = Check(_("section headings matching the source"))
    for s in plan.sections:
        seen = sections_seen.get(s.numeral, set())
        if s.title is None:
            c.expect(
                not seen,
                _("section {n}: title is null but the source has '{heading}'").format(
                    n=s.numeral, heading=next(iter(seen), "")
                ),
            )
        else:
            first = min(s.measures) if s.measures else None
            heading = re.compile(rf"{re.escape(s.numeral)}、{re.escape(s.title)}\s*{first}\.")
            c.expect(
                seen == {s.title} and heading.search(src) is not None,
                _(
                    "section {n}: '{title}' is not the source's heading in front of measure {first}"
                ).format(n=s.numeral, title=s.title, first=first),
            )
    checks.append(c)

    # 3. Unit lists, both ways: each block belongs to the measure before the header after it.
    c = Check(_("责任单位 blocks of the source placed by the header that follows them"))
    blocks = []
    for b in BLOCK.finditer(src):
        pos = b.end()
        while pos < len(src) and src[pos].isspace():
            pos += 1
        after = HEADER.match(src, pos)
        if after:
            blocks.append((b.group(1), int(after.group(3)) - 1))
            continue
        # no header follows: the block closes the last measure, if the header before it
        # is the last measure's (the end of the list of measures)
        before = [int(h.group(3)) for h in HEADER.finditer(src, 0, b.start())]
        last = max(plan.measure_by_id, default=None)
        blocks.append((b.group(1), last if before and before[-1] == last else None))
    for text, owner in blocks:
        if owner is None:
            c.expect(False, _("block '{text}…' is not followed by a header").format(text=text[:20]))
            continue
        m = plan.measure_by_id.get(owner)
        c.expect(
            m is not None and m.units_source == text,
            _(
                "block '{text}…' (before header {header}) should be measure {n}'s units, but "
                "measure {n} has {other}"
            ).format(
                text=text[:24],
                header=owner + 1,
                n=owner,
                other=m.units_source[:24] + "…" if m and m.units_source else _("none"),
            ),
        )
    checks.append(c)
    c = Check(_("unit lists of the plan found in the source"))
    placed_blocks = set(blocks)
    for m in plan.measures:
        if m.units_source is not None:
            c.expect(
                (m.units_source, m.id) in placed_blocks,
                _(
                    "measure {n}: its unit list is not a block of the source followed by header "
                    "{header}"
                ).format(n=m.id, header=m.id + 1),
            )
    checks.append(c)

    # 4. Targets are traced to a sentence of their measure; numbers are in their text.
    c = Check(_("targets traced to a sentence of their measure"))
    for t in plan.targets:
        m = plan.measure_by_id[t.measure]
        home = [s for s in m.text if t.text in s]
        ok = bool(home) and t.text in src
        why = _("measure {n}: target '{text}' is not in its measure's text")
        if ok and t.value is not None:
            ok = _number(t.value) in t.text
            why = _("measure {n}: value {value} is not in '{text}'")
        if ok and t.due_text:
            ok = any(t.due_text in s for s in home)
            why = _("measure {n}: due phrase '{due}' is not in the sentence of '{text}'")
        why = why.format(n=t.measure, text=t.text[:24], value=_number(t.value or 0), due=t.due_text)
        c.expect(ok, why)
    checks.append(c)
    c = Check(_("number-bearing sentences of the source with a target or a reason"))
    reasons = {u.text for u in plan.untargeted}
    owner = {s: m.id for m in plan.measures for s in m.text}
    placed = set(owner)
    for s in dict.fromkeys(source_sentences(src)):
        if not DIGIT.search(s) or s not in placed:
            continue
        own = plan.targets_of(owner[s])
        c.expect(
            any(t.text in s for t in own) or s in reasons,
            _("'{text}…' has numbers but no target and no reason").format(text=s[:40]),
        )
    for u in plan.untargeted:
        c.expect(
            u.text in placed and bool(u.reason.strip()),
            _("untargeted '{text}…' is not a sentence of a measure, or has no reason").format(
                text=u.text[:24]
            ),
        )
    checks.append(c)

    # 5. Every sentence of the source is somewhere in the plan.
    c = Check(_("source sentences placed in the plan"))
    front = [
        doc.title,
        doc.notice_title,
        doc.issuer,
        doc.addressees,
        doc.notice,
        f"发布日期:{doc.published}",
        _chinese_date(doc.date),
        "（此件公开发布）",
    ]
    for s in dict.fromkeys(source_sentences(src)):
        around = front + list(doc.preamble) + list(doc.other_text)
        in_front = not re.search(r"[\w\u4e00-\u9fff]", _strip_all(s, around))
        c.expect(
            s in placed or s in doc.preamble or s in doc.other_text or in_front,
            _("'{text}…' is in no measure").format(text=s[:40]),
        )
    checks.append(c)

    # 6. Coverage in characters: what is left of the source once every known piece is removed.
    pieces = list(front) + list(doc.preamble) + list(doc.other_text)
    pieces += [s for m in plan.measures for s in m.text]
    pieces += [f"（责任单位：{m.units_source}）" for m in plan.measures if m.units_source]
    pieces += [f"{m.id}.{m.title}。" for m in plan.measures if m.title]
    pieces += [f"{s.numeral}、{s.title}" for s in plan.sections if s.title]
    rest = _strip_all(src, pieces)
    leftovers = [x for x in re.split(r"\s+", rest) if re.search(r"[\w\u4e00-\u9fff]", x)]
    total = len(re.sub(r"\s", "", src))
    covered = total - sum(len(x) for x in leftovers)
    judged = sum(x.inferred for x in (*plan.sections, *plan.measures, *plan.units))
    return Report(checks, covered, total, leftovers, judged)


def _in_block_notation(plan: Plan, src: str) -> bool:
    """The shipped document's notation: a header N.title。 for each measure, and its unit
    list as a （责任单位：…） block. Decided by the source and most of the plan (80% of the
    titles and of the unit lists), so that one wrong title or list is a miss of this
    notation, not another notation; a plan that labels its leads (牵头单位：…) is another."""
    titled = [m for m in plan.measures if m.title]
    headed = sum(1 for m in titled if f"{m.id}.{m.title}。" in src)
    listed = [m for m in plan.measures if m.units_source]
    blocks = sum(1 for m in listed if f"（责任单位：{m.units_source}）" in src)
    return (
        bool(BLOCK.search(src))
        and (not titled or headed >= 0.8 * len(titled))
        and (not listed or blocks >= 0.8 * len(listed))
    )


# What every published plan carries besides its content: numbering, brackets, labels, the
# document number, an attachment's heading, a table's header line.
_NUMBERING = re.compile(
    r"(?m)^\s*(?:\d{1,4}\s*[.．﹒、)）]|[（(]\d{1,4}[）)]|[（(][一二三四五六七八九十]{1,3}[）)]|"
    r"[一二三四五六七八九十]{1,3}、|\d{1,4}(?=\s|$))"
)
_BOILERPLATE = re.compile(
    r"(?m)^\s*(?:[\u4e00-\u9fff]{1,10}[〔\[]\d{4}[〕\]]\d+号(?:\s*\d{4}年\d{1,2}月\d{1,2}日)?|"
    r"附件\d*[:：]?|[（(]此件[\u4e00-\u9fff]{2,8}[）)]|[\u4e00-\u9fff]{2,30}文件|"
    r"(?:\S{1,6}\s+)?序号\s.*|发布日期[:：].*)\s*$"
)
_LABELS = re.compile(
    rf"(?:{UNIT_LABEL})[:：]|部门分工[:：]|(?:{DEADLINE_WORDS})[:：]|[（(〔〕）)；;，,。:：、\s]"
)


def _verify_any(plan: Plan, src: str) -> Report:
    """The checks that hold whatever notation the source writes responsibilities in:
    everything the plan says is in the source; every target traced to its measure; and,
    backward, every piece of the source is somewhere in the plan."""
    import unicodedata

    def fold(text: str) -> str:
        return unicodedata.normalize("NFKC", text or "")

    folded = fold(src)
    doc = plan.document
    checks = []
    c = Check(_("sentences, titles and unit lists found in the source"))
    pieces: list[tuple[str, str]] = [(_("preamble"), s) for s in doc.preamble]
    pieces += [(_("other text"), s) for s in doc.other_text]
    for m in plan.measures:
        where = _("measure {n}").format(n=m.id)
        pieces += [(where, s) for s in m.text]
        pieces += [(where, m.title)] if m.title else []
        pieces += [(where, p) for p in re.split(r"[；;]", m.units_source or "") if p.strip()]
        pieces += [(where, m.due_text)] if m.due_text else []
    pieces += [(_("section {n}").format(n=s.numeral), s.title) for s in plan.sections if s.title]
    for where, text in pieces:
        c.expect(
            fold(text).strip() in folded,
            _("{where}: '{text}…' is not in the source").format(where=where, text=text[:30]),
        )
    checks.append(c)
    c = Check(_("targets traced to a sentence of their measure"))
    for t in plan.targets:
        m = plan.measure_by_id[t.measure]
        ok = any(t.text in s for s in m.text)
        if ok and t.value is not None:
            ok = _number(t.value) in fold(t.text)
        c.expect(
            ok,
            _("measure {n}: target '{text}' is not in its measure's text").format(
                n=t.measure, text=t.text[:24]
            ),
        )
    checks.append(c)
    known = [
        doc.title,
        doc.notice_title,
        doc.issuer,
        doc.addressees,
        doc.notice,
        *doc.preamble,
        *(text for _where, text in pieces),
    ]
    if doc.date:
        known += [f"{_chinese_date(doc.date)}印发", _chinese_date(doc.date)]
    # a notice title set on two lines: its lines, each a part of it
    split = [fold(k) for k in known if k and fold(k) not in folded]
    known += [
        line.strip()
        for line in folded.splitlines()
        if len(line.strip()) >= 6 and any(line.strip() in k for k in split)
    ]
    from plan_cli.core.importing.read import HEADER_CELL, WEB_CHROME

    rest = HEADER_CELL.sub("\n", WEB_CHROME.sub("\n", _BOILERPLATE.sub("\n", folded)))
    # a piece is taken out wherever it stands: one character (一) would cut 进一步 apart
    rest = _strip_all(rest, [fold(k) for k in known if k and len(k.strip()) >= 2])
    rest = _NUMBERING.sub("\n", rest)
    rest = _LABELS.sub("\n", rest)
    leftovers = [x for x in re.split(r"\s+", rest) if re.search(r"[\w\u4e00-\u9fff]", x)]
    total = len(re.sub(r"\s", "", folded))
    covered = total - sum(len(x) for x in leftovers)
    judged = sum(x.inferred for x in (*plan.sections, *plan.measures, *plan.units))
    return Report(checks, covered, total, leftovers, judged)


def _strip_all(text: str, pieces: list[str]) -> str:
    for p in sorted({p for p in pieces if p}, key=len, reverse=True):
        text = text.replace(p, "\n")
    return text.strip()


def _number(v: float | int) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _chinese_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"
