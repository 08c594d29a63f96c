"""The library of plans: a folder of plan files, asked together or one by one.

The folder is PLAN_HOME, else the user data folder (platformdirs: ~/.local/share/plan on
Linux). Every *.yaml in it is a plan; a plan's `source:` is relative to its file's folder;
its id is the file's `id:` (top level or under `document:`), else the file name's stem. The
shipped plan, nx2020, is always part of the library: it cannot be removed, and a file that
claims its id is left out with a message.

All the plans are compiled into one SQLite database in the user's cache folder, each file
on its own, keyed by the hash of its bytes: adding or editing one plan recompiles only that
plan. Freshness is checked cheaply, by each file's size and modification time, and the hash
is read only when they changed. Many plans at once are compiled in worker processes. The
database is written in transactions (WAL), so runs started at once each see whole plans; a
damaged database is found by SQLite, deleted and rebuilt; when the cache folder cannot be
written the library is compiled in memory.

A file that cannot be used (not YAML, against the schema, an id another file already has)
is left out and named in `Store.problems`, one line each; the other plans keep answering.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from plan_cli.core.errors import DataError, NotFound, Refused
from plan_cli.core.errors import reason as system_reason
from plan_cli.core.i18n import _
from plan_cli.core.load import SHIPPED
from plan_cli.core.store import (
    FORMAT,
    NAMES,
    Store,
    cache_dir,
    insert_renames,
    insert_rows,
    new_database,
)

SHIPPED_ID = "nx2020"
WORKERS_FROM = 16  # compile in worker processes from this many changed files on
DEFER_INDEXES_FROM = 100  # and build the secondary indexes after inserting this many

FILES = """
CREATE TABLE IF NOT EXISTS files (   -- what each plan file was compiled from
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT,
    plan TEXT,                       -- its id, when it compiled
    problem TEXT                     -- why it is left out, when it did not
);
"""

Progress = Callable[[int, int], None]  # (done, total), while compiling


def home() -> Path:
    env = os.environ.get("PLAN_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("plan", appauthor=False))


def plan_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The shipped plan, then every *.yaml of the folder, by name; and why the folder could
    not be read, if it could not (the shipped plan answers all the same). A folder that
    does not exist yet is an empty library."""
    if not folder.exists():
        return [SHIPPED], []
    try:
        if not folder.is_dir():
            raise NotADirectoryError(20, _("not a folder"))
        named = sorted(
            p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith(".")
        )
    except OSError as e:
        reason = system_reason(e)
        return [SHIPPED], [
            _("{folder}: cannot read the library: {reason}").format(folder=folder, reason=reason)
        ]
    found = [p for p in named if p.is_file()]
    broken = [  # a link to nothing: said, not skipped in silence
        _("{path}: a link to {target}, which is not there").format(path=p, target=os.readlink(p))
        for p in named
        if p.is_symlink() and not p.exists()
    ]
    return [SHIPPED, *found], broken


def open_library(folder: Path | None = None, progress: Progress | None = None) -> Store:
    """Every plan of the library, compiled where a file changed. What cannot be used (a
    folder that cannot be read, a plan file that does not validate) is in the store's
    `problems`, one line each; the other plans answer."""
    folder = home() if folder is None else folder
    files, trouble = plan_files(folder)
    store = _opened(folder, files, progress)
    store.problems[:0] = trouble
    return store


def _opened(folder: Path, files: list[Path], progress: Progress | None) -> Store:
    if os.environ.get("PLAN_NO_CACHE", "") not in ("", "0"):
        return _in_memory(files, progress)
    path = cache_dir() / f"library-{_key(folder)}.sqlite"
    for attempt in (1, 2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = _open(path)
            problems = _refresh(conn, files, progress)
            return Store(conn, problems)
        except sqlite3.DatabaseError:  # damaged: start again from the plan files
            if attempt == 2:
                break
            for suffix in ("", "-wal", "-shm"):
                try:
                    Path(f"{path}{suffix}").unlink()
                except OSError:
                    pass
        except (OSError, sqlite3.OperationalError):
            break
    return _in_memory(files, progress)


def _key(folder: Path) -> str:
    """The library database's name: the folder it mirrors and the program that built it."""
    from plan_cli import __version__

    h = hashlib.sha256(f"plan-library\0{FORMAT}\0{__version__}\0{folder.resolve()}".encode())
    here = Path(__file__).parent
    for p in [
        *(
            here / n
            for n in ("model.py", "load.py", "names.py", "relation.py", "store.py", "library.py")
        ),
        NAMES,
    ]:
        try:
            h.update(str(p.stat().st_mtime_ns).encode())
        except OSError:
            pass
    return h.hexdigest()[:24]


def _open(path: Path) -> sqlite3.Connection:
    fresh = not path.exists()
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    if (
        fresh
        or conn.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchone() is None
    ):
        conn.execute("BEGIN IMMEDIATE")
        if conn.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
            _create(conn)
        conn.execute("COMMIT")
    elif conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() != (FORMAT,):
        raise sqlite3.DatabaseError("another format")
    return conn


def _create(conn: sqlite3.Connection) -> None:
    from plan_cli.core.store import SCHEMA, statements

    for statement in statements(SCHEMA + FILES):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO meta VALUES ('format', ?), ('version', ?), ('fts', 'stale')",
        (FORMAT, _version()),
    )
    insert_renames(conn)


