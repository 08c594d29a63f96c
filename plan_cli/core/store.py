"""The compiled store: a plan file as SQLite tables, kept between runs.

data/plan.yaml stays the one file people edit. The first query after it changes parses and
checks it (load.py), derives the responsibility relation (relation.py) and writes the
tables below into a database in the user's cache folder (platformdirs; XDG_CACHE_HOME is
honoured). Later queries read the database, which holds data only: nothing in it executes
on load, unlike the pickle it replaces.

The database is named after what it was built from and what it holds:
    p<path key>-<content key>-<database hash>.sqlite
The content key is a hash of the plan file's bytes, the store's format and the program's
version and code, so any change to one of them is a miss. The database hash is the SHA-256
of the database file itself: a file that does not hash to its name (corrupted, truncated)
is deleted and rebuilt. It is written to a temporary file and renamed into place, so runs
started at once each see a whole database. When the cache folder cannot be written the
program works from an in-memory database without a word; PLAN_NO_CACHE=1 does so always.

The tables (the same ones `plan export --format sqlite` will write) are keyed by
(plan, measure) for the library of plans that comes next.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from plan_cli import __version__
from plan_cli.core.load import SHIPPED, parse_plan, read_bytes
from plan_cli.core.model import Plan
from plan_cli.core.names import Registry
from plan_cli.core.relation import responsibilities

FORMAT = "9"  # bump when the tables below change
_CODE = ("model.py", "load.py", "names.py", "relation.py", "store.py")
NAMES = SHIPPED.parent / "names.yaml"  # former names of units, with citations

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE plans (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, notice_title TEXT, issuer TEXT, date TEXT,
    published TEXT, base_year INTEGER, addressees TEXT, notice TEXT,
    preamble TEXT,              -- JSON list of sentences
    other_text TEXT,            -- JSON list: sentences after the tasks begin that are no task's
    source TEXT,                -- the source text, relative to the plan file
    path TEXT,                  -- the plan file
    jurisdiction TEXT,          -- 宁夏回族自治区: where the plan's units belong
    reviews INTEGER NOT NULL,   -- review notes left by an import for a person to settle
    lost INTEGER NOT NULL,      -- measures whose unit list the source lost
    position INTEGER NOT NULL
);
CREATE TABLE sections (
    plan TEXT NOT NULL, id INTEGER NOT NULL, numeral TEXT NOT NULL, title TEXT,
    notes TEXT,                 -- JSON list
    notes_zh TEXT,              -- JSON list: the notes in Chinese
    inferred INTEGER NOT NULL,  -- 1: its bounds are a judgement (the notes say which)
    PRIMARY KEY (plan, id)
);
CREATE TABLE units (
    plan TEXT NOT NULL, name TEXT NOT NULL, short TEXT, kind TEXT NOT NULL, covers TEXT,
    note TEXT, note_zh TEXT, position INTEGER NOT NULL,
    inferred INTEGER NOT NULL,  -- 1: its name or kind comes from outside the source
    PRIMARY KEY (plan, name)
);
CREATE TABLE unit_names (       -- every name a unit goes by, and its forms for matching
    plan TEXT NOT NULL, unit TEXT NOT NULL, name TEXT NOT NULL,
    form TEXT NOT NULL CHECK (form IN ('name', 'short', 'abbr', 'alias')),
    norm TEXT NOT NULL,         -- names.normalize(name)
    loose TEXT NOT NULL,        -- names.loose(norm)
    position INTEGER NOT NULL
);
CREATE INDEX unit_names_by_plan ON unit_names (plan, position);
CREATE INDEX unit_names_by_norm ON unit_names (norm);
CREATE INDEX unit_names_by_loose ON unit_names (loose);
CREATE TABLE measures (
    plan TEXT NOT NULL, id INTEGER NOT NULL, section INTEGER NOT NULL, title TEXT,
    text TEXT,                  -- the sentences joined; NULL when the source lost them
    sentences TEXT,             -- JSON list
    units_source TEXT,          -- the 责任单位 block as printed; NULL when lost
    notes TEXT,                 -- JSON list
    notes_zh TEXT,              -- JSON list: the notes in Chinese
    position INTEGER NOT NULL,
    inferred INTEGER NOT NULL,  -- 1: where its sentences sit is a judgement
    due TEXT,                   -- the task's own deadline: 2017-06, 2020, ongoing, recurring
    leader TEXT,                -- a person named as responsible, never a unit
    named TEXT NOT NULL,        -- JSON list: the units it names, leads first ([] when lost)
    leading TEXT NOT NULL,      -- JSON list: the units that lead (several; none: shared duty)
    due_text TEXT,              -- the deadline as written, where the text does not hold it
    PRIMARY KEY (plan, id)
);
CREATE TABLE responsibilities ( -- THE relation (relation.py); unit is NULL when unknown
    plan TEXT NOT NULL, measure INTEGER NOT NULL, unit TEXT,
    role TEXT NOT NULL CHECK (role IN ('lead', 'participant', 'collective', 'unknown')),
    position INTEGER NOT NULL
);
CREATE INDEX responsibilities_by_measure ON responsibilities (plan, measure, position);
CREATE INDEX responsibilities_by_unit ON responsibilities (unit, plan, measure);
CREATE TABLE targets (
    plan TEXT NOT NULL, measure INTEGER NOT NULL, position INTEGER NOT NULL,
    text TEXT NOT NULL, indicator TEXT, value, value_max, unit TEXT, comparator TEXT,
    due,                        -- a year (number), a range '2023-2025', 'recurring' or NULL
    due_first INTEGER, due_last INTEGER,  -- the years it spans; NULL unless dated
    due_text TEXT
);
CREATE INDEX targets_by_measure ON targets (plan, measure);
CREATE TABLE untargeted (plan TEXT NOT NULL, text TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE renames (          -- former names of units (data/names.yaml), with citations
    jurisdiction TEXT, old TEXT NOT NULL, new TEXT NOT NULL, old_short TEXT, new_short TEXT,
    date TEXT, kind TEXT, source TEXT, url TEXT,
    note TEXT                   -- begins "confirmed:" when checked against the source
);
CREATE VIRTUAL TABLE measures_fts USING fts5 (
    title, text, content='measures', tokenize='trigram'
);
"""

