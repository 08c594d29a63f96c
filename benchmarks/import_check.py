"""How well `plan import` reads published plans: the corpus of tests/import_corpus, scored.

Run from the repository root (`make import-check` does):

    .venv/bin/python benchmarks/import_check.py [--verbose] [--corpus DIR]

Each document NAME.(txt|docx|xlsx) there has NAME.expect.yaml, written by hand without
looking at the importer: its title, issuer, date and jurisdiction, and every task with a
phrase that finds it, its leads, its units, its deadline, a person named, its targets.
The six figures, against the goals of the import issue:

    tasks found              an expected task whose phrase is in a draft measure   ≥ 95%
    leads right              the draft's leads are the expected set                 ≥ 90%
    unit sets exact          the draft's units are the expected set                 ≥ 80%
    mean unit overlap        Jaccard overlap of the two sets, a lost task scoring 0 ≥ 0.9
    deadlines right          the measure's due                                      ≥ 80%
    targets found            an expected (value, unit) among the measure's targets  ≥ 85%

and no invented unit: every unit of a draft is named in its source (as written, or with a
prefix that the source writes once for its list, never pasted onto a name that has one) and
is a unit's name, not a fragment of a sentence. Exit status 0 when every goal holds.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "import_corpus"
GOALS = {
    "tasks found": 0.95,
    "leads right": 0.90,
    "unit sets exact": 0.80,
    "mean unit overlap": 0.90,
    "deadlines right": 0.80,
    "targets found": 0.85,
}
SUFFIXES = (".txt", ".docx", ".xlsx")


@dataclass
class Score:
    tasks: int = 0
    found: int = 0
    leads: int = 0
    units: int = 0
    overlap: float = 0.0
    dues: int = 0
    targets: int = 0
    targets_found: int = 0
    invented: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for k in ("tasks", "found", "leads", "units", "dues", "targets", "targets_found"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.overlap += other.overlap
        self.invented += other.invented
        self.misses += other.misses

    def figures(self) -> dict[str, float]:
        t = self.tasks or 1
        return {
            "tasks found": self.found / t,
            "leads right": self.leads / t,
            "unit sets exact": self.units / t,
            "mean unit overlap": self.overlap / t,
            "deadlines right": self.dues / t,
            "targets found": self.targets_found / (self.targets or 1),
        }


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def source_text(path: Path) -> str:
    from plan_cli.core.importing.read import read_source

    s = read_source(path)
    return fold("\n".join(s.lines + ["\t".join(r) for r in s.rows]))


def score(path: Path, expect: dict) -> Score:
    from plan_cli.core.errors import PlanError
    from plan_cli.core.importing import import_file

    sc = Score()
    try:
        draft = import_file(path, "check").plan
    except PlanError as e:  # refused: every task of it is lost
        sc.tasks = len(expect.get("measures") or [])
        sc.targets = sum(len(m.get("targets") or []) for m in expect.get("measures") or [])
        sc.misses.append(f"{path.name}: refused: {e}")
        return sc
    src = source_text(path)
    measures = draft["measures"]
    targets_of: dict[int, list[dict]] = {}
    for t in draft["targets"]:
        targets_of.setdefault(t["measure"], []).append(t)
    for e in expect.get("measures") or []:
        sc.tasks += 1
        phrase = fold(e["find"])
        hit = next(
            (m for m in measures if phrase in fold("".join(m["text"]) + (m.get("title") or ""))),
            None,
        )
        want_targets = e.get("targets") or []
        sc.targets += len(want_targets)
        if hit is None:
            sc.misses.append(f"{path.name}: not found: {e['find']}")
            continue
        sc.found += 1
        leads = [fold(x) for x in hit.get("leads", hit["units"][:1])]
        units = [fold(x) for x in hit["units"]]
        want_leads = [fold(x) for x in e.get("leads") or []]
        want_units = [fold(x) for x in e.get("units") or []]
        if set(leads) == set(want_leads):
            sc.leads += 1
        else:
            sc.misses.append(f"{path.name}: {e['find']}: leads {leads}, expected {want_leads}")
        if set(units) == set(want_units):
            sc.units += 1
        else:
            sc.misses.append(f"{path.name}: {e['find']}: units {units}, expected {want_units}")
        union = set(units) | set(want_units)
        sc.overlap += len(set(units) & set(want_units)) / len(union) if union else 1.0
        want_due = None if e.get("due") is None else str(e["due"])
        if hit.get("due") == want_due:
            sc.dues += 1
        else:
            sc.misses.append(f"{path.name}: {e['find']}: due {hit.get('due')}, expected {want_due}")
        got = {(float(t["value"]), fold(t["unit"] or "")) for t in targets_of.get(hit["id"], [])}
        for t in want_targets:
            if (float(t["value"]), fold(str(t["unit"]))) in got:
                sc.targets_found += 1
            else:
                sc.misses.append(f"{path.name}: {e['find']}: target {t} not found")
    from plan_cli.core.importing.responsibility import is_unit_name

    for unit in draft["units"]:
        name = fold(unit["name"])
        bare = name
        for prefix in ("自治区", "省", "市", "区", "县", "州"):
            if name.startswith(prefix):
                bare = name[len(prefix) :]
                break
        # named in the source as written, or as a bare department name whose prefix the
        # list wrote once (never a prefix pasted onto a name that has one: 省省委网信办);
        # and a unit's name, not a fragment of a sentence (不再列出)
        carried = bare != name and bare in src and not bare.startswith(("省", "市", "自治区"))
        if not (name in src or carried) or not is_unit_name(name):
            sc.invented.append(f"{path.name}: {unit['name']}")
    return sc


def documents(corpus: Path = CORPUS) -> list[tuple[Path, Path]]:
    out = []
    for expect in sorted(corpus.glob("*.expect.yaml")):
        stem = expect.name[: -len(".expect.yaml")]
        found = [corpus / f"{stem}{s}" for s in SUFFIXES if (corpus / f"{stem}{s}").exists()]
        if found:
            out.append((found[0], expect))
    return out


def run(corpus: Path = CORPUS) -> tuple[Score, list[tuple[str, Score]]]:
    import yaml

    total, rows = Score(), []
    for path, expect in documents(corpus):
        sc = score(path, yaml.safe_load(expect.read_text(encoding="utf-8")))
        rows.append((path.name, sc))
        total.add(sc)
    return total, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="another folder of documents and answers"
    )
    args = parser.parse_args(argv)
    total, rows = run(args.corpus)
    shown = args.corpus.relative_to(REPO) if args.corpus.is_relative_to(REPO) else args.corpus
    print(f"# plan import, scored on {len(rows)} documents of {shown}\n")
    print("| document | tasks | found | leads | units exact | due | targets |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, sc in rows:
        print(
            f"| {name} | {sc.tasks} | {sc.found} | {sc.leads} | {sc.units} | {sc.dues} | "
            f"{sc.targets_found}/{sc.targets} |"
        )
    print(f"\n{total.tasks} tasks, {total.targets} targets.\n")
    print("| figure | measured | goal |")
    print("| --- | ---: | ---: |")
    ok = True
    for name, value in total.figures().items():
        goal = GOALS[name]
        ok &= value >= goal
        shown = f"{value:.2f}" if name == "mean unit overlap" else f"{100 * value:.0f}%"
        want = f"{goal:.1f}" if name == "mean unit overlap" else f"{100 * goal:.0f}%"
        print(f"| {name} | {shown} | ≥ {want} |")
    print(f"| invented units | {len(total.invented)} | 0 |")
    ok &= not total.invented
    if args.verbose or total.invented:
        for line in total.invented:
            print(f"- invented: {line}")
    if args.verbose:
        for line in total.misses:
            print(f"- {line}")
    print(f"\nOverall: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
