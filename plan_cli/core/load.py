"""Reading a plan file: a safe YAML parse with line numbers, then the schema check.

Every problem found is collected with its file and line, so `plan validate` can report
them all at once; loading raises DataError when there is any.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from plan_cli.core.errors import DataError, PlanError, Problem
from plan_cli.core.i18n import N_, _, pgettext
from plan_cli.core.model import (
    UNIT_KINDS,
    Document,
    Due,
    Measure,
    Plan,
    Section,
    Target,
    Unit,
    Untargeted,
    due_from_phrase,
)
from plan_cli.core.names import Registry, jurisdiction_of

# The plan that ships inside the package.
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "plan.yaml"


class _Lazy:
    """What a problem is about ("measure 3"), worded only if there is a problem: the checks
    run for every item of every plan, the words are needed for a few."""

    __slots__ = ("message", "values")

    def __init__(self, message: str, **values):
        self.message, self.values = message, values

    def __str__(self) -> str:
        return _(self.message).format(**self.values)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class _Map(dict):
    """A mapping that remembers where it and each of its keys stood in the file."""

    line: int = 0
    key_lines: dict[str, int]


_loader_class = None


def _line_loader():
    """The YAML loader: safe, with line numbers and duplicate keys recorded.

    Built on first use: PyYAML is imported only when a plan file is parsed, which a query
    on an unchanged file never does (store.py). The C parser when libyaml is present;
    either way only the safe constructor runs, so a `!!python/...` tag is an error, never
    code.
    """
    global _loader_class
    if _loader_class is not None:
        return _loader_class
    import yaml

    class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def __init__(self, stream):
            super().__init__(stream)
            self.duplicates: list[tuple[int, str]] = []

    def construct_map(loader, node) -> _Map:
        result = _Map()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be text", key_node.start_mark
                )
            if key in result:
                loader.duplicates.append((key_node.start_mark.line + 1, str(key)))
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[str(key)] = key_node.start_mark.line + 1
        return result

    LineLoader.add_constructor("tag:yaml.org,2002:map", construct_map)
    _loader_class = LineLoader
    return LineLoader


def read_bytes(path: Path) -> bytes:
    """The bytes of a plan file. Raises DataError naming the file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, _("no such file"))]) from None
    except IsADirectoryError:
        raise DataError([Problem(str(path), None, _("is a directory, not a plan file"))]) from None
    except OSError as e:
        raise DataError(
            [Problem(str(path), None, _("cannot read: {reason}").format(reason=e.strerror or e))]
        ) from None


# Errors in a construct that is opened and must be closed ([ { " ') are reported where the
# construct starts, not where the parser gave up, which may be the end of the file.
_OPENED = ("flow sequence", "flow mapping", "quoted scalar")


def read_yaml(data: bytes, shown: str) -> Any:
    """Parse YAML text safely. Raises DataError naming the file and line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError([Problem(shown, line, _("not UTF-8 text"))]) from None
    import yaml

    loader = _line_loader()(text)
    try:
        doc = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        opened = e.context_mark is not None and any(w in (e.context or "") for w in _OPENED)
        mark = e.context_mark if opened else (e.problem_mark or e.context_mark)
        line = mark.line + 1 if mark else None
        what = (e.problem or e.context or "malformed YAML").strip()
        if opened:
            what = _("{construct} that starts here is not closed ({problem})").format(
                construct=e.context.removeprefix("while parsing ").removeprefix("while scanning "),
                problem=what,
            )
        raise DataError(
            [Problem(shown, line, _("malformed YAML: {problem}").format(problem=what))]
        ) from None
    except yaml.reader.ReaderError as e:  # a character YAML does not allow (a NUL byte)
        line = text[: e.position].count("\n") + 1
        what = _("the character U+{code:04X} is not allowed in YAML").format(code=e.character)
        raise DataError(
            [Problem(shown, line, _("malformed YAML: {problem}").format(problem=what))]
        ) from None
    except yaml.YAMLError as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise DataError(
            [Problem(shown, None, _("malformed YAML: {problem}").format(problem=first))]
        ) from None
    finally:
        loader.dispose()
    problems = [
        Problem(shown, ln, _("duplicate key '{key}'").format(key=k)) for ln, k in loader.duplicates
    ]
    if problems:
        raise DataError(problems)
    return doc


@contextmanager
def gc_paused():
    """Build many small objects without the cyclic collector scanning them over and over.

    A plan holds no reference cycles; on a 5,000-measure plan the collector took about
    half of the load time (benchmarks/).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_plan(path: str | Path) -> Plan:
    """Read and check a plan file. Raises DataError listing every problem."""
    p = Path(path)
    return parse_plan(read_bytes(p), p)