def _version() -> str:
    from plan_cli import __version__

    return __version__


def _in_memory(files: list[Path], progress: Progress | None) -> Store:
    conn = new_database(":memory:")
    conn.executescript(FILES)
    conn.execute("INSERT INTO meta VALUES ('fts', 'stale')")
    conn.commit()
    conn.isolation_level = None
    return Store(conn, _refresh(conn, files, progress))


# --- keeping the database fresh --------------------------------------------------------


def _refresh(conn: sqlite3.Connection, files: list[Path], progress: Progress | None) -> list[str]:
    """Compile what changed since the database last saw the files; the problems of the
    files left out, one line each."""
    seen = {}
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        seen[str(f)] = (f, st.st_size, st.st_mtime_ns)
    known = {
        r[0]: r
        for r in conn.execute("SELECT path, size, mtime_ns, sha256, plan, problem FROM files")
    }
    changed = [v for k, v in seen.items() if k not in known or known[k][1:3] != v[1:]]
    removed = [k for k in known if k not in seen]
    # a file left out because another had its id gets another chance when anything changes
    retry = [
        seen[k]
        for k, r in known.items()
        if (changed or removed) and r[5] and k in seen and seen[k] not in changed
    ]
    if changed or removed or retry:
        _update(conn, changed + retry, removed, progress)
    return [
        f"{r[0]}: {r[1]}"
        for r in conn.execute(
            "SELECT path, problem FROM files WHERE problem IS NOT NULL ORDER BY path"
        )
    ]


def _update(conn, changed, removed, progress) -> None:
    """Bring the database in line with the files, in one transaction: drop the plans of
    removed files, and compile each changed file whose bytes changed (its hash). The write
    lock is held while compiling, so a run started meanwhile waits and then finds the work
    done, rather than doing it twice."""
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB while writing: index pages stay
    conn.execute("BEGIN IMMEDIATE")
    try:
        for path in removed:
            _drop(conn, path)
        todo: list[tuple[str, int, int, str]] = []
        for f, size, mtime in changed:
            try:
                digest = hashlib.sha256(f.read_bytes()).hexdigest()
            except OSError as e:
                _record(conn, str(f), size, mtime, None, None, _unreadable(e))
                continue
            now = conn.execute(
                "SELECT sha256, problem FROM files WHERE path = ?", (str(f),)
            ).fetchone()
            if now and now[0] == digest and not now[1]:  # touched, or another run did it
                conn.execute(
                    "UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime, str(f))
                )
                continue
            todo.append((str(f), size, mtime, digest))
        about = {t[0]: t for t in todo}
        for path in about:  # while the indexes that find a plan's rows are there
            _drop(conn, path)
        deferred = _defer_indexes(conn) if len(todo) >= DEFER_INDEXES_FROM else []
        for path, rows, problem in _compile_all(list(about), progress):
            _, size, mtime, digest = about[path]
            plan_id = rows["plans"][0][0] if rows else None
            if rows:
                problem = _claimed(conn, path, plan_id)
            if problem:
                _record(conn, path, size, mtime, digest, None, problem)
                continue
            insert_rows(conn, rows)
            _record(conn, path, size, mtime, digest, plan_id, None)
        for statement in deferred:  # sorting once beats inserting into them row by row
            conn.execute(statement)
        conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'fts'")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _defer_indexes(conn) -> list[str]:
    """Drop the secondary indexes before many plans are inserted; the statements that make
    them again, to run before the transaction commits (readers never see them missing)."""
    made = [
        r[0]
        for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('unit_names', 'responsibilities', 'targets')"
        )
    ]
    for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('unit_names', 'responsibilities', 'targets')"
    ).fetchall():
        conn.execute(f"DROP INDEX {r[0]}")
    return made


