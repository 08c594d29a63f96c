"""The validated plan, kept between runs so a query does not parse YAML every time.

Scripts may call `plan` hundreds of times; parsing and checking plan.yaml costs more than
the query itself (see benchmarks/). The first run stores the checked Plan in the user's
cache folder under a key made of the file's path, size, modification time and the code's
own files; any change to one of them is a miss, and a miss (or any trouble with the cache)
falls back to reading the YAML. PLAN_NO_CACHE=1 turns the cache off.

The cache is written only by this program, in the user's own folder; plan files
themselves are only ever read with a safe YAML loader.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from contextlib import contextmanager
from pathlib import Path

from plan_cli.model import Plan

PACKAGE = Path(__file__).parent
DEFAULT_PATH = PACKAGE / "data" / "plan.yaml"
ENV_VAR = "PLAN_DATA"
_CODE = ("model.py", "load.py", "units.py", "cache.py")


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """--data, else $PLAN_DATA, else the plan shipped inside the package."""
    if path:
        return Path(path)
    if env := os.environ.get(ENV_VAR):
        return Path(env)
    return DEFAULT_PATH


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


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plan-cli"


def _key(path: Path) -> str | None:
    try:
        st = path.stat()
        parts = [str(path.resolve()), str(st.st_size), str(st.st_mtime_ns)]
        for name in _CODE:
            parts.append(str((PACKAGE / name).stat().st_mtime_ns))
    except OSError:
        return None
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def load(path: str | os.PathLike | None = None) -> Plan:
    """The checked plan at `path`, from the cache when the file is unchanged."""
    p = resolve_path(path)
    use_cache = os.environ.get("PLAN_NO_CACHE", "") in ("", "0")
    key = _key(p) if use_cache else None
    if key:
        try:
            with open(cache_dir() / f"{key}.pickle", "rb") as f, gc_paused():
                plan = pickle.load(f)
            if isinstance(plan, Plan):
                return plan
        except Exception:  # noqa: BLE001 - a bad cache is only a miss
            pass
    from plan_cli.load import load_plan

    plan = load_plan(p)
    if key:
        _store(key, plan)
    return plan


def _store(key: str, plan: Plan) -> None:
    from plan_cli.render import write_atomically

    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / f"{key}.pickle",
                         lambda f: pickle.dump(plan, f, protocol=pickle.HIGHEST_PROTOCOL),
                         binary=True)
    except Exception:  # noqa: BLE001 - no cache folder is no reason to fail a query
        pass


def completion_names(incomplete: str) -> list[str]:
    """Unit names for shell completion: canonical, short and alias forms."""
    try:
        plan = load()
    except Exception:  # noqa: BLE001 - completion must never print an error
        return []
    names = []
    for u in plan.units:
        for n in (u.short, u.name, *u.aliases):
            if n and n.startswith(incomplete) and n not in names:
                names.append(n)
    return names


def completion_ids(incomplete: str) -> list[str]:
    try:
        plan = load()
    except Exception:  # noqa: BLE001
        return []
    return [str(m.id) for m in plan.measures if str(m.id).startswith(incomplete)]