def parse_plan(data: bytes, path: Path) -> Plan:
    """Check the bytes of a plan file and build the Plan. Raises DataError."""
    with gc_paused():
        return build_plan(read_yaml(data, str(path)), path)


# --- the schema --------------------------------------------------------------------

_DUE_RANGE = re.compile(r"^(\d{4})-(\d{4})$")


class _Checker:
    """Walks the parsed YAML, building the model and collecting problems."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.reviews = 0

    def problem(self, where: Any, key: str | None, message: str) -> None:
        line = None
        if isinstance(where, _Map):
            line = where.key_lines.get(key, where.line) if key else where.line
        self.problems.append(Problem(self.path, line, message))

    def field(
        self,
        m: _Map,
        key: str,
        types: tuple[type, ...],
        what: str,
        *,
        required: bool = True,
        nullable: bool = False,
        default: Any = None,
    ) -> Any:
        if key not in m:
            if required:
                self.problem(m, None, _("{what}: missing '{key}'").format(what=what, key=key))
            return default
        value = m[key]
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, types):
            names = " or ".join(t.__name__ for t in types)
            self.problem(
                m,
                key,
                _("{what}: '{key}' must be {kind}, not {value}").format(
                    what=what,
                    key=key,
                    kind=_type_word(names),
                    value=_describe(value),
                ),
            )
            return default
        return value

    def text_list(self, m: _Map, key: str, what: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.field(m, key, (list,), what, required=required, default=[])
        items = []
        for i, item in enumerate(value or []):
            if not isinstance(item, str) or not item.strip():
                self.problem(
                    m,
                    key,
                    _("{what}: item {i} of '{key}' must be non-empty text").format(
                        what=what, i=i + 1, key=key
                    ),
                )
            else:
                items.append(item)
        return tuple(items)

    def mappings(self, doc: _Map, key: str) -> list[_Map]:
        value = self.field(doc, key, (list,), _("plan"), default=[])
        out = []
        for i, item in enumerate(value or []):
            if isinstance(item, _Map):
                out.append(item)
            else:
                self.problem(
                    doc,
                    key,
                    _("{key}: item {i} must be a mapping, not {value}").format(
                        key=key, i=i + 1, value=_describe(item)
                    ),
                )
        return out

    def unknown_keys(self, m: _Map, allowed: set[str], what: str) -> None:
        for k in m:
            if k not in allowed:
                self.problem(m, str(k), _("{what}: unknown field '{key}'").format(what=what, key=k))


def _type_word(names: str) -> str:
    """What a field must be, in words: 'int' -> an integer."""
    return {
        "int": pgettext("type", "an integer"),
        "str": pgettext("type", "text"),
        "list": pgettext("type", "a list"),
        "int or float": pgettext("type", "a number"),
        "_Map": pgettext("type", "a mapping"),
        "dict": pgettext("type", "a mapping"),
    }.get(names, names)


def _describe(value: Any) -> str:
    if value is None:
        return _("empty")
    if isinstance(value, bool):
        return _("the boolean {value}").format(value=str(value).lower())
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("the text '{value}'").format(value=value[:30])
    return _("the {kind} {value!r}").format(kind=type(value).__name__, value=value)


def in_order(fragments: str, text: str) -> bool:
    """Whether every …-separated fragment of `fragments` occurs in `text`, in order."""
    pos = 0
    for piece in fragments.split("…"):
        found = text.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


_PLAN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# A task's deadline: a year, a month or a day, or a kind of deadline.
_MEASURE_DUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|ongoing|recurring")


def _reviews(c: _Checker, m: _Map, what) -> int:
    """How many review notes an item carries: what an import could not decide for sure."""
    if "review" not in m:
        return 0
    value = m["review"]
    if isinstance(value, str) and value.strip():
        return 1
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return len(value)
    c.problem(
        m, "review", _("{what}: 'review' must be a note or a list of notes").format(what=what)
    )
    return 0


def build_plan(raw: Any, path: Path) -> Plan:
    """Check parsed YAML against the schema and build the Plan. Raises DataError.

    The plan's id is the file's `id:` if it has one, else the file name's stem.
    """
    shown = str(path)
    c = _Checker(shown)
    if not isinstance(raw, _Map):
        raise DataError(
            [
                Problem(
                    shown,
                    None,
                    _("the plan must be a mapping at the top, not {value}").format(
                        value=_describe(raw)
                    ),
                )
            ]
        )
    if "plans" in raw and "measures" not in raw:
        raise DataError(
            [
                Problem(
                    shown,
                    None,
                    _(
                        "this is an export of several plans; export one with "
                        "'plan export --plan ID' and use that"
                    ),
                )
            ]
        )
    _from_export(raw)
    c.unknown_keys(
        raw, {"id", "document", "units", "sections", "measures", "targets", "untargeted"}, "plan"
    )
    doc = raw.get("document") if isinstance(raw.get("document"), _Map) else None
    plan_id = (
        c.field(raw, "id", (str,), "plan", required=False)
        or (doc is not None and c.field(doc, "id", (str,), "document", required=False))
        or path.stem
    )
    if not _PLAN_ID.fullmatch(plan_id):
        c.problem(
            raw,
            "id",
            _("the plan's 'id' must be letters, digits, '_', '.' or '-', not '{id}'").format(
                id=plan_id
            ),
        )
    document = _document(c, raw)
    units = _units(c, raw)
    registry = Registry(units)
    sections = _sections(c, raw)
    measures = _measures(c, raw, registry, {s.id for s in sections})
    base_year = document.base_year if document else 2020
    targets = _targets(c, raw, {m.id for m in measures}, base_year)
    untargeted = _untargeted(c, raw)
    _check_sentences_once(c, raw, document, measures)
    if c.problems:
        raise DataError(c.problems)
    by_section: dict[int, list[int]] = {}
    for m in measures:
        by_section.setdefault(m.section, []).append(m.id)
    sections = [
        Section(
            s.id,
            s.numeral,
            s.title,
            s.notes,
            tuple(by_section.get(s.id, ())),
            s.inferred,
            s.notes_zh,
        )
        for s in sections
    ]
    return Plan(plan_id, document, units, sections, measures, targets, untargeted, shown, c.reviews)


def _from_export(raw: _Map) -> None:
    """Read a plan as `plan export` writes it (JSON or YAML) like a plan file: take out what
    the export derives (lead, units_known, the targets under each measure, the measures
    of each section) and give each measure its sentences back as `text`. Everything else
    is the plan file's own keys, checked as usual."""
    measures = raw.get("measures")
    if not isinstance(measures, list) or not any(
        isinstance(m, dict) and "units_known" in m for m in measures
    ):
        return
    for m in measures:
        if isinstance(m, dict):
            for key in ("lead", "units_known", "targets", "plan"):
                m.pop(key, None)
            if "sentences" in m:
                m["text"] = m.pop("sentences")
    for group, derived in (("sections", ("measures", "plan")), ("targets", ("lead", "plan"))):
        for item in raw.get(group) or []:
            if isinstance(item, dict):
                for key in derived:
                    item.pop(key, None)


