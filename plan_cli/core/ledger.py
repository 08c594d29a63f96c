"""The supervision loop (督办): progress forms out to the units, their answers back into a
ledger, and what the ledger says as of any date.

The ledger is an SQLite database in the library folder (PLAN_HOME/ledger.sqlite). A report
is (plan, measure, unit, date, status, progress, problems, next): one filled row of a form.
Reports are only ever added, in transactions, never rewritten: every past state can be
asked again with `as_of`. A form carries its unit and the versions of its plans in a hidden
sheet, so a renamed file is still read as the right unit's, and a form made from another
version of a plan is refused.

Statuses: done (已完成), in_progress (推进中), not_started (未启动); a measure nobody has
reported on is unreported (未报送). A deadline is the end of the period it names: a target
due 2020 is due 2020-12-31, a task due 2017-06 is due 2017-06-30, a range 2023-2025 is due
2025-12-31; recurring and undated make no deadline. A measure's deadline is its own (due),
else the earliest of its targets'.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from plan_cli.core.errors import DataError, InvalidValue, Problem
from plan_cli.core.i18n import _
from plan_cli.core.relation import COLLECTIVE, LEAD, PARTICIPANT, ROLE_WORDS
from plan_cli.core.store import Store

STATUS_WORDS = {"已完成": "done", "推进中": "in_progress", "未启动": "not_started"}
WORD_OF = {v: k for k, v in STATUS_WORDS.items()} | {"unreported": "未报送"}
HEADER = (
    "方案",
    "序号",
    "任务",
    "本单位职责",
    "完成时限",
    "完成状态",
    "进展情况",
    "存在问题",
    "下步打算",
)
FORM_SHEET = "进展填报"
IDENTITY_SHEET = "_form"  # very hidden: what the form is, for whom, from which plans
FORM_FORMAT = "plan-form/1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    plan TEXT NOT NULL, measure INTEGER NOT NULL, unit TEXT NOT NULL,
    date TEXT NOT NULL,                 -- YYYY-MM-DD: the report's date
    status TEXT NOT NULL CHECK (status IN ('done', 'in_progress', 'not_started')),
    progress TEXT, problems TEXT, next TEXT,
    form TEXT NOT NULL,                 -- the SHA-256 of the workbook it came from
    collected TEXT NOT NULL,            -- when it was collected (UTC, ISO 8601)
    UNIQUE (plan, measure, unit, date, status, progress, problems, next)
);  -- (UNIQUE lets rows with NULLs repeat: collect() checks with IS before it inserts)
CREATE INDEX IF NOT EXISTS reports_by_measure ON reports (plan, measure, date);
CREATE TABLE IF NOT EXISTS form_plans ( -- the version of each plan a workbook was made from
    sha256 TEXT NOT NULL, plan TEXT NOT NULL, version TEXT NOT NULL,
    PRIMARY KEY (sha256, plan)
);
CREATE TABLE IF NOT EXISTS forms (     -- every workbook collected, by its bytes
    sha256 TEXT PRIMARY KEY, unit TEXT NOT NULL, date TEXT NOT NULL, reports INTEGER NOT NULL,
    name TEXT, collected TEXT NOT NULL
);
"""


# --- dates -------------------------------------------------------------------------------


def parse_date(value: str, name: str = "--date") -> dt.date:
    """A date as typed: 2021-03-31, 2021/3/31, 2021.3.31, 20210331 or 2021年3月31日."""
    import unicodedata

    v = unicodedata.normalize("NFKC", value or "").strip()
    v = re.sub(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", v)  # 20210331
    m = re.fullmatch(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})|(\d{4})年(\d{1,2})月(\d{1,2})日", v)
    if m:
        y, mo, d = (int(x) for x in (m.group(1, 3, 4) if m.group(1) else m.group(5, 6, 7)))
        try:
            return dt.date(y, mo, d)
        except ValueError:
            pass
    raise InvalidValue(
        _("{name} must be a date such as 2021-03-31, got '{value}'").format(name=name, value=value)
    )


def end_of(due: str | int | None, last_year: int | None = None) -> dt.date | None:
    """The last day of the period a deadline names: 2020 → 2020-12-31, 2017-06 →
    2017-06-30; None for ongoing, recurring or no date."""
    if last_year is not None:
        return dt.date(last_year, 12, 31)
    if due is None:
        return None
    text = str(due)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return dt.date(*(int(x) for x in m.groups()))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        y, mo = int(m.group(1)), int(m.group(2))
        return dt.date(y, mo, calendar.monthrange(y, mo)[1])
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31)
    return None