def _record(conn, path, size, mtime, digest, plan_id, problem) -> None:
    conn.execute("DELETE FROM files WHERE path = ?", (path,))
    conn.execute(
        "INSERT INTO files VALUES (?,?,?,?,?,?)", (path, size, mtime, digest, plan_id, problem)
    )


def _unreadable(e: OSError) -> str:
    return _("cannot read: {reason}").format(reason=e.strerror or e)


def _claimed(conn, path: str, plan_id: str) -> str | None:
    """Why a plan may not take its id: the shipped plan's, or another file's."""
    if plan_id == SHIPPED_ID and path != str(SHIPPED):
        return _("the id {id} belongs to the shipped plan").format(id=plan_id)
    other = conn.execute(
        "SELECT path FROM files WHERE plan = ? AND path != ?", (plan_id, path)
    ).fetchone()
    if other:
        return _("the id {id} is already the plan of {other}").format(id=plan_id, other=other[0])
    return None


def _drop(conn, path: str) -> None:
    """Take a file's plan out of every table."""
    from plan_cli.core.store import TABLES

    row = conn.execute("SELECT plan FROM files WHERE path = ?", (path,)).fetchone()
    if row and row[0]:
        for table in TABLES:
            conn.execute(
                f"DELETE FROM {table} WHERE {'id' if table == 'plans' else 'plan'} = ?", (row[0],)
            )
    conn.execute("DELETE FROM files WHERE path = ?", (path,))


def _compile_all(
    paths: list[str], progress: Progress | None
) -> Iterator[tuple[str, dict | None, str | None]]:
    """(path, rows, problem) for each file, as each is done: its rows, or why it cannot be
    used. In worker processes when there are many (each reads its own file, so the bytes
    of a thousand plans are never in memory at once), here when there are few."""
    total = len(paths)
    workers = os.cpu_count() or 1
    if total >= WORKERS_FROM and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        try:
            pool = ProcessPoolExecutor(max_workers=workers)
        except (OSError, RuntimeError, NotImplementedError):  # no processes to be had
            pool = None
        if pool is not None:
            with pool:
                for done, result in enumerate(pool.map(_compile_file, paths, chunksize=4), 1):
                    yield result
                    if progress:
                        progress(done, total)
            return
    for done, path in enumerate(paths, start=1):
        yield _compile_file(path)
        if progress:
            progress(done, total)


def _compile_file(path: str) -> tuple[str, dict | None, str | None]:
    from plan_cli.core.load import parse_plan, read_bytes
    from plan_cli.core.store import compile_rows

    try:
        plan = parse_plan(read_bytes(Path(path)), Path(path))
    except DataError as e:
        more = len(e.problems) - 1
        hint = (
            _(" (and {n} more: run 'plan validate --data {path}')").format(n=more, path=path)
            if more
            else ""
        )
        return path, None, str(e.problems[0].message) + hint
    position = 0 if Path(path) == SHIPPED else 1
    return path, compile_rows(plan, position), None


def ensure_search_index(store: Store) -> bool:
    """Build the full-text index if plans changed since it was built; False when the
    database cannot be written (search then reads every text)."""
    try:
        if store.value("SELECT value FROM meta WHERE key = 'fts'") == "built":
            return True
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("INSERT INTO measures_fts (measures_fts) VALUES ('rebuild')")
        store.conn.execute("UPDATE meta SET value = 'built' WHERE key = 'fts'")
        store.conn.execute("COMMIT")
        return True
    except sqlite3.Error:
        try:
            store.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        return False


# --- adding and removing plans -----------------------------------------------------------


PUBLISHED = (".txt", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".pdf")