def _document(c: _Checker, raw: _Map) -> Document | None:
    d = c.field(raw, "document", (_Map,), "plan")
    if d is None:
        return None
    what = "document"
    c.unknown_keys(
        d,
        {
            "title",
            "notice_title",
            "issuer",
            "date",
            "published",
            "base_year",
            "addressees",
            "notice",
            "preamble",
            "other_text",
            "source",
            "id",
            "jurisdiction",
            "review",
        },
        what,
    )
    c.reviews += _reviews(c, d, what)
    texts = {
        k: c.field(d, k, (str,), what, default="")
        for k in ("title", "notice_title", "issuer", "addressees", "notice", "source")
    }
    dates = {}
    for k in ("date", "published"):
        v = c.field(d, k, (str,), what, default="")
        if v and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            c.problem(
                d,
                k,
                _("document: '{key}' must be a date written YYYY-MM-DD, not '{value}'").format(
                    key=k, value=v
                ),
            )
        dates[k] = v
    # the year 今年 means; a draft whose date was not found has none (0: nothing is dated by it)
    year_of_date = int(dates["date"][:4]) if dates["date"] else 0
    base_year = c.field(d, "base_year", (int,), what, required=False, default=year_of_date)
    if "base_year" in d and not 1900 <= base_year <= 2100:
        c.problem(
            d,
            "base_year",
            _("document: 'base_year' must be a year, not {value}").format(value=base_year),
        )
    preamble = c.text_list(d, "preamble", what)
    return Document(
        texts["title"],
        texts["notice_title"],
        texts["issuer"],
        dates["date"],
        dates["published"],
        base_year,
        texts["addressees"],
        texts["notice"],
        preamble,
        texts["source"],
        c.field(d, "jurisdiction", (str,), what, required=False)
        or jurisdiction_of(texts["issuer"]),
        c.text_list(d, "other_text", what),
    )