# The tables a plan's rows go in, in the order compile_rows() gives them.
TABLES = (
    "plans",
    "sections",
    "units",
    "unit_names",
    "measures",
    "responsibilities",
    "targets",
    "untargeted",
)


class Store:
    """An open store, and the plans a question is asked of (all of them unless narrowed).

    The plans in scope are the temporary table `scope` (plan, ord): every query of
    query.py joins it, which keeps a table's rows to those plans and orders them as the
    library does (the shipped plan first, then by id). Registries (one per plan: units belong to a plan's jurisdiction)
    are built when first asked for.
    """

    def __init__(self, conn: sqlite3.Connection, problems: list[str] | None = None):
        conn.row_factory = sqlite3.Row
        self.conn = conn
        self.problems = problems or []  # plan files left out, one line each
        self.from_file = False  # the one plan file of --data, not the library
        self.narrowed = False  # asked of the plans named with --plan
        self._registries: dict[str, Registry] = {}
        self.plan_ids = [r[0] for r in self.rows("SELECT id FROM plans ORDER BY position, id")]
        self._set_scope(self.plan_ids)

    def _set_scope(self, ids: list[str]) -> None:
        self.scope = list(ids)
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS scope (plan TEXT PRIMARY KEY, ord INTEGER NOT NULL)"
        )
        self.conn.execute("DELETE FROM temp.scope")
        self.conn.executemany(
            "INSERT INTO temp.scope VALUES (?, ?)", [(i, n) for n, i in enumerate(ids)]
        )

    def narrow(self, ids: list[str] | None) -> Store:
        """Ask only these plans (--plan); raises UnknownPlan for an id the store lacks."""
        if ids:
            from plan_cli.core.errors import UnknownPlan

            for i in ids:
                if i not in self.plan_ids:
                    raise UnknownPlan(i, self.plan_ids)
            asked = set(ids)
            self._set_scope([i for i in self.plan_ids if i in asked])  # the library's order
            self.narrowed = True
        return self

    @property
    def single(self) -> bool:
        """One plan in scope: listings need not say which."""
        return len(self.scope) == 1

    @property
    def one_asked(self) -> bool:
        """The command line named one plan (--data FILE, or a single --plan ID)."""
        return self.single and (self.from_file or self.narrowed)

    def rows(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def value(self, sql: str, params: tuple | list = ()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def jurisdiction(self, plan: str) -> str | None:
        return self.value("SELECT jurisdiction FROM plans WHERE id = ?", (plan,))

    def registry_of(self, plan: str) -> Registry:
        if plan not in self._registries:
            from plan_cli.core.model import Unit

            names: dict[str, dict[str, list[str]]] = {}
            for r in self.rows(
                "SELECT unit, name, form FROM unit_names WHERE plan = ? ORDER BY position", (plan,)
            ):
                names.setdefault(r["unit"], {}).setdefault(r["form"], []).append(r["name"])
            units = [
                Unit(
                    r["name"],
                    r["short"],
                    tuple(names.get(r["name"], {}).get("alias", ())),
                    r["kind"],
                    r["covers"],
                    r["note"],
                    bool(r["inferred"]),
                    (names.get(r["name"], {}).get("abbr") or [None])[0],
                    r["note_zh"],
                )
                for r in self.rows("SELECT * FROM units WHERE plan = ? ORDER BY position", (plan,))
            ]
            self._registries[plan] = Registry(units, self.jurisdiction(plan))
        return self._registries[plan]

    @property
    def registry(self) -> Registry:
        """The registry of the one plan in scope (a file given with --data)."""
        return self.registry_of(self.scope[0])


def write_database(store: Store, path: str, ledger: Path | None = None) -> None:
    """The plans in scope as one SQLite database at `path` (a new file): the tables above,
    without the library's bookkeeping, the full-text index built, and the reports of the
    ledger on those plans, if there is one (`plan export --format sqlite`)."""
    new_database(path).close()
    conn = store.conn
    conn.execute("ATTACH DATABASE ? AS out", (path,))
    try:
        for table in TABLES:
            key = "id" if table == "plans" else "plan"
            conn.execute(
                f"INSERT INTO out.{table} SELECT * FROM main.{table} "
                f"WHERE {key} IN (SELECT plan FROM temp.scope)"
            )
        conn.commit()
    finally:
        conn.execute("DETACH DATABASE out")
    out = sqlite3.connect(path, isolation_level=None)
    try:
        out.execute(
            "CREATE TABLE reports (plan TEXT NOT NULL, measure INTEGER NOT NULL, "
            "unit TEXT NOT NULL, date TEXT NOT NULL, status TEXT NOT NULL, progress TEXT, "
            "problems TEXT, next TEXT)"
        )
        if ledger is not None and ledger.exists():
            out.execute("ATTACH DATABASE ? AS ledger", (str(ledger),))
            marks = ",".join("?" * len(store.scope))
            out.execute(
                "INSERT INTO reports SELECT plan, measure, unit, date, status, progress, "
                f"problems, next FROM ledger.reports WHERE plan IN ({marks}) "
                "ORDER BY date, rowid",
                store.scope,
            )
            out.execute("DETACH DATABASE ledger")
        out.execute("BEGIN")
        out.execute("INSERT INTO measures_fts (measures_fts) VALUES ('rebuild')")
        out.execute("INSERT INTO meta VALUES ('fts', 'built')")
        out.execute("COMMIT")
        out.execute("VACUUM")
    finally:
        out.close()


# --- opening: from the cache, or compiled now -----------------------------------------


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("plan", appauthor=False))


def open_store(path: Path) -> Store:
    """The store of the plan file at `path`, compiled if the cache has none for its bytes.

    Raises DataError when the file cannot be read or does not pass the schema.
    """
    store = Store(_connection(path))
    store.from_file = True
    return store


def _connection(path: Path) -> sqlite3.Connection:
    data = read_bytes(path)
    if os.environ.get("PLAN_NO_CACHE", "") not in ("", "0"):
        return _compiled(parse_plan(data, path))
    folder = cache_dir()
    prefix = _prefix(path, data)
    found = _cached(folder, prefix)
    if found is not None:
        return found
    conn = _compiled(parse_plan(data, path))
    _save(conn, folder, prefix)
    return conn


def _prefix(path: Path, data: bytes) -> str:
    """p<path key>-<content key>-: what a database built from these bytes is named with."""
    where = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:16]
    h = hashlib.sha256(f"plan-store\0{FORMAT}\0{__version__}\0".encode())
    here = Path(__file__).parent
    for file in [*(here / n for n in _CODE), NAMES]:  # an edited module is a new program
        try:
            h.update(str(file.stat().st_mtime_ns).encode())
        except OSError:
            pass
    h.update(data)
    return f"p{where}-{h.hexdigest()[:32]}-"