def deadlines(store: Store) -> dict[tuple[str, int], dt.date]:
    """Each measure's deadline in scope: its own due, else the earliest of its targets'."""
    out: dict[tuple[str, int], dt.date] = {}
    for r in store.rows(
        "SELECT m.plan, m.id, m.due FROM temp.scope s CROSS JOIN measures m ON m.plan = s.plan"
    ):
        if (d := end_of(r[2])) is not None:
            out[(r[0], r[1])] = d
    for r in store.rows(
        "SELECT t.plan, t.measure, MIN(t.due_last) FROM temp.scope s CROSS JOIN targets t "
        "ON t.plan = s.plan WHERE t.due_last IS NOT NULL GROUP BY t.plan, t.measure"
    ):
        out.setdefault((r[0], r[1]), dt.date(r[2], 12, 31))
    return out


# --- the ledger --------------------------------------------------------------------------


def ledger_path() -> Path:
    from plan_cli.core.library import home

    return home() / "ledger.sqlite"


def open_ledger(path: Path | None = None, *, write: bool = False) -> sqlite3.Connection:
    """The ledger; an empty one in memory when there is none yet and nothing is written."""
    path = ledger_path() if path is None else path
    if not write and not path.exists():
        conn = sqlite3.connect(":memory:")
        conn.executescript(SCHEMA)
        return conn
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=60, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout = 60000")
        conn.executescript(SCHEMA)
        return conn
    except (OSError, sqlite3.Error) as e:
        raise DataError(
            [Problem(str(path), None, _("cannot open the ledger: {reason}").format(reason=e))]
        ) from None


# --- forms out ---------------------------------------------------------------------------


@dataclass
class FormRow:
    plan: str
    id: int
    task: str
    role: str  # 牵头 / 参与 / 全体
    due: str


@dataclass
class Form:
    unit: str
    title: str
    plans: dict[str, str]  # plan id -> version
    rows: list[FormRow] = field(default_factory=list)
    jurisdiction: str | None = None  # where the unit belongs: its plans are all of it
    label: str = ""  # the unit as the form names it: 省财政厅（湖南省） when the name is shared

    @property
    def file_name(self) -> str:
        safe = re.sub(r"[\\/:*?\"<>|\s]", "_", self.label or self.unit)
        return f"{safe}-进展填报.xlsx"


def plan_version(store: Store, plan: str) -> str:
    """What a form depends on in a plan: its measures' numbers, and who answers for each, in
    which role. A form made from another version of them is refused when collected; an edit
    that leaves them as they were (a title or a text corrected) leaves the forms valid."""
    h = hashlib.sha256(plan.encode())
    for r in store.rows("SELECT id FROM measures WHERE plan = ? ORDER BY id", (plan,)):
        h.update(f"\0{r[0]}".encode())
    for r in store.rows(
        "SELECT measure, unit, role FROM responsibilities WHERE plan = ? AND unit IS NOT NULL "
        "ORDER BY measure, unit",
        (plan,),
    ):
        h.update(f"\0{r[0]}\0{r[1]}\0{r[2]}".encode())
    return h.hexdigest()[:16]


def plan_versions(store: Store) -> dict[str, str]:
    """Each plan in scope's version (`plan_version`)."""
    return {p: plan_version(store, p) for p in store.scope}


def _due_text(due: str | None, target_dues: list) -> str:
    words = {"ongoing": "持续推进", "recurring": "每年"}
    if due:
        return words.get(due, due)
    dated = sorted({str(d) for d in target_dues if d is not None})
    return "；".join(words.get(d, d) for d in dated)


def chinese_title(store: Store, plans: list[str]) -> str:
    """The head of a form or a brief, which are in Chinese whatever the locale: the plan's
    title, or the first plan's followed by 等N个方案."""
    titles = dict(store.rows("SELECT id, title FROM plans"))
    first = titles.get(plans[0], plans[0]) if plans else ""
    return first if len(plans) <= 1 else f"{first}等{len(plans)}个方案"