def _notes_zh(c: _Checker, m: _Map, what: str, notes: tuple[str, ...]) -> tuple[str, ...]:
    """The notes in Chinese, for readers of Chinese: one for each English note, in order."""
    notes_zh = c.text_list(m, "notes_zh", what)
    if "notes_zh" in m and len(notes_zh) != len(notes):
        c.problem(
            m,
            "notes_zh",
            _(
                "{what}: 'notes_zh' must give each of the {n} notes in Chinese, in order, not "
                "{given}"
            ).format(what=what, n=len(notes), given=len(notes_zh)),
        )
    return notes_zh


def _inferred(c: _Checker, m: _Map, what: str, has_reason: bool) -> bool:
    """`inferred: true` marks a judgement, not a reading of the source; it needs a note that
    says why (and, for a placement, what the alternative is)."""
    inferred = m.get("inferred", False)
    if not isinstance(inferred, bool):
        c.problem(
            m,
            "inferred",
            _("{what}: 'inferred' must be true or false, not {value}").format(
                what=what, value=_describe(inferred)
            ),
        )
        inferred = False
    if inferred and not has_reason:
        c.problem(
            m,
            "inferred",
            _("{what}: 'inferred: true' needs a note that gives the reason").format(what=what),
        )
    return inferred


def _units(c: _Checker, raw: _Map) -> list[Unit]:
    units: list[Unit] = []
    seen: dict[str, tuple[str, str]] = {}
    for m in c.mappings(raw, "units"):
        what = _Lazy(N_("unit at line {n}"), n=m.line)
        c.unknown_keys(
            m,
            {
                "name",
                "short",
                "abbr",
                "aliases",
                "kind",
                "covers",
                "note",
                "note_zh",
                "inferred",
                "review",
            },
            what,
        )
        name = c.field(m, "name", (str,), what)
        if not name:
            continue
        what = _Lazy(N_("unit '{name}'"), name=name)
        short = c.field(m, "short", (str,), what, required=False, nullable=True)
        abbr = c.field(m, "abbr", (str,), what, required=False, nullable=True)
        aliases = c.text_list(m, "aliases", what)
        kind = c.field(m, "kind", (str,), what, required=False, default="")  # unknown: absent
        if kind and kind not in UNIT_KINDS:
            c.problem(
                m,
                "kind",
                _("{what}: kind must be one of {kinds}, not '{kind}'").format(
                    what=what, kinds=", ".join(UNIT_KINDS), kind=kind
                ),
            )
        covers = c.field(m, "covers", (str,), what, required=False, nullable=True)
        if covers is not None and (kind != "collective" or covers not in UNIT_KINDS):
            c.problem(
                m, "covers", _("{what}: only a collective covers a kind of unit").format(what=what)
            )
        note = c.field(m, "note", (str,), what, required=False, nullable=True)
        note_zh = c.field(m, "note_zh", (str,), what, required=False, nullable=True)
        if note_zh and not note:
            c.problem(
                m,
                "note_zh",
                _("{what}: 'note_zh' translates 'note', which is missing").format(what=what),
            )
        inferred = _inferred(c, m, what, bool(note))
        c.reviews += _reviews(c, m, what)
        # A canonical or short name belongs to one unit. An alias may be shared (金融监管局
        # is what people call two units): typed, it is refused as ambiguous.
        forms = [(name, "name"), (short, "short"), (abbr, "abbr"), *((a, "alias") for a in aliases)]
        for n, form in forms:
            if n is None:
                continue
            other = seen.get(n)
            if other and other[0] != name and not (form == other[1] == "alias"):
                c.problem(
                    m,
                    "name",
                    _("{what}: the name '{name}' is also used by unit '{other}'").format(
                        what=what, name=n, other=other[0]
                    ),
                )
            seen.setdefault(n, (name, form))
        units.append(Unit(name, short, aliases, kind, covers, note, inferred, abbr, note_zh))
    return units