def _cached(folder: Path, prefix: str) -> sqlite3.Connection | None:
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".sqlite")]
    except OSError:
        return None
    for name in names:
        path = folder / name
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest()[:16] != name[len(prefix) : -len(".sqlite")]:
            _unlink(path)  # corrupted or truncated: rebuilt by the caller
            continue
        try:
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
            if conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (FORMAT,):
                return conn
            conn.close()
        except sqlite3.Error:
            pass
        _unlink(path)
    return None


def _save(conn: sqlite3.Connection, folder: Path, prefix: str) -> None:
    """Write the database into the cache, atomically; on any trouble, keep working without."""
    import tempfile

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".store-", suffix=".tmp", dir=folder)
        os.close(fd)
        out = sqlite3.connect(tmp)
        try:
            conn.backup(out)
        finally:
            out.close()
        digest = hashlib.sha256(Path(tmp).read_bytes()).hexdigest()[:16]
        os.replace(tmp, folder / f"{prefix}{digest}.sqlite")
        tmp = None
        _prune(folder, prefix)
    except (OSError, sqlite3.Error):
        pass
    finally:
        if tmp is not None:
            _unlink(Path(tmp))


def _prune(folder: Path, prefix: str) -> None:
    """Remove databases of earlier versions of the same file."""
    same_file = prefix.split("-", 1)[0] + "-"
    for name in os.listdir(folder):
        if name.startswith(same_file) and not name.startswith(prefix):
            _unlink(folder / name)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