def in_effect(store: Store, as_of: dt.date) -> list[str]:
    """The plans in scope issued on or before the date (or whose date is not known)."""
    return [
        r[0]
        for r in store.rows(
            "SELECT p.id, p.date FROM temp.scope s CROSS JOIN plans p ON p.id = s.plan "
            "ORDER BY s.ord"
        )
        if not _issued(r[1]) or _issued(r[1]) <= as_of
    ]


def _issued(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date) if date else None
    except ValueError:
        return None


def forms(store: Store, units: list[str] | None = None) -> list[Form]:
    """One form per unit that answers for something in the plans in scope (or per unit
    named), with a row per measure it leads, joins or is named in through a collective.
    Unless named, a collective (自治区政府各部门) gets no form: its members get theirs.
    A unit is a unit of its jurisdiction: 省财政厅 of 湖南 and of 浙江 get a form each, named
    省财政厅（湖南省） and 省财政厅（浙江省）, never one form for both."""
    from plan_cli.core import query

    wanted: set[tuple[str, str]] | None = None  # (plan, unit)
    if units:
        wanted = {
            (f.plan, f.unit)
            for name in units
            for held in query.find_units(store, name)
            for f in held.found
        }
    places = {p: store.jurisdiction(p) for p in store.scope}
    target_dues: dict[tuple[str, int], list] = {}
    for r in store.rows(
        "SELECT t.plan, t.measure, t.due FROM temp.scope s CROSS JOIN targets t "
        "ON t.plan = s.plan ORDER BY t.position"
    ):
        target_dues.setdefault((r[0], r[1]), []).append(r[2])
    by_unit: dict[tuple[str | None, str], Form] = {}
    for r in store.rows(
        "SELECT r.unit, r.plan, r.measure, r.role, m.title, m.text, m.due, u.kind "
        "FROM temp.scope s CROSS JOIN responsibilities r ON r.plan = s.plan "
        "JOIN measures m ON m.plan = r.plan AND m.id = r.measure "
        "LEFT JOIN units u ON u.plan = r.plan AND u.name = r.unit "
        "WHERE r.unit IS NOT NULL ORDER BY s.ord, m.position, r.position"
    ):
        unit = r["unit"]
        if (wanted is not None and (r["plan"], unit) not in wanted) or (
            wanted is None and r["kind"] == "collective"
        ):
            continue
        place = places[r["plan"]]
        form = by_unit.setdefault((place, unit), Form(unit, "", {}, jurisdiction=place))
        form.plans.setdefault(r["plan"], "")
        task = r["title"] or ""
        if r["text"]:  # a title the text opens with (an imported task's) is said once
            task = r["text"] if r["text"].startswith(task) else f"{task}：{r['text']}"
        form.rows.append(
            FormRow(
                r["plan"],
                r["measure"],
                task or "（原文缺失）",
                ROLE_WORDS[r["role"]],
                _due_text(r["due"], target_dues.get((r["plan"], r["measure"]), [])),
            )
        )
    versions = plan_versions(store)
    shared = _shared_names(by_unit)
    for (place, unit), form in by_unit.items():
        form.plans = {p: versions[p] for p in form.plans}
        form.title = chinese_title(store, list(form.plans))
        form.label = f"{unit}（{place}）" if unit in shared and place else unit
    return list(by_unit.values())


def _shared_names(keys) -> set[str]:
    """The unit names that stand for units of more than one jurisdiction."""
    seen: dict[str, set] = {}
    for place, unit in keys:
        seen.setdefault(unit, set()).add(place)
    return {unit for unit, places in seen.items() if len(places) > 1}


# --- reports in --------------------------------------------------------------------------