def add(file: Path, folder: Path | None = None) -> tuple[str, str | None]:
    """Copy a valid plan file into the library as ID.yaml, with the source text it names
    beside it. Refuses an id already there; leaves the library as it was on any failure.
    Safe when two run at once (a lock, and files that appear only whole). Returns the id,
    and the source the plan names when it is not beside the file (the plan is added, but
    `plan verify` cannot check it)."""
    from plan_cli.core.errors import InvalidValue
    from plan_cli.core.load import load_plan

    if file.suffix.lower() in PUBLISHED:
        raise InvalidValue(
            _(
                "{file} is not a plan file (a plan file is .yaml); if it is a published plan, "
                "'plan import {file}' drafts one from it"
            ).format(file=file)
        )
    folder = home() if folder is None else folder
    plan = load_plan(file)  # DataError when it does not validate
    if plan.id == SHIPPED_ID:
        raise Refused(
            _("the id {id} belongs to the shipped plan; give the file another id").format(
                id=plan.id
            )
        )
    source = plan.document.source if plan.document else ""
    source_rel = Path(source) if source else None
    if source_rel and (source_rel.is_absolute() or ".." in source_rel.parts):
        raise Refused(
            _("the plan's source {source} must be a path inside its folder").format(source=source)
        )
    with _changing(folder):
        taken = _ids(folder)
        if plan.id in taken:
            raise Refused(
                _("the library already has a plan {id} ({path}); remove it first").format(
                    id=plan.id, path=taken[plan.id]
                )
            )
        placed: list[Path] = []
        missing = None
        try:
            if source_rel:
                src = file.parent / source_rel
                missing = None if src.exists() else source
                dest = folder / source_rel
                if src.exists() and not (dest.exists() and dest.read_bytes() == src.read_bytes()):
                    if dest.exists():
                        raise Refused(
                            _(
                                "{dest} is already in the library with other text: rename the "
                                "source file and the plan's source: line"
                            ).format(dest=dest)
                        )
                    _copy_new(src, dest)
                    placed.append(dest)
            _copy_new(file, folder / f"{plan.id}.yaml")
        except BaseException:
            for p in placed:
                p.unlink(missing_ok=True)
            raise
    return plan.id, missing


def remove(plan_id: str, folder: Path | None = None) -> list[Path]:
    """Take a plan out of the library (its file, and its source text if no other plan
    names it): the files deleted. The shipped plan cannot be removed."""
    folder = home() if folder is None else folder
    if plan_id == SHIPPED_ID:
        raise Refused(_("the shipped plan {id} cannot be removed").format(id=plan_id))
    with _changing(folder):
        taken = _ids(folder)
        if plan_id not in taken:
            raise NotFound(_("the library has no plan {id}").format(id=plan_id))
        path = taken[plan_id]
        source = _source_of(path)
        path.unlink()
        gone = [path]
        if source and not any(_source_of(p) == source for p in taken.values() if p != path):
            if (folder / source).exists():
                (folder / source).unlink()
                gone.append(folder / source)
    return gone


def _ids(folder: Path) -> dict[str, Path]:
    """The id of every plan file in the folder (as its `id:` or its name says)."""
    out: dict[str, Path] = {}
    for p in plan_files(folder)[0][1:]:
        out.setdefault(_id_of(p), p)
    return out


def _id_of(path: Path) -> str:
    """A plan file's id, read without checking the whole plan: its `id:` line, else its
    file name's stem (load.build_plan gives the same)."""
    import re

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return path.stem
    m = re.search(r"^(?:  )?id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9_.-]*)", text, re.M)
    return m.group(1) if m else path.stem


def _source_of(path: Path) -> str | None:
    """The source a plan file names (under `document:`), in YAML or a JSON export."""
    import yaml

    try:
        data = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError):
        return None
    document = data.get("document") if isinstance(data, dict) else None
    source = document.get("source") if isinstance(document, dict) else None
    return source if isinstance(source, str) else None


def _copy_new(src: Path, dest: Path) -> None:
    """Copy to a path that must not exist yet: written whole to a temporary file, then
    linked into place, which fails rather than replace a file that appeared meanwhile."""
    import tempfile

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(src.read_bytes())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as any file the user writes, not mkstemp's 0600
        os.link(tmp, dest)
    except FileExistsError:
        raise Refused(_("{dest} is already in the library").format(dest=dest)) from None
    finally:
        os.unlink(tmp)


@contextmanager
def _changing(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the library folder while it is changed; a folder that
    cannot be made, locked or written is a refusal (Refused), never a traceback."""
    import fcntl

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    except OSError as e:
        raise Refused(
            _("cannot change the library {folder}: {reason}").format(
                folder=folder, reason=e.strerror or e
            )
        ) from None