def _sections(c: _Checker, raw: _Map) -> list[Section]:
    sections: list[Section] = []
    ids: set[int] = set()
    for m in c.mappings(raw, "sections"):
        what = _Lazy(N_("section at line {n}"), n=m.line)
        c.unknown_keys(
            m, {"id", "numeral", "title", "notes", "notes_zh", "inferred", "review"}, what
        )
        c.reviews += _reviews(c, m, what)
        sid = c.field(m, "id", (int,), what)
        if sid is None:
            continue
        if sid in ids:
            c.problem(m, "id", _("duplicate section id {n}").format(n=sid))
        ids.add(sid)
        what = _Lazy(N_("section {n}"), n=sid)
        numeral = c.field(m, "numeral", (str,), what, default="")
        title = c.field(m, "title", (str,), what, nullable=True)
        notes = c.text_list(m, "notes", what)
        notes_zh = _notes_zh(c, m, what, notes)
        inferred = _inferred(c, m, what, bool(notes))
        sections.append(Section(sid, numeral, title, notes, inferred=inferred, notes_zh=notes_zh))
    return sections


def _measures(c: _Checker, raw: _Map, registry, section_ids: set[int]) -> list[Measure]:
    measures: list[Measure] = []
    ids: set[int] = set()
    for m in c.mappings(raw, "measures"):
        what = _Lazy(N_("measure at line {n}"), n=m.line)
        c.unknown_keys(
            m,
            {
                "id",
                "section",
                "title",
                "text",
                "units_source",
                "units",
                "notes",
                "notes_zh",
                "inferred",
                "leads",
                "due",
                "leader",
                "due_text",
                "review",
            },
            what,
        )
        mid = c.field(m, "id", (int,), what)
        if mid is None:
            continue
        if mid in ids:
            c.problem(m, "id", _("duplicate measure id {n}").format(n=mid))
        ids.add(mid)
        what = _Lazy(N_("measure {n}"), n=mid)
        section = c.field(m, "section", (int,), what)
        if section is not None and section not in section_ids:
            c.problem(m, "section", _("{what}: no section {n}").format(what=what, n=section))
        title = c.field(m, "title", (str,), what, nullable=True)
        text = c.text_list(m, "text", what, required=True)
        units_source = c.field(m, "units_source", (str,), what, nullable=True)
        before = len(c.problems)
        units = c.text_list(m, "units", what, required=True)
        for u in units:
            if u not in registry.by_name:
                hint = registry.suggest(u)
                c.problem(
                    m,
                    "units",
                    _("{what}: unknown unit '{unit}'").format(what=what, unit=u)
                    + (_(" (did you mean {names}?)").format(names="、".join(hint)) if hint else ""),
                )
        if len(set(units)) != len(units):
            c.problem(m, "units", _("{what}: a unit is listed twice").format(what=what))
        if len(c.problems) == before:  # a broken list would only mismatch again
            _check_units_source(c, m, what, registry, units_source, units)
        notes = c.text_list(m, "notes", what)
        notes_zh = _notes_zh(c, m, what, notes)
        inferred = _inferred(c, m, what, bool(notes))
        leads = None
        if "leads" in m:
            leads = c.text_list(m, "leads", what)
            if leads != tuple(units[: len(leads)]):
                c.problem(
                    m,
                    "leads",
                    _("{what}: 'leads' must be the first of 'units', in order").format(what=what),
                )
        due = c.field(m, "due", (str, int), what, required=False, nullable=True)
        if due is not None and not _MEASURE_DUE.fullmatch(str(due)):
            c.problem(
                m,
                "due",
                _(
                    "{what}: 'due' must be a date such as 2017-06 or 2020, or "
                    "'ongoing' or 'recurring', not '{value}'"
                ).format(what=what, value=due),
            )
        leader = c.field(m, "leader", (str,), what, required=False, nullable=True)
        due_text = c.field(m, "due_text", (str,), what, required=False, nullable=True)
        c.reviews += _reviews(c, m, what)
        measures.append(
            Measure(
                mid,
                section or 0,
                title,
                text,
                units_source,
                units,
                notes,
                inferred,
                notes_zh,
                leads,
                None if due is None else str(due),
                leader,
                due_text,
            )
        )
    return measures