@dataclass
class Reading:
    """A filled form as read: its unit, date, reports, and what is wrong with it."""

    path: Path
    unit: str | None = None
    date: str | None = None
    reports: list[tuple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sha256: str = ""
    versions: dict[str, str] = field(default_factory=dict)  # plan -> the version it was made of


def read_form(store: Store, path: Path, date: str | None) -> Reading:
    """A filled form, checked whole: every problem is listed; reports are kept only if
    there is none."""
    reading = Reading(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        reading.problems.append(_("cannot read: {reason}").format(reason=e.strerror or e))
        return reading
    reading.sha256 = hashlib.sha256(data).hexdigest()
    try:
        import io
        import warnings

        from openpyxl import load_workbook

        with warnings.catch_warnings():  # openpyxl warns of cells it cannot read: we say it
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 - whatever openpyxl raises, it is not a workbook
        reading.problems.append(_("not an Excel workbook (.xlsx)"))
        return reading
    if IDENTITY_SHEET not in book.sheetnames or FORM_SHEET not in book.sheetnames:
        reading.problems.append(
            _("not a progress form made by plan forms (no {sheet} sheet)").format(
                sheet=IDENTITY_SHEET
            )
        )
        return reading
    ident = {
        str(row[0].value): str(row[1].value or "")
        for row in book[IDENTITY_SHEET].iter_rows(min_row=1, max_col=2)
        if row[0].value
    }
    if ident.get("format") != FORM_FORMAT:
        reading.problems.append(
            _("a form of another format ({found})").format(found=ident.get("format"))
        )
        return reading
    reading.unit = ident.get("unit") or None
    versions = dict(p.split("=", 1) for p in (ident.get("plans") or "").split(",") if "=" in p)
    reading.versions = versions
    for plan, version in versions.items():
        if plan not in store.plan_ids:
            reading.problems.append(
                _("the form is for plan {plan}, which the library does not hold").format(plan=plan)
            )
        elif plan_version(store, plan) != version:
            reading.problems.append(
                _(
                    "the form was made from another version of plan {plan}; send the unit a new "
                    "form (plan forms)"
                ).format(plan=plan)
            )
    if reading.problems:
        return reading
    sheet = book[FORM_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    head_at = next(
        (i for i, row in enumerate(rows) if tuple(str(c or "").strip() for c in row[:9]) == HEADER),
        None,
    )
    if head_at is None:
        reading.problems.append(_("no header row {header}").format(header=" / ".join(HEADER)))
        return reading
    reading.date = date or _form_date(rows[:head_at], reading)
    _check_date(store, reading, versions)
    answers = _answers(store, reading.unit or "", versions)
    seen_rows: dict[tuple[str, int], int] = {}  # (plan, measure) -> the row that reports it
    for number, row in enumerate(rows[head_at + 1 :], start=head_at + 2):
        cells = [("" if c is None else str(c).strip()) for c in (*row, *[None] * 9)[:9]]
        plan, measure, _task, _role, _due, status, progress, problems, nxt = cells
        if not any(cells):
            continue
        where = _("row {n}").format(n=number)
        if not status:
            if progress or problems or nxt:
                reading.problems.append(
                    _(
                        "{where}: 进展情况, 存在问题 or 下步打算 filled in but 完成状态 empty; "
                        "choose one"
                    ).format(where=where)
                )
            continue  # else not a report: the unit has nothing to say on this row yet
        if status not in STATUS_WORDS:
            reading.problems.append(
                _("{where}: 完成状态 '{status}' is not one of 未启动, 推进中, 已完成").format(
                    where=where, status=status
                )
            )
            continue
        try:
            measure_id = int(float(measure))
        except ValueError:
            reading.problems.append(
                _("{where}: 序号 '{n}' is not a number").format(where=where, n=measure)
            )
            continue
        if (plan, measure_id) in seen_rows:
            reading.problems.append(
                _("{where}: measure {plan}:{n} is already reported in row {first}").format(
                    where=where, plan=plan, n=measure_id, first=seen_rows[(plan, measure_id)]
                )
            )
            continue
        seen_rows[(plan, measure_id)] = number
        if (plan, measure_id) not in answers:
            reading.problems.append(
                _("{where}: {unit} does not answer for measure {plan}:{n}").format(
                    where=where, unit=reading.unit, plan=plan, n=measure_id
                )
            )
            continue
        reading.reports.append(
            (
                plan,
                measure_id,
                reading.unit,
                reading.date,
                STATUS_WORDS[status],
                progress or None,
                problems or None,
                nxt or None,
            )
        )
    return reading


def _check_date(store: Store, reading: Reading, versions: dict[str, str]) -> None:
    """A report cannot be dated after today, nor before the plan it reports on was issued."""
    when = dt.date.fromisoformat(reading.date or "")
    if when > environment_today():
        reading.problems.append(
            _("the report date {date} is in the future").format(date=reading.date)
        )
    dates = dict(store.rows("SELECT id, date FROM plans"))
    for plan in versions:
        issued = _issued(dates.get(plan))
        if issued and when < issued:
            reading.problems.append(
                _("the report date {date} is before plan {plan} was issued ({issued})").format(
                    date=reading.date, plan=plan, issued=issued.isoformat()
                )
            )


def _form_date(title_rows: list, reading: Reading) -> str:
    for row in title_rows:
        for j, cell in enumerate(row):
            if isinstance(cell, str) and cell.strip().startswith("填报日期"):
                value = cell.split("：", 1)[-1].split(":", 1)[-1].strip()
                if not value and j + 1 < len(row):
                    value = row[j + 1]
                if isinstance(value, dt.datetime | dt.date):
                    return value.strftime("%Y-%m-%d")
                if isinstance(value, str) and value.startswith("#"):  # #VALUE!: Excel's error
                    reading.problems.append(
                        _("填报日期 is not a date Excel can read; type it as 2021-03-31")
                    )
                    return environment_today().isoformat()
                if value:
                    try:
                        return parse_date(str(value), "填报日期").isoformat()
                    except InvalidValue as e:
                        reading.problems.append(str(e))
                        return environment_today().isoformat()
    return environment_today().isoformat()


def _answers(store: Store, unit: str, versions: dict[str, str]) -> set[tuple[str, int]]:
    return {
        (r[0], r[1])
        for r in store.rows("SELECT plan, measure FROM responsibilities WHERE unit = ?", (unit,))
        if r[0] in versions
    }


@dataclass
class Collected:
    taken: list[tuple[Path, int]] = field(default_factory=list)  # (file, reports recorded)
    again: list[Path] = field(default_factory=list)  # collected before: nothing recorded
    empty: list[Path] = field(default_factory=list)  # no report filled in
    locks: list[Path] = field(default_factory=list)  # ~$….xlsx: Excel's lock of an open form
    refused: list[tuple[Path, list[str]]] = field(default_factory=list)


def collect(store: Store, paths: list[Path], date: str | None = None) -> Collected:
    """Read filled forms into the ledger, each workbook whole or not at all."""
    out = Collected()
    conn = None
    for path in paths:
        if path.name.startswith("~$"):  # what Excel leaves beside a workbook it has open
            out.locks.append(path)
            continue
        reading = read_form(store, path, date)
        if reading.problems:
            out.refused.append((path, reading.problems))
            continue
        if not reading.reports:
            out.empty.append(path)
            continue
        if conn is None:
            conn = open_ledger(write=True)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM forms WHERE sha256 = ?", (reading.sha256,)).fetchone():
                conn.execute("ROLLBACK")
                out.again.append(path)
                continue
            before = conn.total_changes
            conn.executemany(  # a report already there (a form sent again) is not repeated
                "INSERT INTO reports SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 "
                "WHERE NOT EXISTS (SELECT 1 FROM reports WHERE plan = ?1 AND measure = ?2 "
                "AND unit = ?3 AND date = ?4 AND status = ?5 AND progress IS ?6 "
                "AND problems IS ?7 AND next IS ?8)",
                [(*r, reading.sha256, now) for r in reading.reports],
            )
            recorded = conn.total_changes - before
            conn.executemany(
                "INSERT OR IGNORE INTO form_plans VALUES (?,?,?)",
                [(reading.sha256, p, v) for p, v in reading.versions.items()],
            )
            conn.execute(
                "INSERT INTO forms VALUES (?,?,?,?,?,?)",
                (reading.sha256, reading.unit, reading.date, recorded, path.name, now),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if recorded:
            out.taken.append((path, recorded))
        else:
            out.again.append(path)
    return out


# --- what the ledger says, as of a date ---------------------------------------------------


def _latest(ledger: sqlite3.Connection, as_of: str, versions: dict[str, str]) -> dict:
    """(plan, measure) -> unit -> its latest report on or before as_of (date, status), of
    the reports made on the plan's present version (`_current`)."""
    out: dict[tuple[str, int], dict[str, tuple[str, str]]] = {}
    marks = ",".join("?" * len(versions))
    for plan, measure, unit, date, status, made_of in ledger.execute(
        "SELECT r.plan, r.measure, r.unit, r.date, r.status, f.version FROM reports r "
        "LEFT JOIN form_plans f ON f.sha256 = r.form AND f.plan = r.plan "
        f"WHERE r.date <= ? AND r.plan IN ({marks}) ORDER BY r.date, r.rowid",
        (as_of, *versions),
    ):
        if _current(made_of, versions[plan]):
            out.setdefault((plan, measure), {})[unit] = (date, status)
    return out


def _current(made_of: str | None, version: str) -> bool:
    """Whether a report speaks of the plan as it is: made on its present version (who
    answers for what). A plan removed and another added under its id is another plan: its
    reports are not these. (A report collected before versions were kept counts.)"""
    return made_of is None or made_of == version


def progress(
    store: Store,
    as_of: dt.date,
    *,
    unit: str | None = None,
    section: int | None = None,
    within: int = 30,
    ledger: sqlite3.Connection | None = None,
    versions: dict[str, str] | None = None,
) -> list[dict]:
    """One row per measure in scope: its roll-up status as of the date, how many of the
    units that answer for it have reported, its deadline and whether it is overdue or due
    soon (within `within` days). A plan issued after the date has no rows. `versions`:
    the plans' versions, when the caller has them (`plan_versions`)."""
    from plan_cli.core import query

    ledger = ledger or open_ledger()
    effective = set(in_effect(store, as_of))
    latest = _latest(ledger, as_of.isoformat(), versions or plan_versions(store))
    keep = None
    if unit is not None:
        query.find_units(store, unit)
        keep = {
            (r[0], r[1])
            for r in store.rows(
                "SELECT r.plan, r.measure FROM temp.found f CROSS JOIN responsibilities r "
                "ON r.plan = f.plan AND r.unit = f.unit"
            )
        }
    if section is not None:
        query.check_section(store, section)
    units: dict[tuple[str, int], dict[str, str]] = {}
    for r in store.rows(
        "SELECT r.plan, r.measure, r.unit, r.role FROM temp.scope s "
        "CROSS JOIN responsibilities r ON r.plan = s.plan WHERE r.unit IS NOT NULL"
    ):
        units.setdefault((r[0], r[1]), {})[r[2]] = r[3]
    due = deadlines(store)
    soon = as_of + dt.timedelta(days=within)
    rows = []
    for m in store.rows(
        "SELECT m.plan, m.id, m.section, m.title, m.leading FROM temp.scope s "
        "CROSS JOIN measures m ON m.plan = s.plan ORDER BY s.ord, m.position"
    ):
        key = (m["plan"], m["id"])
        if m["plan"] not in effective:
            continue  # issued after the date asked: nothing to report on yet
        if (keep is not None and key not in keep) or (
            section is not None and m["section"] != section
        ):
            continue
        answering = units.get(key, {})
        reported = {u: s for u, (_d, s) in latest.get(key, {}).items()}
        status = rollup(answering, reported)
        deadline = due.get(key)
        leads = json.loads(m["leading"])
        last = max((d for d, _s in latest.get(key, {}).values()), default=None)
        rows.append(
            {
                "plan": m["plan"],
                "id": m["id"],
                "title": m["title"],
                "lead": leads[0] if leads else None,
                "status": status,
                "reports": len(reported),
                "units": len(answering),
                "last_report": last,
                "due": deadline.isoformat() if deadline else None,
                "overdue": bool(deadline and deadline < as_of and status != "done"),
                "due_soon": bool(deadline and as_of <= deadline <= soon and status != "done"),
                "section": m["section"],
            }
        )
    return rows


def rollup(answering: dict[str, str], reported: dict[str, str]) -> str:
    """A measure's status from its units' latest reports: done when every lead's says done
    (every named unit's, where none leads); in progress when any says in progress or done;
    not started when there are reports and all say so; else unreported."""
    if not reported:
        return "unreported"
    deciders = [u for u, role in answering.items() if role == LEAD] or [
        u for u, role in answering.items() if role in (PARTICIPANT, COLLECTIVE)
    ]
    if deciders and all(reported.get(u) == "done" for u in deciders):
        return "done"
    if any(s in ("in_progress", "done") for s in reported.values()):
        return "in_progress"
    return "not_started"


def history(
    store: Store, plan: str, measure: int, as_of: dt.date, unit: str | None = None
) -> list[dict]:
    ledger = open_ledger()
    units = None
    if unit is not None:
        from plan_cli.core import query

        units = {f.unit for h in query.find_units(store, unit) for f in h.found}
    version = plan_version(store, plan)
    return [
        {
            "date": r[0],
            "unit": r[1],
            "status": r[2],
            "progress": r[3],
            "problems": r[4],
            "next": r[5],
            "plan": plan,
        }
        for r in ledger.execute(
            "SELECT r.date, r.unit, r.status, r.progress, r.problems, r.next, f.version "
            "FROM reports r LEFT JOIN form_plans f ON f.sha256 = r.form AND f.plan = r.plan "
            "WHERE r.plan = ? AND r.measure = ? AND r.date <= ? ORDER BY r.date, r.rowid",
            (plan, measure, as_of.isoformat()),
        )
        if (units is None or r[1] in units) and _current(r[6], version)
    ]


def overdue(
    store: Store, as_of: dt.date, *, within: int = 30, unit: str | None = None
) -> list[dict]:
    """Measures not done whose deadline has passed (overdue, 逾期) or falls within the
    days given (due_soon, 临期)."""
    return [
        {
            "plan": r["plan"],
            "id": r["id"],
            "title": r["title"],
            "lead": r["lead"],
            "due": r["due"],
            "status": r["status"],
            "grade": "overdue" if r["overdue"] else "due_soon",
        }
        for r in progress(store, as_of, unit=unit, within=within)
        if r["overdue"] or r["due_soon"]
    ]


@dataclass
class Brief:
    """The 通报 as of a date."""

    title: str
    as_of: dt.date
    rows: list[dict]  # progress rows
    late: list[dict]  # overdue and due soon
    silent: list[str]  # units that answer for something and have not reported
    sections: list[dict]  # per plan and section: counts by status

    @property
    def totals(self) -> dict[str, int]:
        out = dict.fromkeys(("done", "in_progress", "not_started", "unreported"), 0)
        for r in self.rows:
            out[r["status"]] += 1
        return out

    @property
    def rate(self) -> float:
        return self.totals["done"] / len(self.rows) if self.rows else 0.0


def brief(store: Store, as_of: dt.date, within: int = 30) -> Brief:
    ledger = open_ledger()
    effective = in_effect(store, as_of)
    versions = plan_versions(store)
    rows = progress(store, as_of, within=within, ledger=ledger, versions=versions)
    late = [
        {**r, "grade": "overdue" if r["overdue"] else "due_soon"}
        for r in rows
        if r["overdue"] or r["due_soon"]
    ]
    places = {p: store.jurisdiction(p) for p in store.scope}
    reported = {
        (places.get(r[0]), r[1])
        for r in ledger.execute(
            "SELECT DISTINCT r.plan, r.unit, f.version FROM reports r LEFT JOIN form_plans f "
            "ON f.sha256 = r.form AND f.plan = r.plan WHERE r.date <= ?",
            (as_of.isoformat(),),
        )
        if r[0] in versions and _current(r[2], versions[r[0]])
    }
    answering = dict.fromkeys(  # a collective's members report, not the collective itself
        (places[r[1]], r[0])
        for r in store.rows(
            "SELECT r.unit, r.plan FROM temp.scope s CROSS JOIN responsibilities r "
            "ON r.plan = s.plan JOIN units u ON u.plan = r.plan AND u.name = r.unit "
            "WHERE r.role IN ('lead', 'participant') AND u.kind != 'collective' "
            "ORDER BY s.ord, r.rowid"
        )
        if r[1] in effective
    )
    shared = _shared_names(answering)
    silent = [
        f"{unit}（{place}）" if unit in shared and place else unit
        for place, unit in answering
        if (place, unit) not in reported
    ]
    numerals = {(r[0], r[1]): r[2] for r in store.rows("SELECT plan, id, numeral FROM sections")}
    sections: dict[tuple[str, int], dict] = {}
    for r in rows:
        s = sections.setdefault(
            (r["plan"], r["section"]),
            {
                "plan": r["plan"],
                "section": r["section"],
                "numeral": numerals.get((r["plan"], r["section"])),
                "measures": 0,
                "done": 0,
                "in_progress": 0,
                "not_started": 0,
                "unreported": 0,
            },
        )
        s["measures"] += 1
        s[r["status"]] += 1
    return Brief(
        chinese_title(store, effective or store.scope),
        as_of,
        rows,
        late,
        silent,
        list(sections.values()),
    )


def environment_today() -> dt.date:
    """Today, or PLAN_TODAY (YYYY-MM-DD) for a reproducible run."""
    fixed = os.environ.get("PLAN_TODAY")
    return parse_date(fixed, "PLAN_TODAY") if fixed else dt.date.today()
