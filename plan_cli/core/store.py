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
from plan_cli.core.load import parse_plan, read_bytes
from plan_cli.core.model import Plan
from plan_cli.core.names import Registry, jurisdiction_of
from plan_cli.core.relation import responsibilities

FORMAT = "4"  # bump when the tables below change
_CODE = ("model.py", "load.py", "names.py", "relation.py", "store.py")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE plans (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, notice_title TEXT, issuer TEXT, date TEXT,
    published TEXT, base_year INTEGER, addressees TEXT, notice TEXT,
    preamble TEXT,              -- JSON list of sentences
    source TEXT, path TEXT
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
CREATE TABLE unit_names (       -- every name a unit goes by
    plan TEXT NOT NULL, unit TEXT NOT NULL, name TEXT NOT NULL,
    form TEXT NOT NULL CHECK (form IN ('name', 'short', 'abbr', 'alias')),
    position INTEGER NOT NULL
);
CREATE TABLE measures (
    plan TEXT NOT NULL, id INTEGER NOT NULL, section INTEGER NOT NULL, title TEXT,
    text TEXT,                  -- the sentences joined; NULL when the source lost them
    sentences TEXT,             -- JSON list
    units_source TEXT,          -- the 责任单位 block as printed; NULL when lost
    notes TEXT,                 -- JSON list
    notes_zh TEXT,              -- JSON list: the notes in Chinese
    position INTEGER NOT NULL,
    inferred INTEGER NOT NULL,  -- 1: where its sentences sit is a judgement
    PRIMARY KEY (plan, id)
);
CREATE TABLE responsibilities ( -- THE relation (relation.py); unit is NULL when unknown
    plan TEXT NOT NULL, measure INTEGER NOT NULL, unit TEXT,
    role TEXT NOT NULL CHECK (role IN ('lead', 'participant', 'collective', 'unknown')),
    position INTEGER NOT NULL
);
CREATE INDEX responsibilities_by_unit ON responsibilities (plan, unit, measure);
CREATE INDEX responsibilities_by_measure ON responsibilities (plan, measure, position);
CREATE TABLE targets (
    plan TEXT NOT NULL, measure INTEGER NOT NULL, position INTEGER NOT NULL,
    text TEXT NOT NULL, indicator TEXT, value, value_max, unit TEXT, comparator TEXT,
    due,                        -- a year (number), a range '2023-2025', 'recurring' or NULL
    due_first INTEGER, due_last INTEGER,  -- the years it spans; NULL unless dated
    due_text TEXT
);
CREATE INDEX targets_by_measure ON targets (plan, measure);
CREATE TABLE untargeted (plan TEXT NOT NULL, text TEXT NOT NULL, reason TEXT NOT NULL);
CREATE VIRTUAL TABLE measures_fts USING fts5 (
    title, text, content='measures', tokenize='trigram'
);
"""


class Store:
    """An open store: the connection and what is asked of it often (the unit registry)."""

    def __init__(self, conn: sqlite3.Connection):
        conn.row_factory = sqlite3.Row
        self.conn = conn
        self._registry: Registry | None = None

    def rows(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def value(self, sql: str, params: tuple | list = ()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            from plan_cli.core.model import Unit

            names: dict[str, dict[str, list[str]]] = {}
            for r in self.rows("SELECT unit, name, form FROM unit_names ORDER BY position"):
                names.setdefault(r["unit"], {}).setdefault(r["form"], []).append(r["name"])
            self._registry = Registry(
                [
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
                    for r in self.rows("SELECT * FROM units ORDER BY position")
                ],
                jurisdiction_of(self.value("SELECT issuer FROM plans")),
            )
        return self._registry


# --- opening: from the cache, or compiled now -----------------------------------------


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("plan", appauthor=False))


def open_store(path: Path) -> Store:
    """The store of the plan file at `path`, compiled if the cache has none for its bytes.

    Raises DataError when the file cannot be read or does not pass the schema.
    """
    data = read_bytes(path)
    if os.environ.get("PLAN_NO_CACHE", "") not in ("", "0"):
        return Store(_compiled(parse_plan(data, path)))
    folder = cache_dir()
    prefix = _prefix(path, data)
    found = _cached(folder, prefix)
    if found is not None:
        return Store(found)
    conn = _compiled(parse_plan(data, path))
    _save(conn, folder, prefix)
    return Store(conn)


def _prefix(path: Path, data: bytes) -> str:
    """p<path key>-<content key>-: what a database built from these bytes is named with."""
    where = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:16]
    h = hashlib.sha256(f"plan-store\0{FORMAT}\0{__version__}\0".encode())
    here = Path(__file__).parent
    for name in _CODE:  # an edited module (editable installs) is a new program
        try:
            h.update(str((here / name).stat().st_mtime_ns).encode())
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
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    with conn:
        conn.execute("INSERT INTO meta VALUES ('format', ?), ('version', ?)", (FORMAT, __version__))
        compile_plan(conn, plan)
    return conn


def compile_plan(conn: sqlite3.Connection, plan: Plan) -> None:
    """Insert one checked plan into the tables."""
    import json

    def js(items) -> str:
        return json.dumps(list(items), ensure_ascii=False)

    pid, d = plan.id, plan.document
    conn.execute(
        "INSERT INTO plans VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
            d.source,
            plan.path,
        ),
    )
    conn.executemany(
        "INSERT INTO sections VALUES (?,?,?,?,?,?,?)",
        [
            (pid, s.id, s.numeral, s.title, js(s.notes), js(s.notes_zh), s.inferred)
            for s in plan.sections
        ],
    )
    conn.executemany(
        "INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (pid, u.name, u.short, u.kind, u.covers, u.note, u.note_zh, i, u.inferred)
            for i, u in enumerate(plan.units)
        ],
    )
    names = []
    for u in plan.units:
        forms = [(u.name, "name"), (u.short, "short"), (u.abbr, "abbr")]
        forms = [(n, form) for n, form in forms if n] + [(a, "alias") for a in u.aliases]
        names += [(pid, u.name, n, form) for n, form in forms]
    conn.executemany(
        "INSERT INTO unit_names VALUES (?,?,?,?,?)", [(*row, i) for i, row in enumerate(names)]
    )
    conn.executemany(
        "INSERT INTO measures VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
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
            )
            for i, m in enumerate(plan.measures)
        ],
    )
    members = Registry(plan.units).members
    conn.executemany(
        "INSERT INTO responsibilities VALUES (?,?,?,?,?)",
        [
            (pid, r.measure, r.unit, r.role, i)
            for i, r in enumerate(responsibilities(plan.measures, members))
        ],
    )
    conn.executemany(
        "INSERT INTO targets VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
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
        ],
    )
    conn.executemany(
        "INSERT INTO untargeted VALUES (?,?,?)", [(pid, u.text, u.reason) for u in plan.untargeted]
    )
    conn.execute(
        "INSERT INTO measures_fts (rowid, title, text) "
        "SELECT rowid, title, text FROM measures WHERE plan = ?",
        (pid,),
    )


def _due_value(due) -> int | str | None:
    """The `due` of JSON rows: a year as a number, a range as '2023-2025', or a word."""
    if due.kind == "year":
        return due.start
    if due.kind == "none":
        return None
    return due.label