def _check_units_source(c, m, what, registry, units_source, units) -> None:
    """The canonical list must be exactly what the source's list says."""
    if units_source is None:
        if units:
            c.problem(
                m,
                "units",
                _("{what}: units given but no units_source to trace them to").format(what=what),
            )
        return
    try:
        parsed = registry.canonical_list(units_source)
    except (PlanError, ValueError) as e:  # not a plain list of names (or a broken one)
        if _IN_WORDS.search(units_source) or (
            _CARRIED_PREFIX.match(units_source) and not units_source.startswith("自治区")
        ):
            # a responsibility in words (牵头单位：A；配合单位：B, A牵头，B配合), as an import
            # keeps it: every unit must be traceable to it
            _check_traced(c, m, what, registry, units_source, units)
            return
        c.problem(m, "units_source", f"{what}: units_source: {e}")
        return
    if tuple(parsed) != tuple(units):
        c.problem(
            m,
            "units",
            _("{what}: units do not match units_source, which reads as {names}").format(
                what=what, names="; ".join(parsed)
            ),
        )


# A responsibility in words rather than a plain list of names: labels, roles, connectives.
_IN_WORDS = re.compile(r"[:：；;★]|牵头|配合|负责|参与|协同|落实|实施|等|和|及|与|下同|由")
_CARRIED_PREFIX = re.compile(r"^(自治区|省|市|区|县|州|盟|旗)")


def _check_traced(c, m, what, registry, units_source, units) -> None:
    """Each unit is named in units_source: by its name, its short name, or (a prefix written
    once for a list) its name without the prefix."""
    for u in units:
        unit = registry.by_name.get(u)
        forms = [u, _CARRIED_PREFIX.sub("", u)] + ([unit.short] if unit and unit.short else [])
        if not any(f and f in units_source for f in forms):
            c.problem(
                m,
                "units",
                _("{what}: unit '{unit}' is not named in units_source").format(what=what, unit=u),
            )