# --- compiling ---------------------------------------------------------------------------


def _compiled(plan: Plan) -> sqlite3.Connection:
    conn = new_database(":memory:")
    with conn:
        insert_rows(conn, compile_rows(plan))
        conn.execute("INSERT INTO measures_fts (measures_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO meta VALUES ('fts', 'built')")
    return conn


def new_database(where: str) -> sqlite3.Connection:
    conn = sqlite3.connect(where)
    conn.executescript(SCHEMA)
    with conn:
        conn.execute("INSERT INTO meta VALUES ('format', ?), ('version', ?)", (FORMAT, __version__))
        insert_renames(conn)
    return conn


def statements(script: str) -> list[str]:
    """The SQL statements of a script, one by one (a ; inside a comment does not split):
    to run them inside a transaction, which executescript() would commit."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current)
            current = ""
    return out


def insert_renames(conn: sqlite3.Connection) -> None:
    """The former names of data/names.yaml, into the renames table."""
    from plan_cli.core.load import read_bytes, read_yaml

    data = read_yaml(read_bytes(NAMES), str(NAMES)) if NAMES.exists() else None
    fields = ("jurisdiction", "old", "new", "old_short", "new_short", "date", "kind")
    rows = [
        (
            *(r.get(k) if k != "date" else str(r.get(k) or "") for k in fields),
            r.get("source"),
            r.get("url"),
            r.get("note"),
        )
        for r in (data or {}).get("renames", [])
        if r.get("old") and r.get("new")
    ]
    conn.executemany("INSERT INTO renames VALUES (?,?,?,?,?,?,?,?,?,?)", rows)


def compile_rows(plan: Plan, position: int = 0) -> dict[str, list[tuple]]:
    """The rows of one checked plan, table by table: plain tuples, so that a worker process
    can compute them and hand them over (library.py)."""
    import json

    from plan_cli.core.names import loose, normalize

    def js(items) -> str:
        return json.dumps(list(items), ensure_ascii=False)

    pid, d = plan.id, plan.document
    rows: dict[str, list[tuple]] = {}
    rows["plans"] = [
        (
            pid,
            d.title,
            d.notice_title,
            d.issuer,
            d.date,
            d.published,
            d.base_year,
            d.addressees,
            d.notice,
            js(d.preamble),
            js(d.other_text),
            d.source,
            plan.path,
            d.jurisdiction,
            plan.reviews,
            sum(1 for m in plan.measures if not m.units),
            position,
        )
    ]
    rows["sections"] = [
        (pid, s.id, s.numeral, s.title, js(s.notes), js(s.notes_zh), s.inferred)
        for s in plan.sections
    ]
    rows["units"] = [
        (pid, u.name, u.short, u.kind, u.covers, u.note, u.note_zh, i, u.inferred)
        for i, u in enumerate(plan.units)
    ]
    names = []
    for u in plan.units:
        forms = [(u.name, "name"), (u.short, "short"), (u.abbr, "abbr")]
        forms = [(n, form) for n, form in forms if n] + [(a, "alias") for a in u.aliases]
        for n, form in forms:
            norm = normalize(n)
            names.append((pid, u.name, n, form, norm, loose(norm)))
    rows["unit_names"] = [(*row, i) for i, row in enumerate(names)]
    rows["measures"] = [
        (
            pid,
            m.id,
            m.section,
            m.title,
            "".join(m.text) or None,
            js(m.text),
            m.units_source,
            js(m.notes),
            js(m.notes_zh),
            i,
            m.inferred,
            m.due,
            m.leader,
            js(m.units),
            js(m.leading),
            m.due_text,
        )
        for i, m in enumerate(plan.measures)
    ]
    members = Registry(plan.units).members
    rows["responsibilities"] = [
        (pid, r.measure, r.unit, r.role, i)
        for i, r in enumerate(responsibilities(plan.measures, members))
    ]
    rows["targets"] = [
        (
            pid,
            t.measure,
            i,
            t.text,
            t.indicator,
            t.value,
            t.value_max,
            t.unit,
            t.comparator,
            _due_value(t.due),
            t.due.start,
            t.due.end,
            t.due_text,
        )
        for i, t in enumerate(plan.targets)
    ]
    rows["untargeted"] = [(pid, u.text, u.reason) for u in plan.untargeted]
    return rows


def insert_rows(conn: sqlite3.Connection, rows: dict[str, list[tuple]]) -> None:
    """Insert one plan's rows (compile_rows) into the tables; the full-text index is built
    by the caller, once for all the plans it inserts."""
    for table in TABLES:
        if rows.get(table):
            marks = ",".join("?" * len(rows[table][0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])


def _due_value(due) -> int | str | None:
    """The `due` of JSON rows: a year as a number, a range as '2023-2025', or a word."""
    if due.kind == "year":
        return due.start
    if due.kind == "none":
        return None
    return due.label