def _due(c: _Checker, m: _Map, what: str) -> Due:
    value = m.get("due")
    if value is None:
        return Due("none")
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return Due.year(value)
    if value == "recurring":
        return Due("recurring")
    if isinstance(value, str) and (r := _DUE_RANGE.match(value)):
        start, end = int(r.group(1)), int(r.group(2))
        if start < end:
            return Due("range", start, end)
    c.problem(
        m,
        "due",
        _(
            "{what}: 'due' must be a year, a range like 2023-2025, 'recurring' or empty, not "
            "{value}"
        ).format(what=what, value=_describe(value)),
    )
    return Due("none")


def _targets(c: _Checker, raw: _Map, measure_ids: set[int], base_year: int) -> list[Target]:
    targets: list[Target] = []
    for m in c.mappings(raw, "targets"):
        what = _Lazy(N_("target at line {n}"), n=m.line)
        c.unknown_keys(
            m,
            {
                "measure",
                "text",
                "indicator",
                "value",
                "value_max",
                "unit",
                "comparator",
                "due",
                "due_text",
                "review",
            },
            what,
        )
        c.reviews += _reviews(c, m, what)
        measure = c.field(m, "measure", (int,), what)
        if measure is not None and measure not in measure_ids:
            c.problem(m, "measure", _("{what}: no measure {n}").format(what=what, n=measure))
        text = c.field(m, "text", (str,), what, default="")
        indicator = c.field(m, "indicator", (str,), what, default="")
        if indicator and text and not in_order(indicator, text):
            c.problem(
                m,
                "indicator",
                _("{what}: the indicator is not part of the target's text").format(what=what),
            )
        value = c.field(m, "value", (int, float), what, nullable=True)
        value_max = c.field(m, "value_max", (int, float), what, required=False, nullable=True)
        if value_max is not None and (value is None or value_max <= value):
            c.problem(m, "value_max", _("{what}: value_max must be above value").format(what=what))
        unit = c.field(m, "unit", (str,), what, nullable=True)
        comparator = c.field(m, "comparator", (str,), what, nullable=True)
        before = len(c.problems)
        due = _due(c, m, what)
        due_text = c.field(m, "due_text", (str,), what, nullable=True)
        meant = due_from_phrase(due_text, base_year)
        if meant is not None and meant != due and len(c.problems) == before:
            c.problem(
                m,
                "due",
                _("{what}: due_text '{text}' means {meant}, but due is {due}").format(
                    what=what,
                    text=due_text,
                    meant=meant.label or _("no date"),
                    due=due.label or _("empty"),
                ),
            )
        targets.append(
            Target(measure or 0, text, indicator, value, value_max, unit, comparator, due, due_text)
        )
    return targets


def _untargeted(c: _Checker, raw: _Map) -> list[Untargeted]:
    if "untargeted" not in raw:
        return []
    out = []
    for m in c.mappings(raw, "untargeted"):
        what = _Lazy(N_("untargeted sentence at line {n}"), n=m.line)
        c.unknown_keys(m, {"text", "reason"}, what)
        out.append(
            Untargeted(
                c.field(m, "text", (str,), what, default=""),
                c.field(m, "reason", (str,), what, default=""),
            )
        )
    return out


def _check_sentences_once(
    c: _Checker, raw: _Map, document: Document | None, measures: list[Measure]
) -> None:
    """A sentence of the source belongs to one place in the plan, and appears once. A short
    one (年底前完成。, under 12 characters) may stand in several tasks of a document."""
    seen: dict[str, str] = {}
    places: list[tuple[str, tuple[str, ...]]] = [
        (_("the preamble"), document.preamble if document else ()),
        (_("the other text"), document.other_text if document else ()),
    ]
    places += [(_("measure {n}").format(n=m.id), m.text) for m in measures]
    for where, sentences in places:
        for s in sentences:
            if s in seen and len(s) >= 12:
                c.problems.append(
                    Problem(
                        c.path,
                        None,
                        _("the sentence '{text}…' is in both {one} and {other}").format(
                            text=s[:24], one=seen[s], other=where
                        ),
                    )
                )
            seen[s] = where
